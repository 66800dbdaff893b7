"""Every bad input of issue 15 ends in one line and a non-zero exit; odd but valid ones score.

The cases are made by tests/data/bad/make_bad_scores.py. Commands run in-process through
``kroniek.cli.main`` (what the console script calls), so an exception escaping it -- the
traceback a user would see -- fails the test.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from kroniek import cli

BAD = Path(__file__).resolve().parent / "data" / "bad"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, BAD / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cases = _load("make_bad_scores")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def files(tmp_path: Path, gold: bytes, pred: bytes) -> tuple[Path, Path]:
    (tmp_path / "gold.jsonl").write_bytes(gold)
    (tmp_path / "pred.jsonl").write_bytes(pred)
    return tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"


@pytest.mark.parametrize("case", sorted(cases.SCORE_FAULTS))
def test_bad_score_input_is_one_line(case, tmp_path, capsys):
    gold_bytes, pred_bytes, side, phrases = cases.SCORE_FAULTS[case]
    gold, pred = files(tmp_path, gold_bytes, pred_bytes)
    code, out, err = run(capsys, "score", gold, pred, "--json")
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"kroniek score: {gold if side == 'gold' else pred}: ")
    for phrase in phrases:
        assert phrase in lines[0], (phrase, lines[0])
    assert "\x1b" not in err and "\x00" not in err


@pytest.mark.parametrize("case", sorted(cases.SCORE_ALLOWED))
def test_odd_but_valid_score_input_scores(case, tmp_path, capsys):
    gold, pred = files(tmp_path, *cases.SCORE_ALLOWED[case])
    code, out, err = run(capsys, "score", gold, pred, "--json", "--tasks", "entities")
    assert code == 0, err
    strict = json.loads(out)["entities"]["strict"]
    if case == "id_only_line":  # predicts nothing, on purpose: recall 0, nothing refused
        assert (strict["n_pred"], strict["n_gold"], strict["recall"]) == (0, 3, 0.0)
    else:
        assert strict["f1"] == 1.0


@pytest.mark.parametrize("option, value, phrase", [
    ("--bootstrap", "99999999999999999999", "--bootstrap must be between 0 and 1,000,000"),
    ("--bootstrap", "-1", "--bootstrap must be between"),
    ("--seed", "-1", "--seed must be between 0 and 2**64-1"),
    ("--seed", str(2 ** 70), "--seed must be between"),
])
def test_resampling_options_out_of_range_are_one_line(option, value, phrase, tmp_path, capsys):
    gold, pred = files(tmp_path, cases.gold_bytes(), cases.line(cases.prediction()))
    code, out, err = run(capsys, "score", gold, pred, "--bootstrap", "10", option, value)
    assert code == 1 and out == ""
    assert err.splitlines() == [f"kroniek score: {phrase}" + err.split(phrase, 1)[1].rstrip("\n")]


@pytest.mark.parametrize("case", sorted(cases.EXPORT_FAULTS))
def test_export_fault_is_one_problem_line(case, tmp_path, capsys):
    make, phrases = cases.EXPORT_FAULTS[case]
    article, export = make()
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "doc_e.txt").write_text(article, encoding="utf-8")
    (seeds / "doc_e.json").write_text(json.dumps({"id": "doc_e", "split": "test", "origin": "constructed"}), encoding="utf-8")
    path = tmp_path / "export.json"
    path.write_bytes(export)
    code, out, err = run(capsys, "validate", path, "--seeds", seeds)
    assert code == 1 and out == ""
    problem, summary = err.splitlines()
    assert problem.startswith(f"{path}: ")
    for phrase in phrases:
        assert phrase in problem, (phrase, problem)
    assert summary.startswith("kroniek validate: 1 problem in 1 of 1 file")


def test_utf16_region_with_its_text_is_accepted(tmp_path, capsys):
    """The same region with its text (what current front ends write) is checked by text."""
    article, export = cases.utf16_region_without_text()
    at = article.index("VS")
    tasks = json.loads(export)
    for result in tasks[0]["annotations"][0]["result"]:
        result["value"].update(start=at, end=at + 2, text="VS")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "doc_e.txt").write_text(article, encoding="utf-8")
    (seeds / "doc_e.json").write_text(json.dumps({"id": "doc_e", "split": "test", "origin": "constructed"}), encoding="utf-8")
    (tmp_path / "export.json").write_text(json.dumps(tasks), encoding="utf-8")
    code, out, err = run(capsys, "validate", tmp_path / "export.json", "--seeds", seeds)
    assert code == 0, err and "no problems" in out


def test_byte_order_mark_is_skipped_by_validate_and_score_alike(tmp_path, capsys):
    from kroniek.jsonlines import JsonLines
    from kroniek.sources import read_export

    export = tmp_path / "e.json"
    export.write_bytes(b"\xef\xbb\xbf" + json.dumps([{"id": 1}]).encode())
    lines = tmp_path / "p.jsonl"
    lines.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "d1"}).encode() + b"\n")
    assert read_export(export) == [{"id": 1}]
    assert [x.doc for x in JsonLines(lines)] == [{"id": "d1"}]


def test_os_errors_are_one_line_with_advice(monkeypatch, capsys):
    import errno

    def full(args):
        raise OSError(errno.ENOSPC, "No space left on device", "dataset/documents/x.parquet")

    monkeypatch.setattr("kroniek.commands.validate.run", full)
    code, out, err = run(capsys, "validate", "x")
    assert code == 1
    assert err == ("kroniek validate: dataset/documents/x.parquet: no space left on the device: "
                   "free some space (or write to another disk) and run the command again\n")
    for number, phrase in ((errno.EFBIG, "ulimit -f"), (errno.EACCES, "permission denied"),
                           (errno.EROFS, "read-only file system")):
        assert phrase in cli.os_error_line(OSError(number, "x", "f"))
