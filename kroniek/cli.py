"""The ``kroniek`` command line: one console script, one module per subcommand.

Each subcommand lives in ``kroniek/commands/<name>.py`` and defines ``register(subparsers)``,
which adds its parser and sets ``func`` to a function taking the parsed arguments and
returning an exit status. Command modules import only argparse at module level and load
heavy libraries (datasets, scikit-learn, the Label Studio SDK) inside ``func``, so that
``kroniek --help`` stays fast.

A :class:`~kroniek.errors.KroniekError` ends the command with its one-line message on
stderr and exit status 1; Ctrl-C ends it with status 130. Neither prints a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .errors import KroniekError

COMMANDS = ("build", "validate", "evaluate", "score", "systems", "predict", "export", "labelstudio",
            "agreement", "show")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kroniek",
        description="Kroniek: an annotated dataset and benchmark for events in Dutch news. "
                    "Build the dataset from Label Studio exports, validate annotations, "
                    "run and score baselines, and grow the dataset through Label Studio.",
        epilog="Run 'kroniek COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"kroniek {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"kroniek.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KroniekError as error:
        print(f"kroniek {args.command}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"kroniek {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
