"""Turning a baseline's raw spans into a document in the dataset's shape, the same way for every baseline.

Every baseline finds candidate spans its own way (a gazetteer, a classifier, Frog); this
module is where they all become valid docs/FORMAT.md section 2 documents: spans snapped to
:mod:`kroniek.tokens` token boundaries, entities made flat (the longest of overlapping
spans wins), labels checked against :mod:`kroniek.schema`, and ids made unique across a
dataset by prefixing the document id (``doc1:p-e3``).

>>> from kroniek.tokens import sentences
>>> text = "Het leger rukte naar Hawija op."
>>> toks = Tokens(text, sentences(text))
>>> toks.snap(21, 24)   # inside "Hawija": widened to the whole token
(21, 27)
>>> flatten([Span(0, 9, "ORG", "NOM"), Span(4, 9, "ORG", "NOM")])
[Span(start=0, end=9, label='ORG', extra='NOM')]
>>> doc = build({"id": "d", "text": text}, entities=[Span(21, 27, "GPE", "NAM")])
>>> doc["entities"][0]["id"], doc["entities"][0]["text"]
('d:p-e1', 'Hawija')
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter
from typing import Callable, Iterable, NamedTuple, Sequence, TypeVar

from kroniek.documents import Document, new_document
from kroniek.schema import (ARGUMENT_ROLES, ENTITY_TYPES, EVENT_RELATIONS, EVENT_TYPES,
                            MENTION_LEVELS, REALIS)
from kroniek.tokens import Sentence, sentences_many


T = TypeVar("T")


class Span(NamedTuple):
    """A predicted region: ``label`` is the entity or event type, ``extra`` the mention
    level (entities) or the realis (events)."""

    start: int
    end: int
    label: str
    extra: str


@dataclass(frozen=True)
class Tokens:
    """The sentences and tokens of one text, with lookups by character offset."""

    text: str
    sentences: Sequence[Sentence]

    def __post_init__(self) -> None:
        flat = [tok for sent in self.sentences for tok in sent.tokens]
        object.__setattr__(self, "_starts", [s for s, _ in flat])
        object.__setattr__(self, "_ends", [e for _, e in flat])

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """``(start, end)`` widened to whole tokens, or None when it covers no token."""
        starts, ends = self._starts, self._ends  # type: ignore[attr-defined]
        first = bisect_right(ends, start)        # first token ending after start
        last = bisect_left(starts, end) - 1      # last token starting before end
        if first > last or first >= len(starts):
            return None
        return starts[first], ends[last]


def tokenize(documents: Sequence[Document]) -> list[Tokens]:
    """:class:`Tokens` for each document, tokenized in one batch."""
    texts = [doc["text"] for doc in documents]
    return [Tokens(text, sents) for text, sents in zip(texts, sentences_many(texts))]


def capitalised(word: str) -> bool:
    """True when ``word`` starts with an upper-case letter (``"IS"``, ``"Hawija"``)."""
    return word[:1].isupper()


def mention_of(word: str) -> str:
    """The mention level a learned or external system gives a span: NAM if capitalised."""
    return "NAM" if capitalised(word) else "NOM"


def flatten(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans in text order; of overlapping spans the longest is kept
    (ties: the earlier, then the one given first)."""
    ranked = sorted(enumerate(spans), key=lambda p: (-(p[1].end - p[1].start), p[1].start, p[0]))
    starts: list[int] = []                  # kept spans, sorted by start (they never overlap)
    kept: list[Span] = []
    for _, span in ranked:
        k = bisect_left(starts, span.start)
        if (k == 0 or kept[k - 1].end <= span.start) and (k == len(kept) or
                                                           span.end <= kept[k].start):
            starts.insert(k, span.start)
            kept.insert(k, span)
    return kept


def per_sentence(tokens: Tokens, items: Iterable[T], *,
                 start: Callable[[T], int] = attrgetter("start")) -> list[list[T]]:
    """``items`` grouped by the sentence of ``tokens`` their ``start`` offset lies in (a
    list per sentence, each in the order given; items in no sentence are left out). One
    pass: filtering every span for every sentence is quadratic, minutes on a long text.

    >>> from kroniek.tokens import sentences
    >>> toks = Tokens("Rebellen vielen aan. Het leger vluchtte.",
    ...               sentences("Rebellen vielen aan. Het leger vluchtte."))
    >>> per_sentence(toks, [Span(25, 30, "ORG", "NOM"), Span(0, 8, "PER", "NOM")])
    [[Span(start=0, end=8, label='PER', extra='NOM')], [Span(start=25, end=30, label='ORG', extra='NOM')]]
    """
    firsts = [sent.start for sent in tokens.sentences]
    out: list[list[T]] = [[] for _ in firsts]
    for item in items:
        k = bisect_right(firsts, start(item)) - 1
        if k >= 0 and start(item) < tokens.sentences[k].end:
            out[k].append(item)
    return out


