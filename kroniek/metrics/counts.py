"""Counts, the one thing every score is made of, and their precision, recall and F1.

Every score in :mod:`kroniek.metrics` is first reduced to :class:`Counts`: how many
matches (``tp``, possibly fractional, e.g. nervaluate's half credit for a partial match),
how many predicted items (``n_pred``) and how many gold items (``n_gold``). Counts add up
with ``+`` (over documents, batches or labels), as spaCy's ``PRFScore`` does, and become
precision, recall and F1 in one division through scikit-learn: the counts become a handful
of weighted (gold label, predicted label) pairs -- ``(X, X)`` weighted by ``tp``,
``(none, X)`` by the false positives, ``(X, none)`` by the false negatives -- and
:func:`sklearn.metrics.precision_recall_fscore_support` does the arithmetic on that tiny
array. So the formulas are scikit-learn's, and no per-item array is ever built.

Coreference's B-cubed credits each mention with a fraction, so its precision and recall
numerators differ: such counts carry the recall numerator as ``tp_gold`` (see
:meth:`Counts.scores`).

>>> a = Counts(3, 4, 5) + Counts(1, 1, 2)
>>> a
Counts(tp=4, n_pred=5, n_gold=7)
>>> a.precision, round(a.recall, 4), round(a.f1, 4)
(0.8, 0.5714, 0.6667)
>>> sum([Counts(1, 1, 1), Counts(0, 1, 0)], Counts()).fp
1
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Mapping

OVERALL = "*"


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


@dataclass(frozen=True)
class Counts:
    """(tp, n_pred, n_gold) of one score, addable; precision, recall and F1 derived.

    ``tp_gold`` is the recall numerator when it is not ``tp`` (coreference, whose
    numerators the CoNLL scorer keeps apart); ``None`` for every other score.
    """

    tp: float = 0
    n_pred: float = 0
    n_gold: float = 0
    tp_gold: float | None = None

    def __add__(self, other: "Counts") -> "Counts":
        if not isinstance(other, Counts):
            return NotImplemented
        tp_gold = None
        if self.tp_gold is not None or other.tp_gold is not None:
            tp_gold = ((self.tp if self.tp_gold is None else self.tp_gold)
                       + (other.tp if other.tp_gold is None else other.tp_gold))
        return Counts(self.tp + other.tp, self.n_pred + other.n_pred,
                      self.n_gold + other.n_gold, tp_gold)

    def __repr__(self) -> str:
        extra = "" if self.tp_gold is None else f", tp_gold={_number(self.tp_gold)!r}"
        return (f"Counts(tp={_number(self.tp)!r}, n_pred={_number(self.n_pred)!r}, "
                f"n_gold={_number(self.n_gold)!r}{extra})")

    @property
    def fp(self) -> float:
        return _number(self.n_pred - self.tp)

    @property
    def fn(self) -> float:
        return _number(self.n_gold - (self.tp if self.tp_gold is None else self.tp_gold))

    @cached_property
    def scores(self) -> tuple[float, float, float]:
        """(precision, recall, f1), by scikit-learn.

        With ``tp_gold`` (different numerators), the counts are scaled to one ``tp`` of 1
        with fractional false positives and negatives, ``fp = n_pred/tp - 1`` and
        ``fn = n_gold/tp_gold - 1``, which gives scikit-learn the same precision, recall
        and harmonic-mean F1.
        """
        if self.tp_gold is None:
            row = (self.tp, self.n_pred, self.n_gold)
        elif self.tp and self.tp_gold:
            row = (1.0, self.n_pred / self.tp, self.n_gold / self.tp_gold)
        else:
            row = (0.0, float(self.n_pred), float(self.n_gold))
        p, r, f, _ = _sklearn({OVERALL: row}, "micro")
        return float(p), float(r), float(f)

    @property
    def precision(self) -> float:
        return self.scores[0]

    @property
    def recall(self) -> float:
        return self.scores[1]

    @property
    def f1(self) -> float:
        return self.scores[2]

    def fields(self) -> dict:
        """The counts as a score row keeps them (docs/FORMAT.md section 4)."""
        if self.tp_gold is not None:
            return {"precision_numerator": _number(self.tp),
                    "precision_denominator": _number(self.n_pred),
                    "recall_numerator": _number(self.tp_gold),
                    "recall_denominator": _number(self.n_gold)}
        return {"tp": _number(self.tp), "fp": _number(self.n_pred - self.tp),
                "fn": _number(self.n_gold - self.tp), "n_pred": _number(self.n_pred),
                "n_gold": _number(self.n_gold)}

    @classmethod
    def from_fields(cls, row: Mapping) -> "Counts | None":
        """The counts of a score row (:meth:`fields`), or ``None`` when it has none."""
        if "precision_numerator" in row:
            return cls(row["precision_numerator"], row["precision_denominator"],
                       row["recall_denominator"], row["recall_numerator"])
        if "tp" in row:
            return cls(row["tp"], row["n_pred"], row["n_gold"])
        return None


COUNT_FIELDS = ("tp", "fp", "fn", "n_pred", "n_gold", "precision_numerator",
                "precision_denominator", "recall_numerator", "recall_denominator")


def _arrays(table: Mapping[str, tuple]):
    import numpy as np

    labels = list(table)
    y_true, y_pred, weight = [], [], []
    for code, label in enumerate(labels):
        tp, n_pred, n_gold = table[label]
        for t, p, w in ((code, code, tp), (-1, code, n_pred - tp), (code, -1, n_gold - tp)):
            if w:
                y_true.append(t)
                y_pred.append(p)
                weight.append(w)
    if not weight:  # scikit-learn refuses empty input; a (none, none) pair counts for nothing
        y_true, y_pred, weight = [-1], [-1], [1.0]
    return (np.asarray(y_true), np.asarray(y_pred), np.asarray(weight, dtype=float),
            list(range(len(labels))))


def _sklearn(table: Mapping[str, tuple], average: str | None):
    from sklearn.metrics import precision_recall_fscore_support

    y_true, y_pred, weight, labels = _arrays(table)
    return precision_recall_fscore_support(y_true, y_pred, labels=labels, average=average,
                                           sample_weight=weight, zero_division=0)


def table_scores(table: Mapping[str, Counts]) -> dict[str, tuple[float, float, float]]:
    """``{label: (precision, recall, f1)}`` of a per-label table, in one scikit-learn call
    (the same values as each row's :attr:`Counts.scores`, faster for many rows)."""
    if not table:
        return {}
    ps, rs, fs, _ = _sklearn({k: (c.tp, c.n_pred, c.n_gold) for k, c in table.items()}, None)
    return {label: (float(ps[i]), float(rs[i]), float(fs[i])) for i, label in enumerate(table)}


def total(counts, start: Counts | None = None) -> Counts:
    """The sum of many counts."""
    result = Counts() if start is None else start
    for c in counts:
        result = result + c
    return result
