"""Special files, odd paths and odd numbers, in and out: each is read, written or refused
with one line and exit 1 -- never a hang, a traceback, a replaced device or a half export.

Inputs go through :mod:`kroniek.guard`: regular files only (a FIFO, ``<(...)``, ``-``,
``/dev/zero``, a folder and a broken link are refused), lines and numbers bounded.
Outputs go through :func:`kroniek.atomic.write_file`: a regular file or a new path, or
standard output with ``-``; a link, a device, a FIFO or a folder is refused and left as
it was; ``export`` writes all its files or none.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from kroniek import atomic, cli, guard
from kroniek.errors import KroniekError, redact
from kroniek.documents import read_jsonl
from kroniek.inputs import read_articles
from kroniek.jsonlines import JsonLines

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "small"
HUGE = "9" * 5000  # beyond Python's int-string limit (4300 digits)


def kroniek(*args, env: dict | None = None, timeout: float = 120,
            separate: bool = False) -> subprocess.CompletedProcess:
    """``kroniek ARGS`` in this process (fast: spaCy and the systems load once), or in a
    child process with ``separate`` (for standard output as bytes)."""
    if separate:
        return subprocess.run([sys.executable, "-m", "kroniek.cli", *map(str, args)], cwd=ROOT,
                              capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.dict(os.environ, env or {}), contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in args])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def one_line(proc: subprocess.CompletedProcess, *phrases: str) -> str:
    """The single stderr line of a failed command, checked for ``phrases``."""
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1 and "Traceback" not in proc.stderr, \
        proc.stderr
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def gold(tmp_path_factory, small_dataset) -> Path:
    """The small dataset's train split as gold JSON Lines."""
    path = tmp_path_factory.mktemp("gold") / "gold.jsonl"
    proc = kroniek("export", "--format", "jsonl", "--dataset", small_dataset, "--split",
                   "train", "-o", path)
    assert proc.returncode == 0, proc.stderr
    return path


# --- inputs ---------------------------------------------------------------------------------

def test_special_input_files_are_refused_in_one_line(gold, tmp_path):
    fifo = tmp_path / "pred.jsonl"
    os.mkfifo(fifo)
    cases = [
        (("score", gold, "/dev/zero"), ["/dev/zero: is a character device"]),
        (("score", gold, fifo), [f"{fifo}: is a pipe"]),
        (("score", gold, "-"), ["standard input ('-') is not read"]),
        (("score", gold, tmp_path), [f"{tmp_path}: is a folder"]),
        (("predict", "--system", "floor.v1", "/dev/zero"), ["is a character device"]),
        (("predict", "--system", "floor.v1", fifo), ["is a pipe"]),
        (("show", "--gold", "/dev/zero"), ["is a character device"]),
        (("show", "--gold", gold, "--predictions", fifo), ["is a pipe"]),
        (("validate", "/dev/zero", "--seeds", SMALL / "seeds"), ["is a character device"]),
    ]
    for args, phrases in cases:
        proc = kroniek(*args)
        if args[0] == "validate":  # one line per problem, then the summary
            assert proc.returncode == 1 and len(proc.stderr.strip().splitlines()) == 2
            assert all(p in proc.stderr for p in phrases), proc.stderr
        else:
            one_line(proc, f"kroniek {args[0]}: ", *phrases)


