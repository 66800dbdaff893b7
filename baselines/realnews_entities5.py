"""Entity mentions for realnews.v5: realnews.v4's tagger, then fixes by whole name.

:class:`EntityModel5` has realnews.v4's interface (``EntityModel5(syntax)``, ``fit(edna_train,
kroniek_train, edna_dev, kroniek_dev)``, ``spans(documents)``) and fits the same tagger as
:class:`baselines.realnews_entities4.EntityModel4` (the parser's arcs, ``O`` bias tuned on
the validation parts, refit on train + validation). Its predictions then pass through:

* :class:`baselines.realnews_entities5_demonyms.Demonyms`: a word for the people of a
  place that EventDNA marks as a named LOC (``Palestijnen``) becomes NORP/NAM instead of
  the tagger's PER/NOM;
* :class:`baselines.realnews_entities5_types.PlaceOrActor` (only if it pays on the
  validation parts and costs Kroniek nothing, see :meth:`EntityModel5.fit`: today it is
  off): a GPE that acts becomes an ORG;
* :func:`baselines.realnews_entities5_bounds.extend_repeats`: a name the tagger cut short
  where the same document names it in full (``Nagel`` after ``Kuehne + Nagel``) is widened.

Measured on realnews.v4's tagger fitted on EventDNA train + Kroniek train (the fixes
learned from EventDNA train; for the folds, tagger and fixes from the other two folds),
named / heads F1 at ``O`` bias .2, one step after another::

                                    realnews.v4's  + demonyms  + repeats  + GPE to ORG
    EventDNA validation             78.9/74.6      79.8/74.7   79.8/74.7  80.1/74.9
    3 folds of train + validation   80.4/76.4      80.9/76.4   81.0/76.5  81.3/76.7
    Kroniek validation, strict      84.6           84.6        84.6       84.2

The third column is this model as fitted on today's data (the GPE step off: it costs
Kroniek validation 0.3 strict F1, see :data:`KRONIEK_TOLERANCE`); the last is the model
with the step on, without its refit so that validation stays unseen (each fold gained
named F1 there: +1.3, +0.6, +0.9). What was
tried on boundaries and left out, and why, is in :mod:`baselines.realnews_entities5_bounds`.
"""

from __future__ import annotations

from typing import Sequence

from kroniek.documents import Document

from ._spans import Span
from .realnews_entities import KRONIEK_WEIGHT, REFIT, tune_bias, with_silver
from .realnews_entities4 import EntityModel4
from .realnews_entities5_bounds import extend_repeats
from .realnews_entities5_demonyms import Demonyms
from .realnews_entities5_types import PlaceOrActor, margins


KRONIEK_TOLERANCE = 0.0
"""How much Kroniek strict F1 on the tuning split the GPE-to-ORG step may cost (0: none).
A country that acts is an ORG in EventDNA and a GPE in Kroniek, so the step always costs
some: on the Kroniek test split, 0.5 strict and 0.5 type F1 (three countries and cities,
the type then 1.04 points under realnews.v2's, past the one point v5 may give up), for
+0.3 named F1 on EventDNA validation and +0.4 over the folds. At 0 the step is off."""


def quality(edna_dev: Sequence[Document], edna_spans, kroniek_dev: Sequence[Document],
            kroniek_spans) -> tuple[float, float]:
    """EventDNA heads F1 + named F1, and Kroniek strict F1, of predicted spans on the
    validation parts (0 for a part without documents)."""
    from kroniek.metrics import score
    from kroniek.metrics.crossscheme import per_document, scores_from_counts, total

    from ._spans import build, flatten

    edna = kroniek = 0.0
    if edna_dev:
        pred = [build(d, entities=flatten(s)) for d, s in zip(edna_dev, edna_spans)]
        cross = scores_from_counts(total(per_document(edna_dev, pred)))
        edna = cross["entities.heads"]["f1"] + cross["entities.named"]["f1"]
    if kroniek_dev:
        pred = [build(d, entities=flatten(s)) for d, s in zip(kroniek_dev, kroniek_spans)]
        kroniek = score(kroniek_dev, pred, tasks=["entities"], check=False)["entities.strict"].f1
    return edna, kroniek


class EntityModel5(EntityModel4):
    """realnews.v4's entity model with its names' types and boundaries fixed by whole
    name (see the module's docstring)."""

    def __init__(self, syntax, *, cache: dict | None = None) -> None:
        super().__init__(syntax, cache=cache)
        self.demonyms = Demonyms()
        self.types: PlaceOrActor | None = None

    def fit(self, edna_train: Sequence[Document], kroniek_train: Sequence[Document],
            edna_dev: Sequence[Document], kroniek_dev: Sequence[Document]) -> "EntityModel5":
        """realnews.v4's fit (tagger, ``O`` bias, refit on train + validation), with
        :class:`Demonyms` and :class:`PlaceOrActor` learned from EventDNA train; the
        tagger before its refit predicts the validation parts, where :class:`PlaceOrActor`
        is kept only if it raises EventDNA heads + named + Kroniek strict F1 and costs
        Kroniek strict F1 no more than :data:`KRONIEK_TOLERANCE`. Both are then learned
        again from EventDNA train + validation."""
        cache = {} if self.cache is None else self.cache
        silver_train, silver_dev = with_silver(edna_train), with_silver(edna_dev)
        docs = [*silver_train, *kroniek_train]
        weights = [1.0] * len(silver_train) + [KRONIEK_WEIGHT] * len(kroniek_train)
        tagger = self.new_tagger(docs, weights, cache=cache)
        bias = tune_bias(tagger, silver_dev, kroniek_dev)
        tagger.o_bias = bias
        self.demonyms = Demonyms().fit(edna_train)
        self.types = PlaceOrActor().fit(edna_train, tagger._parses(edna_train))
        self.tagger = tagger
        if edna_dev or kroniek_dev:
            without = quality(edna_dev, self._spans(edna_dev, types=False),
                              kroniek_dev, self._spans(kroniek_dev, types=False))
            with_types = quality(edna_dev, self._spans(edna_dev, types=True),
                                 kroniek_dev, self._spans(kroniek_dev, types=True))
            if (sum(with_types) <= sum(without)
                    or without[1] - with_types[1] > KRONIEK_TOLERANCE):
                self.types = None
        if REFIT and (edna_dev or kroniek_dev):
            tagger = self.new_tagger([*docs, *silver_dev, *kroniek_dev],
                                     weights + [1.0] * len(silver_dev)
                                     + [KRONIEK_WEIGHT] * len(kroniek_dev), cache=cache)
            tagger.o_bias = bias
            self.demonyms = Demonyms().fit([*edna_train, *edna_dev])
            if self.types is not None:
                both = [*edna_train, *edna_dev]
                self.types = PlaceOrActor().fit(both, tagger._parses(both))
        tagger.cache = self.cache
        self.tagger = tagger
        return self

    def _spans(self, documents: Sequence[Document], *, types: bool) -> list[list[Span]]:
        tagger = self.tagger
        own = tagger.cache is None
        if own:
            tagger.cache = {}                   # parse each document once for both steps
        try:
            scored = tagger.scores(documents)
            spans = [self.demonyms.relabel(doc, s)
                     for doc, s in zip(documents, tagger.decode(scored))]
            if types and self.types is not None:
                spans = self.types.relabel(documents, tagger._parses(documents), spans,
                                           margins(tagger, scored, spans))
        finally:
            if own:
                tagger.cache = None
        return [extend_repeats(doc["text"], s) for doc, s in zip(documents, spans)]

    def spans(self, documents: Sequence[Document]) -> list[list[Span]]:
        return self._spans(documents, types=True)
