"""The Label Studio bridge at scale: ``python -m scripts.bench.labelstudio [--tasks 1000 10000]``.

For each size N, starts a throw-away Label Studio on 127.0.0.1 (data in a temporary
folder, stopped at the end), makes N seed articles (copies of the first seed article under
new ids), pushes them with one annotation each (the seed's ground truth, 441 results) in
imports of 1,000, and times each ``kroniek labelstudio`` command as a user runs it (a
subprocess, default settings):

- ``pull`` into an empty folder (first pull): seconds, peak memory (max RSS), files;
  peers: Label Studio's own direct export of the same tasks, downloaded and nothing else,
  in chunks one after the other and as the pull asks for them (two at once): the
  server's share, which the pull overlaps with its own work;
- ``pull`` and ``push`` with nothing new; peer: one listing of every task with the few
  fields push and pull need, which is what each of them did before remembering;
- ``pull`` after one annotation was added (one task exported);
- ``push --predictions floor.v1`` to the N existing tasks, with its progress lines.

Peak memory is measured on a child forked from a small launcher process: a child forked
straight from this process would count this process's memory too (Linux carries a
process's peak over ``fork`` and ``exec``), which inflated earlier figures.
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
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.bench.report import Goal, Row, Section, add_relative, seconds  # noqa: E402
from scripts.bench.timing import Timing  # noqa: E402

SIZES = (1_000, 10_000)
PREDICTIONS = "floor.v1"
FIRST_PULL, FIRST_PULL_MB, NOTHING_NEW, PREDICT = 60.0, 500.0, 5.0, 120.0

# Forks the command from a small process and reports the child's own peak memory.
LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, float, subprocess.CompletedProcess]:
    """(seconds, CPU seconds, peak RSS in MB, result) of ``kroniek ARGS``; fails loudly."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        began = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", LAUNCHER, rss.name, sys.executable, "-m",
                               "kroniek.cli", *args], env=env, cwd=ROOT, capture_output=True,
                              text=True)
        wall = time.perf_counter() - began
        kib, cpu = rss.read().split()
    if done.returncode != 0:
        raise RuntimeError(f"kroniek {' '.join(args)} failed ({done.returncode}): "
                           f"{done.stderr.strip()[-2000:]}")
    return wall, float(cpu), int(kib) / 1024, done


def timed(fn) -> tuple[float, float, object]:
    began, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - began, time.process_time() - cpu, result


def make_seeds(folder: Path, n: int) -> tuple[list[str], list[str], list[dict]]:
    """N copies of the first seed article, each with its own last line (so that no two
    texts are the same and nothing is tokenized once for all), and the seed's ground-truth
    result, whose offsets hold in every copy."""
    seed_txt = sorted((ROOT / "seeds").glob("*.txt"))[0]
    text = seed_txt.read_text(encoding="utf-8")
    (task,) = json.loads((ROOT / "annotations" / "exports" / f"{seed_txt.stem}.json").read_bytes())
    gold = next(a for a in task["annotations"] if a.get("ground_truth"))
    folder.mkdir(parents=True)
    ids = [f"bench_{k:05}" for k in range(n)]
    texts = [f"{text.rstrip()}\n\nKopie {k} voor de meting." for k in range(n)]
    for doc_id, copy in zip(ids, texts):
        (folder / f"{doc_id}.txt").write_text(copy, encoding="utf-8")
        (folder / f"{doc_id}.json").write_text(json.dumps(
            {"id": doc_id, "language": "nl", "split": "train", "origin": "news",
             "source": "a copy of the first seed article, for the benchmark"}), encoding="utf-8")
    return ids, texts, gold["result"]


