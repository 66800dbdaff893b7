"""``floor.v1``: every run of capitalised words is a GPE name.

The floor every other system must beat: no lists, no learning. A run of consecutive
capitalised tokens is one entity, typed as the most frequent entity type of news about
conflicts (GPE), mention NAM. A sentence's first word is capitalised by spelling, not
because it is a name, so it counts only if the same word also appears capitalised
somewhere else in the document in the middle of a sentence ("Raqqa was ..." counts when
"... de stad Raqqa" occurs too; "De stad ..." does not).

>>> doc = {"id": "d", "text": "Raqqa viel. De stad Raqqa ligt in Syrië."}
>>> [e["text"] for e in Floor().predict([doc])[0]["entities"]]
['Raqqa', 'Raqqa', 'Syrië']
"""

from __future__ import annotations

from typing import Sequence

from kroniek.documents import Document

from ._spans import Span, Tokens, build, capitalised, tokenize
from kroniek.system import System
from kroniek.system import register

MOST_FREQUENT_TYPE = "GPE"


def capitalised_runs(tokens: Tokens) -> list[Span]:
    """Spans of consecutive capitalised words (sentence-initial ones as described above)."""
    text = tokens.text
    mid_sentence = {text[s:e] for sent in tokens.sentences for s, e in sent.tokens[1:]
                    if _name_like(text[s:e])}
    spans: list[Span] = []
    for sent in tokens.sentences:
        run: list[tuple[int, int]] = []
        for k, (s, e) in enumerate(sent.tokens):
            word = text[s:e]
            name = _name_like(word) and (k > 0 or word in mid_sentence)
            if name:
                run.append((s, e))
            if run and (not name or k == len(sent.tokens) - 1):
                spans.append(Span(run[0][0], run[-1][1], MOST_FREQUENT_TYPE, "NAM"))
                run = []
    return spans


def _name_like(word: str) -> bool:
    return capitalised(word) and any(c.isalpha() for c in word)


@register
class Floor(System):
    name = "floor"
    version = 1
    tasks = ("entities",)
    description = "runs of capitalised words labelled GPE (the most frequent type), mention NAM"

    def predict(self, documents: Sequence[Document]) -> list[Document]:
        return [build(doc, entities=capitalised_runs(toks))
                for doc, toks in zip(documents, tokenize(documents))]
