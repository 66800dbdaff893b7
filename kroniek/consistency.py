"""One rule set for all gold: find where annotations of the same thing differ.

:func:`findings` reads gold documents (of every split) and returns one :class:`Finding`
per *case*, with how often it occurs and where:

* ``surface``: the same surface form labelled differently (entity type, mention level,
  trigger or entity, marked or left unmarked);
* ``lemma``: triggers of one lemma (a crude Dutch stem) with different event types;
* ``trigger``: a trigger whose type a rule of the guidelines decides (``inval`` is never
  MOVEMENT, 9.9; a killing without a doer is OTHER, 8.3; arrests are OTHER, ...);
* ``mention``: a mention level or span extent that a rule decides (NORP is NAM, a weekday
  makes TIME NAM, no determiners in a span, PRO only for pronouns);
* ``cluster``: a coreference cluster that mixes types, or links NORP/TIME mentions;
* ``argument``: a role outside the table of section 3.1, or a filler of the wrong kind
  (TIME only for TIME mentions, no weapon as AGENT, 8.4), or in another sentence (3.2.1);
* ``relation``: a relation between two members of one cluster (section 5);
* ``density``: a document whose relations per event lie far from its split's median;
* ``exonym``: a place name spelled the English way where Dutch has its own (Soedan).

The rules themselves are data in :mod:`kroniek.rulebook`. Each finding names the rule that
decides it (``rule``) and is a *breach* (the gold
contradicts a rule) or a *variation* (the gold differs and no rule decides, or it may be
right in context: to be read, not failed on). ``kroniek consistency`` prints them and
exits 1 on any breach; a test in ``make test`` runs it on the committed dataset.

>>> doc = {"id": "d", "text": "De inval in Gent.", "entities": [], "relations": [],
...        "clusters": [], "events": [{"id": "v1", "start": 3, "end": 8, "text": "inval",
...        "type": "MOVEMENT", "realis": "ACTUAL", "arguments": []}]}
>>> [(f.kind, f.rule, f.breach) for f in findings([doc], splits={"d": "train"})]
[('trigger', '9.9', True)]
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from .documents import Document
from .rulebook import (CALENDAR, DETERMINERS, EXONYM_PATTERN, EXONYMS, ONLY_PRONOUNS,
                       PLACES, PRONOUNS, ROLES, TRIGGER_RULES, deciding, lemma)
from .tokens import sentences_many


@dataclass
class Finding:
    """One case: what differs, the rule that decides it, and where it occurs."""

    kind: str
    rule: str | None
    breach: bool
    what: str
    where: list[tuple[str, str]] = field(default_factory=list)   # (split, "doc: detail")

    @property
    def count(self) -> int:
        return len(self.where)

    def line(self) -> str:
        """``BREACH 9.9 trigger x2: ... [train 108_x: ...; ...]``"""
        places = "; ".join(w for _, w in self.where[:4]) + ("; ..." if self.count > 4 else "")
        return (f"{'BREACH' if self.breach else 'variation'} {self.rule or '-'} {self.kind} "
                f"x{self.count}: {self.what} [{places}]")

    def as_json(self) -> dict:
        return {"kind": self.kind, "rule": self.rule, "breach": self.breach, "what": self.what,
                "count": self.count, "where": [{"split": s, "at": w} for s, w in self.where]}


# --- the checks --------------------------------------------------------------------------

class _Cases:
    """Findings keyed by case, so that each case is one line with a count."""

    def __init__(self) -> None:
        self.cases: dict[tuple, Finding] = {}

    def add(self, kind: str, rule: str | None, breach: bool, what: str, split: str,
            at: str) -> None:
        key = (kind, rule, breach, what)
        if key not in self.cases:
            self.cases[key] = Finding(kind, rule, breach, what)
        self.cases[key].where.append((split, at))


def _label(span: dict) -> str:
    return f"{span['type']}/{span.get('mention') or span.get('realis')}"


def _snippet(text: str, start: int, end: int, width: int = 25) -> str:
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"...{left}[{text[start:end]}]{right}..."


def _sentence_of(sents, offset: int) -> int:
    for n, sent in enumerate(sents):
        if sent.start <= offset < sent.end:
            return n
    return -1


def _mentions(doc: Document, cases: _Cases, split: str) -> None:
    for ent in doc["entities"]:
        words, at = ent["text"], f"{doc['id']}: {ent['text']!r} {_label(ent)}"
        first = words.split()[0].lower() if words.split() else ""
        if ent["type"] == "NORP" and ent["mention"] != "NAM":
            cases.add("mention", "1.2", True, "a NORP word is NAM", split, at)
        if ent["type"] == "TIME" and ent["mention"] == "PRO":
            cases.add("mention", "1.2", True, "a TIME expression is NAM or NOM", split, at)
        if ent["type"] == "TIME" and ent["mention"] in ("NAM", "NOM"):
            calendar = bool(CALENDAR.search(words))
            if calendar != (ent["mention"] == "NAM"):
                cases.add("mention", "1.2", True, "TIME is NAM exactly when it holds a weekday, "
                          "month or feast name", split, at)
        if ent["mention"] == "PRO" and words.lower() not in PRONOUNS:
            cases.add("mention", "1.2", True, "PRO only for a personal or possessive pronoun",
                      split, at)
        if ent["mention"] != "PRO" and words.lower() in ONLY_PRONOUNS:
            cases.add("mention", "1.2", True, "a pronoun is PRO", split, at)
        if ent["type"] != "TIME" and first in DETERMINERS and len(words.split()) > 1 \
                and ent["mention"] == "NOM":
            cases.add("mention", "0", True, "no determiner inside a span (only TIME keeps it, "
                      "8.1)", split, at)
    for ev in doc["events"]:
        first = ev["text"].split()[0].lower() if ev["text"].split() else ""
        if first in DETERMINERS - {"zijn"} and len(ev["text"].split()) > 1:
            cases.add("mention", "0", True, "no determiner inside a trigger", split,
                      f"{doc['id']}: {ev['text']!r}")


def _triggers(doc: Document, cases: _Cases, split: str) -> None:
    for ev in doc["events"]:
        words = ev["text"].lower()
        has_agent = any(a["role"] == "AGENT" for a in ev["arguments"])
        for rule in TRIGGER_RULES:
            if not rule.pattern.match(words) or ev["type"] in rule.allowed:
                continue
            if rule.without_agent and has_agent:
                continue
            cases.add("trigger", rule.rule, True, f"{rule.says} (here {ev['type']})", split,
                      f"{doc['id']}: {_snippet(doc['text'], ev['start'], ev['end'])}")


def _arguments(doc: Document, sents, cases: _Cases, split: str) -> None:
    entities = {e["id"]: e for e in doc["entities"]}
    for ev in doc["events"]:
        seen: Counter = Counter()
        for arg in ev["arguments"]:
            ent = entities.get(arg["entity_id"])
            if ent is None:
                continue
            role, kind = arg["role"], ent["type"]
            at = f"{doc['id']}: {ev['text']!r} -{role}-> {ent['text']!r} ({kind})"
            seen[ent["id"]] += 1
            if role not in ROLES[ev["type"]]:
                rule = "9.20" if ev["type"] == "OTHER" else "3.1"
                cases.add("argument", rule, True, f"{ev['type']} has no {role} role", split, at)
            if (role == "TIME") != (kind == "TIME"):
                cases.add("argument", "3.1", True, "TIME is filled by a TIME mention, and a TIME "
                          "mention fills only TIME", split, at)
            if role == "PLACE" and kind not in PLACES | {"TIME"}:
                cases.add("argument", "3.1", True, f"PLACE is a place, not {kind}", split, at)
            if role == "AGENT" and kind == "WEA":
                cases.add("argument", "8.4", True, "no instrument role: a weapon is never AGENT",
                          split, at)
            if role == "AGENT" and kind == "VEH" and ev["type"] != "MOVEMENT":
                cases.add("argument", "8.4", True, "a vehicle is AGENT only of its own MOVEMENT",
                          split, at)
            if role == "SOURCE" and ev["type"] == "ATTACK" and kind not in ("FAC", "GPE", "LOC"):
                cases.add("argument", "9.15", True, "SOURCE of an ATTACK is a place", split, at)
            if _sentence_of(sents, ev["start"]) != _sentence_of(sents, ent["start"]):
                cases.add("argument", "3.2.1", True, "an argument is in the trigger's sentence",
                          split, at)
        for ent_id, n in seen.items():
            if n > 1:
                cases.add("argument", "3.2.6", True, "one entity fills one role per event",
                          split, f"{doc['id']}: {ev['text']!r} {entities[ent_id]['text']!r}")


def _clusters(doc: Document, cases: _Cases, split: str) -> None:
    spans = {s["id"]: s for s in doc["entities"] + doc["events"]}
    member_of = {}
    for cluster in doc["clusters"]:
        members = [spans[m] for m in cluster["members"] if m in spans]
        for m in cluster["members"]:
            member_of[m] = cluster["id"]
        types = sorted({m["type"] for m in members})
        texts = ", ".join(repr(m["text"]) for m in members[:5])
        at = f"{doc['id']}: {{{texts}{', ...' if len(members) > 5 else ''}}} {'/'.join(types)}"
        if len(types) > 1:
            cases.add("cluster", "4", True, "a cluster has one type", split, at)
        if any(t in ("NORP", "TIME") for t in types):
            cases.add("cluster", "4", True, "NORP and TIME mentions are never linked", split, at)
        realis = {m.get("realis") for m in members if "realis" in m}
        if len(realis) > 1:
            cases.add("cluster", None, False, "a cluster of events mixes ACTUAL and OTHER", split,
                      at)
    for rel in doc["relations"]:
        if rel["head"] in member_of and member_of.get(rel["head"]) == member_of.get(rel["tail"]):
            cases.add("relation", "5", True, "no relation between two members of one cluster",
                      split, f"{doc['id']}: {spans[rel['head']]['text']!r} -{rel['type']}-> "
                      f"{spans[rel['tail']]['text']!r}")


def _exonyms(doc: Document, cases: _Cases, split: str) -> None:
    """English spellings of places; a name of an organisation, facility or vehicle keeps
    its own spelling (``taakgroep MCM Black Sea``)."""
    names = [(e["start"], e["end"]) for e in doc["entities"]
             if e["mention"] == "NAM" and e["type"] in ("ORG", "FAC", "VEH", "WEA")]
    for match in EXONYM_PATTERN.finditer(doc["text"]):
        word = match.group(1)
        if any(s <= match.start() and match.end() <= e for s, e in names):
            continue
        cases.add("exonym", "spelling", True, f"Dutch spells {word!r} as {EXONYMS[word]!r}", split,
                  f"{doc['id']}: {_snippet(doc['text'], match.start(), match.end())}")


_WORD = re.compile(r"[\w'-]+|[^\w\s]")


def _covered(doc: Document) -> list[tuple[int, int]]:
    return sorted((s["start"], s["end"]) for s in doc["entities"] + doc["events"])


def _surfaces(docs: list[Document], splits: Mapping[str, str], cases: _Cases) -> None:
    """Same form, different labels (variations: context may decide)."""
    labels: dict[str, Counter] = defaultdict(Counter)
    places: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for doc in docs:
        for kind, items in (("entity", doc["entities"]), ("trigger", doc["events"])):
            for span in items:
                form = span["text"].lower()
                sig = f"{kind} {span['type']}" + (f"/{span['mention']}" if kind == "entity" else "")
                labels[form][sig] += 1
                places[(form, sig)].append((splits.get(doc["id"], "?"), doc["id"]))
    forms = {tuple(_WORD.findall(form)): form for form in labels if len(form) >= 4}
    longest = max(map(len, forms), default=0)
    for doc in docs:   # unmarked occurrences of forms marked elsewhere
        covered = _covered(doc)
        words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(doc["text"].lower())]
        for i in range(len(words)):
            for n in range(1, min(longest, len(words) - i) + 1):
                form = forms.get(tuple(w for w, _, _ in words[i:i + n]))
                if form is None:
                    continue
                start, end = words[i][1], words[i + n - 1][2]
                if not any(s < end and start < e for s, e in covered):
                    labels[form]["unmarked"] += 1
                    places[(form, "unmarked")].append((splits.get(doc["id"], "?"), doc["id"]))
    for form, sigs in sorted(labels.items()):
        if len(sigs) < 2:
            continue
        what = f"{form!r}: " + ", ".join(f"{s} x{n}" for s, n in sigs.most_common())
        rule = deciding(form)
        for sig in sigs:
            for split, doc_id in places[(form, sig)]:
                cases.add("surface", rule, False, what, split, f"{doc_id}: {sig}")


def _lemmas(docs: list[Document], splits: Mapping[str, str], cases: _Cases) -> None:
    """Triggers of one lemma with different event types (variations)."""
    types: dict[str, Counter] = defaultdict(Counter)
    where: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for doc in docs:
        for ev in doc["events"]:
            key = lemma(ev["text"])
            types[key][ev["type"]] += 1
            where[key].append((splits.get(doc["id"], "?"), f"{doc['id']}: {ev['text']!r} {ev['type']}"))
    for key, counts in sorted(types.items()):
        if len(counts) > 1:
            what = f"lemma {key!r}: " + ", ".join(f"{t} x{n}" for t, n in counts.most_common())
            forms = {at.split("'")[1].lower() for _, at in where[key]}
            rule = next((r for r in map(deciding, sorted(forms)) if r), None)
            for split, at in where[key]:
                cases.add("lemma", rule, False, what, split, at)


def density(docs: Iterable[Document]) -> dict[str, float]:
    """Relations per document and per event, and the share of BEFORE, of some documents."""
    docs = list(docs)
    rels = sum(len(d["relations"]) for d in docs)
    events = sum(len(d["events"]) for d in docs)
    before = sum(r["type"] == "BEFORE" for d in docs for r in d["relations"])
    return {"documents": len(docs), "relations": rels,
            "per_document": rels / len(docs) if docs else 0.0,
            "per_event": rels / events if events else 0.0,
            "before_share": before / rels if rels else 0.0}


def _densities(docs: list[Document], splits: Mapping[str, str], cases: _Cases) -> None:
    """Documents whose relations per event are under half or over twice the corpus median."""
    rates = {d["id"]: len(d["relations"]) / len(d["events"]) for d in docs if d["events"]}
    if len(rates) < 3:
        return
    median = statistics.median(rates.values())
    for doc_id, rate in sorted(rates.items()):
        if median and not 0.5 * median <= rate <= 2 * median:
            side = "few" if rate < median else "many"
            cases.add("density", None, False, f"{side} relations per event (corpus median "
                      f"{median:.2f})", splits.get(doc_id, "?"), f"{doc_id}: {rate:.2f}")


def findings(documents: Iterable[Document], *, splits: Mapping[str, str]) -> list[Finding]:
    """Every case in ``documents`` (``splits`` maps a document id to its split name),
    breaches first, then by kind and count."""
    docs = list(documents)
    cases = _Cases()
    all_sents = sentences_many([d["text"] for d in docs])
    for doc, sents in zip(docs, all_sents):
        split = splits.get(doc["id"], "?")
        _mentions(doc, cases, split)
        _triggers(doc, cases, split)
        _arguments(doc, sents, cases, split)
        _clusters(doc, cases, split)
        _exonyms(doc, cases, split)
    _surfaces(docs, splits, cases)
    _lemmas(docs, splits, cases)
    _densities(docs, splits, cases)
    return sorted(cases.cases.values(), key=lambda f: (not f.breach, f.kind, -f.count, f.what))


def breaches_per_split(found: Iterable[Finding]) -> Counter:
    """How many breach occurrences each split has."""
    return Counter(split for f in found if f.breach for split, _ in f.where)
