"""``kroniek score`` end to end, in a subprocess, on small files."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

TEXT = "IS verloor Mosul. Het leger viel aan."
GOLD = {
    "id": "d1", "text": TEXT, "language": "nl",
    "entities": [
        {"id": "e1", "start": 0, "end": 2, "text": "IS", "type": "ORG", "mention": "NAM"},
        {"id": "e2", "start": 11, "end": 16, "text": "Mosul", "type": "GPE", "mention": "NAM"},
        {"id": "e3", "start": 18, "end": 27, "text": "Het leger", "type": "ORG", "mention": "NOM"}],
    "events": [
        {"id": "v1", "start": 3, "end": 10, "text": "verloor", "type": "TERRITORY_CHANGE",
         "realis": "ACTUAL", "arguments": [{"entity_id": "e1", "role": "AGENT"},
                                           {"entity_id": "e2", "role": "PATIENT"}]},
        {"id": "v2", "start": 28, "end": 32, "text": "viel", "type": "ATTACK", "realis": "ACTUAL",
         "arguments": [{"entity_id": "e3", "role": "AGENT"}]}],
    "relations": [{"id": "r1", "head": "v2", "tail": "v1", "type": "CAUSE"}],
    "clusters": [{"id": "c1", "members": ["e1", "e3"]}],
}
GOLD2 = {"id": "d2", "text": "Bagdad.", "language": "nl",
         "entities": [{"id": "f1", "start": 0, "end": 6, "text": "Bagdad", "type": "GPE",
                       "mention": "NAM"}], "events": [], "relations": [], "clusters": []}

# The real entry point, with `score` registered even if the command list does not have it yet.
RUN = ("import sys, kroniek.cli as c; "
       "c.COMMANDS = tuple(dict.fromkeys((*c.COMMANDS, 'score'))); sys.exit(c.main())")


def write(path: Path, docs) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def kroniek(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", RUN, "score", *args], capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    return write(tmp_path / "gold.jsonl", [GOLD, GOLD2])


def blind_copy(doc: dict) -> dict:
    pred = copy.deepcopy(doc)
    pred.pop("text")
    return pred


def test_json_output_has_every_score(tmp_path, gold):
    pred = write(tmp_path / "pred.jsonl", [blind_copy(GOLD)])
    refused = kroniek(str(gold), str(pred), "--json")  # d2 has no prediction
    assert refused.returncode == 1 and "document d2" in refused.stderr
    assert "has no prediction" in refused.stderr and refused.stdout == ""

    changed = blind_copy(GOLD)
    changed["entities"][2]["type"] = "GPE"           # one entity with the wrong type
    write(pred, [changed])
    done = kroniek(str(gold), str(pred), "--json", "--allow-missing")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    for task, names in {"entities": ["strict", "exact", "partial", "type"],
                        "triggers": ["identification", "classification"],
                        "arguments": ["identification", "classification", "identification+",
                                      "classification+"],
                        "coreference": ["muc", "b3", "ceafe", "conll"]}.items():
        for name in names:
            assert {"precision", "recall", "f1"} <= set(result[task][name]), (task, name)
    assert {"precision", "recall", "f1", "per_type"} <= set(result["relations"])
    # Gold has 4 entities (d2's Bagdad is missed); 2 of the 3 predicted are right.
    strict = result["entities"]["strict"]
    assert (strict["precision"], strict["recall"]) == (2 / 3, 0.5)
    assert (strict["incorrect"], strict["missed"]) == (1, 1)
    assert result["entities"]["exact"]["precision"] == 1.0
    assert set(strict["per_type"]) == {"ORG", "GPE"}
    assert result["triggers"]["classification"]["f1"] == 1.0
    # e3 is still in the cluster by its offsets, so coreference is perfect.
    assert result["coreference"]["conll"]["f1"] == pytest.approx(1.0)


def test_table_output_with_intervals(tmp_path, gold):
    pred = write(tmp_path / "pred.jsonl", [blind_copy(GOLD), blind_copy(GOLD2)])
    done = kroniek(str(gold), str(pred), "--tasks", "entities", "triggers", "--bootstrap", "20")
    assert done.returncode == 0, done.stderr
    assert "entities.strict" in done.stdout and "triggers.classification" in done.stdout
    assert "coreference" not in done.stdout
    assert "f1 100.00-100.00" in done.stdout  # a perfect prediction's interval


def _broken(change):
    pred = blind_copy(GOLD)
    change(pred)
    return pred


REFUSED = {
    "unknown document": (lambda p: p.update(id="d9"), "document d9", "not in the gold"),
    "unknown entity type": (lambda p: p["entities"][0].update(type="CITY"), "region e1",
                            "unknown entity type 'CITY'"),
    "unknown role": (lambda p: p["events"][0]["arguments"][0].update(role="VICTIM"), "region v1",
                     "unknown argument role"),
    "beyond the text": (lambda p: p["entities"][1].update(end=99), "region e2", "not a span"),
    "text mismatch": (lambda p: p["entities"][1].update(start=10), "region e2", "differs"),
    "other text": (lambda p: p.update(text="Iets anders."), "document d1", "text differs"),
    "no such argument": (lambda p: p["events"][0]["arguments"][0].update(entity_id="e7"),
                         "region v1", "'e7'"),
    "no such head": (lambda p: p["relations"][0].update(head="v7"), "region r1", "head 'v7'"),
    "no such member": (lambda p: p["clusters"][0]["members"].append("e8"), "region c1", "'e8'"),
    "duplicate id": (lambda p: p["events"][1].update(id="e1"), "region e1", "id used twice"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_bad_predictions_are_refused_in_one_line(tmp_path, gold, case):
    change, where, what = REFUSED[case]
    pred = write(tmp_path / "pred.jsonl", [_broken(change), blind_copy(GOLD2)])
    done = kroniek(str(gold), str(pred), "--json")
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert str(pred) in lines[0] and where in lines[0] and what in lines[0], lines[0]


def test_bad_json_and_duplicate_documents_are_refused(tmp_path, gold):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(blind_copy(GOLD)) + "\n{not json\n", encoding="utf-8")
    done = kroniek(str(gold), str(bad))
    assert done.returncode == 1 and "line 2" in done.stderr and "Traceback" not in done.stderr
    twice = write(tmp_path / "twice.jsonl", [blind_copy(GOLD), blind_copy(GOLD2), blind_copy(GOLD)])
    done = kroniek(str(gold), str(twice))
    assert done.returncode == 1 and "document d1: document id occurs twice" in done.stderr
    missing = kroniek(str(gold), str(tmp_path / "nowhere.jsonl"))
    assert missing.returncode == 1 and "nowhere.jsonl" in missing.stderr
