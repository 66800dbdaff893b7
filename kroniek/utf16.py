"""Offsets counted in UTF-16 code units, as older Label Studio front ends wrote them.

JavaScript strings count a character beyond U+FFFF (an emoji, some CJK) as two code
units; Python counts it as one. Label Studio's current front end writes offsets in
characters and the region text with them, which :mod:`kroniek.validate` compares; older
ones wrote UTF-16 offsets. For a region without text nothing can be compared, so
:func:`utf16_problem` asks whether the offsets make sense only as UTF-16 (or both ways):
then the build would store whichever word the character offsets hit, and the region is
refused.

>>> text = "Trump \U0001F600 zei dat de VS"
>>> at = text.index("VS")
>>> utf16_problem(text, at, at + 2) is None  # characters: the word VS
True
>>> "As UTF-16 they give 'VS'" in utf16_problem(text, at + 1, at + 3)
True
"""

from __future__ import annotations

import re

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _from_utf16(text: str, offset: int) -> int | None:
    """The character index at UTF-16 code unit ``offset``; None inside a pair or beyond."""
    units = 0
    for i, ch in enumerate(text):
        if units >= offset:
            return i if units == offset else None
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text) if units == offset else None


def utf16_problem(text: str, start: int, end: int) -> str | None:
    """Why a region without ``text`` cannot be trusted, when its offsets read as UTF-16
    code units (what older Label Studio front ends wrote) give another span than read as
    characters: a character outside the Basic Multilingual Plane (an emoji) before it
    counts as two units there. With no region text to compare, the build would store
    whichever word the character offsets hit."""
    found = _ASTRAL.search(text)
    if found is None or found.start() >= end:
        return None
    cs, ce = _from_utf16(text, start), _from_utf16(text, end)
    if cs is None or ce is None or cs >= ce or (cs, ce) == (start, end):
        return None
    as_chars = end <= len(text) and _word_edges(text, start, end)
    if as_chars and not _word_edges(text, cs, ce):
        return None  # characters give words, UTF-16 does not: these are characters
    ch = found.group()
    chars = repr(text[start:end]) if end <= len(text) else "nothing (beyond the text)"
    how = ("fit only if counted in UTF-16 code units" if not as_chars else
           "fit words both as characters and as UTF-16 code units")
    return (f"region has no text, and its offsets {start}-{end} {how} (which older Label "
            f"Studio front ends wrote): the character {ch!r} "
            f"(U+{ord(ch):04X}) at {found.start()} counts as two there. As UTF-16 they give "
            f"{text[cs:ce]!r}, as characters {chars}; export again from a current Label "
            "Studio (which writes the region text)")


def _word_edges(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` starts and ends at word edges, without outer spaces."""
    inner = text[start:end]
    if not inner or inner[0].isspace() or inner[-1].isspace():
        return False
    before = start == 0 or not (text[start - 1].isalnum() and text[start].isalnum())
    after = end == len(text) or not (text[end - 1].isalnum() and text[end].isalnum())
    return before and after
