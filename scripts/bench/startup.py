"""Start-up: ``kroniek --help`` as a subprocess, and which modules it imports."""

from __future__ import annotations

import subprocess

from .report import Goal, Row, Section, add_relative, seconds
from .timing import bin_path, compare_processes, python

HEAVY = ("sklearn", "datasets", "label_studio_sdk", "numpy", "spacy", "pyarrow", "pandas",
         "scipy", "torch", "requests")
LIMIT = 0.3


def imported_at_startup() -> list[tuple[str, int]]:
    """(module, cumulative microseconds) imported by building the CLI's parser, from
    ``python -X importtime``, largest first."""
    done = subprocess.run([python(), "-X", "importtime", "-c",
                           "import kroniek.cli as c; c.make_parser()"],
                          capture_output=True, text=True, check=True)
    modules = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        _self, cumulative, name = line[len("import time:"):].split("|")
        if cumulative.strip().isdigit():
            modules.append((name.strip(), int(cumulative)))
    return sorted(modules, key=lambda m: -m[1])


def startup_suite(runs: int) -> Section:
    section = Section("Start-up", "`kroniek --help` timed as a subprocess from start to exit, "
                      "beside a bare `python -c pass` (the interpreter's own start-up).")
    ours, bare = "kroniek --help", "python -c pass"
    timings = compare_processes({ours: [bin_path("kroniek"), "--help"], bare: [python(), "-c", "pass"]},
                                runs)
    section.rows = [Row("start-up", name, t) for name, t in timings.items()]
    add_relative(section.rows, ours)
    modules = imported_at_startup()
    heavy = sorted({name.split(".")[0] for name, _ in modules if name.split(".")[0] in HEAVY})
    wall = timings[ours].wall
    section.goals.append(Goal(f"`kroniek --help` in at most {LIMIT} s", wall <= LIMIT and not heavy,
                              seconds(wall) + (f"; imports {', '.join(heavy)} at start-up" if heavy
                                               else "; no heavy library imported"),
                              gap="a heavy import at module level of a command module: move it "
                                  "into the command's func"))
    top = ", ".join(f"{name} {us / 1000:.0f} ms" for name, us in modules[:5])
    section.notes.append(f"`python -X importtime`: heavy libraries imported by the parser: "
                         f"{', '.join(heavy) or 'none'} (checked: {', '.join(HEAVY)}). "
                         f"Largest cumulative imports: {top}.")
    return section
