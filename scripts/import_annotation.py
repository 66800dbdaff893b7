#!/usr/bin/env python
"""Add a finished Kroniek document to Label Studio as one annotator's annotation.

    LABEL_STUDIO_URL=... LABEL_STUDIO_API_KEY=... \\
    .venv/bin/python scripts/import_annotation.py gold/anna.json --annotator anna@example.org

DOC.json holds one document in the dataset's shape (``id``, ``entities``, ``events``,
``relations``, ``clusters``; labels as strings; ``text`` optional), a JSON list / JSON
Lines file of such documents, or an annotator's span list (``annotations/spans/<id>.<who>.json``,
see ``scripts/spans.py``), which is resolved against ``seeds/`` and checked first. Each becomes an annotation of the task with the
same ``document_id`` in the project, attributed to the annotator (``completed_by``; a user
with that e-mail is created if the server has none). ``--ground-truth`` marks it as the
task's gold (and unmarks any other); ``--revises`` records it as a revision of the gold it
replaces (Label Studio's ``parent_annotation``), so that agreement does not count it as a
second annotator. The token must be an administrator's.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kroniek import guard
from kroniek.documents import read_jsonl
from kroniek.errors import KroniekError, Problem


def read_documents(path: Path) -> list[dict]:
    try:
        raw = guard.read_limited(path, limit=guard.MAX_LINE).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KroniekError(Problem(f"not UTF-8 (bad byte at offset {exc.start})",
                                   file=str(path))) from None
    try:
        data = guard.loads(raw)
    except json.JSONDecodeError:
        return read_jsonl(path)
    except (ValueError, RecursionError) as exc:
        raise KroniekError(Problem(f"not a document: {exc or 'nested too deeply'}",
                                   file=str(path))) from None
    if isinstance(data, dict) and "document" in data:   # a span list: resolve and check it
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from spans import SpanError, load

        try:
            doc, _ = load(path, seeds=Path(__file__).resolve().parent.parent / "seeds")
        except SpanError as exc:
            raise KroniekError(Problem(str(exc).splitlines()[0], file=str(path))) from None
        return [doc]
    docs = data if isinstance(data, list) else [data]
    if not docs or not all(isinstance(d, dict) and "id" in d for d in docs):
        raise KroniekError(Problem("expected a document object with an id (or a list of them)",
                                   file=str(path)))
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="import_annotation.py", description=__doc__.split("\n\n")[2].strip(),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("document", type=Path, metavar="DOC.json",
                        help="a document in the dataset's shape (or a list / JSON Lines file of them)")
    parser.add_argument("--annotator", required=True, metavar="EMAIL",
                        help="whose annotation this is (created as a Label Studio user if new)")
    parser.add_argument("--ground-truth", action="store_true",
                        help="mark this annotation as the task's ground truth (the gold)")
    parser.add_argument("--project", default="Kroniek", metavar="TITLE",
                        help="the Label Studio project's title (default: Kroniek)")
    parser.add_argument("--revises", action="store_true",
                        help="this annotation revises the task's current ground truth (recorded "
                             "as its parent annotation; agreement leaves revisions out)")
    parser.add_argument("--replace", action="store_true",
                        help="replace the annotator's existing annotation of the task")
    args = parser.parse_args(argv)

    from kroniek.labelstudio.annotate import add_annotation
    from kroniek.labelstudio.client import connect

    try:
        documents = read_documents(args.document)
        client = connect()
        for doc in documents:
            added = add_annotation(client, doc, annotator=args.annotator,
                                   ground_truth=args.ground_truth, title=args.project,
                                   replace=args.replace, revises=args.revises)
            notes = []
            if added.created_user:
                notes.append(f"created user {args.annotator} (id {added.user_id})")
            if added.unmarked:
                notes.append("ground truth moved from annotation(s) "
                             + ", ".join(map(str, added.unmarked)))
            verb = "replaced" if added.replaced else "added"
            gt = " as ground truth" if args.ground_truth else ""
            gt += " (a revision)" if args.revises else ""
            print(f"{doc['id']}: {verb} annotation {added.annotation_id} by {args.annotator}{gt} "
                  f"on task {added.task_id}" + (f" ({'; '.join(notes)})" if notes else ""))
    except KroniekError as error:
        for problem in error.problems:
            print(f"import_annotation: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
