"""Scores as typed values: :class:`Score` for one score, :class:`Report` for all of them.

:func:`kroniek.score` returns a :class:`Report`; evaluate, the bootstrap, agreement, the
leaderboard and the plots read scores through it too, never by dict paths. A Report is
lossless: ``Report.from_dict(report.to_dict())`` is the same report, and ``to_dict()`` is
exactly the JSON that ``kroniek score --json`` prints and result records keep
(docs/FORMAT.md section 4).

>>> from kroniek.metrics.counts import Counts
>>> report = Report(1, {"entities.strict": Score.of(Counts(1, 2, 1))})
>>> report["entities.strict"].f1 == report.entities.strict.f1
True
>>> report.entities.strict
Score(precision=0.5, recall=1, f1=0.6667, tp=1, n_pred=2, n_gold=1)
>>> Report.from_dict(report.to_dict()) == report
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from .counts import COUNT_FIELDS, Counts, table_scores
from .declared import METRICS


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one score, with the counts they come from.

    ``counts`` is ``None`` only for a mean of other scores (``coreference.conll``);
    ``details`` holds nervaluate's own counts for the entity schemes (``correct``,
    ``incorrect``, ``partial``, ``missed``, ``spurious``, ``actual``, ``possible``);
    ``per_type`` a Score per label; ``f1_ci`` a bootstrap interval when one was asked for.
    """

    precision: float
    recall: float
    f1: float
    counts: Counts | None = None
    details: Mapping[str, int | float] = field(default_factory=dict)
    per_type: Mapping[str, "Score"] = field(default_factory=dict)
    f1_ci: tuple[float, float] | None = None

    @classmethod
    def of(cls, counts: Counts, *, per_type: Mapping[str, Counts] | None = None,
           details: Mapping[str, int | float] | None = None,
           per_type_details: Mapping[str, Mapping] | None = None) -> "Score":
        """The score of ``counts``, with a per-type Score for each row of ``per_type``
        (scored in one scikit-learn call)."""
        rows = {}
        if per_type:
            per_type_details = per_type_details or {}
            scored = table_scores(per_type)
            rows = {label: cls(*scored[label], per_type[label],
                               dict(per_type_details.get(label, {})))
                    for label in per_type}
        return cls(*counts.scores, counts, dict(details or {}), rows)

    @property
    def tp(self) -> float:
        return 0 if self.counts is None else self.counts.tp

    @property
    def n_pred(self) -> float:
        return 0 if self.counts is None else self.counts.n_pred

    @property
    def n_gold(self) -> float:
        return 0 if self.counts is None else self.counts.n_gold

    def to_dict(self) -> dict:
        """The JSON row: precision, recall, f1, the counts, nervaluate's counts,
        ``per_type`` (when there are types) and ``f1_ci`` (when resampled)."""
        out: dict[str, Any] = {"precision": self.precision, "recall": self.recall,
                               "f1": self.f1}
        if self.counts is not None:
            out |= self.counts.fields()
        out |= self.details
        if self.per_type:
            out["per_type"] = {k: v.to_dict() for k, v in self.per_type.items()}
        if self.f1_ci is not None:
            out["f1_ci"] = list(self.f1_ci)
        return out

    @classmethod
    def from_dict(cls, row: Mapping) -> "Score":
        """The Score of a JSON row (:meth:`to_dict`), keeping every field."""
        skip = {"precision", "recall", "f1", "per_type", "f1_ci", *COUNT_FIELDS}
        ci = row.get("f1_ci")
        return cls(row["precision"], row["recall"], row["f1"], Counts.from_fields(row),
                   {k: v for k, v in row.items() if k not in skip},
                   {k: cls.from_dict(v) for k, v in (row.get("per_type") or {}).items()},
                   None if ci is None else (ci[0], ci[1]))

    def __repr__(self) -> str:
        text = f"precision={self.precision:.4g}, recall={self.recall:.4g}, f1={self.f1:.4g}"
        if self.counts is not None:
            text += f", tp={self.tp:g}, n_pred={self.n_pred:g}, n_gold={self.n_gold:g}"
        if self.f1_ci is not None:
            text += f", f1_ci=({self.f1_ci[0]:.4g}, {self.f1_ci[1]:.4g})"
        if self.per_type:
            text += f", per_type=<{len(self.per_type)} types: {', '.join(self.per_type)}>"
        return f"Score({text})"


PRF = Score
"""The earlier name of :class:`Score`."""


