"""Reading the built dataset folder back as gold documents.

``kroniek build`` writes ``dataset/`` (parquet per config and split, and the card);
this module reads the ``documents`` config back as documents with string labels, the
shape systems, scores and exports use. It reads the parquet files directly (pyarrow),
which is what ``datasets.load_dataset("dataset", "documents")`` reads too, without its
start-up cost.

>>> docs = load("dataset", split="validation")
>>> docs[0]["id"], docs[0]["origin"]
('000_a4a166468f182005', 'news')
"""

from __future__ import annotations

from pathlib import Path

from . import guard
from .documents import Document
from .errors import KroniekError, Problem
from .paths import dataset_path
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


def revision(dataset: str | Path = "dataset") -> str:
    """The dataset revision (a hash of its data files) that results refer to."""
    from .atomic import read_tree
    from .build import revision as files_revision

    return files_revision(read_tree(dataset_path(dataset)))
