"""The files of a user's EventDNA copy: a folder of ``eventdna_<n>/`` folders or its .tar.xz.

Each document is yielded as a :class:`Source`: its folder name and the bytes of its
``dnaf.json``, ``alpino/<k>.xml`` and ``lets.csv``. A .tar.xz is read as a stream, in one
pass and in memory (about 100 MB), so nothing is unpacked to disk.
"""

from __future__ import annotations

import re
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..errors import KroniekError
from . import how_to_get, locate

FOLDER = re.compile(r"^eventdna_\d+$")


@dataclass
class Source:
    """One EventDNA document's files, by path inside its folder (``alpino/1.xml``)."""

    folder: str
    files: dict[str, bytes] = field(default_factory=dict)

    def alpino(self) -> dict[int, bytes]:
        """Sentence number -> Alpino XML."""
        out = {}
        for name, data in self.files.items():
            match = re.fullmatch(r"alpino/(\d+)\.xml", name)
            if match:
                out[int(match.group(1))] = data
        return out


def _order(name: str) -> tuple[int, str]:
    digits = name.rsplit("_", 1)[-1]
    return (int(digits) if digits.isdigit() else 1 << 30, name)


def corpus_path(path: str | Path | None = None) -> Path:
    """``path``, else the located copy; a missing copy is one clear error."""
    found = Path(path).expanduser() if path else locate("eventdna")
    if found is None:
        raise KroniekError(f"EventDNA not found: {how_to_get('eventdna')}")
    if not found.exists():
        raise KroniekError(f"{found}: no such file or folder ({how_to_get('eventdna')})")
    return found


def sources(path: str | Path | None = None) -> Iterator[Source]:
    """Every document folder of the copy at ``path`` (or the located one), in folder order."""
    root = corpus_path(path)
    if root.is_file():
        yield from _from_tar(root)
        return
    if (root / "eventdna").is_dir() and not any(FOLDER.match(p.name) for p in root.iterdir()):
        root = root / "eventdna"
    folders = sorted((p for p in root.iterdir() if p.is_dir() and FOLDER.match(p.name)),
                     key=lambda p: _order(p.name))
    if not folders:
        raise KroniekError(f"{root}: no eventdna_<n>/ folders here ({how_to_get('eventdna')})")
    for folder in folders:
        source = Source(folder.name)
        for file in folder.rglob("*"):
            if file.is_file():
                source.files[file.relative_to(folder).as_posix()] = file.read_bytes()
        yield source


def _from_tar(path: Path) -> Iterator[Source]:
    try:
        archive = tarfile.open(path, mode="r|*")
    except (tarfile.TarError, OSError) as exc:
        raise KroniekError(f"{path}: not a readable tar archive ({exc})") from None
    pending: dict[str, Source] = {}
    try:
        with archive:
            for member in archive:
                parts = member.name.split("/")
                at = next((k for k, p in enumerate(parts) if FOLDER.match(p)), None)
                if not member.isfile() or at is None or at == len(parts) - 1:
                    continue
                name = parts[at]
                handle = archive.extractfile(member)
                data = handle.read() if handle else b""
                pending.setdefault(name, Source(name)).files["/".join(parts[at + 1:])] = data
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise KroniekError(f"{path}: the archive is damaged ({exc})") from None
    if not pending:
        raise KroniekError(f"{path}: no eventdna_<n>/ folders in the archive")
    for name in sorted(pending, key=_order):
        yield pending[name]
