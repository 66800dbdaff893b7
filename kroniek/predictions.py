"""Checking a predictions file against the gold file before scoring.

A system's output (SPEC section 3) must fit the gold it is scored against, or the scores
would quietly mean something else. :func:`check` refuses, with one
:class:`~kroniek.errors.Problem` per thing wrong (file, document, region, what):

- a document id that is not in the gold, or that occurs twice;
- a gold document without a prediction -- unless ``allow_missing=True``, which scores it as
  a prediction of nothing. Refusing is the default because a dropped document (a crashed
  batch, a truncated file) would otherwise just look like low recall;
- a ``text`` that differs from the gold's;
- a label outside the inventory (entity type, mention level, event type, realis, role,
  event relation); ``mention`` and ``realis`` may be left out, since they are not scored;
- offsets that are not integers with ``0 <= start < end <= len(text)``, or a span ``text``
  that differs from ``text[start:end]`` (when the gold has the text);
- an id used twice in a document; an argument, relation end or cluster member naming an
  id the document does not have; a cluster with fewer than two members, mixing entities
  and events, or sharing a member with another cluster.

The gold file is checked by the same rules (gold documents need no particular ids).

>>> gold = [{"id": "d1", "text": "IS verloor Mosul.", "entities": []}]
>>> check(gold, [{"id": "d1", "entities": [
...     {"id": "e1", "start": 11, "end": 16, "text": "Mosul", "type": "CITY"}]}], file="p.jsonl")
Traceback (most recent call last):
...
kroniek.errors.KroniekError: p.jsonl: document d1: region e1: unknown entity type 'CITY'
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .documents import Document, read_jsonl
from .errors import KroniekError, Problem
from .schema import (ARGUMENT_ROLES, ENTITY_TYPES, EVENT_RELATIONS, EVENT_TYPES, MENTION_LEVELS,
                     REALIS)

LISTS = ("entities", "events", "relations", "clusters")


def _is_int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def document_problems(doc: Document, *, text: str | None = None) -> list[tuple[str | None, str]]:
    """What is wrong with one document, as ``(region id or None, message)`` pairs.

    ``text`` is the gold text the offsets refer to (``doc["text"]`` when not given).
    """
    problems: list[tuple[str | None, str]] = []
    text = doc.get("text") if text is None else text
    for field in LISTS:
        if not isinstance(doc.get(field, []), list):
            problems.append((None, f"'{field}' must be a list"))
    if problems:
        return problems
    seen: dict[str, str] = {}
    kinds: dict[str, str] = {}

    def new_id(item, kind: str) -> str | None:
        if not isinstance(item, dict):
            problems.append((None, f"an item of '{kind}' is not an object"))
            return None
        ident = item.get("id")
        if not isinstance(ident, str) or not ident:
            problems.append((None, f"an item of '{kind}' has no string id"))
            return None
        if ident in seen:
            problems.append((ident, f"id used twice (in {seen[ident]} and {kind})"))
        seen[ident] = kind
        return ident

    def span(item, ident: str) -> None:
        start, end = item.get("start"), item.get("end")
        if not (_is_int(start) and _is_int(end)):
            problems.append((ident, "start and end must be integers"))
        elif not 0 <= start < end or (text is not None and end > len(text)):
            limit = f" (text length {len(text)})" if text is not None else ""
            problems.append((ident, f"offsets {start}-{end} are not a span of the text{limit}"))
        elif text is not None and "text" in item and item["text"] != text[start:end]:
            problems.append((ident, f"text {item['text']!r} differs from the text at "
                                    f"{start}-{end}, {text[start:end]!r}"))

    def label(item, ident: str, field: str, inventory, what: str, optional=False) -> None:
        value = item.get(field)
        if value is None and optional:
            return
        if value not in inventory:
            problems.append((ident, f"unknown {what} {value!r}"))

    for ent in doc.get("entities", []):
        ident = new_id(ent, "entities")
        if ident is not None:
            kinds[ident] = "entity"
            span(ent, ident)
            label(ent, ident, "type", ENTITY_TYPES, "entity type")
            label(ent, ident, "mention", MENTION_LEVELS, "mention level", optional=True)
    events = []
    for ev in doc.get("events", []):
        ident = new_id(ev, "events")
        if ident is not None:
            kinds[ident] = "event"
            events.append((ident, ev))
            span(ev, ident)
            label(ev, ident, "type", EVENT_TYPES, "event type")
            label(ev, ident, "realis", REALIS, "realis", optional=True)
    for ident, ev in events:
        arguments = ev.get("arguments", [])
        if not isinstance(arguments, list):
            problems.append((ident, "'arguments' must be a list"))
            continue
        for arg in arguments:
            target = arg.get("entity_id") if isinstance(arg, dict) else None
            if kinds.get(target) != "entity":
                problems.append((ident, f"argument entity_id {target!r} is not an entity of "
                                        f"the document"))
            else:
                label(arg, ident, "role", ARGUMENT_ROLES, "argument role")
    for rel in doc.get("relations", []):
        ident = new_id(rel, "relations")
        if ident is not None:
            for end in ("head", "tail"):
                if kinds.get(rel.get(end)) != "event":
                    problems.append((ident, f"{end} {rel.get(end)!r} is not an event of the "
                                            f"document"))
            label(rel, ident, "type", EVENT_RELATIONS, "event relation")
    member_of: dict[str, str] = {}
    for cluster in doc.get("clusters", []):
        ident = new_id(cluster, "clusters")
        if ident is None:
            continue
        members = cluster.get("members")
        if not isinstance(members, list) or len(set(map(str, members))) < 2:
            problems.append((ident, "a cluster needs a list of two or more members"))
            continue
        missing = [m for m in members if kinds.get(m) not in ("entity", "event")]
        if missing:
            problems.append((ident, f"member {missing[0]!r} is not an entity or event of the "
                                    f"document"))
            continue
        if len({kinds[m] for m in members}) > 1:
            problems.append((ident, "a cluster mixes entities and events"))
        for m in members:
            if m in member_of and member_of[m] != ident:
                problems.append((ident, f"member {m!r} is also in cluster {member_of[m]}"))
            member_of[m] = ident
    return problems


def check(gold: Sequence[Document], pred: Sequence[Document], *, file: str | None = None,
          gold_file: str | None = None, allow_missing: bool = False) -> None:
    """Raise :class:`KroniekError` listing every way ``pred`` does not fit ``gold``."""
    problems: list[Problem] = []
    gold_by_id: dict[str, Document] = {}
    for doc in gold:
        if doc["id"] in gold_by_id:
            problems.append(Problem("document id occurs twice", file=gold_file, document=doc["id"]))
        gold_by_id[doc["id"]] = doc
        problems += [Problem(m, file=gold_file, document=doc["id"], region=r)
                     for r, m in document_problems(doc)]
    if problems:
        raise KroniekError(problems)
    seen: set[str] = set()
    for doc in pred:
        ident = doc["id"]
        where = {"file": file, "document": ident}
        if ident in seen:
            problems.append(Problem("document id occurs twice", **where))
            continue
        seen.add(ident)
        if ident not in gold_by_id:
            problems.append(Problem("document is not in the gold file", **where))
            continue
        text = gold_by_id[ident].get("text")
        if text is not None and doc.get("text") not in (None, text):
            problems.append(Problem("text differs from the gold document's text", **where))
            continue
        problems += [Problem(m, region=r, **where) for r, m in document_problems(doc, text=text)]
    if not allow_missing:
        missing = [ident for ident in gold_by_id if ident not in seen]
        problems += [Problem("gold document has no prediction (allow missing documents to "
                             "score them as empty)", file=file, document=ident)
                     for ident in missing]
    if problems:
        raise KroniekError(problems)


def read_checked(gold_path: str | Path, pred_path: str | Path, *, allow_missing: bool = False
                 ) -> tuple[list[Document], list[Document]]:
    """Gold and predicted documents from JSON Lines files, checked with :func:`check`."""
    gold = read_jsonl(gold_path)
    pred = read_jsonl(pred_path)
    check(gold, pred, file=str(pred_path), gold_file=str(gold_path), allow_missing=allow_missing)
    return gold, pred
