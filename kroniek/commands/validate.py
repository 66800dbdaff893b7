"""``kroniek validate``: check Label Studio export files before they reach the dataset."""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate", help="check Label Studio export files or folders",
        description="Check Label Studio JSON exports: task text against seeds/, offsets, "
                    "region text, labels, overlapping entities, relation endpoints and kinds, "
                    "duplicate region ids and the choice of the gold annotation. Prints one "
                    "line per problem (file: document: region: problem) and exits 1 if any.")
    parser.add_argument("paths", nargs="*", default=["annotations"], metavar="PATH",
                        help="export files or folders (default: annotations)")
    parser.add_argument("--seeds", default="seeds", metavar="DIR",
                        help="articles to compare task texts with (default: seeds)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import KroniekError
    from ..sources import export_files, read_export, read_seeds
    from ..validate import check_export

    texts = {k: s.text for k, s in read_seeds(args.seeds).items()}
    files = export_files(args.paths)
    problems, tasks = [], 0
    for path in files:
        try:
            export = read_export(path)
        except KroniekError as error:
            problems += error.problems
            continue
        tasks += len(export) if isinstance(export, list) else 0
        problems += check_export(export, file=str(path), seeds=texts)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"kroniek validate: {len(problems)} problem(s) in {len(files)} file(s)", file=sys.stderr)
        return 1
    print(f"{len(files)} file(s), {tasks} task(s): no problems")
    return 0
