"""Scores against an imported corpus whose labels are not Kroniek's (EventDNA).

A system's Kroniek predictions are compared with what EventDNA annotated, kept in each
imported document's ``eventdna`` field (:mod:`kroniek.corpora.eventdna`), only where the
mapping (:mod:`kroniek.corpora.eventdna_mapping`) supports a comparison. Each comparison
is a named matching mode (:data:`MODES`); every result names the mapping and the modes.

* ``entities.heads``: a predicted mention matches when its span equals an EventDNA head
  span and their classes agree (:data:`~kroniek.corpora.eventdna_mapping.SCORING_CLASSES`:
  GPE, LOC, FAC and NORP are LOC); EventDNA's MISC and Kroniek's TIME, VEH and WEA are left
  out on both sides.
* ``entities.named``: the same, NAM mentions only on both sides.
* ``triggers.identification``: a predicted trigger matches an EventDNA event (of any
  type, ``Unknown`` too: identification needs no type) when it lies inside the event's
  span; ``triggers.classification`` also needs a compatible type
  (:func:`~kroniek.corpora.eventdna_mapping.compatible`), and leaves ``Unknown`` events out.
* ``arguments.classification``: a predicted argument matches when its trigger lies inside
  the event's span, its filler inside the argument's span, and the roles agree
  (:data:`~kroniek.corpora.eventdna_mapping.ROLES`).

Matching is one to one (each gold item and each prediction counts once; a prediction
takes the smallest free gold span that holds it). In classification and argument
modes, a prediction that lies only inside events EventDNA calls ``Unknown`` is left out,
as those events are; anything else that
matches nothing is a false positive. Counts per document add up; precision, recall and
F1 come from the summed counts through the engine's ``Counts`` and ``Score``.

>>> gold = {"id": "d", "text": "Rebellen vielen Kirkuk aan", "eventdna": {"entities": [
...     {"type": "PER", "mention": "NOM", "start": 0, "end": 8}], "events": [
...     {"type": "Conflict", "subtype": "Attack", "start": 0, "end": 26, "arguments": []}]}}
>>> pred = {"id": "d", "entities": [{"id": "e", "start": 0, "end": 8, "type": "PER",
...     "mention": "NOM"}], "events": [{"id": "t", "start": 9, "end": 15, "type": "ATTACK",
...     "arguments": []}]}
>>> r = cross_scores([gold], [pred])
>>> r["scores"]["entities.heads"]["f1"], r["scores"]["triggers.classification"]["f1"]
(1.0, 1.0)
"""

from __future__ import annotations

from typing import Iterable, Sequence

from ..corpora import eventdna_mapping as M
from ..documents import Document

MODES: dict[str, str] = {
    "entities.heads": "prediction span equals the EventDNA head span, classes agree "
                      "(GPE/LOC/FAC/NORP = LOC; MISC, TIME, VEH, WEA left out both sides)",
    "entities.named": "entities.heads on NAM mentions only, both sides",
    "triggers.identification": "trigger inside an EventDNA event span (any type)",
    "triggers.classification": "trigger inside the event span, with a compatible type "
                               "(Unknown events left out both sides)",
    "arguments.classification": "trigger inside the event span, filler inside the argument "
                                "span, the mapped role",
}
HEADLINE = tuple(MODES)

Count = tuple[int, int, int]
"""(matches, predictions, gold items) for one mode."""


def _entity_sets(gold: Document, pred: Document, *, named: bool):
    g = {(r["start"], r["end"], M.SOURCE_CLASSES.get(r["type"]))
         for r in gold["eventdna"]["entities"]
         if M.SOURCE_CLASSES.get(r["type"]) and (not named or r["mention"] == "NAM")}
    p = {(e["start"], e["end"], M.SCORING_CLASSES.get(e["type"]))
         for e in pred.get("entities", [])
         if M.SCORING_CLASSES.get(e["type"]) and (not named or e.get("mention") == "NAM")}
    return g, p


def entity_counts(gold: Document, pred: Document, *, named: bool = False) -> Count:
    g, p = _entity_sets(gold, pred, named=named)
    return len(g & p), len(p), len(g)


def inside(start: int, end: int, span) -> bool:
    """Whether ``start:end`` lies within ``span`` (its first two items), as every
    matching mode asks of a trigger or a filler.

    >>> inside(9, 15, (0, 26)), inside(20, 30, (0, 26))
    (True, False)
    """
    return span[0] <= start and end <= span[1]


def _match(golds: list, preds: list, fits, unknown: list) -> Count:
    """One-to-one matches of ``preds`` to ``golds`` (``fits(g, p)``), each prediction
    taking the smallest free gold span; a prediction that fits no gold span but lies
    inside an ``unknown`` span is left out."""
    used: set[int] = set()
    tp = n_pred = 0
    for p in preds:
        free = [k for k, g in enumerate(golds) if k not in used and fits(g, p)]
        if free:
            used.add(min(free, key=lambda k: golds[k][1] - golds[k][0]))
            tp += 1
            n_pred += 1
        elif not any(inside(p[0], p[1], u) for u in unknown) or \
                any(inside(p[0], p[1], g) for g in golds):
            n_pred += 1
    return tp, n_pred, len(golds)


