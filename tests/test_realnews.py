"""realnews.v1 and the EventDNA benchmark section, on the project's own DNAF fixture."""

from __future__ import annotations

import json

import pytest

from eventdna_fixture import write_parts

from kroniek import eventdna_eval
from kroniek.corpora.eventdna import read
from kroniek.system import Unavailable, describe, get
from kroniek.system.run import blind


def corpus(tmp_path):
    return write_parts(tmp_path)


@pytest.fixture()
def no_copy(monkeypatch, tmp_path):
    monkeypatch.delenv("KRONIEK_EVENTDNA", raising=False)
    monkeypatch.setenv("KRONIEK_CONFIG", str(tmp_path / "corpora.json"))


def test_unavailable_without_a_copy_says_how_to_get_it(no_copy):
    with pytest.raises(Unavailable, match="KRONIEK_EVENTDNA"):
        get("realnews.v1").available()
    row = describe("realnews.v1")
    assert row["available"] is False and "KRONIEK_EVENTDNA" in row["how_to_install"]


def test_learns_from_the_train_part_only(monkeypatch, tmp_path):
    import kroniek_baselines.realnews as realnews

    root = corpus(tmp_path)
    monkeypatch.setenv("KRONIEK_EVENTDNA", str(root))
    monkeypatch.setattr(realnews, "O_FACTORS", (1.0, 0.3))
    monkeypatch.setattr(realnews, "NONE_FACTORS", (1.0, 0.5))
    seen = []
    original = realnews.rows

    def spy(documents, **kw):
        if kw.get("source") == "eventdna":
            seen.extend(d["id"] for d in documents)
        return original(documents, **kw)

    monkeypatch.setattr(realnews, "rows", spy)
    system = get("realnews.v1")
    system.fit([], [])
    assert "eventdna_3" not in seen and {"eventdna_1", "eventdna_4", "eventdna_5"} <= set(seen)
    test = [d for d in read(root) if d["id"] == "eventdna_3"]
    (pred,) = system.predict(blind(test))
    found = {(e["text"], e["type"]) for e in pred["entities"]}
    assert ("Kirkuk", "GPE") in found and ("strijders", "PER") in found
    assert {e["text"] for e in pred["events"]} >= {"aanvallen", "zei"}


def test_section_from_records_cites_the_paper(tmp_path, no_copy):
    assert eventdna_eval.evaluate_eventdna(["floor.v1"], results=tmp_path) == []
    assert eventdna_eval.section(tmp_path) == []
    record = {"id": "x.v1", "system": "x", "version": "v1", "tasks": ["entities"],
              "available": True,
              "corpus": {"documents": 3, "split_rule": "r", "mapping": "eventdna-kroniek.v1"},
              "scores": {"entities.heads": {"f1": 0.5, "f1_ci": [0.4, 0.6]},
                         "entities.named": {"f1": 0.25, "f1_ci": [0.1, 0.3]}}}
    path = eventdna_eval.record_path(tmp_path, record)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(record))
    text = "\n".join(eventdna_eval.section(tmp_path))
    assert "## EventDNA (real news)" in text and "Language Resources and Evaluation" in text
    assert "| x.v1 | 50.0 [40-60] | 25.0 [10-30] | - | - | - |" in text


def test_a_system_that_cannot_run_keeps_its_earlier_record(tmp_path):
    from kroniek.evaluate import kept_record, result_path, write_result

    earlier = {"system": "x", "version": "v1", "available": True,
               "dataset": {"revision": "r1", "split": "test"}}
    write_result(tmp_path, earlier, [{"id": "d1", "entities": []}])
    now = {**earlier, "available": False, "reason": "needs a copy of EventDNA"}
    record = kept_record(tmp_path, now)
    assert record["available"] is True
    assert kept_record(tmp_path, {**now, "dataset": {"revision": "r2", "split": "test"}}) is None
    assert result_path(tmp_path, now).exists()
