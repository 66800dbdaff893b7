"""Coreference rules of ``rules.v2`` (and ``ensemble.v1``), kept apart from the span rules.

Events: same lemma and type, no conflicting filler for any role, and not two different
named places in their sentences (guidelines 8.6: two evacuations of two towns are two
events). Entities: rules.v1's name and acronym clusters, joined with surnames, same-text
nominals, ``hij``/``hem`` and close appositions, a nominal right before a name of its type
(``de stad Kutum``; :data:`APPOSITION`, train oracle-span CoNLL 0.603 -> 0.706), and
``ze``/``zij`` with the first mention of its type in the sentence before (:data:`ZE`;
0.706 -> 0.716; the nearest instead: 0.718 train, 0.750 against 0.751 validation)
(:func:`entity_clusters2`).
"""

from __future__ import annotations

from ._spans import per_sentence
from .lexicon import Analysis
from .rules import clusters_by_key, entity_clusters

NOMINAL_ANY = True        # (tried: a definite determiner required, lower) join same-text nominals whatever their determiner
APPOSITION = True         # "de stad [Kutum]", "commandant [Pieter Hoogendijk]" (guidelines 4)
ZE = "first"             # "ze": the first mention of its type in the sentence before ("nearest", "" = off)
NOMINAL_TYPES = ("PER", "ORG", "GPE", "LOC", "FAC", "VEH", "WEA")


def event_clusters2(a: Analysis) -> list[list[int]]:
    """Same lemma and type, no conflicting filler, no two different named places."""
    text = a.tokens.text
    fillers: dict[int, dict[str, str]] = {}
    for ev, ent, role in a.arguments:
        span = a.entities[ent]
        fillers.setdefault(ev, {})[role] = text[span.start:span.end].casefold()
    places: dict[int, set[str]] = {}
    for n, spans in enumerate(per_sentence(a.tokens, a.entities)):
        for span in spans:
            if span.extra == "NAM" and span.label in ("GPE", "LOC"):
                places.setdefault(n, set()).add(text[span.start:span.end].casefold())

    def same_places(ev: int, cluster: list[int]) -> bool:
        here, there = (places.get(a.sentence[k], set()) for k in (ev, cluster[0]))
        return not (here and there and not here & there)

    return clusters_by_key([(a.lemmas[ev], span.label) for ev, span in enumerate(a.events)],
                           fillers, same_places)


def entity_clusters2(a: Analysis, *, nominals: bool = True, pronouns: bool = True,
                     surnames: bool = True) -> list[list[int]]:
    """rules.v1's name clusters, joined with: a person's surname alone (``Zelensky`` and
    ``Volodymyr Zelensky``); a nominal with the same text and type as an earlier one
    (``de strijders`` ... ``de strijders``; tried on train and validation: requiring a
    definite determiner scored lower, CoNLL 0.48 against 0.49 on validation); ``hij``/``hem`` with the
    nearest person name before it within two sentences."""
    text = a.tokens.text
    parent = list(range(len(a.entities)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for cluster in entity_clusters(a):
        for k in cluster[1:]:
            parent[root(k)] = root(cluster[0])
    words = [text[s.start:s.end].casefold() for s in a.entities]
    in_sentence = per_sentence(a.tokens, range(len(a.entities)),
                               start=lambda k: a.entities[k].start)
    sentence_of = [0] * len(a.entities)
    for n, members in enumerate(in_sentence):
        for k in members:
            sentence_of[k] = n
    seen_nominal: dict[tuple[str, str], int] = {}
    people: list[int] = []
    by_surname: dict[str, list[int]] = {}
    for k, span in enumerate(a.entities):
        before = text[max(0, span.start - 6):span.start].casefold().split()
        if surnames and span.label == "PER" and span.extra == "NAM":
            last = words[k].split()[-1]
            for m in by_surname.get(last, ()):
                if (" " in words[m]) != (" " in words[k]):
                    parent[root(k)] = root(m)
            people.append(k)
            by_surname.setdefault(last, []).append(k)
        elif nominals and span.extra == "NOM" and span.label in NOMINAL_TYPES:
            key = (words[k], span.label)
            if key in seen_nominal and (NOMINAL_ANY or before and before[-1] in ("de", "het", "deze", "die")):
                parent[root(k)] = root(seen_nominal[key])
            seen_nominal[key] = k
        elif pronouns and span.extra == "PRO" and words[k] in ("hij", "hem"):
            near = next((m for m in reversed(people) if sentence_of[k] - sentence_of[m] <= 2),
                        None)
            if near is not None:
                parent[root(k)] = root(near)
    if ZE:                                  # "de [jihadisten] trokken verder. [Ze] namen"
        for k, span in enumerate(a.entities):
            if span.extra == "PRO" and words[k] in ("ze", "zij") and span.label in NOMINAL_TYPES:
                earlier = in_sentence[sentence_of[k] - 1] if sentence_of[k] else ()
                prev = [m for m in earlier if m < k
                        and a.entities[m].label == span.label and a.entities[m].extra != "PRO"]
                if prev:
                    m = prev[0] if ZE == "first" else prev[-1]
                    parent[root(k)] = root(m)
    if APPOSITION:
        by_start = {s.start: k for k, s in enumerate(a.entities)}
        for k, span in enumerate(a.entities):
            m = by_start.get(span.end + 1)
            if span.extra == "NOM" and span.label in NOMINAL_TYPES and m is not None and \
                    text[span.end] == " " and a.entities[m].extra == "NAM" and \
                    a.entities[m].label == span.label:
                parent[root(k)] = root(m)
    groups: dict[int, list[int]] = {}
    for k in range(len(a.entities)):
        groups.setdefault(root(k), []).append(k)
    return [g for g in groups.values() if len(g) > 1]
