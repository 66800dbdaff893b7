"""Event triggers for realnews.v2: what happened, learned from real Dutch news.

One component of :mod:`baselines.realnews2`, behind a small interface so that it can be
trained, tuned and replaced on its own:

* :meth:`TriggerModel.fit` learns from EventDNA's train part and Kroniek's train split,
  and may tune on EventDNA's validation part and Kroniek's tuning split (never on any
  test part);
* :meth:`TriggerModel.spans` gives, per document, the predicted triggers as
  :class:`~baselines._spans.Span` (start, end, Kroniek event type, realis).

Today it is realnews.v1's trigger tagger (tokenclf.v2 features, SGD, the Alpino head of
each EventDNA event, ``Unknown`` events taught as OTHER, the ``O`` factor tuned on the
validation parts, rules.v2's realis).
"""

from __future__ import annotations

from typing import Sequence

from kroniek.documents import Document

from ._spans import Span


class TriggerModel:
    """Learned event triggers (type and realis)."""

    def __init__(self) -> None:
        self.tagger = None

    def fit(self, edna_train: Sequence[Document], kroniek_train: Sequence[Document],
            edna_dev: Sequence[Document], kroniek_dev: Sequence[Document]) -> "TriggerModel":
        from .realnews import O_FACTORS, SETTING, Tagger, Tuning, training_rows

        rows = training_rows(edna_train, kroniek_train)
        tagger = Tagger(rows, *SETTING)
        tuning = Tuning(tagger, edna_dev, kroniek_dev)
        factor = max(O_FACTORS, key=lambda f: tuning.quality(1.0, f, "triggers"))
        self.tagger = Tagger(rows + training_rows(edna_dev, kroniek_dev), *SETTING)
        self.tagger.o_triggers = factor
        return self

    def spans(self, documents: Sequence[Document]) -> list[list[Span]]:
        from .realnews import learned_documents

        return [[Span(e["start"], e["end"], e["type"], e["realis"]) for e in doc["events"]]
                for doc in learned_documents(self.tagger, documents)]
