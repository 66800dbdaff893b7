"""Figures for the report: an entity-type confusion matrix and per-type F1 bars.

Both write PNG files with matplotlib's Agg renderer on a private ``Figure`` (no pyplot
state, no GUI backend), and without the ``Software`` metadata, so the same input gives the
same bytes on every run and a regenerated report shows no spurious changes.

The confusion matrix aligns spans by exact offsets within each document: a gold and a
predicted mention over the same characters are one pair (gold type, predicted type); a gold
mention with no prediction there is (type, ``O``), a prediction with no gold mention there
is (``O``, type).

>>> g = [{"id": "d", "entities": [{"start": 0, "end": 2, "type": "ORG"}]}]
>>> p = [{"id": "d", "entities": [{"start": 0, "end": 2, "type": "PER"},
...                                {"start": 5, "end": 9, "type": "GPE"}]}]
>>> entity_pairs(g, p)
[('ORG', 'PER'), ('O', 'GPE')]
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .documents import Document
from .errors import KroniekError, Problem
from .schema import ENTITY_TYPES

if TYPE_CHECKING:
    from .metrics.report import Score

OUTSIDE = "O"
LABELS: tuple[str, ...] = (*ENTITY_TYPES, OUTSIDE)
_PNG_METADATA = {"Software": None}


def entity_pairs(gold_docs: Sequence[Document], pred_docs: Sequence[Document]) -> list[tuple[str, str]]:
    """(gold type, predicted type) per aligned span, ``O`` for the side that has none.

    Documents pair by id (a gold document without predictions counts as all misses; a
    prediction for an unknown document is an error). At one offset pair, equal types pair
    first, so duplicate predictions cannot hide a correct one.
    """
    gold_ids = {doc["id"] for doc in gold_docs}
    for doc in pred_docs:
        if doc["id"] not in gold_ids:
            raise KroniekError(Problem("prediction for a document not in the gold",
                                       document=doc["id"]))
    pred_by_id = {doc["id"]: doc for doc in pred_docs}
    pairs: list[tuple[str, str]] = []
    for gold in gold_docs:
        at: dict[tuple[int, int], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
        for e in gold.get("entities", []):
            at[(e["start"], e["end"])][0].append(e["type"])
        for e in pred_by_id.get(gold["id"], {}).get("entities", []):
            at[(e["start"], e["end"])][1].append(e["type"])
        for offsets in sorted(at):
            gold_types, pred_types = at[offsets]
            rest = list(pred_types)
            unmatched = []
            for t in gold_types:
                if t in rest:
                    rest.remove(t)
                    pairs.append((t, t))
                else:
                    unmatched.append(t)
            for t in unmatched:
                pairs.append((t, rest.pop(0) if rest else OUTSIDE))
            pairs.extend((OUTSIDE, t) for t in rest)
    return pairs


def entity_confusion(gold_docs: Sequence[Document], pred_docs: Sequence[Document],
                     *, labels: Sequence[str] = LABELS):
    """The confusion matrix (numpy array, rows gold, columns predicted) over ``labels``."""
    from sklearn.metrics import confusion_matrix

    pairs = entity_pairs(gold_docs, pred_docs)
    if not pairs:
        import numpy as np
        return np.zeros((len(labels), len(labels)), dtype=int)
    y_true, y_pred = zip(*pairs)
    return confusion_matrix(y_true, y_pred, labels=list(labels))


def confusion_matrix_png(gold_docs: Sequence[Document], pred_docs: Sequence[Document],
                         path: str | Path, *, title: str) -> Path:
    """Draw the entity-type confusion matrix to ``path`` (PNG); returns the path."""
    from sklearn.metrics import ConfusionMatrixDisplay

    matrix = entity_confusion(gold_docs, pred_docs)
    figure = _figure(6.4, 5.6)
    axes = figure.add_subplot()
    display = ConfusionMatrixDisplay(matrix, display_labels=list(LABELS))
    display.plot(ax=axes, cmap="Blues", colorbar=False, values_format="d")
    # Zero cells add noise without information; leave them blank.
    for row in display.text_:
        for cell in row:
            if cell.get_text() == "0":
                cell.set_text("")
    axes.set_xlabel("predicted type (O: none, a false alarm)")
    axes.set_ylabel("gold type (O: none, a miss)")
    axes.set_title(title)
    figure.tight_layout()
    return _save(figure, path)


def bar_note(score: "Score") -> str:
    """The text beside a per-type bar: F1 and the number of gold spans of that type
    (``n_gold``, as :func:`kroniek.score` reports it).

    >>> from kroniek.metrics import Counts, Score
    >>> bar_note(Score.of(Counts(2, 4, 4)))
    '0.50  (n=4)'
    """
    n = None if score.counts is None else score.n_gold
    return f"{float(score.f1):.2f}" + (f"  (n={n:g})" if n is not None else "")


def per_type_f1_png(per_type: "dict[str, Score]", path: str | Path, *, title: str) -> Path:
    """Horizontal bars of each type's F1 (``per_type[type].f1``, 0..1; a Score's
    ``per_type`` table), types in inventory order where known, the first at the top;
    returns the path."""
    order = {t: n for n, t in enumerate(_inventory_order())}
    types = sorted(per_type, key=lambda t: (order.get(t, len(order)), t))
    scores = [float(per_type[t].f1) for t in types]
    figure = _figure(6.4, 0.9 + 0.38 * max(len(types), 1))
    axes = figure.add_subplot()
    positions = range(len(types))
    axes.barh(positions, scores, color="#2a9d8f", height=0.65)
    for y, score, t in zip(positions, scores, types):
        note = bar_note(per_type[t])
        if score > 0.8:  # no room right of the bar: write inside it
            axes.text(score - 0.01, y, note, va="center", ha="right", fontsize=8, color="white")
        else:
            axes.text(score + 0.01, y, note, va="center", fontsize=8)
    axes.set_yticks(list(positions), types)
    axes.invert_yaxis()
    axes.set_xlim(0, 1)
    axes.set_xlabel("F1")
    axes.set_title(title)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    figure.tight_layout()
    return _save(figure, path)


def _inventory_order() -> tuple[str, ...]:
    from .schema import ARGUMENT_ROLES, EVENT_RELATIONS, EVENT_TYPES
    return (*ENTITY_TYPES, *EVENT_TYPES, *ARGUMENT_ROLES, *EVENT_RELATIONS)


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    return figure


def _save(figure, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png", metadata=_PNG_METADATA)
    return path
