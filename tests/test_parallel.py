"""``kroniek evaluate --jobs``: fits run in worker processes give the records of fits run
in turn, and a piece two processes need at once is learned once."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from kroniek.evaluate import evaluate
from kroniek.system.parallel import Fit, default_jobs, fit_ahead, pending

SYSTEMS = ["floor.v1", "tokenclf.v1", "tokenclf.v2"]
SPLITS = ["test"]            # the small dataset has no validation split


def _run(small_dataset, tmp_path, monkeypatch, *, jobs: int, name: str):
    monkeypatch.setenv("KRONIEK_CACHE", str(tmp_path / f"cache-{name}"))
    said: list[str] = []
    results = tmp_path / f"results-{name}"
    records = evaluate(SYSTEMS, dataset=small_dataset, splits=SPLITS, results=results,
                       n_resamples=20, plots=False, jobs=jobs, progress=said.append)
    return records, results, said


def test_fits_in_worker_processes_give_the_records_of_fits_in_turn(small_dataset, tmp_path,
                                                                 monkeypatch):
    in_turn, results_1, said_1 = _run(small_dataset, tmp_path, monkeypatch, jobs=1, name="one")
    assert not any(line.startswith("[fit") for line in said_1)

    monkeypatch.setenv("KRONIEK_CACHE", str(tmp_path / "cache-two"))
    todo = pending(SYSTEMS, splits=SPLITS, dataset=small_dataset)
    assert todo == [Fit("tokenclf.v1", "test"), Fit("tokenclf.v2", "test")]
    parallel, results_2, said_2 = _run(small_dataset, tmp_path, monkeypatch, jobs=2, name="two")
    assert said_2[0] == "[fit] 2 fit(s) the cache does not hold, 2 at a time"
    finished = [line.split("] ", 1)[1].split(":")[0] for line in said_2
                if line.startswith("[fit ") and "/2]" in line]
    assert sorted(finished) == sorted(f"{fit.name} ({fit.split})" for fit in todo)
    assert pending(SYSTEMS, splits=SPLITS, dataset=small_dataset) == []
    assert not any(": training" in line for line in said_2)   # scoring loaded every fit

    assert parallel == in_turn
    written_1 = sorted(p.relative_to(results_1) for p in results_1.rglob("*") if p.is_file())
    written_2 = sorted(p.relative_to(results_2) for p in results_2.rglob("*") if p.is_file())
    assert written_1 == written_2 and written_1
    for path in written_1:
        assert (results_1 / path).read_bytes() == (results_2 / path).read_bytes(), path


def test_nothing_runs_in_workers_for_one_job_or_a_full_cache(small_dataset, tmp_path,
                                                              monkeypatch):
    monkeypatch.setenv("KRONIEK_CACHE", str(tmp_path / "cache"))
    assert fit_ahead(SYSTEMS, splits=SPLITS, dataset=small_dataset, jobs=1) == []
    assert fit_ahead(["floor.v1"], splits=SPLITS, dataset=small_dataset, jobs=2) == []
    with pytest.raises(ValueError, match="at least 1"):
        fit_ahead(SYSTEMS, splits=SPLITS, dataset=small_dataset, jobs=0)
    assert 1 <= default_jobs() <= 4


def test_the_default_job_count_leaves_each_fit_its_memory(monkeypatch):
    from kroniek.system import parallel

    monkeypatch.setattr(parallel, "available_memory", lambda: 100 * 2 ** 30)
    roomy = default_jobs()
    monkeypatch.setattr(parallel, "available_memory", lambda: 3 * 2 ** 30)
    assert default_jobs() == 1 <= roomy
    monkeypatch.setattr(parallel, "available_memory", lambda: None)
    assert default_jobs() == roomy


def test_a_part_two_processes_need_at_once_is_learned_once(tmp_path):
    log = tmp_path / "built.log"
    code = textwrap.dedent(f"""
        import time
        from kroniek.system.cache import part

        def build():
            with open({str(log)!r}, "a") as out:
                out.write("built\\n")
            time.sleep(2)
            return [1, 2, 3]

        print(part("slow", "same", build))
    """)
    env = {"KRONIEK_CACHE": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                             text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120)[0].strip() for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert outputs == ["[1, 2, 3]", "[1, 2, 3]"]
    assert log.read_text().splitlines() == ["built"]


def test_evaluate_refuses_a_job_count_under_one(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kroniek.cli", "evaluate", "--jobs", "0"],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].endswith(
        "argument --jobs: must be 1 or more, not 0 (see 'kroniek evaluate --help')")


def test_a_failed_fit_stops_the_others_and_says_which_fit_in_one_line(small_dataset, tmp_path,
                                                                      monkeypatch):
    from kroniek.errors import KroniekError
    from kroniek.system import parallel

    monkeypatch.setenv("KRONIEK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(parallel, "pending", lambda names, **_: [
        Fit("tokenclf.v2", "test"), Fit("rules.v9", "test"), Fit("tokenclf.v1", "test")])
    with pytest.raises(KroniekError) as failed:
        fit_ahead(["tokenclf.v2"], splits=SPLITS, dataset=small_dataset, jobs=2)
    message = str(failed.value)
    assert message.startswith("fitting rules.v9 for the test split failed: ")
    assert "rules.v1" in message and "\n" not in message     # the registry's known names
    assert not (tmp_path / "cache" / "tokenclf.v1").exists()  # never started
