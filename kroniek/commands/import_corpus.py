"""``kroniek import eventdna [PATH] -o OUT.jsonl``: a user's copy of another corpus as
Kroniek documents (JSON Lines, the shape ``kroniek score`` takes as GOLD)."""

from __future__ import annotations

import argparse

CORPORA = ("eventdna",)
SPLITS = ("train", "validation", "test")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import", help="turn a copy of EventDNA into Kroniek documents (JSON Lines)",
        description="Read a user's copy of an external corpus and write Kroniek documents, one "
                    "JSON object per line. EventDNA: the eventdna/ folder (one eventdna_<n>/ "
                    "folder per document) or its .tar.xz; without PATH the copy named by "
                    "KRONIEK_EVENTDNA or the corpus file. Text is the headline, a blank line "
                    "and the lead, rebuilt from the tokens; labels follow the mapping table of "
                    "docs/FORMAT.md (section 8); what has no Kroniek counterpart stays in each "
                    "document's 'eventdna' field. A summary (per label: mapped, kept unmapped, "
                    "left out) and one line per odd document go to standard error.",
        epilog="Example: kroniek import eventdna ~/data/eventdna.tar.xz --split test -o "
               "eventdna-test.jsonl; kroniek score eventdna-test.jsonl pred.jsonl")
    parser.add_argument("corpus", choices=CORPORA, help="which corpus (eventdna)")
    parser.add_argument("path", nargs="?", metavar="PATH",
                        help="the corpus folder or archive (default: the located copy)")
    parser.add_argument("-o", "--output", metavar="OUT.jsonl",
                        help="where to write the documents (default: standard output)")
    parser.add_argument("--split", choices=SPLITS,
                        help="only this part of the corpus (the fixed rule of docs/FORMAT.md)")
    parser.add_argument("--quiet", action="store_true", help="no progress and no summary")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from ..corpora.eventdna import read
    from ..corpora.eventdna_summary import Summary
    from ..documents import dumps_jsonl

    summary = Summary()
    docs = []
    for doc in read(args.path, summary=summary, split=args.split):
        docs.append(doc)
        if not args.quiet and len(docs) % 250 == 0:
            print(f"import eventdna: {len(docs)} documents", file=sys.stderr, flush=True)
    text = dumps_jsonl(docs)
    if args.output:
        from ..atomic import write_file

        write_file(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    if not args.quiet:
        print(summary.format(), file=sys.stderr)
        print(f"wrote {len(docs)} document(s)" + (f" to {args.output}" if args.output else ""),
              file=sys.stderr)
    return 0
