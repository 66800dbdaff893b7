"""Documents in the shape of docs/FORMAT.md section 2, as plain dictionaries.

A document is what one row of the ``documents`` config holds, with labels as strings
(the prediction file format of docs/FORMAT.md section 3 is the same shape). Plain dicts keep the
JSON Lines files, the Hugging Face rows and the Python objects one and the same thing.

>>> doc = new_document("d1", "IS verloor Mosul.")
>>> doc["entities"].append(entity("d1:e1", doc["text"], 0, 2, "ORG", "NAM"))
>>> doc["entities"][0]["text"]
'IS'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator, TypedDict

from .schema import LANGUAGE


class Entity(TypedDict):
    id: str
    start: int
    end: int
    text: str
    type: str
    mention: str


class Argument(TypedDict):
    entity_id: str
    role: str


class Event(TypedDict):
    id: str
    start: int
    end: int
    text: str
    type: str
    realis: str
    arguments: list[Argument]


class Relation(TypedDict):
    id: str
    head: str
    tail: str
    type: str


class Cluster(TypedDict):
    id: str
    members: list[str]


class Document(TypedDict, total=False):
    id: str
    text: str
    language: str
    origin: str
    entities: list[Entity]
    events: list[Event]
    relations: list[Relation]
    clusters: list[Cluster]


FIELDS = ("id", "text", "language", "origin", "entities", "events", "relations", "clusters")


def new_document(doc_id: str, text: str, *, language: str = LANGUAGE) -> Document:
    """An empty document with every field of the dataset's documents present."""
    return {"id": doc_id, "text": text, "language": language,
            "entities": [], "events": [], "relations": [], "clusters": []}


def entity(id: str, text: str, start: int, end: int, type: str, mention: str) -> Entity:
    """An entity mention of ``text[start:end]``."""
    return {"id": id, "start": start, "end": end, "text": text[start:end],
            "type": type, "mention": mention}


def event(id: str, text: str, start: int, end: int, type: str, realis: str,
          arguments: list[Argument] | None = None) -> Event:
    """An event trigger over ``text[start:end]``."""
    return {"id": id, "start": start, "end": end, "text": text[start:end], "type": type,
            "realis": realis, "arguments": list(arguments or [])}


def read_jsonl(path: str | Path) -> list[Document]:
    """Documents from a JSON Lines file, one object per line; a bad line is one clear error
    (read by :class:`kroniek.jsonlines.JsonLines`, the one JSON Lines reader)."""
    return list(iter_jsonl(path))


def iter_jsonl(path: str | Path) -> Iterator[Document]:
    """:func:`read_jsonl`, one document at a time."""
    from .jsonlines import JsonLines

    return (line.doc for line in JsonLines(path))


def dumps_jsonl(documents: Iterable[Document]) -> str:
    """JSON Lines text, keys in a fixed order, non-ASCII kept as is."""
    return "".join(json.dumps(doc, ensure_ascii=False, sort_keys=False) + "\n" for doc in documents)