def events(gold: Document):
    """An imported document's EventDNA events as the scorer sees them: the mapped ones as
    ``(start, end, compatible Kroniek types, record)``, and the spans of those whose type
    maps to nothing (``Unknown``). Systems that learn to be scored this way (labels as
    the scorer counts them) read the same view."""
    mapped, unknown = [], []
    for r in gold["eventdna"]["events"]:
        types = M.compatible(r["type"], r["subtype"])
        (mapped if types else unknown).append((r["start"], r["end"], types, r))
    return mapped, [(s, e) for s, e, _, _ in unknown]


def trigger_counts(gold: Document, pred: Document, *, classify: bool) -> Count:
    mapped, unknown = events(gold)
    if not classify:                 # identification needs no type: every event counts
        mapped, unknown = mapped + [(s, e, frozenset(), None) for s, e in unknown], []
    preds = sorted((e["start"], e["end"], e["type"]) for e in pred.get("events", []))

    def fits(g, p):
        return inside(p[0], p[1], g) and (not classify or p[2] in g[2])

    return _match(mapped, preds, fits, unknown)


def argument_counts(gold: Document, pred: Document) -> Count:
    mapped, unknown = events(gold)
    golds = [(s, e, a["kroniek_role"], (a["start"], a["end"]))
             for s, e, _, r in mapped for a in r["arguments"] if a.get("kroniek_role")]
    spans = {e["id"]: (e["start"], e["end"]) for e in pred.get("entities", [])}
    preds = sorted((t["start"], t["end"], a["role"], spans[a["entity_id"]])
                   for t in pred.get("events", []) for a in t.get("arguments", [])
                   if a.get("entity_id") in spans)

    def fits(g, p):
        return inside(p[0], p[1], g) and p[2] == g[2] and inside(*p[3], g[3])

    return _match(golds, preds, fits, unknown)


def document_counts(gold: Document, pred: Document) -> dict[str, Count]:
    """The counts of every mode for one document."""
    return {"entities.heads": entity_counts(gold, pred),
            "entities.named": entity_counts(gold, pred, named=True),
            "triggers.identification": trigger_counts(gold, pred, classify=False),
            "triggers.classification": trigger_counts(gold, pred, classify=True),
            "arguments.classification": argument_counts(gold, pred)}


def total(counts: Iterable[dict[str, Count]]) -> dict[str, Count]:
    """Counts summed over documents, per mode."""
    out = {mode: (0, 0, 0) for mode in MODES}
    for one in counts:
        for mode, c in one.items():
            out[mode] = tuple(a + b for a, b in zip(out[mode], c))   # type: ignore[assignment]
    return out


def scores_from_counts(counts: dict[str, Count]) -> dict[str, dict]:
    """Precision, recall, F1 (and the counts) per mode, through the scoring engine's
    :class:`~kroniek.metrics.counts.Counts` and :class:`~kroniek.metrics.report.Score`."""
    from .counts import Counts
    from .report import Score

    return {mode: Score.of(Counts(*counts[mode])).to_dict() for mode in counts}


def per_document(gold: Sequence[Document], pred: Sequence[Document]) -> list[dict[str, Count]]:
    """Counts per gold document; a document missing from ``pred`` predicted nothing."""
    by_id = {d["id"]: d for d in pred}
    return [document_counts(g, by_id.get(g["id"], {"id": g["id"]})) for g in gold]


def cross_scores(gold: Sequence[Document], pred: Sequence[Document]) -> dict:
    """Scores of ``pred`` against imported ``gold``, with the mapping and modes used."""
    missing = [g["id"] for g in gold if "eventdna" not in g]
    if missing:
        from ..errors import KroniekError
        raise KroniekError(f"document {missing[0]}: not an imported EventDNA document "
                           "(no 'eventdna' field); import it with 'kroniek import eventdna'")
    return {"mapping": M.MAPPING_VERSION, "modes": dict(MODES),
            "scores": scores_from_counts(total(per_document(gold, pred)))}


def bootstrap(counts: Sequence[dict[str, Count]], *, n_resamples: int = 1000, seed: int = 0,
              confidence: float = 0.95) -> dict[str, tuple[float, float]]:
    """Percentile intervals of each mode's F1, resampling documents with replacement."""
    import numpy as np

    rng = np.random.default_rng(seed)
    table = np.array([[c[m] for m in MODES] for c in counts], dtype=float)  # docs x modes x 3
    if not len(table):
        return {m: (0.0, 0.0) for m in MODES}
    draws = rng.multinomial(len(table), np.full(len(table), 1 / len(table)), size=n_resamples)
    sums = np.einsum("rd,dmk->rmk", draws, table)
    denominators = sums[:, :, 1] + sums[:, :, 2]
    f1 = np.divide(2 * sums[:, :, 0], denominators, out=np.zeros_like(denominators),
                   where=denominators > 0)
    low, high = np.quantile(f1, [(1 - confidence) / 2, (1 + confidence) / 2], axis=0)
    return {m: (float(low[k]), float(high[k])) for k, m in enumerate(MODES)}
