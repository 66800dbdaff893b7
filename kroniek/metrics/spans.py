"""Span scores with nervaluate's four schemes: strict, exact, partial and type.

nervaluate (1.2) compares, per document, each predicted span in turn with the gold spans
not yet used, in list order:

- ``strict``: same offsets and type -> COR; else the first gold span it overlaps -> INC;
- ``exact``: same offsets, any type -> COR; else the first overlapping gold span -> INC;
- ``partial``: as ``exact``, but the overlap counts as PAR (half credit), not INC;
- ``type``: the overlapping gold span of the same type with the closest boundaries -> COR;
  else the first overlapping gold span (of another type) -> INC.

A gold span used by one prediction is not available to the next; a prediction that finds
nothing is SPU, a gold span never used is MIS. "Overlap" means at least
``min_overlap_percentage`` per cent of the gold span (1, as in nervaluate). Per-type rows
are separate runs on the spans of one type, as nervaluate does them. Precision is
``COR/ACT`` and recall ``COR/POS`` (``(COR + PAR/2)`` for partial and type), where ACT counts
all predictions and POS all gold spans.

Spans are ``(document, start, end, type)``, ``end`` exclusive, visited in order of start,
then end, then as given (nervaluate's result depends on the order only when predictions
overlap each other).

How it stays fast: spans become integer arrays, with each document (and, for the per-type
runs, each type) given its own stretch of one number line. When predictions do not overlap
each other and gold spans have distinct offsets (the usual case), a prediction equal to a
gold span takes it in every scheme, so those pairs are found by sorting; a span that
overlaps nothing left on the other side is SPU or MIS. Only the rest -- spans that
overlap without matching, usually few -- goes through nervaluate's greedy rule, one sweep
per document. Documents that break the condition go through the greedy rule whole.

>>> gold = [("d", 0, 2, "PER"), ("d", 5, 8, "LOC")]
>>> pred = [("d", 0, 2, "PER"), ("d", 5, 7, "LOC")]
>>> r = span_scores(gold, pred)
>>> r["strict"].f1, r["partial"].f1, r["type"].f1
(0.5, 0.75, 1.0)
>>> r["strict"].details["incorrect"], r["partial"].details["partial"]
(1, 1)
"""

from __future__ import annotations

from itertools import groupby
from typing import Iterable, NamedTuple, Sequence

from .counts import Counts

SCHEMES = ("strict", "exact", "partial", "type")
_STRICT, _EXACT, _TYPE = 0, 1, 2  # the three greedy rules; partial shares exact's run


class SpanArrays(NamedTuple):
    """Spans as parallel integer arrays: document code, start, end (exclusive), label code."""

    doc: "np.ndarray"
    start: "np.ndarray"
    end: "np.ndarray"
    label: "np.ndarray"

    def __len__(self) -> int:
        return len(self.start)


def span_arrays(doc: Sequence[int], start: Sequence[int], end: Sequence[int],
                label: Sequence[int]) -> SpanArrays:
    import numpy as np

    return SpanArrays(*(np.asarray(x, dtype=np.int64).reshape(-1) for x in (doc, start, end, label)))


def encode(spans: Iterable[tuple], labels: Sequence[str] | None = None, docs: dict | None = None):
    """``(document, start, end, label)`` tuples as :class:`SpanArrays`, with the code tables.

    ``docs`` and ``labels`` grow as new names appear, so one call's tables can be passed
    to the next to give gold and predictions the same codes.
    """
    import numpy as np

    docs = {} if docs is None else docs
    labels = [] if labels is None else labels
    rows = spans if isinstance(spans, list) else list(spans)
    if not rows:
        return span_arrays([], [], [], []), labels, docs
    doc_col, starts, ends, label_col = zip(*rows)
    codes = {label: i for i, label in enumerate(labels)}
    for name, table in ((doc_col, docs), (label_col, codes)):
        for value in dict.fromkeys(name):
            if value not in table:
                table[value] = len(table)
    labels[len(labels):] = list(codes)[len(labels):]
    n = len(rows)
    as_codes = lambda col, table: np.fromiter(map(table.__getitem__, col), np.int64, n)  # noqa: E731
    return SpanArrays(as_codes(doc_col, docs), np.array(starts, dtype=np.int64),
                      np.array(ends, dtype=np.int64), as_codes(label_col, codes)), labels, docs


