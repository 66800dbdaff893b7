"""Documents per second of every registered baseline on synthetic documents.

The documents are made of shuffled sentences of the seed article (``baselines.speed``).
Each baseline first runs once on one document (its start-up: loading lists, spaCy,
starting Frog), then on a probe of 20 documents to estimate its rate; a baseline that
would need more than ``budget`` seconds per run for the full 10,000 documents is timed
on fewer, and its rate is extrapolated to 10,000 (documents are independent and of the
same make, so the rate carries over); the table says so.
"""

from __future__ import annotations

import time

from .report import Row, Section
from .timing import compare

TARGET = 10_000


def _instance(name: str):
    from kroniek.system import registry
    from kroniek_baselines.speed import SEED

    baseline = registry.get(name)
    if getattr(baseline, "trained", False):   # learns from gold: train on a stand-in
        from kroniek_baselines.lexicon import Lexicon

        seed_doc = [{"id": "seed", "text": SEED.read_text(encoding="utf-8")}]
        baseline.fit(Lexicon().predict(seed_doc))
    return baseline


def baseline_suite(runs: int, *, target: int = TARGET, budget: float = 3.0,
                   names: list[str] | None = None) -> Section:
    from kroniek.system import registry
    from kroniek.system import Unavailable
    from kroniek_baselines.speed import synthetic_documents

    section = Section(
        "Baselines",
        f"Documents per second of each registered baseline on up to {target:,} synthetic "
        "documents of 15-30 shuffled sentences of the seed article (about 2,000 characters), "
        f"after one untimed document for start-up; a run is capped at about {budget:g} s, "
        "so slow baselines are timed on fewer documents and their rate extrapolated.")
    docs = synthetic_documents(target)
    for name in names or registry.names():
        try:
            baseline = _instance(name)
            baseline.available()
        except (Unavailable, TypeError) as exc:
            section.rows.append(Row("baselines", name, None, note=f"skipped: {exc}"))
            continue
        started = time.perf_counter()
        baseline.predict(docs[:1])
        startup = time.perf_counter() - started
        probe = docs[1:21]
        started = time.perf_counter()
        baseline.predict(probe)
        rate = len(probe) / (time.perf_counter() - started)
        n = max(1, min(target, int(rate * budget)))
        timings = compare({name: lambda: baseline.predict(docs[:n])}, runs, warmup=False)
        t = timings[name]
        docs_per_s = n / t.wall
        how = (f"{n:,} documents" if n == target else
               f"timed on {n:,} documents, extrapolated to {target:,}: ~{target / docs_per_s:,.0f} s")
        section.rows.append(Row(f"baselines ({n:,} documents)", name, t,
                                note=f"{docs_per_s:,.1f} documents/s; start-up {startup:.2f} s; {how}"))
    return section
