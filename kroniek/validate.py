"""Checks of Label Studio exports: everything Label Studio itself lets through.

Label Studio accepts annotations with unknown labels, offsets outside the text, region
text that does not match its offsets, overlapping regions and relations to regions that
do not exist. The dataset must not: :func:`check_export` lists every such problem, one
:class:`~kroniek.errors.Problem` each, naming the file, the document and the region, and
:func:`check_files` does the same for export files read one task at a time, so that a
large export is checked in little memory.

An empty result list is accepted: it is an annotator's statement that the document has
nothing to annotate, not an error. A task with no annotation at all is not annotated yet
and is skipped by the build.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from . import schema
from .convert import document_id, gold_annotation
from .errors import KroniekError, Problem
from .jsonlines import json_kind, shown
from .sources import iter_export
from .utf16 import utf16_problem

REGION_CONTROLS = {schema.ENTITY: schema.ENTITY_TYPES, schema.EVENT: schema.EVENT_TYPES}
CHOICE_CONTROLS = {schema.MENTION: (schema.ENTITY, schema.MENTION_LEVELS),
                   schema.REALIS_CONTROL: (schema.EVENT, schema.REALIS)}
OUR_CONTROLS = sorted([*REGION_CONTROLS, *CHOICE_CONTROLS])
DIRECTIONS = ("right", "left", "bi")
"""A relation's ``direction`` in Label Studio: ``right`` runs from_id -> to_id, ``left``
the other way, ``bi`` both ways: only coreference, which is symmetric, may be ``bi``
(an argument or an event relation has a head and a tail). Any other value is refused."""
FLAGS = ("ground_truth", "was_cancelled")
"""An annotation's flags, which must be JSON booleans (a string "yes" is not true)."""


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
    foreign: Counter[str] = Counter()
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
            foreign[f"result type {shown(kind)} is not used by Kroniek's labeling config"] += 1
            continue
        known = REGION_CONTROLS if kind == "labels" else CHOICE_CONTROLS
        if not isinstance(control, str) or control not in known:
            foreign[f"control {shown(control)} is not one of ours ({', '.join(OUR_CONTROLS)})"] += 1
            continue
        if rid is None:
            bad(f"{control} result has no region id")
            continue
        if not _is_id(rid):
            bad(f"{control} result's region id must be a string, is {shown(rid)}")
            continue
        if kind == "choices":
            choices.append((str(rid), control, value.get("choices")))
            continue
        rid = str(rid)
        labels = value.get("labels")
        if rid in regions:
            bad("duplicate region id" + (": two regions share it (annotations merged by hand?); "
                "export again or delete one" if regions[rid] == control else
                " (one region cannot be both an entity and an event: make two regions)"), rid)
            continue
        regions[rid] = control
        if not isinstance(labels, list) or len(labels) != 1:
            bad(f"{control} region must have exactly one label, has {_labels(labels)}", rid)
        elif labels[0] not in REGION_CONTROLS[control]:
            bad(f"unknown {control} label {shown(labels[0])} (known: "
                f"{', '.join(REGION_CONTROLS[control])})", rid)
        start, end = value.get("start"), value.get("end")
        if not (type(start) is int and type(end) is int):
            bad(f"offsets {shown(start)}-{shown(end)} are not integers", rid)
            continue
        if value.get("text") is None:
            counted_twice = utf16_problem(text, start, end)
            if counted_twice:
                bad(counted_twice, rid)
                continue
        if not (0 <= start and end <= len(text)):
            bad(f"offsets {start}-{end} are outside the text (length {len(text)})", rid)
            continue
        if start >= end:
            bad(f"offsets {start}-{end} make an empty region", rid)
            continue
        if value.get("text") is not None and value["text"] != text[start:end]:
            bad(f"region text {shown(value['text'])} does not match the text at {start}-{end} "
                f"({text[start:end]!r}){_shift_hint(value['text'], text, start)}", rid)
        if control == schema.ENTITY:
            spans.append((start, end, rid))

    for what, n in foreign.items():
        bad(f"{what} in {n} result{'s' * (n > 1)}: was this exported from a project with a "
            "different labeling config? Annotate in a project made by 'kroniek labelstudio'")

    chosen: set[tuple[str, str]] = set()
    for rid, control, picked in choices:
        region_control, inventory = CHOICE_CONTROLS[control]
        if (rid, control) in chosen:
            bad(f"region has two {control} choices; keep one", rid)
            continue
        chosen.add((rid, control))
        if regions.get(rid) != region_control:
            bad(f"{control} choice belongs to no {region_control} region", rid)
        elif not isinstance(picked, list) or len(picked) != 1 or picked[0] not in inventory:
            bad(f"{control} must be one of {', '.join(inventory)}, is {_labels(picked)}", rid)
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
        direction = rel.get("direction", "right")
        if direction == "left":
            head, tail = tail, head
        where = f"{head if _is_id(head) else shown(head)}->{tail if _is_id(tail) else shown(tail)}"
        if direction not in DIRECTIONS:
            bad(f"field direction: relation direction {shown(direction)} is not one of "
                f"{', '.join(DIRECTIONS)}: set its direction in Label Studio", where)
            continue
        labels = rel.get("labels") or []
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            bad(f"relation labels must be a list of names, are {_labels(labels)}", where)
            continue
        if not labels:
            bad("relation has no label", where)
        if len(labels) > 1:
            bad(f"field labels: relation has {len(labels)} labels {_labels(labels)}; a "
                "relation holds one label: draw one relation per label", where)
            continue
        if direction == "bi" and labels and labels[0] != schema.COREFERENCE:
            bad(f"field direction: a {shown(labels[0])} relation cannot run both ways ('bi'): "
                f"only {schema.COREFERENCE} is symmetric; set its direction in Label Studio",
                where)
            continue
        missing = [x for x in (head, tail) if not _is_id(x) or str(x) not in regions]
        if missing:
            bad(f"relation points to a missing region "
                f"{missing[0] if _is_id(missing[0]) else shown(missing[0])}", where)
            continue
        if str(head) == str(tail):
            bad("relation from a region to itself", where)
            continue
        kinds = (regions[str(head)], regions[str(tail)])
        for label in labels:
            try:
                kind = schema.kind_of_relation(label)
            except KeyError:
                bad(f"unknown relation label {shown(label)}; {_relation_hint(kinds)}", where)
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


