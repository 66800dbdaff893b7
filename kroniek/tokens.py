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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")

Offsets = tuple[int, int]

# Token attributes read per paragraph (spaCy's ``Doc.to_array``): character offset,
# length, space, punctuation, the text's hash.
_ATTRS = ("IDX", "LENGTH", "IS_SPACE", "IS_PUNCT", "ORTH")


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


def sentences_many(texts: Sequence[str], *, batch_size: int = 1000) -> list[list[Sentence]]:
    """:func:`sentences` for many texts, with the paragraphs of all of them in one stream.

    Only spaCy's tokenizer runs per token; the sentencizer's rule (below) is applied to
    whole batches of token arrays at once, which gives the same sentences about four
    times faster than running the ``sentencizer`` component.
    """
    paras = [(i, s, e) for i, text in enumerate(texts) for s, e in paragraphs(text)]
    result: list[list[Sentence]] = [[] for _ in texts]
    nlp = pipeline()
    punct = _punct_hashes()
    docs = nlp.tokenizer.pipe(texts[i][s:e] for i, s, e in paras)
    for first in range(0, len(paras), batch_size):
        batch = paras[first:first + batch_size]
        arrays = [doc.to_array(_ATTRS) for _, doc in zip(batch, docs)]
        for i, sentence in _batch_sentences(arrays, [offset for _, offset, _ in batch], punct):
            result[batch[i][0]].append(sentence)
    return result


def _batch_sentences(arrays, offsets, punct):
    """(paragraph number, Sentence) for each sentence of a batch of tokenized paragraphs.

    spaCy's sentencizer starts a sentence at a paragraph's first token and at every token
    that is neither punctuation nor one of its ``punct_chars`` and comes after such a
    ``punct_chars`` token with no token of the first kind in between (see
    ``Sentencizer.predict``). Space tokens are then left out, and so are sentences of
    spaces only.
    """
    import numpy as np

    lengths = np.fromiter(map(len, arrays), np.int64, len(arrays))
    if not lengths.sum():
        return
    table = np.concatenate([a for a in arrays if len(a)])
    idx, length, space, is_punct = (table[:, k].astype(np.int64) for k in range(4))
    orth = table[:, 4]
    para = np.repeat(np.arange(len(arrays)), lengths)
    first = np.zeros(len(idx), dtype=bool)
    first[(np.cumsum(lengths) - lengths)[lengths > 0]] = True
    in_p = np.isin(orth, punct)
    word = ~in_p & (is_punct == 0)
    seen = np.cumsum(in_p)
    # punct_chars tokens since the paragraph start, at each word and at the word before it
    at = np.flatnonzero(word)
    before_para = seen - in_p
    before_para = np.maximum.accumulate(np.where(first, before_para, 0))
    prev = np.concatenate([[-1], at[:-1]])
    same_para = (prev >= 0) & (para[np.maximum(prev, 0)] == para[at])
    since = seen[at] - np.where(same_para, seen[np.maximum(prev, 0)], before_para[at])
    start = first.copy()
    start[at[since > 0]] = True
    sent = np.cumsum(start)
    keep = np.flatnonzero(space == 0)
    if not len(keep):
        return
    base = np.asarray(offsets, dtype=np.int64)[para[keep]]
    begin = (base + idx[keep]).tolist()
    end = (base + idx[keep] + length[keep]).tolist()
    sent = sent[keep]
    cut = np.flatnonzero(sent[1:] != sent[:-1]) + 1
    bounds = np.concatenate([[0], cut, [len(keep)]]).tolist()
    owner = para[keep][bounds[:-1]].tolist()
    for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
        yield owner[k], Sentence(begin[a], end[b - 1], tuple(zip(begin[a:b], end[a:b])))


@lru_cache(maxsize=1)
def _punct_hashes():
    """Hashes of the sentencizer's ``punct_chars``, as an array to test ORTH against."""
    import numpy as np

    nlp = pipeline()
    chars = nlp.get_pipe("sentencizer").punct_chars
    return np.array(sorted(nlp.vocab.strings.add(c) for c in chars), dtype=np.uint64)


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


