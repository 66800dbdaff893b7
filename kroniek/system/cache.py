"""Fitted systems kept on disk, keyed by what they learned from.

Training a system (a spaCy pipeline takes minutes) is done once per system, fingerprint
and training data: the key hashes the system's :meth:`~kroniek.system.base.System.fingerprint`
and every training document, so a changed dataset or config trains anew and an unchanged
one loads. The cache lives in ``$KRONIEK_CACHE``, the checkout's ``.cache/kroniek`` (git-ignored) or
the user's cache folder, never inside an installed package (:func:`kroniek.paths.cache_root`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Sequence

from ..documents import Document


from ..paths import cache_root


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
    folder = cache_root() / system.id() / key(system.fingerprint(), train, validation)
    if (folder / "DONE").exists():
        system.from_disk(folder)
        return system
    if progress:
        progress(f"{system.id()}: training on {len(train)} document(s)"
                 + (f", tuning on {len(validation)}" if validation else "")
                 + " (kept in the cache for next time)")
    system.fit(train, validation)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        system.to_disk(staging)
        (staging / "DONE").write_text(system.fingerprint()[:200] + "\n", encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # a cache that cannot be written is no error
    return system