class Outcome(NamedTuple):
    """Which predictions one run found correct and incorrect (partial, in that scheme)."""

    correct: "np.ndarray"
    incorrect: "np.ndarray"


def _greedy(trues: list, preds: list, rule: int, threshold: float, correct, incorrect) -> None:
    """nervaluate's rule for one document; rows ``(start, end, label, index)`` sorted.

    Gold spans become candidates once they start before the prediction ends and are dropped
    once they end before it starts (predictions come in order of start). Marks the
    predictions' indices in the boolean arrays ``correct`` and ``incorrect``.
    """
    n = len(trues)
    used = [False] * n
    active: list[int] = []
    j = 0
    for ps, pe, pl, index in preds:
        while j < n and trues[j][0] < pe:
            active.append(j)
            j += 1
        keep = []
        hit = first = best = None
        for i in active:
            if used[i]:
                continue
            ts, te, tl, _ = trues[i]
            if te <= ps:
                continue
            keep.append(i)
            if ts >= pe or (hit is not None and rule != _TYPE):
                continue
            if rule != _TYPE and ts == ps and te == pe and (rule == _EXACT or tl == pl):
                hit = i
            elif (min(pe, te) - max(ps, ts)) / (te - ts) * 100.0 < threshold:
                continue
            elif rule == _TYPE and tl == pl:
                distance = abs(ps - ts) + abs(pe - te)
                if best is None or distance < best:
                    best, hit = distance, i
            elif first is None:
                first = i
        active = keep
        if hit is not None:
            used[hit] = True
            correct[index] = True
        elif first is not None:
            used[first] = True
            incorrect[index] = True


def _rows(group, start, end, label, index) -> dict:
    """Rows ``(start, end, label, index)`` per group, in order of start, end, then input."""
    rows = sorted(zip(group.tolist(), start.tolist(), end.tolist(), index.tolist(), label.tolist()))
    return {key: [(s, e, lab, i) for _, s, e, i, lab in rs]
            for key, rs in groupby(rows, key=lambda r: r[0])}


def _overlaps(a_start, a_end, b_start, b_end):
    """For each span of ``a``: how many spans of ``b`` overlap it, and which one when only
    one does (``-1`` when that one could not be pinned down cheaply). One number line."""
    import numpy as np

    order = np.argsort(b_start, kind="stable")
    starts = b_start[order]
    before = np.searchsorted(starts, a_end, side="left")
    count = before - np.searchsorted(np.sort(b_end), a_start, side="right")
    last = order[np.maximum(before - 1, 0)] if len(order) else np.zeros(len(a_start), dtype=np.int64)
    pinned = (count == 1) & (before > 0)
    if len(order):
        pinned &= b_end[last] > a_start  # the last one starting before a's end overlaps a
    return count, np.where(pinned, last, -1)


def _key(columns: list, sizes: list):
    """One int64 per row that orders like the rows of ``columns`` (value ranges ``sizes``),
    or ``None`` when it would not fit in 63 bits."""
    total = 1
    for size in sizes:
        total *= max(int(size), 1)
    if total >= 2 ** 62:
        return None
    key = columns[0].astype("int64")
    for column, size in zip(columns[1:], sizes[1:]):
        key = key * max(int(size), 1) + column
    return key


def _order(columns: list, sizes: list):
    import numpy as np

    key = _key(columns, sizes)
    return np.lexsort(columns[::-1]) if key is None else np.argsort(key, kind="stable")


