"""``kroniek validate``: check Label Studio export files before they reach the dataset."""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate", help="check Label Studio export files or folders",
        description="Check Label Studio JSON exports: task text against seeds/, offsets, "
                    "region text, labels, overlapping entities, relation endpoints and kinds, "
                    "duplicate region ids, documents annotated in two tasks and the choice of "
                    "the gold annotation. Files are read one task at a time, so a large export "
                    "needs little memory. Prints one line per problem (file: document: region: "
                    "problem), then a count, and exits 1 if any. See docs/TROUBLESHOOTING.md.")
    parser.add_argument("paths", nargs="*", default=["annotations"], metavar="PATH",
                        help="export files or folders (default: annotations)")
    parser.add_argument("--seeds", default="seeds", metavar="DIR",
                        help="articles to compare task texts with (default: seeds)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from collections import Counter

    from ..errors import KroniekError
    from ..sources import export_files, read_seeds
    from ..validate import check_files

    texts = {k: s.text for k, s in read_seeds(args.seeds).items()}
    files = export_files(args.paths)
    if not files:
        raise KroniekError(f"no Label Studio export (*.json) in {', '.join(args.paths)}; export "
                           "a project as JSON or run 'kroniek labelstudio pull'")
    tally: Counter = Counter()
    problems, bad_files = 0, set()
    for problem in check_files(files, seeds=texts, tally=tally):
        print(problem, file=sys.stderr)
        problems += 1
        bad_files.add(problem.file)
    if problems:
        print(f"kroniek validate: {problems} problem{'s' * (problems > 1)} in {len(bad_files)} "
              f"of {len(files)} file(s); fix them and run 'kroniek validate' again",
              file=sys.stderr)
        return 1
    print(f"{len(files)} file(s), {tally['tasks']} task(s): no problems")
    return 0
