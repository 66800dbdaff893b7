"""Entity scores equal seqeval (strict, IOB2) and nervaluate 1.2 on random span sets."""

from __future__ import annotations

import random

import pytest
from nervaluate import Evaluator
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score
from seqeval.scheme import IOB2

from kroniek.metrics import score
from kroniek.metrics.spans import span_scores as _span_scores


def span_scores(*args, **kwargs) -> dict:
    """The four schemes as JSON rows (what nervaluate and seqeval are compared with)."""
    return {scheme: s.to_dict() for scheme, s in _span_scores(*args, **kwargs).items()}

TYPES = ["PER", "ORG", "LOC", "TIME"]
NV_SCHEME = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}


def random_spans(rng: random.Random, doc: str, n_tokens: int, *, flat: bool, rate: float):
    """Spans on token positions; ``flat`` ones never overlap each other."""
    spans, i = [], 0
    while i < n_tokens:
        if rng.random() < rate:
            end = min(n_tokens, i + rng.randint(1, 4))
            spans.append((doc, i, end, rng.choice(TYPES)))
            i = end if flat else i + rng.randint(0, 2)
        else:
            i += 1
    return sorted(set(spans))


def perturbed(rng: random.Random, gold: list, n_tokens: int) -> list:
    """A prediction close to ``gold``: kept, relabelled, shifted, dropped, or invented."""
    pred = []
    for doc, s, e, t in gold:
        r = rng.random()
        if r < 0.5:
            pred.append((doc, s, e, t))
        elif r < 0.65:
            pred.append((doc, s, e, rng.choice(TYPES)))
        elif r < 0.85:
            s2 = min(max(0, s + rng.randint(-1, 1)), n_tokens - 1)
            pred.append((doc, s2, max(s2 + 1, min(n_tokens, e + rng.randint(-1, 1))), t))
    return pred


def corpus(seed: int, *, flat_pred: bool):
    rng = random.Random(seed)
    docs = [f"d{k}" for k in range(rng.randint(1, 6))]
    lengths = {d: rng.randint(1, 25) for d in docs}
    gold, pred = [], []
    for d in docs:
        g = random_spans(rng, d, lengths[d], flat=True, rate=0.3)
        gold += g
        if rng.random() < 0.5:
            p = perturbed(rng, g, lengths[d])
            if flat_pred:  # keep it flat: drop what overlaps an earlier span
                flat, last = [], -1
                for span in sorted(set(p)):
                    if span[1] >= last:
                        flat.append(span)
                        last = span[2]
                p = flat
        else:
            p = random_spans(rng, d, lengths[d], flat=flat_pred, rate=0.3)
        pred += sorted(set(p))
    return docs, lengths, sorted(gold), sorted(pred)


def nervaluate_run(docs, gold, pred, min_overlap: float = 1.0):
    # nervaluate's ends are inclusive; ours are exclusive.
    as_dicts = lambda spans, d: [{"label": t, "start": s, "end": e - 1}  # noqa: E731
                                 for doc, s, e, t in spans if doc == d]
    return Evaluator([as_dicts(gold, d) for d in docs], [as_dicts(pred, d) for d in docs],
                     tags=TYPES, loader="dict", min_overlap_percentage=min_overlap).evaluate()


def assert_same(ours: dict, theirs) -> None:
    got = (ours["correct"], ours["incorrect"], ours["partial"], ours["missed"], ours["spurious"])
    assert got == (theirs.correct, theirs.incorrect, theirs.partial, theirs.missed, theirs.spurious)
    for field in ("precision", "recall", "f1"):
        assert ours[field] == pytest.approx(getattr(theirs, field), abs=1e-9)


