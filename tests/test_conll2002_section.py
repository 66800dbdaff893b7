"""The CoNLL-2002 (names) benchmark: run on a located copy (a fixture written here),
records with scores and counts only, the leaderboard section written from the stored
records with the published figures cited, and nothing measured or changed without a copy."""

from __future__ import annotations

import json

from kroniek.benchmarks import sections
from kroniek.conll2002_eval import evaluate_conll2002, record_path, section

from test_conll2002 import IOB1


def test_without_a_copy_nothing_runs_and_no_section_is_made(tmp_path, monkeypatch):
    monkeypatch.delenv("KRONIEK_CONLL2002", raising=False)
    monkeypatch.setenv("KRONIEK_CONFIG", str(tmp_path / "no-corpora.json"))
    assert evaluate_conll2002(["floor.v1"], results=tmp_path / "results") == []
    assert not (tmp_path / "results").exists()
    assert section(tmp_path / "results") == []


def test_a_located_copy_is_measured_and_the_section_is_stable(tmp_path, monkeypatch):
    copy = tmp_path / "conll2002"
    copy.mkdir()
    (copy / "ned.testa").write_text(IOB1, encoding="utf-8")
    monkeypatch.setenv("KRONIEK_CONLL2002", str(copy))
    results = tmp_path / "results"
    records = evaluate_conll2002(["floor.v1"], results=results)
    assert [r["id"] for r in records] == ["floor.v1"]
    stored = json.loads(record_path(results, "floor.v1").read_text(encoding="utf-8"))
    four = stored["scores"]["4 types"]
    assert four["n_gold"] == 9 and stored["documents"] == 2
    assert four["tp"] + four["fn"] == 9 and 0 <= four["f1"] <= 1
    text = json.dumps(stored)
    assert "Marieke" not in text and "Fortis" not in text  # scores and counts only
    lines = section(results)
    assert lines[0] == "## CoNLL-2002 (names)" and "2 documents, 9 names." in lines
    assert any(line.startswith("| floor.v1 | ") for line in lines)
    assert any("77.05" in line for line in lines) and any("74.99" in line for line in lines)
    assert "\n".join(lines) in "\n".join(sections(results))
    monkeypatch.setenv("KRONIEK_CONFIG", str(tmp_path / "no-corpora.json"))
    monkeypatch.delenv("KRONIEK_CONLL2002")
    assert evaluate_conll2002(["floor.v1"], results=results) == []
    assert section(results) == lines
