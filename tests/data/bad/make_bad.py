"""Make the corpus of malformed Label Studio exports, one fault per folder.

Each case is the small fixture (tests/data/small/annotations/export.json, whose articles
are in tests/data/small/seeds) with one thing broken the way it happens in practice: a
download cut short, a file re-saved in another encoding, a region dragged by one
character, an export of a project with another labeling config. ``FAULTS`` must be
refused by ``kroniek validate`` and ``kroniek build``; ``ALLOWED`` are odd but valid
and must build. Each file sits alone in its folder so ``build --annotations`` can be
pointed at it.

Run ``python tests/data/bad/make_bad.py`` after changing the fixture or this script and
commit its output; tests/test_bad_inputs.py checks the committed files are what this
script makes.
"""

from __future__ import annotations

import codecs
import copy
import json
import sys
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "small" / "annotations" / "export.json"

Tasks = list[dict]


def dumps(data) -> bytes:
    """The fixture's own layout: one-space indent, UTF-8, newline at the end."""
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def task(tasks: Tasks, doc: str) -> dict:
    return next(t for t in tasks if t["data"]["document_id"] == doc)


def annotation(tasks: Tasks, ann_id: int) -> dict:
    return next(a for t in tasks for a in t.get("annotations") or [] if a["id"] == ann_id)


def region(tasks: Tasks, ann_id: int, rid: str) -> list[dict]:
    """The results of region ``rid`` (its label and its per-region choice)."""
    return [r for r in annotation(tasks, ann_id)["result"] if r.get("id") == rid]


def relation(tasks: Tasks, ann_id: int, head: str, tail: str) -> dict:
    return next(r for r in annotation(tasks, ann_id)["result"]
                if r["type"] == "relation" and (r["from_id"], r["to_id"]) == (head, tail))


def move(tasks: Tasks, ann_id: int, rid: str, start: int, end: int, *, text: bool) -> None:
    """Give region ``rid`` new offsets; with ``text``, also the text at them."""
    full = annotation_text(tasks, ann_id)
    for result in region(tasks, ann_id, rid):
        result["value"].update(start=start, end=end)
        if text:
            result["value"]["text"] = full[start:end]


def annotation_text(tasks: Tasks, ann_id: int) -> str:
    return next(t["data"]["text"] for t in tasks
                if any(a["id"] == ann_id for a in t.get("annotations") or []))


# --- the faults -------------------------------------------------------------------------


def truncated_json(tasks: Tasks) -> bytes:
    """A download cut off in the middle of the second task."""
    data = dumps(tasks)
    return data[:data.index(b'"b3"')]


def not_utf8(tasks: Tasks) -> bytes:
    """Opened and saved again by an editor set to Windows-1252."""
    annotation(tasks, 102)["completed_by"]["email"] = "renée@example.org"
    return dumps(tasks).decode("utf-8").encode("cp1252")


def empty_file(tasks: Tasks) -> bytes:
    return b""


def not_a_list(tasks: Tasks) -> bytes:
    """One task copied out of an export, without the list around it."""
    return dumps(task(tasks, "doc_a"))


def no_text(tasks: Tasks) -> bytes:
    """The article stored under another data key."""
    data = task(tasks, "doc_a")["data"]
    data["article"] = data.pop("text")
    return dumps(tasks)


def text_changed(tasks: Tasks) -> bytes:
    """The task's article edited in Label Studio after it was annotated."""
    data = task(tasks, "doc_a")["data"]
    data["text"] = data["text"].replace("donderdag", "vrijdag")
    return dumps(tasks)


def offsets_off_by_one(tasks: Tasks) -> bytes:
    """'de stad Hawija' at 43-57, recorded at 44-58 (a conversion counting from 1)."""
    move(tasks, 101, "a3", 44, 58, text=False)
    return dumps(tasks)


def offsets_beyond_text(tasks: Tasks) -> bytes:
    """The last trigger's end past the end of the article."""
    text = annotation_text(tasks, 101)
    for result in region(tasks, 101, "v4"):
        result["value"]["end"] = len(text) + 9
    return dumps(tasks)


