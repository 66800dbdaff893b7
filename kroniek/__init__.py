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
- :class:`Document`, :class:`KroniekError`;
- :class:`Report` (every score), :class:`Score` (one score; ``PRF`` is its old name) and
  :class:`Counts` (tp, n_pred, n_gold; addable), for scorers built on Kroniek's.

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
           "KroniekError", "Report", "Score", "Counts", "PRF", "__version__", "__dataset_revision__"]

if TYPE_CHECKING:
    from pathlib import Path

    from .documents import Document
    from .metrics.report import Report
    from .metrics.report import Score


def load(path: "str | Path" = "dataset", *, split: str | None = None) -> "list[Document]":
    """Gold documents: those of the dataset folder ``path`` (one ``split``, or all of
    them), or those of a JSON Lines file in the library's own format (what
    ``kroniek export --format jsonl`` and ``kroniek predict`` write; ``split`` must then
    be ``None``). Raises :class:`KroniekError` naming the path when neither fits.
    """
    from pathlib import Path as _Path

    if _Path(path).is_file():
        from .documents import read_jsonl
        from .errors import KroniekError, Problem

        if split is not None:
            raise KroniekError(Problem("a JSON Lines file has no splits; leave split out",
                                       file=str(path)))
        return read_jsonl(path)
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
            dataset: "str | Path" = "dataset", train_only: bool = False,
            allow_learned: bool = False) -> "list[Document]":
    """Run the registered ``system`` on documents and return its predictions.

    Arguments:
        system: a registered name such as ``rules.v1`` (:func:`systems` lists them).
        documents: dicts with ``id`` and ``text`` (gold in them is ignored), plain texts
            (ids ``doc1``, ``doc2``, ...), one bare text (a string that is not an
            existing path), or a path: a text file, a folder of ``.txt`` files or a JSON
            Lines file (told apart by content, not by suffix).
        dataset: the dataset folder a trained system learns from.
        train_only: a trained system learns from the train split only (as ``kroniek
            evaluate`` does to score validation), instead of train tuned on validation.
        allow_learned: predict documents the system learned from anyway (with a
            warning) instead of refusing them.

    A trained system first learns from ``dataset`` (once; the model is cached). Raises
    :class:`KroniekError` for an unknown system, one that cannot run here, unreadable
    input, or documents the system learned from (their scores would not be scores on new
    text; the message says how to get an honest figure).
    """
    from pathlib import Path

    from .inputs import read_articles
    from .system import predict as _predict

    if isinstance(documents, Path) or isinstance(documents, str) and _is_path(documents):
        docs = read_articles(documents)
    elif isinstance(documents, str):
        docs = [{"id": "doc1", "text": documents}]
    else:
        docs = [{"id": f"doc{n}", "text": d} if isinstance(d, str) else d
                for n, d in enumerate(documents, 1)]
    return _predict(system, docs, dataset=dataset, allow_learned=allow_learned,
                    split="validation" if train_only else "new")


def _is_path(text: str) -> bool:
    """Whether a string names an existing file or folder (else it is a text to read)."""
    from pathlib import Path

    if "\n" in text or len(text) > 4096:
        return False
    try:
        return Path(text).exists()
    except (OSError, ValueError):
        return False


def score(gold: "Sequence[Document]", pred: "Iterable[Document]", *,
          tasks: Iterable[str] | None = None, allow_missing: bool = False) -> "Report":
    """Every score of ``pred`` against ``gold``, as a :class:`Report`.

    Arguments:
        gold: the gold documents (e.g. ``kroniek.load("dataset", split="test")``), dicts
            in the ``documents`` shape with labels as strings (docs/FORMAT.md section 2).
        pred: one predicted document per gold document, matched by ``id``, in the same
            shape (``text`` may be left out; ``mention`` and ``realis`` are not scored).
        tasks: score only some of ``entities``, ``triggers``, ``arguments``,
            ``relations``, ``coreference`` (default: all).
        allow_missing: score a gold document without a prediction as predicting
            nothing, instead of refusing it.

    Returns a :class:`Report`. Its keys (``report["entities.strict"]``, or
    ``report.entities.strict``) are those of docs/FORMAT.md section 4:
    ``entities.strict|exact|partial|type`` (nervaluate's schemes),
    ``triggers.identification|classification``,
    ``arguments.identification|classification`` and their ``+`` variants (TextEE),
    ``relations``, ``coreference.muc|b3|ceafe|conll``. Each is a :class:`Score` with
    ``precision``, ``recall``, ``f1``, its ``counts`` (``tp``, ``n_pred``, ``n_gold``)
    and a ``per_type`` table where labels exist. ``print(report)`` or
    ``report.table()`` shows them; ``report.to_dict()`` is the JSON of
    ``kroniek score --json``.

    Raises :class:`KroniekError` (one line per problem: document, field, what) when the
    predictions do not fit the gold, exactly as ``kroniek score`` refuses a file: a gold
    document without a prediction (unless ``allow_missing``), a prediction for no gold
    document, an id twice, an unknown label (``CITY``) or key at any depth (``argumnets``
    names ``arguments``), offsets outside the text, an argument, relation or cluster
    naming a missing id, a relation from an event to itself, a mention in two clusters;
    in the gold also overlapping entities. ``ValueError`` for an unknown task.

    >>> import kroniek
    >>> gold = [{"id": "d1", "text": "IS verloor Mosul.", "entities": [
    ...     {"id": "e1", "start": 11, "end": 16, "text": "Mosul", "type": "GPE"}]}]
    >>> kroniek.score(gold, [{"id": "d1", "entities": gold[0]["entities"]}]).entities.strict.f1
    1.0
    """
    from .metrics import score as _score

    return _score(gold, pred, tasks=tasks, allow_missing=allow_missing)


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
    if name in ("Report", "PRF", "Score", "Counts"):
        from . import metrics as _metrics

        return getattr(_metrics, name) if name != "PRF" else _metrics.Score
    raise AttributeError(f"module 'kroniek' has no attribute {name!r}")
