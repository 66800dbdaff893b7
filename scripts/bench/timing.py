"""Timing: medians over repeated runs, in-process or as a subprocess, wall and CPU time.

Runs of the tools being compared are interleaved (A, B, C, A, B, C, ...), so a burst of
load from another process on the machine hits all of them alike. CPU time (the process's
own, or its children's for a subprocess) is recorded beside wall time: on a busy
machine it is the steadier figure.

>>> t = Timing([0.3, 0.1, 0.2], [0.1, 0.1, 0.1])
>>> t.wall, t.runs
(0.2, 3)
"""

from __future__ import annotations

import gc
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Callable, Sequence


WARMUP = True
"""Whether :func:`compare` and :func:`compare_processes` run each case once untimed first
by default (the smoke test turns it off)."""


@dataclass
class Timing:
    """Seconds per run: wall clock and CPU, with their medians."""

    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def runs(self) -> int:
        return len(self.walls)


def once(fn: Callable[[], object]) -> tuple[float, float, object]:
    """(wall, CPU, result) of one call, garbage collected before it."""
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def process(argv: Sequence[str], *, env: dict | None = None, cwd: str | None = None
            ) -> tuple[float, float, str]:
    """(wall, children's CPU, stdout) of a subprocess run from start to exit; a failure
    raises with its stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run(list(argv), capture_output=True, text=True, env=env, cwd=cwd)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def compare(cases: dict[str, Callable[[], object]], runs: int, *,
            setup: Callable[[str], None] | None = None,
            check: Callable[[str, object], None] | None = None,
            warmup: bool | None = None) -> dict[str, Timing]:
    """Median timings of each case over ``runs`` interleaved rounds.

    ``setup(name)`` runs before each timed call (untimed), ``check(name, result)`` after
    it. With ``warmup``, each case runs once untimed first (imports, caches of the
    interpreter), so the medians are of steady-state runs.
    """
    warmup = WARMUP if warmup is None else warmup
    timings = {name: Timing() for name in cases}
    rounds = runs + (1 if warmup else 0)
    for r in range(rounds):
        for name, fn in cases.items():
            if setup:
                setup(name)
            wall, cpu, result = once(fn)
            if check:
                check(name, result)
            if warmup and r == 0:
                continue
            timings[name].walls.append(wall)
            timings[name].cpus.append(cpu)
    return timings


def compare_processes(cases: dict[str, Sequence[str]], runs: int, *, warmup: bool | None = None,
                      check: Callable[[str, str], None] | None = None) -> dict[str, Timing]:
    """:func:`compare` for commands run as subprocesses (wall and children's CPU)."""
    warmup = WARMUP if warmup is None else warmup
    timings = {name: Timing() for name in cases}
    for r in range(runs + (1 if warmup else 0)):
        for name, argv in cases.items():
            wall, cpu, out = process(argv)
            if check:
                check(name, out)
            if warmup and r == 0:
                continue
            timings[name].walls.append(wall)
            timings[name].cpus.append(cpu)
    return timings


def python() -> str:
    """The interpreter running the benchmark (the project's virtualenv)."""
    return sys.executable


def bin_path(name: str) -> str:
    """A console script installed beside the interpreter, e.g. ``kroniek``."""
    path = os.path.join(os.path.dirname(sys.executable), name)
    return path if os.path.exists(path) else name
