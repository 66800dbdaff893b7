"""``kroniek score GOLD PRED [--json]``: score a predictions file against a gold file.

GOLD is a JSON Lines file or a dataset folder made by ``kroniek build`` (``--split``
picks the split, test by default). Both are read document by document
(:mod:`kroniek.pairs`) and scored batch by batch by the one scorer
(:class:`kroniek.metrics.Scorer`), so the memory needed does not grow with the files; the
scores are those of :func:`kroniek.score` on the whole corpus, exactly.
"""

from __future__ import annotations

import argparse

from ..schema import TASKS as TASK_NAMES

MAX_RESAMPLES = 1_000_000
MAX_SEED = 2 ** 64 - 1


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "score", help="score a predictions file against a gold file",
        description="Score a predictions file (JSON Lines, one document per line, the "
                    "fields of the documents config with labels as strings; 'text' may be "
                    "left out) against a gold file of the same format, or against a split "
                    "of a dataset folder. Entities get "
                    "nervaluate's strict, exact, partial and type schemes; triggers and "
                    "arguments TextEE's identification and classification (and the '+' "
                    "variants that need the right trigger); event relations are matched by "
                    "head and tail offsets and type; coreference gets MUC, B-cubed, CEAF-e "
                    "and CoNLL. Predictions that do not fit the gold are refused. Both files "
                    "are streamed: memory does not grow with their size.",
        epilog="Example: kroniek score gold.jsonl system.jsonl --json > scores.json; "
               "kroniek score dataset system.jsonl --split test")
    parser.add_argument("gold", metavar="GOLD",
                        help="gold documents (JSON Lines), or a dataset folder ('dataset' "
                             "where there is none: the dataset installed with kroniek)")
    parser.add_argument("pred", metavar="PRED", help="predicted documents (JSON Lines)")
    parser.add_argument("--split", default="test", metavar="SPLIT",
                        help="the split to score against when GOLD is a dataset folder "
                             "(default: test)")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object instead of a table")
    parser.add_argument("--tasks", nargs="+", choices=TASK_NAMES, metavar="TASK",
                        help=f"score only these tasks ({', '.join(TASK_NAMES)}; default: all)")
    parser.add_argument("--allow-missing", action="store_true",
                        help="score gold documents absent from PRED as predicting nothing "
                             "(by default they are an error)")
    parser.add_argument("--bootstrap", type=int, default=0, metavar="N",
                        help="add 95%% confidence intervals of the F1 scores from N resamples "
                             f"of sentences (of documents, for coreference); 0 to {MAX_RESAMPLES:,}")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed for --bootstrap (default 0; 0 to 2**64-1)")
    parser.set_defaults(func=run)


def check_ranges(args: argparse.Namespace) -> None:
    """``--bootstrap`` and ``--seed`` within what the resampling can do, as one line."""
    from ..errors import KroniekError

    if not 0 <= args.bootstrap <= MAX_RESAMPLES:
        raise KroniekError(f"--bootstrap must be between 0 and {MAX_RESAMPLES:,} resamples, "
                           f"not {args.bootstrap}")
    if not 0 <= args.seed <= MAX_SEED:
        raise KroniekError(f"--seed must be between 0 and 2**64-1, not {args.seed}")


def gold_lines(gold: str, split: str):
    """The gold documents of a JSON Lines file or of a dataset folder's split (``dataset``
    where there is no such folder: the installed dataset, :func:`kroniek.paths.dataset_path`)."""
    from ..jsonlines import JsonLines
    from ..pairs import dataset_lines
    from ..paths import dataset_path

    folder = dataset_path(gold)
    return dataset_lines(folder, split) if folder.is_dir() else iter(JsonLines(gold))


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from ..metrics import RESAMPLABLE, Scorer, metric_names
    from ..pairs import Pairing

    check_ranges(args)
    resample = [n for n in metric_names(args.tasks) if n in RESAMPLABLE] if args.bootstrap else []
    scorer = Scorer(args.tasks, resample=resample)
    pairing = Pairing(gold_lines(args.gold, args.split), str(args.gold), args.pred,
                      allow_missing=args.allow_missing)
    for gold, pred in pairing.batches():
        scorer.add(gold, pred)
    pairing.check()
    report = scorer.report()
    if args.bootstrap and resample:
        report = report.with_intervals(scorer.intervals(args.bootstrap, seed=args.seed))
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(report.table())
    return 0
