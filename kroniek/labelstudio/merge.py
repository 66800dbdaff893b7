"""Merge a pulled task into the export file the repository already has, dropping nothing.

A pull must never lose gold. The server may be another server than the one the export
came from (a fresh one after ``push``), may lack annotations the export holds, or may
hold a ground truth that is older than the export's. :func:`merge_task` decides, per
document, what the new export file holds:

- annotations are the same when their Label Studio ``unique_id`` agrees, or (without
  one) their ``id`` and author; an unchanged annotation keeps its exact dict, so an
  unchanged task gives an unchanged file;
- an annotation of the export that the server lacks is kept, as long as the server's
  task is the export's task (same id and creation time) or holds all of its annotations
  (a restored task, see ``push --with-annotations``);
- the export's ground truth gives way only to a newer ground truth of the same task;
- otherwise the merge is a :class:`Conflict` naming what would be dropped, and only
  ``replace=True`` (``pull --replace``) lets the server's task win.

>>> old = {"id": 1, "created_at": "t0", "annotations": [{"id": 1, "completed_by": 2,
...        "result": [], "ground_truth": True, "updated_at": "t1"}]}
>>> fresh = {"id": 1, "created_at": "t9", "annotations": [{"id": 1, "completed_by": 1,
...          "result": [], "updated_at": "t9"}]}
>>> merge_task(old, fresh).conflict
'the server holds another task (task 1 created t9, the export has task 1 created t0): pulling would drop annotation 1 by user 2 (ground truth)'
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

Task = dict[str, Any]
Annotation = dict[str, Any]

# What an annotation says; other fields (timestamps, counters) are bookkeeping.
CONTENT = ("result", "ground_truth", "was_cancelled")


@dataclass
class Merged:
    """The task to write (``None``: keep the file as it is) or a conflict line."""

    task: Task | None
    conflict: str | None = None
    kept: int = 0          # annotations of the export the server lacks, kept


def author(annotation: Annotation) -> str:
    """Who made an annotation: a pseudonym, or ``user N`` for a server-local id."""
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    if isinstance(who, int) and not isinstance(who, bool):
        return f"user {who}"
    return str(who)


def same_annotation(a: Annotation, b: Annotation) -> bool:
    """Whether two annotations are one (see the module's rule)."""
    if a.get("unique_id") and b.get("unique_id"):
        return a["unique_id"] == b["unique_id"]
    return a.get("id") == b.get("id") and author(a) == author(b)


def same_content(a: Annotation, b: Annotation) -> bool:
    return (all(bool(a.get(k)) == bool(b.get(k)) for k in ("ground_truth", "was_cancelled"))
            and a.get("result") == b.get("result") and author(a) == author(b))


def parents(annotations: list[Annotation]) -> dict[int, object]:
    """The annotation each one revises (``parent_annotation``), named by its ``unique_id``
    where it has one, so that the same revision on two servers compares equal."""
    by_id = {a.get("id"): a for a in annotations}
    return {id(a): (by_id.get(a.get("parent_annotation")) or {}).get("unique_id",
                                                                    a.get("parent_annotation"))
            for a in annotations}


def describe(annotation: Annotation) -> str:
    gold = " (ground truth)" if annotation.get("ground_truth") else ""
    return f"annotation {annotation.get('id')} by {author(annotation)}{gold}"


def _list(items: list[Annotation]) -> str:
    shown = ", ".join(describe(a) for a in items[:5])
    return shown + (f" and {len(items) - 5} more" if len(items) > 5 else "")


def _gold(anns: list[Annotation]) -> list[Annotation]:
    return [a for a in anns if a.get("ground_truth") and not a.get("was_cancelled")]


def merge_task(current: Task | None, server: Task, *, replace: bool = False) -> Merged:
    """The export file's task after pulling ``server`` (see the module docstring)."""
    if not current or not isinstance(current.get("annotations"), list):
        return Merged(server)
    mine: list[Annotation] = current["annotations"]
    theirs: list[Annotation] = list(server.get("annotations") or [])
    same_task = (current.get("id"), current.get("created_at")) == \
        (server.get("id"), server.get("created_at"))
    pairs: list[tuple[Annotation, Annotation | None]] = []
    unmatched = list(theirs)
    for ann in mine:
        match = next((s for s in unmatched if same_annotation(ann, s)), None)
        if match is not None:
            unmatched.remove(match)
        pairs.append((ann, match))
    lacking = [ann for ann, match in pairs if match is None]
    if replace:
        return Merged(server)
    if not same_task and lacking:
        return Merged(None, f"the server holds another task (task {server.get('id')} created "
                            f"{server.get('created_at')}, the export has task {current.get('id')} "
                            f"created {current.get('created_at')}): pulling would drop "
                            f"{_list(lacking)}")
    mine_parent, their_parent = parents(mine), parents(theirs)
    merged = [ann if match is None or (same_content(ann, match)
                                       and mine_parent[id(ann)] == their_parent[id(match)])
              else match for ann, match in pairs]
    merged += unmatched
    old_gold = _gold(mine)
    carried = [a for a in _gold(merged) if any(same_annotation(a, b) for b in old_gold)]
    newer = [a for a in _gold(merged) if not any(same_annotation(a, b) for b in old_gold)]
    if carried and newer:
        stamp = lambda a: str(a.get("updated_at") or "")  # noqa: E731 (ISO 8601 sorts)
        if lacking and not same_task or min(map(stamp, newer)) <= max(map(stamp, carried)):
            return Merged(None, f"the server's ground truth ({_list(newer)}) is not a newer "
                                f"ground truth of the same task: pulling would replace "
                                f"{_list(carried)}")
        merged = [_unmarked(a) if any(a is c for c in carried) else a for a in merged]
    if len(merged) == len(mine) and all(a is b for a, b in zip(merged, mine)):
        return Merged(None, kept=len(lacking))
    task = {k: v for k, v in server.items() if k != "annotations"}
    task["annotations"] = merged
    return Merged(task, kept=len(lacking))


def _unmarked(annotation: Annotation) -> Annotation:
    """A copy that is no longer the ground truth (a newer one replaced it)."""
    out = copy.deepcopy(annotation)
    out["ground_truth"] = False
    return out
