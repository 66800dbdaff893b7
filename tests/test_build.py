"""The dataset folder: loadable with datasets, exact offsets, deterministic, atomic."""

import json
import os
import subprocess
import sys

import pytest

from kroniek import atomic
from kroniek.atomic import read_tree
from kroniek.build import build
from kroniek.errors import KroniekError
from kroniek.features import decode_document

QUIET = dict(progress=lambda message: None)


def load(path, config):
    from datasets import load_dataset

    return load_dataset(str(path), config)


def test_load_dataset_each_config_with_spec_fields(small_dataset):
    docs = load(small_dataset, "documents")
    assert set(docs) == {"train", "test"}
    assert docs["test"].column_names == ["id", "text", "language", "origin", "entities", "events",
                                         "relations", "clusters"]
    assert docs["test"][0]["id"] == "doc_a" and docs["train"][0]["id"] == "doc_b"
    assert docs["test"].features["entities"].feature["type"].int2str(0) == "PER"
    ner = load(small_dataset, "ner")
    assert ner["test"].column_names == ["id", "document_id", "tokens", "ner_tags"]
    trig = load(small_dataset, "triggers")
    assert trig["train"].column_names == ["id", "document_id", "tokens", "trigger_tags"]
    from datasets import load_dataset
    assert load_dataset(str(small_dataset))["test"].column_names == docs["test"].column_names


def test_every_span_text_matches_offsets_and_ids_are_unique(small_dataset):
    docs = load(small_dataset, "documents")
    ids = []
    for split in docs.values():
        for row in split:
            for span in row["entities"] + row["events"]:
                assert row["text"][span["start"]:span["end"]] == span["text"]
                ids.append(span["id"])
            ids += [r["id"] for r in row["relations"]] + [c["id"] for c in row["clusters"]]
    assert len(ids) == len(set(ids)) == 40


def test_bio_tags_agree_with_spans(small_dataset):
    ner = load(small_dataset, "ner")["test"]
    names = ner.features["ner_tags"].feature.names
    first = ner[0]
    tagged = [(tok, names[t]) for tok, t in zip(first["tokens"], first["ner_tags"])]
    assert tagged[:4] == [("Het", "B-ORG"), ("Iraakse", "I-ORG"), ("leger", "I-ORG"), ("meldde", "O")]
    assert ("donderdag", "B-TIME") in tagged
    headings = load(small_dataset, "triggers")["train"]
    assert headings[0]["tokens"] == ["Turkse", "troepen"]  # a heading is its own sentence


def test_documents_round_trip_through_the_dataset(small_dataset, small_tasks):
    from kroniek.convert import task_to_document

    docs = load(small_dataset, "documents")
    rows = {row["id"]: decode_document(row) for split in docs.values() for row in split}
    for task in small_tasks[:2]:
        expected = {**task_to_document(task), "origin": "constructed"}
        assert rows[expected["id"]] == expected


def test_build_is_deterministic(small, tmp_path):
    for n in (1, 2):
        build(annotations=small / "annotations", seeds=small / "seeds", output=tmp_path / f"d{n}", **QUIET)
    assert read_tree(tmp_path / "d1") == read_tree(tmp_path / "d2")


def test_check_reports_stale_and_up_to_date(small, tmp_path):
    out = tmp_path / "dataset"
    build(annotations=small / "annotations", seeds=small / "seeds", output=out, **QUIET)
    assert build(annotations=small / "annotations", seeds=small / "seeds", output=out, check=True, **QUIET) == []
    (out / "ner" / "test.parquet").write_bytes(b"stale")
    with pytest.raises(KroniekError, match="is stale: ner/test.parquet"):
        build(annotations=small / "annotations", seeds=small / "seeds", output=out, check=True, **QUIET)


def test_failed_build_leaves_dataset_unchanged(small, tmp_path):
    out = tmp_path / "dataset"
    build(annotations=small / "annotations", seeds=small / "seeds", output=out, **QUIET)
    before = read_tree(out)
    export = small / "annotations" / "export.json"
    tasks = json.loads(export.read_text(encoding="utf-8"))
    tasks[0]["annotations"][0]["result"][0]["value"]["labels"] = ["PERSON"]
    export.write_text(json.dumps(tasks), encoding="utf-8")
    with pytest.raises(KroniekError, match="unknown entity label 'PERSON'"):
        build(annotations=small / "annotations", seeds=small / "seeds", output=out, **QUIET)
    assert read_tree(out) == before


def test_interrupted_write_leaves_dataset_unchanged(small, tmp_path, monkeypatch):
    """A failure injected at each file write keeps the previous dataset/ intact."""
    out = tmp_path / "dataset"
    build(annotations=small / "annotations", seeds=small / "seeds", output=out, **QUIET)
    before = read_tree(out)
    (small / "seeds" / "doc_b.json").write_text(json.dumps(
        {"id": "doc_b", "split": "test", "language": "nl", "origin": "constructed"}), encoding="utf-8")
    real = atomic._write_file
    failures = 0
    for fail_at in range(100):
        calls = []

        def failing(path, data):
            calls.append(path)
            if len(calls) > fail_at:
                raise OSError("disk full (injected)")
            real(path, data)

        monkeypatch.setattr(atomic, "_write_file", failing)
        try:
            build(annotations=small / "annotations", seeds=small / "seeds", output=out, **QUIET)
        except OSError as exc:
            assert "injected" in str(exc)
            failures += 1
            assert read_tree(out) == before
            assert not list(tmp_path.glob(".dataset.*"))
        else:
            break
    assert failures == len(calls) >= 4  # one injected failure per file the build writes
    assert read_tree(out) != before


def test_crash_between_renames_is_recovered(tmp_path):
    out = tmp_path / "dataset"
    atomic.write_tree(out, {"a": b"1"})
    os.rename(out, tmp_path / ".dataset.old")  # as if killed right after the first rename
    atomic.recover(out)
    assert read_tree(out) == {"a": b"1"}


def test_cli_build_error_is_one_line_and_exit_1(small, tmp_path):
    (small / "seeds" / "doc_a.txt").write_text("Een andere tekst.", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "kroniek.cli", "build", "--annotations",
                           str(small / "annotations"), "--seeds", str(small / "seeds"),
                           "--output", str(tmp_path / "out")], capture_output=True, text=True)
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert "export.json: document doc_a: " in last and "differs from seeds/doc_a.txt" in last
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_span_inside_a_token_is_an_error_not_moved(small, tmp_path):
    export = small / "annotations" / "export.json"
    tasks = json.loads(export.read_text(encoding="utf-8"))
    for r in tasks[0]["annotations"][0]["result"]:
        if r.get("id") == "a2":  # "donderdag" -> "donder"
            r["value"]["end"] = r["value"]["start"] + 6
            r["value"]["text"] = "donder"
    export.write_text(json.dumps(tasks), encoding="utf-8")
    with pytest.raises(KroniekError, match="doc_a: span .* does not start and end on token boundaries"):
        build(annotations=small / "annotations", seeds=small / "seeds", output=tmp_path / "o", **QUIET)
