"""``rules.v1``: lexicon.v1 plus event relations from connectives and coreference from
string matches.

Event relations (head, tail, type), read "head TYPE tail" (``BEFORE``: the head
happened first; ``CONTAINS``: the tail happened during the head):

- a subordinating connective between two triggers of one sentence: ``nadat`` (the
  event after it is BEFORE the other), ``voordat`` and ``waarna`` (the other is
  BEFORE it), ``toen``, ``terwijl`` and ``zodra`` (OVERLAP), ``omdat`` and
  ``doordat`` (it is the CAUSE of the other), ``waardoor`` (the other is its CAUSE).
  The other trigger is the nearest one before the connective, or, when the
  connective opens the sentence, the first one after the subordinate clause;
- a preposition right before a nominal trigger (determiners and adjectives may come
  between): ``na`` (it is BEFORE the nearest other trigger of the sentence),
  ``voor`` (after it), ``bij`` and ``tijdens`` (it CONTAINS the other);
- a sentence that opens with ``Daarna``, ``Vervolgens``, ``Daarop`` or ``Later``: the
  last trigger of the sentence before is BEFORE its first trigger; ``Eerder`` or
  ``Daarvoor``: the other way round.

Coreference: named entities (not TIME or NORP) with the same case-folded text form a
cluster, joined with their acronym when the text gives it in parentheses right after
the name ("Islamitische Staat (IS)") or when it is the name's initials ("Verenigde
Staten" / "VS"). Triggers with the same lemma and type form a cluster, except that a
trigger does not join one whose PATIENT, PLACE or DESTINATION has a different text
(the "herovering" of Mosul is not the "herovering" of Raqqa).

>>> doc = {"id": "d", "text": "Islamitische Staat (IS) verloor Mosul. IS vluchtte."}
>>> out = Rules().predict([doc])[0]
>>> [[m.split(":")[1] for m in c["members"]] for c in out["clusters"]]
[['p-e1', 'p-e2', 'p-e4']]
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from kroniek.documents import Document

from ._spans import build
from kroniek.system import System
from .lexicon import Analysis, analyse
from kroniek.system import register

SUBORDINATORS = {"nadat": "after", "voordat": "before", "waarna": "before",
                 "toen": "OVERLAP", "terwijl": "OVERLAP", "zodra": "OVERLAP",
                 "omdat": "cause", "doordat": "cause", "waardoor": "caused"}
PREPOSITIONS = {"na": "after", "voor": "before", "bij": "contains", "tijdens": "contains"}
NEXT_SENTENCE = {"daarna": "before", "vervolgens": "before", "daarop": "before",
                 "later": "before", "eerder": "after", "daarvoor": "after"}
SKIPPABLE = ("de", "het", "een", "deze", "die", "dit", "dat", "hun", "haar", "zijn")
CLUSTERED_TYPES = ("PER", "ORG", "GPE", "LOC", "FAC", "VEH", "WEA")
DISTINGUISHING_ROLES = ("PATIENT", "PLACE", "DESTINATION")
OPENING = re.compile(r"\s*\(")
CLOSING = re.compile(r"\s*\)")


def _relation(kind: str, connective_event: int, other: int) -> tuple[int, int, str]:
    """The relation for a connective that introduces ``connective_event``."""
    if kind == "after":
        return connective_event, other, "BEFORE"
    if kind == "before":
        return other, connective_event, "BEFORE"
    if kind == "contains":
        return connective_event, other, "CONTAINS"
    if kind == "cause":
        return connective_event, other, "CAUSE"
    if kind == "caused":
        return other, connective_event, "CAUSE"
    return other, connective_event, kind


def event_relations(analysis: Analysis) -> list[tuple[int, int, str]]:
    """(head event, tail event, type) from connectives; events by position."""
    toks = analysis.tokens
    relations = []
    per_sentence: dict[int, list[tuple[int, int]]] = {}   # sentence -> [(token, event)]
    for ev, span in enumerate(analysis.events):
        sent = toks.sentences[analysis.sentence[ev]]
        first = next(i for i, (s, _) in enumerate(sent.tokens) if s == span.start)
        per_sentence.setdefault(analysis.sentence[ev], []).append((first, ev))
    for n, sent in enumerate(toks.sentences):
        events = per_sentence.get(n, [])
        words = [toks.text[s:e].lower() for s, e in sent.tokens]
        for c, word in enumerate(words):
            if word in SUBORDINATORS and events:
                after = [ev for pos, ev in events if pos > c]
                before = [ev for pos, ev in events if pos < c]
                if not after:
                    continue
                if before:
                    other = before[-1]
                else:                    # "Nadat X ..., Y": Y follows the clause's comma
                    comma = next((k for k in range(c, len(words)) if words[k] == ","), None)
                    later = [ev for pos, ev in events if comma is not None and pos > comma]
                    if not later:
                        continue
                    other = later[0]
                if after[0] != other:
                    relations.append(_relation(SUBORDINATORS[word], after[0], other))
            elif word in PREPOSITIONS:
                k = c + 1
                while k < len(words) and k - c <= 3 and words[k] in SKIPPABLE:
                    k += 1
                if k >= len(words):
                    continue
                places = {k, k + 1} if words[k].endswith("e") else {k}  # "de zware aanval"
                hit = [ev for pos, ev in events if pos in places
                       and analysis.lemmas[ev] == words[pos]]        # a nominal trigger
                others = [(abs(pos - c), ev) for pos, ev in events if ev not in hit]
                if hit and others:
                    relations.append(_relation(PREPOSITIONS[word], hit[0], min(others)[1]))
        if n and words and words[0] in NEXT_SENTENCE and events and per_sentence.get(n - 1):
            previous, current = per_sentence[n - 1][-1][1], events[0][1]
            relations.append(_relation(NEXT_SENTENCE[words[0]], current, previous))
    return relations


def acronym(name: str) -> str:
    """Upper-case initials of a multiword name: ``Verenigde Staten`` -> ``VS``."""
    parts = name.replace("-", " ").split()
    return "".join(p[0] for p in parts if p[:1].isupper()).upper() if len(parts) > 1 else ""


def entity_clusters(analysis: Analysis) -> list[list[int]]:
    """Clusters of named entities by normalised text and acronyms; entities by position."""
    text = analysis.tokens.text
    names = [(k, text[s.start:s.end].casefold()) for k, s in enumerate(analysis.entities)
             if s.extra == "NAM" and s.label in CLUSTERED_TYPES]
    parent = {key: key for _, key in names}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    by_position = {analysis.entities[k].start: (k, key) for k, key in names}
    for k, key in names:
        span = analysis.entities[k]
        opening = OPENING.match(text, span.end)              # "Islamitische Staat (IS)"
        inner = by_position.get(opening.end()) if opening else None
        if inner and CLOSING.match(text, analysis.entities[inner[0]].end):
            union(key, inner[1])
        short = acronym(text[span.start:span.end]).casefold()
        if short and short in parent:
            union(key, short)
    groups: dict[str, list[int]] = {}
    for k, key in names:
        groups.setdefault(root(key), []).append(k)
    return [members for members in groups.values() if len(members) > 1]


def event_clusters(analysis: Analysis) -> list[list[int]]:
    """Clusters of triggers with the same lemma and type and no conflicting arguments."""
    text = analysis.tokens.text
    fillers: dict[int, dict[str, str]] = {}
    for ev, ent, role in analysis.arguments:
        if role in DISTINGUISHING_ROLES:
            span = analysis.entities[ent]
            fillers.setdefault(ev, {})[role] = text[span.start:span.end].casefold()
    return clusters_by_key([(analysis.lemmas[ev], span.label)
                            for ev, span in enumerate(analysis.events)], fillers)


def clusters_by_key(keys: Sequence[tuple], fillers: dict[int, dict[str, str]],
                    fits: Callable[[int, list[int]], bool] = lambda item, cluster: True
                    ) -> list[list[int]]:
    """Clusters of items ``0 .. len(keys) - 1``: each joins the first earlier cluster with
    its key whose members' ``fillers`` (role -> text; a later member's first) agree with
    its own and that ``fits(item, cluster)``, else it starts one. Clusters of one are left
    out. Only clusters of the same key are asked, and their fillers are kept merged, so
    a long text takes linear time.

    >>> clusters_by_key([("val", "ATTACK"), ("val", "ATTACK"), ("val", "ATTACK")],
    ...                 {0: {"PLACE": "mosul"}, 2: {"PLACE": "kirkuk"}})
    [[0, 1]]
    """
    clusters: list[list[int]] = []
    by_key: dict[tuple, list[tuple[list[int], dict[str, str]]]] = {}
    for item, key in enumerate(keys):
        mine = fillers.get(item, {})
        for cluster, theirs in by_key.get(key, ()):    # theirs: the members' fillers
            if all(theirs.get(r, v) == v for r, v in mine.items()) and fits(item, cluster):
                cluster.append(item)
                theirs.update(mine)
                break
        else:
            clusters.append([item])
            by_key.setdefault(key, []).append((clusters[-1], dict(mine)))
    return [c for c in clusters if len(c) > 1]


@register
class Rules(System):
    name = "rules"
    version = 1
    tasks = ("entities", "triggers", "arguments", "relations", "coreference")
    caveat = ("its hand lists (organisations, nominal heads, time words, trigger lemmas, connectives) were written "
              "after reading the seed article, which is also the test document: the "
              "score is optimistic, a development score rather than a test score")
    description = ("lexicon.v1 plus event relations from connectives (nadat, na, toen, bij "
                   "...) and coreference from string and acronym matches and trigger lemmas")

    def predict(self, documents: Sequence[Document]) -> list[Document]:
        out = []
        for doc, a in zip(documents, analyse(documents)):
            out.append(build(doc, entities=a.entities, events=a.events, arguments=a.arguments,
                             relations=event_relations(a), entity_clusters=entity_clusters(a),
                             event_clusters=event_clusters(a)))
        return out
