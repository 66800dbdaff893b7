"""Event triggers for realnews.v4: realnews.v2's trigger tagger behind a syntactic
sentence gate.

:class:`TriggerModel4` has realnews.v2's interface (``fit(edna_train, kroniek_train,
edna_dev, kroniek_dev)``, ``spans(documents)``) and holds the fitted
:class:`baselines.realnews_syntax.SyntaxModel`. It tags as realnews.v2's
:class:`~baselines.realnews_triggers.TriggerModel` does (same features, targets, ``O``
factor and floor), then drops every trigger of a sentence that the gate
(:class:`baselines.realnews_events4_gate.SentenceGate`: the tagger's view of the sentence,
the parse's root and its children, the headline, the words) finds unlikely to hold an
event. The gate learns from the train parts on cross-fitted tagger probabilities; its
threshold is tuned with the ``O`` factor and the floor on the validation parts (EventDNA
trigger identification + classification F1 across schemes, Kroniek trigger
classification F1), and the tagger is then refitted on everything, as in realnews.v2.

Measured with one loop (learn from EventDNA's train part + Kroniek train, tune and score
on EventDNA's validation part + Kroniek validation, before the refit; the parser fitted on
EventDNA train only), F1 for tagger seeds 0, 1 and 2 (realnews.v2's TriggerModel -> this
one):

===============================  ==============  ==============  ==============  =============
F1                               seed 0          seed 1          seed 2          mean
===============================  ==============  ==============  ==============  =============
EventDNA trigger identification  .678 -> .682    .663 -> .674    .675 -> .680    .672 -> .679
EventDNA trigger classification  .562 -> .568    .561 -> .564    .549 -> .561    .557 -> .565
Kroniek trigger classification   .711 -> .710    .715 -> .708    .710 -> .708    .712 -> .708
===============================  ==============  ==============  ==============  =============

The gate is cautious: at seed 0 it removes 44 of the 1,185 triggers on EventDNA's
validation part (identification precision .642 -> .658, recall .718 -> .709) and 5 of
210 on Kroniek's. Fitting takes about a minute more than realnews.v2's (three
cross-fitted taggers, the parses, a grid six times larger).

Tried and dropped (on the same loop; tagger seed noise is about one point): the parse as
token features of the tagger (relation, children's relations, head word, depth: EventDNA
identification +.2, classification +.1, Kroniek classification -3); a candidate reranker
(each candidate beside the others of its sentence through the parse: likelier candidates
above or below it, rank, relation; -2 identification, -3 classification, also mixed with
the tagger's probability); separate ``O`` factors for clause heads and for nominal
dependents (+.1 at best); a lower ``O`` factor in sentences the gate is sure of (no gain);
a second, stricter gate threshold for the floor's trigger (+.3 classification at seed 0,
nothing at seeds 1 and 2); a gate regularised ten times more or less (worse); more gate
features (the top three candidates' words and relations, clause count: no gain); an
average of three taggers of different seeds (no gain).
"""

from __future__ import annotations

from typing import Sequence

from kroniek.documents import Document

from ._spans import Span
from .realnews_triggers import (FLOORS, KRONIEK_WEIGHT, O_FACTORS, Tagger, TriggerModel,
                                extended, head_targets, learned, phrases, quality, sentences)

def parses(syntax, documents: Sequence[Document]) -> list:
    """A :class:`~baselines.realnews_syntax.Parse` per sentence of ``documents``, in the
    order of :func:`~baselines.realnews_triggers.sentences`."""
    return [p for doc in syntax.parse(documents) for p in doc]


def gate_rows(data: Sequence, probabilities: Sequence, parsed: Sequence) -> list[dict]:
    """:func:`~baselines.realnews_events4_gate.sentence_features` of each sentence."""
    from .realnews_events4_gate import positions, sentence_features

    return [sentence_features(s.words, p, parse, n)
            for s, p, parse, n in zip(data, probabilities, parsed, positions(data))]


