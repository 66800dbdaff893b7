"""Reading the pipeline's inputs: seed articles and Label Studio export files.

A seed is ``seeds/<id>.txt`` (the article, UTF-8, exactly as annotated) with
``seeds/<id>.json`` beside it (its metadata: ``id``, ``language``, ``source``,
``split``). A new article follows the same pattern. An export is a JSON file holding a
list of Label Studio tasks; a folder of exports is read in file-name order.

Exports are parsed as a stream (with ``ijson``): :func:`iter_export` yields one task at
a time, so a file of hundreds of megabytes is checked in the memory of its largest task.
Every failure here is a :class:`~kroniek.errors.KroniekError` naming the file and, where
the file is readable that far, the task.
"""

from __future__ import annotations

import codecs
import itertools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterator, Mapping

from . import guard
from .errors import KroniekError, Problem
from .schema import LANGUAGE

SPLITS = ("train", "validation", "test")
ORIGINS = ("news", "constructed")
"""``news``: a published article; ``constructed``: written for the dataset (fiction)."""


@dataclass(frozen=True)
class Seed:
    """One article and its metadata."""

    id: str
    text: str
    split: str
    language: str = LANGUAGE
    source: str = ""
    origin: str = "news"


def read_text(path: Path) -> str:
    """A UTF-8 file of at most :data:`kroniek.guard.MAX_TEXT` bytes, read whole."""
    try:
        return guard.read_limited(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KroniekError(Problem(f"not UTF-8 (bad byte at offset {exc.start}); save the file "
                                   "as UTF-8", file=str(path))) from None


def read_seeds(folder: str | Path) -> dict[str, Seed]:
    """All seeds in ``folder`` by id."""
    folder = seeds_folder(folder)
    return {text_path.stem: read_seed(text_path) for text_path in sorted(folder.glob("*.txt"))}


def seeds_folder(folder: str | Path) -> Path:
    """``folder`` if it is a folder, else the clear error that it is not found."""
    folder = Path(folder)
    if not folder.is_dir():
        raise KroniekError(Problem("seeds folder not found (pass --seeds DIR)", file=str(folder)))
    return folder


def read_seed(text_path: Path) -> Seed:
    """One seed: the article ``<id>.txt`` and its metadata ``<id>.json``, checked."""
    meta_path = text_path.with_suffix(".json")
    if not meta_path.exists():
        raise KroniekError(Problem(f"no metadata file {meta_path.name} beside the article; "
                                   "copy another seed's .json and set its id and split",
                                   file=str(text_path)))
    try:  # a byte-order mark is skipped, as in exports and JSON Lines files
        meta = guard.loads(read_text(meta_path).removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise KroniekError(Problem(f"not valid JSON ({exc.msg}, line {exc.lineno})",
                                   file=str(meta_path))) from None
    except RecursionError:
        raise KroniekError(Problem("not a metadata object (nested too deeply)",
                                   file=str(meta_path))) from None
    except ValueError as exc:  # guard.NumberTooLong
        raise KroniekError(Problem(f"not a metadata object ({exc})",
                                   file=str(meta_path))) from None
    doc_id = text_path.stem
    if not isinstance(meta, dict) or meta.get("id", doc_id) != doc_id:
        raise KroniekError(Problem(f"metadata must be an object whose id is {doc_id!r}",
                                   file=str(meta_path)))
    split = meta.get("split")
    if split not in SPLITS:
        raise KroniekError(Problem(f"split {split!r} is not one of {', '.join(SPLITS)}",
                                   file=str(meta_path), document=doc_id))
    origin = meta.get("origin")
    if origin not in ORIGINS:
        raise KroniekError(Problem(f"origin {origin!r} is not one of {', '.join(ORIGINS)} "
                                   "(news: a published article; constructed: written for "
                                   "the dataset)", file=str(meta_path), document=doc_id))
    return Seed(doc_id, read_text(text_path), split, meta.get("language", LANGUAGE),
                meta.get("source", ""), origin)


class SeedTexts(Mapping[str, str]):
    """The article texts of a seeds folder by id, each read (and checked, see
    :func:`read_seed`) only when asked for: a pull of a few documents reads a few seeds,
    and a pull of thousands never holds them all.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> "doc" in SeedTexts(folder)
    False
    """

    def __init__(self, folder: str | Path):
        self.folder = seeds_folder(folder)
        self._last: tuple[str, str] | None = None

    def _path(self, doc_id: str) -> Path | None:
        if not isinstance(doc_id, str) or not doc_id or "/" in doc_id or "\\" in doc_id \
                or "\0" in doc_id:
            return None
        path = self.folder / f"{doc_id}.txt"
        return path if path.is_file() else None

    def __contains__(self, doc_id: object) -> bool:
        return self._path(doc_id) is not None  # type: ignore[arg-type]

    def __getitem__(self, doc_id: str) -> str:
        if self._last and self._last[0] == doc_id:
            return self._last[1]
        path = self._path(doc_id)
        if path is None:
            raise KeyError(doc_id)
        text = read_seed(path).text
        self._last = (doc_id, text)
        return text

    def __iter__(self) -> Iterator[str]:
        return (p.stem for p in sorted(self.folder.glob("*.txt")))

    def __len__(self) -> int:
        return sum(1 for _ in self.folder.glob("*.txt"))


# What a folder search passes over: span lists written by annotators before they go to
# Label Studio (``annotations/spans/``), and the annotator pseudonym table.
NOT_EXPORTS = ("spans",)
NOT_EXPORT_FILES = ("annotators.json",)
NOT_EXPORTS_SET = frozenset(NOT_EXPORTS)


def export_files(paths: list[str | Path]) -> list[Path]:
    """The JSON export files named by ``paths`` (files, or folders searched recursively,
    passing over :data:`NOT_EXPORTS` folders and :data:`NOT_EXPORT_FILES`).

    Every ``*.json`` a folder holds that is not itself a folder is listed, a broken
    symbolic link, a FIFO or a device included: reading it then refuses it in one line
    (:func:`kroniek.guard.open_input`), rather than passing over it without a word."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.json") if not p.is_dir()
                            and p.name not in NOT_EXPORT_FILES
                            and not NOT_EXPORTS_SET.intersection(p.relative_to(path).parts[:-1]))
        elif path.is_file() or os.path.lexists(path) and str(path) != "-":
            files.append(path)
        else:
            raise KroniekError(Problem(guard.refusal(path) or "no such file or folder",
                                       file=str(path)))
    return files


# Up to this size a JSON syntax error is located exactly (line and column) by parsing the
# file a second time with the json module; beyond it the streaming parser's message and
# the task number have to do, so that a bad large file costs no more memory than a good one.
EXACT_ERRORS_UP_TO = 8 * 1024 * 1024


class _Truncated(Exception):
    """The file ends inside a multi-byte character."""


class _Utf8Reader:
    """A binary file that checks its bytes are UTF-8 as the JSON parser reads them.

    The streaming parser's own check is vaguer ("invalid bytes in UTF8 string", no
    position); this one names the line and byte offset. A leading byte-order mark,
    which some editors add, is skipped.
    """

    def __init__(self, handle: BinaryIO, path: Path):
        self.handle, self.path = handle, path
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.offset = 0  # bytes read so far
        self.lines = 1  # line number at ``offset``
        self.started = False

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        if not self.started and data:
            self.started = True
            if data.startswith(codecs.BOM_UTF8):
                data = data[len(codecs.BOM_UTF8):]
                self.offset += len(codecs.BOM_UTF8)
        pending = self.decoder.getstate()[0]
        try:
            self.decoder.decode(data, final=size != 0 and not data)
        except UnicodeDecodeError as exc:
            if not data and exc.reason == "unexpected end of data":
                raise _Truncated() from None
            seen = pending + data
            at = self.offset - len(pending) + exc.start
            line = self.lines + seen[:exc.start].count(b"\n")
            raise KroniekError(Problem(
                f"not UTF-8: byte 0x{seen[exc.start]:02x} at line {line} (byte offset {at}) "
                "cannot be decoded; the file was saved in another encoding: export it again, "
                "or save it as UTF-8", file=str(self.path))) from None
        self.offset += len(data)
        self.lines += data.count(b"\n")
        return data


def _json_problem(path: Path, exc: Exception, tasks: int, last: str | None) -> Problem:
    """One clear line for a JSON syntax error met after ``tasks`` complete tasks."""
    where = f"task {tasks + 1}" + (f" (after document {last})" if last else "")
    truncated = Problem(f"the file ends in the middle of {where}: truncated (an interrupted "
                        "download or copy)? export the project again", file=str(path))
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    size = path.stat().st_size
    text = None
    if size <= EXACT_ERRORS_UP_TO:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            pass
    if isinstance(exc, _Truncated) or "premature EOF" in reason or "Incomplete JSON" in reason:
        if size == 0 or text is not None and not text.strip():
            return Problem("the file is empty: export the project again", file=str(path))
        return truncated
    if text is not None:
        try:
            json.loads(text)
        except json.JSONDecodeError as exact:
            # An unterminated string runs to the end of the file: the end is missing.
            if exact.msg.startswith("Unterminated string") or exact.pos >= len(text.rstrip()) - 6:
                return truncated
            reason = f"{exact.msg} at line {exact.lineno} column {exact.colno}"
        except (ValueError, RecursionError):
            pass
    return Problem(f"not valid JSON: {reason}, in {where} (edited by hand? export again)",
                   file=str(path))


MAX_DEPTH = 500  # lists and objects inside each other; a Label Studio export needs about 8
# The parser turns a whole read into events before the depth guard sees the first: small
# reads keep a run of "[[[[" from making millions of events (with their prefixes) at once.
READ_SIZE = 4096


class _TooDeep(Exception):
    """The file nests lists or objects deeper than :data:`MAX_DEPTH`."""


def _depth_guarded(events: Iterator[tuple]) -> Iterator[tuple]:
    """The parser's events, stopped with :class:`_TooDeep` past :data:`MAX_DEPTH` levels.

    Without the limit, a file of a few hundred kilobytes of ``[[[[...`` makes the streaming
    parser build a prefix string per level (``item.item.item...``) and exhausts memory.
    """
    depth = 0
    for event in events:
        kind = event[1]
        if kind == "start_map" or kind == "start_array":
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooDeep()
        elif kind == "end_map" or kind == "end_array":
            depth -= 1
        yield event


def iter_export(path: str | Path) -> Iterator[Any]:
    """The tasks of an export file one at a time, read as a stream.

    The file must hold a JSON list (a Label Studio JSON export); anything else, bad
    UTF-8 and bad or truncated JSON are a :class:`KroniekError` naming the file and,
    for a syntax error, the task in which it occurs. Tasks before the error have been
    yielded by then: a caller that must not act on a bad file collects first.
    """
    path = Path(path)
    with guard.open_input(path) as handle:
        whole = _parse_small(handle)
        if whole is not None:
            yield from whole
            return
        handle.seek(0)
        yield from _stream(path, handle)


def _stream(path: Path, handle: BinaryIO) -> Iterator[Any]:
    import ijson

    tasks, last = 0, None
    try:
        events = _depth_guarded(ijson.parse(_Utf8Reader(handle, path), use_float=True,
                                            buf_size=READ_SIZE))
        first = next(events, None)
        if first is None or first[1] != "start_array":
            kind = {"start_map": "a JSON object", None: "empty"}.get(
                first and first[1], f"a single JSON value ({first and first[1]})")
            raise KroniekError(Problem(
                f"top level is {kind}, not a list of Label Studio tasks (in Label Studio: "
                "Export, format JSON)", file=str(path)))
        for task in ijson.items(itertools.chain([first], events), "item"):
            tasks += 1
            if isinstance(task, dict) and isinstance(task.get("data"), dict):
                last = task["data"].get("document_id", last)
            yield task
    except (ijson.JSONError, _Truncated) as exc:
        raise KroniekError(_json_problem(path, exc, tasks, last)) from None
    except ValueError as exc:  # a number beyond what int() takes from a string
        where = f"task {tasks + 1}" + (f" (after document {last})" if last else "")
        raise KroniekError(Problem(f"not a Label Studio export: {_number(exc)} in {where}",
                                   file=str(path))) from None
    except _TooDeep:
        where = f"task {tasks + 1}" + (f" (after document {last})" if last else "")
        raise KroniekError(Problem(
            f"lists or objects nested more than {MAX_DEPTH} levels deep in {where}: not a "
            "Label Studio export (edited or generated by hand?); export the project again",
            file=str(path))) from None
    except OSError as exc:
        raise KroniekError(Problem(f"cannot read: {exc.strerror}", file=str(path))) from None


IN_MEMORY_LIMIT = 16 * 1024 * 1024  # bytes; parsing at once costs about 7x the file size


def _number(exc: ValueError) -> str:
    """The message for a number too long to be an offset or id (see :mod:`kroniek.guard`)."""
    if isinstance(exc, guard.NumberTooLong):
        return str(exc)
    return f"a number too long to read ({' '.join(str(exc).split()[:6])})"


def _parse_small(handle: BinaryIO) -> list[Any] | None:
    """A well-formed export that fits comfortably in memory, parsed at once with ``json``
    (about twice as fast as streaming); ``None`` for anything else, which then goes
    through the streaming reader so that its problem is worded precisely."""
    try:
        if os.fstat(handle.fileno()).st_size > IN_MEMORY_LIMIT:
            return None
        data = guard.loads(handle.read(IN_MEMORY_LIMIT + 1).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    return data if isinstance(data, list) else None


def read_export(path: str | Path) -> list[Any]:
    """The tasks of an export file as a list; every problem of the file's form is one
    clear error (see :func:`iter_export`, which this collects)."""
    return list(iter_export(path))
