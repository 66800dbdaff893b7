"""Label Studio export <-> documents: lossless both ways, gold chosen by the rules."""

import copy

import pytest

from kroniek.convert import (document_to_task, gold_annotation, task_predictions,
                             task_to_document)
from kroniek.errors import KroniekError


def docs_of(tasks):
    return [d for d in (task_to_document(t) for t in tasks) if d is not None]


def test_round_trip_export_documents_tasks_documents_is_identity(small_tasks):
    first = docs_of(small_tasks)
    tasks = [document_to_task(doc, predictions=task_predictions(t))
             for doc, t in zip(first, small_tasks)]
    second = docs_of(tasks)
    assert second == first
    assert [task_predictions(t) for t in tasks] == [task_predictions(t) for t in small_tasks[:2]]


def test_conversion_reads_every_layer(small_tasks):
    doc_a, doc_b = docs_of(small_tasks)
    by_text = {e["text"]: e for e in doc_a["entities"]}
    assert by_text["Het Iraakse leger"]["type"] == "ORG"
    assert by_text["het"]["mention"] == "PRO"
    for span in doc_a["entities"] + doc_a["events"]:
        assert doc_a["text"][span["start"]:span["end"]] == span["text"]
    events = {v["text"]: v for v in doc_a["events"]}
    # a relation drawn entity -> trigger with direction "left" is the trigger's argument
    ids = {e["id"]: e["text"] for e in doc_a["entities"]}
    assert [(ids[a["entity_id"]], a["role"]) for a in events["veroverde"]["arguments"]] == [
        ("het", "AGENT"), ("de basis Rashad", "PATIENT")]
    names = {v["id"]: v["text"] for v in doc_a["events"]}
    assert sorted((names[r["head"]], names[r["tail"]], r["type"]) for r in doc_a["relations"]) == [
        ("meldde", "in handen heeft", "OVERLAP"), ("rukte", "in handen heeft", "PRECONDITION"),
        ("veroverde", "rukte", "BEFORE")]
    # coreference links a1-a4 and a4-a7 form one chain (connected components)
    chains = [[ids[m] for m in c["members"]] for c in doc_a["clusters"]]
    assert chains == [["Het Iraakse leger", "Het leger", "het"], ["de stad Hawija", "Hawija"]]
    event_chain = [c for c in doc_b["clusters"] if c["members"][0].startswith("doc_b:w")]
    assert len(event_chain) == 1 and len(event_chain[0]["members"]) == 2
    assert len({s["id"] for d in (doc_a, doc_b) for s in d["entities"] + d["events"]}) == \
        sum(len(d["entities"]) + len(d["events"]) for d in (doc_a, doc_b))


def test_gold_is_ground_truth_else_only_live_else_error(small_tasks):
    task_a, task_b, task_c = copy.deepcopy(small_tasks)
    assert gold_annotation(task_a)["id"] == 101
    assert gold_annotation(task_b)["id"] == 103  # the other one is cancelled
    assert gold_annotation(task_c) is None  # not annotated yet
    task_a["annotations"][0]["ground_truth"] = False
    with pytest.raises(KroniekError, match="none marked ground truth.*anna@example.org, bram@example.org"):
        gold_annotation(task_a, file="x.json")
    task_b["annotations"][0]["was_cancelled"] = True
    with pytest.raises(KroniekError, match="only cancelled annotations"):
        gold_annotation(task_b)
