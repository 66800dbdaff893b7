"""``kroniek build``: Label Studio exports + seeds -> the Hugging Face dataset folder."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "build", help="build the dataset folder from Label Studio exports and seeds",
        description="Validate every Label Studio export under --annotations against the "
                    "articles in --seeds, convert the gold annotations and write the Hugging "
                    "Face dataset (card + parquet per config and split) to --output. The "
                    "build is deterministic and atomic: on any problem nothing is written.")
    parser.add_argument("--annotations", default="annotations", metavar="DIR",
                        help="folder of Label Studio JSON exports (default: annotations)")
    parser.add_argument("--seeds", default="seeds", metavar="DIR",
                        help="folder of articles <id>.txt with metadata <id>.json (default: seeds)")
    parser.add_argument("--output", default="dataset", metavar="DIR",
                        help="the dataset folder to write (default: dataset)")
    parser.add_argument("--allow-removal", action="store_true",
                        help="let documents of the current dataset that no export annotates "
                             "any more leave it (by default the build is refused)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail when the dataset folder is stale")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..build import build
    from ..paths import read_only

    read_only(args.annotations, args.seeds)
    changed = build(annotations=args.annotations, seeds=args.seeds, output=args.output,
                    check=args.check, allow_removal=args.allow_removal)
    if args.check:
        print(f"{args.output}/ is up to date")
    elif changed:
        print(f"wrote {args.output}/ ({len(changed)} files changed)")
    else:
        print(f"{args.output}/ is up to date; nothing written")
    return 0
