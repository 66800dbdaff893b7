"""Coreference scores: MUC, B-cubed, CEAF-e and their CoNLL average.

Clusters are collections of hashable mentions (in Kroniek, ``(document, kind, start,
end)`` tuples, so that mentions are matched by offsets, never by ids). Key (gold) and
response (predicted) clusters are scored as given: no singletons are added, as in the
CoNLL-2012 reference scorer on data without singletons. A mention is expected in at most
one cluster per side.

- MUC (Vilain et al. 1995): links. Recall ``sum(|K| - |p(K)|) / sum(|K| - 1)`` over key
  clusters ``K``, where ``p(K)`` is the partition of ``K`` by the response (mentions the
  response misses are parts of their own); precision swaps key and response.
- B-cubed (Bagga and Baldwin 1998): per mention. Recall
  ``sum over K, R of |K & R|^2 / |K|``, divided by the number of key mentions; precision
  the same with ``/ |R|`` over response mentions.
- CEAF-e (Luo 2005): the one-to-one alignment of key and response clusters with the
  largest total ``phi4 = 2 |K & R| / (|K| + |R|)``; recall divides that total by the number
  of key clusters, precision by the number of response clusters.
- CoNLL (Pradhan et al. 2012): the mean of the three F1 scores.

>>> key = [{"a", "b", "c"}]
>>> response = [{"a", "b"}, {"c", "d"}]
>>> muc_counts(key, response)
Counts(tp=1, n_pred=2, n_gold=2, tp_gold=1)
"""

from __future__ import annotations

from collections import defaultdict
from typing import Collection, Sequence

from ..components import components
from .counts import Counts

Clusters = Sequence[Collection]


def _owner(clusters: Clusters) -> dict:
    return {m: i for i, cluster in enumerate(clusters) for m in cluster}


def _overlap_table(key: Clusters, response: Clusters) -> dict:
    """``{(key index, response index): |K & R|}`` for the pairs that share mentions, in
    order of the indices: the order B-cubed and CEAF-e add their float terms in, which
    must not depend on how a set of mentions happens to iterate (that follows Python's
    per-process string hashing, and the last bit of a sum with it)."""
    owner = _owner(response)
    table: dict = defaultdict(int)
    for i, cluster in enumerate(key):
        for m in cluster:
            j = owner.get(m)
            if j is not None:
                table[i, j] += 1
    return dict(sorted(table.items()))


def muc_counts(key: Clusters, response: Clusters) -> Counts:
    """Links: ``tp`` (and ``tp_gold``, equal) the mentions the sides share minus the
    number of (key, response) cluster pairs that share any; ``n_pred`` and ``n_gold``
    the links of the response and of the key.
    """
    key = [set(c) for c in key]
    response = [set(c) for c in response]
    table = _overlap_table(key, response)
    shared = sum(table.values())
    links = shared - len(table)
    return Counts(links, sum(len(c) - 1 for c in response), sum(len(c) - 1 for c in key), links)


def b3_terms(key: Clusters, response: Clusters) -> tuple[list, int, list, int]:
    """B-cubed's precision and recall terms, one per overlapping (key, response) pair, in
    the order :func:`b3_counts` adds them, and the two denominators. Kept as terms so that
    scoring in batches adds exactly the same floats in the same order."""
    key = [set(c) for c in key]
    response = [set(c) for c in response]
    table = _overlap_table(key, response)
    recall = [n * n / len(key[i]) for (i, _), n in table.items()]
    precision = [n * n / len(response[j]) for (_, j), n in table.items()]
    return (precision, sum(len(c) for c in response), recall, sum(len(c) for c in key))


def b3_counts(key: Clusters, response: Clusters) -> Counts:
    """B-cubed: ``tp`` the precision credit, ``tp_gold`` the recall credit, ``n_pred``
    and ``n_gold`` the response and key mentions."""
    precision, p_den, recall, r_den = b3_terms(key, response)
    return Counts(sum(precision), p_den, r_den, sum(recall))


def ceafe_counts(key: Clusters, response: Clusters) -> Counts:
    """CEAF-e. Clusters that share no mention have similarity 0, so the optimal alignment
    is solved separately for each connected group of clusters (a document's, usually)."""
    total = 0.0
    for term in ceafe_terms(key, response):
        total += term
    return Counts(total, len(response), len(key), total)


def ceafe_terms(key: Clusters, response: Clusters) -> list[float]:
    """The best alignment's similarity per connected group of clusters, in the order
    :func:`ceafe_counts` adds them."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    key = [set(c) for c in key]
    response = [set(c) for c in response]
    table = _overlap_table(key, response)
    terms: list[float] = []
    by_key: dict = defaultdict(list)
    for (i, j), n in table.items():
        by_key[i].append((j, n))
    for ks, rs in _components(table):
        ks, rs = sorted(ks), sorted(rs)
        ki = {k: a for a, k in enumerate(ks)}
        ri = {r: b for b, r in enumerate(rs)}
        phi = np.zeros((len(ks), len(rs)))
        for k in ks:
            for j, n in by_key[k]:
                phi[ki[k], ri[j]] = 2 * n / (len(key[k]) + len(response[j]))
        rows, cols = linear_sum_assignment(phi, maximize=True)
        terms.append(float(phi[rows, cols].sum()))
    return terms


def _components(table: dict) -> list[tuple[set, set]]:
    """Connected groups of key and response clusters that share mentions."""
    groups = []
    for group in components((("k", i), ("r", j)) for i, j in table):
        groups.append(({i for side, i in group if side == "k"},
                       {j for side, j in group if side == "r"}))
    return groups


def coref_scores(key: Clusters, response: Clusters) -> dict:
    """``{"muc", "b3", "ceafe", "conll"}``, each a :class:`~.report.Score`.

    CoNLL's F1 is the mean of the three F1 scores (its precision and recall, likewise the
    means, are given for reference only).
    """
    return coref_scores_from_counts(muc_counts(key, response), b3_counts(key, response),
                                    ceafe_counts(key, response))


def coref_scores_from_counts(muc: Counts, b3: Counts, ceafe: Counts) -> dict:
    """:func:`coref_scores` from the three families' counts."""
    from .report import Score

    result = {"muc": Score.of(muc), "b3": Score.of(b3), "ceafe": Score.of(ceafe)}
    three = [result[s] for s in ("muc", "b3", "ceafe")]
    result["conll"] = Score(*(sum(getattr(s, m) for s in three) / 3
                              for m in ("precision", "recall", "f1")))
    return result