def gated(tags: Sequence[list[str]], keep: Sequence[float], threshold: float) -> list[list[str]]:
    """``tags`` with every trigger of a sentence whose gate probability is under
    ``threshold`` removed."""
    return [list(t) if k >= threshold else ["O"] * len(t) for t, k in zip(tags, keep)]


class TriggerModel4(TriggerModel):
    """realnews.v2's trigger tagger behind a syntactic sentence gate (see the module).

    :meth:`fit` is written once for this model and the ones built on it: they add
    sentence classifiers (:meth:`_fit_gates`), what those say of a sentence
    (:meth:`_views`), how it changes the tags (:meth:`_tags`) and settings to tune
    (:meth:`_tune`)."""

    def __init__(self, syntax) -> None:
        super().__init__()
        self.syntax = syntax
        self.gate = None

    def _fit_gates(self, rows: list[dict], train: Sequence) -> None:
        from .realnews_events4_gate import SentenceGate

        self.gate = SentenceGate(rows, [int(bool(s.events)) for s in train],
                                 [s.weight for s in train])

    def _views(self, tagger: Tagger, data: Sequence, parsed: Sequence) -> tuple:
        """What the sentence classifiers say of each sentence: here the gate's probability."""
        from .realnews_events4_gate import trigger_probabilities

        return (self.gate.probabilities(gate_rows(data, trigger_probabilities(tagger, data),
                                                  parsed)),)

    def _tags(self, tagger: Tagger, data: Sequence, probs, keep, setting: tuple) -> list:
        o_factor, floor, threshold = setting
        return gated(tagger.decode(data, probs, o_factor, floor), keep, threshold)

    def _tune(self, tuned) -> tuple:
        from .realnews_events4_gate import THRESHOLDS

        return max(((f, floor, t) for f in O_FACTORS for floor in FLOORS for t in THRESHOLDS),
                   key=tuned)

    def _setting(self) -> tuple:
        return self.tagger.o_factor, self.tagger.floor, self.gate.threshold

    def _keep_setting(self, setting: tuple) -> None:
        self.tagger.o_factor, self.tagger.floor, self.gate.threshold = setting[:3]

    def fit(self, edna_train: Sequence[Document], kroniek_train: Sequence[Document],
            edna_dev: Sequence[Document], kroniek_dev: Sequence[Document]) -> "TriggerModel4":
        from .realnews_events4_gate import crossfit

        train = (sentences(edna_train, source="eventdna")
                 + sentences(kroniek_train, source="kroniek", weight=KRONIEK_WEIGHT))
        train_parses = parses(self.syntax, edna_train) + parses(self.syntax, kroniek_train)
        unseen = crossfit(train, lambda part: Tagger(part, head_targets(part)))
        self._fit_gates(gate_rows(train, unseen, train_parses), train)
        tagger = Tagger(train, head_targets(train))
        parts = []
        for docs, data in ((edna_dev, sentences(edna_dev, source="eventdna")),
                           (kroniek_dev, sentences(kroniek_dev, source="kroniek",
                                                   weight=KRONIEK_WEIGHT))):
            parts.append((docs, data, tagger.probabilities(data),
                          *self._views(tagger, data, parses(self.syntax, docs))))

        def tuned(setting: tuple) -> float:
            edna, kroniek = (learned(docs, data, self._tags(tagger, data, *rest, setting))
                             for docs, data, *rest in parts)
            return quality(edna_dev, kroniek_dev, edna, kroniek)

        setting = self._tune(tuned)
        if edna_dev or kroniek_dev:
            everything = train + parts[0][1] + parts[1][1]
            tagger = Tagger(everything, head_targets(everything))
        self.tagger = tagger
        self._keep_setting(setting)
        self.phrases = phrases(train + parts[1][1])
        return self

    def spans(self, documents: Sequence[Document]) -> list[list[Span]]:
        data = sentences(documents)
        views = self._views(self.tagger, data, parses(self.syntax, documents))
        tags = self._tags(self.tagger, data, self.tagger.probabilities(data), *views,
                          self._setting())
        return learned(documents, data, extended(data, tags, self.phrases))
