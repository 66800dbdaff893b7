"""Confidence intervals for the headline F1 scores, by resampling sentences.

Each scored item (a predicted or gold span, trigger, argument or relation) belongs to the
sentence of the gold text its first offset falls in (:func:`kroniek.tokens.sentences`;
a document without text is one unit). The counts behind each F1 -- matches, predictions,
gold items -- are summed per sentence once; a bootstrap resample then draws sentences with
replacement, and its counts are one matrix product of draw counts and per-sentence counts.
F1 is ``2 tp / (n_pred + n_gold)``, the same value scikit-learn gives for those counts
(nervaluate's partial scheme gives half a match for PAR).

Coreference scores are not sums over sentences (chains cross them) but they are sums
over documents -- MUC's links, B-cubed's per-mention credit and CEAF-e's per-document
alignments all add up -- so for them whole documents are resampled instead.

>>> from kroniek.documents import new_document, entity
>>> gold = new_document("d", "Ali kwam. Bea ging. Cor bleef.")
>>> gold["entities"] = [entity(f"e{i}", gold["text"], s, s + 3, "PER", "NAM")
...                     for i, s in enumerate((0, 10, 20))]
>>> pred = {"id": "d", "entities": gold["entities"][:2]}
>>> low, high = bootstrap_ci([gold], [pred], metric="entities.strict", n_resamples=200)
>>> low <= 0.8 <= high
True
"""

from __future__ import annotations

from typing import Iterable, NamedTuple, Sequence

from ..documents import Document
from .declared import METRICS, RESAMPLABLE, SET_METRICS
from .tasks import align, entity_rows, set_items

SENTENCE_METRICS = tuple(m.name for m in METRICS if m.resamplable and m.kind != "coreference")
COREF_METRICS = tuple(m.name for m in METRICS if m.kind == "coreference")


def _names(metric: str | Iterable[str] | None) -> list[str]:
    names = list(RESAMPLABLE) if metric is None else [metric] if isinstance(metric, str) else list(metric)
    bad = [n for n in names if n not in RESAMPLABLE]
    if bad:
        raise ValueError(f"cannot resample {bad[0]!r}; choose from {', '.join(RESAMPLABLE)}")
    return names


class _Units:
    """Sentence numbers for (document, offset) anchors."""

    def __init__(self, gold: Sequence[Document]):
        import numpy as np

        from ..tokens import sentences_many

        texts = [doc.get("text") or "" for doc in gold]
        starts = [[s.start for s in sents] or [0] for sents in sentences_many(texts)]
        self.stride = max((len(t) for t in texts), default=0) + 1
        self.keys = np.concatenate([[k * self.stride + s for s in ss] for k, ss in enumerate(starts)]
                                   or [np.zeros(0)]).astype(np.int64)
        self.first = np.cumsum([0] + [len(ss) for ss in starts])[:-1]
        self.n = len(self.keys)

    def of(self, doc, offset):
        import numpy as np

        doc = np.asarray(doc, dtype=np.int64)
        key = doc * self.stride + np.minimum(np.asarray(offset, dtype=np.int64), self.stride - 1)
        index = np.searchsorted(self.keys, key, side="right") - 1
        return np.maximum(index, self.first[doc]) if len(doc) else index.astype(np.int64)


def _counts(gold: Sequence[Document], pred: Sequence[Document], names: list[str], units: _Units):
    """Per-sentence (tp, n_pred, n_gold) for each metric: an array (sentences, 3 * metrics)."""
    import numpy as np

    columns = []
    n = units.n

    def tally(doc_a, off_a, weights=None):
        return np.bincount(units.of(doc_a, off_a), weights=weights, minlength=n).astype(float)

    entity_names = [m for m in names if m.startswith("entities.")]
    if entity_names:
        from ..schema import ENTITY_TYPES
        from .spans import encode, span_outcomes

        g, labels, codes = encode(entity_rows(gold), list(ENTITY_TYPES))
        p, labels, codes = encode(entity_rows(pred), labels, codes)
        outcomes = span_outcomes(g, p, n_labels=len(labels))
        pred_units, gold_units = units.of(p.doc, p.start), units.of(g.doc, g.start)
        n_pred = np.bincount(pred_units, minlength=n).astype(float)
        n_gold = np.bincount(gold_units, minlength=n).astype(float)
    set_names = [m for m in names if m in SET_METRICS]
    g_items, p_items = set_items(gold, set_names), set_items(pred, set_names)
    for name in names:
        if name in SET_METRICS:
            anchor = SET_METRICS[name].anchor_index
            gs, ps = set(g_items[name]), set(p_items[name])

            def anchored(items):
                items = list(items)
                return tally([x[0] for x in items], [x[anchor] for x in items])

            columns += [anchored(gs & ps), anchored(ps), anchored(gs)]
        else:
            scheme = name.split(".", 1)[1]
            outcome = outcomes[scheme][0]
            weight = outcome.correct + (0.5 * outcome.incorrect if scheme == "partial" else 0)
            columns += [np.bincount(pred_units, weights=weight.astype(float), minlength=n),
                        n_pred, n_gold]
    return np.stack(columns, axis=1) if columns else np.zeros((n, 0))


