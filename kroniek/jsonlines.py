"""JSON Lines files read one line at a time, with exact places for every fault.

``kroniek score`` reads gold and prediction files of hundreds of megabytes, so it never
holds a whole file: :class:`JsonLines` yields one parsed line at a time with its line
number and its absolute byte offset, and :meth:`JsonLines.at` reads one line again from
its offset (the index that pairs predictions with gold documents in another order).

A fault is one :class:`~kroniek.errors.KroniekError` naming the file and the line:

- a byte that is not UTF-8, with its offset from the start of the file (not from the
  start of a read buffer) and the byte itself;
- a line that is not JSON, or nested so deeply that parsing it would overflow the stack;
- a line that is not an object with a non-empty string ``id``.

A UTF-8 byte-order mark at the start of the file is skipped, as
:func:`kroniek.sources.iter_export` skips it in Label Studio exports: the same file saved
by the same editor is accepted by ``validate``, ``build`` and ``score`` alike.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "p.jsonl"
>>> _ = path.write_bytes(b'\\xef\\xbb\\xbf{"id": "d1"}\\n\\n{"id": "d2", "x": [1]}\\n')
>>> [(line.number, line.offset, line.doc["id"]) for line in JsonLines(path)]
[(1, 0, 'd1'), (3, 17, 'd2')]
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path
from typing import Any, Iterator, NamedTuple

from . import guard
from .errors import KroniekError, Problem


class Line(NamedTuple):
    """One document of a JSON Lines file: its line number (from 1), the byte offset of
    the line's start, and the parsed object."""

    number: int
    offset: int
    doc: dict


