"""Reading the built dataset folder back as gold documents.

``kroniek build`` writes ``dataset/`` (parquet per config and split, and the card);
this module reads the ``documents`` config back as documents with string labels, the
shape systems, scores and exports use. It reads the parquet files directly (pyarrow),
which is what ``datasets.load_dataset`` reads too, without its start-up cost.
:func:`load_hf` gives the same data the datasets way: a ``DatasetDict`` of one config.

The default ``dataset`` is the working folder's ``dataset/`` if there is one, else the
dataset installed with the package (:func:`kroniek.paths.dataset_path`):

>>> docs = load("dataset", split="validation")
>>> docs[0]["id"], docs[0]["origin"]
('000_a4a166468f182005', 'news')
"""

from __future__ import annotations

from pathlib import Path

from . import guard
from .documents import Document
from .errors import KroniekError, Problem
from .features import CONFIGS
from .paths import DEFAULT, dataset_path
from .sources import SPLITS


def splits(dataset: str | Path = "dataset") -> list[str]:
    """The splits the dataset folder has, in SPLITS order."""
    folder = dataset_path(dataset) / "documents"
    return [s for s in SPLITS if (folder / f"{s}.parquet").exists()]


def load(dataset: str | Path = "dataset", *, split: str | None = None) -> list[Document]:
    """The gold documents of ``split`` (every split when ``None``), labels as strings."""
    import pyarrow.parquet as pq

    from .features import decode_document

    path = dataset_path(dataset)
    if not (path / "README.md").exists() or not (path / "documents").is_dir():
        raise KroniekError(Problem("no dataset here: run 'kroniek build' first, or pass the "
                                   "dataset folder (--dataset DIR)", file=str(path)))
    have = splits(path)
    if split is not None and split not in have:
        raise KroniekError(Problem(f"the dataset has no split {split!r}; it has "
                                   f"{', '.join(have) or 'none'}", file=str(path)))
    docs: list[Document] = []
    for name in ([split] if split is not None else have):
        file = path / "documents" / f"{name}.parquet"
        try:
            rows = pq.read_table(guard.check_input(file)).to_pylist()
            docs += [decode_document(row) for row in rows]
        except KroniekError:
            raise
        except Exception as exc:  # a damaged or foreign parquet file (pyarrow's ArrowInvalid)
            raise KroniekError(Problem(unreadable(exc), file=str(file))) from None
    return docs


def unreadable(exc: Exception) -> str:
    """One line for a parquet file pyarrow cannot read, saying how to get it back."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return (f"cannot read the dataset ({type(exc).__name__}: {detail[:200]}); rebuild it "
            "with 'kroniek build', or restore it with 'git checkout -- dataset'")


def load_hf(config: str = "documents", *, dataset: str | Path = DEFAULT,
            split: str | None = None, **options):
    """The ``config`` of the dataset folder as ``datasets`` objects: a ``DatasetDict`` of
    its splits (a ``Dataset`` with ``split``), with the ClassLabel features of the card.

    The folder is passed to ``datasets.load_dataset`` as an absolute path, so that it is
    read from the installed files and never looked up on the Hugging Face Hub (a bare
    name such as ``"dataset"`` from another folder would be). ``options`` go to
    ``load_dataset`` (``cache_dir``, ``keep_in_memory``, ...).
    """
    if config not in CONFIGS:
        raise KroniekError(f"the dataset has no config {config!r}; it has {', '.join(CONFIGS)}")
    path = dataset_path(dataset).resolve()
    if not (path / "README.md").exists() or not (path / config).is_dir():
        raise KroniekError(Problem("no dataset here: run 'kroniek build' first, or pass the "
                                   "dataset folder", file=str(path)))
    if split is not None and split not in splits(path):
        raise KroniekError(Problem(f"the dataset has no split {split!r}; it has "
                                   f"{', '.join(splits(path)) or 'none'}", file=str(path)))
    from datasets import load_dataset

    return load_dataset(str(path), config, split=split, **options)


def revision(dataset: str | Path = "dataset") -> str:
    """The dataset revision (a hash of its data files) that results refer to."""
    from .atomic import read_tree

    return files_revision(read_tree(dataset_path(dataset)))


def files_revision(files: dict[str, bytes]) -> str:
    """A short content hash of the data files: the dataset revision results refer to.
    Here, with the reader, so that the writer (:mod:`kroniek.build`) imports it, never
    the other way round."""
    import hashlib

    digest = hashlib.sha256()
    for name in sorted(files):
        if name.endswith(".parquet"):
            digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()[:12]
