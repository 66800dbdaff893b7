"""Where Kroniek finds its dataset and keeps its cache when not told.

Commands take ``--dataset DIR`` (default ``dataset``). Run from elsewhere than the
repository root, a relative ``dataset`` that does not exist falls back to the dataset of
the checkout the package was installed from, so that ``kroniek predict`` with a trained
system works from any folder. Fitted models are cached in ``$KRONIEK_CACHE``, else in the
checkout's ``.cache/kroniek`` (git-ignored), else in ``~/.cache/kroniek``.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def checkout() -> Path | None:
    """The repository the package runs from (an editable install), if any."""
    root = PACKAGE.parent
    return root if (root / "pyproject.toml").exists() and (root / "seeds").is_dir() else None


def dataset_path(dataset: str | Path = "dataset") -> Path:
    """``dataset`` as given, or the checkout's dataset when a relative default is missing."""
    path = Path(dataset)
    if path.exists() or path.is_absolute():
        return path
    root = checkout()
    if root is not None and (root / path).exists():
        return root / path
    return path


def cache_root() -> Path:
    if os.environ.get("KRONIEK_CACHE"):
        return Path(os.environ["KRONIEK_CACHE"])
    root = checkout()
    return (root / ".cache" / "kroniek") if root is not None else Path.home() / ".cache" / "kroniek"
