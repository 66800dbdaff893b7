"""Names scored the CoNLL-2002 shared task's way: exact span and type.

A name is correct when a predicted name has the gold name's offsets and its type; the
shared task's conlleval counts it so, and so does seqeval in its default mode (a test
holds the three equal). Each view counts matched names per type -- ``(tp, n_pred,
n_gold)`` as :class:`~kroniek.metrics.counts.Counts`, and :meth:`Score.of
<kroniek.metrics.report.Score.of>` makes precision, recall and F1 from those counts.

What counts as a name, and its CoNLL type (docs/FORMAT.md, "CoNLL-2002 names"):

- gold: the NAM entities (PER, ORG, LOC stay themselves) and the ``other_names``
  (their own type, e.g. MISC), as :mod:`kroniek.corpora.conll2002` imports them;
- predictions: NAM entities (or entities without a mention level) through
  :data:`PREDICTED_AS`; a Kroniek type may stand for more than one CoNLL type (GPE is a
  country as a place, LOC, or as a government, ORG). ``other_names`` keep their type.

How "or" is counted: a prediction that may stand for several types takes the gold
type at its exact span when that is one of them, else its first type; so it is one
true positive or one false positive, never both, and never counted twice. Predictions
of a type with no CoNLL counterpart (TIME) and non-NAM mentions are not names: they are
left out and counted in ``ignored``.

Views: ``4 types`` (PER, ORG, LOC, MISC) and ``PER/ORG/LOC`` (MISC left out of gold and
predictions after the "or" is settled).

>>> gold = [{"id": "d", "entities": [{"start": 0, "end": 5, "type": "LOC", "mention": "NAM"}],
...          "other_names": [{"start": 6, "end": 14, "type": "MISC"}]}]
>>> pred = [{"id": "d", "entities": [{"start": 0, "end": 5, "type": "GPE", "mention": "NAM"},
...                                  {"start": 6, "end": 14, "type": "NORP", "mention": "NAM"}]}]
>>> r = name_scores(gold, pred)
>>> r["view"], r["f1"], r["per_type"]["LOC"]["tp"]
('4 types', 1.0, 1)
>>> name_scores(gold, pred, view="PER/ORG/LOC")["n_gold"]
1
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

from .counts import Counts, total
from .report import Score

__all__ = ["VIEWS", "PREDICTED_AS", "name_scores", "name_spans", "name_counts"]

VIEWS: dict[str, tuple[str, ...]] = {
    "4 types": ("PER", "ORG", "LOC", "MISC"),
    "PER/ORG/LOC": ("PER", "ORG", "LOC"),
}

PREDICTED_AS: dict[str, tuple[str, ...]] = {
    "PER": ("PER",),
    "ORG": ("ORG",),
    "LOC": ("LOC",),
    "GPE": ("LOC", "ORG"),
    "FAC": ("LOC", "ORG"),
    "NORP": ("MISC",),
    "VEH": ("MISC",),
    "WEA": ("MISC",),
    "TIME": (),
}
"""Kroniek entity type -> the CoNLL types a predicted name of that type may stand for."""

OR_RULE = ("a prediction with several possible types takes the gold type at its exact span "
           "when that is one of them, else its first; one prediction counts once")

Span = tuple[str, int, int, str]


def _is_name(item: dict) -> bool:
    return item.get("mention", "NAM") == "NAM"


def name_spans(gold: Sequence[dict], pred: Iterable[dict]) -> tuple[list[Span], list[Span], Counter]:
    """(gold names, predicted names with their "or" settled, ignored counts), as
    (document, start, end, CoNLL type); predictions are matched to gold documents by id."""
    ignored: Counter = Counter()
    gold_spans: list[Span] = []
    for doc in gold:
        for e in doc.get("entities", []):
            if _is_name(e):
                gold_spans.append((doc["id"], e["start"], e["end"],
                                   (PREDICTED_AS.get(e["type"]) or (e["type"],))[0]))
        gold_spans += [(doc["id"], n["start"], n["end"], n["type"]) for n in doc.get("other_names", [])]
    at = {(d, s, e): t for d, s, e, t in gold_spans}
    pred_spans: list[Span] = []
    for doc in pred:
        for e in doc.get("entities", []):
            if not _is_name(e):
                ignored["not NAM"] += 1
                continue
            options = PREDICTED_AS.get(e["type"], (e["type"],))
            if not options:
                ignored[f"{e['type']} (no CoNLL type)"] += 1
                continue
            there = at.get((doc["id"], e["start"], e["end"]))
            pred_spans.append((doc["id"], e["start"], e["end"],
                               there if there in options else options[0]))
        pred_spans += [(doc["id"], n["start"], n["end"], n["type"])
                       for n in doc.get("other_names", [])]
    return gold_spans, pred_spans, ignored


def name_counts(gold_spans: Iterable[Span], pred_spans: Iterable[Span],
                types: Sequence[str]) -> dict[str, Counts]:
    """``{type: Counts}``: exact span and type matches, names of ``types`` only."""
    g = {s for s in gold_spans if s[3] in types}
    p = {s for s in pred_spans if s[3] in types}
    return {t: Counts(sum(1 for s in g & p if s[3] == t), sum(1 for s in p if s[3] == t),
                      sum(1 for s in g if s[3] == t)) for t in types}


def name_scores(gold: Sequence[dict], pred: Iterable[dict], *, view: str = "4 types") -> dict:
    """Exact-span-and-type scores of predicted names in one view, with the view, the type
    mapping and the rule for "or" recorded beside them."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; views are {', '.join(VIEWS)}")
    gold_spans, pred_spans, ignored = name_spans(gold, pred)
    counts = name_counts(gold_spans, pred_spans, VIEWS[view])
    result = Score.of(total(counts.values()), per_type=counts).to_dict()
    return {"view": view, "types": list(VIEWS[view]),
            "mapping": {k: list(v) for k, v in PREDICTED_AS.items()}, "or": OR_RULE,
            "ignored": dict(sorted(ignored.items())), **result}
