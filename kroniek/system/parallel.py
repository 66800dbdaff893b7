"""Fit trained systems in worker processes before a benchmark scores them.

``kroniek evaluate`` scores every system on each split, and a trained system is fitted
once per split (train only to score validation, train + validation to score test). Those
fits are most of a full run's time and independent of each other, so with ``jobs`` above
one :func:`fit_ahead` runs every fit the cache does not hold yet in that many processes;
scoring then loads each from the cache (:mod:`kroniek.system.cache`) and runs as before.
A fit is the same computation in a worker as in the main process: each worker runs one
fit and exits (nothing carries over from another system), with numeric libraries on one
thread, so the records come out byte-identical to ``jobs=1``'s.

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

MAX_DEFAULT_JOBS = 4


class Fit(NamedTuple):
    """One fit to run: system ``name`` as it is scored on ``split``."""

    name: str
    split: str


def default_jobs() -> int:
    """The processes :func:`fit_ahead` uses unless told: the cores this process may use,
    at most :data:`MAX_DEFAULT_JOBS` (each fit holds its own models in memory)."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        usable = os.cpu_count() or 1
    return max(1, min(usable, MAX_DEFAULT_JOBS))


def pending(names: Sequence[str], *, splits: Sequence[str], dataset: str | Path = "dataset"
            ) -> list[Fit]:
    """The fits ``names`` need to be scored on ``splits`` that the cache does not hold,
    one per distinct cache entry (a system that learns from no split of the dataset is
    fitted once for both splits). Systems that learn nothing or cannot run here need none."""
    from .base import Unavailable
    from .cache import fit_folder, is_cached
    from .registry import get
    from .run import LEARN_FROM, training_data

    out, seen = [], set()
    for split in splits:
        for name in names:
            system = get(name)
            if not system.trained or split not in LEARN_FROM:
                continue
            try:
                system.available()
            except Unavailable:
                continue
            folder = fit_folder(system, *training_data(system, split=split, dataset=dataset))
            if folder not in seen and not is_cached(folder):
                seen.add(folder)
                out.append(Fit(name, split))
    return out


def fit_ahead(names: Sequence[str], *, splits: Sequence[str], dataset: str | Path = "dataset",
              jobs: int | None = None, progress: Callable[[str], None] | None = None) -> list[Fit]:
    """Run the :func:`pending` fits in ``jobs`` worker processes (default:
    :func:`default_jobs`), each stored in the cache; the fits run. With one job (or one
    fit) nothing runs here: the caller fits as it scores."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from multiprocessing import get_context

    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    todo = pending(names, splits=splits, dataset=dataset)
    if jobs == 1 or len(todo) < 2:
        return []
    say = progress or (lambda message: None)
    say(f"[fit] {len(todo)} fit(s) the cache does not hold, {min(jobs, len(todo))} at a time")
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=get_context("spawn"),
                             max_tasks_per_child=1) as pool:
        running = {pool.submit(fit_one, fit, dataset=str(dataset)): fit for fit in todo}
        done = 0
        try:
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    fit = running.pop(future)
                    seconds = future.result()
                    done += 1
                    say(f"[fit {done}/{len(todo)}] {fit.name} ({fit.split}): {seconds:.1f} s")
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    say(f"[fit] done in {time.perf_counter() - started:.1f} s")
    return todo


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
