"""EventDNA's Alpino parses as word-to-word dependency trees, one part at a time.

Each EventDNA sentence ships with an Alpino parse. A system that wants syntax at predict
time (where only text is given) can learn a parser from these trees at fit time, with
spaCy's blank Dutch pipeline and nothing downloaded (``realnews.v4`` does).
:func:`dependency_trees` yields them in the shape a parser learns from: the words, each
word's head and its relation (:func:`kroniek.corpora.alpino.dependencies`).

Documents are read in folder order, a repeated ``meta.id`` once, and split by the same
rule as :func:`kroniek.corpora.eventdna.read` (:func:`~kroniek.corpora.eventdna.split_of`),
so a system that reads the train part's trees never sees a test document. A sentence
whose parse is missing, is not valid XML or does not number its words ``0 .. n-1`` is
left out (the importer reports those documents).
"""

from __future__ import annotations

import json
from typing import Iterator, NamedTuple

from . import alpino
from .eventdna import split_of
from .eventdna_files import sources


class Tree(NamedTuple):
    """One parsed sentence: its words, each word's head (its own position for the root)
    and its relation to that head."""

    words: list[str]
    heads: list[int]
    labels: list[str]


def _tree(xml: bytes) -> Tree | None:
    try:
        node = alpino.parse(xml)
    except Exception:  # any broken parse: the sentence is simply not learned from
        return None
    words = alpino.leaves(node)
    if [w.begin for w in words] != list(range(len(words))):
        return None
    heads, labels = alpino.dependencies(node)
    return Tree([w.word for w in words], heads, labels)


def dependency_trees(path=None, *, split: str) -> Iterator[Tree]:
    """The dependency trees of every sentence of one part (``train``, ``validation`` or
    ``test``) of the EventDNA copy at ``path`` (by default the located copy)."""
    seen: set[str] = set()
    for source in sources(path):
        try:
            meta = json.loads(source.files["dnaf.json"]).get("meta") or {}
        except (KeyError, ValueError, UnicodeDecodeError, AttributeError):
            continue
        doc_id = str(meta.get("id") or source.folder)
        if doc_id in seen or split_of(doc_id) != split:
            continue
        seen.add(doc_id)
        for _, xml in sorted(source.alpino().items()):
            tree = _tree(xml)
            if tree is not None:
                yield tree
