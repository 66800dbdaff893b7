"""``kroniek export``: the gold in other tools' formats."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    from ..export.formats import FORMATS

    listing = "\n".join(f"  {f.name:10} {f.description}\n             cannot express: {f.loses}"
                        for f in FORMATS.values())
    parser = subparsers.add_parser(
        "export", help="write the gold in other tools' formats (jsonl, conll2002, spacy, ...)",
        description="Write the gold documents of the dataset (one split, or all) in another "
                    "tool's format, so that the dataset can be used and scored there.",
        epilog="Formats and what each cannot express:\n" + listing,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--format", required=True, choices=sorted(FORMATS), metavar="FORMAT",
                        help=f"one of {', '.join(sorted(FORMATS))}")
    parser.add_argument("--split", choices=("train", "validation", "test"),
                        help="one split (default: every split, each to its own file)")
    parser.add_argument("--output", "-o", metavar="PATH",
                        help="where to write: a file for one split of a one-file format; "
                             "otherwise a folder (every split, or conll2002, which writes an "
                             "entities and a triggers file per split) (default: export/<format>/)")
    parser.add_argument("--dataset", default="dataset", metavar="DIR",
                        help="the dataset folder to read (default: dataset)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Every split's files are made first and written together (all or nothing), so a
    failure in a later split or a refused path leaves no half of an export behind."""
    import sys
    from pathlib import Path

    from ..atomic import STDOUT, write_file, write_files
    from ..dataset import load, splits
    from ..errors import KroniekError
    from ..export.formats import FORMATS

    fmt = FORMATS[args.format]
    names = [args.split] if args.split else splits(args.dataset)
    targets: dict[Path, bytes] = {}
    written = []
    for split in names:
        docs = load(args.dataset, split=split)
        files = fmt.write(docs)
        if args.output and args.split and len(files) == 1:
            if args.output == STDOUT:
                write_file(STDOUT, next(iter(files.values())))
                return 0
            targets[Path(args.output)] = next(iter(files.values()))
            written.append(f"{args.output} ({len(docs)} document(s))")
            continue
        if args.output == STDOUT:
            raise KroniekError(f"-o {STDOUT} writes one file; format {args.format} makes "
                               f"{len(files)} file(s) per split and every split was asked: "
                               "name a folder, or pick one --split")
        folder = Path(args.output or Path("export") / args.format)
        for name, data in files.items():
            targets[folder / name.format(split=split)] = data
            written.append(f"{folder / name.format(split=split)} ({len(docs)} document(s))")
    write_files(targets)
    for line in written:
        print(f"wrote {line}", file=sys.stderr)
    return 0
