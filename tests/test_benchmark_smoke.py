"""The speed benchmark runs end to end on a tiny size and writes its tables.

Only that it runs and reports: timings on a shared test machine say nothing, so nothing
here asserts a time.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_runs_tiny_and_writes_the_tables(tmp_path):
    out = tmp_path / "PERFORMANCE.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "benchmark.py"), "--tiny", "--baselines", "floor.v1",
         "--write", str(out)], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    for heading in ("## Goals", "## Machine", "## Start-up", "## Entity scoring",
                    "## Event relations", "## Build", "## Baselines"):
        assert heading in text
    for tool in ("kroniek --help", "kroniek.metrics.score", "seqeval", "nervaluate Evaluator",
                 "set intersection (floor)", "kroniek score GOLD PRED --json", "kroniek build",
                 "label-studio-sdk Converter", "spaCy blank('nl')", "floor.v1"):
        assert f"| {tool}" in text, tool
    assert "| task | tool | median wall | median CPU | runs | relative | note |" in text
    assert "CPU:" in text and "Python:" in text
