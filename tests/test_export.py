"""kroniek export: every format round-trips what it can express, and the spaCy DocBin is
what spacy train and the relation tutorial read."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kroniek.dataset import load
from kroniek.export.formats import FORMATS


@pytest.fixture(scope="module")
def gold(small_dataset):
    docs = load(small_dataset)
    assert docs and any(d["relations"] for d in docs) and any(d["clusters"] for d in docs)
    return docs


def spans(doc, layer):
    return sorted((s["start"], s["end"], s["type"]) for s in doc[layer])


def test_jsonl_and_spacy_keep_everything(gold):
    for name in ("jsonl", "spacy"):
        fmt = FORMATS[name]
        assert fmt.read(fmt.write(gold), gold) == gold, name


def test_spacy_docbin_has_one_ent_per_entity_triggers_and_relations(gold):
    from spacy.tokens import Doc, DocBin

    from kroniek.tokens import pipeline

    data = FORMATS["spacy"].write(gold)["{split}.spacy"]
    if not Doc.has_extension("rel"):
        Doc.set_extension("rel", default={})
    docs = list(DocBin(store_user_data=True).from_bytes(data).get_docs(pipeline().vocab))
    for doc, kroniek_doc in zip(docs, gold):
        assert len(doc.ents) == len(kroniek_doc["entities"])
        assert sorted((e.start_char, e.end_char, e.label_) for e in doc.ents) == spans(kroniek_doc, "entities")
        assert sorted((s.start_char, s.end_char, s.label_) for s in doc.spans["triggers"]) == spans(kroniek_doc, "events")
        positives = sum(1 for labels in doc._.rel.values() for v in labels.values() if v == 1.0)
        arguments = sum(len(v["arguments"]) for v in kroniek_doc["events"])
        assert positives == arguments + len(kroniek_doc["relations"])
        chains = [k for k in doc.spans if k.startswith("coref_clusters_")]
        assert len(chains) == len(kroniek_doc["clusters"])


def test_conll2002_round_trips_entities_and_triggers(gold):
    fmt = FORMATS["conll2002"]
    back = fmt.read(fmt.write(gold), gold)
    for doc, again in zip(gold, back):
        assert spans(again, "entities") == spans(doc, "entities")
        assert spans(again, "events") == spans(doc, "events")


def test_textee_round_trips_entities_triggers_and_arguments(gold):
    fmt = FORMATS["textee"]
    back = fmt.read(fmt.write(gold), gold)
    for doc, again in zip(gold, back):
        assert spans(again, "entities") == spans(doc, "entities")
        assert spans(again, "events") == spans(doc, "events")
        args = lambda d: sorted((v["id"], a["entity_id"], a["role"]) for v in d["events"] for a in v["arguments"])
        assert args(again) == args(doc)


def test_conll2012_round_trips_coreference_chains(gold):
    fmt = FORMATS["conll2012"]
    back = fmt.read(fmt.write(gold), gold)
    for doc, again in zip(gold, back):
        where = {m["id"]: (m["start"], m["end"]) for m in doc["entities"] + doc["events"]}
        expected = sorted(sorted(where[m] for m in c["members"]) for c in doc["clusters"])
        assert sorted(again["clusters"]) == expected


def test_maven_ere_round_trips_events_and_relations_between_clusters(gold):
    fmt = FORMATS["maven-ere"]
    back = fmt.read(fmt.write(gold), gold)
    for doc, again in zip(gold, back):
        assert sorted(s for spans_ in again["events"].values() for s in spans_) == spans(doc, "events")
        event_of = {}
        for event_id, mentions in again["events"].items():
            for start, end, _ in mentions:
                event_of[(start, end)] = event_id
        where = {v["id"]: (v["start"], v["end"]) for v in doc["events"]}
        expected = {(event_of[where[r["head"]]], event_of[where[r["tail"]]], r["type"])
                    for r in doc["relations"]}
        assert set(again["relations"]) == expected


def test_export_command_writes_each_split_and_lists_what_formats_lose(small_dataset, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kroniek.cli", "export", "--format", "conll2002",
                           "--dataset", str(small_dataset), "-o", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "test.ner.conll", "test.triggers.conll", "train.ner.conll", "train.triggers.conll"]
    helptext = subprocess.run([sys.executable, "-m", "kroniek.cli", "export", "--help"],
                              capture_output=True, text=True).stdout
    assert "cannot express" in helptext and "maven-ere" in helptext