def region_text_mismatch(tasks: Tasks) -> bytes:
    """The region text edited by hand, the offsets not."""
    for result in region(tasks, 101, "a5"):
        result["value"]["text"] = "dinsdag"
    return dumps(tasks)


def unknown_entity_label(tasks: Tasks) -> bytes:
    region(tasks, 101, "a1")[0]["value"]["labels"] = ["ORGANIZATION"]
    return dumps(tasks)


def unknown_event_label(tasks: Tasks) -> bytes:
    region(tasks, 101, "v1")[0]["value"]["labels"] = ["SPEECH"]
    return dumps(tasks)


def unknown_role(tasks: Tasks) -> bytes:
    """An ACE role name that Kroniek does not use (PATIENT is)."""
    relation(tasks, 101, "v2", "a3")["labels"] = ["VICTIM"]
    return dumps(tasks)


def unknown_event_relation(tasks: Tasks) -> bytes:
    relation(tasks, 101, "v4", "v3")["labels"] = ["AFTER"]
    return dumps(tasks)


def overlapping_entities(tasks: Tasks) -> bytes:
    """'Hawija' annotated again inside 'de stad Hawija'."""
    text = annotation_text(tasks, 101)
    start = text.index("Hawija")
    for result in copy.deepcopy(region(tasks, 101, "a3")):
        result["id"] = "a9"
        result["value"].update(start=start, end=start + 6, text="Hawija")
        annotation(tasks, 101)["result"].append(result)
    return dumps(tasks)


def relation_to_missing_region(tasks: Tasks) -> bytes:
    """A region deleted, the argument pointing at it kept."""
    ann = annotation(tasks, 101)
    ann["result"] = [r for r in ann["result"] if r.get("id") != "a8"]
    return dumps(tasks)


def role_between_entities(tasks: Tasks) -> bytes:
    relation(tasks, 101, "a1", "a4")["labels"] = ["AGENT"]
    return dumps(tasks)


def event_relation_to_entity(tasks: Tasks) -> bytes:
    relation(tasks, 101, "v1", "a2")["labels"] = ["BEFORE"]
    return dumps(tasks)


def coreference_entity_event(tasks: Tasks) -> bytes:
    relation(tasks, 101, "v2", "a3")["labels"] = ["COREFERENCE"]
    return dumps(tasks)


def duplicate_region_ids(tasks: Tasks) -> bytes:
    """Two regions called a2, as after merging two annotations by hand."""
    dup = copy.deepcopy(region(tasks, 101, "a2")[0])
    dup["value"]["labels"] = ["PER"]
    annotation(tasks, 101)["result"].append(dup)
    return dumps(tasks)


def only_cancelled(tasks: Tasks) -> bytes:
    """Every annotation of doc_b skipped."""
    annotation(tasks, 103)["was_cancelled"] = True
    return dumps(tasks)


def no_ground_truth(tasks: Tasks) -> bytes:
    """Two annotators, not adjudicated."""
    annotation(tasks, 101)["ground_truth"] = False
    return dumps(tasks)


def duplicate_document(tasks: Tasks) -> bytes:
    """doc_a imported twice and annotated in both tasks."""
    again = copy.deepcopy(task(tasks, "doc_a"))
    again["id"] = 14
    again["annotations"] = [annotation(tasks, 102) | {"id": 105, "ground_truth": True}]
    again.pop("predictions", None)
    return dumps(tasks + [again])


def annotations_null(tasks: Tasks) -> bytes:
    """A task whose annotations are null instead of a list (written by a script): read
    as 'not annotated yet', the document would leave the dataset without a word."""
    task(tasks, "doc_b")["annotations"] = None
    return dumps(tasks)


