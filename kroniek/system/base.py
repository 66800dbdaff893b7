"""The one interface every system implements.

A system reads documents (only ``id`` and ``text`` are used) and returns documents in the
dataset's shape with its predictions, labels as strings. It declares which tasks it
covers (:data:`kroniek.schema.TASKS`), so the leaderboard shows "-" for the rest.

A system that learns from gold sets ``trained = True`` and implements :meth:`System.fit`.
It is never scored on what it learned from: :mod:`kroniek.system.run` fits it on the
splits before the one scored (``train`` for ``validation``; ``train`` with
``validation`` for tuning, for ``test``) and hands it the documents stripped of gold.

>>> class Shout(System):
...     name, version, tasks = "shout", 1, ("entities",)
...     def predict(self, documents):
...         return [{"id": d["id"], "entities": []} for d in documents]
>>> Shout.id()
'shout.v1'
"""

from __future__ import annotations

import gzip
import pickle
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, ClassVar, Iterator, Sequence

from ..documents import Document
from ..schema import TASKS

__all__ = ["System", "Unavailable", "TASKS"]


STATE = "state.pickle.gz"


class Unavailable(RuntimeError):
    """The system cannot run here (e.g. an external program is not installed); the
    message says how to make it available."""


class System:
    """Base class: subclasses set ``name``, ``version``, ``tasks``, ``description`` and
    implement :meth:`predict` (and :meth:`fit` when ``trained``)."""

    name: ClassVar[str]
    version: ClassVar[int] = 1
    tasks: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""
    trained: ClassVar[bool] = False
    protocol: ClassVar[str] = "rules only: nothing is learned from the gold"
    caveat: ClassVar[str] = ""
    """What a reader of the scores must know, e.g. word lists written while reading the
    development articles."""
    resources: ClassVar[tuple[str, ...]] = ()
    """External resources the system's lists come from (package names), for the record."""
    uses_dataset: ClassVar[bool] = True
    """False for a trained system that learns only from another corpus (names.v1 learns
    from CoNLL-2002): it is fitted without the dataset's splits, so its cache key does not
    change with them, it claims none of them, and it may predict any Kroniek document."""
    learned_from: dict[str, str] = {}
    """Once fitted (:func:`kroniek.system.run.prepared`): the id and split of every
    document it learned from, so that it is never scored on them by accident."""

    def learned_elsewhere(self) -> list[tuple[str, str, str]]:
        """Once fitted: ``(id, text, source)`` of each document learned from besides the
        Kroniek splits (e.g. ``"EventDNA train"``), which :func:`kroniek.system.run.prepared`
        adds to :attr:`learned_from`; none by default."""
        return []

    @classmethod
    def id(cls) -> str:
        """The versioned registry name, e.g. ``gazetteer.v1``."""
        return f"{cls.name}.v{cls.version}"

    def available(self) -> None:
        """Raise :class:`Unavailable` when the system cannot run on this machine."""

    def fit(self, train: Sequence[Document], validation: Sequence[Document] = ()) -> None:
        """Learn from ``train`` gold documents; ``validation`` is for tuning only.

        Rule systems learn nothing; a trained system overrides this."""

    def report(self, message: str) -> None:
        """Say where a long :meth:`fit` is, e.g. ``self.report("triggers: learning the
        tagger")``. ``kroniek evaluate`` and ``kroniek predict`` show it, after the system's
        id, while they fit it (:meth:`reporting`); elsewhere it says nothing."""
        hook = self.__dict__.get("_report")
        if hook is not None:
            hook(f"{self.id()}: {message}")

    @contextmanager
    def reporting(self, progress: Callable[[str], None] | None) -> Iterator[None]:
        """Within the block, :meth:`report` goes to ``progress``. The hook is removed
        after it, so it is never kept with the fitted state (:meth:`to_disk`).

        >>> class Slow(System):
        ...     name = "slow"
        ...     def fit(self, train, validation=()):
        ...         self.report("learning")
        >>> said, system = [], Slow()
        >>> with system.reporting(said.append):
        ...     system.fit([])
        >>> said, "_report" in system.__dict__
        (['slow.v1: learning'], False)
        """
        if progress is None:
            yield
            return
        self.__dict__["_report"] = progress
        try:
            yield
        finally:
            self.__dict__.pop("_report", None)

    def fingerprint(self) -> str:
        """What besides the training data determines a fitted model; part of the cache key
        of :mod:`kroniek.system.cache`. By default the id and a hash of the system's module,
        the modules of its package it imports and the package's data files
        (:func:`~kroniek.system.sources.source_files`), so that changed code trains anew and
        an edit to another system does not; systems add their config text or
        hyperparameters."""
        import hashlib
        import sys

        from .sources import source_files

        module = Path(sys.modules[type(self).__module__].__file__).resolve()
        digest = hashlib.sha256()
        for path in source_files(module):
            digest.update(path.relative_to(module.parent).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
        return f"{self.id()}:{digest.hexdigest()[:16]}"

    def to_disk(self, path: Path) -> None:
        """Keep the fitted state in folder ``path`` (default: the instance, pickled and
        gzipped: linear models over hashed features are mostly zeros, and realnews.v2's
        state shrinks from 354 MB to 22 MB in about a second)."""
        path.mkdir(parents=True, exist_ok=True)
        with gzip.open(path / STATE, "wb", compresslevel=1) as out:
            pickle.dump(self.__dict__, out)

    def from_disk(self, path: Path) -> None:
        """Restore what :meth:`to_disk` kept (also a plain ``state.pickle`` that caches
        written before 0.3 hold)."""
        if (path / STATE).exists():
            with gzip.open(path / STATE, "rb") as state:
                self.__dict__.update(pickle.load(state))
        else:
            self.__dict__.update(pickle.loads((path / "state.pickle").read_bytes()))

    def predict(self, documents: Sequence[Document]) -> list[Document]:
        raise NotImplementedError
