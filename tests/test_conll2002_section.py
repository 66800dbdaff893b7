"""The leaderboard's "CoNLL-2002 (names)" section: written from stored records, the
published figures cited, and a rerun without the corpus changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "conll2002_names.py"


def run(results: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KRONIEK_CONLL2002"}
    env["KRONIEK_CONFIG"] = str(tmp_path / "no-corpora.json")
    return subprocess.run([sys.executable, str(SCRIPT), "--results", str(results)],
                          capture_output=True, text=True, env=env, timeout=300)


def record(f1: float) -> dict:
    from kroniek.metrics.names import VIEWS, name_scores

    gold = [{"id": "d", "entities": [{"start": 0, "end": 3, "type": "PER", "mention": "NAM"},
                                     {"start": 4, "end": 8, "type": "ORG", "mention": "NAM"}],
             "other_names": [{"start": 9, "end": 12, "type": "MISC"}]}]
    pred = [{"id": "d", "entities": gold[0]["entities"][:1] if f1 < 1 else gold[0]["entities"],
             "other_names": gold[0]["other_names"]}]
    return {"id": "names.v1", "system": "names", "version": "v1", "documents": 1,
            "scores": {v: name_scores(gold, pred, view=v) for v in VIEWS}}


def test_section_without_corpus_is_written_from_records_and_stable(tmp_path):
    results = tmp_path / "results"
    results.mkdir()
    (results / "LEADERBOARD.md").write_text("# Leaderboard\n\nother sections\n", encoding="utf-8")
    done = run(results, tmp_path)
    assert done.returncode == 0, done.stderr
    text = (results / "LEADERBOARD.md").read_text(encoding="utf-8")
    assert text.startswith("# Leaderboard\n\nother sections\n")
    assert "## CoNLL-2002 (names)" in text and "No system has been measured" in text
    assert "77.05" in text and "74.99" in text and "Tjong Kim Sang 2002" in text
    path = results / "conll2002" / "names" / "v1" / "testa.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(record(0.8)), encoding="utf-8")
    assert run(results, tmp_path).returncode == 0
    first = (results / "LEADERBOARD.md").read_text(encoding="utf-8")
    assert "| names.v1 | 80.00 | 100.00 | 66.67 | 66.67 |" in first
    assert first.count("## CoNLL-2002 (names)") == 1 and "No system" not in first
    assert run(results, tmp_path).returncode == 0
    assert (results / "LEADERBOARD.md").read_text(encoding="utf-8") == first
