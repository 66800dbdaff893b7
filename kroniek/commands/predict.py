"""``kroniek predict``: run a system on any text and write predictions."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "predict", help="run a system on your own text (.txt, a folder of them, or JSON Lines)",
        description="Run a registered system on articles and write its predictions as JSON "
                    "Lines, one object per document in the dataset's shape with labels as "
                    "strings: what 'kroniek score' takes as PRED. INPUT is a .txt file (one "
                    "article; its id is the file name without .txt), a folder of .txt files, "
                    "or a JSON Lines file with at least 'id' and 'text' per line (other fields, "
                    "gold included, are ignored; told apart by content, not by suffix). A "
                    "trained system first learns from the dataset's train split, tuned on "
                    "validation (once; the model is cached in .cache/kroniek), and refuses "
                    "articles it learned from (see --train-only and --allow-learned).",
        epilog="Example: kroniek predict --system rules.v1 article.txt -o pred.jsonl")
    parser.add_argument("input", metavar="INPUT", help="a .txt file, a folder of .txt files, "
                                                      "or a .jsonl file with id and text")
    parser.add_argument("--system", required=True, metavar="NAME",
                        help="a registered system, e.g. rules.v1 ('kroniek systems' lists them)")
    parser.add_argument("-o", "--output", metavar="OUT.jsonl",
                        help="where to write the predictions: a new or regular file, or '-' "
                             "(default: standard output)")
    parser.add_argument("--dataset", default="dataset", metavar="DIR",
                        help="the dataset a trained system learns from (default: dataset)")
    parser.add_argument("--train-only", action="store_true",
                        help="a trained system learns from the train split only, as 'kroniek "
                             "evaluate' does to score validation: honest on validation articles")
    parser.add_argument("--allow-learned", action="store_true",
                        help="predict articles a trained system learned from anyway (refused "
                             "by default: its scores on them would not be scores on new text)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from ..documents import dumps_jsonl
    from ..inputs import read_articles
    from ..system import predict, system_class
    from ..system.run import stderr_progress

    system_class(args.system)  # an unknown name fails before any reading
    if args.output not in (None, "-"):
        from ..atomic import check_output

        check_output(args.output)  # a device, link, FIFO or folder fails before the work
    documents = read_articles(args.input)
    progress = stderr_progress if len(documents) > 1 or sys.stderr.isatty() else None
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        predictions = predict(args.system, documents, dataset=args.dataset,
                              split="validation" if args.train_only else "new",
                              allow_learned=args.allow_learned,
                              progress=progress or _trained_only(args.system))
    for warning in caught:
        print(f"kroniek predict: warning: {warning.message}", file=sys.stderr)
    text = dumps_jsonl(predictions)
    if args.output and args.output != "-":
        from ..atomic import write_file

        write_file(args.output, text.encode("utf-8"))
        print(f"wrote {len(predictions)} prediction(s) to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _trained_only(name: str):
    """Progress for a single document only when training happens (it can take minutes)."""
    from ..system import system_class
    from ..system.run import stderr_progress

    return stderr_progress if system_class(name).trained else None
