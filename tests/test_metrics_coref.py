"""Coreference scores on textbook cases with values derived by hand."""

from __future__ import annotations

import pytest

from kroniek.metrics import Counts, score
from kroniek.metrics.coref import b3_counts, ceafe_counts, coref_scores, muc_counts

# Pradhan, Luo, Recasens, Hovy, Ng and Strube (2014), "Scoring coreference partitions of
# predicted mentions: a reference implementation", section 3's running example:
# key {a b c} {d e f g}, response {a b} {c d} {f g h i}.
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_muc_on_the_pradhan_2014_example():
    # Recall: {a b c} splits into {a b}{c} -> 3-2; {d e f g} into {d}{e}{f g} -> 4-3; over 2+3.
    # Precision: {a b} -> 1; {c d} -> {c}{d} -> 0; {f g h i} -> {f g}{h}{i} -> 1; over 1+1+3.
    assert muc_counts(KEY, RESPONSE) == Counts(2, 5, 5, 2)
    muc = coref_scores(KEY, RESPONSE)["muc"]
    assert (muc.precision, muc.recall, muc.f1) == pytest.approx((0.4, 0.4, 0.4))


def test_b3_on_the_pradhan_2014_example():
    # R = 1/7 (2²/3 + 1²/3 + 1²/4 + 2²/4) = 5/12; P = 1/8 (2²/2 + 1²/2 + 1²/2 + 2²/4) = 1/2.
    b3 = b3_counts(KEY, RESPONSE)
    p_num, p_den, r_num, r_den = b3.tp, b3.n_pred, b3.tp_gold, b3.n_gold
    assert (p_num / p_den, r_num / r_den) == pytest.approx((0.5, 5 / 12))
    b3 = coref_scores(KEY, RESPONSE)["b3"]
    assert b3.precision == pytest.approx(0.5)
    assert b3.recall == pytest.approx(5 / 12)
    assert b3.f1 == pytest.approx(5 / 11)  # 2 * 1/2 * 5/12 / (1/2 + 5/12)


def test_ceafe_on_the_pradhan_2014_example():
    # phi4: {abc}-{ab} 4/5, {abc}-{cd} 2/5, {defg}-{cd} 1/3, {defg}-{fghi} 1/2; the best
    # alignment {abc}-{ab} + {defg}-{fghi} = 1.3. R = 1.3/2 = 0.65, P = 1.3/3.
    c = ceafe_counts(KEY, RESPONSE)
    assert (c.tp, c.n_pred, c.tp_gold, c.n_gold) == pytest.approx((1.3, 3, 1.3, 2))
    ceafe = coref_scores(KEY, RESPONSE)["ceafe"]
    assert (ceafe.precision, ceafe.recall) == pytest.approx((13 / 30, 0.65))
    assert ceafe.f1 == pytest.approx(0.52)


def test_conll_is_the_mean_of_the_three_f1():
    assert coref_scores(KEY, RESPONSE)["conll"].f1 == pytest.approx((0.4 + 5 / 11 + 0.52) / 3)


def test_muc_on_the_vilain_1995_example():
    # Vilain et al. (1995): key {A B C D}, response {A B}{C D}: recall (4-2)/(4-1), precision 1.
    muc = coref_scores([{"A", "B", "C", "D"}], [{"A", "B"}, {"C", "D"}])["muc"]
    assert (muc.precision, muc.recall) == pytest.approx((1.0, 2 / 3))
    assert muc.f1 == pytest.approx(0.8)


def test_ceafe_prefers_the_best_alignment_not_the_greedy_one():
    # key {1..6} {7 8}, response {1 2 3 4 7 8} {5 6}. phi4: {1..6}-{1234 78} 2*4/12 = 2/3,
    # {1..6}-{5 6} 2*2/8 = 1/2, {7 8}-{1234 78} 2*2/8 = 1/2, {7 8}-{5 6} 0. Taking the
    # largest first gives 2/3 + 0; the optimal (Kuhn-Munkres) alignment 1/2 + 1/2 = 1.
    key = [set(range(1, 7)), {7, 8}]
    response = [{1, 2, 3, 4, 7, 8}, {5, 6}]
    c = ceafe_counts(key, response)
    assert (c.tp, c.n_pred, c.tp_gold, c.n_gold) == pytest.approx((1.0, 2, 1.0, 2))


def test_identical_clusters_score_one_and_disjoint_ones_zero():
    perfect = coref_scores(KEY, KEY)
    assert all(perfect[m].f1 == pytest.approx(1.0) for m in ("muc", "b3", "ceafe", "conll"))
    nothing = coref_scores(KEY, [{"x", "y"}])
    assert all(nothing[m].f1 == 0.0 for m in ("muc", "b3", "ceafe", "conll"))


def test_documents_match_mentions_by_offsets_and_keep_entities_apart_from_events():
    gold = [{"id": "d", "entities": [
        {"id": "e1", "start": 0, "end": 2, "type": "ORG"},
        {"id": "e2", "start": 20, "end": 25, "type": "ORG"},
        {"id": "e3", "start": 30, "end": 32, "type": "PER"}],
        "events": [{"id": "v1", "start": 40, "end": 45, "type": "ATTACK", "arguments": []},
                   {"id": "v2", "start": 50, "end": 55, "type": "ATTACK", "arguments": []}],
        "clusters": [{"id": "c1", "members": ["e1", "e2"]}, {"id": "c2", "members": ["v1", "v2"]}]}]
    # Different ids, same offsets: a perfect prediction.
    pred = [{"id": "d", "entities": [
        {"id": "x", "start": 0, "end": 2, "type": "ORG"},
        {"id": "y", "start": 20, "end": 25, "type": "ORG"}],
        "events": [{"id": "p", "start": 40, "end": 45, "type": "ATTACK", "arguments": []},
                   {"id": "q", "start": 50, "end": 55, "type": "ATTACK", "arguments": []}],
        "clusters": [{"id": "k1", "members": ["y", "x"]}, {"id": "k2", "members": ["p", "q"]}]}]
    assert score(gold, pred, tasks=["coreference"])["coreference.conll"].f1 == pytest.approx(1.0)
    # Linking e1 with e3 instead of e2: MUC has 1 link of 2 in gold, 0 right -> 1/2 each way.
    pred[0]["entities"][1] = {"id": "y", "start": 30, "end": 32, "type": "PER"}
    muc = score(gold, pred, tasks=["coreference"])["coreference.muc"]
    assert (muc.precision, muc.recall) == pytest.approx((0.5, 0.5))