@pytest.mark.parametrize("flat_pred", [True, False])
def test_equals_nervaluate_on_random_spans(flat_pred):
    compared = 0
    for seed in range(120):
        docs, _, gold, pred = corpus(seed, flat_pred=flat_pred)
        if not gold and not pred:
            continue
        theirs = nervaluate_run(docs, gold, pred)
        ours = span_scores(gold, pred)
        for scheme, nv in NV_SCHEME.items():
            assert_same(ours[scheme], theirs["overall"][nv])
            assert set(ours[scheme].get("per_type", {})) == set(theirs["entities"])
            for label, rows in theirs["entities"].items():
                assert_same(ours[scheme]["per_type"][label], rows[nv])
            compared += 1
    assert compared > 400


def test_equals_nervaluate_with_an_overlap_threshold():
    for seed in range(40):
        docs, _, gold, pred = corpus(seed, flat_pred=seed % 2 == 0)
        if not gold and not pred:
            continue
        theirs = nervaluate_run(docs, gold, pred, min_overlap=60.0)
        ours = span_scores(gold, pred, min_overlap_percentage=60.0)
        for scheme, nv in NV_SCHEME.items():
            assert_same(ours[scheme], theirs["overall"][nv])


def to_bio(spans, docs, lengths):
    tags = {d: ["O"] * lengths[d] for d in docs}
    for d, s, e, t in spans:
        tags[d][s] = f"B-{t}"
        for i in range(s + 1, e):
            tags[d][i] = f"I-{t}"
    return [tags[d] for d in docs]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # seqeval's report on empty input
def test_strict_equals_seqeval_on_random_spans():
    for seed in range(120):
        docs, lengths, gold, pred = corpus(seed, flat_pred=True)
        y_true, y_pred = to_bio(gold, docs, lengths), to_bio(pred, docs, lengths)
        strict = span_scores(gold, pred)["strict"]
        kw = {"mode": "strict", "scheme": IOB2, "zero_division": 0}
        assert strict["precision"] == pytest.approx(precision_score(y_true, y_pred, **kw), abs=1e-9)
        assert strict["recall"] == pytest.approx(recall_score(y_true, y_pred, **kw), abs=1e-9)
        assert strict["f1"] == pytest.approx(f1_score(y_true, y_pred, **kw), abs=1e-9)
        report = classification_report(y_true, y_pred, output_dict=True, **kw)
        for label, row in strict.get("per_type", {}).items():
            assert row["precision"] == pytest.approx(report[label]["precision"], abs=1e-9)
            assert row["recall"] == pytest.approx(report[label]["recall"], abs=1e-9)
            assert row["f1"] == pytest.approx(report[label]["f1-score"], abs=1e-9)
            assert row["n_gold"] == report[label]["support"]


def test_documents_api_scores_entities_by_offsets_not_ids():
    text = "Koerdische troepen namen Hawija in."
    gold = [{"id": "a", "text": text, "entities": [
        {"id": "g1", "start": 0, "end": 18, "type": "ORG"},
        {"id": "g2", "start": 25, "end": 31, "type": "GPE"}]}]
    pred = [{"id": "a", "entities": [
        {"id": "x9", "start": 0, "end": 10, "type": "ORG"},   # overlaps g1: partial
        {"id": "x8", "start": 25, "end": 31, "type": "LOC"}]}]  # g2's offsets, wrong type
    result = score(gold, pred, tasks=["entities"]).to_dict()["entities"]
    # strict: nothing correct; exact: g2 correct; partial: 1 COR + 1 PAR of 2 -> 0.75;
    # type: x9 same type as g1 -> COR, x8 wrong type -> INC -> 1/2.
    assert result["strict"]["f1"] == 0.0 and result["strict"]["incorrect"] == 2
    assert result["exact"]["f1"] == 0.5
    assert result["partial"]["f1"] == 0.75
    assert result["type"]["f1"] == 0.5
    assert set(result["strict"]["per_type"]) == {"ORG", "GPE", "LOC"}


def test_empty_inputs_score_zero():
    result = span_scores([], [])
    assert result["strict"]["f1"] == 0.0 and "per_type" not in result["strict"]
    only_gold = span_scores([("d", 0, 1, "PER")], [])
    assert only_gold["partial"]["recall"] == 0.0 and only_gold["partial"]["missed"] == 1
