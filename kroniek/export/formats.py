"""The export formats: each turns gold documents into one tool's files, and (for the
round-trip tests) reads them back as far as the format can say.

Every format declares what it cannot express (:attr:`Format.loses`), which
``kroniek export --help`` lists. ``{split}`` in a file name is filled in by the command.

>>> sorted(FORMATS)
['conll2002', 'conll2012', 'jsonl', 'maven-ere', 'spacy', 'textee']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Sequence

from ..documents import Document, dumps_jsonl
from . import conll, events, spacy_docbin


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    loses: str
    write: Callable[[Sequence[Document]], dict[str, bytes]]
    read: Callable[[dict[str, bytes], Sequence[Document]], list[Document]]


def _jsonl_write(docs):
    return {"{split}.jsonl": dumps_jsonl(docs).encode("utf-8")}


def _jsonl_read(files, texts=()):
    data = next(iter(files.values())).decode("utf-8")
    return [json.loads(line) for line in data.splitlines() if line.strip()]


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("jsonl", "the dataset's own shape, labels as strings: what 'kroniek score' takes "
           "as GOLD", "nothing", _jsonl_write, _jsonl_read),
    Format("conll2002", "CoNLL-2002 columns (token, IOB2 tag), one file for entities and one "
           "for triggers, a blank line between sentences, -DOCSTART- between documents",
           "ids, mention levels, realis, arguments, relations, coreference; nested triggers "
           "keep the first", conll.conll2002_write, conll.conll2002_read),
    Format("spacy", "a spaCy DocBin: doc.ents are the entities, doc.spans['triggers'] the "
           "triggers, doc._.rel the arguments and event relations keyed by (head token, tail "
           "token), doc.spans['coref_clusters_N'] the chains; the whole Kroniek document "
           "rides in doc.user_data['kroniek']", "nothing (spaCy-native views leave out "
           "mention levels and realis; user_data keeps them)",
           spacy_docbin.write, spacy_docbin.read),
    Format("textee", "TextEE's unified JSON Lines, one instance per sentence (token offsets, "
           "entity_mentions with mention_type, event_mentions with realis and arguments)",
           "relations, coreference", events.textee_write, events.textee_read),
    Format("maven-ere", "MAVEN-ERE's document JSON Lines: events as coreference clusters of "
           "mentions, TIMEX, temporal, causal and subevent relations between events",
           "entities other than TIME, arguments, realis; which mention of an event a "
           "relation was drawn from", events.maven_write, events.maven_read),
    Format("conll2012", "CoNLL-2012 columns with the coreference column, entity and event "
           "chains, as the official reference scorer reads them", "everything but "
           "coreference chains and tokens", conll.conll2012_write, conll.conll2012_read),
)}
