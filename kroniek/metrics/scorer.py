"""The one scorer: documents in batches in, a :class:`~.report.Report` out.

Every score is a function of counts that add up over documents: nervaluate's correct and
incorrect predictions per scheme and label, the :class:`~.counts.Counts` of each set
metric and label, MUC's links, B-cubed's per-pair credits and CEAF-e's per-group
alignments. :class:`Scorer` takes aligned gold and predicted documents a batch at a time,
keeps those counts and lets the documents go. :func:`kroniek.metrics.score` is one batch;
``kroniek score`` streams files through it in bounded memory. The result does not depend
on how the documents were cut into batches, bit for bit: integer counts add exactly, and
the floating-point terms of B-cubed and CEAF-e are kept, or added, in corpus order
(mentions carry their document's position in the whole corpus, so even the order in
which sets iterate is the same).

For the bootstrap it also keeps what resampling needs: per-sentence counts of each
sentence metric and per-document coreference counts -- numbers, not documents.

>>> from kroniek.documents import new_document, entity
>>> gold = new_document("d1", "IS verloor Mosul.")
>>> gold["entities"] = [entity("e1", gold["text"], 0, 2, "ORG", "NAM")]
>>> scorer = Scorer(["entities"])
>>> scorer.add([gold], [{"id": "d1", "entities": gold["entities"]}])
>>> scorer.report()["entities.strict"].f1
1.0
"""

from __future__ import annotations

from array import array
from typing import Iterable, Sequence

from ..documents import Document
from ..schema import ENTITY_TYPES
from .counts import Counts
from .declared import METRICS, SET_METRICS, check_tasks
from .report import Report, Score


def ordered(rows: dict, inventory: Sequence[str]) -> dict:
    """Rows in the inventory's order, then any other label in first-seen order."""
    order = [t for t in inventory if t in rows] + [t for t in rows if t not in set(inventory)]
    return {t: rows[t] for t in order}


def add_rows(total: dict, rows: dict) -> None:
    """``total += rows`` for ``{label: Counts}``, first-seen order kept."""
    for label, counts in rows.items():
        total[label] = total[label] + counts if label in total else counts


def set_score(metric, rows: dict) -> Score:
    """The Score of a set metric from its ``{label: Counts}`` (one row keyed ``None``
    for a metric without types)."""
    if metric.per_type is None:
        return Score.of(rows.get(None, Counts()))
    rows = ordered(rows, metric.inventory)
    return Score.of(sum(rows.values(), Counts()), per_type=rows)


