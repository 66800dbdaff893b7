"""The ``kroniek`` command line: one console script, one module per subcommand.

Each subcommand lives in ``kroniek/commands/<name>.py`` and defines ``register(subparsers)``,
which adds its parser and sets ``func`` to a function taking the parsed arguments and
returning an exit status. Command modules import only argparse at module level and load
heavy libraries (datasets, scikit-learn, the Label Studio SDK) inside ``func``, so that
``kroniek --help`` stays fast.

A :class:`~kroniek.errors.KroniekError` ends the command with its one-line message on
stderr and exit status 1; so does an operating-system error (a full disk, a file-size
limit, a folder without write permission, a read-only file system), with a line that
says what to do, and so does a package of an optional extra that is not installed (with
the ``pip install 'kroniek[EXTRA]'`` that brings it). Ctrl-C ends it with status 130.
None of them prints a traceback, and every line goes through
:func:`~kroniek.errors.printable`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __dataset_revision__, __version__
from .errors import KroniekError, printable, redact

COMMANDS = ("build", "validate", "evaluate", "score", "systems", "predict", "export", "import",
            "labelstudio", "agreement", "show", "consistency")
MODULES = {"import": "importer"}   # "import" is a Python keyword


class UsageError(Exception):
    """A command line argparse refuses; :func:`main` prints it as one line, exit 1."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit status 1, like every
    other error, instead of argparse's usage block and status 2."""

    def error(self, message: str):
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def make_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="kroniek",
        description="Kroniek: an annotated dataset and benchmark for events in Dutch news. "
                    "Build the dataset from Label Studio exports, validate annotations, "
                    "run and score baselines, and grow the dataset through Label Studio.",
        epilog="Run 'kroniek COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action=Version, help="print the library version and the "
                        "revision of the installed dataset, and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                       parser_class=Parser)
    for name in COMMANDS:
        importlib.import_module(f"kroniek.commands.{MODULES.get(name, name)}").register(subparsers)
    return parser


def version_line() -> str:
    """``kroniek 0.3.0, dataset revision bcb95dc59029``: the library and its dataset."""
    from .dataset import revision
    from .paths import installed_dataset

    try:
        current = revision(installed_dataset())
    except KroniekError:
        return f"kroniek {__version__}, no dataset installed"
    line = f"kroniek {__version__}, dataset revision {current}"
    if current != __dataset_revision__:
        line += f" (release {__version__} was made with dataset revision {__dataset_revision__})"
    return line


class Version(argparse.Action):
    """``--version``: computed when asked for, not at every start."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_line())
        parser.exit()


def os_error_line(error: OSError) -> str:
    """One line for an operating-system error: the file, what happened, what to do."""
    from .errors import os_error_advice

    advice = (os_error_advice(error) if error.errno else None) or type(error).__name__
    where = error.filename if error.filename is not None else None
    return f"{where}: {advice}" if where else advice


def missing_module_line(error: ModuleNotFoundError) -> str:
    """One line for a package an optional extra installs: which one, and the pip command."""
    import re
    from importlib.metadata import PackageNotFoundError, requires

    top = (error.name or "").split(".")[0]
    try:
        needs = requires("kroniek") or []
    except PackageNotFoundError:
        needs = []
    for need in needs:
        found = re.match(r"([A-Za-z0-9_.-]+).*extra\s*==\s*['\"]([\w-]+)['\"]", need)
        if found and found.group(1).lower().replace("-", "_") == top.lower():
            return (f"this needs {found.group(1)}, which is not installed: pip install "
                    f"'kroniek[{found.group(2)}]'")
    return f"this needs the Python package {top!r}, which is not installed"


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as error:
        print(printable(redact(str(error))), file=sys.stderr)
        return 1
    try:
        return int(args.func(args) or 0)
    except KroniekError as error:
        print(printable(redact(f"kroniek {args.command}: {error}")), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"kroniek {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except ModuleNotFoundError as error:
        print(printable(f"kroniek {args.command}: {missing_module_line(error)}"), file=sys.stderr)
        return 1
    except OSError as error:
        print(printable(redact(f"kroniek {args.command}: {os_error_line(error)}")),
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
