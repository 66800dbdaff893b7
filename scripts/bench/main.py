"""``python -m scripts.bench [--quick] [--write docs/PERFORMANCE.md]``: run every suite.

The full run takes about ten minutes on two cores; ``--quick`` uses small sizes and
three runs (about a minute) to check that everything works. ``--only`` picks suites.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from . import machine, timing
from .report import Section, markdown

SUITES = ("startup", "entities", "relations", "build", "baselines", "labelstudio")
"""``labelstudio`` starts Label Studio servers and takes about a quarter of an hour; the
tiny and quick runs leave it out unless named with ``--only``."""


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python scripts/benchmark.py",
                                     description="Kroniek's speed against the tools a user would "
                                                 "otherwise use, side by side, as ratios.")
    parser.add_argument("--quick", action="store_true", help="small sizes, 3 runs (about a minute)")
    parser.add_argument("--tiny", action="store_true", help=argparse.SUPPRESS)  # the smoke test
    parser.add_argument("--runs", type=int, help="runs per measurement (default 5; 3 with --quick)")
    parser.add_argument("--only", nargs="+", choices=SUITES, metavar="SUITE",
                        help=f"run only these suites ({', '.join(SUITES)})")
    parser.add_argument("--baselines", nargs="+", metavar="NAME",
                        help="time only these baselines (default: every registered one)")
    parser.add_argument("--write", metavar="PATH", help="write the Markdown report here")
    return parser.parse_args(argv)


def plan(args: argparse.Namespace) -> dict:
    if args.tiny:
        return dict(runs=1, entity_sizes=[2_000], process_size=2_000, pairs=2_000,
                    build_sizes=[5], build_runs={5: 1}, baseline_target=3, baseline_budget=0.2,
                    warmup=False)
    if args.quick:
        runs = args.runs or 3
        return dict(runs=runs, entity_sizes=[10_000, 100_000], process_size=100_000,
                    pairs=120_000, build_sizes=[200], build_runs={200: runs},
                    baseline_target=200, baseline_budget=1.0, warmup=True)
    runs = args.runs or 5
    return dict(runs=runs, entity_sizes=[10_000, 100_000, 1_000_000], process_size=1_000_000,
                pairs=1_200_000, build_sizes=[1_000, 10_000],
                build_runs={1_000: runs, 10_000: args.runs or 3},
                baseline_target=10_000, baseline_budget=2.0, warmup=True)


def run(args: argparse.Namespace, folder: Path) -> list[Section]:
    from .baselines_suite import baseline_suite
    from .building import build_suite
    from .scoring import entity_suite, relation_suite
    from .startup import startup_suite

    p = plan(args)
    timing.WARMUP = p["warmup"]
    chosen = args.only or [s for s in SUITES if s != "labelstudio" or not (args.tiny or args.quick)]
    sections = []
    for name in chosen:
        started = time.perf_counter()
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        if name == "startup":
            sections.append(startup_suite(max(p["runs"], 10 if not args.tiny else 1)))
        elif name == "entities":
            sections.append(entity_suite(p["entity_sizes"], p["runs"], folder / "entities",
                                         process_size=p["process_size"]))
        elif name == "relations":
            sections.append(relation_suite(p["pairs"], p["runs"]))
        elif name == "build":
            sections.append(build_suite(p["build_sizes"], p["build_runs"], folder / "build"))
        elif name == "labelstudio":
            from .labelstudio import SIZES, labelstudio_suite

            sections.append(labelstudio_suite((200,) if args.tiny else (1_000,) if args.quick
                                              else SIZES, 1 if args.tiny else 3))
        elif name == "baselines":
            sections.append(baseline_suite(p["runs"], target=p["baseline_target"],
                                           budget=p["baseline_budget"], names=args.baselines))
        print(f"[bench] {name} done in {time.perf_counter() - started:.0f} s", file=sys.stderr,
              flush=True)
    return sections


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    started = time.perf_counter()
    info = machine.describe()
    with tempfile.TemporaryDirectory(prefix="kroniek-bench-") as tmp:
        sections = run(args, Path(tmp))
    command = "python scripts/benchmark.py " + " ".join(sys.argv[1:] if argv is None else argv)
    text = markdown(sections, info, command=command, elapsed=time.perf_counter() - started)
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    else:
        print(text)
    return 0
