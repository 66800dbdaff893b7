"""Property-based tests: annotations survive every conversion unchanged.

Random valid documents (Dutch-like words, flat entities on word boundaries, events with
arguments, event relations, coreference clusters, every mention level and realis) go
through Label Studio tasks, export files and dataset rows and come back the same; BIO
tags and spans convert into each other without loss.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kroniek import schema
from kroniek.convert import (annotation_documents, document_to_task, gold_annotation,
                             task_predictions, task_to_document)
from kroniek.errors import KroniekError
from kroniek.features import decode_document, encode_document
from kroniek.sources import read_export
from kroniek.tokens import BoundaryError, decode_bio, encode_bio
from kroniek.validate import check_export, check_task

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WORDS = ["de", "het", "een", "leger", "Hawija", "rukte", "op", "donderdag", "Koerdische",
         "strijders", "veroverden", "stad", "Idlib", "Turkse", "troepen", "één", "café",
         "ruïne", "Erdoğan", "zeï", "'s-Hertogenbosch", "IJsselmeer", "ministerie", "zei",
         "aanval", "Mosul", ",", ".", "2017", "IS", "€", "naïef", "coördinatie", "😀"]

word_lists = st.lists(st.sampled_from(WORDS), min_size=2, max_size=30)
region_ids = st.from_regex(r"[A-Za-z0-9_-]{1,10}", fullmatch=True)
doc_ids = st.from_regex(r"[a-z0-9_]{1,16}", fullmatch=True)


def word_offsets(words: list[str]) -> list[tuple[int, int]]:
    offsets, at = [], 0
    for word in words:
        offsets.append((at, at + len(word)))
        at += len(word) + 1
    return offsets


@st.composite
def flat_spans(draw, n: int, *, max_len: int = 3) -> list[tuple[int, int]]:
    """Non-overlapping runs of token indices [i, j) in 0..n."""
    spans, i = [], 0
    while i < n:
        i += draw(st.integers(0, 2))
        if i >= n:
            break
        length = draw(st.integers(1, min(max_len, n - i)))
        spans.append((i, i + length))
        i += length
    return spans


def partition(draw, members: list[str]) -> list[list[str]]:
    """Disjoint groups of two or more of ``members`` (coreference clusters)."""
    labels = [draw(st.sampled_from([None, 0, 1])) for _ in members]
    groups = [[m for m, g in zip(members, labels) if g == k] for k in (0, 1)]
    return [draw(st.permutations(g)) for g in groups if len(g) >= 2]


@st.composite
def documents(draw) -> dict:
    """A valid document in arbitrary (not canonical) order."""
    doc_id = draw(doc_ids)
    words = draw(word_lists)
    text = " ".join(words)
    offsets = word_offsets(words)
    n = len(words)
    ent_spans = draw(flat_spans(n))
    ev_spans = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, 2)),
                             min_size=1, max_size=6))
    ev_spans = [(i, min(n, i + k)) for i, k in ev_spans]
    rids = draw(st.lists(region_ids, min_size=len(ent_spans) + len(ev_spans),
                         max_size=len(ent_spans) + len(ev_spans), unique=True))

    def span(rid: str, i: int, j: int) -> dict:
        start, end = offsets[i][0], offsets[j - 1][1]
        return {"id": f"{doc_id}:{rid}", "start": start, "end": end, "text": text[start:end]}

    entities = [{**span(rid, i, j), "type": draw(st.sampled_from(schema.ENTITY_TYPES)),
                 "mention": draw(st.sampled_from(schema.MENTION_LEVELS))}
                for rid, (i, j) in zip(rids, ent_spans)]
    events = [{**span(rid, i, j), "type": draw(st.sampled_from(schema.EVENT_TYPES)),
               "realis": draw(st.sampled_from(schema.REALIS)), "arguments": []}
              for rid, (i, j) in zip(rids[len(ent_spans):], ev_spans)]
    ent_ids, ev_ids = [e["id"] for e in entities], [v["id"] for v in events]
    for ev in events:
        if ent_ids:
            pairs = draw(st.lists(st.tuples(st.sampled_from(ent_ids),
                                            st.sampled_from(schema.ARGUMENT_ROLES)),
                                  max_size=4, unique=True))
            ev["arguments"] = [{"entity_id": e, "role": r} for e, r in pairs]
    triples = []
    if len(ev_ids) >= 2:
        triples = draw(st.lists(st.tuples(st.sampled_from(ev_ids), st.sampled_from(ev_ids),
                                          st.sampled_from(schema.EVENT_RELATIONS))
                                .filter(lambda t: t[0] != t[1]), max_size=5, unique=True))
    clusters = partition(draw, ent_ids) + partition(draw, ev_ids)
    return {"id": doc_id, "text": text, "language": "nl",
            "entities": draw(st.permutations(entities)),
            "events": draw(st.permutations(events)),
            "relations": [{"id": f"{doc_id}:R{k}", "head": h, "tail": t, "type": label}
                          for k, (h, t, label) in enumerate(triples, 1)],
            "clusters": [{"id": f"{doc_id}:C{k}", "members": members}
                         for k, members in enumerate(draw(st.permutations(clusters)), 1)]}


def facts(doc: dict) -> dict:
    """What a document says, without its order or its relation and cluster numbering."""
    return {
        "entities": {tuple(sorted(e.items())) for e in doc["entities"]},
        "events": {(v["id"], v["start"], v["end"], v["text"], v["type"], v["realis"],
                    frozenset((a["entity_id"], a["role"]) for a in v["arguments"]))
                   for v in doc["events"]},
        "arguments": sum(len(v["arguments"]) for v in doc["events"]),
        "relations": {(r["head"], r["tail"], r["type"]) for r in doc["relations"]},
        "clusters": {frozenset(c["members"]) for c in doc["clusters"]},
        "text": doc["text"], "id": doc["id"], "language": doc["language"],
    }


def through_label_studio(doc: dict) -> dict:
    return task_to_document(document_to_task(doc))


@SETTINGS
@given(documents())
def test_label_studio_round_trip_keeps_every_fact_and_is_a_fixpoint(doc):
    """document -> task -> document: the same facts, in the canonical form, which is stable."""
    canonical = through_label_studio(doc)
    assert facts(canonical) == facts(doc)
    assert len(canonical["entities"]) == len(doc["entities"])
    assert len(canonical["events"]) == len(doc["events"])
    assert through_label_studio(canonical) == canonical
    doc_id = doc["id"]
    assert [r["id"] for r in canonical["relations"]] == [
        f"{doc_id}:R{k}" for k in range(1, len(canonical["relations"]) + 1)]
    assert [c["id"] for c in canonical["clusters"]] == [
        f"{doc_id}:C{k}" for k in range(1, len(canonical["clusters"]) + 1)]
    for span in canonical["entities"] + canonical["events"]:
        assert canonical["text"][span["start"]:span["end"]] == span["text"]
    # and on through a dataset row (ClassLabel integers) and back
    assert decode_document(encode_document(canonical)) == canonical


@SETTINGS
@given(documents())
def test_validation_accepts_every_valid_document(doc):
    task = document_to_task(doc)
    assert check_task(task, file="generated.json", seeds={doc["id"]: doc["text"]}) == []


@settings(SETTINGS, max_examples=50)
@given(st.lists(documents(), min_size=1, max_size=2, unique_by=lambda d: d["id"]),
       st.booleans())
def test_export_file_round_trip(docs, indent):
    """Tasks written as a JSON export (non-ASCII kept) and streamed back are unchanged."""
    tasks = [document_to_task(d) for d in docs]
    handle, name = tempfile.mkstemp(suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(tasks, out, ensure_ascii=False, indent=1 if indent else None)
        back = read_export(name)
    finally:
        os.unlink(name)
    assert back == tasks
    assert [task_to_document(t) for t in back] == [through_label_studio(d) for d in docs]


# --- damaged exports ----------------------------------------------------------------------

FIXTURE = Path(__file__).resolve().parent / "data" / "small" / "annotations" / "export.json"
FIXTURE_TASKS = json.loads(FIXTURE.read_text(encoding="utf-8"))
FIXTURE_SEEDS = {t["data"]["document_id"]: t["data"]["text"] for t in FIXTURE_TASKS}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 200) | st.floats(allow_nan=False)
    | st.text(max_size=4) | st.sampled_from(["entity", "event", "mention", "realis", "labels",
                                              "choices", "relation", "a1", "v1", "ORG", "NAM",
                                              "AGENT", "BEFORE", "COREFERENCE", "left"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "type", "from_name", "value", "labels", "start", "end", "text",
                         "choices", "from_id", "to_id", "result", "ground_truth"]),
        inner, max_size=3),
    max_leaves=6)


def _paths(value, prefix=()):
    yield prefix
    items = value.items() if isinstance(value, dict) else enumerate(value) \
        if isinstance(value, list) else ()
    for key, inner in items:
        yield from _paths(inner, prefix + (key,))


FIXTURE_PATHS = [p for p in _paths(FIXTURE_TASKS) if p]


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(FIXTURE_PATHS), json_values), min_size=1, max_size=3))
def test_validation_never_crashes_and_what_it_accepts_converts_whole(edits):
    """Any value anywhere in an export: a list of problems, never an exception; and an
    export it accepts converts without losing a region or a relation."""
    tasks = copy.deepcopy(FIXTURE_TASKS)
    for path, value in edits:
        parent = tasks
        try:
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            pass
    if check_export(tasks, file="f.json", seeds=FIXTURE_SEEDS):
        return
    for task in tasks:
        task_predictions(task)
        annotation_documents(task)
        doc = task_to_document(task)
        if doc is None:
            continue
        results = gold_annotation(task).get("result") or []
        regions = {str(r["id"]) for r in results if r["type"] == "labels"}
        assert len(doc["entities"]) + len(doc["events"]) == len(regions)
        links = {(str(r["from_id"]), str(r["to_id"]), label) for r in results
                 if r["type"] == "relation" for label in r["labels"] if label != "COREFERENCE"}
        assert sum(len(v["arguments"]) for v in doc["events"]) + len(doc["relations"]) == len(links)
        for span in doc["entities"] + doc["events"]:
            assert doc["text"][span["start"]:span["end"]] == span["text"]
            assert span.get("mention", "") is not None and span.get("realis", "") is not None


@SETTINGS
@given(st.data())
def test_a_damaged_export_file_is_read_right_or_refused_clearly(data):
    """Bytes changed, cut or inserted: the same tasks as the json module reads, or one
    KroniekError naming the file; nothing else."""
    raw = bytearray(FIXTURE.read_bytes())
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw)))
        how = data.draw(st.sampled_from(["replace", "insert", "cut"]))
        byte = data.draw(st.sampled_from(list(b'{}[],:"\\ 0e-.tnx') + [0xC3, 0xA9, 0xFF, 0x80]))
        if how == "cut":
            del raw[at:]
        elif how == "insert":
            raw.insert(at, byte)
        elif at < len(raw):
            raw[at] = byte
    handle, name = tempfile.mkstemp(suffix=".json")
    with os.fdopen(handle, "wb") as out:
        out.write(bytes(raw))
    try:
        tasks = read_export(name)
    except KroniekError as error:
        line = str(error)
        assert line.startswith(name) and "\n" not in line
        return
    finally:
        os.unlink(name)
    assert tasks == json.loads(bytes(raw).decode("utf-8-sig"))


# --- BIO ----------------------------------------------------------------------------------

LABELS = ["PER", "ORG", "GPE", "TIME"]


@st.composite
def tokens(draw, n: int | None = None) -> list[tuple[int, int]]:
    """Increasing, non-overlapping token offsets, adjacent or apart (``n`` of them)."""
    out, at = [], draw(st.integers(0, 5))
    sizes = st.integers(1, 6)
    lengths = draw(st.lists(sizes, min_size=1, max_size=25) if n is None
                   else st.lists(sizes, min_size=n, max_size=n))
    for length in lengths:
        out.append((at, at + length))
        at += length + draw(st.integers(0, 2))
    return out


@st.composite
def tokens_and_spans(draw):
    toks = draw(tokens())
    runs = draw(flat_spans(len(toks), max_len=4))
    spans = [(toks[i][0], toks[j - 1][1], draw(st.sampled_from(LABELS))) for i, j in runs]
    return toks, spans


@SETTINGS
@given(tokens_and_spans())
def test_bio_of_flat_spans_decodes_to_the_same_spans(case):
    toks, spans = case
    tags = encode_bio(toks, spans)
    assert len(tags) == len(toks)
    assert decode_bio(toks, tags) == sorted(spans)


@st.composite
def iob2_tags(draw) -> list[str]:
    """A valid IOB2 sequence: every I-X continues a B-X or I-X."""
    tags: list[str] = []
    for _ in range(draw(st.integers(1, 25))):
        options = ["O"] + [f"B-{x}" for x in LABELS]
        if tags and tags[-1] != "O":
            options.append("I-" + tags[-1][2:])
        tags.append(draw(st.sampled_from(options)))
    return tags


@SETTINGS
@given(iob2_tags(), st.data())
def test_valid_iob2_tags_survive_decode_and_encode(tags, data):
    toks = data.draw(tokens(len(tags)))
    assert encode_bio(toks, decode_bio(toks, tags)) == tags


@SETTINGS
@given(st.lists(st.sampled_from(["O"] + [f"{p}-{x}" for p in "BI" for x in LABELS]),
                min_size=1, max_size=20), st.data())
def test_stray_inside_tags_are_read_as_beginnings(tags, data):
    toks = data.draw(tokens(len(tags)))
    repaired = [f"B-{t[2:]}" if t.startswith("I-") and (k == 0 or tags[k - 1][2:] != t[2:]
                                                        or tags[k - 1] == "O") else t
                for k, t in enumerate(tags)]
    assert encode_bio(toks, decode_bio(toks, tags)) == repaired


@SETTINGS
@given(tokens_and_spans(), st.data())
def test_a_span_edge_inside_a_token_is_refused(case, data):
    toks, _ = case
    long = [k for k, (s, e) in enumerate(toks) if e - s >= 2]
    if not long:
        return
    k = data.draw(st.sampled_from(long))
    inside = data.draw(st.integers(toks[k][0] + 1, toks[k][1] - 1))
    with pytest.raises(BoundaryError):
        encode_bio(toks, [(inside, toks[-1][1], "PER")])
