"""Conversion between Label Studio tasks and Kroniek documents, both ways.

A Label Studio JSON export is a list of tasks; a task's ``data`` holds ``text`` and
``document_id``, its ``annotations[].result`` (and ``predictions[].result``) hold:

- ``labels`` results from the ``entity`` or ``event`` control: the regions;
- ``choices`` results from ``mention`` or ``realis`` with the same ``id`` as a region:
  that region's mention level or realis;
- ``relation`` results (``from_id``, ``to_id``, ``labels``): an argument role
  (trigger -> entity), an event relation (trigger -> trigger) or COREFERENCE.

:func:`results_to_document` turns a result list into a docs/FORMAT.md section 2 document and
:func:`document_to_results` turns it back. The conversion is lossless for everything a
document holds: ``results_to_document(document_to_results(doc))`` equals ``doc``, and so
export -> documents -> tasks -> documents is the identity. Coreference links become
clusters (connected components); their link structure, like Label Studio's provenance
fields, is not part of a document.

Ids: a region ``r7`` of document ``d`` becomes ``d:r7``, so ids are unique within the
dataset; relations and clusters are numbered ``d:R1``, ``d:C1`` in a canonical order.

The functions here assume input that :mod:`kroniek.validate` accepted; they raise
:class:`~kroniek.errors.KroniekError` only for the choice of the gold annotation.
"""

from __future__ import annotations

from typing import Any, Iterable

from . import schema
from .components import components
from .documents import Document, new_document
from .errors import KroniekError, Problem

Task = dict[str, Any]
Result = dict[str, Any]


def document_id(task: Task) -> str:
    """The document id of a task: ``data.document_id``, else Label Studio's task id."""
    data = task.get("data") or {}
    return str(data.get(schema.DOCUMENT_ID) or f"task-{task.get('id')}")


def annotators(task: Task) -> list[str]:
    """Who made each annotation of a task, as Label Studio records it."""
    names = []
    for ann in task.get("annotations") or []:
        who = ann.get("completed_by")
        if isinstance(who, dict):
            who = who.get("email") or who.get("id")
        if isinstance(who, int):
            who = f"user {who}"
        names.append(str(who if who is not None else f"annotation {ann.get('id', '?')}"))
    return names


def gold_annotation(task: Task, *, file: str | None = None) -> dict[str, Any] | None:
    """The annotation that is the gold of ``task``.

    The one marked ``ground_truth``; else the only one not cancelled; ``None`` when the
    task has no annotation at all (not annotated yet). Only cancelled annotations, a
    cancelled one marked ground truth (never the gold, never passed over in silence), or
    several with none marked ground truth, are errors naming the task and annotators.
    """
    anns = task.get("annotations") or []
    if not anns:
        return None
    where = {"file": file, "document": document_id(task)}
    cancelled_truth = [a for a in anns if a.get("ground_truth") and a.get("was_cancelled")]
    if cancelled_truth:
        raise KroniekError(Problem(f"annotation {cancelled_truth[0].get('id', '?')} is marked "
                                   "ground truth but was cancelled (skipped): a cancelled "
                                   "annotation is never the gold; in Label Studio unmark it, "
                                   "or submit it", **where))
    truth = [a for a in anns if a.get("ground_truth") and not a.get("was_cancelled")]
    if len(truth) == 1:
        return truth[0]
    live = [a for a in anns if not a.get("was_cancelled")]
    who = ", ".join(annotators(task))
    if len(truth) > 1:
        raise KroniekError(Problem(f"{len(truth)} annotations are marked ground truth "
                                   f"(annotators: {who}); keep one", **where))
    if not live:
        raise KroniekError(Problem(f"only cancelled annotations (annotators: {who}); "
                                   "submit one or remove the task", **where))
    if len(live) > 1:
        raise KroniekError(Problem(
            f"{len(live)} annotations and none marked ground truth (annotators: {who}); "
            "adjudicate: mark one as ground truth in Label Studio, then pull", **where))
    return live[0]


def _head_tail(result: Result) -> tuple[str, str]:
    if result.get("direction") == "left":
        return str(result["to_id"]), str(result["from_id"])
    return str(result["from_id"]), str(result["to_id"])


