"""Scoring batch by batch: the same result as :func:`kroniek.metrics.score`, in bounded memory.

Every score is a function of counts that add up over documents: nervaluate's correct and
incorrect predictions per scheme and label, the tuples that match in each set metric and
relation type, MUC's links, B-cubed's per-pair credits and CEAF-e's per-group alignments.
:class:`ScoreStream` takes aligned gold and predicted documents a batch at a time, keeps
those counts and lets the documents go. The result is identical to scoring the whole
corpus at once, bit for bit: integer counts add exactly, and the floating-point terms of
B-cubed and CEAF-e are kept, or added, in the same order as the one-pass code adds them
(mentions carry their document's position in the whole corpus, so even the order in
which sets iterate is the same).

For ``--bootstrap`` it also keeps what resampling needs: per-sentence counts of each
sentence metric and per-document coreference counts -- numbers, not documents.

>>> from kroniek.documents import new_document, entity
>>> gold = new_document("d1", "IS verloor Mosul.")
>>> gold["entities"] = [entity("e1", gold["text"], 0, 2, "ORG", "NAM")]
>>> stream = ScoreStream(["entities"])
>>> stream.add([gold], [{"id": "d1", "entities": gold["entities"]}])
>>> stream.result()["entities"]["strict"]["f1"]
1.0
"""

from __future__ import annotations

from array import array
from typing import Iterable, Sequence

from ..documents import Document
from ..schema import ENTITY_TYPES, EVENT_RELATIONS
from .counts import prf
from .tasks import SET_METRICS, TASKS

_TRIGGERS = ["triggers.identification", "triggers.classification"]
_ARGUMENTS = [n for n in SET_METRICS if n.startswith("arguments.")]


def _add_rows(total: dict, rows: dict) -> None:
    """``total += rows`` for ``{label: (tp, n_pred, n_gold)}``, first-seen order kept."""
    for label, (tp, n_pred, n_gold) in rows.items():
        a, b, c = total.get(label, (0, 0, 0))
        total[label] = (a + tp, b + n_pred, c + n_gold)


def _ordered(rows: dict, inventory: Sequence[str]) -> dict:
    """Rows in the inventory's order, then any other label in first-seen order."""
    order = [t for t in inventory if t in rows] + [t for t in rows if t not in set(inventory)]
    return {t: rows[t] for t in order}


class ScoreStream:
    """Scores of aligned (gold, predicted) documents added a batch at a time."""

    def __init__(self, tasks: Iterable[str] | None = None, *, resample: Sequence[str] = ()):
        self.tasks = list(TASKS if tasks is None else tasks)
        unknown = [t for t in self.tasks if t not in TASKS]
        if unknown:
            raise ValueError(f"unknown task {unknown[0]!r}; tasks are {', '.join(TASKS)}")
        self.documents = 0
        self.labels = list(ENTITY_TYPES)
        self.entities: dict | None = None
        self.sets: dict[str, dict] = {}
        self.relations: dict = {}
        self.muc = [0, 0, 0, 0]
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
        names = (_TRIGGERS if "triggers" in tasks else []) + \
                (_ARGUMENTS if "arguments" in tasks else [])
        if names:
            from .sets import set_counts
            from .tasks import set_items

            g_items, p_items = set_items(gold, names), set_items(pred, names)
            for name in names:
                _add_rows(self.sets.setdefault(name, {}),
                          set_counts(g_items[name], p_items[name], label=SET_METRICS[name][0],
                                     labels=SET_METRICS[name][2]))
        if "relations" in tasks:
            from .tasks import relation_counts

            _add_rows(self.relations, relation_counts(gold, pred))
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
        for i, x in enumerate(muc_counts(key, response)):
            self.muc[i] += x
        precision, p_den, recall, r_den = b3_terms(key, response)
        self.b3_terms[0].extend(precision)
        self.b3_terms[1].extend(recall)
        self.b3_dens[0] += p_den
        self.b3_dens[1] += r_den
        for term in ceafe_terms(key, response):
            self.ceafe[0] += term
        self.ceafe[1] += len(response)
        self.ceafe[2] += len(key)

    def result(self) -> dict:
        """Every score, nested by task, as :func:`kroniek.metrics.score` gives it."""
        from .coref import coref_scores_from_counts
        from .spans import outcome_counts, scores_from_counts, span_outcomes

        result: dict = {"documents": self.documents}
        for task in TASKS:
            if task not in self.tasks:
                continue
            if task == "entities":
                counts = self.entities
                if counts is None:  # no documents: the counts of nothing
                    from .tasks import entity_arrays

                    g = entity_arrays([], self.labels)
                    counts = outcome_counts(g, g, span_outcomes(g, g, n_labels=len(self.labels)),
                                            len(self.labels))
                result[task] = scores_from_counts(counts, self.labels)
            elif task in ("triggers", "arguments"):
                names = _TRIGGERS if task == "triggers" else _ARGUMENTS
                result[task] = {n.split(".", 1)[1]: self._set_scores(n) for n in names}
            elif task == "relations":
                result[task] = prf(_ordered(self.relations, EVENT_RELATIONS))
            else:
                total, n_response, n_key = self.ceafe
                result[task] = coref_scores_from_counts(
                    tuple(self.muc),
                    (sum(self.b3_terms[0]), self.b3_dens[0], sum(self.b3_terms[1]),
                     self.b3_dens[1]),
                    (total, n_response, total, n_key))
        return result

    def _set_scores(self, name: str) -> dict:
        label, _, inventory = SET_METRICS[name]
        rows = self.sets.get(name, {})
        if label is None:
            return prf(overall=rows.get(None, (0, 0, 0)))
        return prf(_ordered(rows, inventory))

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
