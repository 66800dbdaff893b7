#!/usr/bin/env python
"""Annotation as data: resolve and check a span list written by an annotator.

An annotator writes what they mark as a span list, ``annotations/spans/<doc>.<who>.json``,
naming mentions by their words, in text order, instead of counting characters::

    {
      "document": "101_kharkiv_drones",
      "annotator": "A",
      "entities": [
        ["e1", "Charkiv", "GPE", "NAM"],
        ["e2", "stad", "GPE", "NOM"],
        ["e3", "Charkiv", "GPE", "NAM", "de tweede keer"]
      ],
      "events": [
        ["v1", "aanval", "ATTACK", "ACTUAL", {"PLACE": ["e1"], "TIME": ["e4"]}]
      ],
      "relations": [["v1", "v2", "BEFORE"]],
      "clusters": [["e1", "e2", "e3"]]
    }

Each entity is ``[id, words, type, mention level]`` and each event ``[id, words, type,
realis, {role: [entity ids]}]``. Within ``entities`` (and within ``events``) items stand in
the order of the text: an item is found at the first whole-token occurrence of its words
after the previous item of its list. An optional last string (an *anchor*) moves the search
on to just after the next occurrence of that string first, to skip occurrences on purpose.

``check`` resolves the words to character offsets and refuses, one line each: words not
found, a span that cuts a token or crosses a sentence (spaCy's blank Dutch tokenizer, as the
dataset uses), overlapping entities, a trigger overlapping an entity, unknown labels, and
arguments, relations or clusters that name unknown ids or break the rules of the dataset.
It prints each resolved mention in its context, so the annotator can read it back.
``resolve`` writes the document in the dataset's shape, ready for
``scripts/import_annotation.py``.

    .venv/bin/python scripts/spans.py check annotations/spans/101_kharkiv_drones.A.json
    .venv/bin/python scripts/spans.py resolve annotations/spans/101_kharkiv_drones.A.json -o doc.json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from bisect import bisect_right
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kroniek.predictions import document_problems  # noqa: E402
from kroniek.schema import (ARGUMENT_ROLES, ENTITY_TYPES, EVENT_RELATIONS,  # noqa: E402
                            EVENT_TYPES, MENTION_LEVELS, REALIS)
from kroniek.tokens import sentences  # noqa: E402


class SpanError(Exception):
    """A span list that does not fit its article."""


def _token_index(text: str):
    sents = sentences(text)
    starts, ends, sent_of = set(), set(), {}
    for n, sent in enumerate(sents):
        for start, end in sent.tokens:
            starts.add(start)
            ends.add(end)
            sent_of[start] = n
            sent_of[end] = n
    return sents, starts, ends, sent_of


def _find(text: str, words: str, cursor: int, starts: set, ends: set) -> int:
    """The first whole-token occurrence of ``words`` at or after ``cursor``; -1 if none."""
    for match in re.finditer(re.escape(words), text[cursor:]):
        start = cursor + match.start()
        if start in starts and start + len(words) in ends:
            return start
    return -1


def _context(text: str, start: int, end: int, width: int = 30) -> str:
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"...{left}[{text[start:end]}]{right}..."


def resolve(spec: dict, text: str, *, where: str = "") -> tuple[dict, list[str]]:
    """The dataset-shaped document for a span list, and its resolved mentions for reading."""
    doc_id = spec.get("document")
    if not isinstance(doc_id, str):
        raise SpanError(f"{where}: no 'document' id")
    sents, starts, ends, sent_of = _token_index(text)
    sentence_starts = [s.start for s in sents]
    listing: list[str] = []
    problems: list[str] = []

    def place(kind: str, item: list, cursor: int, labels: tuple, levels: tuple) -> tuple | None:
        ident, words, label, level = item[0], item[1], item[2], item[3]
        anchor = item[-1] if len(item) > (5 if kind == "event" else 4) and isinstance(item[-1], str) else None
        if label not in labels:
            problems.append(f"{ident} '{words}': unknown {kind} label {label!r}")
        if level not in levels:
            problems.append(f"{ident} '{words}': unknown {'mention level' if kind == 'entity' else 'realis'} {level!r}")
        if anchor is not None:
            at = text.find(anchor, cursor)
            if at < 0:
                problems.append(f"{ident} '{words}': anchor {anchor!r} not found after offset {cursor}")
                return None
            cursor = at + len(anchor)
        start = _find(text, words, cursor, starts, ends)
        if start < 0:
            anywhere = _find(text, words, 0, starts, ends)
            hint = (f"(it occurs earlier, at offset {anywhere}: is the list out of text order?)"
                    if anywhere >= 0 else "(not as whole tokens anywhere in the text)")
            problems.append(f"{ident} '{words}': not found after offset {cursor} {hint}")
            return None
        end = start + len(words)
        first, last = (bisect_right(sentence_starts, start) - 1, bisect_right(sentence_starts, end - 1) - 1)
        if first != last:
            problems.append(f"{ident} '{words}': crosses a sentence boundary at {start}")
        listing.append(f"{ident:>6} {label}/{level} {start}-{end} {_context(text, start, end)}")
        return ident, words, start, end, label, level

    entities, cursor = [], 0
    for item in spec.get("entities", []):
        placed = place("entity", item, cursor, ENTITY_TYPES, MENTION_LEVELS)
        if placed:
            ident, words, start, end, label, level = placed
            entities.append({"id": ident, "start": start, "end": end, "text": words,
                             "type": label, "mention": level})
            cursor = end
    events, cursor = [], 0
    for item in spec.get("events", []):
        placed = place("event", item, cursor, EVENT_TYPES, REALIS)
        if placed:
            ident, words, start, end, label, level = placed
            roles = item[4] if len(item) > 4 and isinstance(item[4], dict) else {}
            arguments = []
            for role, fillers in roles.items():
                if role not in ARGUMENT_ROLES:
                    problems.append(f"{ident} '{words}': unknown role {role!r}")
                for filler in ([fillers] if isinstance(fillers, str) else fillers):
                    arguments.append({"entity_id": filler, "role": role})
            events.append({"id": ident, "start": start, "end": end, "text": words,
                           "type": label, "realis": level, "arguments": arguments})
            cursor = end
    spans = sorted([(e["start"], e["end"], e["id"], "entity") for e in entities]
                   + [(e["start"], e["end"], e["id"], "event") for e in events])
    for (s1, e1, i1, k1), (s2, e2, i2, k2) in zip(spans, spans[1:]):
        if s2 < e1:
            problems.append(f"{i1} ({k1}) and {i2} ({k2}) overlap at {s2}-{min(e1, e2)}")
    relations = []
    for n, rel in enumerate(spec.get("relations", []), 1):
        head, tail, label = rel
        if label not in EVENT_RELATIONS:
            problems.append(f"relation {head}->{tail}: unknown event relation {label!r}")
        relations.append({"id": f"R{n}", "head": head, "tail": tail, "type": label})
    clusters = [{"id": f"C{n}", "members": list(members)}
                for n, members in enumerate(spec.get("clusters", []), 1)]
    doc = {"id": doc_id, "text": text, "entities": entities, "events": events,
           "relations": relations, "clusters": clusters}
    event_ids = {e["id"] for e in events}
    entity_ids = {e["id"] for e in entities}
    for ev in events:
        for arg in ev["arguments"]:
            if arg["entity_id"] in event_ids:
                problems.append(f"{ev['id']}: argument {arg['entity_id']} is an event")
    for rel in relations:
        if rel["head"] in entity_ids or rel["tail"] in entity_ids:
            problems.append(f"relation {rel['head']}->{rel['tail']}: links an entity")
    problems += [f"{rid + ': ' if rid else ''}{msg}" for rid, msg in document_problems(doc)]
    if problems:
        raise SpanError("\n".join(f"{where}: {p}" for p in problems))
    return doc, listing


def load(path: Path, *, seeds: Path) -> tuple[dict, list[str]]:
    spec = json.loads(path.read_text(encoding="utf-8"))
    text_path = seeds / f"{spec.get('document')}.txt"
    if not text_path.exists():
        raise SpanError(f"{path}: no article {text_path}")
    return resolve(spec, text_path.read_text(encoding="utf-8"), where=str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="spans.py", description="Resolve and check span lists.")
    parser.add_argument("command", choices=("check", "resolve"))
    parser.add_argument("files", nargs="+", type=Path, metavar="SPANS.json")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("-o", "--output", type=Path, help="resolve: write the document(s) here")
    parser.add_argument("--quiet", action="store_true", help="check: print only problems")
    args = parser.parse_args(argv)
    failed, docs = 0, []
    for path in args.files:
        try:
            doc, listing = load(path, seeds=args.seeds)
        except (SpanError, ValueError, KeyError, IndexError, TypeError) as exc:
            print(str(exc) if isinstance(exc, SpanError) else f"{path}: malformed: {exc!r}",
                  file=sys.stderr)
            failed += 1
            continue
        docs.append(doc)
        if args.command == "check" and not args.quiet:
            print("\n".join(listing))
        print(f"{path}: ok: {len(doc['entities'])} entities, {len(doc['events'])} events, "
              f"{sum(len(e['arguments']) for e in doc['events'])} arguments, "
              f"{len(doc['relations'])} relations, {len(doc['clusters'])} clusters",
              file=sys.stderr)
    if args.command == "resolve" and not failed:
        out = json.dumps(docs if len(docs) > 1 else docs[0], ensure_ascii=False, indent=1)
        if args.output:
            args.output.write_text(out + "\n", encoding="utf-8")
        else:
            print(out)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
