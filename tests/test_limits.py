"""Limits: a large export is validated in little memory; a killed build loses nothing.

The memory test writes an export larger than sources.IN_MEMORY_LIMIT (the fixture's doc_a annotation, with eight
model predictions per task, as many tasks as it takes) and measures the peak resident
memory of ``kroniek validate`` in a fresh process: streaming keeps it near the cost of
an empty run, where parsing the whole file at once takes several times the file's size.

The kill test SIGKILLs real build processes at random moments, most of them while the
dataset folder is being written, and checks that the folder is afterwards the previous
build or the new one, never a mix, and that the next build recovers and completes.
"""

from __future__ import annotations

import copy
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kroniek import atomic
from kroniek.atomic import read_tree
from kroniek.build import build

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "small"

PEAK_RSS = textwrap.dedent("""
    import resource, sys
    from kroniek.cli import main
    status = main(sys.argv[1:])
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, status)
""")


def write_large_export(folder: Path, size: int) -> Path:
    """An export of at least ``size`` bytes, one task per seed, written task by task."""
    fixture = json.loads((SMALL / "annotations" / "export.json").read_text(encoding="utf-8"))
    base = fixture[0]
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    path = folder / "annotations" / "export.json"
    path.parent.mkdir()
    written, n = 1, 0
    with open(path, "w", encoding="utf-8") as out:
        out.write("[")
        while written < size:
            task = copy.deepcopy(base)
            doc = f"doc_{n:05d}"
            task["id"], task["data"]["document_id"] = n, doc
            task["data"]["text"] += f"\n\nBericht {n}, één van velen."
            result = task["annotations"][0]["result"]
            task["predictions"] = [{"model_version": f"model-{k}", "result": result}
                                   for k in range(8)]
            (seeds / f"{doc}.txt").write_text(task["data"]["text"], encoding="utf-8")
            (seeds / f"{doc}.json").write_text(json.dumps({"id": doc, "split": "train", "origin": "constructed"}),
                                               encoding="utf-8")
            chunk = ("," if n else "") + json.dumps(task, ensure_ascii=False)
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
            n += 1
        out.write("]")
    return path


def peak_rss(*args: str) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, "-c", PEAK_RSS, *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)
    rss, status = proc.stdout.split()[-2:]
    assert status == "0", proc.stderr
    return int(rss), proc.stdout


def test_large_export_is_validated_in_streaming_memory(tmp_path):
    from kroniek.sources import IN_MEMORY_LIMIT

    size = IN_MEMORY_LIMIT + 8_000_000  # above the size parsed at once: streamed
    export = write_large_export(tmp_path, size)
    assert export.stat().st_size >= size
    empty, _ = peak_rss("validate", str(SMALL / "annotations"), "--seeds", str(SMALL / "seeds"))
    large, out = peak_rss("validate", str(export), "--seeds", str(tmp_path / "seeds"))
    tasks = int(out.split(" task(s)")[0].split()[-1])
    assert tasks > size // 60_000  # each task is under 60 kB
    # Parsing at once needs the text plus its objects (~7x the file here); streaming
    # holds one task: allow a quarter of the file's size above an almost empty run.
    assert large - empty < size / 4, (large, empty)