def _f1(sums):
    """F1 from summed counts, columns (tp, n_pred, n_gold) per metric."""
    import numpy as np

    tp, n_pred, n_gold = sums[..., 0::3], sums[..., 1::3], sums[..., 2::3]
    denominator = n_pred + n_gold
    return np.divide(2 * tp, denominator, out=np.zeros_like(tp, dtype=float), where=denominator > 0)


def _coref_counts(gold: Sequence[Document], pred: Sequence[Document], start: int = 0):
    """Per-document (p_num, p_den, r_num, r_den) of MUC, B-cubed and CEAF-e: (docs, 12).

    ``start`` is the position of ``gold[0]`` in the whole corpus, for batches."""
    import numpy as np

    from .coref import b3_counts, ceafe_counts, muc_counts
    from .tasks import clusters

    def by_doc(docs):
        grouped = [[] for _ in gold]
        for cluster in clusters(docs, start):
            grouped[next(iter(cluster))[0] - start].append(cluster)
        return grouped

    key, response = by_doc(gold), by_doc(pred)
    return np.array([[x for f in (muc_counts, b3_counts, ceafe_counts)
                      for c in (f(k, r),) for x in (c.tp, c.n_pred, c.tp_gold, c.n_gold)]
                     for k, r in zip(key, response)], dtype=float).reshape(len(gold), 12)


def _coref_f1(sums):
    """MUC, B-cubed, CEAF-e and CoNLL F1 from summed counts (..., 12) -> (..., 4)."""
    import numpy as np

    f1s = []
    for i in range(3):
        pn, pd, rn, rd = (sums[..., 4 * i + j] for j in range(4))
        p = np.divide(pn, pd, out=np.zeros_like(pn), where=pd > 0)
        r = np.divide(rn, rd, out=np.zeros_like(rn), where=rd > 0)
        f1s.append(np.divide(2 * p * r, p + r, out=np.zeros_like(p), where=(p + r) > 0))
    f1s.append((f1s[0] + f1s[1] + f1s[2]) / 3)
    return np.stack(f1s, axis=-1)


