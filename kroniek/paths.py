"""Where Kroniek finds its dataset and keeps its cache when not told.

The dataset travels with the package: the wheel carries the repository's ``dataset/``
folder as ``kroniek/data`` and the guidelines and labeling config of ``annotations/`` as
``kroniek/annotations``, found through :mod:`importlib.resources`, never through the
working folder. In an editable install (a clone of the repository) they are the clone's
own ``dataset/`` and ``annotations/``.

Commands take ``--dataset DIR`` (default ``dataset``): a folder that exists is read as
given; the default name ``dataset`` where there is no such folder means the installed
dataset, so ``kroniek score dataset PRED`` and ``kroniek predict`` with a trained system
work from any folder. Fitted models are cached in ``$KRONIEK_CACHE``, else in a clone's
``.cache/kroniek`` (git-ignored), else in the user's cache folder (``$XDG_CACHE_HOME``,
``~/.cache``, ``~/Library/Caches`` or ``%LOCALAPPDATA%``), never inside the installed
package.
"""

from __future__ import annotations

import os
import sys
from importlib.resources import files
from pathlib import Path

from .errors import KroniekError, Problem

PACKAGE = Path(__file__).resolve().parent
DEFAULT = "dataset"
CLONE = ("the dataset grows in a clone of the repository (Label Studio, 'kroniek build'); "
         "run this there")


def checkout() -> Path | None:
    """The repository the package runs from (an editable install), if any."""
    root = PACKAGE.parent
    return root if (root / "pyproject.toml").exists() and (root / "seeds").is_dir() else None


def _resource(name: str, folder: str) -> Path | None:
    """``kroniek/<name>`` of the installed package, else ``<folder>`` of the checkout."""
    packaged = files("kroniek") / name
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    root = checkout()
    return root / folder if root is not None and (root / folder).is_dir() else None


def installed_dataset() -> Path:
    """The dataset folder installed with the package (in a clone: its ``dataset/``)."""
    folder = _resource("data", "dataset")
    if folder is None:
        raise KroniekError(Problem("this kroniek has no dataset installed: reinstall it "
                                   "('pip install kroniek') or pass --dataset DIR",
                                   file=str(PACKAGE / "data")))
    return folder


def annotation_file(name: str) -> Path:
    """An installed file of the annotation scheme: ``GUIDELINES.md`` or
    ``labeling_config.xml``."""
    folder = _resource("annotations", "annotations")
    if folder is None or not (folder / name).is_file():
        raise KroniekError(Problem("not installed with this kroniek", file=name))
    return folder / name


def dataset_path(dataset: str | Path | None = DEFAULT) -> Path:
    """``dataset`` as given, or the installed dataset for ``None`` and for the default
    name ``dataset`` where the working folder has no such folder."""
    if dataset is None:
        return installed_dataset()
    path = Path(dataset)
    if path.exists() or path.is_absolute() or path != Path(DEFAULT):
        return path
    return installed_dataset()


def read_only(*inputs: str | Path) -> None:
    """Refuse, in one line, to grow the dataset from an installed (read-only) package
    when the repository's input folders (``annotations``, ``seeds``) are not here."""
    missing = [str(p) for p in inputs if not Path(p).is_dir()]
    if checkout() is None and missing:
        raise KroniekError(f"this kroniek is an installed package, read-only "
                           f"({missing[0].rstrip('/')}/ is not here): {CLONE}")


def user_cache() -> Path:
    """The user's cache folder for this platform."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "kroniek" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "kroniek"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kroniek"


def cache_root() -> Path:
    if os.environ.get("KRONIEK_CACHE"):
        return Path(os.environ["KRONIEK_CACHE"])
    root = checkout()
    return (root / ".cache" / "kroniek") if root is not None else user_cache()
