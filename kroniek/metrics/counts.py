"""Precision, recall and F1 from counts, through scikit-learn.

Every score in :mod:`kroniek.metrics` is first reduced to counts per label: how many
matches (``tp``, possibly fractional, e.g. nervaluate's half credit for a partial match),
how many predicted items (``n_pred``) and how many gold items (``n_gold``). Those counts
become a handful of weighted (gold label, predicted label) pairs -- ``(X, X)`` weighted by
``tp``, ``(none, X)`` by the false positives, ``(X, none)`` by the false negatives -- and
:func:`sklearn.metrics.precision_recall_fscore_support` does the arithmetic on that tiny
array. So the formulas are scikit-learn's, and no per-item array is ever built.

>>> r = prf({"PER": (3, 4, 5), "ORG": (1, 1, 2)})
>>> r["precision"], r["recall"], round(r["f1"], 4)
(0.8, 0.5714285714285714, 0.6667)
>>> r["per_type"]["ORG"]["recall"]
0.5
"""

from __future__ import annotations

from typing import Mapping

Count = tuple[float, float, float]
"""(tp, n_pred, n_gold) for one label."""

OVERALL = "*"


def _arrays(table: Mapping[str, Count]):
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


def _sklearn(table: Mapping[str, Count], average: str | None):
    from sklearn.metrics import precision_recall_fscore_support

    y_true, y_pred, weight, labels = _arrays(table)
    return precision_recall_fscore_support(y_true, y_pred, labels=labels, average=average,
                                           sample_weight=weight, zero_division=0)


def row(precision: float, recall: float, f1: float, count: Count) -> dict:
    tp, n_pred, n_gold = count
    return {"precision": float(precision), "recall": float(recall), "f1": float(f1),
            "tp": _number(tp), "fp": _number(n_pred - tp), "fn": _number(n_gold - tp),
            "n_pred": _number(n_pred), "n_gold": _number(n_gold)}


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def prf(per_type: Mapping[str, Count] | None = None, *, overall: Count | None = None,
        extra: Mapping[str, Mapping[str, int]] | None = None) -> dict:
    """Scores for counts: the headline plus, when ``per_type`` is given, a ``per_type`` table.

    The headline is scikit-learn's micro average over ``per_type``, or, when ``overall``
    is given, the scores of those counts (nervaluate's overall run is not the sum of its
    per-type runs, so it has its own counts). ``extra`` adds fields to rows (e.g.
    nervaluate's COR/INC/PAR/MIS/SPU): key ``OVERALL`` for the headline, a label for a row.
    """
    per_type = dict(per_type or {})
    extra = extra or {}
    if overall is None:
        overall = tuple(sum(c[i] for c in per_type.values()) for i in range(3))  # type: ignore
        p, r, f, _ = _sklearn(per_type or {OVERALL: overall}, "micro")
        result = row(p, r, f, overall)
        if per_type:
            ps, rs, fs, _ = _sklearn(per_type, None)
    else:
        # Its own counts: one call scores them as one more row next to the types.
        table = {**per_type, OVERALL: overall}
        ps, rs, fs, _ = _sklearn(table, None)
        result = row(ps[-1], rs[-1], fs[-1], overall)
    result |= dict(extra.get(OVERALL, {}))
    if per_type:
        result["per_type"] = {label: row(ps[i], rs[i], fs[i], per_type[label])
                              | dict(extra.get(label, {}))
                              for i, label in enumerate(per_type)}
    return result


def ratios(p_num: float, p_den: float, r_num: float, r_den: float) -> dict:
    """Scores for a precision ``p_num/p_den`` and a recall ``r_num/r_den`` with different numerators.

    Coreference's B-cubed credits each mention with a fraction, and its precision and recall
    numerators differ. They are scaled to one ``tp`` of 1 with fractional false positives
    and negatives, ``fp = p_den/p_num - 1`` and ``fn = r_den/r_num - 1``, which gives
    scikit-learn the same precision, recall and harmonic-mean F1.

    >>> r = ratios(1, 4, 1, 2)
    >>> r["precision"], r["recall"], round(r["f1"], 6)
    (0.25, 0.5, 0.333333)
    """
    if p_num and r_num:
        count: Count = (1.0, p_den / p_num, r_den / r_num)
    else:
        count = (0.0, float(p_den), float(r_den))
    p, r, f, _ = _sklearn({OVERALL: count}, "micro")
    return {"precision": float(p), "recall": float(r), "f1": float(f),
            "precision_numerator": _number(p_num), "precision_denominator": _number(p_den),
            "recall_numerator": _number(r_num), "recall_denominator": _number(r_den)}
