"""``kroniek import CORPUS [PATH] -o OUT.jsonl``: a user's copy of another corpus as Kroniek
documents (JSON Lines, the shape ``kroniek score`` takes as GOLD).

One subcommand per corpus, each with its own reader in :mod:`kroniek.corpora`:

- ``eventdna``: the EventDNA folder or its .tar.xz (``--split`` picks a part by the fixed
  rule of docs/FORMAT.md);
- ``conll2002``: any CoNLL-style IOB file, or a CoNLL-2002 folder (``--part``).

Without PATH, the copy named by the corpus's environment variable or the corpus file is
read (:func:`kroniek.corpora.locate`). The documents go to ``-o`` or standard output; the
summary of what was mapped and what was kept unmapped goes to standard error.
"""

from __future__ import annotations

import argparse
import sys

SPLITS = ("train", "validation", "test")
PARTS = ("train", "testa", "testb")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import", help="turn a copy of another corpus (EventDNA, CoNLL-2002) into Kroniek "
                       "documents (JSON Lines)",
        description="Read a user's copy of an external corpus and write Kroniek documents, one "
                    "JSON object per line, in the shape 'kroniek score' takes as GOLD. Labels "
                    "follow the mapping tables of docs/FORMAT.md; what has no Kroniek "
                    "counterpart is kept in each document (EventDNA: its 'eventdna' field; "
                    "CoNLL-2002's MISC: 'other_names') and counted in the summary.",
        epilog="Run 'kroniek import CORPUS --help' for a corpus's options.")
    corpora = parser.add_subparsers(dest="corpus", metavar="CORPUS", required=True)
    _eventdna(corpora)
    _conll2002(corpora)


def _common(parser: argparse.ArgumentParser, path_help: str) -> None:
    parser.add_argument("path", nargs="?", metavar="PATH", help=path_help)
    parser.add_argument("-o", "--output", metavar="OUT.jsonl",
                        help="where to write the documents (default: standard output)")


def _eventdna(corpora) -> None:
    parser = corpora.add_parser(
        "eventdna", help="EventDNA (headlines and leads of Dutch news, events annotated)",
        description="EventDNA: the eventdna/ folder (one eventdna_<n>/ folder per document) or "
                    "its .tar.xz; without PATH the copy named by KRONIEK_EVENTDNA or the corpus "
                    "file. Text is the headline, a blank line and the lead, rebuilt from the "
                    "tokens; events become triggers at the head of their span in the "
                    "document's Alpino parse. A summary (per label: mapped, kept unmapped, left "
                    "out) and one line per odd document go to standard error.",
        epilog="Example: kroniek import eventdna ~/data/eventdna.tar.xz --split test -o "
               "eventdna-test.jsonl; kroniek score eventdna-test.jsonl pred.jsonl")
    _common(parser, "the corpus folder or archive (default: the located copy)")
    parser.add_argument("--split", choices=SPLITS,
                        help="only this part of the corpus (the fixed rule of docs/FORMAT.md)")
    parser.add_argument("--quiet", action="store_true", help="no progress and no summary")
    parser.set_defaults(func=_run_eventdna)


def _conll2002(corpora) -> None:
    parser = corpora.add_parser(
        "conll2002", help="CoNLL-2002 Dutch names, or any CoNLL-style IOB file",
        description="Read a CoNLL-style IOB file (CoNLL-2002: 'token POS tag' per line, IOB1 "
                    "or IOB2, plain or .xz; or 'kroniek export --format conll2002' output): one "
                    "document per -DOCSTART- block, its text the sentences one per line with "
                    "tokens joined by spaces, names as NAM entities (PER, ORG, LOC; a tag that "
                    "is a Kroniek type stays itself); MISC is kept in 'other_names'.",
        epilog="Examples:\n  kroniek import conll2002 ned.testa.xz -o testa.jsonl\n"
               "  kroniek import conll2002 --part train -o train.jsonl   "
               "# the copy KRONIEK_CONLL2002 points at",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(parser, "a CoNLL file, or a folder holding ned.<part>[.xz] (default: the CoNLL-2002 "
                    "copy named by KRONIEK_CONLL2002 or the corpus file)")
    parser.add_argument("--part", default="testa", choices=PARTS,
                        help="which file of a CoNLL-2002 folder (default: testa)")
    parser.set_defaults(func=_run_conll2002)


def _write(docs: list, output: str | None) -> None:
    from ..documents import dumps_jsonl

    text = dumps_jsonl(docs)
    if output:
        from ..atomic import write_file

        write_file(output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)


def _run_eventdna(args: argparse.Namespace) -> int:
    from ..corpora.eventdna import read
    from ..corpora.eventdna_summary import Summary

    summary = Summary()
    docs = []
    for doc in read(args.path, summary=summary, split=args.split):
        docs.append(doc)
        if not args.quiet and len(docs) % 250 == 0:
            print(f"import eventdna: {len(docs)} documents", file=sys.stderr, flush=True)
    _write(docs, args.output)
    if not args.quiet:
        print(summary.format(), file=sys.stderr)
        print(f"wrote {len(docs)} document(s)" + (f" to {args.output}" if args.output else ""),
              file=sys.stderr)
    return 0


def _run_conll2002(args: argparse.Namespace) -> int:
    from ..corpora.conll2002 import documents, summary

    docs = documents(args.path, part=args.part)
    _write(docs, args.output)
    print((f"wrote {args.output}: " if args.output else "") + summary(docs), file=sys.stderr)
    return 0
