"""Every score Kroniek reports, declared once: adding a metric is one edit here.

A :class:`Metric` says what family (task) it belongs to, how it is computed (``kind``:
nervaluate's span schemes, sets of matching tuples, or coreference), whether it is a
leaderboard column (``title``), whether bootstrap resamples it, and whether its
``per_type`` table is printed. Set metrics also say which fields of their source make up
an item (``fields``), which field gives the per-type rows (``per_type``, with its
``inventory``) and which offset places an item in a sentence for resampling
(``anchor``). The report, the stream scorer, the bootstrap, evaluate, the leaderboard and
the command line all read this table, never a list of their own.

Set items are tuples of fields of one *source* record, which starts with the document's
position in the gold list:

=========  ==============================================================
source     record
=========  ==============================================================
triggers   doc, start, end, type
arguments  doc, start, end, type, arg_start, arg_end, role
relations  doc, head_start, head_end, tail_start, tail_end, type
=========  ==============================================================

>>> [m.name for m in METRICS if m.title][:3]
['entities.strict', 'entities.type', 'triggers.identification']
>>> METRICS_BY_NAME["arguments.classification+"].fields
('doc', 'start', 'end', 'type', 'arg_start', 'arg_end', 'role')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..schema import ARGUMENT_ROLES, EVENT_RELATIONS, EVENT_TYPES, TASKS

SOURCES: dict[str, tuple[str, ...]] = {
    "triggers": ("doc", "start", "end", "type"),
    "arguments": ("doc", "start", "end", "type", "arg_start", "arg_end", "role"),
    "relations": ("doc", "head_start", "head_end", "tail_start", "tail_end", "type"),
}


@dataclass(frozen=True)
class Metric:
    """One score: its dotted ``name`` (``family.variant``, or just the family) and how it
    is computed, shown and resampled (see the module docstring)."""

    name: str
    kind: str  # "spans" (nervaluate), "set" (matching tuples) or "coreference"
    title: str | None = None  # leaderboard column title; None: not a headline
    resamplable: bool = True
    per_type_table: bool = False  # printed per type by Report.table()
    source: str | None = None  # set metrics: triggers, arguments or relations
    fields: tuple[str, ...] = ()
    per_type: str | None = None  # set metrics: the field whose values are the per-type rows
    inventory: tuple[str, ...] = ()
    anchor: str = "start"  # set metrics: the offset that places an item in a sentence

    @property
    def family(self) -> str:
        """The task the metric scores: ``entities``, ``triggers``, ``arguments``,
        ``relations`` or ``coreference``."""
        return self.name.split(".", 1)[0]

    @property
    def variant(self) -> str:
        """The part after the family (``strict``), or ``""`` for ``relations``."""
        return self.name.partition(".")[2]

    @property
    def label_index(self) -> int | None:
        return None if self.per_type is None else self.fields.index(self.per_type)

    @property
    def anchor_index(self) -> int:
        return self.fields.index(self.anchor)


def _set(name: str, source: str, fields: tuple[str, ...], *, title: str | None = None,
         per_type: str | None = None, inventory: tuple[str, ...] = (), anchor: str = "start",
         per_type_table: bool = False) -> Metric:
    return Metric(name, "set", title=title, per_type_table=per_type_table, source=source,
                  fields=fields, per_type=per_type, inventory=inventory, anchor=anchor)


METRICS: tuple[Metric, ...] = (
    Metric("entities.strict", "spans", title="Entities strict", per_type_table=True),
    Metric("entities.exact", "spans"),
    Metric("entities.partial", "spans"),
    Metric("entities.type", "spans", title="Entities type"),
    _set("triggers.identification", "triggers", ("doc", "start", "end"), title="Trigger I"),
    _set("triggers.classification", "triggers", ("doc", "start", "end", "type"),
         title="Trigger C", per_type="type", inventory=EVENT_TYPES, per_type_table=True),
    _set("arguments.identification", "arguments", ("doc", "type", "arg_start", "arg_end"),
         title="Argument I", anchor="arg_start"),
    _set("arguments.classification", "arguments", ("doc", "type", "arg_start", "arg_end", "role"),
         title="Argument C", per_type="role", inventory=ARGUMENT_ROLES, anchor="arg_start",
         per_type_table=True),
    _set("arguments.identification+", "arguments",
         ("doc", "start", "end", "type", "arg_start", "arg_end")),
    _set("arguments.classification+", "arguments",
         ("doc", "start", "end", "type", "arg_start", "arg_end", "role"),
         per_type="role", inventory=ARGUMENT_ROLES),
    _set("relations", "relations", SOURCES["relations"], title="Relations", per_type="type",
         inventory=EVENT_RELATIONS, anchor="head_start", per_type_table=True),
    Metric("coreference.muc", "coreference"),
    Metric("coreference.b3", "coreference"),
    Metric("coreference.ceafe", "coreference"),
    Metric("coreference.conll", "coreference", title="Coref CoNLL"),
)
"""Every metric, in the order reports list them (families in :data:`TASKS` order)."""

METRICS_BY_NAME: dict[str, Metric] = {m.name: m for m in METRICS}
HEADLINES: tuple[Metric, ...] = tuple(m for m in METRICS if m.title)
RESAMPLABLE: tuple[str, ...] = tuple(m.name for m in METRICS if m.resamplable)
SET_METRICS: dict[str, Metric] = {m.name: m for m in METRICS if m.kind == "set"}
ENTITY_SCHEMES: tuple[str, ...] = tuple(m.variant for m in METRICS if m.kind == "spans")
COREF_SCORES: tuple[str, ...] = tuple(m.variant for m in METRICS if m.kind == "coreference")

assert [m.family for m in METRICS] == sorted((m.family for m in METRICS), key=TASKS.index)
for _m in SET_METRICS.values():  # every field of a set metric is one of its source's
    assert set(_m.fields) <= set(SOURCES[_m.source]), _m.name


def metric_names(tasks: Iterable[str] | None = None) -> list[str]:
    """Dotted names of every metric of ``tasks`` (default: all), in report order.

    >>> metric_names(["relations", "coreference"])
    ['relations', 'coreference.muc', 'coreference.b3', 'coreference.ceafe', 'coreference.conll']
    """
    wanted = set(TASKS if tasks is None else tasks)
    return [m.name for m in METRICS if m.family in wanted]


def check_tasks(tasks: Iterable[str] | None) -> list[str]:
    """``tasks`` as a list (all of :data:`TASKS` when ``None``); an unknown one is a
    ``ValueError`` naming the known ones."""
    tasks = list(TASKS if tasks is None else tasks)
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        raise ValueError(f"unknown task {unknown[0]!r}; tasks are {', '.join(TASKS)}")
    return tasks
