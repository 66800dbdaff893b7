"""Reading articles to run a system on: a text file, a folder of them, or JSON Lines.

This is what ``kroniek predict`` reads, and what :func:`kroniek.predict` accepts as
paths. Each article becomes ``{"id", "text", "language"}``; a text file's id is its name
without its suffix; a JSON Lines file needs ``id`` (a string) and ``text`` (a string) on
every line and ignores every other field, gold annotations included. Which of the two a
file is, is decided by its content, not its name: a file whose first line is a JSON
object with an ``id`` is JSON Lines (read by :class:`kroniek.jsonlines.JsonLines`, the
one reader), anything else is one article.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a1.txt").write_text("IS verloor Mosul.", encoding="utf-8")
>>> read_articles(folder)
[{'id': 'a1', 'text': 'IS verloor Mosul.', 'language': 'nl'}]
"""

from __future__ import annotations

from pathlib import Path

from . import guard
from .documents import Document
from .errors import KroniekError, Problem
from .jsonlines import JsonLines
from .schema import LANGUAGE
from .sources import read_text


def _article(doc_id: str, text: str) -> Document:
    return {"id": doc_id, "text": text, "language": LANGUAGE}


def read_jsonl_articles(path: Path) -> list[Document]:
    articles, seen = [], set()
    for line in JsonLines(path):
        doc_id, text = line.doc["id"], line.doc.get("text")
        if not isinstance(text, str):
            raise KroniekError(Problem("field text: an article needs a string 'text'",
                                       file=str(path), document=doc_id, line=line.number))
        if doc_id in seen:
            raise KroniekError(Problem("document id occurs twice", file=str(path),
                                       document=doc_id, line=line.number))
        seen.add(doc_id)
        articles.append(_article(doc_id, text))
    return articles


def read_articles(source: str | Path) -> list[Document]:
    """The articles in ``source``: a text file, a folder of .txt files, or JSON Lines."""
    path = Path(source)
    if path.is_dir():
        files = sorted(path.glob("*.txt"))
        if not files:
            raise KroniekError(Problem("no .txt articles in this folder", file=str(path)))
        return [_article(f.stem, read_text(f)) for f in files]
    why = guard.refusal(path)
    if why:
        raise KroniekError(Problem(why, file=str(path)))
    if JsonLines(path).looks_like_jsonl():
        articles = read_jsonl_articles(path)
        if not articles:
            raise KroniekError(Problem("no articles (one JSON object with id and text per line)",
                                       file=str(path)))
        return articles
    return [_article(path.stem, read_text(path))]
