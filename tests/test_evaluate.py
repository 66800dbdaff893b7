"""kroniek evaluate: result records, the leaderboard, honest handling of missing systems."""

import json
import subprocess
import sys

import pytest

from kroniek import leaderboard
from kroniek.evaluate import HEADLINES, evaluate, load_gold, read_results
from kroniek.metrics import score


@pytest.fixture(scope="module")
def run(small_dataset, tmp_path_factory):
    results = tmp_path_factory.mktemp("results")
    records = evaluate(["floor.v1", "lexicon.v1", "tokenclf.v1"], dataset=small_dataset,
                       results=results, n_resamples=50, progress=lambda m: None)
    return results, records


def test_result_records_are_versioned_and_complete(run, small_dataset):
    results, records = run
    _, revision = load_gold(small_dataset)
    for record in records:
        path = results / record["system"] / record["version"] / revision / "test.json"
        on_disk = json.loads(path.read_text(encoding="utf-8"))
        assert on_disk["schema_version"] == "1.0" and on_disk["dataset"]["revision"] == revision
        assert on_disk["kroniek_version"] and on_disk["protocol"]
        assert set(on_disk["confidence_intervals"]) == {h.name for h in HEADLINES
                                                         if h.family in on_disk["tasks"]}
        for key, ci in on_disk["confidence_intervals"].items():
            assert ci["low"] <= ci["f1"] <= ci["high"], key
    assert read_results(results, revision=revision) == sorted(
        [json.loads(p.read_text()) for p in results.glob(f"*/*/{revision}/*.json")],
        key=lambda r: r["id"])
    assert all(r["dataset"]["split"] == "test" for r in records)


def test_recorded_scores_are_the_scores_of_the_written_predictions(run, small_dataset):
    from kroniek.documents import read_jsonl

    results, records = run
    gold, revision = load_gold(small_dataset)
    lexicon = next(r for r in records if r["id"] == "lexicon.v1")
    pred = read_jsonl(results / "lexicon" / "v1" / revision / "test.predictions.jsonl")
    assert lexicon["scores"] == json.loads(json.dumps(
        score(gold, pred, tasks=lexicon["tasks"]).to_dict()))


def test_trained_system_learns_from_train_only(run):
    _, records = run
    tokenclf = next(r for r in records if r["id"] == "tokenclf.v1")
    assert tokenclf["trained"] and tokenclf["learned_from"] == ["train", "validation (tuning)"]
    assert "trained on the train split" in tokenclf["protocol"]
    assert "scored on test, which it never saw" in tokenclf["protocol"]


def test_leaderboard_marks_uncovered_tasks_and_explains_metrics(run):
    results, records = run
    text = leaderboard.markdown(records, results=results)
    floor_row = next(line for line in text.splitlines() if line.startswith("| floor.v1 |"))
    cells = [c.strip() for c in floor_row.strip("|").split("|")]
    assert cells[1] != "-" and cells[3:9] == ["-"] * 6
    assert "What the columns mean" in text and "trained on the train split" in text
    assert text.index("## Test: the headline") < text.index("## What the columns mean")
    assert list((results / "floor" / "v1").glob("*/test.confusion.png"))


def test_missing_external_system_says_how_to_install(small_dataset, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no frog here
    [record] = evaluate(["frog.v1"], dataset=small_dataset, results=tmp_path / "r",
                        n_resamples=10, progress=lambda m: None)
    assert record["available"] is False and "apt-get install frog" in record["reason"]
    row = leaderboard.table([record])
    assert "not run:" in row and "apt-get install frog" in row


def test_unknown_baseline_is_one_line_with_the_known_names(small_dataset, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kroniek.cli", "evaluate", "--baseline", "gazeteer.v1",
                           "--dataset", str(small_dataset), "--results", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0
    assert "did you mean gazetteer.v1?" in proc.stderr and "floor.v1" in proc.stderr
    assert not any(tmp_path.iterdir())
