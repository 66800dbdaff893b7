"""Entity mentions for realnews.v2: who and where, learned from real Dutch news.

One component of :mod:`baselines.realnews2`, behind a small interface so that it can be
trained, tuned and replaced on its own:

* :meth:`EntityModel.fit` learns from EventDNA's train part and Kroniek's train split,
  and may tune on EventDNA's validation part and Kroniek's tuning split (never on any
  test part);
* :meth:`EntityModel.spans` gives, per document, the predicted mentions as
  :class:`~baselines._spans.Span` (start, end, Kroniek type, mention level).

Today it is realnews.v1's entity tagger (tokenclf.v2 features, SGD, EventDNA head spans
with ``TYPE/LEVEL`` labels, the ``O`` factor tuned on the validation parts).
"""

from __future__ import annotations

from typing import Sequence

from kroniek.documents import Document

from ._spans import Span


class EntityModel:
    """Learned entity mentions (heads, with mention levels)."""

    def __init__(self) -> None:
        self.tagger = None

    def fit(self, edna_train: Sequence[Document], kroniek_train: Sequence[Document],
            edna_dev: Sequence[Document], kroniek_dev: Sequence[Document]) -> "EntityModel":
        from .realnews import O_FACTORS, SETTING, Tagger, Tuning, training_rows

        rows = training_rows(edna_train, kroniek_train)
        tagger = Tagger(rows, *SETTING)
        tuning = Tuning(tagger, edna_dev, kroniek_dev)
        factor = max(O_FACTORS, key=lambda f: tuning.quality(f, 1.0, "entities"))
        self.tagger = Tagger(rows + training_rows(edna_dev, kroniek_dev), *SETTING)
        self.tagger.o_entities = factor
        return self

    def spans(self, documents: Sequence[Document]) -> list[list[Span]]:
        from .realnews import learned_documents

        return [[Span(e["start"], e["end"], e["type"], e["mention"]) for e in doc["entities"]]
                for doc in learned_documents(self.tagger, documents)]
