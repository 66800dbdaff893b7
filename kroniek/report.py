"""Typed views of scores: :class:`PRF` for one score, :class:`Report` for a whole result.

:func:`kroniek.score` returns a :class:`Report`; every score in it reads as a
:class:`PRF` by its dotted name (``report["entities.strict"]``) or as attributes
(``report.entities.strict``), and ``to_dict()`` gives the JSON that ``kroniek score
--json`` prints and result records keep.

>>> report = Report({"documents": 1, "entities": {"strict": {"precision": 0.5, "recall": 1.0,
...     "f1": 2 / 3, "tp": 1, "n_pred": 2, "n_gold": 1, "per_type": {}}}})
>>> report["entities.strict"].f1 == report.entities.strict.f1
True
>>> report.entities.strict.predicted
2
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .metrics.lookup import lookup


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 of one score, with the counts they come from."""

    precision: float
    recall: float
    f1: float
    tp: float = 0
    predicted: float = 0
    gold: float = 0
    per_type: dict[str, "PRF"] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, row: dict) -> "PRF":
        return cls(row["precision"], row["recall"], row["f1"], row.get("tp", 0),
                   row.get("n_pred", 0), row.get("n_gold", 0),
                   {k: cls.from_dict(v) for k, v in (row.get("per_type") or {}).items()})

    def to_dict(self) -> dict:
        out = {"precision": self.precision, "recall": self.recall, "f1": self.f1,
               "tp": self.tp, "n_pred": self.predicted, "n_gold": self.gold}
        if self.per_type:
            out["per_type"] = {k: v.to_dict() for k, v in self.per_type.items()}
        return out


class _Node:
    """A level of the nested result, read by attribute (``report.coreference.conll``)."""

    def __init__(self, data: dict, path: str) -> None:
        self._data, self._path = data, path

    def __getattr__(self, name: str) -> Any:
        key = name.replace("_plus", "+")
        if key not in self._data:
            raise AttributeError(f"no score {self._path}.{key}; there are: "
                                 f"{', '.join(k for k in self._data if isinstance(self._data[k], dict))}")
        value = self._data[key]
        if isinstance(value, dict) and "f1" in value:
            return PRF.from_dict(value)
        return _Node(value, f"{self._path}.{key}") if isinstance(value, dict) else value


class Report(_Node):
    """Every score of a system against gold (see :func:`kroniek.metrics.score`)."""

    def __init__(self, scores: dict) -> None:
        super().__init__(scores, "report")

    def __getitem__(self, key: str) -> PRF:
        return PRF.from_dict(lookup(self._data, key))

    def __repr__(self) -> str:
        heads = [f"{k}={self[k].f1:.3f}" for k in ("entities.strict", "triggers.classification",
                                                    "arguments.classification", "relations",
                                                    "coreference.conll") if _has(self._data, k)]
        return f"Report(documents={self._data.get('documents')}, {', '.join(heads)})"

    @property
    def documents(self) -> int:
        return self._data.get("documents", 0)

    def to_dict(self) -> dict:
        """The nested JSON-able result, as ``kroniek score --json`` prints it."""
        return self._data

    def table(self) -> str:
        """The headline scores and per-type tables as text."""
        from .metrics.report import format_table

        return format_table(self._data)


def _has(data: dict, key: str) -> bool:
    try:
        lookup(data, key)
        return True
    except (KeyError, TypeError):
        return False
