"""Entity mentions for realnews.v2: who and where, learned from real Dutch news.

One component of :mod:`baselines.realnews2`, behind a small interface so that it can be
trained, tuned and replaced on its own:

* :meth:`EntityModel.fit` learns from EventDNA's train part and Kroniek's train split,
  and tunes on EventDNA's validation part and Kroniek's tuning split (never on any test
  part);
* :meth:`EntityModel.spans` gives, per document, the predicted mentions as
  :class:`~baselines._spans.Span` (start, end, Kroniek type, mention level).

The model is a sequence tagger (:class:`baselines.realnews_names.MentionTagger`: names.v1's
linear SVM with Viterbi decoding, on ``TYPE/LEVEL`` labels of EventDNA head spans, plus
Kroniek's lexicon features and headline features). Kroniek's documents weigh
:data:`KRONIEK_WEIGHT` times an EventDNA document (its scheme is the target; it has few
documents). EventDNA has no time expressions, vehicles or weapons: gazetteer.v2's mentions
of those types are added to EventDNA documents as silver labels (:func:`with_silver`)
rather than taught as outside. The bias against ``O`` is picked on the validation parts
(EventDNA heads F1 plus Kroniek strict F1), then the tagger is refitted on train and
validation together (two fits of about a minute each on one core).

Measured on EventDNA's validation part, learning from its train part and Kroniek train
(heads / named F1): realnews.v1's per-token SGD tagger 72.3 / 74.9, this tagger 73.9 /
78.3, with Kroniek validation strict 83.2 (v1's tagger: 81.1). Tried and left out, each
within 0.3 of it on validation: a second, stacked stage (3x the fitting time), CoNLL-2002's
names as extra training data, separate ``O`` biases per mention level, a span-level type
classifier on the found names, spreading a found name to its other occurrences, Kroniek
weights 2 or 10, C from 0.03 to 0.3.
"""

from __future__ import annotations

from typing import Sequence

from kroniek.documents import Document

from ._spans import Span

KRONIEK_WEIGHT = 5.0
SILVER = ("TIME", "VEH", "WEA")
"""Kroniek types EventDNA does not annotate: in EventDNA documents, gazetteer.v2's
mentions of these types (outside EventDNA's own mentions) are taught as silver labels,
so that the tagger keeps finding them (they are argument fillers: EventDNA's Time
arguments, Kroniek's vehicles and weapons) instead of learning them as outside."""
O_BIASES = (0.0, 0.1, 0.2, 0.3, 0.45)
"""Candidate amounts taken off every token's ``O`` score before decoding (more mentions)."""
STAGES = 1
"""Stages of the tagger: a second (stacked) stage gained 0.3 named F1 on validation for
three times the fitting time."""
REFIT = True


def _tagger(documents: Sequence[Document], weights: Sequence[float]):
    from .realnews_names import MentionTagger

    return MentionTagger(stages=STAGES).fit(documents, weights)


class EntityModel:
    """Learned entity mentions (heads, with mention levels)."""

    def __init__(self) -> None:
        self.tagger = None

    def fit(self, edna_train: Sequence[Document], kroniek_train: Sequence[Document],
            edna_dev: Sequence[Document], kroniek_dev: Sequence[Document]) -> "EntityModel":
        edna_train, edna_dev = with_silver(edna_train), with_silver(edna_dev)
        docs = [*edna_train, *kroniek_train]
        weights = [1.0] * len(edna_train) + [KRONIEK_WEIGHT] * len(kroniek_train)
        tagger = _tagger(docs, weights)
        bias = tune_bias(tagger, edna_dev, kroniek_dev)
        if REFIT and (edna_dev or kroniek_dev):
            tagger = _tagger([*docs, *edna_dev, *kroniek_dev],
                             weights + [1.0] * len(edna_dev) + [KRONIEK_WEIGHT] * len(kroniek_dev))
        tagger.o_bias = bias
        self.tagger = tagger
        return self

    def spans(self, documents: Sequence[Document]) -> list[list[Span]]:
        if self.tagger is None:
            raise ValueError("EntityModel: fit it first")
        return self.tagger.spans(documents)


def with_silver(documents: Sequence[Document]) -> list[Document]:
    """EventDNA ``documents`` with gazetteer.v2's :data:`SILVER` mentions added to their
    entities where they overlap none of EventDNA's mentions (of any type, MISC too)."""
    from ._spans import Occupied, tokenize
    from .gazetteer2 import find_entities2

    out = []
    for doc, toks in zip(documents, tokenize(documents)):
        taken = Occupied([*((r["start"], r["end"]) for r in doc["eventdna"]["entities"]),
                          *((e["start"], e["end"]) for e in doc.get("entities", []))])
        silver = [{"start": s.start, "end": s.end, "type": s.label, "mention": s.extra}
                  for s in find_entities2(toks) if s.label in SILVER
                  and taken.free(s.start, s.end)]
        out.append({**doc, "entities": [*doc.get("entities", []), *silver]} if silver else doc)
    return out


def tune_bias(tagger, edna_dev: Sequence[Document], kroniek_dev: Sequence[Document]) -> float:
    """The :data:`O_BIASES` value with the best EventDNA heads F1 plus Kroniek strict F1
    on the validation parts (0 without validation documents)."""
    from kroniek.metrics import score
    from kroniek.metrics.crossscheme import per_document, scores_from_counts, total

    from ._spans import build, flatten

    parts = [(docs, tagger.scores(docs), cross) for docs, cross in ((edna_dev, True),
                                                                    (kroniek_dev, False)) if docs]
    if not parts:
        return 0.0

    def quality(bias: float) -> float:
        value = 0.0
        for docs, scored, cross in parts:
            pred = [build(d, entities=flatten(s)) for d, s in zip(docs, tagger.decode(scored, bias))]
            if cross:
                value += scores_from_counts(total(per_document(docs, pred)))["entities.heads"]["f1"]
            else:
                value += score(docs, pred, tasks=["entities"], check=False)["entities.strict"].f1
        return value

    return max(O_BIASES, key=quality)
