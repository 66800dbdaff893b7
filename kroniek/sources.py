"""Reading the pipeline's inputs: seed articles and Label Studio export files.

A seed is ``seeds/<id>.txt`` (the article, UTF-8, exactly as annotated) with
``seeds/<id>.json`` beside it (its metadata: ``id``, ``language``, ``source``,
``split``). A new article follows the same pattern. An export is a JSON file holding a
list of Label Studio tasks; a folder of exports is read in file-name order.

Every failure here is a :class:`~kroniek.errors.KroniekError` naming the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import KroniekError, Problem
from .schema import LANGUAGE

SPLITS = ("train", "validation", "test")


@dataclass(frozen=True)
class Seed:
    """One article and its metadata."""

    id: str
    text: str
    split: str
    language: str = LANGUAGE
    source: str = ""


def read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KroniekError(Problem(f"not UTF-8 (bad byte at offset {exc.start}); save the file "
                                   "as UTF-8", file=str(path))) from None
    except OSError as exc:
        raise KroniekError(Problem(f"cannot read: {exc.strerror}", file=str(path))) from None


def read_seeds(folder: str | Path) -> dict[str, Seed]:
    """All seeds in ``folder`` by id."""
    folder = Path(folder)
    if not folder.is_dir():
        raise KroniekError(Problem("seeds folder not found (pass --seeds DIR)", file=str(folder)))
    seeds: dict[str, Seed] = {}
    for text_path in sorted(folder.glob("*.txt")):
        meta_path = text_path.with_suffix(".json")
        if not meta_path.exists():
            raise KroniekError(Problem(f"no metadata file {meta_path.name} beside the article; "
                                       "copy another seed's .json and set its id and split",
                                       file=str(text_path)))
        try:
            meta = json.loads(read_text(meta_path))
        except json.JSONDecodeError as exc:
            raise KroniekError(Problem(f"not valid JSON ({exc.msg}, line {exc.lineno})",
                                       file=str(meta_path))) from None
        doc_id = text_path.stem
        if not isinstance(meta, dict) or meta.get("id", doc_id) != doc_id:
            raise KroniekError(Problem(f"metadata must be an object whose id is {doc_id!r}",
                                       file=str(meta_path)))
        split = meta.get("split")
        if split not in SPLITS:
            raise KroniekError(Problem(f"split {split!r} is not one of {', '.join(SPLITS)}",
                                       file=str(meta_path), document=doc_id))
        seeds[doc_id] = Seed(doc_id, read_text(text_path), split,
                             meta.get("language", LANGUAGE), meta.get("source", ""))
    return seeds


def export_files(paths: list[str | Path]) -> list[Path]:
    """The JSON export files named by ``paths`` (files, or folders searched recursively)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.json") if p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            raise KroniekError(Problem("no such file or folder", file=str(path)))
    return files


def read_export(path: Path) -> Any:
    """The parsed JSON of an export file; truncated or invalid JSON is one clear error."""
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise KroniekError(Problem(f"not valid JSON: {exc.msg} at line {exc.lineno} column "
                                   f"{exc.colno} (truncated or edited by hand? export again)",
                                   file=str(path))) from None
