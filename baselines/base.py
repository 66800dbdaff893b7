"""The one interface every baseline implements.

A baseline reads documents (only ``id`` and ``text`` are used) and returns documents
in the same SPEC section 2 shape with its predictions, labels as strings. It declares
which tasks it covers, so the leaderboard can show "-" for the rest.

A baseline that learns from gold (``trained = True``) must never be scored on data it
saw: :meth:`Baseline.predict_heldout` returns cross-validated predictions (each
sentence predicted by a model that did not see it), and the evaluation calls that
instead of :meth:`Baseline.predict` for such systems. ``protocol`` says how, in words
that go into the report.
"""

from __future__ import annotations

from typing import ClassVar, Sequence

from kroniek.documents import Document

TASKS = ("entities", "triggers", "arguments", "relations", "coreference")


class Unavailable(RuntimeError):
    """The system cannot run here (e.g. an external program is not installed); the
    message says how to make it available."""


class Baseline:
    """Base class: subclasses set ``name``, ``version``, ``tasks``, ``description`` and
    implement :meth:`predict`."""

    name: ClassVar[str]
    version: ClassVar[int] = 1
    tasks: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""
    trained: ClassVar[bool] = False
    protocol: ClassVar[str] = "rules only: nothing is learned from the gold"
    caveat: ClassVar[str] = ""
    """What a reader of the scores must know, e.g. word lists written while reading the
    test articles (their scores are then optimistic)."""

    @classmethod
    def id(cls) -> str:
        """The versioned registry name, e.g. ``gazetteer.v1``."""
        return f"{cls.name}.v{cls.version}"

    def available(self) -> None:
        """Raise :class:`Unavailable` when the system cannot run on this machine."""

    def predict(self, documents: Sequence[Document]) -> list[Document]:
        raise NotImplementedError

    def predict_heldout(self, documents: Sequence[Document], *, seed: int = 0) -> list[Document]:
        """Predictions to score against ``documents``' gold: for rule systems the same
        as :meth:`predict`; trained systems override this with cross-validation."""
        return self.predict(documents)