def results_to_document(doc_id: str, text: str, results: Iterable[Result]) -> Document:
    """A document from one annotation's (or prediction's) result list."""
    doc = new_document(doc_id, text)
    regions: dict[str, dict[str, Any]] = {}
    choices: dict[tuple[str, str], str] = {}
    links: list[tuple[str, str, str]] = []
    for result in results:
        kind = result.get("type")
        value = result.get("value") or {}
        if kind == "labels":
            rid = str(result["id"])
            regions[rid] = {"control": result["from_name"], "start": int(value["start"]),
                            "end": int(value["end"]), "label": value["labels"][0]}
        elif kind == "choices":
            choices[(str(result["id"]), result["from_name"])] = value["choices"][0]
        elif kind == "relation":
            head, tail = _head_tail(result)
            for label in result.get("labels") or []:
                links.append((head, tail, label))

    def gid(rid: str) -> str:
        return f"{doc_id}:{rid}"

    by_id: dict[str, dict[str, Any]] = {}
    for rid, reg in sorted(regions.items(), key=lambda kv: (kv[1]["start"], kv[1]["end"], kv[0])):
        span = {"id": gid(rid), "start": reg["start"], "end": reg["end"],
                "text": text[reg["start"]:reg["end"]], "type": reg["label"]}
        if reg["control"] == schema.ENTITY:
            span["mention"] = choices.get((rid, schema.MENTION))
            doc["entities"].append(span)
        else:
            span["realis"] = choices.get((rid, schema.REALIS_CONTROL))
            span["arguments"] = []
            doc["events"].append(span)
        by_id[rid] = span

    def position(rid: str) -> tuple[int, int, str]:
        return by_id[rid]["start"], by_id[rid]["end"], rid

    relations, coref = [], []
    for head, tail, label in sorted(set(links), key=lambda l: (position(l[0]), position(l[1]), l[2])):
        kind = schema.kind_of_relation(label)
        if kind == "argument":
            by_id[head]["arguments"].append({"entity_id": gid(tail), "role": label})
        elif kind == "relation":
            relations.append((head, tail, label))
        else:
            coref.append((head, tail))
    doc["relations"] = [{"id": f"{doc_id}:R{n}", "head": gid(h), "tail": gid(t), "type": label}
                        for n, (h, t, label) in enumerate(relations, 1)]
    doc["clusters"] = [{"id": f"{doc_id}:C{n}", "members": [gid(m) for m in members]}
                       for n, members in enumerate(_components(coref, position), 1)]
    return doc


def _components(pairs: list[tuple[str, str]], position) -> list[list[str]]:
    """Connected components of the coreference links, members and components in text order."""
    comps = [sorted(g, key=position) for g in components(pairs) if len(g) > 1]
    return sorted(comps, key=lambda c: position(c[0]))


def _local(doc_id: str, gid: str) -> str:
    prefix = f"{doc_id}:"
    return gid[len(prefix):] if gid.startswith(prefix) else gid


def document_to_results(doc: Document) -> list[Result]:
    """Label Studio results for a document: regions, per-region choices, relations."""
    doc_id, text = doc["id"], doc["text"]
    results: list[Result] = []

    def region(span, control: str, choice_control: str, choice: str) -> None:
        rid = _local(doc_id, span["id"])
        value = {"start": span["start"], "end": span["end"], "text": text[span["start"]:span["end"]]}
        results.append({"id": rid, "from_name": control, "to_name": schema.TEXT, "type": "labels",
                        "origin": "manual", "value": {**value, "labels": [span["type"]]}})
        results.append({"id": rid, "from_name": choice_control, "to_name": schema.TEXT,
                        "type": "choices", "origin": "manual",
                        "value": {**value, "choices": [choice]}})

    def link(head: str, tail: str, label: str) -> None:
        results.append({"from_id": _local(doc_id, head), "to_id": _local(doc_id, tail),
                        "type": "relation", "direction": "right", "labels": [label]})

    for ent in doc.get("entities", []):
        region(ent, schema.ENTITY, schema.MENTION, ent["mention"])
    for ev in doc.get("events", []):
        region(ev, schema.EVENT, schema.REALIS_CONTROL, ev["realis"])
    for ev in doc.get("events", []):
        for arg in ev.get("arguments", []):
            link(ev["id"], arg["entity_id"], arg["role"])
    for rel in doc.get("relations", []):
        link(rel["head"], rel["tail"], rel["type"])
    for cluster in doc.get("clusters", []):
        first, *rest = cluster["members"]
        for member in rest:
            link(first, member, schema.COREFERENCE)
    return results


def document_to_task(doc: Document, *, annotation: bool = True,
                     predictions: Iterable[tuple[str, Document]] = ()) -> Task:
    """A Label Studio task for ``doc``: its annotations as the ground-truth annotation
    (when ``annotation``), plus ``predictions`` given as (model_version, document)."""
    task: Task = {"data": {schema.TEXT: doc["text"], schema.DOCUMENT_ID: doc["id"]}}
    if annotation:
        task["annotations"] = [{"result": document_to_results(doc), "ground_truth": True,
                                "was_cancelled": False}]
    preds = [{"model_version": version, "result": document_to_results(pred)}
             for version, pred in predictions]
    if preds:
        task["predictions"] = preds
    return task


def task_to_document(task: Task, *, file: str | None = None) -> Document | None:
    """The gold document of a task, or ``None`` when it has no annotation yet."""
    ann = gold_annotation(task, file=file)
    if ann is None:
        return None
    return results_to_document(document_id(task), task["data"][schema.TEXT], ann.get("result") or [])


def task_predictions(task: Task) -> list[tuple[str, Document]]:
    """A task's predictions as (model_version, document) pairs."""
    doc_id, text = document_id(task), task["data"][schema.TEXT]
    return [(str(p.get("model_version") or ""), results_to_document(doc_id, text, p.get("result") or []))
            for p in task.get("predictions") or [] if isinstance(p, dict)]


def annotation_documents(task: Task) -> list[tuple[str, Document]]:
    """Every non-cancelled annotation of a task as (annotator, document), for agreement."""
    doc_id, text = document_id(task), task["data"][schema.TEXT]
    names = annotators(task)
    return [(who, results_to_document(doc_id, text, ann.get("result") or []))
            for who, ann in zip(names, task.get("annotations") or []) if not ann.get("was_cancelled")]
