"""Scores for items that either match or not: sets of tuples.

Triggers, arguments and event relations are scored the TextEE way: each gold and each
predicted item becomes a tuple of what must agree (document, offsets, types), duplicates
collapse, and a predicted tuple is a true positive when the same tuple is in the gold set.

>>> gold = [(0, 5, 9, "ATTACK"), (0, 20, 24, "MOVEMENT")]
>>> pred = [(0, 5, 9, "ATTACK"), (0, 30, 33, "ATTACK")]
>>> r = set_scores(gold, pred, label=3)
>>> r.precision, r.recall, r.per_type["ATTACK"].precision
(0.5, 0.5, 0.5)
>>> set_counts(gold, pred)
{None: Counts(tp=1, n_pred=2, n_gold=2)}
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

from .counts import Counts


def set_counts(gold: Iterable[tuple], pred: Iterable[tuple], *, label: int | None = None,
               labels: Sequence[str] = ()) -> dict:
    """``{label: Counts}`` (one row keyed ``None`` when ``label`` is None): the public
    way to count matched items, for any scorer built on Kroniek's.

    Items are hashable tuples; duplicates collapse; a predicted item is a true positive
    when the same tuple is in the gold. ``label`` is the position of the type field in
    the tuples; rows follow ``labels``' order, then any other type in order of
    appearance, and only types that occur.
    """
    gold, pred = set(gold), set(pred)
    tp = gold & pred
    if label is None:
        return {None: Counts(len(tp), len(pred), len(gold))}
    n_gold = Counter(x[label] for x in gold)
    n_pred = Counter(x[label] for x in pred)
    n_tp = Counter(x[label] for x in tp)
    order = [t for t in labels if t in n_gold or t in n_pred]
    order += [t for t in dict.fromkeys([*n_gold, *n_pred]) if t not in set(order)]
    return {t: Counts(n_tp[t], n_pred[t], n_gold[t]) for t in order}


def set_scores(gold: Iterable[tuple], pred: Iterable[tuple], *, label: int | None = None,
               labels: Sequence[str] = ()) -> "Score":
    """The :class:`~.report.Score` of ``pred`` against ``gold`` (a ``per_type`` table when
    ``label`` is given); see :func:`set_counts`."""
    from .report import Score

    counts = set_counts(gold, pred, label=label, labels=labels)
    if label is None:
        return Score.of(counts[None])
    return Score.of(sum(counts.values(), Counts()), per_type=counts)
