"""Opening input files safely: one small gate every reader goes through.

A path on the command line can name something that is not a file: a folder, a device
that never ends (``/dev/zero``, ``/dev/urandom``), a named pipe (a FIFO, or the
``/dev/fd/63`` that the shell's ``<(...)`` hands over), a socket, a dangling symbolic
link, or ``-`` (standard input). Read naively, these hang, exhaust memory or end in a
traceback. :func:`open_input` opens only a regular file (a symbolic link to one is
fine) and refuses everything else with one :class:`~kroniek.errors.KroniekError` line
naming the path and what it is. Standard input and pipes are refused rather than
supported: the readers seek (``kroniek score`` reads a line again from its offset),
and a saved file can be read twice and named in a message.

The check is made on the opened descriptor (``fstat``), opened without blocking, so a
FIFO can neither hang the open nor be swapped in between a check and the read.

Sizes are bounded too: :data:`MAX_LINE` for one JSON Lines document,
:data:`MAX_TEXT` for one article or metadata file read whole, :data:`MAX_DIGITS` for a
number in JSON (an offset is at most 2**31 - 1; an id at most 2**63 - 1; a longer
number is refused by the check of its field, a far longer one here). Python's own limit
on integer strings would otherwise end a long number in a traceback.

The JSON Lines readers (:mod:`kroniek.jsonlines`, :mod:`kroniek.documents`,
:mod:`kroniek.inputs`) and the export and seed readers (:mod:`kroniek.sources`) call
:func:`open_input`, :func:`read_limited`, :func:`lines` and :func:`loads`.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> open_input(folder)
Traceback (most recent call last):
...
kroniek.errors.KroniekError: ...: is a folder, not a file
>>> loads('{"start": ' + '9' * 300 + '}')
Traceback (most recent call last):
...
kroniek.guard.NumberTooLong: a number of 300 digits (at most 100: no offset or id comes near)
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from .errors import KroniekError, Problem

MAX_LINE = 64 * 1024 * 1024
"""Bytes in one line of a JSON Lines file (one document); an article is a few kilobytes."""
MAX_TEXT = 16 * 1024 * 1024
"""Bytes in a file read whole: an article (.txt) or a seed's metadata (.json)."""
MAX_DIGITS = 100
"""Digits in a JSON integer read at all. An offset (int32) has at most 10 digits and an id
(int64) 19; a longer number up to this many is read and then refused by the check of its
field, which names it (``entities[1].start``); beyond it the line is refused at once,
before Python's own limit on integer strings (4,300 digits) would end in a traceback."""

_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a pipe (a FIFO, or the shell's <(...)), not a regular file: save "
                    "the data to a file and pass that"),
    (stat.S_ISCHR, "is a character device (like /dev/zero), not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


def special_kind(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read (``None`` for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "is not a regular file")


def refusal(path: str | Path) -> str | None:
    """Why ``path`` cannot be read as an input file, or ``None`` if it is a regular file
    (directly or through symbolic links)."""
    if str(path) == "-":
        return ("standard input ('-') is not read: save the data to a file and pass "
                "its path")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            return f"is a broken symbolic link (to {os.readlink(path)}, which does not exist)"
        return "no such file or folder"
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    return special_kind(mode)


def open_input(path: str | Path, *, file: str | None = None) -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file; else one clear
    :class:`KroniekError` (``file`` is how messages name it, ``path`` by default)."""
    name = str(path) if file is None else file
    if str(path) == "-":
        raise KroniekError(Problem(refusal(path), file=name))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise KroniekError(Problem("is a folder, not a file", file=name)) from None
    except FileNotFoundError:
        raise KroniekError(Problem(refusal(path) or "no such file or folder", file=name)) from None
    except OSError as exc:
        raise KroniekError(Problem(f"cannot read: {exc.strerror}", file=name)) from None
    try:
        why = special_kind(os.fstat(fd).st_mode)
        if why:
            raise KroniekError(Problem(why, file=name))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_input(path: str | Path, *, file: str | None = None) -> Path:
    """``path`` if :func:`open_input` would open it, for a library that opens files itself
    (pyarrow: a Python file object handed to it can abort the interpreter at exit)."""
    open_input(path, file=file).close()
    return Path(path)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit:,} bytes"


def read_limited(path: str | Path, *, limit: int | None = None,
                 file: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (:data:`MAX_TEXT` by
    default; see :func:`open_input`)."""
    name = str(path) if file is None else file
    limit = MAX_TEXT if limit is None else limit
    with open_input(path, file=name) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise KroniekError(Problem(f"cannot read: {exc.strerror}", file=name)) from None
    if len(data) > limit:
        raise KroniekError(Problem(f"larger than {_size(limit)}, the most Kroniek "
                                   "reads as one article or metadata file", file=name))
    return data


def lines(handle: BinaryIO, *, file: str, number: int = 1,
          limit: int | None = None) -> Iterator[bytes]:
    """The raw lines of ``handle`` (with their newline), each at most ``limit`` bytes
    (:data:`MAX_LINE` by default); a longer line is one clear error naming its number
    (``number`` is the first's)."""
    limit = MAX_LINE if limit is None else limit
    while True:
        try:
            raw = handle.readline(limit + 1)
        except OSError as exc:
            raise KroniekError(Problem(f"cannot read: {exc.strerror}", file=file,
                                       line=number)) from None
        if not raw:
            return
        if len(raw) > limit and not raw.endswith(b"\n"):
            raise KroniekError(Problem(f"longer than {_size(limit)}, the most a "
                                       "document may take (one JSON object per line)",
                                       file=file, line=number))
        yield raw
        number += 1


class NumberTooLong(ValueError):
    """A JSON integer with more digits than :data:`MAX_DIGITS`."""


def _int(digits: str) -> int:
    count = len(digits.lstrip("-"))
    if count > MAX_DIGITS:
        raise NumberTooLong(f"a number of {count} digits (at most {MAX_DIGITS}: no offset or "
                            "id comes near)")
    return int(digits)


def loads(text: str | bytes) -> Any:
    """``json.loads`` that refuses integers beyond :data:`MAX_DIGITS` digits with
    :class:`NumberTooLong` (a :class:`ValueError`), instead of Python's int-string limit."""
    return json.loads(text, parse_int=_int)
