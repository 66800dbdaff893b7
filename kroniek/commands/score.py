"""``kroniek score GOLD PRED [--json]``: score a predictions file against a gold file."""

from __future__ import annotations

import argparse

TASK_NAMES = ("entities", "triggers", "arguments", "relations", "coreference")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "score", help="score a predictions file against a gold file",
        description="Score a predictions file (JSON Lines, one document per line, the "
                    "fields of the documents config with labels as strings; 'text' may be "
                    "left out) against a gold file of the same format. Entities get "
                    "nervaluate's strict, exact, partial and type schemes; triggers and "
                    "arguments TextEE's identification and classification (and the '+' "
                    "variants that need the right trigger); event relations are matched by "
                    "head and tail offsets and type; coreference gets MUC, B-cubed, CEAF-e "
                    "and CoNLL. Predictions that do not fit the gold are refused.",
        epilog="Example: kroniek score gold.jsonl system.jsonl --json > scores.json")
    parser.add_argument("gold", metavar="GOLD", help="gold documents (JSON Lines)")
    parser.add_argument("pred", metavar="PRED", help="predicted documents (JSON Lines)")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object instead of a table")
    parser.add_argument("--tasks", nargs="+", choices=TASK_NAMES, metavar="TASK",
                        help=f"score only these tasks ({', '.join(TASK_NAMES)}; default: all)")
    parser.add_argument("--allow-missing", action="store_true",
                        help="score gold documents absent from PRED as predicting nothing "
                             "(by default they are an error)")
    parser.add_argument("--bootstrap", type=int, default=0, metavar="N",
                        help="add 95%% confidence intervals of the F1 scores from N resamples "
                             "of sentences (of documents, for coreference)")
    parser.add_argument("--seed", type=int, default=0, help="seed for --bootstrap (default 0)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from ..errors import KroniekError
    from ..metrics import flatten, score
    from ..predictions import read_checked

    if args.bootstrap < 0:
        raise KroniekError("--bootstrap must be zero or more resamples")
    gold, pred = read_checked(args.gold, args.pred, allow_missing=args.allow_missing)
    result = score(gold, pred, tasks=args.tasks)
    if args.bootstrap:
        from ..metrics.bootstrap import RESAMPLABLE, bootstrap_ci

        names = [n for n in flatten(result) if n in RESAMPLABLE]
        if names:
            intervals = bootstrap_ci(gold, pred, metric=names, n_resamples=args.bootstrap,
                                     seed=args.seed)
            for name, row in flatten(result).items():
                if name in intervals:
                    row["f1_ci"] = list(intervals[name])
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        from ..metrics.report import format_table

        sys.stdout.write(format_table(result))
    return 0
