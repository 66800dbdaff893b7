"""The Label Studio bridge at scale: ``python -m scripts.bench.labelstudio [--tasks N]``.

Starts a throw-away Label Studio (port 18100-18199, data in a temporary folder), makes N
seed articles (copies of the seed article under new ids), pushes them, puts one
annotation (the seed's gold) on every task in one import, and measures, each as a
``kroniek labelstudio`` subprocess with default settings:

- (setup: the N tasks with their annotation go in with one import);
- ``pull`` into an empty exports folder: seconds, peak memory (max RSS), files written;
- ``pull`` again (nothing new) and ``push`` again (nothing new): seconds;
- ``push --predictions`` of a baseline to the N existing tasks: seconds;
- what a pull leaves in the server's ``media/export`` folder (should be nothing).

Prints one line per figure. Nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kroniek.labelstudio import server  # noqa: E402
from kroniek.labelstudio.client import connect  # noqa: E402
from kroniek.labelstudio.workflow import ensure_project  # noqa: E402


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Seconds and peak RSS (MB) of ``kroniek ARGS`` in a child process (its own rusage)."""
    began = time.monotonic()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-m", "kroniek.cli", *args], env=env, cwd=ROOT,
                                stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - began
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(proc.args, proc.returncode, out.read(), err.read())
    return seconds, usage.ru_maxrss / 1024, done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--port", type=int, default=18150)
    parser.add_argument("--predictions", default="floor.v1")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="kroniek-ls-bench-"))
    seed_txt = next((ROOT / "seeds").glob("*.txt"))
    seed_id = seed_txt.stem
    text = seed_txt.read_text(encoding="utf-8")
    (gold_task,) = json.loads((ROOT / "annotations" / "exports" / f"{seed_id}.json").read_bytes())
    gold = next(a for a in gold_task["annotations"] if a.get("ground_truth"))
    seeds = work / "seeds"
    seeds.mkdir()
    ids = [f"bench_{n:05}" for n in range(args.tasks)]
    for doc_id in ids:
        (seeds / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        (seeds / f"{doc_id}.json").write_text(json.dumps({"id": doc_id, "language": "nl",
                                                          "split": "train"}), encoding="utf-8")

    creds = server.Credentials.generate("admin@bench.local")
    log = work / "server.log"
    process = server.start(data_dir=work / "data", port=args.port, credentials=creds, log=log)
    url = f"http://127.0.0.1:{args.port}"
    try:
        server.wait_until_up(process, url, log=log, timeout=600)
        env = {**os.environ, "LABEL_STUDIO_URL": url, "LABEL_STUDIO_API_KEY": creds.token,
               "PYTHONPATH": str(ROOT)}
        where = ["--project", "bench", "--seeds", str(seeds)]
        client = connect(url, creds.token, timeout=600)
        project, _ = ensure_project(client, "bench")
        began = time.monotonic()
        client.sdk.projects.import_tasks(project.id, request=[
            {"data": {"text": text, "document_id": doc_id},
             "annotations": [{"result": gold["result"], "ground_truth": True}]}
            for doc_id in ids])
        print(f"importing {args.tasks} annotated tasks: {time.monotonic() - began:.1f} s")

        annotations = work / "annotations"
        pull = ["labelstudio", "pull", *where, "--annotations", str(annotations)]
        seconds, rss, done = run(pull, env)
        files = len(list((annotations / "exports").glob("*.json")))
        size = sum(p.stat().st_size for p in (annotations / "exports").glob("*.json")) / 1e6
        print(f"pull of {args.tasks} annotated tasks: {seconds:.1f} s, peak RSS {rss:.0f} MB, "
              f"{files} files ({size:.0f} MB) (exit {done.returncode})")
        print(f"  pull's stdout: {done.stdout.strip()[:200]}")
        print(f"  pull's stderr lines: {len(done.stderr.splitlines())}")
        seconds, _, done = run(pull, env)
        print(f"pull with nothing new: {seconds:.1f} s (exit {done.returncode})")
        seconds, _, done = run(["labelstudio", "push", *where], env)
        print(f"push with nothing new: {seconds:.1f} s (exit {done.returncode})")
        seconds, _, done = run(["labelstudio", "push", *where, "--predictions",
                                args.predictions], env)
        print(f"push --predictions {args.predictions} to {args.tasks} tasks: {seconds:.1f} s "
              f"(exit {done.returncode}) {done.stderr.strip()[-200:]}")
        left = list((work / "data" / "media" / "export").glob("*")) \
            if (work / "data" / "media" / "export").exists() else []
        print(f"files left in the server's media/export: {len(left)}")
    finally:
        server.stop(process)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