class Occupied:
    """Regions already taken, to ask whether a new one overlaps any of them: their starts
    sorted and the running maximum of their ends, so that each question is one binary
    search (asking every taken region is quadratic on a long text).

    >>> taken = Occupied([(10, 20), (0, 4)])
    >>> taken.free(4, 10), taken.free(3, 5), taken.free(19, 30), taken.free(20, 20)
    (True, False, False, True)
    """

    def __init__(self, regions: Iterable[tuple[int, int]]) -> None:
        pairs = sorted(regions)
        self.starts = [a for a, _ in pairs]
        self.reach = list(accumulate((b for _, b in pairs), max))

    def free(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps none of the regions (touching is no overlap)."""
        k = bisect_left(self.starts, end)
        return k == 0 or self.reach[k - 1] <= start


def snapped(tokens: Tokens, spans: Iterable[Span]) -> list[Span]:
    """``spans`` moved onto token boundaries (see :meth:`Tokens.snap`), empty ones dropped."""
    out = []
    for span in spans:
        bounds = tokens.snap(span.start, span.end)
        if bounds is not None:
            out.append(span._replace(start=bounds[0], end=bounds[1]))
    return out


def build(document: Document, *, entities: Sequence[Span] = (), events: Sequence[Span] = (),
          arguments: Iterable[tuple[int, int, str]] = (),
          relations: Iterable[tuple[int, int, str]] = (),
          entity_clusters: Iterable[Sequence[int]] = (),
          event_clusters: Iterable[Sequence[int]] = ()) -> Document:
    """A document in the dataset's shape for ``document`` from spans and links between them.

    ``entities`` and ``events`` must already be flat and on token boundaries; links name
    spans by position: ``arguments`` are (event, entity, role), ``relations`` (head event,
    tail event, type), clusters are lists of positions. Labels are checked here so that a
    typo in a lexicon fails loudly rather than producing an invalid file.
    """
    doc_id, text = document["id"], document["text"]
    out = new_document(doc_id, text, language=document.get("language", "nl"))
    ent_ids = [f"{doc_id}:p-e{i}" for i in range(1, len(entities) + 1)]
    ev_ids = [f"{doc_id}:p-t{i}" for i in range(1, len(events) + 1)]
    for span, eid in zip(entities, ent_ids):
        _check(span.label, ENTITY_TYPES, "entity type")
        _check(span.extra, MENTION_LEVELS, "mention level")
        out["entities"].append({"id": eid, "start": span.start, "end": span.end,
                                "text": text[span.start:span.end], "type": span.label,
                                "mention": span.extra})
    for span, vid in zip(events, ev_ids):
        _check(span.label, EVENT_TYPES, "event type")
        _check(span.extra, REALIS, "realis")
        out["events"].append({"id": vid, "start": span.start, "end": span.end,
                              "text": text[span.start:span.end], "type": span.label,
                              "realis": span.extra, "arguments": []})
    seen = set()
    for ev, ent, role in arguments:
        _check(role, ARGUMENT_ROLES, "argument role")
        if (ev, ent) not in seen:
            seen.add((ev, ent))
            out["events"][ev]["arguments"].append({"entity_id": ent_ids[ent], "role": role})
    pairs = set()
    for head, tail, kind in relations:
        _check(kind, EVENT_RELATIONS, "event relation")
        if head != tail and (head, tail) not in pairs:
            pairs.add((head, tail))
            out["relations"].append({"id": f"{doc_id}:p-r{len(pairs)}", "head": ev_ids[head],
                                     "tail": ev_ids[tail], "type": kind})
    for members, ids in [(c, ent_ids) for c in entity_clusters] + \
                        [(c, ev_ids) for c in event_clusters]:
        unique = sorted(set(members))
        if len(unique) >= 2:
            out["clusters"].append({"id": f"{doc_id}:p-c{len(out['clusters']) + 1}",
                                    "members": [ids[m] for m in unique]})
    return out


def _check(label: str, inventory: tuple[str, ...], layer: str) -> None:
    if label not in inventory:
        raise ValueError(f"{label!r} is not in the {layer} inventory ({', '.join(inventory)})")
