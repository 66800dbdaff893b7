"""``kroniek show``: one document's annotations (and a system's predictions) as an HTML page."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..documents import Document
from ..errors import KroniekError, Problem


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "show",
        help="render a document's annotations (and a system's predictions) as an HTML page",
        description="Render one document as one self-contained HTML page: entities tinted by "
                    "type, triggers boxed by type, arguments, event relations and "
                    "coreference chains (hover a mention). With --system or --predictions, "
                    "the system's spans are merged in and misses and false alarms marked.",
    )
    parser.add_argument("document", nargs="?", metavar="DOCUMENT",
                        help="the document id (default: the first document)")
    parser.add_argument("--gold", metavar="FILE.jsonl",
                        help="gold documents as JSON Lines (docs/FORMAT.md section 3 format; "
                             "default: every split of --dataset)")
    parser.add_argument("--dataset", default="dataset", metavar="DIR",
                        help="the dataset folder to read gold from (default: dataset)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--system", metavar="NAME",
                        help="run this registered system (e.g. gazetteer.v1) on the document's text; "
                             "a trained system learns from the splits before the document's own")
    source.add_argument("--predictions", metavar="FILE.jsonl",
                        help="a system's predictions as JSON Lines: against the gold document "
                             "of the same id, or, for a document of your own text (what "
                             "'kroniek predict' writes), the predictions alone")
    parser.add_argument("--out", metavar="FILE.html",
                        help="where to write the page (default: show/DOCUMENT.html; '-' for stdout)")
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="also save a screenshot of the page (needs chromium)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from kroniek.documents import read_jsonl
    from kroniek.errors import KroniekError, Problem
    from kroniek.html.chromium import screenshot
    from kroniek.show import render_document
    from kroniek.atomic import write_file

    from kroniek.atomic import check_output

    for path in (args.out, args.screenshot):
        if path not in (None, "-"):
            check_output(path)  # a device, link, FIFO or folder fails before the work
    split = "new"
    own = None  # predictions on the user's own text: no gold document to compare with
    if args.gold is None and args.predictions:
        own = _own_text(args, pick_document, read_jsonl)
    if own is not None:
        gold = own
    elif args.gold is None:
        from kroniek.dataset import load, splits

        documents = {name: load(args.dataset, split=name) for name in splits(args.dataset)}
        gold = pick_document([d for docs in documents.values() for d in docs], args.document,
                             file=args.dataset)
        split = next(name for name, docs in documents.items() if gold in docs)
    else:
        gold = pick_document(read_jsonl(args.gold), args.document, file=args.gold)
    pred, title = None, None
    if own is not None:
        title = f"{own['id']} \u2014 {Path(args.predictions).name} (predictions on new text)"
    elif args.predictions:
        pred = pick_document(read_jsonl(args.predictions), gold["id"], file=args.predictions,
                             missing="has no prediction for document")
        title = f"{gold['id']} \u2014 {Path(args.predictions).name} against gold"
    elif args.system:
        pred = system_prediction(args.system, gold, split=split, dataset=args.dataset)
        title = f"{gold['id']} \u2014 {args.system} against gold"
    page = render_document(gold, pred=pred, title=title)

    if args.out == "-":
        if args.screenshot:
            raise KroniekError(Problem("--screenshot needs a page file, not --out -"))
        sys.stdout.write(page)
        return 0
    out = Path(args.out) if args.out else default_output(gold["id"])
    write_file(out, page.encode("utf-8"))
    print(f"wrote {out}", file=sys.stderr)
    if args.screenshot:
        screenshot(out, Path(args.screenshot))
        print(f"wrote {args.screenshot}", file=sys.stderr)
    return 0


def _own_text(args, pick_document, read_jsonl):
    """The predicted document to show alone when it is not a document of the dataset
    (predictions on the user's own text carry that text); ``None`` when it is."""
    from kroniek.dataset import load
    from kroniek.errors import KroniekError, Problem

    chosen = pick_document(read_jsonl(args.predictions), args.document, file=args.predictions)
    try:
        known = {d["id"] for d in load(args.dataset)}
    except KroniekError:
        known = set()
    if chosen["id"] in known:
        return None
    if not isinstance(chosen.get("text"), str):
        raise KroniekError(Problem("this prediction has no 'text' and is not a document of the "
                                   "dataset: nothing to show it on", file=args.predictions,
                                   document=chosen["id"]))
    return chosen


def pick_document(documents: list[Document], doc_id: str | None, *, file: str | None = None,
                  missing: str = "has no document") -> Document:
    """The document called ``doc_id`` (the first one when ``None``); a clear error otherwise."""
    if not documents:
        raise KroniekError(Problem("has no documents", file=file))
    if doc_id is None:
        return documents[0]
    for doc in documents:
        if doc.get("id") == doc_id:
            return doc
    import difflib
    ids = [d.get("id", "") for d in documents]
    close = difflib.get_close_matches(doc_id, ids, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise KroniekError(Problem(f"{missing} {doc_id!r}{hint}", file=file))


def system_prediction(name: str, gold: Document, *, split: str = "new",
                      dataset: str | Path = "dataset") -> Document:
    """Run the registered system ``name`` on ``gold``'s text only. A trained system learns
    from the splits before ``split`` (the document's own), never from the document."""
    from ..system import predict

    predicted = predict(name, [gold], split=split, dataset=dataset)
    if len(predicted) != 1:
        raise KroniekError(f"system {name} returned {len(predicted)} documents for 1")
    return predicted[0]


def default_output(doc_id: str) -> Path:
    """``show/<document>.html``, with characters unsafe in file names replaced."""
    import re
    return Path("show") / (re.sub(r"[^\w.-]", "_", doc_id) + ".html")
