"""Run a system: the one place that decides what it may see and learn from.

* A system sees only ``id``, ``text`` and ``language`` of a document (:func:`blind`), so
  gold annotations can never leak into a prediction.
* A trained system learns from the splits before the one it is scored on
  (:data:`LEARN_FROM`): scored on ``validation`` it learns from ``train``; scored on
  ``test`` it learns from ``train`` with ``validation`` for tuning. On new text
  (``kroniek predict``) it learns from ``train`` and ``validation`` too. No system is
  ever fitted on ``test``.
* A fitted system knows which documents it learned from (``system.learned_from``, id ->
  split, with those of other corpora it declares in ``learned_elsewhere()``), and
  :func:`predict` refuses documents among them (by id or by text) with one line saying
  how to get an honest figure, unless ``allow_learned`` is given.

``evaluate``, ``show`` and the Label Studio pre-annotations all go through here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Sequence

from ..documents import Document
from ..errors import KroniekError
from .base import System, Unavailable
from .registry import get

# split scored -> (splits learned from, split used for tuning)
LEARN_FROM: dict[str, tuple[tuple[str, ...], str | None]] = {
    "validation": (("train",), None),
    "test": (("train",), "validation"),
    "new": (("train",), "validation"),
}


def blind(documents: Sequence[Document]) -> list[Document]:
    """Documents with only what a system may see: id, text and language."""
    return [{"id": d["id"], "text": d["text"], "language": d.get("language", "nl")}
            for d in documents]


def learned_splits(system: System, split: str) -> list[str]:
    """The splits a trained system learns from when scored on ``split`` (``new``: on new
    text), as result records and ``kroniek systems`` list them; ``[]`` for a rule system.

    >>> from kroniek.system import get
    >>> learned_splits(get("tokenclf.v1"), "test"), learned_splits(get("tokenclf.v1"), "validation")
    (['train', 'validation (tuning)'], ['train'])
    """
    if not system.trained or not system.uses_dataset or split not in LEARN_FROM:
        return []
    learned, tuning = LEARN_FROM[split]
    return [*learned, *([f"{tuning} (tuning)"] if tuning else [])]


def protocol(system: System, split: str) -> str:
    """In words, how ``system`` is run when scored on ``split``, for result records."""
    if not system.trained:
        return system.protocol
    if not system.uses_dataset:
        return f"learns from no split of the dataset; scored on {split}. {system.protocol}"
    learned, tuning = LEARN_FROM[split]
    return (f"trained on the {' + '.join(learned)} split"
            + (f", tuned on {tuning}" if tuning else "")
            + f"; scored on {split}, which it never saw. {system.protocol}".rstrip())


def training_data(system: System, *, split: str, dataset: str | Path = "dataset"
                  ) -> tuple[list[Document], list[Document]]:
    """What a trained ``system`` learns from when scored on ``split``: the train documents
    and those it tunes on (empty for a system that learns from no split of the dataset)."""
    from ..dataset import load, splits

    learned, tuning = LEARN_FROM[split] if system.uses_dataset else ((), None)
    train = [doc for name in learned for doc in load(dataset, split=name)]
    validation = load(dataset, split=tuning) if tuning in splits(dataset) else []
    return train, validation


def prepared(system: System | str, *, split: str = "new", dataset: str | Path = "dataset",
             progress: Callable[[str], None] | None = None) -> System:
    """``system`` ready to predict: available here, and fitted when it learns."""
    if isinstance(system, str):
        system = get(system)
    try:
        system.available()
    except Unavailable as why:
        raise KroniekError(f"{system.id()} cannot run here: {why}") from None
    if system.trained:
        if split not in LEARN_FROM:
            raise KroniekError(f"{system.id()} learns from the train split; it can be scored on "
                               f"{' or '.join(s for s in LEARN_FROM if s != 'new')}, not {split!r}")
        from .cache import fitted

        train, validation = training_data(system, split=split, dataset=dataset)
        tuning = LEARN_FROM[split][1] if system.uses_dataset else None
        fitted(system, train, validation, progress=progress)
        elsewhere = system.learned_elsewhere()
        system.learned_from = {**{doc_id: source for doc_id, _, source in elsewhere},
                               **{doc["id"]: name for name, docs in
                                  (("train", train), (tuning, validation)) for doc in docs}}
        system.learned_texts = {**{text: source for _, text, source in elsewhere},
                                **{doc["text"]: name for name, docs in
                                   (("train", train), (tuning, validation)) for doc in docs}}
    return system


def check_unseen(system: System, documents: Sequence[Document]) -> list[Document]:
    """The documents ``system`` learned from (same id or same text); raises one line
    saying how to get an honest figure when there are any."""
    learned = getattr(system, "learned_from", None) or {}
    texts = getattr(system, "learned_texts", {})
    seen = [d for d in documents if d["id"] in learned or d.get("text") in texts]
    if seen:
        first = seen[0]
        split = learned.get(first["id"]) or texts.get(first.get("text")) or "train or validation"
        advice = ("run 'kroniek evaluate' (it learns from train only to score validation), or "
                  "predict with train_only=True (--train-only)"
                  if split in ("train", "validation", "train or validation") else
                  "score it on documents outside that corpus part")
        raise KroniekError(
            f"{system.id()} learned from {len(seen)} of these document(s) ({first['id']}, "
            f"{split} split): scores on them would not be scores on new text. For an honest "
            f"figure {advice}; allow_learned=True (--allow-learned) predicts anyway")
    return seen


def predict(system: System | str, documents: Sequence[Document], *, split: str = "new",
            dataset: str | Path = "dataset", batch_size: int = 16, allow_learned: bool = False,
            progress: Callable[[str], None] | None = None) -> list[Document]:
    """``system``'s predictions for ``documents`` (gold in them is ignored).

    A trained system learns from the splits before ``split`` (``new``: train, tuned on
    validation); documents it learned from are refused (:func:`check_unseen`) unless
    ``allow_learned``, which warns instead.

    >>> predict("floor.v1", [{"id": "d1", "text": "Het leger rukte op naar Kirkuk."}])[0]["entities"][0]["text"]
    'Kirkuk'
    """
    system = prepared(system, split=split, dataset=dataset, progress=progress)
    if allow_learned:
        try:
            check_unseen(system, documents)
        except KroniekError as why:
            import warnings

            warnings.warn(f"predicting anyway (allow_learned): {why}", stacklevel=2)
    else:
        check_unseen(system, documents)
    docs = blind(documents)
    out: list[Document] = []
    for start in range(0, len(docs), batch_size):
        out += system.predict(docs[start:start + batch_size])
        if progress and len(docs) > batch_size:
            progress(f"{system.id()}: {min(start + batch_size, len(docs))}/{len(docs)} documents")
    return out


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