def test_process_substitution_is_refused_in_one_line(gold):
    proc = subprocess.run(["bash", "-c", f'"{sys.executable}" -m kroniek.cli score "{gold}" '
                                         f'<(cat "{gold}")'], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    one_line(proc, "kroniek score: /dev/fd/", "is a pipe")


def test_a_number_beyond_any_offset_is_refused_in_one_line(gold, tmp_path):
    doc = json.loads(gold.read_text(encoding="utf-8").splitlines()[0])
    line = json.dumps({"id": doc["id"], "text": doc["text"], "entities": [
        {"id": "e1", "start": 0, "end": 1, "type": "PER"}]}).replace('"start": 0',
                                                                      f'"start": {HUGE}')
    bad = tmp_path / "huge.jsonl"
    bad.write_text(line + "\n", encoding="utf-8")
    one_line(kroniek("score", gold, bad), f"{bad}: line 1", "a number of 5000 digits")
    one_line(kroniek("predict", "--system", "floor.v1", bad), "a number of 5000 digits")
    one_line(kroniek("show", "--gold", bad), "a number of 5000 digits")
    export = tmp_path / "exports" / "export.json"
    export.parent.mkdir()
    export.write_text(f'[{{"id": {HUGE}, "data": {{}}}}]', encoding="utf-8")
    proc = kroniek("validate", export, "--seeds", SMALL / "seeds")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 2 and "integer overflow" in proc.stderr


def test_half_a_surrogate_pair_is_refused_in_one_line_and_a_whole_pair_is_text(gold, tmp_path):
    half = tmp_path / "half.jsonl"
    half.write_text('{"id": "a", "text": "Kirkuk \\ud800 viel."}\n', encoding="utf-8")
    one_line(kroniek("predict", "--system", "rules.v2", half),
             f"{half}: line 1", "field text at character 7", "lone UTF-16 surrogate")
    one_line(kroniek("score", gold, half), "line 1", "lone UTF-16 surrogate")
    whole = tmp_path / "whole.jsonl"
    whole.write_text('{"id": "a", "text": "Kirkuk \\ud83d\\ude00 viel."}\n', encoding="utf-8")
    proc = kroniek("predict", "--system", "rules.v2", whole)
    assert proc.returncode == 0 and json.loads(proc.stdout)["text"] == "Kirkuk \U0001F600 viel."


def test_a_line_beyond_the_stated_size_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "long.jsonl"
    path.write_bytes(b'{"id": "a", "text": "x"}\n{"id": "b", "text": "' + b"x" * 5000 + b'"}\n')
    monkeypatch.setattr(guard, "MAX_LINE", 1024)
    with pytest.raises(KroniekError, match=r"long.jsonl: line 2: longer than 1,024 bytes"):
        list(JsonLines(path))
    with pytest.raises(KroniekError, match=r"long.jsonl: line 2: longer than 1,024 bytes"):
        read_jsonl(path)
    with pytest.raises(KroniekError, match=r"long.jsonl: line 2: longer than 1,024 bytes"):
        read_articles(path)


def test_an_article_beyond_the_stated_size_is_refused(tmp_path):
    article = tmp_path / "big.txt"
    with open(article, "wb") as out:
        out.truncate(guard.MAX_TEXT + 1)  # sparse: costs no disk
    one_line(kroniek("predict", "--system", "floor.v1", article), "larger than 16 MB")


def test_a_broken_dataset_file_is_one_line_in_every_command(small_dataset, tmp_path, gold):
    broken = tmp_path / "dataset"
    shutil.copytree(small_dataset, broken)
    (broken / "documents" / "train.parquet").write_bytes(b"PAR1 not really parquet PAR1")
    for args in [("export", "--format", "jsonl", "--dataset", broken, "-o", tmp_path / "out"),
                 ("show", "--dataset", broken, "--out", tmp_path / "page.html"),
                 ("score", broken, gold, "--split", "train")]:
        one_line(kroniek(*args), "train.parquet: cannot read the dataset", "kroniek build")
    assert not (tmp_path / "out").exists() and not (tmp_path / "page.html").exists()


# --- exports folder -------------------------------------------------------------------------

def test_every_file_matching_the_export_pattern_is_read_or_refused(small, tmp_path):
    exports = small / "annotations"
    os.symlink(tmp_path / "gone.json", exports / "dangling.json")
    os.mkfifo(exports / "pipe.json")
    proc = kroniek("validate", exports, "--seeds", small / "seeds")
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 3, proc.stderr
    assert "dangling.json: is a broken symbolic link" in proc.stderr
    assert "pipe.json: is a pipe" in proc.stderr
    assert lines[-1].startswith("kroniek validate: 2 problems in 2 of 3 file(s)")
    build = kroniek("build", "--annotations", exports, "--seeds", small / "seeds", "--output",
                    tmp_path / "dataset")
    assert build.returncode == 1 and not (tmp_path / "dataset").exists()
    assert "is a broken symbolic link" in build.stderr.strip().splitlines()[-1]


# --- the build: nothing leaves the dataset without being asked -----------------------------

def test_a_document_leaves_the_dataset_only_when_asked(small, tmp_path):
    out = tmp_path / "dataset"
    first = kroniek("build", "--annotations", small / "annotations", "--seeds", small / "seeds",
                    "--output", out)
    assert first.returncode == 0, first.stderr
    assert "1 cancelled annotation(s) not used: doc_b (annotation 104)" in first.stderr
    assert "1 task(s) not annotated yet, not in the dataset: doc_c" in first.stderr
    export = small / "annotations" / "export.json"
    tasks = json.loads(export.read_text(encoding="utf-8"))
    tasks[0]["annotations"] = []  # doc_a's annotations deleted on the server, then pulled
    export.write_text(json.dumps(tasks), encoding="utf-8")
    before = atomic.read_tree(out)
    refused = kroniek("build", "--annotations", small / "annotations", "--seeds",
                      small / "seeds", "--output", out)
    line = refused.stderr.strip().splitlines()[-1]
    assert refused.returncode == 1 and "1 document(s) of the dataset would leave it: doc_a" in line
    assert "--allow-removal" in line and atomic.read_tree(out) == before
    allowed = kroniek("build", "--annotations", small / "annotations", "--seeds",
                      small / "seeds", "--output", out, "--allow-removal")
    assert allowed.returncode == 0, allowed.stderr
    assert atomic.read_tree(out) != before


# --- outputs --------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder", "device"])
def test_an_output_that_is_not_a_regular_file_is_refused_and_left_alone(kind, gold, tmp_path):
    target = tmp_path / "target.jsonl"
    target.write_text("keep me\n", encoding="utf-8")
    out = {"symlink": tmp_path / "link.jsonl", "fifo": tmp_path / "fifo.jsonl",
           "folder": tmp_path / "folder", "device": Path("/dev/null")}[kind]
    if kind == "symlink":
        out.symlink_to(target)
    elif kind == "fifo":
        os.mkfifo(out)
    elif kind == "folder":
        out.mkdir()
    before = os.lstat(out)
    line = one_line(kroniek("predict", "--system", "floor.v1", gold, "-o", out),
                    f"kroniek predict: {out}: is ", "nothing was written")
    assert {"symlink": "symbolic link", "fifo": "named pipe", "folder": "folder",
            "device": "device"}[kind] in line
    after = os.lstat(out)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))== []


