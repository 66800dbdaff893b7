"""Reading articles to run a system on: a .txt file, a folder of them, or JSON Lines.

This is what ``kroniek predict`` reads, and what :func:`kroniek.predict` accepts as
paths. Each article becomes ``{"id", "text", "language"}``; a .txt file's id is its name
without ``.txt``; a JSON Lines file needs ``id`` (a string) and ``text`` (a string) on
every line and ignores every other field, gold annotations included.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a1.txt").write_text("IS verloor Mosul.", encoding="utf-8")
>>> read_articles(folder)
[{'id': 'a1', 'text': 'IS verloor Mosul.', 'language': 'nl'}]
"""

from __future__ import annotations

import json
from pathlib import Path

from . import guard
from .documents import Document
from .errors import KroniekError, Problem
from .schema import LANGUAGE
from .sources import read_text


def _article(doc_id: str, text: str) -> Document:
    return {"id": doc_id, "text": text, "language": LANGUAGE}


def read_jsonl_articles(path: Path) -> list[Document]:
    articles, seen = [], set()
    for number, line in _lines(path):
        if not line.strip():
            continue
        try:
            obj = guard.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise KroniekError(Problem(f"line {number}: not valid JSON "
                                       f"({getattr(exc, 'msg', 'nested too deeply')})",
                                       file=str(path))) from None
        except ValueError as exc:  # guard.NumberTooLong
            raise KroniekError(Problem(f"line {number}: {exc}", file=str(path))) from None
        if not isinstance(obj, dict):
            raise KroniekError(Problem(f"line {number}: expected an object with 'id' and 'text'",
                                       file=str(path)))
        doc_id, text = obj.get("id"), obj.get("text")
        if not isinstance(doc_id, str) or not doc_id:
            raise KroniekError(Problem(f"line {number}: 'id' must be a non-empty string",
                                       file=str(path)))
        if not isinstance(text, str):
            raise KroniekError(Problem(f"line {number}: 'text' must be a string", file=str(path),
                                       document=doc_id))
        if doc_id in seen:
            raise KroniekError(Problem(f"line {number}: id used twice", file=str(path),
                                       document=doc_id))
        seen.add(doc_id)
        articles.append(_article(doc_id, text))
    return articles


def _lines(path: Path):
    """(line number, text) of a UTF-8 JSON Lines file, each line bounded (:mod:`kroniek.guard`)."""
    with guard.open_input(path) as handle:
        for number, raw in enumerate(guard.lines(handle, file=str(path)), 1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise KroniekError(Problem(f"line {number}: not UTF-8 (bad byte at offset "
                                           f"{exc.start} of the line); save the file as UTF-8",
                                           file=str(path))) from None
            yield number, text.removeprefix("\ufeff") if number == 1 else text


def read_articles(source: str | Path) -> list[Document]:
    """The articles in ``source``: a .txt file, a folder of .txt files, or a .jsonl file."""
    path = Path(source)
    if path.is_dir():
        files = sorted(path.glob("*.txt"))
        if not files:
            raise KroniekError(Problem("no .txt articles in this folder", file=str(path)))
        return [_article(f.stem, read_text(f)) for f in files]
    why = guard.refusal(path)
    if why:
        raise KroniekError(Problem(why, file=str(path)))
    if path.suffix in (".jsonl", ".json", ".ndjson"):
        articles = read_jsonl_articles(path)
        if not articles:
            raise KroniekError(Problem("no articles (one JSON object with id and text per line)",
                                       file=str(path)))
        return articles
    return [_article(path.stem, read_text(path))]
