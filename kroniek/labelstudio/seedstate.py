"""Which seeds a push has, by id with a digest of each text, without reading every seed
on every push.

A push must know every seed's id (to add the new ones) and the digest of its text (to
warn of a text that differs from its task's), and must refuse a seed that is not valid
(:func:`kroniek.sources.read_seed`). Reading and checking 10,000 seeds (20,000 files)
takes about 1.5 s, most of a push with nothing new. :func:`seed_digests` reads and
checks again only the seeds whose ``.txt`` or ``.json`` changed size, modification or
change time since the last push, and remembers the rest in
``<annotations>/.labelstudio-seen/seeds-<key>.seen`` (beside :mod:`.seen`'s files, ignored
by git the same way). A file changed within :data:`RECENT` of its reading is not
remembered (its time stamps could still match after a second change, as git's "racily
clean" files), and a missing or damaged state only costs reading every seed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from ..sources import read_seed, seeds_folder
from .seen import FOLDER, digest, store

FORMAT = 1
RECENT = 2_000_000_000   # nanoseconds


def state_file(folder: Path, annotations: str | Path) -> Path:
    key = hashlib.sha1(str(folder.resolve()).encode("utf-8")).hexdigest()[:12]
    return Path(annotations) / FOLDER / f"seeds-{key}.seen"


def _signature(text_path: Path) -> list[int] | None:
    try:
        text, meta = os.stat(text_path), os.stat(text_path.with_suffix(".json"))
    except OSError:
        return None
    return [text.st_size, text.st_mtime_ns, text.st_ctime_ns,
            meta.st_size, meta.st_mtime_ns, meta.st_ctime_ns]


def seed_digests(folder: str | Path, annotations: str | Path) -> dict[str, str]:
    """``{document id: digest of its text}`` of every seed in ``folder``, in id order;
    a seed that is not valid raises :func:`kroniek.sources.read_seed`'s clear error."""
    folder = seeds_folder(folder)
    path = state_file(folder, annotations)
    try:
        raw = json.loads(path.read_bytes())
        known = raw["seeds"] if raw.get("format") == FORMAT else {}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        known = {}
    if not isinstance(known, dict):
        known = {}
    now = time.time_ns()
    digests: dict[str, str] = {}
    remembered: dict[str, list] = {}
    for text_path in sorted(folder.glob("*.txt")):
        doc_id = text_path.stem
        signature = _signature(text_path)   # before reading: a later change shows next time
        record = known.get(doc_id)
        if signature is not None and isinstance(record, list) and len(record) == 7 \
                and record[:6] == signature:
            digests[doc_id] = record[6]
            remembered[doc_id] = record
            continue
        digests[doc_id] = digest(read_seed(text_path).text)
        if signature is not None and now - max(signature[1:3] + signature[4:6]) > RECENT:
            remembered[doc_id] = [*signature, digests[doc_id]]
    if remembered != known:
        store(path, (json.dumps({"format": FORMAT, "folder": str(folder.resolve()),
                                 "seeds": remembered}, ensure_ascii=False,
                                separators=(",", ":")) + "\n").encode("utf-8"))
    return digests


def seed_text(folder: str | Path, doc_id: str) -> str:
    """The text of one seed (read and checked now)."""
    return read_seed(Path(folder) / f"{doc_id}.txt").text
