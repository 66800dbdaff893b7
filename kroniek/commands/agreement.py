"""``kroniek agreement``: agreement between annotators of the same tasks."""

from __future__ import annotations

import argparse
import json

from . import at_least


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "agreement", help="agreement between annotators of the same tasks",
        description="For every task with two or more annotations in the Label Studio exports, "
                    "report pairwise entity and trigger span F1 (strict and partial), Cohen's "
                    "kappa on token IOB2 labels, and the spans the annotators disagree on. To "
                    "adjudicate, mark the agreed annotation as ground truth in Label Studio and "
                    "run 'kroniek labelstudio pull'.")
    parser.add_argument("paths", nargs="*", default=["annotations"], metavar="PATH",
                        help="export files or folders (default: annotations)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--max-disagreements", type=at_least(0), default=20, metavar="N",
                        help="disagreements to list per pair and layer (default: 20)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..agreement import corpus_agreement, independent
    from ..sources import export_files, iter_export
    from ..validate import check_files, raise_for

    files = export_files(args.paths)
    raise_for(check_files(files, require_gold=False))
    result = corpus_agreement(independent(task) for path in files for task in iter_export(path))
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    if not result["pairs"]:
        print("no task has two or more annotations")
        return 0
    for pair in result["pairs"]:
        print(f"{pair['document']}: {pair['a']} vs {pair['b']}")
        for key in ("entities", "triggers"):
            print(f"  {key:9} F1 strict {pair[f'{key}_strict_f1']:.3f}  partial "
                  f"{pair[f'{key}_partial_f1']:.3f}  token kappa {pair[f'{key}_kappa']:.3f}")
            for line in pair[f"{key}_disagreements"][:args.max_disagreements]:
                print(f"    {line}")
            more = len(pair[f"{key}_disagreements"]) - args.max_disagreements
            if more > 0:
                print(f"    ... and {more} more")
        print(f"  arguments F1 {pair['arguments_f1']:.3f}  relations F1 {pair['relations_f1']:.3f}"
              f"  coreference CoNLL F1 {pair['coreference_conll_f1']:.3f}")
    return 0