def one_size(n: int, *, port: int, runs: int, say) -> tuple[list[Row], dict[str, float], list[str]]:
    """The rows, the figures the goals read, and notes for N tasks."""
    from kroniek.labelstudio import server
    from kroniek.labelstudio.client import connect
    from kroniek.labelstudio.seen import LIGHT, pages
    from kroniek.labelstudio.workflow import ensure_project

    work = Path(tempfile.mkdtemp(prefix="kroniek-ls-bench-"))
    creds = server.Credentials.generate("admin@bench.local")
    log = work / "server.log"
    process = server.start(data_dir=work / "data", port=port, credentials=creds, log=log)
    url = f"http://127.0.0.1:{port}"
    task = f"{n:,} annotated tasks"
    rows: list[Row] = []
    figures: dict[str, float] = {}
    notes: list[str] = []
    try:
        ids, texts, result = make_seeds(work / "seeds", n)
        server.wait_until_up(process, url, log=log, timeout=600)
        env = {**os.environ, "LABEL_STUDIO_URL": url, "LABEL_STUDIO_API_KEY": creds.token,
               "PYTHONPATH": str(ROOT)}
        annotations = work / "annotations"
        where = ["--project", "bench", "--seeds", str(work / "seeds"),
                 "--annotations", str(annotations)]
        client = connect(url, creds.token, timeout=3600)
        project, _ = ensure_project(client, "bench")
        began = time.perf_counter()
        for start in range(0, n, 1000):
            client.sdk.projects.import_tasks(project.id, request=[
                {"data": {"text": text, "document_id": doc_id},
                 "annotations": [{"result": result, "ground_truth": True}]}
                for doc_id, text in zip(ids[start:start + 1000], texts[start:start + 1000])])
            say(f"  imported {min(start + 1000, n)}/{n} annotated tasks")
        notes.append(f"{task}: setting up (import in requests of 1,000 tasks) took "
                     f"{time.perf_counter() - began:.0f} s.")

        def fresh_pull() -> tuple[float, float, float, subprocess.CompletedProcess]:
            shutil.rmtree(annotations, ignore_errors=True)
            return run(["labelstudio", "pull", *where], env)

        first = [fresh_pull() for _ in range(runs if n <= 1000 else 1)]
        files = list((annotations / "exports").glob("*.json"))
        size = sum(p.stat().st_size for p in files) / 1e6
        peak = max(f[2] for f in first)
        rows.append(Row(task, "kroniek labelstudio pull (first, empty folder)",
                        Timing([f[0] for f in first], [f[1] for f in first]),
                        note=f"peak RSS {peak:.0f} MB; {len(files):,} files, {size:.0f} MB"))
        figures["first"], figures["first_mb"] = rows[-1].timing.wall, peak

        listing = Timing()
        for _ in range(runs if n <= 1000 else 1):
            wall, cpu, listed = timed(lambda: list(pages(client.sdk.tasks.list,
                                                         project=project.id, include=LIGHT)))
            listing.walls.append(wall)
            listing.cpus.append(cpu)
        task_ids = sorted(t.id for t in listed)
        received = [0]

        def export_all() -> None:
            from kroniek.labelstudio.stream import CHUNK, download

            with tempfile.TemporaryFile() as spool:
                for k in range(0, n, CHUNK):   # the pull's chunks, one after the other
                    download(client, project.id, task_ids[k:k + CHUNK], spool, received)
                    spool.seek(0)
                    spool.truncate()

        wall, cpu, _ = timed(export_all)
        rows.append(Row(task, "peer: Label Studio's direct export, downloaded only",
                        Timing([wall], [cpu]), note=f"{received[0] / 1e6:.0f} MB in chunks of 100, one after the other"))

        def export_as_pull() -> None:
            from kroniek.labelstudio.stream import exported

            for _ in exported(client, project.id, task_ids, received=[0]):
                pass

        from kroniek.labelstudio.stream import IN_FLIGHT
        wall, cpu, _ = timed(export_as_pull)
        rows.append(Row(task, "peer: the same export as the pull asks for it, downloaded only",
                        Timing([wall], [cpu]),
                        note=f"chunks of 100, {IN_FLIGHT} requests at once: the floor of a pull"))
        figures["export_floor"] = wall
        add_relative(rows[-3:], rows[-3].tool)

        nothing_pull, nothing_push = Timing(), Timing()
        for _ in range(runs):
            for timing, args in ((nothing_pull, ["labelstudio", "pull", *where]),
                                 (nothing_push, ["labelstudio", "push", *where])):
                wall, cpu, _, done = run(args, env)
                timing.walls.append(wall)
                timing.cpus.append(cpu)
        group = [Row(task, "kroniek labelstudio pull, nothing new", nothing_pull),
                 Row(task, "kroniek labelstudio push, nothing new", nothing_push),
                 Row(task, "peer: one listing of every task (what both did before)", listing)]
        add_relative(group, group[0].tool)
        rows += group
        figures["pull_nothing"], figures["push_nothing"] = nothing_pull.wall, nothing_push.wall

        region = next(r["id"] for r in result if r.get("type") == "labels")
        client.sdk.annotations.create(task_ids[0], result=[r for r in result
                                                           if r.get("id") == region])
        wall, cpu, _, done = run(["labelstudio", "pull", *where], env)
        rows.append(Row(task, "kroniek labelstudio pull, one annotation added",
                        Timing([wall], [cpu]), note=done.stdout.strip()[:60].replace("|", "/")))

        wall, cpu, _, done = run(["labelstudio", "push", *where, "--predictions", PREDICTIONS],
                                 env)
        lines = done.stderr.strip().splitlines()
        rows.append(Row(task, f"kroniek labelstudio push --predictions {PREDICTIONS}",
                        Timing([wall], [cpu]),
                        note=f"{len(lines)} progress lines, the last: "
                             f"{(lines[-1] if lines else '').replace('|', '/')[:70]}"))
        figures["predictions"], figures["progress"] = wall, len(lines)
        exports = work / "data" / "media" / "export"
        left = list(exports.glob("*")) if exports.exists() else []
        notes.append(f"{task}: files the pulls left in the server's media/export: {len(left)}.")
    finally:
        server.stop(process)
        shutil.rmtree(work, ignore_errors=True)
    return rows, figures, notes


