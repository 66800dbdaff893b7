"""A registry of baselines under versioned names (``gazetteer.v1``).

Modules register their classes with :func:`register`; :func:`get` answers an unknown
name with the list of known ones and the closest match.

>>> "floor.v1" in names()
True
"""

from __future__ import annotations

import difflib
import importlib

from kroniek.errors import KroniekError

from .base import Baseline

# Modules that define baselines; imported on first use so that the CLI starts fast.
MODULES = ("floor", "gazetteer", "lexicon", "tokenclf", "rules", "frog")

_REGISTRY: dict[str, type[Baseline]] = {}
_loaded = False


def register(cls: type[Baseline]) -> type[Baseline]:
    """Class decorator: add ``cls`` under ``cls.id()``."""
    key = cls.id()
    if key in _REGISTRY and _REGISTRY[key] is not cls:
        raise ValueError(f"baseline {key} registered twice")
    _REGISTRY[key] = cls
    return cls


def _load() -> None:
    global _loaded
    if not _loaded:
        for module in MODULES:
            try:
                importlib.import_module(f"baselines.{module}")
            except ModuleNotFoundError as exc:
                if exc.name != f"baselines.{module}":
                    raise
        _loaded = True


def names() -> list[str]:
    """All registered versioned names, sorted."""
    _load()
    return sorted(_REGISTRY)


def get(name: str) -> Baseline:
    """A new instance of the baseline called ``name``.

    >>> get("gazeteer.v1")
    Traceback (most recent call last):
    ...
    kroniek.errors.KroniekError: unknown baseline 'gazeteer.v1' (did you mean gazetteer.v1?); known: ...
    """
    _load()
    if name in _REGISTRY:
        return _REGISTRY[name]()
    close = difflib.get_close_matches(name, _REGISTRY, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise KroniekError(f"unknown baseline {name!r}{hint}; known: {', '.join(names())}")
