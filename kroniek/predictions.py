"""Checking a predictions file against the gold file before scoring.

A system's output (docs/FORMAT.md section 3) must fit the gold it is scored against, or the scores
would quietly mean something else. :func:`check` refuses, with one
:class:`~kroniek.errors.Problem` per thing wrong (file, document, region, what):

- a document id that is not in the gold, or that occurs twice;
- a gold document without a prediction -- unless ``allow_missing=True``, which scores it as
  a prediction of nothing. Refusing is the default because a dropped document (a crashed
  batch, a truncated file) would otherwise just look like low recall;
- a ``text`` that differs from the gold's; a top-level key other than :data:`KEYS` (a
  misspelled ``entites`` would otherwise score as predicting nothing); a line with only
  an ``id`` is a valid prediction of nothing;
- any value of the wrong JSON type, anywhere (a list where an id belongs, a number for
  a text): one message naming the field, e.g. ``entities[2].start``;
- a label outside the inventory (entity type, mention level, event type, realis, role,
  event relation); ``mention`` and ``realis`` may be left out, since they are not scored;
- offsets that are not integers with ``0 <= start < end <= len(text)``, or a span ``text``
  that differs from ``text[start:end]`` (when the gold has the text);
- an id used twice in a document; an argument, relation end or cluster member naming an
  id the document does not have; a cluster with fewer than two members, mixing entities
  and events, or sharing a member -- by id or by offsets -- with another cluster (the
  CoNLL-2012 scorer keeps one copy of such a mention, so the scores would differ).

The gold file is checked by the same rules (gold documents need no particular ids).

>>> gold = [{"id": "d1", "text": "IS verloor Mosul.", "entities": []}]
>>> check(gold, [{"id": "d1", "entities": [
...     {"id": "e1", "start": 11, "end": 16, "text": "Mosul", "type": "CITY"}]}], file="p.jsonl")
Traceback (most recent call last):
...
kroniek.errors.KroniekError: p.jsonl: document d1: region e1: entities[0].type: unknown entity type 'CITY'
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .documents import Document
from .errors import KroniekError, Problem
from .jsonlines import JsonLines, shown
from .schema import (ARGUMENT_ROLES, ENTITY_TYPES, EVENT_RELATIONS, EVENT_TYPES, MENTION_LEVELS,
                     REALIS)

LISTS = ("entities", "events", "relations", "clusters")
KEYS = ("id", "text", "language", "origin", *LISTS)
"""The top-level keys of a document; any other key in a prediction line is refused."""
ENTITY_KEYS = ("id", "start", "end", "text", "type", "mention")
EVENT_KEYS = ("id", "start", "end", "text", "type", "realis", "arguments")
ARGUMENT_KEYS = ("entity_id", "role")
RELATION_KEYS = ("id", "head", "tail", "type")
CLUSTER_KEYS = ("id", "members")
"""The keys of each nested object; any other, at any depth, is refused naming the closest."""
_ENTITY_KEYS, _EVENT_KEYS = frozenset(ENTITY_KEYS), frozenset(EVENT_KEYS)
_ENTITY_TYPES, _MENTION_LEVELS = frozenset(ENTITY_TYPES), frozenset(MENTION_LEVELS)
_EVENT_TYPES, _REALIS = frozenset(EVENT_TYPES), frozenset(REALIS)
MAX_OFFSET = 2 ** 31 - 1  # offsets are int32 in the dataset; also bounds arrays' keys


def _is_int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


_shown = shown


def unknown_keys(item: dict, known: Sequence[str], where: str, what: str) -> list[str]:
    """A message per key of ``item`` not in ``known``, naming the closest known key.

    >>> unknown_keys({"entity_id": "e1", "rol": "AGENT"}, ARGUMENT_KEYS, "events[0].arguments[0]", "an argument")
    ["events[0].arguments[0].rol: unknown key; did you mean 'role'? (an argument has entity_id, role)"]
    """
    import difflib

    messages = []
    for key in item:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.0)[0]
            field = f"{where}.{key}" if where and isinstance(key, str) else f"field {shown(key)}"
            messages.append(f"{field}: unknown key; did you mean {close!r}? ({what} has "
                            f"{', '.join(known)})")
    return messages


def key_problems(doc: Document) -> list[tuple[str | None, str]]:
    """Unknown top-level keys of a prediction line, each naming the closest known key.

    A misspelled list (``entites``) would otherwise be read as predicting nothing, a
    silent zero. A line with only an ``id`` stays valid: it predicts nothing, on purpose.
    Keys inside the lists are checked by :func:`document_problems`.
    """
    return [(None, m) for m in unknown_keys(doc, KEYS, "", "a document")]


def document_problems(doc: Document, *, text: str | None = None) -> list[tuple[str | None, str]]:
    """What is wrong with one document, as ``(region id or None, message)`` pairs.

    ``text`` is the gold text the offsets refer to (``doc["text"]`` when not given). Any
    JSON value in any field gives a message naming the field (``entities[2].start``),
    never an exception: values are looked at by type before they are hashed, compared or
    printed.
    """
    problems: list[tuple[str | None, str]] = []
    if text is None:
        text = doc.get("text")
        if text is not None and not isinstance(text, str):
            problems.append((None, f"field text: must be a string, is {_shown(text)}"))
            text = None
    elif doc.get("text") is not None and not isinstance(doc.get("text"), str):
        problems.append((None, f"field text: must be a string, is {_shown(doc.get('text'))}"))
    if doc.get("language") is not None and not isinstance(doc.get("language"), str):
        problems.append((None, f"field language: must be a string, is "
                               f"{_shown(doc.get('language'))}"))
    for field in LISTS:
        if not isinstance(doc.get(field, []), list):
            problems.append((None, f"field {field}: must be a list, is {_shown(doc.get(field))}"))
    if problems:
        return problems
    seen: dict[str, str] = {}
    kinds: dict[str, str] = {}
    spans: dict[str, tuple[int, int]] = {}
    limit = MAX_OFFSET if text is None else len(text)

    def new_id(item, where: str, kind: str) -> str | None:
        if not isinstance(item, dict):
            problems.append((None, f"{where}: must be an object, is {_shown(item)}"))
            return None
        ident = item.get("id")
        if not isinstance(ident, str) or not ident:
            problems.append((None, f"{where}.id: must be a non-empty string, is {_shown(ident)}"))
            return None
        if ident in seen:
            problems.append((ident, f"{where}.id: id used twice (in {seen[ident]} and {kind})"))
        seen[ident] = kind
        return ident

    def span(item, ident: str, where: str) -> bool:
        start, end = item.get("start"), item.get("end")
        if not (_is_int(start) and _is_int(end)):
            bad = "start" if not _is_int(start) else "end"
            problems.append((ident, f"{where}.{bad}: start and end must be integers, {bad} is "
                                    f"{_shown(item.get(bad))}"))
        elif not 0 <= start < end <= limit:
            length = f" (text length {len(text)})" if text is not None else ""
            problems.append((ident, f"{where}.start: offsets {start}-{end} are not a span of "
                                    f"the text{length}"))
        elif "text" in item and text is not None and item["text"] != text[start:end]:
            problems.append((ident, f"{where}.text: {_shown(item['text'])} differs from the "
                                    f"text at {start}-{end}, {text[start:end]!r}"))
        elif "text" in item and not isinstance(item["text"], str):
            problems.append((ident, f"{where}.text: must be a string, is {_shown(item['text'])}"))
        else:
            spans[ident] = (start, end)
            return True
        return False

    def label(item, ident: str, field: str, inventory, what: str, where: str,
              optional=False) -> None:
        value = item.get(field)
        if value is None and optional:
            return
        if not isinstance(value, str) or value not in inventory:
            problems.append((ident, f"{where}.{field}: unknown {what} {_shown(value)}"))

    def fits(item, inventory: frozenset, extra: str, extras: frozenset, keys: frozenset
             ) -> str | None:
        """The id of an item that passes every check, by the shortest way; else None."""
        if type(item) is not dict or not item.keys() <= keys:
            return None
        ident, start, end = item.get("id"), item.get("start"), item.get("end")
        kind, other = item.get("type"), item.get(extra)
        if not (type(ident) is str and ident and ident not in seen and type(start) is int
                and type(end) is int and 0 <= start < end <= limit and type(kind) is str
                and kind in inventory and (other is None or type(other) is str
                                           and other in extras)):
            return None
        if "text" in item:
            given = item["text"]
            if type(given) is not str or text is not None and given != text[start:end]:
                return None
        spans[ident] = (start, end)
        return ident

    for i, ent in enumerate(doc.get("entities", [])):
        ident = fits(ent, _ENTITY_TYPES, "mention", _MENTION_LEVELS, _ENTITY_KEYS)
        if ident is not None:
            seen[ident] = "entities"
            kinds[ident] = "entity"
            continue
        where = f"entities[{i}]"
        ident = new_id(ent, where, "entities")
        if ident is not None:
            problems += [(ident, m) for m in unknown_keys(ent, ENTITY_KEYS, where, "an entity")]
            kinds[ident] = "entity"
            span(ent, ident, where)
            label(ent, ident, "type", ENTITY_TYPES, "entity type", where)
            label(ent, ident, "mention", MENTION_LEVELS, "mention level", where, optional=True)
    events = []
    for i, ev in enumerate(doc.get("events", [])):
        where = f"events[{i}]"
        ident = fits(ev, _EVENT_TYPES, "realis", _REALIS, _EVENT_KEYS)
        if ident is not None:
            seen[ident] = "events"
            kinds[ident] = "event"
            events.append((ident, ev, where))
            continue
        ident = new_id(ev, where, "events")
        if ident is not None:
            problems += [(ident, m) for m in unknown_keys(ev, EVENT_KEYS, where, "an event")]
            kinds[ident] = "event"
            events.append((ident, ev, where))
            span(ev, ident, where)
            label(ev, ident, "type", EVENT_TYPES, "event type", where)
            label(ev, ident, "realis", REALIS, "realis", where, optional=True)
    for ident, ev, where in events:
        arguments = ev.get("arguments", [])
        if not isinstance(arguments, list):
            problems.append((ident, f"{where}.arguments: must be a list, is {_shown(arguments)}"))
            continue
        for j, arg in enumerate(arguments):
            at = f"{where}.arguments[{j}]"
            if not isinstance(arg, dict):
                problems.append((ident, f"{at}: must be an object, is {_shown(arg)}"))
                continue
            odd = unknown_keys(arg, ARGUMENT_KEYS, at, "an argument")
            if odd:
                problems += [(ident, m) for m in odd]
                continue
            target = arg.get("entity_id")
            if not isinstance(target, str) or kinds.get(target) != "entity":
                problems.append((ident, f"{at}.entity_id: {_shown(target)} is not an entity of "
                                        f"the document"))
            else:
                label(arg, ident, "role", ARGUMENT_ROLES, "argument role", at)
    for i, rel in enumerate(doc.get("relations", [])):
        where = f"relations[{i}]"
        ident = new_id(rel, where, "relations")
        if ident is not None:
            odd = unknown_keys(rel, RELATION_KEYS, where, "a relation")
            if odd:
                problems += [(ident, m) for m in odd]
                continue
            if isinstance(rel.get("head"), str) and rel.get("head") == rel.get("tail"):
                problems.append((ident, f"{where}.tail: head and tail are the same event "
                                        f"{_shown(rel['head'])}; a relation links two events"))
            for end in ("head", "tail"):
                value = rel.get(end)
                if not isinstance(value, str) or kinds.get(value) != "event":
                    problems.append((ident, f"{where}.{end}: {end} {_shown(value)} is not an "
                                            f"event of the document"))
            label(rel, ident, "type", EVENT_RELATIONS, "event relation", where)
    member_of: dict[str, str] = {}
    mention_of: dict[tuple, tuple[str, str]] = {}
    for i, cluster in enumerate(doc.get("clusters", [])):
        where = f"clusters[{i}]"
        ident = new_id(cluster, where, "clusters")
        if ident is None:
            continue
        odd = unknown_keys(cluster, CLUSTER_KEYS, where, "a cluster")
        if odd:
            problems += [(ident, m) for m in odd]
            continue
        members = cluster.get("members")
        if not isinstance(members, list):
            problems.append((ident, f"{where}.members: must be a list of two or more ids, is "
                                    f"{_shown(members)}"))
            continue
        odd = [m for m in members if not isinstance(m, str)]
        if odd:
            problems.append((ident, f"{where}.members: must be ids (strings), one is "
                                    f"{_shown(odd[0])}"))
            continue
        if len(set(members)) < 2:
            problems.append((ident, f"{where}.members: a cluster needs two or more members"))
            continue
        missing = [m for m in members if kinds.get(m) not in ("entity", "event")]
        if missing:
            problems.append((ident, f"{where}.members: member {_shown(missing[0])} is not an "
                                    f"entity or event of the document"))
            continue
        if len({kinds[m] for m in members}) > 1:
            problems.append((ident, f"{where}.members: a cluster mixes entities and events"))
        for m in members:
            if m in member_of and member_of[m] != ident:
                problems.append((ident, f"{where}.members: member {m!r} is also in cluster "
                                        f"{member_of[m]}"))
                continue
            member_of[m] = ident
            if m not in spans:
                continue
            mention = (kinds[m], *spans[m])
            other = mention_of.setdefault(mention, (ident, m))
            if other[0] != ident:
                problems.append((ident, f"{where}.members: member {m!r} has the offsets "
                                        f"{spans[m][0]}-{spans[m][1]} of {other[1]!r}, which "
                                        f"is in cluster {other[0]}: one mention cannot be in "
                                        f"two clusters"))
    return problems


def gold_problems(doc: Document, *, file: str | None = None, line: int | None = None
                  ) -> list[Problem]:
    """The problems of one gold document (its own text, if any, is what offsets count in):
    those of any document, and entities that overlap (gold entities are flat,
    docs/FORMAT.md section 1)."""
    problems = document_problems(doc)
    if not problems:
        problems = overlap_problems(doc)
    return [Problem(m, file=file, document=doc["id"], region=r, line=line)
            for r, m in problems]


def overlap_problems(doc: Document) -> list[tuple[str | None, str]]:
    """Entities of a (checked) document that overlap one another."""
    spans = sorted((e["start"], e["end"], i, e["id"]) for i, e in enumerate(doc.get("entities") or ()))
    for (s1, e1, i1, id1), (s2, e2, i2, id2) in zip(spans, spans[1:]):
        if s2 < e1:
            return [(id2, f"entities[{i2}]: {id2!r} ({s2}-{e2}) overlaps {id1!r} ({s1}-{e1}); "
                          "gold entities are flat, none may overlap another")]
    return []


def prediction_problems(doc: Document, gold: Document, *, file: str | None = None,
                        line: int | None = None) -> list[Problem]:
    """The problems of one predicted document against its gold document."""
    where = {"file": file, "document": doc["id"], "line": line}
    problems = [Problem(m, region=r, **where) for r, m in key_problems(doc)]
    text = gold.get("text")
    text = text if isinstance(text, str) else None
    mine = doc.get("text")
    if text is not None and isinstance(mine, str) and mine != text:
        return problems + [Problem("field text: text differs from the gold document's text", **where)]
    return problems + [Problem(m, region=r, **where)
                       for r, m in document_problems(doc, text=text)]


NOT_IN_GOLD = "document is not in the gold file"
TWICE = "document id occurs twice"
MISSING = ("gold document has no prediction (allow missing documents to score them as "
           "empty)")


def check(gold: Sequence[Document], pred: Sequence[Document], *, file: str | None = None,
          gold_file: str | None = None, allow_missing: bool = False) -> None:
    """Raise :class:`KroniekError` listing every way ``pred`` does not fit ``gold``.

    The lists' version of the checks :mod:`kroniek.pairs` makes while streaming files.
    """
    problems: list[Problem] = []
    gold_by_id: dict[str, Document] = {}
    for doc in gold:
        if doc["id"] in gold_by_id:
            problems.append(Problem(TWICE, file=gold_file, document=doc["id"]))
        gold_by_id[doc["id"]] = doc
        problems += gold_problems(doc, file=gold_file)
    if problems:
        raise KroniekError(problems)
    seen: set[str] = set()
    for doc in pred:
        ident = doc["id"]
        if ident in seen:
            problems.append(Problem(TWICE, file=file, document=ident))
            continue
        seen.add(ident)
        if ident not in gold_by_id:
            problems.append(Problem(NOT_IN_GOLD, file=file, document=ident))
            continue
        problems += prediction_problems(doc, gold_by_id[ident], file=file)
    if not allow_missing:
        problems += [Problem(MISSING, file=file, document=ident)
                     for ident in gold_by_id if ident not in seen]
    if problems:
        raise KroniekError(problems)


def read_checked(gold_path: str | Path, pred_path: str | Path, *, allow_missing: bool = False
                 ) -> tuple[list[Document], list[Document]]:
    """Gold and predicted documents from JSON Lines files, checked with :func:`check`
    (read as ``kroniek score`` reads them: a byte-order mark skipped, faults named by line
    and absolute byte offset). For files larger than memory use :mod:`kroniek.pairs`."""
    gold = [line.doc for line in JsonLines(gold_path)]
    pred = [line.doc for line in JsonLines(pred_path)]
    check(gold, pred, file=str(pred_path), gold_file=str(gold_path), allow_missing=allow_missing)
    return gold, pred
