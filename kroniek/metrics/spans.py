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
``min_overlap_percentage`` per cent of the gold span (1 by default, as in nervaluate).
Per-type rows are separate runs on the spans of one type, as nervaluate does them.
Precision is ``COR/ACT`` and recall ``COR/POS`` (``COR + PAR/2`` for partial and type), where
ACT counts all predictions and POS all gold spans.

Spans are ``(document, start, end, type)`` tuples, ``end`` exclusive, visited in sorted
order (nervaluate's result depends on order only when predictions overlap each other).
The work is done with sets: a prediction that matches a gold span exactly takes it in
every scheme as long as predictions do not overlap each other and gold spans of a document
have distinct offsets, so only the rest (usually few) goes through nervaluate's greedy
comparison, in one sweep per document over spans sorted by start. Documents where those
conditions fail are compared span by span throughout, with the same result.

>>> gold = [("d", 0, 2, "PER"), ("d", 5, 8, "LOC")]
>>> pred = [("d", 0, 2, "PER"), ("d", 5, 7, "LOC")]
>>> r = span_scores(gold, pred)
>>> r["strict"]["f1"], r["partial"]["f1"], r["type"]["f1"]
(0.5, 0.75, 1.0)
>>> r["strict"]["incorrect"], r["partial"]["partial"]
(1, 1)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import groupby
from typing import Iterable, NamedTuple

from .counts import OVERALL, prf

Span = tuple[str, int, int, str]
SCHEMES = ("strict", "exact", "partial", "type")
_STRICT, _EXACT, _TYPE = 0, 1, 2  # the three greedy rules; partial shares exact's outcome


class Outcome(NamedTuple):
    """What one greedy rule found: the predictions that were correct, those that were
    incorrect (partial, for the partial scheme), the number spurious and missed."""

    correct: list
    incorrect: list
    spurious: int
    missed: int


def _greedy(trues: list, preds: list, rule: int, threshold: float) -> Outcome:
    """nervaluate's comparison for one document; ``trues``/``preds`` sorted (start, end, type).

    Gold spans become candidates once they start before the prediction ends and are dropped
    once they end before it starts (predictions come in order of start), so each prediction
    looks only at the gold spans around it.
    """
    n = len(trues)
    used = [False] * n
    active: list[int] = []
    j = 0
    correct, incorrect, spurious = [], [], 0
    for pred in preds:
        _, ps, pe, pl = pred
        while j < n and trues[j][1] < pe:
            active.append(j)
            j += 1
        keep = []
        hit = first = best = None
        for i in active:
            if used[i]:
                continue
            _, ts, te, tl = trues[i]
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
            correct.append(pred)
        elif first is not None:
            used[first] = True
            incorrect.append(pred)
        else:
            spurious += 1
    return Outcome(correct, incorrect, spurious, n - sum(used))


def _by_doc(spans: list) -> dict:
    return {doc: list(group) for doc, group in groupby(spans, key=lambda s: s[0])}


def _sweep(gold: list, pred: list, rule: int, threshold: float, group=lambda s: s[0]) -> Outcome:
    """:func:`_greedy` per group (document, or document and type) of sorted span lists."""
    golds = {key: list(g) for key, g in groupby(gold, key=group)}
    correct, incorrect, spurious, missed = [], [], 0, 0
    for key, preds in groupby(pred, key=group):
        trues, preds = golds.pop(key, None), list(preds)
        if not trues:
            spurious += len(preds)
            continue
        out = _greedy(trues, preds, rule, threshold)
        correct += out.correct
        incorrect += out.incorrect
        spurious += out.spurious
        missed += out.missed
    missed += sum(len(g) for g in golds.values())
    return Outcome(correct, incorrect, spurious, missed)


def _irregular_docs(gold: list, pred: list) -> set:
    """Documents where predictions overlap each other or two gold spans share offsets."""
    bad = set()
    for (d1, _, e1, _), (d2, s2, _, _) in zip(pred, pred[1:]):
        if d1 == d2 and s2 < e1:
            bad.add(d1)
    for (d1, s1, e1, _), (d2, s2, e2, _) in zip(gold, gold[1:]):
        if d1 == d2 and s1 == s2 and e1 == e2:
            bad.add(d1)
    return bad


def span_outcomes(gold: Iterable[Span], pred: Iterable[Span], *,
                  min_overlap_percentage: float = 1.0) -> dict:
    """nervaluate's outcome per scheme, overall (``None`` key) and per type (type keys).

    Returns ``{scheme: {None | type: Outcome}}`` plus ``"n_gold"``/``"n_pred"`` per type;
    the lists in each Outcome hold the predicted spans concerned, for resampling.
    """
    gold, pred = sorted(gold), sorted(pred)
    irregular = _irregular_docs(gold, pred)
    by_type = lambda s: (s[0], s[3])  # noqa: E731
    if irregular:
        gold_r = [s for s in gold if s[0] not in irregular]
        pred_r = [s for s in pred if s[0] not in irregular]
        gold_x = [s for s in gold if s[0] in irregular]
        pred_x = [s for s in pred if s[0] in irregular]
    else:
        gold_r, pred_r, gold_x, pred_x = gold, pred, [], []

    strict_set = set(gold_r).intersection(pred_r)
    strict = [s for s in pred_r if s in strict_set]
    gold_left = _merge([s for s in gold_r if s not in strict_set], gold_x)
    pred_left = _merge([s for s in pred_r if s not in strict_set], pred_x)
    gold_spans = {s[:3] for s in gold_r}
    exact = [s for s in pred_r if s[:3] in gold_spans]
    exact_spans = {s[:3] for s in exact}
    gold_eleft = _merge([s for s in gold_r if s[:3] not in exact_spans], gold_x)
    pred_eleft = _merge([s for s in pred_r if s[:3] not in exact_spans], pred_x)

    def merged(found: list, out: Outcome) -> Outcome:
        return Outcome(found + out.correct, out.incorrect, out.spurious, out.missed)

    t = min_overlap_percentage
    overall = {
        "strict": merged(strict, _sweep(gold_left, pred_left, _STRICT, t)),
        "exact": merged(exact, _sweep(gold_eleft, pred_eleft, _EXACT, t)),
        "type": merged(strict, _sweep(gold_left, pred_left, _TYPE, t)),
    }
    # Per type, labels agree, so strict, exact and partial share one run.
    left_by_type = sorted(gold_left, key=by_type), sorted(pred_left, key=by_type)
    per_strict = _split(strict, _sweep(*left_by_type, _STRICT, t, group=by_type))
    per_type = _split(strict, _sweep(*left_by_type, _TYPE, t, group=by_type))
    types = sorted({s[3] for s in gold} | {s[3] for s in pred})
    n_gold, n_pred = _count_types(gold), _count_types(pred)
    missed_strict = _missed_by_type(n_gold, per_strict)
    missed_type = _missed_by_type(n_gold, per_type)
    result: dict = {"n_gold": n_gold, "n_pred": n_pred, "types": types}
    for scheme in SCHEMES:
        rows = {None: overall["exact" if scheme == "partial" else scheme]}
        per = per_type if scheme == "type" else per_strict
        missed = missed_type if scheme == "type" else missed_strict
        for label in types:
            correct, incorrect = per.get(label, ([], []))
            spurious = n_pred.get(label, 0) - len(correct) - len(incorrect)
            rows[label] = Outcome(correct, incorrect, spurious, missed[label])
        result[scheme] = rows
    return result


def _merge(regular: list, irregular: list) -> list:
    return sorted(regular + irregular) if irregular else regular


def _split(found: list, out: Outcome) -> dict:
    per: dict = defaultdict(lambda: ([], []))
    for s in found + out.correct:
        per[s[3]][0].append(s)
    for s in out.incorrect:
        per[s[3]][1].append(s)
    return dict(per)


def _count_types(spans: list) -> dict:
    return Counter(s[3] for s in spans)


def _missed_by_type(n_gold: dict, per: dict) -> dict:
    """Gold spans not used, per type: each correct or incorrect prediction used one."""
    return defaultdict(int, {label: n_gold.get(label, 0) - sum(len(x) for x in per.get(label, ([], [])))
                             for label in set(n_gold) | set(per)})


def nervaluate_counts(out: Outcome, scheme: str) -> dict:
    """nervaluate's five counts plus ACT and POS for one outcome."""
    cor, inc = len(out.correct), len(out.incorrect)
    par = inc if scheme == "partial" else 0
    inc = 0 if scheme == "partial" else inc
    return {"correct": cor, "incorrect": inc, "partial": par, "missed": out.missed,
            "spurious": out.spurious, "actual": cor + inc + par + out.spurious,
            "possible": cor + inc + par + out.missed}


def _count(c: dict) -> tuple[float, float, float]:
    return (c["correct"] + 0.5 * c["partial"], c["actual"], c["possible"])


def span_scores(gold: Iterable[Span], pred: Iterable[Span], *,
                min_overlap_percentage: float = 1.0) -> dict:
    """The four schemes' scores with nervaluate's counts, overall and ``per_type``.

    ``type`` and ``partial`` give half credit to PAR (only ``partial`` has any), as
    nervaluate's formulas do; ``strict`` and ``exact`` count COR only.
    """
    outcomes = span_outcomes(gold, pred, min_overlap_percentage=min_overlap_percentage)
    result = {}
    for scheme in SCHEMES:
        rows = {label: nervaluate_counts(out, scheme) for label, out in outcomes[scheme].items()}
        overall = rows.pop(None)
        result[scheme] = prf({label: _count(c) for label, c in rows.items()},
                             overall=_count(overall), extra={OVERALL: overall, **rows})
    return result
