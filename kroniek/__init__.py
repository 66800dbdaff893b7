"""Kroniek: an annotated dataset and benchmark for events in Dutch news.

The public API, importable from ``kroniek`` itself:

>>> import kroniek
>>> gold = kroniek.load("dataset", split="validation")
>>> pred = kroniek.predict("rules.v1", gold)        # sees only id and text
>>> report = kroniek.score(gold, pred)
>>> 0 < report["entities.strict"].f1 <= 1
True
>>> report.entities.strict.f1 == report["entities.strict"].f1
True
>>> "rules.v1" in [s["id"] for s in kroniek.systems()]
True

``kroniek.load()`` and the commands read the working folder's ``dataset/`` when there is
one (a clone of the repository), else the dataset installed with the package.

- :func:`load` -- gold documents of the built dataset (a split, or all);
- :func:`load_dataset` -- one config (documents, ner, triggers) as a ``datasets.DatasetDict``;
- :func:`predict` -- run a registered system on documents, texts or a path;
- :func:`score` -- a typed :class:`Report` of every score (``(gold, pred)``, in that order);
- :func:`systems` -- what is registered, and whether it runs here;
- :class:`System`, :func:`register` -- write and register a system of your own;
- :class:`Document`, :class:`KroniekError`, :class:`Report`, :class:`PRF`.

The package is layered; imports point downwards only: ``schema``, ``errors`` and
``documents`` at the bottom; ``labelconfig``, ``features``, ``tokens``; ``convert``,
``validate``, ``sources``; ``build``, ``card``, ``dataset``, ``metrics``, ``report``;
``systems`` (interface, registry, running), ``evaluate``, ``agreement``, ``show``,
``export``, ``labelstudio`` (the only part that talks to the network); ``cli`` and
``commands`` at the top. Names are loaded on first use, so ``import kroniek`` is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

# Versions are MAJOR.MINOR.PATCH tied to the dataset revision (CHANGELOG.md): MINOR goes up
# with every new dataset revision (and may for new features), PATCH only for fixes over the
# same data, MAJOR with a change of the contract (labels, fields, formats). A test fails
# when the built data and __dataset_revision__ disagree.
__version__ = "0.3.0"
__dataset_revision__ = "bcb95dc59029"

__all__ = ["load", "load_dataset", "predict", "score", "systems", "System", "register", "Document",
           "KroniekError", "Report", "PRF", "__version__", "__dataset_revision__"]

if TYPE_CHECKING:
    from pathlib import Path

    from .documents import Document
    from .report import Report


def load(path: "str | Path" = "dataset", *, split: str | None = None) -> "list[Document]":
    """The gold documents of the dataset folder ``path``: one ``split`` or all of them."""
    from .dataset import load as _load

    return _load(path, split=split)


def load_dataset(config: str = "documents", *, split: str | None = None,
                 dataset: "str | Path" = "dataset", **options):
    """One config (``documents``, ``ner`` or ``triggers``) as a ``datasets.DatasetDict``
    of its splits (a ``Dataset`` with ``split``), read by path from the dataset folder,
    never from the Hugging Face Hub; ``options`` go to ``datasets.load_dataset``."""
    from .dataset import load_hf

    return load_hf(config, dataset=dataset, split=split, **options)


def predict(system: str, documents: "Iterable[Document | str] | str | Path", *,
            dataset: "str | Path" = "dataset") -> "list[Document]":
    """Run the registered ``system`` on documents (dicts with ``id`` and ``text``; gold in
    them is ignored), plain texts (ids ``doc1``, ``doc2``, ...), or a path (.txt file,
    folder of them, or JSON Lines). A trained system first learns from ``dataset``'s train
    split, tuned on validation."""
    from pathlib import Path

    from .inputs import read_articles
    from .system import predict as _predict

    if isinstance(documents, (str, Path)):
        docs = read_articles(documents)
    else:
        docs = [{"id": f"doc{n}", "text": d} if isinstance(d, str) else d
                for n, d in enumerate(documents, 1)]
    return _predict(system, docs, dataset=dataset)


def score(gold: "Sequence[Document]", pred: "Iterable[Document]", *,
          tasks: Iterable[str] | None = None) -> "Report":
    """Every score of ``pred`` against ``gold``, as a :class:`Report`."""
    from .metrics import score as _score
    from .report import Report as _Report

    return _Report(_score(gold, pred, tasks=tasks))


def systems() -> list[dict]:
    """The registered systems, as ``kroniek systems --json`` lists them."""
    from .system import describe, names

    return [describe(name) for name in names()]


def __getattr__(name: str):
    if name in ("System", "register"):
        from . import system as _systems

        return getattr(_systems, name)
    if name == "Document":
        from .documents import Document as _Document

        return _Document
    if name == "KroniekError":
        from .errors import KroniekError as _Error

        return _Error
    if name in ("Report", "PRF"):
        from . import report as _report

        return getattr(_report, name)
    raise AttributeError(f"module 'kroniek' has no attribute {name!r}")