def cancelled_ground_truth(tasks: Tasks) -> bytes:
    """The adjudicated annotation of doc_a skipped afterwards: the gold would switch to
    the other annotator's and lose 4 events, 3 relations and 2 clusters."""
    annotation(tasks, 101)["was_cancelled"] = True
    return dumps(tasks)


def ground_truth_not_boolean(tasks: Tasks) -> bytes:
    """A flag written as a string by a script: "yes" (and "no") would both be true."""
    annotation(tasks, 101)["ground_truth"] = "yes"
    return dumps(tasks)


def relation_direction_sideways(tasks: Tasks) -> bytes:
    """A direction Label Studio never writes; it would be read as right."""
    relation(tasks, 101, "v2", "a3")["direction"] = "sideways"
    return dumps(tasks)


def relation_direction_bi(tasks: Tasks) -> bytes:
    """A two-way relation: an argument or event relation has a head and a tail."""
    relation(tasks, 101, "v2", "a3")["direction"] = "bi"
    return dumps(tasks)


def relation_two_labels(tasks: Tasks) -> bytes:
    """Two labels picked on one relation: it would become two arguments."""
    relation(tasks, 101, "v2", "a3")["labels"] = ["PATIENT", "AGENT"]
    return dumps(tasks)


NER_TEMPLATE = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def other_labeling_config(tasks: Tasks) -> bytes:
    """Our tasks annotated in a project made from Label Studio's default NER template
    (a Labels control named 'label' with PER, ORG, LOC, MISC)."""
    out = []
    for t in tasks:
        t = {"id": t["id"], "data": t["data"], "annotations": [], "predictions": []}
        out.append(t)
    first = out[0]
    result = []
    for r in annotation(tasks, 101)["result"]:
        if r.get("from_name") == "entity":
            value = dict(r["value"], labels=[NER_TEMPLATE.get(r["value"]["labels"][0], "MISC")])
            result.append({"id": r["id"], "from_name": "label", "to_name": "text",
                           "type": "labels", "origin": "manual", "value": value})
    first["annotations"] = [{"id": 201, "completed_by": 1, "result": result,
                             "was_cancelled": False, "ground_truth": False}]
    return dumps(out)


FAULTS: dict[str, Callable[[Tasks], bytes]] = {f.__name__: f for f in [
    truncated_json, not_utf8, empty_file, not_a_list, no_text, text_changed,
    offsets_off_by_one, offsets_beyond_text, region_text_mismatch, unknown_entity_label,
    unknown_event_label, unknown_role, unknown_event_relation, overlapping_entities,
    relation_to_missing_region, role_between_entities, event_relation_to_entity,
    coreference_entity_event, duplicate_region_ids, only_cancelled, no_ground_truth,
    duplicate_document, other_labeling_config, annotations_null, cancelled_ground_truth,
    ground_truth_not_boolean, relation_direction_sideways, relation_direction_bi,
    relation_two_labels]}


# --- odd but valid ----------------------------------------------------------------------


def empty_result(tasks: Tasks) -> bytes:
    """doc_b submitted with no regions: the annotator says there is nothing to annotate."""
    annotation(tasks, 103)["result"] = []
    return dumps(tasks)


def byte_order_mark(tasks: Tasks) -> bytes:
    """Saved by an editor that starts UTF-8 files with a byte-order mark."""
    return codecs.BOM_UTF8 + dumps(tasks)


ALLOWED: dict[str, Callable[[Tasks], bytes]] = {f.__name__: f for f in [
    empty_result, byte_order_mark]}


def generate() -> dict[str, bytes]:
    """Every file of the corpus by its path relative to this folder."""
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    files = {}
    for name, make in FAULTS.items():
        files[f"{name}/{name}.json"] = make(copy.deepcopy(fixture))
    for name, make in ALLOWED.items():
        files[f"allowed/{name}/{name}.json"] = make(copy.deepcopy(fixture))
    return files


def main() -> int:
    for rel, data in generate().items():
        path = HERE / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    print(f"wrote {len(FAULTS)} faults and {len(ALLOWED)} allowed cases under {HERE}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