@dataclass(frozen=True)
class Report:
    """Every score of predictions against gold: ``documents`` scored, and ``scores`` by
    dotted metric name (:data:`kroniek.metrics.declared.METRICS`), in report order.

    Read a score by name (``report["entities.strict"]``) or by attribute
    (``report.entities.strict``, ``report.arguments.classification_plus`` for
    ``arguments.classification+``); ``print(report)``, ``print(report.arguments)`` and
    :meth:`table` show them as text; :meth:`to_dict` gives the JSON.
    """

    documents: int
    scores: Mapping[str, Score]

    def __getitem__(self, name: str) -> Score:
        try:
            return self.scores[name]
        except KeyError:
            raise KeyError(f"no score {name!r}; there are: {', '.join(self.scores)}") from None

    def __contains__(self, name: str) -> bool:
        return name in self.scores

    def __iter__(self):
        return iter(self.scores)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name in ("documents", "scores"):
            raise AttributeError(name)
        if name in self.scores:  # a family that is one score: relations
            return self.scores[name]
        if any(n.startswith(name + ".") for n in self.scores):
            return Family(self, name)
        raise AttributeError(f"no score family {name!r}; there are: "
                             f"{', '.join(dict.fromkeys(n.split('.')[0] for n in self.scores))}")

    def __repr__(self) -> str:
        return "Report(\n" + self.table(per_type=False) + ")"

    def with_intervals(self, intervals: Mapping[str, tuple[float, float]]) -> "Report":
        """The same report with ``f1_ci`` set on the scores named in ``intervals``."""
        return Report(self.documents, {
            name: replace(s, f1_ci=(intervals[name][0], intervals[name][1]))
            if name in intervals else s for name, s in self.scores.items()})

    def to_dict(self) -> dict:
        """The nested JSON-able result, as ``kroniek score --json`` prints it:
        ``{"documents": n, "entities": {"strict": {...}, ...}, "relations": {...}, ...}``."""
        out: dict[str, Any] = {"documents": self.documents}
        for name, score in self.scores.items():
            family, _, variant = name.partition(".")
            if variant:
                out.setdefault(family, {})[variant] = score.to_dict()
            else:
                out[family] = score.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping) -> "Report":
        """The Report of :meth:`to_dict`'s JSON (a result record's ``scores``)."""
        scores: dict[str, Score] = {}
        for family, value in data.items():
            if family == "documents" or not isinstance(value, Mapping):
                continue
            if "f1" in value:
                scores[family] = Score.from_dict(value)
            else:
                for variant, row in value.items():
                    scores[f"{family}.{variant}"] = Score.from_dict(row)
        return cls(int(data.get("documents", 0)), scores)

    def table(self, *, per_type: bool = True) -> str:
        """The scores in per cent with tp / predicted / gold counts, then the per-type
        tables of the metrics declared with one (``per_type_table``)."""
        width = max([len(n) for n in self.scores] + [28])
        header = (f"{'':<{width}} {'precision':>9} {'recall':>9} {'f1':>9} {'tp':>9} "
                  f"{'predicted':>9} {'gold':>9}")
        lines = [f"documents: {self.documents}", "", header]
        lines += [_line(name, s, width) for name, s in self.scores.items()]
        if per_type:
            for metric in METRICS:
                rows = self.scores.get(metric.name)
                if metric.per_type_table and rows is not None and rows.per_type:
                    lines += ["", f"{metric.name}, per type", header]
                    lines += [_line(f"  {label}", s, width) for label, s in rows.per_type.items()]
        return "\n".join(lines) + "\n"


class Family:
    """The scores of one family of a :class:`Report` (``report.coreference``), read by
    attribute; printed as a table."""

    def __init__(self, report: Report, family: str) -> None:
        self._report, self._family = report, family

    def __getattr__(self, name: str) -> Score:
        key = f"{self._family}.{name.replace('_plus', '+')}"
        if key not in self._report.scores:
            raise AttributeError(f"no score {key}; there are: {', '.join(self._names())}")
        return self._report.scores[key]

    def _names(self) -> list[str]:
        return [n for n in self._report.scores if n.startswith(self._family + ".")]

    def __dir__(self):
        return [n.split(".", 1)[1].replace("+", "_plus") for n in self._names()]

    def __repr__(self) -> str:
        sub = Report(self._report.documents, {n: self._report.scores[n] for n in self._names()})
        return sub.table(per_type=False)


def _line(name: str, score: Score, width: int) -> str:
    counts = ""
    if score.counts is not None and score.counts.tp_gold is None:
        counts = f"{score.tp:>9g} {score.n_pred:>9g} {score.n_gold:>9g}"
    ci = ""
    if score.f1_ci is not None:
        ci = f"  f1 {100 * score.f1_ci[0]:.2f}-{100 * score.f1_ci[1]:.2f}"
    return (f"{name:<{width}} {100 * score.precision:>9.2f} {100 * score.recall:>9.2f} "
            f"{100 * score.f1:>9.2f} {counts}{ci}").rstrip()

