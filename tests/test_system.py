"""The system layer: registry (entry points), the one way to run a system, and the
promise that a trained system never sees a test article or a document's gold."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kroniek.errors import KroniekError
from kroniek.system import System, predict, registry
from kroniek.system.run import LEARN_FROM


class Recording(System):
    """A trained system that remembers what it learned from and what it was shown."""

    name, version, tasks, trained = "recording", 1, ("entities",), True
    fitted_on: list[list[str]] = []
    shown: list[dict] = []

    def fit(self, train, validation=()):
        self.report(f"learning from {len(train)} document(s)")
        type(self).fitted_on.append([d["id"] for d in train] + [d["id"] for d in validation])
        self.model = {e["text"]: e["type"] for d in train for e in d["entities"]}

    def predict(self, documents):
        type(self).shown.extend(documents)
        return [{"id": d["id"], "entities": []} for d in documents]


@pytest.fixture
def recording(monkeypatch, tmp_path):
    monkeypatch.setenv("KRONIEK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setitem(registry._REGISTRY, Recording.id(), Recording)
    Recording.fitted_on, Recording.shown = [], []
    return Recording


def test_entry_points_register_every_baseline():
    from importlib.metadata import entry_points

    points = {p.name for p in entry_points(group=registry.GROUP)}
    assert {"floor", "gazetteer", "lexicon", "tokenclf", "rules", "frog"} <= points
    assert {"floor.v1", "rules.v1", "tokenclf.v1"} <= set(registry.names())


def test_unknown_system_names_the_known_ones():
    with pytest.raises(KroniekError, match=r"did you mean rules\.v1\?.*known: .*floor\.v1"):
        registry.get("rule.v1")


def test_a_trained_system_never_learns_from_the_split_it_is_scored_on(recording, small_dataset):
    from kroniek.dataset import load

    test = load(small_dataset, split="test")
    train_ids = {d["id"] for d in load(small_dataset, split="train")}
    predict(Recording.id(), test, split="test", dataset=small_dataset)
    assert Recording.fitted_on and all(set(ids) <= train_ids for ids in Recording.fitted_on)
    assert not {d["id"] for d in test} & set(Recording.fitted_on[0])
    assert LEARN_FROM["test"] == (("train",), "validation")


def test_a_system_is_shown_text_only(recording, small_dataset):
    from kroniek.dataset import load

    gold = load(small_dataset, split="test")
    assert any(d["entities"] for d in gold)
    predict(Recording.id(), gold, split="test", dataset=small_dataset)
    assert Recording.shown and all(set(d) == {"id", "text", "language"} for d in Recording.shown)


def test_a_trained_system_is_fitted_once_then_loaded_from_the_cache(recording, small_dataset):
    from kroniek.dataset import load

    gold = load(small_dataset, split="test")
    predict(Recording.id(), gold, split="test", dataset=small_dataset)
    predict(Recording.id(), gold, split="test", dataset=small_dataset)
    assert len(Recording.fitted_on) == 1


def test_a_fit_says_where_it_is_and_keeps_no_hook_in_its_state(recording, small_dataset,
                                                               tmp_path):
    import gzip
    import pickle

    from kroniek.dataset import load
    from kroniek.system.base import STATE

    said = []
    predict(Recording.id(), load(small_dataset, split="test"), split="test",
            dataset=small_dataset, progress=said.append)
    assert [line for line in said if line.startswith("recording.v1: learning from ")]
    [state] = (tmp_path / "cache").glob(f"recording.v1/*/{STATE}")
    with gzip.open(state, "rb") as kept:
        assert "_report" not in pickle.load(kept)


def test_a_trained_system_cannot_be_scored_on_train(recording, small_dataset):
    with pytest.raises(KroniekError, match="learns from the train split"):
        predict(Recording.id(), [{"id": "x", "text": "Kirkuk."}], split="train",
                dataset=small_dataset)


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kroniek.cli", *args], capture_output=True,
                          text=True, cwd=cwd)


def test_systems_json_lists_id_tasks_trained_available():
    proc = _cli("systems", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = {row["id"]: row for row in json.loads(proc.stdout)}
    assert rows["rules.v1"]["tasks"] == ["entities", "triggers", "arguments", "relations",
                                         "coreference"]
    assert rows["rules.v1"]["trained"] is False and rows["rules.v1"]["available"] is True
    assert rows["tokenclf.v1"]["trained"] is True
    assert rows["tokenclf.v1"]["learned_from"] == ["train", "validation (tuning)"]
    if not rows["frog.v1"]["available"]:
        assert "apt-get install frog" in rows["frog.v1"]["how_to_install"]


def test_predict_then_score_on_a_text_file(tmp_path, small_dataset):
    article = tmp_path / "doc_a.txt"
    gold = json.loads(subprocess.run(
        [sys.executable, "-m", "kroniek.cli", "export", "--format", "jsonl", "--split", "test",
         "--dataset", str(small_dataset), "-o", str(tmp_path / "gold.jsonl")],
        capture_output=True, text=True, check=True) and
        (tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()[0])
    article.write_text(gold["text"], encoding="utf-8")
    proc = _cli("predict", "--system", "rules.v1", str(article), "-o", str(tmp_path / "p.jsonl"))
    assert proc.returncode == 0, proc.stderr
    pred = json.loads((tmp_path / "p.jsonl").read_text(encoding="utf-8"))
    assert pred["id"] == "doc_a" and pred["entities"]
    scored = _cli("score", str(tmp_path / "gold.jsonl"), str(tmp_path / "p.jsonl"), "--json")
    assert scored.returncode == 0, scored.stderr
    assert 0 < json.loads(scored.stdout)["entities"]["strict"]["f1"] <= 1


def test_predict_reads_jsonl_and_folders_and_refuses_bad_lines(tmp_path):
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "a", "text": "Het leger rukte op naar "
                                                   "Kirkuk.", "entities": [{"bogus": 1}]}) + "\n",
                                       encoding="utf-8")
    proc = _cli("predict", "--system", "gazetteer.v1", str(tmp_path / "in.jsonl"))
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == ["a"]
    (tmp_path / "bad.jsonl").write_text('{"id": 3, "text": "x"}\n', encoding="utf-8")
    bad = _cli("predict", "--system", "gazetteer.v1", str(tmp_path / "bad.jsonl"))
    assert bad.returncode == 1 and "line 1: field id: a document needs a non-empty string 'id'" in bad.stderr
    assert "Traceback" not in bad.stderr
    unknown = _cli("predict", "--system", "gazeteer.v1", str(tmp_path / "in.jsonl"))
    assert unknown.returncode == 1 and "did you mean gazetteer.v1" in unknown.stderr


def test_a_part_is_built_once_per_digest_and_read_back_from_its_pickle(monkeypatch, tmp_path):
    from kroniek.system.cache import part

    monkeypatch.setenv("KRONIEK_CACHE", str(tmp_path / "cache"))
    built, said = [], []

    def build(value):
        built.append(value)
        return {"value": value}

    first = part("square", "a", lambda: build(7 * 7), progress=said.append)
    again = part("square", "a", lambda: build(0), progress=said.append)
    other = part("square", "b", lambda: build(8 * 8))
    assert first == again == {"value": 49} and other == {"value": 64}
    assert built == [49, 64] and len(said) == 1 and "once" in said[0]
    assert (tmp_path / "cache" / "parts" / "square" / "a" / "DONE").exists()


def test_a_part_is_still_built_when_the_cache_cannot_be_written(monkeypatch, tmp_path):
    from kroniek.system.cache import part

    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("KRONIEK_CACHE", str(blocked))
    assert part("square", "a", lambda: [1, 2]) == [1, 2]
    assert part("square", "a", lambda: [3]) == [3]          # nothing was kept


def test_a_fitted_state_is_kept_gzipped_and_an_older_plain_pickle_still_loads(tmp_path):
    import gzip
    import pickle

    from kroniek.system.base import STATE

    class Weights(System):
        name, version = "weights", 1

    system = Weights()
    system.coef = [0.0] * 100_000 + [1.5]
    system.to_disk(tmp_path / "new")
    kept = tmp_path / "new" / STATE
    assert kept.stat().st_size < 10_000 < len(pickle.dumps(system.__dict__))
    assert pickle.loads(gzip.decompress(kept.read_bytes()))["coef"][-1] == 1.5
    loaded = Weights()
    loaded.from_disk(tmp_path / "new")
    assert loaded.coef == system.coef

    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "state.pickle").write_bytes(pickle.dumps({"coef": [2.0]}))
    older = Weights()
    older.from_disk(tmp_path / "old")
    assert older.coef == [2.0]