def test_dash_writes_to_standard_output(gold, tmp_path):
    proc = kroniek("predict", "--system", "floor.v1", gold, "-o", "-", separate=True)
    assert proc.returncode == 0 and proc.stderr == ""
    assert [json.loads(x)["id"] for x in proc.stdout.splitlines()] == \
        [json.loads(x)["id"] for x in gold.read_text(encoding="utf-8").splitlines()]


def test_write_files_is_all_or_nothing(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b" / "c.txt"
    first.write_bytes(b"old a")
    second.parent.mkdir()
    os.symlink(tmp_path / "elsewhere", second)
    with pytest.raises(atomic.WriteError, match="is a symbolic link"):
        atomic.write_files({first: b"new a", second: b"new c"})
    assert first.read_bytes() == b"old a" and sorted(os.listdir(tmp_path)) == ["a.txt", "b"]
    atomic.write_files({first: b"new a", tmp_path / "b" / "d.txt": b"d"})
    assert first.read_bytes() == b"new a" and (tmp_path / "b" / "d.txt").read_bytes() == b"d"


def test_export_conll2002_writes_both_files_or_none(small_dataset, tmp_path):
    out = tmp_path / "conll"
    proc = kroniek("export", "--format", "conll2002", "--dataset", small_dataset, "-o", out)
    assert proc.returncode == 0, proc.stderr
    written = sorted(p.name for p in out.iterdir())
    assert len(written) >= 2
    shutil.rmtree(out)
    out.mkdir()
    (out / written[-1]).mkdir()  # the last file's path is taken by a folder
    proc = kroniek("export", "--format", "conll2002", "--dataset", small_dataset, "-o", out)
    one_line(proc, f"{out / written[-1]}: is a folder")
    assert sorted(p.name for p in out.iterdir()) == [written[-1]]


# --- usage errors and credentials ----------------------------------------------------------

@pytest.mark.parametrize("args, phrase", [
    ((), "kroniek: the following arguments are required: COMMAND"),
    (("score",), "kroniek score: the following arguments are required: GOLD, PRED"),
    (("agreement", "--max-disagreements", "-5"), "must be 0 or more, not -5"),
    (("agreement", "--max-disagreements", "x"), "'x' is not a whole number"),
    (("score", "a", "b", "--bootstrap", "many"), "invalid int value: 'many'"),
    (("nonsense",), "invalid choice: 'nonsense'"),
])
def test_usage_errors_are_one_line_and_exit_1(args, phrase):
    one_line(kroniek(*args), phrase)


@pytest.mark.parametrize("url", ["http://ann:s3cret-pw@127.0.0.1:9/",
                                 "http://127.0.0.1:9/?token=s3cret-pw",
                                 "http://s3cret-pw@127.0.0.1:9"])
def test_credentials_in_a_url_never_reach_a_message(url, tmp_path):
    proc = kroniek("labelstudio", "pull", "--timeout", "2", "--annotations", tmp_path,
                   env={"LABEL_STUDIO_URL": url, "LABEL_STUDIO_API_KEY": "k" * 40})
    assert proc.returncode == 1 and "s3cret" not in proc.stderr + proc.stdout, proc.stderr
    assert "***" in proc.stderr


def test_redact_keeps_the_rest_of_the_url():
    assert redact("at https://u:p@h:8080/api/projects?page=2&access_token=abc#x") == \
        "at https://***@h:8080/api/projects?page=2&access_token=***#x"
    assert redact("no url here: user@example.org") == "no url here: user@example.org"