def _draw_weights(rng, n: int, n_resamples: int, chunk_cells: int = 4_000_000):
    """Draw counts of ``n`` units for each resample, in chunks: yields (slice, (size, n))."""
    import numpy as np

    chunk = max(1, chunk_cells // max(n, 1))
    for lo in range(0, n_resamples, chunk):
        size = min(chunk, n_resamples - lo)
        draws = rng.integers(0, n, size=(size, n)) + (np.arange(size) * n)[:, None]
        yield slice(lo, lo + size), np.bincount(draws.ravel(), minlength=size * n
                                                ).reshape(size, n).astype(float)


def unit_counts(gold: Sequence[Document], pred: Sequence[Document], names: list[str], *,
                start: int = 0, units: "_Units | None" = None) -> tuple:
    """What resampling needs of aligned documents: per-sentence counts of the sentence
    metrics in ``names`` and per-document counts of the coreference ones (``None`` when
    there are none). Counts of consecutive batches of documents, concatenated, are those
    of the whole corpus; ``start`` is the batch's first document's position in it."""
    sentence_names = [n for n in names if n in SENTENCE_METRICS]
    coref_names = [n for n in names if n in COREF_METRICS]
    if sentence_names and units is None:
        units = _Units(gold)
    return (_counts(gold, pred, sentence_names, units) if sentence_names else None,
            _coref_counts(gold, pred, start) if coref_names else None)


def resample(counts: list[tuple], names: list[str], n_resamples: int, seed: int):
    """Observed and resampled F1 of each metric, for each prediction's
    :func:`unit_counts` (whole corpus), the same resamples for all of them.

    Sentence metrics resample sentences; coreference metrics resample documents.
    """
    import numpy as np

    sentence_names = [n for n in names if n in SENTENCE_METRICS]
    coref_names = [n for n in names if n in COREF_METRICS]
    points = [np.zeros(len(names)) for _ in counts]
    samples = [np.zeros((n_resamples, len(names))) for _ in counts]
    rng = np.random.default_rng(seed)
    if sentence_names:
        columns = [names.index(n) for n in sentence_names]
        per_sentence = [c for c, _ in counts]
        for point, c in zip(points, per_sentence):
            point[columns] = _f1(c.sum(axis=0))
        n_units = len(per_sentence[0])
        if n_units:
            for where, weights in _draw_weights(rng, n_units, n_resamples):
                for sample, c in zip(samples, per_sentence):
                    sample[where, columns] = _f1(weights @ c)
    if coref_names:
        columns = [names.index(n) for n in coref_names]
        picked = [COREF_METRICS.index(n) for n in coref_names]
        per_doc = [c for _, c in counts]
        for point, c in zip(points, per_doc):
            point[columns] = _coref_f1(c.sum(axis=0))[picked]
        n_docs = len(per_doc[0])
        if n_docs:
            for where, weights in _draw_weights(rng, n_docs, n_resamples):
                for sample, c in zip(samples, per_doc):
                    sample[where, columns] = _coref_f1(weights @ c)[:, picked]
    return points, samples


def _samples(gold: Sequence[Document], preds: list, names: list[str], n_resamples: int,
             seed: int):
    """Observed and resampled F1 of each metric for each prediction list, same resamples."""
    gold = list(gold)
    units = _Units(gold) if any(n in SENTENCE_METRICS for n in names) else None
    counts = [unit_counts(gold, align(gold, list(p)), names, units=units) for p in preds]
    return resample(counts, names, n_resamples, seed)


def intervals(samples, names: list[str], confidence: float = 0.95) -> dict[str, "Interval"]:
    """Percentile intervals of resampled F1 scores, by metric name."""
    import numpy as np

    alpha = (1 - confidence) / 2
    low, high = np.quantile(samples, [alpha, 1 - alpha], axis=0)
    return {name: Interval(float(low[i]), float(high[i])) for i, name in enumerate(names)}


class Interval(NamedTuple):
    """A confidence interval: ``low, high = bootstrap_ci(..., metric="entities.strict")``."""

    low: float
    high: float


def bootstrap_ci(gold: Sequence[Document], pred: Sequence[Document], *,
                 metric: str | Iterable[str] | None = None, n_resamples: int = 1000,
                 seed: int = 0, confidence: float = 0.95) -> Interval | dict[str, Interval]:
    """Percentile interval of the F1 of ``metric`` (a dotted name such as ``entities.strict``).

    One name gives an :class:`Interval`; several names, or ``None`` for all of
    :data:`RESAMPLABLE`, give ``{name: Interval}``. The same seed gives the same result.
    """
    names = _names(metric)
    _, (samples,) = _samples(gold, [pred], names, n_resamples, seed)
    found = intervals(samples, names, confidence)
    return found[names[0]] if isinstance(metric, str) else found


def paired_bootstrap(gold: Sequence[Document], pred_a: Sequence[Document],
                     pred_b: Sequence[Document], *, metric: str | Iterable[str] | None = None,
                     n_resamples: int = 1000, seed: int = 0, confidence: float = 0.95
                     ) -> dict[str, dict]:
    """Is system A's F1 different from system B's? The same resamples score both.

    Returns ``{name: {difference, low, high, p_value}}``: the observed ``F1(A) - F1(B)``,
    a percentile interval of the resampled differences, and a two-sided p-value: the share
    of resampled differences at least as far from the observed one as the observed one is
    from zero (the differences centred to mimic "no difference"), with the usual +1 so that
    it is never 0.
    """
    import numpy as np

    names = _names(metric)
    (point_a, point_b), (samples_a, samples_b) = _samples(gold, [pred_a, pred_b], names,
                                                         n_resamples, seed)
    observed = point_a - point_b
    diffs = samples_a - samples_b
    alpha = (1 - confidence) / 2
    low, high = np.quantile(diffs, [alpha, 1 - alpha], axis=0)
    extreme = (np.abs(diffs - observed) >= np.abs(observed) - 1e-12).sum(axis=0)
    p_value = (extreme + 1) / (n_resamples + 1)
    return {name: {"difference": float(observed[i]), "low": float(low[i]), "high": float(high[i]),
                   "p_value": float(p_value[i])}
            for i, name in enumerate(names)}
