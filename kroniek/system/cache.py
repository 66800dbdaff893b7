"""Fitted systems kept on disk, keyed by what they learned from.

Training a system (a spaCy pipeline takes minutes) is done once per system, fingerprint
and training data: the key hashes the system's :meth:`~kroniek.system.base.System.fingerprint`
and every training document, so a changed dataset or config trains anew and an unchanged
one loads. The cache lives in ``$KRONIEK_CACHE``, the checkout's ``.cache/kroniek`` (git-ignored) or
the user's cache folder, never inside an installed package (:func:`kroniek.paths.cache_root`).

:func:`part` keeps a piece that several fits learn alike (realnews' dependency parser, the
same for v4 and v5 and for their test and validation fits), so it is learned once.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Sequence, TypeVar

from ..documents import Document
from ..paths import cache_root

T = TypeVar("T")


def key(fingerprint: str, train: Sequence[Document], validation: Sequence[Document]) -> str:
    """A short hash of the fingerprint and the training documents, in order."""
    digest = hashlib.sha256(fingerprint.encode("utf-8"))
    for part, docs in (("train", train), ("validation", validation)):
        digest.update(part.encode())
        for doc in docs:
            digest.update(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:16]


def fitted(system, train: Sequence[Document], validation: Sequence[Document] = (), *,
           progress=None):
    """``system`` fitted on ``train`` (and ``validation``): from the cache when it holds
    this fit, else fitted now and stored (written aside, then renamed into place)."""
    fingerprint = system.fingerprint()
    folder = fit_folder(system.id(), fingerprint, train, validation)
    with _alone(folder):
        if is_cached(folder):
            system.from_disk(folder)
            return system
        if progress:
            progress(f"{system.id()}: training"
                     + (f" on {len(train)} document(s)" if train else "")
                     + (f", tuning on {len(validation)}" if validation else "")
                     + " (kept in the cache for next time)")
        with system.reporting(progress):
            system.fit(train, validation)
        _store(folder, system.to_disk, fingerprint)
    return system


def fit_folder(system_id: str, fingerprint: str, train: Sequence[Document],
               validation: Sequence[Document] = ()) -> Path:
    """Where :func:`fitted` keeps the system with this id and
    :meth:`~kroniek.system.base.System.fingerprint` fitted on ``train`` and ``validation``."""
    return cache_root() / system_id / key(fingerprint, train, validation)


def is_cached(folder: Path) -> bool:
    """Whether ``folder`` (from :func:`fit_folder`, or a part's) holds a finished entry:
    one is marked done only once it is whole (:func:`_store`)."""
    return (folder / "DONE").exists()


def part(kind: str, digest: str, build: Callable[[], T], *, progress=None) -> T:
    """What ``build()`` returns, kept pickled in the cache under ``kind`` and ``digest``,
    and loaded from there next time. ``digest`` must hash everything the part depends on
    (its code, settings and data); a part is returned as loaded from its pickle on a
    first call too, so every caller sees the same thing. For example
    ``part("syntax", digest, lambda: SyntaxModel().fit(trees))`` learns a parser once per
    digest and loads it for every later fit.
    """
    folder = cache_root() / "parts" / kind / digest
    with _alone(folder):
        if is_cached(folder):
            return pickle.loads((folder / "part.pickle").read_bytes())
        if progress:
            progress(f"{kind}: learning it once (kept in the cache for next time)")
        built = pickle.dumps(build())
        _store(folder, lambda path: (path / "part.pickle").write_bytes(built), kind)
    return pickle.loads(built)


@contextmanager
def _alone(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder``'s lock file (beside it) while the block runs,
    so that processes fitting in parallel (``kroniek evaluate --jobs``) learn a shared
    piece once: the second waits, then loads what the first stored. Where no lock can be
    taken (no ``fcntl``, a read-only cache) the block runs unlocked, as before."""
    try:
        import fcntl

        folder.parent.mkdir(parents=True, exist_ok=True)
        handle = open(folder.parent / f".{folder.name}.lock", "w")
    except (ImportError, OSError):
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _store(folder: Path, write: Callable[[Path], None], note: str) -> None:
    """Run ``write(staging)`` in a fresh folder beside ``folder``, mark it done and rename
    it into place; a cache that cannot be written is no error."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError:
        return
    try:
        write(staging)
        (staging / "DONE").write_text(note[:200] + "\n", encoding="utf-8")
        if is_cached(folder):             # another process stored the same thing first
            shutil.rmtree(staging)
            return
        if folder.exists():               # a fit interrupted before it was marked done
            shutil.rmtree(folder)
        staging.rename(folder)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
