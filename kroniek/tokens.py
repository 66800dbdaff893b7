"""Sentences, tokens and IOB2 tags, from spaCy's blank Dutch pipeline.

The ``ner`` and ``triggers`` configs and every token-level baseline see the text
through this module, so they agree on what a sentence and a token are. A paragraph
break (a blank line) always ends a sentence, so that section headings stand alone.

>>> [text[s.start:s.end] for text in ["Strook land\\n\\nNa Hawija rest IS nog een gebied."]
...  for s in sentences(text)]
['Strook land', 'Na Hawija rest IS nog een gebied.']
>>> encode_bio([(0, 2), (3, 9)], [(0, 9, "ORG")])
['B-ORG', 'I-ORG']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")

Offsets = tuple[int, int]


@dataclass(frozen=True)
class Sentence:
    """A sentence of a text: its character span and its tokens' character spans."""

    start: int
    end: int
    tokens: tuple[Offsets, ...]


class BoundaryError(ValueError):
    """A span starts or ends inside a token."""


@lru_cache(maxsize=1)
def pipeline():
    """spaCy's blank Dutch pipeline with a rule-based sentencizer (loaded once)."""
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    return nlp


def paragraphs(text: str) -> list[Offsets]:
    """Character spans of the paragraphs of ``text``, blank lines excluded."""
    spans, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` with their non-space tokens, in order."""
    return sentences_many([text])[0]


def sentences_many(texts: Sequence[str], *, batch_size: int = 256) -> list[list[Sentence]]:
    """:func:`sentences` for many texts, with the paragraphs of all of them in one stream."""
    paras = [(i, s, e) for i, text in enumerate(texts) for s, e in paragraphs(text)]
    result: list[list[Sentence]] = [[] for _ in texts]
    docs = pipeline().pipe((texts[i][s:e] for i, s, e in paras), batch_size=batch_size)
    for (i, offset, _), doc in zip(paras, docs):
        for sent in doc.sents:
            toks = tuple((offset + t.idx, offset + t.idx + len(t)) for t in sent if not t.is_space)
            if toks:
                result[i].append(Sentence(toks[0][0], toks[-1][1], toks))
    return result


def encode_bio(tokens: Sequence[Offsets], spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags of ``tokens`` for flat ``spans`` of (start, end, label).

    Spans outside the tokens' range are ignored (they belong to another sentence);
    a span whose start or end falls inside a token raises :class:`BoundaryError`,
    since moving it silently would change the gold.
    """
    tags = ["O"] * len(tokens)
    if not tokens:
        return tags
    starts = [s for s, _ in tokens]
    ends = [e for _, e in tokens]
    lo, hi = starts[0], ends[-1]
    for start, end, label in spans:
        if end <= lo or start >= hi:
            continue
        first = bisect_left(starts, start)
        last = bisect_left(ends, end)
        if first >= len(starts) or starts[first] != start or last >= len(ends) or ends[last] != end:
            raise BoundaryError(f"span {start}-{end} ({label}) does not start and end on token "
                                f"boundaries")
        tags[first] = f"B-{label}"
        for k in range(first + 1, last + 1):
            tags[k] = f"I-{label}"
    return tags


def decode_bio(tokens: Sequence[Offsets], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Spans (start, end, label) from IOB2 ``tags``; a stray ``I-`` starts a new span."""
    spans: list[tuple[int, int, str]] = []
    label, start, end = None, 0, 0
    for (s, e), tag in zip(tokens, tags):
        if tag.startswith("I-") and label == tag[2:]:
            end = e
            continue
        if label is not None:
            spans.append((start, end, label))
        label, start, end = (tag[2:], s, e) if tag != "O" else (None, 0, 0)
    if label is not None:
        spans.append((start, end, label))
    return spans