def labelstudio_suite(sizes: tuple[int, ...] = SIZES, runs: int = 3, *, port: int = 18150,
                      say=lambda message: print(message, file=sys.stderr, flush=True)) -> Section:
    from importlib.metadata import version

    section = Section(
        "Label Studio", f"A real Label Studio {version('label-studio')} server on 127.0.0.1 "
        f"(label-studio-sdk {version('label-studio-sdk')}), one per size, sharing the machine's "
        "two cores with the command timed. Each task holds a copy of the first seed article "
        "(with its own last line, so no two texts are alike) "
        "with one annotation of 441 results (its ground truth). Commands run as subprocesses "
        "from start to exit (CPU: the command's own, not the server's); peak RSS is the "
        "command's maximum resident memory. Each size's rows and ratios come from one run of "
        "`python -m scripts.bench.labelstudio`; a first pull at 10,000 tasks and the "
        "predictions are timed once, the rest over the runs shown. *Peer* rows are what the "
        "server does alone: the floor under a pull, and the listing a no-op push or pull "
        "made before it remembered what it saw.")
    for k, n in enumerate(sizes):
        say(f"[bench] labelstudio: {n:,} tasks")
        rows, figures, notes = one_size(n, port=port + k, runs=runs, say=say)
        section.rows += rows
        section.notes += notes
        at = f"at {n:,} tasks"
        section.goals += [
            Goal(f"first pull {at} under {FIRST_PULL:g} s, peak memory under {FIRST_PULL_MB:g} MB",
                 figures["first"] < FIRST_PULL and figures["first_mb"] < FIRST_PULL_MB,
                 f"{seconds(figures['first'])}, {figures['first_mb']:.0f} MB",
                 gap=f"the server's own export of these tasks, downloaded and nothing else, "
                     f"asked as the pull asks (chunks of 100, two at once), takes "
                     f"{seconds(figures['export_floor'])} {at} (peer row): one Label Studio "
                     "process exports at about one core, and the pull checks and writes "
                     "while it exports, ending soon after it. Below that needs a server that "
                     "exports faster (several worker processes, with more chunks asked at "
                     "once)."),
            Goal(f"push with nothing new {at} under {NOTHING_NEW:g} s",
                 figures["push_nothing"] < NOTHING_NEW, seconds(figures["push_nothing"])),
            Goal(f"pull with nothing new {at} under {NOTHING_NEW:g} s",
                 figures["pull_nothing"] < NOTHING_NEW, seconds(figures["pull_nothing"])),
            Goal(f"`push --predictions` {at} shows progress, under {PREDICT:g} s",
                 figures["predictions"] < PREDICT and figures["progress"] > 0,
                 f"{seconds(figures['predictions'])}, {figures['progress']:.0f} progress lines",
                 gap="the server's import of the predictions takes most of it: each batch "
                     "of 500 is predicted while the batch before is imported, so the push "
                     "ends soon after the server's last import (see the CPU column: the "
                     "push's own work)")]
    return section


