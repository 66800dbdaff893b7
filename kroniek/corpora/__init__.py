"""External corpora a user has a copy of: where Kroniek finds them, and how to say so.

Kroniek never ships or downloads other corpora's text. A user who has a copy of one
points Kroniek at it, and everything that needs the corpus (importers, scorers, systems
that learn from it) finds it through :func:`locate`:

1. the environment variable named in :data:`CORPORA` (``KRONIEK_EVENTDNA=/data/eventdna``);
2. else the user's corpus file, ``$KRONIEK_CONFIG`` or ``~/.config/kroniek/corpora.json``,
   a JSON object ``{"eventdna": "/data/eventdna"}``.

A corpus that is not found is ``None`` here; callers turn that into one line that says
how to make it available (:func:`how_to_get`).

>>> CORPORA["conll2002"].env
'KRONIEK_CONLL2002'
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CORPORA", "Corpus", "locate", "how_to_get", "config_file"]


@dataclass(frozen=True)
class Corpus:
    """One external corpus: its name, environment variable and what the path must hold."""

    name: str
    title: str
    env: str
    holds: str


CORPORA: dict[str, Corpus] = {
    corpus.name: corpus for corpus in (
        Corpus("eventdna", "EventDNA", "KRONIEK_EVENTDNA",
               "the eventdna/ folder (one eventdna_<n>/ folder per document) or its .tar.xz"),
        Corpus("conll2002", "CoNLL-2002 Dutch", "KRONIEK_CONLL2002",
               "a folder with ned.train and ned.testa (plain or .xz)"),
    )
}


def config_file() -> Path:
    """The user's corpus file: ``$KRONIEK_CONFIG``, else ``~/.config/kroniek/corpora.json``."""
    if os.environ.get("KRONIEK_CONFIG"):
        return Path(os.environ["KRONIEK_CONFIG"])
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "kroniek" / "corpora.json"


def _configured(name: str) -> str | None:
    try:
        paths = json.loads(config_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = paths.get(name) if isinstance(paths, dict) else None
    return value if isinstance(value, str) and value else None


def locate(name: str) -> Path | None:
    """The path of the user's copy of corpus ``name``, or ``None`` when none is given.

    A path that is given but does not exist is still returned, so that the reader can
    say which path was wrong instead of pretending the corpus was never configured.
    """
    corpus = CORPORA[name]
    value = os.environ.get(corpus.env) or _configured(name)
    return Path(value).expanduser() if value else None


def how_to_get(name: str) -> str:
    """One line that tells a user how to make corpus ``name`` available."""
    corpus = CORPORA[name]
    return (f"needs a copy of {corpus.title}: set {corpus.env} to {corpus.holds}, "
            f"or add \"{name}\" to {config_file()}")