def _equal_pairs(g_cols: list, p_cols: list, sizes: list):
    """Indices (gold, pred) of rows equal on all columns; each row has at most one twin."""
    import numpy as np

    n_gold = len(g_cols[0])
    cols = [np.concatenate([g, p]) for g, p in zip(g_cols, p_cols)]
    side = np.concatenate([np.zeros(n_gold, dtype=np.int64), np.ones(len(p_cols[0]), dtype=np.int64)])
    order = _order(cols + [side], sizes + [2])
    same = np.ones(max(len(order) - 1, 0), dtype=bool)
    for col in cols:
        ordered = col[order]
        same &= ordered[1:] == ordered[:-1]
    ordered_side = side[order]
    k = np.flatnonzero(same & (ordered_side[:-1] == 0) & (ordered_side[1:] == 1))
    return order[k], order[k + 1] - n_gold


class _Line(NamedTuple):
    """Spans of one side placed on one number line: a stretch per group."""

    start: "np.ndarray"
    end: "np.ndarray"


def _run(group_g, group_p, gold: SpanArrays, pred: SpanArrays, equal, stride: int,
         rule: int, threshold: float) -> Outcome:
    """One nervaluate rule over all groups (documents, or documents x types).

    ``equal`` holds the (gold, pred) pairs found equal beforehand; they are COR.
    """
    import numpy as np

    line_g = _Line(group_g * stride + gold.start, group_g * stride + gold.end)
    line_p = _Line(group_p * stride + pred.start, group_p * stride + pred.end)
    correct = np.zeros(len(pred), dtype=bool)
    incorrect = np.zeros(len(pred), dtype=bool)
    left_g = np.ones(len(gold), dtype=bool)
    left_p = np.ones(len(pred), dtype=bool)
    gi, pi = equal
    correct[pi] = True
    left_g[gi] = False
    left_p[pi] = False
    # What overlaps nothing left on the other side is SPU or MIS; a pair of spans that
    # overlap only each other is settled at once; the rest goes through the greedy rule.
    lg, lp = np.flatnonzero(left_g), np.flatnonzero(left_p)
    count_g, _ = _overlaps(line_g.start[lg], line_g.end[lg], line_p.start[lp], line_p.end[lp])
    count_p, twin = _overlaps(line_p.start[lp], line_p.end[lp], line_g.start[lg], line_g.end[lg])
    pair = twin >= 0
    pair[pair] = count_g[twin[pair]] == 1
    p1, g1 = lp[pair], lg[twin[pair]]
    ps, pe, ts, te = pred.start[p1], pred.end[p1], gold.start[g1], gold.end[g1]
    same_label = pred.label[p1] == gold.label[g1]
    enough = (np.minimum(pe, te) - np.maximum(ps, ts)) / (te - ts) * 100.0 >= threshold
    if rule == _TYPE:
        correct[p1[enough & same_label]] = True
        incorrect[p1[enough & ~same_label]] = True
    else:
        equal = (ps == ts) & (pe == te) & (same_label | (rule == _EXACT))
        correct[p1[equal]] = True
        incorrect[p1[enough & ~equal]] = True
    paired_g = np.zeros(len(lg), dtype=bool)
    paired_g[twin[pair]] = True
    hot_g = lg[(count_g > 0) & ~paired_g]
    hot_p = lp[(count_p > 0) & ~pair]
    if len(hot_p) and len(hot_g):
        trues = _rows(group_g[hot_g], gold.start[hot_g], gold.end[hot_g], gold.label[hot_g], hot_g)
        preds = _rows(group_p[hot_p], pred.start[hot_p], pred.end[hot_p], pred.label[hot_p], hot_p)
        for key, rows in preds.items():
            if key in trues:
                _greedy(trues[key], rows, rule, threshold, correct, incorrect)
    return Outcome(correct, incorrect)


