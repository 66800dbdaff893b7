"""Triggers, arguments (TextEE) and event relations on hand-built cases."""

from __future__ import annotations

import pytest

from kroniek.errors import KroniekError
from kroniek.metrics import Counts, Score, score


def family(gold, pred, task):
    return score(gold, pred, tasks=[task]).to_dict()[task]


def trigger_scores(gold, pred):
    return family(gold, pred, "triggers")


def argument_scores(gold, pred):
    return family(gold, pred, "arguments")


def relation_scores(gold, pred):
    return family(gold, pred, "relations")


def ent(i, s, e, t="ORG"):
    return {"id": i, "start": s, "end": e, "type": t}


def ev(i, s, e, t, args=()):
    return {"id": i, "start": s, "end": e, "type": t,
            "arguments": [{"entity_id": a, "role": r} for a, r in args]}


GOLD = [{"id": "d", "entities": [ent("e1", 0, 2), ent("e2", 11, 16, "GPE"), ent("e3", 18, 27)],
         "events": [ev("v1", 3, 10, "TERRITORY_CHANGE", [("e1", "AGENT"), ("e2", "PATIENT")]),
                    ev("v2", 28, 32, "ATTACK", [("e3", "AGENT")])],
         "relations": [{"id": "r1", "head": "v2", "tail": "v1", "type": "CAUSE"}]}]
# Same trigger spans, other ids; v2 typed MOVEMENT; e2's role PLACE; one extra relation.
PRED = [{"id": "d", "entities": [ent("a", 0, 2), ent("b", 11, 16, "GPE"), ent("c", 18, 27)],
         "events": [ev("x1", 3, 10, "TERRITORY_CHANGE", [("a", "AGENT"), ("b", "PLACE")]),
                    ev("x2", 28, 32, "MOVEMENT", [("c", "AGENT")])],
         "relations": [{"id": "q1", "head": "x2", "tail": "x1", "type": "CAUSE"},
                       {"id": "q2", "head": "x1", "tail": "x2", "type": "BEFORE"}]}]


def test_triggers():
    result = trigger_scores(GOLD, PRED)
    assert result["identification"]["f1"] == 1.0          # both spans found
    c = result["classification"]                             # one of two typed right
    assert (c["precision"], c["recall"], c["tp"]) == (0.5, 0.5, 1)
    assert c["per_type"]["TERRITORY_CHANGE"]["f1"] == 1.0
    assert c["per_type"]["ATTACK"]["recall"] == 0.0 and c["per_type"]["MOVEMENT"]["precision"] == 0.0
    assert list(c["per_type"]) == ["ATTACK", "TERRITORY_CHANGE", "MOVEMENT"]  # inventory order


def test_arguments_need_the_event_type_and_for_classification_the_role():
    result = argument_scores(GOLD, PRED)
    # identification: (event type, argument span): e1 and e2 under TERRITORY_CHANGE match;
    # e3 under MOVEMENT does not (gold says ATTACK) -> 2 of 3.
    assert result["identification"]["precision"] == pytest.approx(2 / 3)
    assert result["identification"]["recall"] == pytest.approx(2 / 3)
    # classification also needs the role: only e1 AGENT -> 1 of 3.
    assert result["classification"]["f1"] == pytest.approx(1 / 3)
    assert result["classification"]["per_type"]["PATIENT"]["recall"] == 0.0
    assert result["classification"]["per_type"]["AGENT"]["tp"] == 1
    # The triggers' spans are right, so the + variants agree here.
    assert result["identification+"]["f1"] == pytest.approx(2 / 3)
    assert result["classification+"]["f1"] == pytest.approx(1 / 3)


def test_plus_variants_need_the_trigger_span():
    gold = [{"id": "d", "entities": [ent("e1", 0, 2)],
             "events": [ev("v1", 3, 10, "ATTACK", [("e1", "AGENT")])]}]
    pred = [{"id": "d", "entities": [ent("e1", 0, 2)],
             "events": [ev("v1", 4, 10, "ATTACK", [("e1", "AGENT")])]}]
    result = score(gold, pred, tasks=["triggers", "arguments"]).to_dict()
    assert result["triggers"]["identification"]["f1"] == 0.0
    assert result["arguments"]["identification"]["f1"] == 1.0
    assert result["arguments"]["classification"]["f1"] == 1.0
    assert result["arguments"]["identification+"]["f1"] == 0.0
    assert result["arguments"]["classification+"]["f1"] == 0.0


def test_relations_are_matched_by_offsets_and_type_not_ids():
    result = relation_scores(GOLD, PRED)
    assert (result["precision"], result["recall"], result["fp"], result["fn"]) == (0.5, 1.0, 1, 0)
    assert result["per_type"]["CAUSE"]["f1"] == 1.0
    assert result["per_type"]["BEFORE"]["precision"] == 0.0
    # The same relation reversed is a different relation.
    reversed_pred = [dict(PRED[0], relations=[{"id": "q", "head": "x1", "tail": "x2", "type": "CAUSE"}])]
    assert relation_scores(GOLD, reversed_pred)["f1"] == 0.0


def test_a_missing_document_is_refused_unless_allowed_and_an_unknown_one_is_refused():
    with pytest.raises(KroniekError, match="document d: gold document has no prediction"):
        score(GOLD, [], tasks=["triggers"])
    result = score(GOLD, [], tasks=["triggers"], allow_missing=True)
    assert result["triggers.classification"].recall == 0.0
    assert result["triggers.classification"].n_gold == 2
    with pytest.raises(KroniekError, match="document zz"):
        score(GOLD, [{"id": "zz"}])


def test_counts_go_through_scikit_learn_formulas():
    # tp 3 of 4 predicted, 3 of 6 gold: P 0.75, R 0.5, F1 0.6; ORG row 0 of 1 predicted.
    rows = {"PER": Counts(3, 3, 5), "ORG": Counts(0, 1, 1)}
    r = Score.of(sum(rows.values(), Counts()), per_type=rows)
    assert (r.precision, r.recall, r.f1) == pytest.approx((0.75, 0.5, 0.6))
    assert r.per_type["PER"].precision == 1.0 and r.per_type["ORG"].f1 == 0.0
    half = Counts(1.5, 2, 3)  # fractional matches (nervaluate's PAR)
    assert (half.precision, half.recall) == pytest.approx((0.75, 0.5))
    assert Counts(0, 4, 3, 0).f1 == 0.0
    b = Counts(1, 4, 2, 1)  # B-cubed: precision 1/4, recall 1/2
    assert (b.precision, b.recall, b.f1) == pytest.approx((0.25, 0.5, 1 / 3))


def test_counts_add_like_prfscore_and_a_score_round_trips_its_json():
    a, b = Counts(2, 3, 4), Counts(1, 1, 2)
    assert a + b == Counts(3, 4, 6) and (a + b).fp == 1 and (a + b).fn == 3
    assert (a + b).f1 == pytest.approx(2 * 3 / (4 + 6))
    report = score(GOLD, PRED)
    again = type(report).from_dict(report.to_dict())
    assert again == report and again.to_dict() == report.to_dict()
    assert report.coreference.muc.counts is not None  # not a zero: the numerators are kept
