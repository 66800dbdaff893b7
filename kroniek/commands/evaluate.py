"""``kroniek evaluate``: run baselines on the dataset, write results and the leaderboard."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "evaluate", help="run baselines on the dataset, write results and the leaderboard",
        description="Run registered baselines (default: all) on a split of the dataset, score "
                    "them (trained systems by cross-validation, so no prediction comes from a "
                    "model that saw that sentence), write results/<system>/<version>/"
                    "<dataset revision>.json with confidence intervals, plots of entity "
                    "errors, results/LEADERBOARD.md, and print the leaderboard.")
    parser.add_argument("--baseline", action="append", metavar="NAME", dest="baselines",
                        help="a versioned baseline name such as gazetteer.v1 (repeatable; "
                             "default: every registered baseline)")
    parser.add_argument("--dataset", default="dataset", metavar="DIR",
                        help="the dataset folder (default: dataset)")
    parser.add_argument("--split", default="test", help="split to evaluate on (default: test)")
    parser.add_argument("--results", default="results", metavar="DIR",
                        help="where results and LEADERBOARD.md go (default: results)")
    parser.add_argument("--resamples", type=int, default=1000, metavar="N",
                        help="bootstrap resamples for confidence intervals (default: 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    parser.add_argument("--list", action="store_true", help="list the registered baselines and exit")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.list:
        from baselines.registry import get, names

        for name in names():
            print(f"{name:16} {', '.join(get(name).tasks)}")
        return 0
    from .. import leaderboard
    from ..evaluate import evaluate, read_results

    records = evaluate(args.baselines, dataset=args.dataset, split=args.split,
                       results=args.results, n_resamples=args.resamples, seed=args.seed,
                       plots=not args.no_plots)
    if not args.baselines:
        path = leaderboard.write(records, results=args.results)
    else:
        every = read_results(args.results, revision=records[0]["dataset"]["revision"])
        path = leaderboard.write(every, results=args.results)
    print(leaderboard.table(records))
    caveated = [r["id"] for r in records if r.get("caveat")]
    if caveated:
        print(f"\nRead with caveats (see {path}): {', '.join(caveated)}.")
    print(f"\nwritten: {path}")
    return 0