def json_kind(value: Any) -> str:
    """``a list``, ``a string``, ``a number`` ...: what a JSON value is, never its
    contents (which may be huge or nested beyond what ``repr`` can print)."""
    if isinstance(value, bool):
        return "a boolean"
    return {dict: "an object", list: "a list", str: "a string", type(None): "null",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


# A line that starts with its id, as Kroniek and most writers put it: the id can be read
# without parsing the line (an id with escapes, or any other line, is parsed instead).
_LEADING_ID = re.compile(rb'\s*\{\s*"id"\s*:\s*"([^"\\]*)"\s*[,}]')


def shown(value: Any) -> str:
    """A JSON value in a message: short strings and numbers as they are, longer strings
    cut, lists and objects by kind (their ``repr`` could be huge, or nested too deeply to
    print at all)."""
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = repr(value)
        return text if len(text) <= 40 else f"a number of {len(text)} digits"
    return json_kind(value)


SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(value: Any) -> str | None:
    """Where ``value`` (parsed JSON) holds a string with half a UTF-16 surrogate pair
    (JSON lets ``"\\ud800"`` through; no UTF-8 text can hold it, and spaCy's tokenizer
    fails on it), as ``field text at character 3``; ``None`` when nowhere.

    >>> lone_surrogate({"id": "a", "text": "ok " + chr(0x1F600)}) is None
    True
    >>> lone_surrogate({"id": "a", "entities": [{"text": "x" + chr(0xD800)}]})
    'field entities at character 1'
    """
    stack = [(None, value)]
    while stack:
        field, item = stack.pop()
        if isinstance(item, str):
            half = SURROGATE.search(item)
            if half:
                return f"field {field} at character {half.start()}"
        elif isinstance(item, dict):
            stack.extend((field or key, v) for key, v in item.items())
            stack.extend((field or "key", key) for key in item)
        elif isinstance(item, list):
            stack.extend((field, v) for v in item)
    return None


class JsonLines:
    """The documents of a JSON Lines file (see the module docstring)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.file = str(path)
        self._handle = None  # kept open for :meth:`at`

    def _fail(self, message: str, number: int | None = None) -> KroniekError:
        return KroniekError(Problem(message, file=self.file, line=number))

    def _open(self):
        return guard.open_input(self.path, file=self.file)

    def looks_like_jsonl(self) -> bool:
        """Whether the file holds JSON Lines documents, by content, not by suffix: its
        first non-blank line (after a byte-order mark) is a JSON object. An empty file,
        or a first line too long or broken to tell, counts as JSON Lines only when its
        name ends in ``.jsonl``, ``.json`` or ``.ndjson``."""
        by_name = self.path.suffix in (".jsonl", ".json", ".ndjson")
        with self._open() as handle:
            head = handle.read(1 << 16)
        head = head.removeprefix(codecs.BOM_UTF8).lstrip()
        if not head:
            return by_name
        if not head.startswith(b"{"):
            return False
        first = head.partition(b"\n")[0]
        try:
            return isinstance(guard.loads(first.decode("utf-8")), dict)
        except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: bad JSON, long numbers
            return by_name

    def parse(self, raw: bytes, number: int, offset: int) -> dict | None:
        """The object on one line (``None`` for a blank line), or a clear error."""
        if offset == 0 and raw.startswith(codecs.BOM_UTF8):
            raw, offset = raw[len(codecs.BOM_UTF8):], len(codecs.BOM_UTF8)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise self._fail(f"not UTF-8: byte 0x{raw[exc.start]:02x} at byte offset "
                             f"{offset + exc.start} cannot be decoded; save the file as UTF-8",
                             number) from None
        if not text.strip():
            return None
        try:
            doc = guard.loads(text)
        except json.JSONDecodeError as exc:
            raise self._fail(f"not valid JSON ({exc.msg} at column {exc.colno})",
                             number) from None
        except RecursionError:
            raise self._fail("nested too deeply to be a document (JSON arrays or objects "
                             "inside each other hundreds of levels deep)", number) from None
        except ValueError as exc:  # guard.NumberTooLong
            raise self._fail(f"not a document: {exc}", number) from None
        if not isinstance(doc, dict):
            raise self._fail(f"expected a JSON object (a document), found {json_kind(doc)}",
                             number)
        if b"\\ud" in raw or b"\\uD" in raw:
            where = lone_surrogate(doc)
            if where:
                raise self._fail(f"{where}: a lone UTF-16 surrogate escape is not text; write "
                                 "the character itself, or both halves of its pair", number)
        ident = doc.get("id")
        if not isinstance(ident, str) or not ident:
            what = "an empty string" if ident == "" else json_kind(ident)
            what = "missing" if "id" not in doc else f"is {what}"
            raise self._fail(f"field id: a document needs a non-empty string 'id' ({what})",
                             number)
        return doc

    def __iter__(self) -> Iterator[Line]:
        return self.lines()

    def lines(self, start: int = 0, number: int = 1) -> Iterator[Line]:
        """The documents from byte ``start`` (the beginning of line ``number``) on."""
        with self._open() as handle:
            handle.seek(start)
            offset = start
            try:
                for raw in guard.lines(handle, file=self.file, number=number):
                    doc = self.parse(raw, number, offset)
                    if doc is not None:
                        yield Line(number, offset, doc)
                    offset += len(raw)
                    number += 1
            except OSError as exc:
                raise self._fail(f"cannot read: {exc.strerror}", number) from None

    def ids(self, start: int = 0, number: int = 1) -> Iterator[tuple[str, int, int]]:
        """``(id, offset, line number)`` of the documents from byte ``start`` on: an index,
        made without parsing lines that start with their id (:meth:`at` parses them when
        they are read, and finds any fault then)."""
        with self._open() as handle:
            handle.seek(start)
            offset = start
            for raw in guard.lines(handle, file=self.file, number=number):
                found = _LEADING_ID.match(raw) if offset else None
                ident = None
                if found is not None:
                    try:  # the whole line: a bad byte is found now, wherever it is
                        raw.decode("utf-8")
                        ident = found.group(1).decode("utf-8")
                    except UnicodeDecodeError:
                        ident = None
                if ident:
                    yield ident, offset, number
                else:
                    doc = self.parse(raw, number, offset)
                    if doc is not None:
                        yield doc["id"], offset, number
                offset += len(raw)
                number += 1

    def at(self, offset: int, number: int) -> dict:
        """The document on the line that starts at byte ``offset``."""
        if self._handle is None:
            self._handle = self._open()
        self._handle.seek(offset)
        doc = self.parse(self._handle.readline(), number, offset)
        if doc is None:
            raise self._fail("the line changed while it was being read", number)
        return doc

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