def _shift_hint(region_text: Any, text: str, start: int, *, window: int = 20) -> str:
    """Where the region's text is when it sits a few characters away: shifted offsets."""
    if not isinstance(region_text, str) or not region_text:
        return ""
    lo = max(0, start - window)
    found = [lo + i for i in range(window * 2 + 1)
             if text.startswith(region_text, lo + i)]
    if not found:
        return ""
    at = min(found, key=lambda i: abs(i - start))
    return (f"; that text is at {at}-{at + len(region_text)}: the offsets are off by "
            f"{start - at:+d}")


def _relation_hint(kinds: tuple[str, str]) -> str:
    """The labels a relation between regions of these kinds may have."""
    if kinds == (schema.EVENT, schema.ENTITY):
        return "an argument role is one of " + ", ".join(schema.ARGUMENT_ROLES)
    if kinds == (schema.EVENT, schema.EVENT):
        return ("between events: " + ", ".join(schema.EVENT_RELATIONS)
                + f" or {schema.COREFERENCE}")
    if kinds == (schema.ENTITY, schema.ENTITY):
        return f"between entities only {schema.COREFERENCE}"
    return "no relation may run from an entity to an event"


def check_task(task: Any, *, file: str | None, seeds: Mapping[str, str] | None = None,
               position: int = 0, require_gold: bool = True) -> list[Problem]:
    """Problems of one task: its data, the choice of gold, every annotation and prediction.

    ``position`` is the task's index in its file (0-based; messages count from 1).
    ``require_gold=False`` skips the choice of the gold annotation, for tools such as
    ``kroniek agreement`` that read every annotation of a task that is not adjudicated yet.
    """
    if not isinstance(task, dict):
        return [Problem(f"task {position + 1} is not an object but {_json_kind(task)}", file=file)]
    data = task.get("data")
    doc = _document(task, position)
    where = {"file": file, "document": doc}
    if not isinstance(data, dict) or not isinstance(data.get(schema.TEXT), str):
        keys = ", ".join(map(str, data)) if isinstance(data, dict) else ""
        return [Problem(f"task has no data.text (its data holds: {keys or 'nothing'}); Kroniek "
                        "tasks hold the article in data.text", **where)]
    if not isinstance(data.get(schema.DOCUMENT_ID), str):
        return [Problem("task has no data.document_id: Kroniek tasks name their seed article "
                        "there (import tasks with 'kroniek labelstudio push')", **where)]
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
    for key, label in (("annotations", "annotation"), ("predictions", "prediction")):
        if key in task and not isinstance(task[key], list):
            what = "null" if task[key] is None else f"{json_kind(task[key])}, not a list"
            problems.append(Problem(f"{_task(task, position)}: field {key} is {what}; a task "
                                    f"without {key} has an empty list: export the project "
                                    "again", **where))
            continue
        items = task.get(key, [])
        if key == "predictions" and isinstance(items, list):
            # The web interface's quick export lists predictions by id only: nothing to check.
            items = [i for i in items if not isinstance(i, int)]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            problems.append(Problem(f"'{key}' is not a list of objects", **where))
            continue
        if key == "annotations":
            flags = _flag_problems(items, task, position, where)
            problems += flags
            if flags:
                continue
        if key == "annotations" and require_gold:
            try:
                gold_annotation(task, file=file)
            except KroniekError as error:
                problems += error.problems
        for item in items:
            if item.get("was_cancelled"):
                continue
            ident = item.get("id", item.get("model_version", "?"))
            ident = ident if _is_id(ident) else shown(ident)
            problems += check_results(item.get("result", []), text, file=file, document=doc,
                                      source=f"{label} {ident}: ")
    return problems


