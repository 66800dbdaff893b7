"""``kroniek labelstudio serve|push|pull``: the annotation workflow against Label Studio."""

from __future__ import annotations

import argparse

from ..errors import printable
import sys

SETTINGS = ("push and pull talk to the server named by LABEL_STUDIO_URL with the token in "
            "LABEL_STUDIO_API_KEY ('kroniek labelstudio serve' prints both).")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "labelstudio", help="serve Label Studio, push articles to it, pull annotations from it",
        description="The annotation workflow: 'serve' runs a local Label Studio, 'push' puts "
                    "the articles of seeds/ into a project as tasks, 'pull' brings the "
                    "validated annotations back into annotations/exports/. " + SETTINGS,
        epilog="Walkthrough: docs/ANNOTATING.md")
    commands = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    serve = commands.add_parser(
        "serve", help="run a local Label Studio until Ctrl-C",
        description="Start Label Studio with its data (SQLite) under the git-ignored "
                    ".labelstudio/ folder. The first start creates an administrator and an API "
                    "token in .labelstudio/credentials.json (readable only by you) and shows the "
                    "password once. Prints the URL and the two 'export' lines that push and "
                    "pull need; Ctrl-C stops the server.")
    serve.add_argument("--port", type=int, default=8080, metavar="N",
                       help="port to listen on (default: 8080)")
    serve.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                       help="address to listen on (default: 127.0.0.1, this machine only; "
                            "0.0.0.0 lets others on your network annotate)")
    serve.add_argument("--home", default=".labelstudio", metavar="DIR",
                       help="folder for the database, log and credentials (default: .labelstudio)")
    serve.set_defaults(func=run_serve)

    push = commands.add_parser(
        "push", help="create the project and import the articles not yet in it",
        description="Create the project from Kroniek's labeling config (or find it by title; a "
                    "project whose config differs is refused), then import every article of "
                    "--seeds not yet in it as a task {text, document_id}. Pushing again adds "
                    "only new articles. With --predictions, a baseline's output is added as "
                    "pre-annotations (Label Studio predictions, model version = the baseline's "
                    "versioned name), once per task. " + SETTINGS)
    _project(push)
    push.add_argument("--predictions", metavar="BASELINE",
                      help="add this baseline's output as pre-annotations, e.g. gazetteer.v1")
    push.add_argument("--seeds", default="seeds", metavar="DIR",
                      help="articles <id>.txt with metadata <id>.json (default: seeds)")
    push.add_argument("--with-annotations", action="store_true",
                      help="also put the annotations of DIR/exports/ back on their tasks, with "
                           "their ground-truth flags and annotators (to review or correct the "
                           "gold on a fresh server); annotations already there are skipped")
    push.add_argument("--annotations", default="annotations", metavar="DIR",
                      help="annotations folder for --with-annotations (default: annotations)")
    push.set_defaults(func=run_push)

    pull = commands.add_parser(
        "pull", help="export the project, validate it, write annotations/exports/",
        description="Export every task of the project, check it against the articles in "
                    "--seeds (labels, offsets, region texts, relations, the gold choice) and, "
                    "only if there is no problem, write one Label Studio export file per "
                    "annotated document, DIR/exports/<document_id>.json. Pull merges: "
                    "annotations the server lacks are kept, and a ground truth gives way only "
                    "to a newer ground truth of the same task; a pull that would drop an "
                    "annotation is refused (one line per document) unless --replace. Files of "
                    "documents without annotations on the server are kept. On any problem every "
                    "problem is listed, one per line, and nothing is written. " + SETTINGS)
    _project(pull)
    pull.add_argument("--annotations", default="annotations", metavar="DIR",
                      help="annotations folder; files go to DIR/exports/ (default: annotations)")
    pull.add_argument("--seeds", default="seeds", metavar="DIR",
                      help="articles to check task texts against (default: seeds)")
    pull.add_argument("--replace", action="store_true",
                      help="let the server's tasks replace the repository's, even when that "
                           "drops annotations or an adjudicated ground truth")
    pull.set_defaults(func=run_pull)

    backend = commands.add_parser(
        "backend", help="serve a system as a Label Studio ML backend (live pre-annotation)",
        description="Serve a registered system over the protocol of Label Studio's ML "
                    "backends (/health, /setup, /predict), so that Label Studio asks it for "
                    "pre-annotations live. Connect it in the project's Settings > Model; the "
                    "predictions carry model_version = the system's versioned name. Ctrl-C "
                    "stops it.")
    backend.add_argument("--system", required=True, metavar="NAME",
                         help="a registered system, e.g. gazetteer.v1")
    backend.add_argument("--port", type=int, default=9090, metavar="N",
                         help="port to listen on (default: 9090)")
    backend.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                         help="address to listen on (default: 127.0.0.1; any other address "
                              "needs the shared secret KRONIEK_BACKEND_PASSWORD)")
    backend.add_argument("--auth-user", default="kroniek", metavar="NAME",
                         help="the basic-auth user Label Studio sends when "
                              "KRONIEK_BACKEND_PASSWORD is set (Model settings, basic auth; "
                              "default: kroniek)")
    backend.set_defaults(func=run_backend)


