"""Gold and predicted documents paired one by one from files, checked on the way.

``kroniek score`` must handle files larger than memory, so neither file is ever held
whole. The gold (a JSON Lines file, or a split of a built dataset folder) is read in its
own order, and each gold document is paired with its prediction:

- while the predictions file lists the same ids in the same order (what a system that
  reads the gold and writes one line per document produces), both files are read side by
  side, each line parsed once;
- from the first line where the order differs, the rest of the predictions file is
  indexed -- id to byte offset, nothing else kept -- and each prediction is read again
  from its offset when its gold document comes.

Every document is checked as it passes (:func:`kroniek.predictions.gold_problems` and
:func:`~kroniek.predictions.prediction_problems`), as are ids twice, predictions for no
gold document and gold documents without a prediction. Problems are collected, not
raised, so that one run lists them all; once there is one, batches stop being handed
out (nothing will be scored) but checking goes on to the end. :meth:`Pairing.check`
then raises them: those of the gold file first, as :func:`kroniek.predictions.check`
does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .errors import KroniekError, Problem
from .jsonlines import JsonLines, Line
from .predictions import MISSING, NOT_IN_GOLD, TWICE, gold_problems, prediction_problems

MAX_LISTED = 10_000  # problems kept to report; beyond, only counted
BATCH_DOCUMENTS = 2_000
BATCH_WEIGHT = 4_000_000  # characters of gold text plus 100 per region, both sides


def dataset_lines(folder: str | Path, split: str) -> Iterator[Line]:
    """The documents of ``split`` of a built dataset folder (``documents/<split>.parquet``),
    labels decoded to names; ``Line.number`` is the row (from 1), ``offset`` is -1."""
    import pyarrow.parquet as pq

    from .features import decode_document

    folder = Path(folder)
    path = folder / "documents" / f"{split}.parquet"
    if not path.is_file():
        found = sorted(p.stem for p in (folder / "documents").glob("*.parquet"))
        raise KroniekError(Problem(
            f"no split {split!r} in this dataset folder (it has: {', '.join(found) or 'none'}; "
            "choose one with --split)" if found else "not a Kroniek dataset folder (no "
            "documents/*.parquet); pass a gold JSON Lines file or a folder made by "
            "'kroniek build'", file=str(folder)))
    from . import guard
    from .dataset import unreadable

    try:
        parquet = pq.ParquetFile(guard.check_input(path))
        number = 0
        for batch in parquet.iter_batches(batch_size=512):
            for row in batch.to_pylist():
                number += 1
                yield Line(number, -1, decode_document(row))
    except KroniekError:
        raise
    except Exception as exc:  # a damaged or foreign parquet file
        raise KroniekError(Problem(unreadable(exc), file=str(path))) from None


def _weight(doc: dict) -> int:
    text = doc.get("text")
    regions = len(doc.get("entities") or ()) + len(doc.get("events") or ())
    return (len(text) if isinstance(text, str) else 0) + 100 * regions


class Pairing:
    """Pairs of (gold, prediction) documents in batches; see the module docstring."""

    def __init__(self, gold: Iterator[Line], gold_file: str, pred: str | Path, *,
                 allow_missing: bool = False):
        self.gold, self.gold_file = gold, gold_file
        self.pred = JsonLines(pred)
        self.allow_missing = allow_missing
        self.problems: dict[str, list[Problem]] = {"gold": [], "pred": [], "missing": []}
        self.unlisted = 0

    def _add(self, side: str, problems: list[Problem]) -> None:
        kept = self.problems[side]
        room = MAX_LISTED - len(kept)
        kept += problems[:max(room, 0)]
        self.unlisted += max(len(problems) - max(room, 0), 0)

    @property
    def failed(self) -> bool:
        return any(self.problems.values())

    def _index(self, first: Line | None, consumed: set[str]) -> dict:
        """id -> (offset, line number) of the predictions from line ``first`` on."""
        index: dict[str, tuple[int, int]] = {}
        if first is None:
            return index
        for ident, offset, number in self.pred.ids(first.offset, first.number):
            if ident in consumed or ident in index:
                self._add("pred", [Problem(TWICE, file=self.pred.file, document=ident,
                                           line=number)])
            else:
                index[ident] = (offset, number)
        return index

    def pairs(self) -> Iterator[tuple[dict, dict]]:
        """Every gold document with its prediction (``{"id": ...}`` when it has none)."""
        gold_ids: set[str] = set()
        consumed: set[str] = set()
        preds = self.pred.lines()
        index: dict | None = None
        for g in self.gold:
            ident = g.doc["id"]
            if ident in gold_ids:
                self._add("gold", [Problem(TWICE, file=self.gold_file, document=ident,
                                           line=g.number)])
                continue
            gold_ids.add(ident)
            self._add("gold", gold_problems(g.doc, file=self.gold_file, line=g.number))
            found: Line | None = None
            if index is None:
                line = next(preds, None)
                if line is not None and line.doc["id"] == ident:
                    found = line
                else:
                    preds.close()
                    index = self._index(line, consumed)
            if index is not None and ident in index:
                offset, number = index.pop(ident)
                found = Line(number, offset, self.pred.at(offset, number))
                if found.doc["id"] != ident:  # a second "id" key later in the line
                    self._add("pred", [Problem(f"field id: the line has two ids, {ident!r} "
                                               f"first and {found.doc['id']!r} last",
                                               file=self.pred.file, line=number)])
            if found is None:
                if not self.allow_missing:
                    self._add("missing", [Problem(MISSING, file=self.pred.file, document=ident)])
                yield g.doc, {"id": ident}
                continue
            consumed.add(ident)
            self._add("pred", prediction_problems(found.doc, g.doc, file=self.pred.file,
                                                  line=found.number))
            yield g.doc, found.doc
        if index is None:
            line = next(preds, None)
            preds.close()
            index = self._index(line, consumed)
        self.pred.close()
        for ident, (_, number) in index.items():
            self._add("pred", [Problem(NOT_IN_GOLD, file=self.pred.file, document=ident,
                                       line=number)])

    def batches(self) -> Iterator[tuple[list[dict], list[dict]]]:
        """:meth:`pairs` in batches of bounded size, none once a problem is found (the
        pairs are still read and checked to the end)."""
        gold: list[dict] = []
        pred: list[dict] = []
        weight = 0
        for g, p in self.pairs():
            if self.failed:
                gold.clear()
                pred.clear()
                continue
            gold.append(g)
            pred.append(p)
            weight += _weight(g) + _weight(p)
            if len(gold) >= BATCH_DOCUMENTS or weight >= BATCH_WEIGHT:
                yield gold, pred
                gold, pred, weight = [], [], 0
        if gold and not self.failed:
            yield gold, pred

    def check(self) -> None:
        """Raise every problem found (the gold file's alone, if it has any; documents
        without a prediction last)."""
        in_order = sorted(self.problems["pred"], key=lambda p: p.line or 0)  # file order
        problems = self.problems["gold"] or in_order + self.problems["missing"]
        if not problems:
            return
        if self.unlisted:
            problems = problems + [Problem(f"{self.unlisted} more problems not listed")]
        raise KroniekError(problems)