def _task(task: dict, position: int) -> str:
    """``task 11`` (Label Studio's id) or ``task 3 of the file`` (its position)."""
    ident = task.get("id")
    return f"task {ident}" if _is_id(ident) else f"task {position + 1} of the file"


def _flag_problems(annotations: list[dict], task: dict, position: int,
                   where: dict) -> list[Problem]:
    """Annotation flags that are not booleans, and cancelled annotations marked as the
    ground truth: either would make the choice of the gold a guess."""
    problems = []
    for ann in annotations:
        ident = ann.get("id", "?")
        ident = ident if _is_id(ident) else shown(ident)
        for flag in FLAGS:
            if flag in ann and ann[flag] is not None and not isinstance(ann[flag], bool):
                problems.append(Problem(
                    f"{_task(task, position)}: annotation {ident}: field {flag} must be true or "
                    f"false, is {shown(ann[flag])}", **where))
        if ann.get("ground_truth") is True and ann.get("was_cancelled") is True:
            problems.append(Problem(
                f"{_task(task, position)}: annotation {ident} is marked ground truth but was "
                "cancelled (skipped): a cancelled annotation is never the gold; in Label "
                "Studio unmark it, or submit it", **where))
    return problems


def _is_id(value: Any) -> bool:
    """Whether a region, task or annotation id can be printed and compared as given."""
    return isinstance(value, str) or isinstance(value, int) and not isinstance(value, bool)


def _labels(value: Any) -> str:
    """A label list in a message: its names when it is a short list of them."""
    if isinstance(value, list) and len(value) <= 5 and all(isinstance(x, str) for x in value):
        return "[" + ", ".join(shown(x) for x in value) + "]"
    odd = [x for x in value if not isinstance(x, str)] if isinstance(value, list) else []
    return f"a list holding {json_kind(odd[0])}" if odd else shown(value)


def _document(task: dict, position: int) -> str:
    """:func:`~kroniek.convert.document_id`, for any JSON value in the fields it reads."""
    data = task.get("data")
    if isinstance(data, dict) and isinstance(data.get(schema.DOCUMENT_ID), str) \
            and data[schema.DOCUMENT_ID]:
        return data[schema.DOCUMENT_ID]
    if isinstance(data, dict) and _is_id(task.get("id")):
        return document_id({"data": {}, "id": task["id"]})
    return f"task {position + 1}"


def _json_kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", type(None): "null",
            bool: "a boolean"}.get(type(value), "a number")


def _duplicate(task: Any, seen: dict[str, tuple[str | None, int, Any]], *, file: str | None,
               position: int) -> list[Problem]:
    """A problem when ``task``'s document was already annotated in another task.

    ``seen`` maps the documents of annotated tasks met so far to their (file, position,
    Label Studio id); a task without annotations (not annotated yet) may repeat.
    """
    if not (isinstance(task, dict) and isinstance(task.get("data"), dict)
            and task.get("annotations")):
        return []
    doc = _document(task, position)
    if doc not in seen:
        seen[doc] = (file, position, task.get("id"))
        return []
    other, at, other_id = seen[doc]
    where = (f"tasks {at + 1} and {position + 1} of this export" if other == file
             else f"task {position + 1}, and task {at + 1} of {other}")
    if _is_id(other_id) and _is_id(task.get("id")):
        where += f"; Label Studio ids {other_id} and {task['id']}"
    return [Problem(f"annotated in two tasks ({where}); a document must be annotated in one "
                    "task only: delete one of them in Label Studio", file=file, document=doc)]


def check_export(tasks: Any, *, file: str | None, seeds: Mapping[str, str] | None = None
                 ) -> list[Problem]:
    """Problems of a whole export (a list of tasks)."""
    if not isinstance(tasks, list):
        return [Problem(f"top level is {_json_kind(tasks)}, not a list of Label Studio tasks "
                        "(in Label Studio: Export, format JSON)", file=file)]
    problems: list[Problem] = []
    seen: dict[str, tuple[str | None, int, Any]] = {}
    for position, task in enumerate(tasks):
        problems += check_task(task, file=file, seeds=seeds, position=position)
        problems += _duplicate(task, seen, file=file, position=position)
    return problems


