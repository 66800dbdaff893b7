"""The ``kroniek`` command line: one console script, one module per subcommand.

Each subcommand lives in ``kroniek/commands/<name>.py`` and defines ``register(subparsers)``,
which adds its parser and sets ``func`` to a function taking the parsed arguments and
returning an exit status. Command modules import only argparse at module level and load
heavy libraries (datasets, scikit-learn, the Label Studio SDK) inside ``func``, so that
``kroniek --help`` stays fast.

A :class:`~kroniek.errors.KroniekError` ends the command with its one-line message on
stderr and exit status 1; so does an operating-system error (a full disk, a file-size
limit, a folder without write permission, a read-only file system), with a line that
says what to do. Ctrl-C ends it with status 130. None of them prints a traceback, and
every line goes through :func:`~kroniek.errors.printable`.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import sys

from . import __version__
from .errors import KroniekError, printable, redact

COMMANDS = ("build", "validate", "evaluate", "score", "systems", "predict", "export", "labelstudio",
            "agreement", "show", "consistency")


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
    parser.add_argument("--version", action="version", version=f"kroniek {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                       parser_class=Parser)
    for name in COMMANDS:
        importlib.import_module(f"kroniek.commands.{name}").register(subparsers)
    return parser


# What to do about the operating-system errors a command can meet while writing.
OS_ADVICE = {
    errno.ENOSPC: "no space left on the device: free some space (or write to another disk) "
                  "and run the command again",
    errno.EDQUOT: "disk quota exceeded: free some space or raise the quota, then run the "
                  "command again",
    errno.EFBIG: "file too large for this file system or for the file-size limit (ulimit -f): "
                 "raise the limit or write to another file system",
    errno.EACCES: "permission denied: make the folder writable for you (chmod/chown) or "
                  "write somewhere else",
    errno.EPERM: "operation not permitted: make the folder writable for you or write "
                 "somewhere else",
    errno.EROFS: "read-only file system: write to a folder on a writable file system",
}


def os_error_line(error: OSError) -> str:
    """One line for an operating-system error: the file, what happened, what to do."""
    advice = OS_ADVICE.get(error.errno) or (error.strerror or type(error).__name__)
    where = error.filename if error.filename is not None else None
    return f"{where}: {advice}" if where else advice


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
    except OSError as error:
        print(printable(redact(f"kroniek {args.command}: {os_error_line(error)}")),
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