def _irregular(gold: SpanArrays, pred: SpanArrays, stride: int, n_docs: int):
    """Which spans are in regular documents: no two predictions overlap, no two gold spans
    share offsets."""
    import numpy as np

    bad = []
    for side, test in ((pred, lambda s1, e1, s2, e2: s2 < e1),
                       (gold, lambda s1, e1, s2, e2: (s1 == s2) & (e1 == e2))):
        order = _order([side.doc, side.start, side.end], [n_docs, stride, stride])
        d, s, e = side.doc[order], side.start[order], side.end[order]
        clash = (d[1:] == d[:-1]) & test(s[:-1], e[:-1], s[1:], e[1:])
        bad.append(d[1:][clash])
    bad = np.unique(np.concatenate(bad))
    if not len(bad):
        return np.ones(len(gold), dtype=bool), np.ones(len(pred), dtype=bool)
    return ~np.isin(gold.doc, bad), ~np.isin(pred.doc, bad)


def span_outcomes(gold: SpanArrays, pred: SpanArrays, *, n_labels: int,
                  min_overlap_percentage: float = 1.0) -> dict:
    """nervaluate's outcome per scheme: ``{scheme: (overall Outcome, per-type Outcome)}``.

    Each Outcome marks the predictions found correct and incorrect (partial, for the
    partial scheme); every one of them used one gold span, and every other prediction is
    spurious.
    """
    import numpy as np

    stride = int(max(gold.end.max(initial=0), pred.end.max(initial=0))) + 1
    n_docs = int(max(gold.doc.max(initial=0), pred.doc.max(initial=0))) + 1
    n_labels = max(n_labels, 1)
    regular_g, regular_p = _irregular(gold, pred, stride, n_docs)
    rg, rp = np.flatnonzero(regular_g), np.flatnonzero(regular_p)
    g_cols = [gold.doc[rg], gold.start[rg], gold.end[rg], gold.label[rg]]
    p_cols = [pred.doc[rp], pred.start[rp], pred.end[rp], pred.label[rp]]
    sizes = [n_docs, stride, stride, n_labels]
    # In regular documents a prediction equal to a gold span takes it under every rule.
    gi, pi = _equal_pairs(g_cols, p_cols, sizes)
    same = (rg[gi], rp[pi])
    gi, pi = _equal_pairs(g_cols[:3], p_cols[:3], sizes[:3])
    same_offsets = (rg[gi], rp[pi])
    t = min_overlap_percentage
    by_type_g = gold.doc * n_labels + gold.label
    by_type_p = pred.doc * n_labels + pred.label
    strict = _run(gold.doc, pred.doc, gold, pred, same, stride, _STRICT, t)
    exact = _run(gold.doc, pred.doc, gold, pred, same_offsets, stride, _EXACT, t)
    typed = _run(gold.doc, pred.doc, gold, pred, same, stride, _TYPE, t)
    # Within one type, strict, exact and partial apply the same rule.
    per_strict = _run(by_type_g, by_type_p, gold, pred, same, stride, _STRICT, t)
    per_typed = _run(by_type_g, by_type_p, gold, pred, same, stride, _TYPE, t)
    return {"strict": (strict, per_strict), "exact": (exact, per_strict),
            "partial": (exact, per_strict), "type": (typed, per_typed)}


def nervaluate_counts(correct: int, incorrect: int, n_pred: int, n_gold: int, scheme: str) -> dict:
    """nervaluate's five counts plus ACT and POS."""
    par = incorrect if scheme == "partial" else 0
    inc = 0 if scheme == "partial" else incorrect
    return {"correct": correct, "incorrect": inc, "partial": par,
            "missed": n_gold - correct - incorrect, "spurious": n_pred - correct - incorrect,
            "actual": n_pred, "possible": n_gold}


def _counts(c: dict) -> Counts:
    """nervaluate's counts as :class:`~.counts.Counts`: a match is COR, plus half a PAR."""
    return Counts(c["correct"] + 0.5 * c["partial"], c["actual"], c["possible"])


