"""``kroniek import``: another corpus's files as Kroniek documents (JSON Lines)."""

from __future__ import annotations

import argparse

FORMATS = ("conll2002",)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import", help="read another corpus's files (conll2002: any CoNLL-style IOB file) "
                       "as Kroniek documents",
        description="Read a CoNLL-style IOB file (CoNLL-2002: 'token POS tag' per line, IOB1 "
                    "or IOB2, plain or .xz; or 'kroniek export --format conll2002' output) and "
                    "write Kroniek documents as JSON Lines: one document per -DOCSTART- block, "
                    "its text the sentences one per line with tokens joined by spaces, names "
                    "as NAM entities (PER, ORG, LOC; a tag that is a Kroniek type stays itself). "
                    "Names with no Kroniek type (MISC) are kept in each document's "
                    "'other_names' list and counted in the summary (docs/FORMAT.md).",
        epilog="Examples:\n  kroniek import conll2002 ned.testa.xz -o testa.jsonl\n"
               "  kroniek import conll2002 --part train -o train.jsonl   "
               "# the copy KRONIEK_CONLL2002 points at",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("format", choices=FORMATS, metavar="FORMAT",
                        help=f"the input format: {', '.join(FORMATS)}")
    parser.add_argument("path", nargs="?", metavar="PATH",
                        help="a CoNLL file, or a folder holding ned.<part>[.xz] (default: the "
                             "CoNLL-2002 copy named by KRONIEK_CONLL2002 or the corpus file)")
    parser.add_argument("--part", default="testa", choices=("train", "testa", "testb"),
                        help="which file of a CoNLL-2002 folder (default: testa)")
    parser.add_argument("-o", "--output", metavar="OUT.jsonl",
                        help="where to write the documents (default: standard output)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from ..corpora.conll2002 import documents, summary
    from ..documents import dumps_jsonl

    docs = documents(args.path, part=args.part)
    text = dumps_jsonl(docs)
    if args.output:
        from ..atomic import write_file

        write_file(args.output, text.encode("utf-8"))
        print(f"wrote {args.output}: {summary(docs)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
        print(summary(docs), file=sys.stderr)
    return 0