def test_large_export_with_a_fault_at_the_end_names_the_task(tmp_path):
    export = write_large_export(tmp_path, 3_000_000)
    data = export.read_bytes()
    export.write_bytes(data[:-20])  # cut inside the last task
    proc = subprocess.run([sys.executable, "-m", "kroniek.cli", "validate", str(export),
                           "--seeds", str(tmp_path / "seeds")], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    tasks = data.count(b'"document_id"')
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"ends in the middle of task {tasks} (after document doc_{tasks - 2:05d})" in proc.stderr


# --- killed builds ------------------------------------------------------------------------

# A build server: warms up once (imports, spaCy), then forks one real build per request.
# The forked build announces each write, rename and removal on stdout and pauses briefly
# before doing it, so that the test can kill it between any two of them.
SERVER = textwrap.dedent("""
    import os, shutil, sys, time
    from kroniek import atomic
    from kroniek.build import build

    annotations, seeds, output, warm = sys.argv[1:5]
    quiet = dict(progress=lambda message: None)
    build(annotations=warm + "/annotations", seeds=warm + "/seeds", output=warm + "/out", **quiet)

    def announce(name, real):
        def step(*args, **kwargs):
            os.write(1, f"step {name}\\n".encode())
            time.sleep(0.01)
            return real(*args, **kwargs)
        return step

    for request in sys.stdin:
        pid = os.fork()
        if pid == 0:
            atomic._write_file = announce("write", atomic._write_file)
            os.rename = announce("rename", os.rename)
            shutil.rmtree = announce("rmtree", shutil.rmtree)
            build(annotations=annotations, seeds=seeds, output=output, **quiet)
            os.write(1, b"built\\n")
            os._exit(0)
        os.write(1, f"pid {pid}\\n".encode())
        _, status = os.waitpid(pid, 0)
        os.write(1, f"done {status}\\n".encode())
""")


class Server:
    def __init__(self, *args: str):
        self.proc = subprocess.Popen([sys.executable, "-c", SERVER, *args], cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        self.buffer = b""

    def line(self, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            assert left > 0 and select.select([self.proc.stdout], [], [], left)[0], "no answer"
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            assert chunk, "the build server ended"
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()

    def start(self) -> int:
        self.proc.stdin.write(b"go\n")
        self.proc.stdin.flush()
        first = self.line(timeout=120)
        assert first.startswith("pid "), first
        return int(first.split()[1])

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def changed_input(small: Path) -> None:
    """An edit that changes every file of the dataset: doc_b moves to the test split."""
    (small / "seeds" / "doc_b.json").write_text(
        json.dumps({"id": "doc_b", "split": "test", "language": "nl", "origin": "constructed"}), encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_killed_build_leaves_old_or_new_dataset_and_next_build_recovers(small, tmp_path,
                                                                       request):
    out = tmp_path / "dataset"
    quiet = dict(progress=lambda message: None)
    warm = tmp_path / "warm"
    shutil.copytree(SMALL, warm)
    server = Server(str(small / "annotations"), str(small / "seeds"), str(out), str(warm))
    request.addfinalizer(server.close)
    build(annotations=small / "annotations", seeds=small / "seeds", output=out, **quiet)
    old = read_tree(out)
    changed_input(small)
    build(annotations=small / "annotations", seeds=small / "seeds", output=tmp_path / "new",
          **quiet)
    new = read_tree(tmp_path / "new")
    assert new != old and set(new) != set(old)  # different files, not only contents

    # One uninterrupted build counts the steps that touch the disk.
    server.start()
    steps = 0
    while (line := server.line()).startswith("step"):
        steps += 1
    assert line == "built" and server.line().startswith("done")
    assert read_tree(out) == new and steps >= len(new) + 2

    rng = random.Random(20260607)
    outcomes = set()
    kills = [("step", k) for k in rng.sample(range(1, steps + 1), min(steps, 10))]
    kills += [("clock", rng.uniform(0, 0.15)) for _ in range(3)]
    for how, when in kills:
        shutil.rmtree(out, ignore_errors=True)
        atomic.write_tree(out, old)
        pid = server.start()
        if how == "step":
            for _ in range(when):
                assert server.line().startswith("step")
            time.sleep(rng.uniform(0, 0.02))
        else:
            time.sleep(when)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:  # it finished first
            pass
        while not (line := server.line()).startswith("done"):
            pass

        left = read_tree(out)
        assert left in (old, new, {}), f"a mix after a kill at {how} {when}"
        if left == {}:  # killed between the two renames: the old folder is set aside
            assert read_tree(tmp_path / ".dataset.old") == old
        atomic.recover(out)
        recovered = read_tree(out)
        assert recovered in (old, new), f"a mix after recovery ({how} {when})"
        outcomes.add("old" if recovered == old else "new")
        if left == {}:
            outcomes.add("between renames")

        build(annotations=small / "annotations", seeds=small / "seeds", output=out, **quiet)
        assert read_tree(out) == new
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert {"old", "new"} <= outcomes  # kills landed both before and after the swap