def run_backend(args: argparse.Namespace) -> int:
    from ..labelstudio.backend import run

    return run(args.system, host=args.host, port=args.port, user=args.auth_user)


def _project(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", default="Kroniek", metavar="TITLE",
                        help="the Label Studio project's title (default: Kroniek)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                        help="give up on a server that does not answer (default: 30)")


def _say(message: str) -> None:
    print(printable(message), file=sys.stderr)


def _os_errors(what: str):
    """Turn an OS error inside the block into one line that says what to do."""
    import contextlib

    from ..atomic import os_error_advice
    from ..errors import KroniekError

    @contextlib.contextmanager
    def block():
        try:
            yield
        except OSError as error:
            if isinstance(error, KroniekError):
                raise
            raise KroniekError(f"{what}: {error.filename or ''}{': ' if error.filename else ''}"
                               f"{os_error_advice(error, error.filename or what)}") from None
    return block()


def run_serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..labelstudio.server import serve

    with _os_errors(f"cannot run Label Studio in {args.home}"):
        return serve(port=args.port, host=args.host, home=Path(args.home))


def run_push(args: argparse.Namespace) -> int:
    from ..labelstudio.client import connect
    from ..labelstudio.workflow import push

    client = connect(timeout=args.timeout)
    with _os_errors("cannot push"):
        report = push(client, seeds=args.seeds, title=args.project,
                      predictions=args.predictions, with_annotations=args.with_annotations,
                      annotations=args.annotations, progress=_say)
    for doc_id in report.text_changed:
        _say(f"warning: the task of {printable(doc_id)} holds another text than {args.seeds}/{doc_id}.txt; "
             "pull will refuse it until they agree")
    extra = f", pre-annotations for {len(report.predicted)}" if args.predictions else ""
    if report.restored is not None:
        extra += (f", {len(report.restored.added)} annotation(s) restored, "
                  f"{report.restored.present} already there")
    from ..errors import redact

    print(f"project {args.project!r} (id {report.project_id}) at {redact(client.url)}: "
          f"{len(report.added)} task(s) added, {len(report.present)} already there{extra}")
    return 0


def shown(ids: list[str], first: int = 5) -> str:
    """The first few ids, escaped: a summary is never a 16 KB line.

    >>> shown(["a", "b", "c"], first=2)
    'a, b, ...'
    """
    return ", ".join(printable(i) for i in ids[:first]) + (", ..." if len(ids) > first else "")


def run_pull(args: argparse.Namespace) -> int:
    from ..labelstudio.client import connect
    from ..labelstudio.workflow import EXPORTS, ExportProblems, PullConflicts, pull
    from ..paths import read_only

    read_only(args.annotations, args.seeds)
    client = connect(timeout=args.timeout)
    try:
        with _os_errors(f"cannot pull into {args.annotations}"):
            report = pull(client, seeds=args.seeds, annotations=args.annotations,
                          title=args.project, replace=args.replace, progress=_say)
    except (ExportProblems, PullConflicts) as error:
        seeds = args.seeds.rstrip("/")
        edited = False
        for problem in error.problems:
            line = str(problem)
            if "task text differs from seeds/" in line:   # name the folder actually read
                line, edited = line.replace("differs from seeds/", f"differs from {seeds}/"), True
            print(printable(line), file=sys.stderr)
        what = ("fix them in Label Studio, then pull again" if isinstance(error, ExportProblems)
                else "nothing was dropped")
        if edited:
            what = (f"a task text that differs from its seed is fixed in {seeds}/: restore "
                    "the text that was pushed; fix any other problem in Label Studio")
        _say(f"kroniek labelstudio pull: {len(error.problems)} problem(s); nothing written "
             f"({what})")
        return 1
    folder = f"{args.annotations}/{EXPORTS}/"
    if report.written:
        print(f"wrote {len(report.written)} file(s) to {folder}: {shown(report.written)} "
              f"({len(report.unchanged)} unchanged, {len(report.unannotated)} task(s) not "
              "annotated yet)")
    else:
        print(f"{folder} is up to date ({len(report.unchanged)} annotated, "
              f"{len(report.unannotated)} task(s) not annotated yet); nothing written")
    return 0