def outcome_counts(gold: SpanArrays, pred: SpanArrays, outcomes: dict, n_labels: int) -> dict:
    """The integer counts behind :func:`scores_from_outcomes`, which add up over batches
    of documents (see :func:`add_outcome_counts`): spans per label on each side, and per
    scheme the correct and incorrect predictions overall and per label."""
    import numpy as np

    counts = {"n_gold": np.bincount(gold.label, minlength=n_labels),
              "n_pred": np.bincount(pred.label, minlength=n_labels),
              "gold": len(gold), "pred": len(pred)}
    for scheme in SCHEMES:
        overall, per = outcomes[scheme]
        counts[scheme] = (int(overall.correct.sum()), int(overall.incorrect.sum()),
                          np.bincount(pred.label[per.correct], minlength=n_labels),
                          np.bincount(pred.label[per.incorrect], minlength=n_labels))
    return counts


def add_outcome_counts(total: dict | None, counts: dict) -> dict:
    """``total + counts`` (label arrays padded when a batch brought a new label)."""
    import numpy as np

    if total is None:
        return counts

    def plus(a, b):
        n = max(len(a), len(b))
        return np.pad(a, (0, n - len(a))) + np.pad(b, (0, n - len(b)))

    out = {"n_gold": plus(total["n_gold"], counts["n_gold"]),
           "n_pred": plus(total["n_pred"], counts["n_pred"]),
           "gold": total["gold"] + counts["gold"], "pred": total["pred"] + counts["pred"]}
    for scheme in SCHEMES:
        a, b = total[scheme], counts[scheme]
        out[scheme] = (a[0] + b[0], a[1] + b[1], plus(a[2], b[2]), plus(a[3], b[3]))
    return out


def scores_from_counts(counts: dict, labels: Sequence[str]) -> dict:
    """A :class:`~.report.Score` per scheme, with nervaluate's counts as its ``details``,
    from :func:`outcome_counts`."""
    import numpy as np

    from .report import Score

    n = len(labels)
    n_gold = np.pad(counts["n_gold"], (0, n - len(counts["n_gold"])))
    n_pred = np.pad(counts["n_pred"], (0, n - len(counts["n_pred"])))
    used = [i for i in range(n) if n_gold[i] or n_pred[i]]
    result = {}
    for scheme in SCHEMES:
        correct, incorrect, cor, inc = counts[scheme]
        head = nervaluate_counts(correct, incorrect, counts["pred"], counts["gold"], scheme)
        rows = {labels[i]: nervaluate_counts(int(cor[i]), int(inc[i]), int(n_pred[i]),
                                             int(n_gold[i]), scheme) for i in used}
        result[scheme] = Score.of(_counts(head), details=head,
                                  per_type={label: _counts(c) for label, c in rows.items()},
                                  per_type_details=rows)
    return result


def scores_from_outcomes(gold: SpanArrays, pred: SpanArrays, outcomes: dict,
                         labels: Sequence[str]) -> dict:
    """Scores and nervaluate counts per scheme, for the types that occur in gold or pred."""
    return scores_from_counts(outcome_counts(gold, pred, outcomes, len(labels)), labels)


def span_scores(gold: Iterable[tuple], pred: Iterable[tuple], *,
                labels: Sequence[str] = (), min_overlap_percentage: float = 1.0) -> dict:
    """The four schemes for ``(document, start, end, type)`` tuples; see the module docstring.

    ``labels`` fixes the order of the ``per_type`` rows (other types follow as they come).
    """
    g, names, docs = encode(gold, list(labels))
    p, names, docs = encode(pred, names, docs)
    outcomes = span_outcomes(g, p, n_labels=max(len(names), 1),
                             min_overlap_percentage=min_overlap_percentage)
    return scores_from_outcomes(g, p, outcomes, names)
