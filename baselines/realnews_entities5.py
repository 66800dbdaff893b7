"""Entity mentions for realnews.v5: realnews.v4's tagger, then two fixes by whole name.

:class:`EntityModel5` has realnews.v4's interface (``EntityModel5(syntax)``, ``fit(edna_train,
kroniek_train, edna_dev, kroniek_dev)``, ``spans(documents)``) and fits the same tagger
(:class:`baselines.realnews_entities4.EntityModel4`: the parser's arcs, ``O`` bias tuned on
the validation parts, refit on train + validation). Its predictions then pass through:

* :class:`baselines.realnews_entities5_demonyms.Demonyms` (counted on EventDNA's train and
  validation parts): a word for the people of a place that EventDNA marks as a named LOC
  (``Palestijnen``) becomes NORP/NAM instead of the tagger's PER/NOM;
* :func:`baselines.realnews_entities5_bounds.extend_repeats`: a name the tagger cut short
  where the same document names it in full (``Nagel`` after ``Kuehne + Nagel``) is widened.

Measured on realnews.v4's tagger fitted on EventDNA train + Kroniek train (the fixes'
counts from EventDNA train; for the folds, tagger and counts from the other two folds),
named / heads F1 at ``O`` bias .2 (at bias 0: validation 78.8 -> 79.8 named, folds
80.6 -> 81.1)::

                                        realnews.v4's   + demonyms   + repeats (this)
    EventDNA validation                 78.9/74.6       79.8/74.7    79.8/74.7
    3 folds of train + validation       80.4/76.4       80.9/76.4    81.0/76.5
    Kroniek validation, strict          84.6            84.6         84.6

The boundary analysis behind these (what was tried and why it was left out) is in
:mod:`baselines.realnews_entities5_bounds`.
"""

from __future__ import annotations

from typing import Sequence

from kroniek.documents import Document

from ._spans import Span
from .realnews_entities4 import EntityModel4
from .realnews_entities5_bounds import extend_repeats
from .realnews_entities5_demonyms import Demonyms


class EntityModel5(EntityModel4):
    """realnews.v4's entity model with its names' types and boundaries fixed by whole
    name (see the module's docstring)."""

    def __init__(self, syntax, *, cache: dict | None = None) -> None:
        super().__init__(syntax, cache=cache)
        self.demonyms = Demonyms()

    def fit(self, edna_train: Sequence[Document], kroniek_train: Sequence[Document],
            edna_dev: Sequence[Document], kroniek_dev: Sequence[Document]) -> "EntityModel5":
        """:meth:`EntityModel4.fit`, then :class:`Demonyms` counted on EventDNA's train
        and validation parts (the tagger too ends refitted on both)."""
        super().fit(edna_train, kroniek_train, edna_dev, kroniek_dev)
        self.demonyms = Demonyms().fit([*edna_train, *edna_dev])
        return self

    def fix(self, documents: Sequence[Document],
            spans: Sequence[Sequence[Span]]) -> list[list[Span]]:
        """The tagger's ``spans`` of ``documents`` after both fixes."""
        return [extend_repeats(doc["text"], self.demonyms.relabel(doc, doc_spans))
                for doc, doc_spans in zip(documents, spans)]

    def spans(self, documents: Sequence[Document]) -> list[list[Span]]:
        return self.fix(documents, super().spans(documents))