def encode_bio_each(token_lists: Sequence[Sequence[Offsets]],
                    spans: Iterable[tuple[int, int, str]]) -> list[list[str]]:
    """``[encode_bio(tokens, spans) for tokens in token_lists]`` (the sentences of one
    text, in order), with each span handed only to the sentences whose tokens it overlaps,
    the ones :func:`encode_bio` would not skip: a long text takes linear time, not
    sentences x spans.

    >>> encode_bio_each([[(0, 2), (3, 9)], [(11, 15)]], [(11, 15, "GPE"), (0, 2, "PER")])
    [['B-PER', 'O'], ['B-GPE']]
    """
    bounded = [k for k, tokens in enumerate(token_lists) if tokens]
    firsts = [token_lists[k][0][0] for k in bounded]
    lasts = [token_lists[k][-1][1] for k in bounded]
    mine: list[list[tuple[int, int, str]]] = [[] for _ in token_lists]
    for span in spans:
        at = bisect_left(firsts, span[1]) - 1       # the last sentence starting before the end
        while at >= 0 and lasts[at] > span[0]:
            mine[bounded[at]].append(span)
            at -= 1
    return [encode_bio(tokens, here) for tokens, here in zip(token_lists, mine)]


def flat_spans(spans: Iterable[tuple]) -> list[tuple]:
    """The spans that IOB2 can tag: of overlapping ones (nested triggers, rare) the first.

    >>> flat_spans([(0, 9, "A"), (3, 5, "B"), (10, 12, "C")])
    [(0, 9, 'A'), (10, 12, 'C')]
    """
    kept, end = [], -1
    for span in sorted(spans):
        if span[0] >= end:
            kept.append(span)
            end = span[1]
    return kept


def token_range(sents: Sequence[Sentence], starts: Sequence[int], start: int, end: int,
                label: str) -> tuple[int, int, int]:
    """``(sentence, first token, last token)`` of a span: the one token-boundary rule.

    ``starts`` are the sentences' start offsets. A span outside every sentence, crossing
    a sentence boundary, or starting or ending inside a token raises
    :class:`BoundaryError` naming it; :func:`tag_ids` (build) and
    :func:`kroniek.validate.check_tokens` (validate, pull) both apply it.
    """
    k = bisect_right(starts, start) - 1
    if k < 0 or start >= sents[k].end:
        raise BoundaryError(f"span {start}-{end} ({label}) lies outside every sentence")
    if end > sents[k].end:
        raise BoundaryError(f"span {start}-{end} ({label}) crosses a sentence boundary at "
                            f"{sents[k].end}")
    toks = sents[k].tokens
    first, last = bisect_left(toks, (start,)), bisect_left(toks, (end,)) - 1
    if first > last or toks[first][0] != start or toks[last][1] != end:
        raise BoundaryError(f"span {start}-{end} ({label}) does not start and end on token "
                            f"boundaries")
    return k, first, last


def tag_ids(sents: Sequence[Sentence], spans: Iterable[tuple[int, int, str]],
            index: dict[str, int]) -> list[list[int]]:
    """IOB2 class-label ids (``index`` maps tag names to ids) per sentence for flat ``spans``.

    The one place where spans become tags: a span that starts or ends inside a token, or
    crosses a sentence boundary, raises :class:`BoundaryError` naming it.

    >>> sents = sentences("IS verloor Mosul. Daarna viel Raqqa.")
    >>> tag_ids(sents, [(11, 16, "GPE")], {"O": 0, "B-GPE": 1, "I-GPE": 2})
    [[0, 0, 1, 0], [0, 0, 0, 0]]
    """
    starts = [sent.start for sent in sents]
    tags = [[0] * len(sent.tokens) for sent in sents]
    for start, end, label in spans:
        k, first, last = token_range(sents, starts, start, end, label)
        b = index[f"B-{label}"]
        tags[k][first:last + 1] = [b] + [b + 1] * (last - first)
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
