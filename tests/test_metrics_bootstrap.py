"""Bootstrap intervals: around the point estimate, deterministic, and paired comparisons."""

from __future__ import annotations

import random

import pytest

from kroniek.metrics import score
from kroniek.metrics.bootstrap import RESAMPLABLE, bootstrap_ci, paired_bootstrap

WORDS = ["Ali", "Bea", "Cor", "Dirk", "Eva"]


def corpus(n_docs: int = 6, n_sentences: int = 8, seed: int = 1):
    """Gold documents of short sentences, each with a PER name, a trigger and a link."""
    rng = random.Random(seed)
    gold = []
    for d in range(n_docs):
        text, entities, events, clusters = "", [], [], []
        for s in range(n_sentences):
            name = rng.choice(WORDS)
            start = len(text)
            text += f"{name} viel aan. "
            entities.append({"id": f"d{d}e{s}", "start": start, "end": start + len(name),
                             "type": "PER"})
            events.append({"id": f"d{d}v{s}", "start": start + len(name) + 1,
                           "end": start + len(name) + 5, "type": "ATTACK",
                           "arguments": [{"entity_id": f"d{d}e{s}", "role": "AGENT"}]})
        for s in range(0, n_sentences - 1, 2):
            clusters.append({"id": f"d{d}c{s}", "members": [f"d{d}e{s}", f"d{d}e{s + 1}"]})
        gold.append({"id": f"doc{d}", "text": text, "entities": entities, "events": events,
                     "relations": [], "clusters": clusters})
    return gold


def degraded(gold, keep: float, seed: int):
    rng = random.Random(seed)
    pred = []
    for doc in gold:
        entities = [e for e in doc["entities"] if rng.random() < keep]
        kept = {e["id"] for e in entities}
        events = [dict(v, arguments=[a for a in v["arguments"] if a["entity_id"] in kept])
                  for v in doc["events"] if rng.random() < keep]
        clusters = [c for c in doc["clusters"] if all(m in kept for m in c["members"])]
        pred.append({"id": doc["id"], "entities": entities, "events": events, "clusters": clusters})
    return pred


def test_interval_contains_the_point_estimate_for_every_metric():
    gold = corpus()
    pred = degraded(gold, 0.7, seed=2)
    report = score(gold, pred)
    intervals = bootstrap_ci(gold, pred, n_resamples=300)
    assert set(intervals) == set(RESAMPLABLE)
    for name, (low, high) in intervals.items():
        assert low <= report[name].f1 <= high, name
    low, high = intervals["entities.strict"]
    assert low < high  # there is spread: some sentences lost their entity


def test_same_seed_same_interval_other_seed_other_draws():
    gold = corpus()
    pred = degraded(gold, 0.6, seed=3)
    a = bootstrap_ci(gold, pred, metric="triggers.classification", n_resamples=200, seed=5)
    b = bootstrap_ci(gold, pred, metric="triggers.classification", n_resamples=200, seed=5)
    c = bootstrap_ci(gold, pred, metric=["triggers.classification"], n_resamples=200, seed=6)
    assert a == b
    assert isinstance(c, dict) and c["triggers.classification"] != a


def test_perfect_prediction_has_a_degenerate_interval():
    gold = corpus(n_docs=2)
    low, high = bootstrap_ci(gold, gold, metric="arguments.classification+", n_resamples=100)
    assert low == high == 1.0


def test_paired_bootstrap():
    gold = corpus(n_docs=10)
    good, bad = degraded(gold, 0.95, seed=4), degraded(gold, 0.4, seed=5)
    result = paired_bootstrap(gold, good, bad, metric=["entities.strict", "coreference.conll"],
                              n_resamples=400)
    strict = result["entities.strict"]
    expected = score(gold, good)["entities.strict"].f1 - score(gold, bad)["entities.strict"].f1
    assert strict["difference"] == pytest.approx(expected)
    assert strict["low"] > 0 and strict["p_value"] < 0.01
    same = paired_bootstrap(gold, good, good, metric="entities.strict", n_resamples=100)
    assert same["entities.strict"]["difference"] == 0.0 and same["entities.strict"]["p_value"] == 1.0


def test_unknown_metric_is_refused():
    with pytest.raises(ValueError, match="cannot resample"):
        bootstrap_ci(corpus(n_docs=1), [], metric="entities.lenient")
