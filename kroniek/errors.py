"""Errors that reach a user as one clear line.

Every problem with input names where it is (file, document, region) and what is wrong,
so that the command line can print ``str(error)`` and exit non-zero without a traceback.

>>> str(Problem("offsets 10-14 are outside the text", file="a.json", document="doc1", region="r7"))
'a.json: document doc1: region r7: offsets 10-14 are outside the text'

Whatever reaches the terminal goes through :func:`printable`, so an id or a text from a
file or a server cannot move the cursor, clear the screen or split the line, and a
password or token in a URL is never shown (:func:`redact`):

>>> print(Problem("bad", file="p.jsonl", line=3, document="d" + chr(27) + "[2J"))
p.jsonl: line 3: document d\\x1b[2J: bad
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A URL's user information (``user:password@``) and query values that are credentials.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s@'\"]+@")
_SECRET_QUERY = re.compile(
    r"(?i)([?&;](?:[a-z0-9_.-]*(?:token|key|secret|password|passwd|pwd|auth|sig|signature|"
    r"credential|session)[a-z0-9_.-]*)=)[^&#;\s'\"]+")


def redact(text: str) -> str:
    """``text`` with credentials in URLs replaced by ``***``: the user and password of
    ``http://user:password@host`` and the values of query parameters such as ``?token=``.

    >>> redact("cannot reach http://ann:s3cret@ls.example:8080/api?token=abc&page=2")
    'cannot reach http://***@ls.example:8080/api?token=***&page=2'
    """
    return _SECRET_QUERY.sub(r"\1***", _USERINFO.sub(r"\1***@", text))

# Characters that are not control characters by category but still reorder or break a
# terminal line: bidirectional overrides and isolates, line and paragraph separators.
_INVISIBLE = frozenset("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: object) -> str:
    """``text`` with control characters escaped (``\\n``, ``\\x1b``, ``\\u202e``).

    Used for every line Kroniek prints about input: C0 and C1 controls, DEL,
    bidirectional overrides and line separators become visible escapes, everything else
    (accents, emoji) stays as it is.

    >>> printable("a\\tb\\nc\\x00\\u202e")
    'a\\\\tb\\\\nc\\\\x00\\\\u202e'
    """
    text = redact(str(text))
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in _INVISIBLE or unicodedata.category(ch) == "Cc":
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in the input."""

    message: str
    file: str | None = None
    document: str | None = None
    region: str | None = None
    line: int | None = None  # in a JSON Lines file (or the row of a table), from 1

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.document:
            parts.append(f"document {self.document}")
        if self.region:
            parts.append(f"region {self.region}")
        parts.append(self.message)
        return printable(": ".join(parts))


class KroniekError(Exception):
    """Bad input or a failed step, carrying the problems found (at least one).

    ``str()`` gives the first problem's line, plus a count when there are more, so a
    command can always report in one line; ``problems`` holds all of them.
    """

    def __init__(self, problems: Problem | str | list[Problem], **where: str | None):
        if isinstance(problems, str):
            problems = [Problem(problems, **where)]
        elif isinstance(problems, Problem):
            problems = [problems]
        if not problems:
            raise ValueError("KroniekError needs at least one problem")
        self.problems: list[Problem] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        first = str(self.problems[0])
        more = len(self.problems) - 1
        return first if not more else f"{first} (and {more} more problem{'s' * (more > 1)})"


def os_error_advice(error: OSError, target: object = None) -> str:
    """What went wrong and what to do, for an operating-system error (the one table of
    advice; ``target`` is what was being written, if known).

    >>> import errno
    >>> os_error_advice(OSError(errno.EROFS, "Read-only file system"))
    'read-only file system: write to a folder on a writable file system'
    """
    import errno
    from pathlib import Path

    where = Path(error.filename) if error.filename else Path(str(target)) if target else None
    folder = f"{where.parent} and {target or where}" if where is not None else "the folder"
    return {
        errno.ENOSPC: "no space left on the device: free some space (or write to another "
                      "disk) and run the command again",
        errno.EDQUOT: "disk quota exceeded: free some space or raise the quota, then run the "
                      "command again",
        errno.EFBIG: "file too large for this file system or for the file-size limit (ulimit "
                     "-f): raise the limit or write to another file system",
        errno.EACCES: f"permission denied: make {folder} writable for you (chmod u+w) or "
                      "write somewhere else",
        errno.EPERM: f"operation not permitted: make {folder} writable for you (chmod u+w) "
                     "or write somewhere else",
        errno.EROFS: "read-only file system: write to a folder on a writable file system",
    }.get(error.errno, f"{error.strerror or error}: fix this and run again")
