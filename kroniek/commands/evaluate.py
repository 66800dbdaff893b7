"""``kroniek evaluate``: run baselines on the dataset, write results and the leaderboard."""

from __future__ import annotations

import argparse

from . import at_least


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "evaluate", help="run baselines on the dataset, write results and the leaderboard",
        description="Run registered systems (default: all) on the test and validation splits "
                    "of the dataset, score them (a trained system learns only from the splits "
                    "before the one scored: train for validation, train + validation for "
                    "test), write results/<system>/<version>/<dataset revision>/<split>.json "
                    "with confidence intervals, plots of entity errors, "
                    "results/LEADERBOARD.md (test first), and print the leaderboard. Running "
                    "some systems or splits merges into the leaderboard; rows scored on an "
                    "older dataset revision stay, marked stale. With a copy of EventDNA "
                    "located (KRONIEK_EVENTDNA), also score them on its test part across "
                    "schemes (results/eventdna/); with a copy of CoNLL-2002 located "
                    "(KRONIEK_CONLL2002), score their names on its development file "
                    "(results/conll2002/). Each adds its section to the leaderboard.")
    parser.add_argument("--baseline", action="append", metavar="NAME", dest="baselines",
                        help="a versioned baseline name such as gazetteer.v1 (repeatable; "
                             "default: every registered baseline)")
    parser.add_argument("--dataset", default="dataset", metavar="DIR",
                        help="the dataset folder (default: dataset)")
    parser.add_argument("--split", action="append", dest="splits", choices=("test", "validation"),
                        help="split to evaluate on (repeatable; default: test and validation)")
    parser.add_argument("--results", default="results", metavar="DIR",
                        help="where results and LEADERBOARD.md go (default: results)")
    parser.add_argument("--resamples", type=int, default=1000, metavar="N",
                        help="bootstrap resamples for confidence intervals (default: 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--jobs", type=at_least(1), default=None, metavar="N",
                        help="fit the trained systems the cache does not hold in N worker "
                             "processes before scoring (default: the usable cores, at most "
                             "4 and one per 2.5 GB of available memory; 1: fit each in turn "
                             "in this process). The results are the same")
    parser.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    parser.add_argument("--list", action="store_true", help="list the registered baselines and exit")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.list:
        from ..system import get, names

        for name in names():
            print(f"{name:16} {', '.join(get(name).tasks)}")
        return 0
    from .. import leaderboard
    from ..evaluate import evaluate, leaderboard_records
    from ..system.parallel import default_jobs

    records = evaluate(args.baselines, dataset=args.dataset,
                       splits=args.splits or ("test", "validation"), results=args.results,
                       n_resamples=args.resamples, seed=args.seed, plots=not args.no_plots,
                       jobs=args.jobs or default_jobs())
    from ..benchmarks import evaluate_all
    from ..system.run import stderr_progress

    evaluate_all(args.baselines, dataset=args.dataset, results=args.results,
                 n_resamples=args.resamples, seed=args.seed, progress=stderr_progress)
    every = leaderboard_records(args.results, revision=records[0]["dataset"]["revision"])
    path = leaderboard.write(every, results=args.results)
    for split in dict.fromkeys(r["dataset"]["split"] for r in records):
        print(f"\n{split}:\n" + leaderboard.table([r for r in records
                                                    if r["dataset"]["split"] == split]))
    caveated = list(dict.fromkeys(r["id"] for r in records if r.get("caveat")))
    if caveated:
        print(f"\nRead with caveats (see {path}): {', '.join(caveated)}.")
    print(f"\nwritten: {path}")
    return 0
