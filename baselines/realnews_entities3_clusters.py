"""Context features for realnews.v3's entity tagger: a listed name's type joined with its
neighbours (:func:`listed_name_context`, used), and word clusters learned at fit time
from the training text (:func:`word_clusters`, :func:`cluster_features`: an option of
:class:`baselines.realnews_entities3.ContextTagger`, off: no gain measured).

A word's neighbours say what kind of word it is: the words seen right after ``Rusland``
and ``Proximus`` (``viseert``, ``dreigt``) are verbs, after ``in`` and ``naar`` places
come. :func:`word_clusters` groups the words of the training sentences by the words
around them (positive pointwise mutual information of the words one and two places to
the left and right, reduced by a truncated SVD, then k-means at a few granularities), so
that a rare word shares what the tagger learned about its cluster: an unseen verb after
a country name still says "actor", an unseen town after ``in`` still says "place".

Nothing is downloaded or stored outside the fitted model: the clusters are computed from
the documents the model learns from (lower-cased words seen at least ``least`` times).
Deterministic for a given text and ``seed``.

>>> sents = [["ik", "woon", "in", w] for w in ("gent", "parijs", "rome")] * 3
>>> clusters = word_clusters(sents, ks=(2,), dims=2)
>>> clusters["gent"] == clusters["parijs"] == clusters["rome"]
True
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

import numpy as np

KS = (50, 200, 800)
"""Cluster counts, coarse to fine: each word gets one cluster id per granularity."""


def word_clusters(sentences: Iterable[Sequence[str]], *, ks: Sequence[int] = KS,
                  dims: int = 100, contexts: int = 3000, least: int = 2,
                  seed: int = 0) -> dict[str, tuple[int, ...]]:
    """``{lower-cased word: (cluster id per k in ks)}`` for the words of ``sentences``
    seen at least ``least`` times, by their left and right neighbours (the ``contexts``
    most frequent words, and the sentence edge)."""
    from scipy.sparse import coo_matrix
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD

    sents = [[w.lower() for w in s] for s in sentences]
    freq = Counter(w for s in sents for w in s)
    vocab = sorted(w for w, n in freq.items() if n >= least)
    if not vocab:
        return {}
    index = {w: i for i, w in enumerate(vocab)}
    context = {w: i for i, (w, _) in enumerate(sorted(freq.items(),
                                                      key=lambda kv: (-kv[1], kv[0]))[:contexts])}
    edge = len(context)
    width = edge + 1
    rows, cols = [], []
    for s in sents:
        for i, word in enumerate(s):
            if word not in index:
                continue
            for block, offset in enumerate((-1, 1, -2, 2)):
                j = i + offset
                c = context.get(s[j]) if 0 <= j < len(s) else edge
                if c is not None:
                    rows.append(index[word])
                    cols.append(block * width + c)
    counts = coo_matrix((np.ones(len(rows)), (rows, cols)),
                        shape=(len(vocab), 4 * width)).tocsr().tocoo()
    total = counts.sum()
    row_sums = np.asarray(counts.sum(axis=1)).ravel()
    col_sums = np.asarray(counts.tocsr().sum(axis=0)).ravel()
    pmi = np.log(counts.data * total / (row_sums[counts.row] * col_sums[counts.col]))
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (counts.row[keep], counts.col[keep])), shape=counts.shape)
    dims = max(1, min(dims, min(ppmi.shape) - 1))
    vectors = TruncatedSVD(dims, random_state=seed).fit_transform(ppmi.tocsr())
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    labels = [MiniBatchKMeans(min(k, len(vocab)), random_state=seed, n_init=3,
                              batch_size=2048).fit_predict(vectors) for k in ks]
    return {w: tuple(int(lab[i]) for lab in labels) for w, i in index.items()}


def cluster_features(words: Sequence[str], clusters: dict[str, tuple[int, ...]]) -> list[list[str]]:
    """Each token's cluster features: its own ids (``c0``..), the middle id of the words
    two either side, and the coarse ids conjoined with the neighbours (``c3`` left|own|right)
    and with the word itself (``cw-1`` left cluster|word, ``cw+1`` word|right cluster): how a
    word's type depends on what kind of word stands next to it."""
    ids = [clusters.get(w.lower()) for w in words]
    n = len(words)
    size = len(next(iter(clusters.values()), ()))
    middle = min(1, size - 1)

    def coarse(j: int) -> str:
        if not 0 <= j < n:
            return "P"
        return str(ids[j][0]) if ids[j] else "U"

    out = []
    for i, word in enumerate(words):
        own = ids[i]
        f = [f"c{k}={own[k] if own else 'U'}" for k in range(size)]
        left, right = coarse(i - 1), coarse(i + 1)
        lower = word.lower()
        f += [f"c3={left}|{coarse(i)}|{right}", f"cw-1={left}|{lower}", f"cw+1={lower}|{right}"]
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f += [f"c1{d}={ids[j][middle] if ids[j] else 'U'}", f"c0{d}={coarse(j)}"]
        out.append(f)
    return out


def listed_name_context(words: Sequence[str], clusters: dict[str, tuple[int, ...]] | None = None
                        ) -> list[list[str]]:
    """For each token inside a listed name (:func:`baselines._name_features.list_tags`:
    ``B-GPE``, ``I-ORG``), its list type joined with the words one and two places before
    and after the token and with the pair around it (``gz+1=GPE|viseert``,
    ``gz-2=GPE|naar``), and with the neighbours' coarse clusters when ``clusters`` are given:
    what every country learns from ``Rusland viseert`` (an actor: EventDNA's ORG) and
    ``in Rusland`` (a place), the others share. Tokens outside listed names get none."""
    from ._name_features import list_tags

    tags = list_tags(words)
    lower = [w.lower() for w in words]
    n = len(words)

    def coarse(j: int) -> str:
        if not 0 <= j < n:
            return "P"
        ids = clusters.get(lower[j]) if clusters else None
        return str(ids[0]) if ids else "U"

    out = []
    for i, tag in enumerate(tags):
        if tag == "O":
            out.append([])
            continue
        kind = tag[2:]
        left, right = (lower[j] if 0 <= j < n else "P" for j in (i - 1, i + 1))
        far_left, far_right = (lower[j] if 0 <= j < n else "P" for j in (i - 2, i + 2))
        f = [f"gz-1={kind}|{left}", f"gz+1={kind}|{right}", f"gz-2={kind}|{far_left}",
             f"gz+2={kind}|{far_right}", f"gz-1+1={kind}|{left}|{right}"]
        if clusters:
            f += [f"gzc-1={kind}|{coarse(i - 1)}", f"gzc+1={kind}|{coarse(i + 1)}"]
        out.append(f)
    return out