def section_markdown(section: Section, info: dict[str, str], *, command: str,
                     elapsed: float) -> list[str]:
    """The section as Markdown, headed by when, how and on what it was measured."""
    from datetime import datetime, timezone

    from scripts.bench.report import markdown

    body = markdown([section], info, command=command, elapsed=elapsed).split("\n")
    start = body.index(f"## {section.title}")
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    where = [f"Measured on {today} (UTC) by `{command}` (took {elapsed / 60:.1f} minutes), "
             "every figure and ratio of this section in that one run, on:", ""]
    where += [f"- {key}: {value}" for key, value in info.items()] + [""]
    return body[start:start + 2] + where + body[start + 2:]


def update(path: Path, section: Section, info: dict[str, str], *, command: str,
           elapsed: float, others: str = "") -> None:
    """Put ``section`` into the report at ``path`` in place of its old version, with its
    goals in the Goals table, and say which sections are from which run."""
    from scripts.bench.report import markdown

    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    title = f"## {section.title}"
    if title in lines:   # drop the old section (to the next one or the end)
        start = lines.index(title)
        end = next((k for k in range(start + 1, len(lines)) if lines[k].startswith("## ")),
                   len(lines))
        lines = lines[:start] + lines[end:]
        while lines and not lines[-1].strip():
            lines.pop()
    goals = [line for line in markdown([section], info, command=command, elapsed=elapsed)
             .split("\n") if line.startswith("| ") and " at 1" in line and "tasks" in line
             and ("| met |" in line or "| **not met** |" in line)]
    marker = f"<!-- {section.title} goals -->"
    lines = [line for line in lines if not line.endswith(marker)]
    table = lines.index("| goal | status | measured |") + 2
    while table < len(lines) and lines[table].startswith("| "):
        table += 1
    lines[table:table] = [f"{goal} {marker}" for goal in goals]
    note = f"The {section.title} section and its goals were measured on "
    lines = [line for line in lines if not line.startswith(note)]
    first = next(k for k, line in enumerate(lines) if line.startswith("Generated "))
    lines[first + 1:first + 1] = ["", note + "another date, by another command: see that "
                                  "section's own header for its date, command and machine; "
                                  "every other figure is from the run named above"
                                  + (f" ({others})." if others else ".")]
    lines += [""] + section_markdown(section, info, command=command, elapsed=elapsed)
    lines = [line for k, line in enumerate(lines)
             if line.strip() or k == 0 or lines[k - 1].strip()]   # one blank line at most
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    from scripts.bench import machine
    from scripts.bench.report import markdown

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=18150)
    parser.add_argument("--others", default="", metavar="TEXT",
                        help="when and where the report's other sections were measured")
    parser.add_argument("--write", metavar="PATH",
                        help="put the section into this report (docs/PERFORMANCE.md) in place "
                             "of its old version, leaving the other sections as they are")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    info = machine.describe()
    section = labelstudio_suite(tuple(args.tasks), args.runs, port=args.port)
    command = "python -m scripts.bench.labelstudio " + " ".join(sys.argv[1:] if argv is None
                                                                 else argv)
    elapsed = time.perf_counter() - began
    if args.write:
        update(Path(args.write), section, info, command=command.strip(), elapsed=elapsed,
               others=args.others)
        print(f"wrote the {section.title} section into {args.write}", file=sys.stderr)
    else:
        print(markdown([section], info, command=command.strip(), elapsed=elapsed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