class Scorer:
    """Scores of aligned (gold, predicted) documents added a batch at a time.

    ``tasks`` picks families of :data:`kroniek.schema.TASKS` (default: all);
    ``resample`` names the metrics :meth:`intervals` will resample.
    """

    def __init__(self, tasks: Iterable[str] | None = None, *, resample: Sequence[str] = ()):
        self.tasks = check_tasks(tasks)
        self.documents = 0
        self.labels = list(ENTITY_TYPES)
        self.entities: dict | None = None
        self.sets: dict[str, dict] = {}
        self.muc = Counts(0, 0, 0, 0)
        self.b3_terms = (array("d"), array("d"))  # precision terms, recall terms
        self.b3_dens = [0, 0]
        self.ceafe = [0.0, 0, 0]  # total similarity, response clusters, key clusters
        self.resample_names = list(resample)
        self.unit_batches: list[tuple] = []

    def add(self, gold: Sequence[Document], pred: Sequence[Document]) -> None:
        """Count one batch: ``pred[i]`` is the prediction for ``gold[i]``."""
        start = self.documents
        tasks = self.tasks
        if "entities" in tasks:
            from .spans import add_outcome_counts, outcome_counts, span_outcomes
            from .tasks import entity_arrays

            g, p = entity_arrays(gold, self.labels), entity_arrays(pred, self.labels)
            outcomes = span_outcomes(g, p, n_labels=len(self.labels))
            self.entities = add_outcome_counts(
                self.entities, outcome_counts(g, p, outcomes, len(self.labels)))
        names = [n for n, m in SET_METRICS.items() if m.family in tasks and m.source != "relations"]
        if names:
            from .sets import set_counts
            from .tasks import set_items

            g_items, p_items = set_items(gold, names), set_items(pred, names)
            for name in names:
                metric = SET_METRICS[name]
                add_rows(self.sets.setdefault(name, {}),
                         set_counts(g_items[name], p_items[name], label=metric.label_index,
                                    labels=metric.inventory))
        if "relations" in tasks:
            from .tasks import relation_counts

            add_rows(self.sets.setdefault("relations", {}), relation_counts(gold, pred))
        if "coreference" in tasks:
            self._add_coreference(gold, pred, start)
        if self.resample_names:
            from .bootstrap import unit_counts

            self.unit_batches.append(unit_counts(gold, pred, self.resample_names, start=start))
        self.documents += len(gold)

    def _add_coreference(self, gold, pred, start: int) -> None:
        from .coref import b3_terms, ceafe_terms, muc_counts
        from .tasks import clusters

        key, response = clusters(gold, start), clusters(pred, start)
        self.muc = self.muc + muc_counts(key, response)
        precision, p_den, recall, r_den = b3_terms(key, response)
        self.b3_terms[0].extend(precision)
        self.b3_terms[1].extend(recall)
        self.b3_dens[0] += p_den
        self.b3_dens[1] += r_den
        for term in ceafe_terms(key, response):
            self.ceafe[0] += term
        self.ceafe[1] += len(response)
        self.ceafe[2] += len(key)

    def report(self) -> Report:
        """Every score of the documents added so far."""
        scores: dict[str, Score] = {}
        entities = coref = None
        for metric in METRICS:
            if metric.family not in self.tasks:
                continue
            if metric.kind == "spans":
                if entities is None:
                    entities = self._entity_scores()
                scores[metric.name] = entities[metric.variant]
            elif metric.kind == "set":
                scores[metric.name] = set_score(metric, self.sets.get(metric.name, {}))
            else:
                if coref is None:
                    coref = self._coref_scores()
                scores[metric.name] = coref[metric.variant]
        return Report(self.documents, scores)

    def _entity_scores(self) -> dict[str, Score]:
        from .spans import outcome_counts, scores_from_counts, span_outcomes

        counts = self.entities
        if counts is None:  # no documents: the counts of nothing
            from .tasks import entity_arrays

            g = entity_arrays([], self.labels)
            counts = outcome_counts(g, g, span_outcomes(g, g, n_labels=len(self.labels)),
                                    len(self.labels))
        return scores_from_counts(counts, self.labels)

    def _coref_scores(self) -> dict[str, Score]:
        from .coref import coref_scores_from_counts

        total, n_response, n_key = self.ceafe
        b3 = Counts(sum(self.b3_terms[0]), self.b3_dens[0], self.b3_dens[1],
                    sum(self.b3_terms[1]))
        return coref_scores_from_counts(self.muc, b3, Counts(total, n_response, n_key, total))

    def intervals(self, n_resamples: int, seed: int = 0, confidence: float = 0.95) -> dict:
        """Bootstrap intervals of the F1 of the metrics named at construction, identical
        to :func:`kroniek.metrics.bootstrap.bootstrap_ci` on the whole corpus."""
        import numpy as np

        from .bootstrap import intervals, resample

        names = self.resample_names
        if not names:
            return {}
        sentence = [c for c, _ in self.unit_batches if c is not None]
        coref = [c for _, c in self.unit_batches if c is not None]
        width = 3 * sum(1 for n in names if not n.startswith("coreference."))
        counts = (np.concatenate(sentence) if sentence else np.zeros((0, width)),
                  np.concatenate(coref) if coref else np.zeros((0, 12)))
        _, (samples,) = resample([counts], names, n_resamples, seed)
        return intervals(samples, names, confidence)
