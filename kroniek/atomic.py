"""Replacing a folder all at once, so that a failed or interrupted write loses nothing.

:func:`write_tree` writes every file into a fresh sibling folder first and swaps it in
with two renames; until the second rename the previous folder is untouched, and a
folder left half-swapped by a crash is restored by the next call (:func:`recover`).

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "dataset"
>>> write_tree(target, {"a.txt": b"1", "sub/b.txt": b"2"})
>>> sorted(read_tree(target))
['a.txt', 'sub/b.txt']
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Mapping


def _old(target: Path) -> Path:
    return target.with_name(f".{target.name}.old")


def recover(target: Path) -> None:
    """Put back a folder that a crash left renamed aside, and remove stale leftovers."""
    old = _old(target)
    if old.exists():
        if target.exists():
            shutil.rmtree(old)
        else:
            os.rename(old, target)
    for stale in target.parent.glob(f".{target.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)


def read_tree(target: Path) -> dict[str, bytes]:
    """Every file below ``target`` by its relative POSIX path (empty if it does not exist)."""
    target = Path(target)
    if not target.is_dir():
        return {}
    return {p.relative_to(target).as_posix(): p.read_bytes()
            for p in sorted(target.rglob("*")) if p.is_file()}


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_file(path: str | Path, data: bytes) -> None:
    """Replace one file at once: write a temporary sibling, then rename it over ``path``,
    so a failure leaves the old file (or none) and never a partial one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes it private; the result is an ordinary file
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tree(target: str | Path, files: Mapping[str, bytes]) -> None:
    """Make ``target`` hold exactly ``files`` (relative path -> bytes), atomically."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    new = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(new, 0o777 & ~umask)  # mkdtemp makes it private; the result is an ordinary folder
    try:
        for rel, data in sorted(files.items()):
            _write_file(new / rel, data)
        old = _old(target)
        if target.exists():
            os.rename(target, old)
        os.rename(new, target)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        recover(target)
        raise
    shutil.rmtree(_old(target), ignore_errors=True)
