"""Fit trained systems in worker processes before a benchmark scores them.

``kroniek evaluate`` scores every system on each split, and a trained system is fitted
once per split (train only to score validation, train + validation to score test). Those
fits are most of a full run's time and independent of each other, so with ``jobs`` above
one :func:`fit_ahead` runs every fit the cache does not hold yet in that many processes;
scoring then loads each from the cache (:mod:`kroniek.system.cache`) and runs as before.
A fit is the same computation in a worker as in the main process: each worker is a fresh
interpreter (spawned, not forked) that runs one fit and exits, so nothing carries over
from another system, with numeric libraries on one thread; the records come out
byte-identical to ``jobs=1``'s.

A piece that several fits share (realnews' parser) is learned once: the cache locks it,
and the second worker waits for the first and loads it.

>>> default_jobs() >= 1
True
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable, NamedTuple, Sequence

from ..errors import KroniekError

MAX_DEFAULT_JOBS = 4
FIT_MEMORY = 2.5 * 2 ** 30
"""Memory to allow per worker: the largest fit here (realnews.v5's) peaks at 1.9 GB."""


class Fit(NamedTuple):
    """One fit to run: system ``name`` as it is scored on ``split``."""

    name: str
    split: str


def default_jobs() -> int:
    """The processes :func:`fit_ahead` uses unless told: the cores this process may use,
    at most :data:`MAX_DEFAULT_JOBS`, and no more than the available memory holds at
    :data:`FIT_MEMORY` each."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        usable = os.cpu_count() or 1
    memory = available_memory()
    by_memory = int(memory // FIT_MEMORY) if memory else MAX_DEFAULT_JOBS
    return max(1, min(usable, MAX_DEFAULT_JOBS, by_memory))


def available_memory() -> int | None:
    """Bytes of memory available to new processes (Linux's ``MemAvailable``), or None
    where it cannot be read."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def pending(names: Sequence[str], *, splits: Sequence[str], dataset: str | Path = "dataset"
            ) -> list[Fit]:
    """The fits ``names`` need to be scored on ``splits`` that the cache does not hold,
    one per distinct cache entry (a system that learns from no split of the dataset is
    fitted once for both splits). Systems that learn nothing or cannot run here need none."""
    from .base import Unavailable
    from .cache import fit_folder, is_cached
    from .registry import get
    from .run import LEARN_FROM, training_data

    fitting = {}                       # name -> (system, fingerprint), each hashed once
    for name in names:
        system = get(name)
        if not system.trained:
            continue
        try:
            system.available()
        except Unavailable:
            continue
        fitting[name] = (system, system.fingerprint())
    data = {}                          # (split, uses_dataset) -> (train, validation), read once
    out, seen = [], set()
    for split in [s for s in splits if s in LEARN_FROM]:
        for name in [n for n in names if n in fitting]:
            system, fingerprint = fitting[name]
            at = (split, system.uses_dataset)
            if at not in data:
                data[at] = training_data(system, split=split, dataset=dataset)
            folder = fit_folder(system.id(), fingerprint, *data[at])
            if folder not in seen and not is_cached(folder):
                seen.add(folder)
                out.append(Fit(name, split))
    return out


def fit_ahead(names: Sequence[str], *, splits: Sequence[str], dataset: str | Path = "dataset",
              jobs: int | None = None, progress: Callable[[str], None] | None = None) -> list[Fit]:
    """Run the :func:`pending` fits in ``jobs`` worker processes (default:
    :func:`default_jobs`), each stored in the cache; the fits run. With one job (or one
    fit) nothing runs here: the caller fits as it scores. A fit that fails stops the
    others and raises its error, naming the fit; Ctrl-C ends every worker at once (a fit
    is stored only when complete, so the cache keeps nothing partial)."""
    from multiprocessing import get_context
    from multiprocessing.connection import wait

    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    todo = pending(names, splits=splits, dataset=dataset)
    if jobs == 1 or len(todo) < 2:
        return []
    say = progress or (lambda message: None)
    say(f"[fit] {len(todo)} fit(s) the cache does not hold, {min(jobs, len(todo))} at a time")
    started = time.perf_counter()
    context = get_context("spawn")
    waiting, running, done = list(todo), {}, 0
    try:
        while waiting or running:
            while waiting and len(running) < jobs:
                fit = waiting.pop(0)
                receive, send = context.Pipe(duplex=False)
                worker = context.Process(target=_work, args=(fit, str(dataset), send),
                                         name=f"kroniek fit {fit.name} ({fit.split})")
                worker.start()
                send.close()
                running[receive] = (fit, worker)
            for receive in wait(list(running)):
                fit, worker = running.pop(receive)
                try:
                    outcome, value = receive.recv()
                except EOFError:       # it died before it could say (killed, out of memory)
                    worker.join()
                    outcome, value = "error", f"its process ended with code {worker.exitcode}"
                receive.close()
                worker.join()
                if outcome == "error":
                    raise KroniekError(f"fitting {fit.name} for the {fit.split} split failed: "
                                       f"{value}")
                done += 1
                say(f"[fit {done}/{len(todo)}] {fit.name} ({fit.split}): {value:.1f} s")
    finally:
        for _, worker in running.values():
            worker.terminate()
        for _, worker in running.values():
            worker.join()
    say(f"[fit] done in {time.perf_counter() - started:.1f} s")
    return todo


def _work(fit: Fit, dataset: str, send) -> None:
    """A worker process: :func:`fit_one`, its seconds or its error sent back as one
    message."""
    try:
        send.send(("done", fit_one(fit, dataset=dataset)))
    except KeyboardInterrupt:
        pass
    except BaseException as error:   # noqa: BLE001 - reported by the parent, in one line
        send.send(("error", str(error) if isinstance(error, KroniekError)
                   else f"{type(error).__name__}: {error}"))
    finally:
        send.close()


def fit_one(fit: Fit, *, dataset: str) -> float:
    """In a worker: fit one system for one split into the cache; the seconds it took.
    Its own progress lines go to standard error, each marked with the fit."""
    from threadpoolctl import threadpool_limits

    from .run import prepared, stderr_progress

    started = time.perf_counter()
    with threadpool_limits(limits=1):
        prepared(fit.name, split=fit.split, dataset=dataset,
                 progress=lambda message: stderr_progress(f"[fit {fit.name} ({fit.split})] "
                                                          f"{message}"))
    return time.perf_counter() - started
