"""Errors that reach a user as one clear line.

Every problem with input names where it is (file, document, region) and what is wrong,
so that the command line can print ``str(error)`` and exit non-zero without a traceback.

>>> str(Problem("offsets 10-14 are outside the text", file="a.json", document="doc1", region="r7"))
'a.json: document doc1: region r7: offsets 10-14 are outside the text'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in the input."""

    message: str
    file: str | None = None
    document: str | None = None
    region: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.document:
            parts.append(f"document {self.document}")
        if self.region:
            parts.append(f"region {self.region}")
        parts.append(self.message)
        return ": ".join(parts)


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
