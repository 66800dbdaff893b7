"""Checks of Label Studio exports: everything Label Studio itself lets through.

Label Studio accepts annotations with unknown labels, offsets outside the text, region
text that does not match its offsets, overlapping regions and relations to regions that
do not exist. The dataset must not: :func:`check_tasks` lists every such problem, one
:class:`~kroniek.errors.Problem` each, naming the file, the document and the region.

An empty result list is accepted: it is an annotator's statement that the document has
nothing to annotate, not an error. A task with no annotation at all is not annotated yet
and is skipped by the build.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from . import schema
from .convert import Task, document_id, gold_annotation
from .errors import KroniekError, Problem

REGION_CONTROLS = {schema.ENTITY: schema.ENTITY_TYPES, schema.EVENT: schema.EVENT_TYPES}
CHOICE_CONTROLS = {schema.MENTION: (schema.ENTITY, schema.MENTION_LEVELS),
                   schema.REALIS_CONTROL: (schema.EVENT, schema.REALIS)}
OUR_CONTROLS = sorted([*REGION_CONTROLS, *CHOICE_CONTROLS])


def check_results(results: Any, text: str, *, file: str | None, document: str,
                  source: str = "") -> list[Problem]:
    """Problems in one annotation's (or prediction's) result list over ``text``."""
    problems: list[Problem] = []

    def bad(message: str, region: Any = None) -> None:
        problems.append(Problem(source + message, file=file, document=document,
                                region=None if region is None else str(region)))

    if not isinstance(results, list):
        bad("'result' is not a list")
        return problems
    regions: dict[str, str] = {}
    spans: list[tuple[int, int, str]] = []
    choices: list[tuple[str, str, Any]] = []
    relations: list[dict[str, Any]] = []
    for result in results:
        if not isinstance(result, dict):
            bad("a result is not an object")
            continue
        kind, control, rid = result.get("type"), result.get("from_name"), result.get("id")
        value = result.get("value") if isinstance(result.get("value"), dict) else {}
        if kind == "relation":
            relations.append(result)
            continue
        if kind not in ("labels", "choices"):
            bad(f"result type {kind!r} is not used by Kroniek's labeling config", rid)
            continue
        known = REGION_CONTROLS if kind == "labels" else CHOICE_CONTROLS
        if control not in known:
            bad(f"control {control!r} is not one of ours ({', '.join(OUR_CONTROLS)}): was this "
                "exported from a project with a different labeling config?", rid)
            continue
        if rid is None:
            bad(f"a {control} result has no region id")
            continue
        if kind == "choices":
            choices.append((str(rid), control, value.get("choices")))
            continue
        rid = str(rid)
        labels = value.get("labels")
        if rid in regions:
            bad("duplicate region id" + ("" if regions[rid] == control else
                " (one region cannot be both an entity and an event: make two regions)"), rid)
            continue
        regions[rid] = control
        if not isinstance(labels, list) or len(labels) != 1:
            bad(f"{control} region must have exactly one label, has {labels!r}", rid)
        elif labels[0] not in REGION_CONTROLS[control]:
            bad(f"unknown {control} label {labels[0]!r} (known: "
                f"{', '.join(REGION_CONTROLS[control])})", rid)
        start, end = value.get("start"), value.get("end")
        if not (type(start) is int and type(end) is int):
            bad(f"offsets {start!r}-{end!r} are not integers", rid)
            continue
        if not (0 <= start and end <= len(text)):
            bad(f"offsets {start}-{end} are outside the text (length {len(text)})", rid)
            continue
        if start >= end:
            bad(f"offsets {start}-{end} make an empty region", rid)
            continue
        if value.get("text") is not None and value["text"] != text[start:end]:
            bad(f"region text {value['text']!r} does not match the text at {start}-{end} "
                f"({text[start:end]!r})", rid)
        if control == schema.ENTITY:
            spans.append((start, end, rid))

    for rid, control, picked in choices:
        region_control, inventory = CHOICE_CONTROLS[control]
        if regions.get(rid) != region_control:
            bad(f"{control} choice belongs to no {region_control} region", rid)
        elif not isinstance(picked, list) or len(picked) != 1 or picked[0] not in inventory:
            bad(f"{control} must be one of {', '.join(inventory)}, is {picked!r}", rid)
    chosen = {(rid, control) for rid, control, _ in choices}
    for rid, control in regions.items():
        needed = schema.MENTION if control == schema.ENTITY else schema.REALIS_CONTROL
        if (rid, needed) not in chosen:
            bad(f"{control} region has no {needed} choice", rid)

    spans.sort()
    for (s1, e1, r1), (s2, e2, r2) in zip(spans, spans[1:]):
        if s2 < e1:
            bad(f"entity regions overlap ({s1}-{e1} and {r2} at {s2}-{e2}); entities are flat", r1)

    for rel in relations:
        head, tail = rel.get("from_id"), rel.get("to_id")
        if rel.get("direction") == "left":
            head, tail = tail, head
        where = f"{head}->{tail}"
        labels = rel.get("labels") or []
        if not labels:
            bad("relation has no label", where)
        missing = [x for x in (head, tail) if str(x) not in regions]
        if missing:
            bad(f"relation points to a missing region {missing[0]}", where)
            continue
        if str(head) == str(tail):
            bad("relation from a region to itself", where)
            continue
        kinds = (regions[str(head)], regions[str(tail)])
        for label in labels:
            try:
                kind = schema.kind_of_relation(label)
            except KeyError:
                bad(f"unknown relation label {label!r}", where)
                continue
            if kind == "argument" and kinds != (schema.EVENT, schema.ENTITY):
                bad(f"role {label} must run from an event trigger to an entity, "
                    f"runs {kinds[0]} -> {kinds[1]}", where)
            elif kind == "relation" and kinds != (schema.EVENT, schema.EVENT):
                bad(f"event relation {label} must link two event triggers, "
                    f"links {kinds[0]} -> {kinds[1]}", where)
            elif kind == "coreference" and kinds[0] != kinds[1]:
                bad(f"coreference must stay within entities or within events, "
                    f"links {kinds[0]} -> {kinds[1]}", where)
    return problems


def check_task(task: Any, *, file: str | None, seeds: Mapping[str, str] | None = None,
               position: int = 0) -> list[Problem]:
    """Problems of one task: its data, the choice of gold, every annotation and prediction."""
    if not isinstance(task, dict):
        return [Problem(f"task {position} is not an object", file=file)]
    data = task.get("data")
    doc = document_id(task) if isinstance(data, dict) else f"task {position}"
    where = {"file": file, "document": doc}
    if not isinstance(data, dict) or not isinstance(data.get(schema.TEXT), str):
        return [Problem("task has no data.text", **where)]
    if not isinstance(data.get(schema.DOCUMENT_ID), str):
        return [Problem("task has no data.document_id", **where)]
    text = data[schema.TEXT]
    problems: list[Problem] = []
    if seeds is not None:
        if doc not in seeds:
            problems.append(Problem(f"no seed article seeds/{doc}.txt for this task", **where))
        elif seeds[doc] != text:
            at = next((i for i, (a, b) in enumerate(zip(seeds[doc], text)) if a != b),
                      min(len(seeds[doc]), len(text)))
            problems.append(Problem(f"task text differs from seeds/{doc}.txt from character {at}"
                                    " on: the annotation is of another version of the article",
                                    **where))
            return problems
    try:
        gold_annotation(task, file=file)
    except KroniekError as error:
        problems += error.problems
    for key, label in (("annotations", "annotation"), ("predictions", "prediction")):
        items = task.get(key) or []
        if not isinstance(items, list):
            problems.append(Problem(f"'{key}' is not a list", **where))
            continue
        for item in items:
            if not isinstance(item, dict):
                problems.append(Problem(f"an {label} is not an object", **where))
                continue
            if item.get("was_cancelled"):
                continue
            ident = item.get("id", item.get("model_version", "?"))
            problems += check_results(item.get("result", []), text, file=file, document=doc,
                                      source=f"{label} {ident}: ")
    return problems


def check_export(tasks: Any, *, file: str | None, seeds: Mapping[str, str] | None = None
                 ) -> list[Problem]:
    """Problems of a whole export (a list of tasks)."""
    if not isinstance(tasks, list):
        return [Problem(f"top level is {type(tasks).__name__}, not a list of Label Studio "
                        "tasks (export the project as JSON)", file=file)]
    problems: list[Problem] = []
    for position, task in enumerate(tasks):
        problems += check_task(task, file=file, seeds=seeds, position=position)
    return problems


def raise_for(problems: Iterable[Problem]) -> None:
    """Raise a :class:`KroniekError` carrying ``problems`` if there are any."""
    problems = list(problems)
    if problems:
        raise KroniekError(problems)