def checked_tasks(paths: Iterable[str | Path], *, problems: list[Problem],
                  seeds: Mapping[str, str] | None = None, tally: Counter | None = None,
                  require_gold: bool = True) -> Iterator[tuple[str, Any]]:
    """The tasks of export files that pass every check, as (file, task), read one task at
    a time (see :func:`~kroniek.sources.iter_export`); the problems of the others are
    appended to ``problems``. ``tally``, if given, counts the ``files`` and ``tasks`` read.

    One pass both checks and hands over tasks, so a caller that converts them reads each
    file once; it must not keep anything if ``problems`` is not empty at the end.
    """
    tally = Counter() if tally is None else tally
    seen: dict[str, tuple[str | None, int, Any]] = {}
    for path in paths:
        file = str(path)
        tally["files"] += 1
        try:
            for position, task in enumerate(iter_export(path)):
                tally["tasks"] += 1
                try:
                    found = check_task(task, file=file, seeds=seeds, position=position,
                                       require_gold=require_gold)
                    found += _duplicate(task, seen, file=file, position=position)
                except RecursionError:  # a value nested beyond what can be looked at
                    found = [Problem(f"task {position + 1} holds values nested too deeply to "
                                     "check: not a Label Studio export", file=file)]
                if found:
                    problems += found
                else:
                    yield file, task
        except KroniekError as error:
            problems += error.problems


def check_files(paths: Iterable[str | Path], *, seeds: Mapping[str, str] | None = None,
                tally: Counter | None = None, require_gold: bool = True) -> Iterator[Problem]:
    """Problems of export files, read one task at a time, yielded as they are found.

    A file that cannot be read to its end contributes its tasks' problems so far and
    the reason it stops.
    """
    problems: list[Problem] = []
    for file, task in checked_tasks(paths, problems=problems, seeds=seeds, tally=tally,
                                    require_gold=require_gold):
        problems += check_tokens([task], file=file)
        yield from problems
        problems.clear()
    yield from problems


# --- token boundaries: the check build applies, made before anything is written ---------

def _label_spans(annotation: Any) -> tuple[list, list]:
    """Entity and event spans (start, end, label, region id) of one annotation's result."""
    spans: tuple[list, list] = ([], [])
    for result in annotation.get("result") or []:
        value = result.get("value") or {}
        if result.get("type") == "labels" and result.get("from_name") in REGION_CONTROLS:
            span = (value["start"], value["end"], (value.get("labels") or ["?"])[0],
                    result.get("id"))
            spans[result["from_name"] == schema.EVENT].append(span)
    return spans



def check_tokens(tasks: Iterable[Any], *, file: str | None) -> list[Problem]:
    """Regions that ``kroniek build`` would refuse: a span that starts or ends inside a
    token (spaCy's Dutch tokenizer, :mod:`kroniek.tokens`), or crosses a sentence.

    For tasks that passed :func:`check_task`; every non-cancelled annotation is checked,
    since agreement reads them all.
    """
    from bisect import bisect_right

    from .tokens import BoundaryError, sentences_many, token_range

    work = [(task, ann) for task in tasks for ann in task.get("annotations") or []
            if not ann.get("was_cancelled")]
    texts = sorted({task["data"][schema.TEXT] for task, _ in work})
    split = dict(zip(texts, sentences_many(texts)))
    problems = []
    for task, ann in work:
        text = task["data"][schema.TEXT]
        sents = split[text]
        starts = [sent.start for sent in sents]
        entities, events = _label_spans(ann)
        for span in entities + events:  # nested triggers too: build refuses them as well
            start, end, label, rid = span
            try:
                token_range(sents, starts, start, end, label)
                problem = None
            except BoundaryError as exc:
                problem = str(exc)
                if problem.endswith("token boundaries"):
                    k = bisect_right(starts, start) - 1
                    near = [(s, e) for s, e in sents[k].tokens if s < end and e > start]
                    where = f" (tokens there: {', '.join(repr(text[s:e]) for s, e in near[:3])})"
                    problem = (f"span {start}-{end} ({label}, {text[start:end]!r}) does not "
                               f"start and end on token boundaries{where if near else ''}: "
                               "annotate whole tokens (spaCy's Dutch tokenizer)")
            if problem:
                problems.append(Problem(f"annotation {ann.get('id', '?')}: {problem}", file=file,
                                        document=document_id(task), region=rid))
    return problems


class ValidationError(KroniekError):
    """Problems found in the input; its one line says how to see all of them."""

    def __str__(self) -> str:
        line = super().__str__()
        return line if len(self.problems) == 1 else f"{line}; 'kroniek validate' lists them all"


def raise_for(problems: Iterable[Problem]) -> None:
    """Raise a :class:`KroniekError` carrying ``problems`` if there are any."""
    problems = list(problems)
    if problems:
        raise ValidationError(problems)
