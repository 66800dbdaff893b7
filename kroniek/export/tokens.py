"""Token views of a document shared by the exports: sentences, token indices of spans."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..documents import Document
from ..tokens import Sentence, sentences


@dataclass
class TokenView:
    """A document's sentences and a map from character spans to token indices."""

    doc: Document
    sentences: list[Sentence]

    def __post_init__(self) -> None:
        self.tokens = [tok for sent in self.sentences for tok in sent.tokens]
        self.starts = [s for s, _ in self.tokens]
        self.ends = [e for _, e in self.tokens]
        self.sentence_starts = [sent.start for sent in self.sentences]
        self.first_token = []
        n = 0
        for sent in self.sentences:
            self.first_token.append(n)
            n += len(sent.tokens)

    def words(self) -> list[str]:
        text = self.doc["text"]
        return [text[s:e] for s, e in self.tokens]

    def token_span(self, start: int, end: int) -> tuple[int, int]:
        """Document token indices ``[first, last + 1)`` of the character span."""
        return bisect_left(self.starts, start), bisect_left(self.ends, end) + 1

    def sentence_of(self, start: int) -> int:
        return bisect_right(self.sentence_starts, start) - 1

    def char_span(self, first: int, stop: int) -> tuple[int, int]:
        return self.starts[first], self.ends[stop - 1]


def token_view(doc: Document) -> TokenView:
    return TokenView(doc, sentences(doc["text"]))
