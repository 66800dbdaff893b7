"""Malformed exports are refused by validate and build with one clear line; nothing is written.

The corpus is tests/data/bad/, made by tests/data/bad/make_bad.py from the small fixture.
Each case is one export file alone in its folder; the expectations below say what a user
must be told: the file, the document (where the file is readable that far) and the fault.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kroniek.atomic import read_tree

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad"
SEEDS = ROOT / "tests" / "data" / "small" / "seeds"


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_bad", BAD / "make_bad.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_bad = _load_generator()

# fault -> (the document the line must name, or None for a file that cannot be read as
# tasks; phrases the line must contain)
EXPECTED = {
    "truncated_json": (None, ["ends in the middle of task 2", "truncated"]),
    "not_utf8": (None, ["not UTF-8", "byte 0xe9", "line 512"]),
    "empty_file": (None, ["the file is empty"]),
    "not_a_list": (None, ["top level is a JSON object, not a list of Label Studio tasks"]),
    "no_text": ("doc_a", ["task has no data.text", "article"]),
    "text_changed": ("doc_a", ["task text differs from seeds/doc_a.txt from character 25"]),
    "offsets_off_by_one": ("doc_a", ["region a3", "does not match the text at 44-58",
                                     "off by +1"]),
    "offsets_beyond_text": ("doc_a", ["region v4", "offsets 142-161 are outside the text "
                                      "(length 152)"]),
    "region_text_mismatch": ("doc_a", ["region a5", "'dinsdag' does not match the text at "
                                       "92-100 ('woensdag')"]),
    "unknown_entity_label": ("doc_a", ["region a1", "unknown entity label 'ORGANIZATION'"]),
    "unknown_event_label": ("doc_a", ["region v1", "unknown event label 'SPEECH'"]),
    "unknown_role": ("doc_a", ["unknown relation label 'VICTIM'", "argument role is one of"]),
    "unknown_event_relation": ("doc_a", ["unknown relation label 'AFTER'", "between events"]),
    "overlapping_entities": ("doc_a", ["entity regions overlap", "a9 at 51-57"]),
    "relation_to_missing_region": ("doc_a", ["relation points to a missing region a8"]),
    "role_between_entities": ("doc_a", ["role AGENT must run from an event trigger to an "
                                        "entity, runs entity -> entity"]),
    "event_relation_to_entity": ("doc_a", ["event relation BEFORE must link two event "
                                           "triggers, links event -> entity"]),
    "coreference_entity_event": ("doc_a", ["coreference must stay within entities or within "
                                           "events"]),
    "duplicate_region_ids": ("doc_a", ["region a2", "duplicate region id"]),
    "only_cancelled": ("doc_b", ["only cancelled annotations"]),
    "no_ground_truth": ("doc_a", ["none marked ground truth", "adjudicate"]),
    "duplicate_document": ("doc_a", ["annotated in two tasks (tasks 1 and 4 of this export; "
                                     "Label Studio ids 11 and 14)"]),
    "other_labeling_config": ("doc_a", ["control 'label' is not one of ours",
                                        "different labeling config"]),
    "annotations_null": ("doc_b", ["task 12: field annotations is null"]),
    "cancelled_ground_truth": ("doc_a", ["task 11: annotation 101 is marked ground truth but "
                                         "was cancelled", "never the gold"]),
    "ground_truth_not_boolean": ("doc_a", ["task 11: annotation 101: field ground_truth must "
                                           "be true or false, is 'yes'"]),
    "relation_direction_sideways": ("doc_a", ["region v2->a3", "field direction",
                                              "'sideways' is not one of right, left, bi"]),
    "relation_direction_bi": ("doc_a", ["region v2->a3", "field direction",
                                        "'PATIENT' relation cannot run both ways"]),
    "relation_two_labels": ("doc_a", ["region v2->a3", "field labels", "2 labels"]),
}


def kroniek(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kroniek.cli", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_committed_corpus_is_what_the_script_makes():
    committed = {p.relative_to(BAD).as_posix(): p.read_bytes() for p in BAD.rglob("*.json")}
    assert committed == make_bad.generate()


def test_every_fault_has_an_expectation():
    assert set(EXPECTED) == set(make_bad.FAULTS)


@pytest.mark.parametrize("fault", sorted(make_bad.FAULTS))
def test_fault_is_refused_in_one_clear_line(fault, small_dataset, tmp_path):
    folder = BAD / fault
    export = folder / f"{fault}.json"
    before_input = export.read_bytes()
    out = tmp_path / "dataset"
    shutil.copytree(small_dataset, out)
    previous = read_tree(out)

    validate = kroniek("validate", str(export), "--seeds", str(SEEDS))
    build = kroniek("build", "--annotations", str(folder), "--seeds", str(SEEDS),
                    "--output", str(out))
    v_out, v_err = validate.communicate(timeout=60)
    b_out, b_err = build.communicate(timeout=60)

    document, phrases = EXPECTED[fault]
    assert validate.returncode == 1 and build.returncode == 1, (v_err, b_err)
    assert "Traceback" not in v_err + b_err
    # validate: one line per problem (here exactly one) and a summary line
    lines = v_err.strip().splitlines()
    assert len(lines) == 2 and v_out == "", v_err
    line, summary = lines
    assert summary.startswith("kroniek validate: 1 problem in 1 of 1 file")
    assert line.startswith(f"{export}: ")
    assert (f": document {document}: " in line) if document else ": document " not in line
    for phrase in phrases:
        assert phrase in line
    # build says the same thing, as its last line, and nothing more than progress before it
    b_lines = b_err.strip().splitlines()
    assert b_lines[-1] == f"kroniek build: {line}"
    assert all(x.startswith("validating ") for x in b_lines[:-1]) and b_out == ""
    # nothing written: the previous dataset byte for byte, no leftovers beside it
    assert read_tree(out) == previous
    assert sorted(os.listdir(tmp_path)) == ["dataset"]
    assert export.read_bytes() == before_input


@pytest.mark.parametrize("case", sorted(make_bad.ALLOWED))
def test_allowed_oddities_validate(case):
    folder = BAD / "allowed" / case
    proc = kroniek("validate", str(folder), "--seeds", str(SEEDS))
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert out.strip() == "1 file(s), 3 task(s): no problems"


def _build(folder: Path, out: Path) -> dict[str, bytes]:
    from kroniek.build import build

    build(annotations=folder, seeds=SEEDS, output=out, progress=lambda message: None)
    return read_tree(out)


def test_byte_order_mark_builds_the_same_dataset(small_dataset, tmp_path):
    assert _build(BAD / "allowed" / "byte_order_mark", tmp_path / "d") == read_tree(small_dataset)


def test_empty_result_builds_a_document_without_annotations(tmp_path):
    """An empty result is the annotator saying the article has nothing to annotate."""
    import pyarrow.parquet as pq

    files = _build(BAD / "allowed" / "empty_result", tmp_path / "d")
    assert "documents/train.parquet" in files
    rows = pq.read_table(tmp_path / "d" / "documents" / "train.parquet").to_pylist()
    (doc_b,) = [r for r in rows if r["id"] == "doc_b"]
    assert doc_b["text"].startswith("Turkse troepen")
    assert doc_b["entities"] == doc_b["events"] == doc_b["relations"] == doc_b["clusters"] == []
    ner = pq.read_table(tmp_path / "d" / "ner" / "train.parquet").to_pylist()
    assert [set(r["ner_tags"]) for r in ner if r["document_id"] == "doc_b"] == [{0}, {0}, {0}, {0}]


def test_two_problems_name_both_and_build_points_to_validate(small, tmp_path):
    """More than one problem: validate lists each, build gives the first and a count."""
    export = small / "annotations" / "export.json"
    tasks = json.loads(export.read_text(encoding="utf-8"))
    for result in tasks[0]["annotations"][0]["result"]:
        if result.get("id") in ("a1", "v1") and result["type"] == "labels":
            result["value"]["labels"] = ["NOPE"]
    export.write_text(json.dumps(tasks), encoding="utf-8")
    validate = kroniek("validate", str(export), "--seeds", str(small / "seeds"))
    build = kroniek("build", "--annotations", str(export.parent), "--seeds",
                    str(small / "seeds"), "--output", str(tmp_path / "out"))
    _, v_err = validate.communicate(timeout=60)
    _, b_err = build.communicate(timeout=60)
    lines = v_err.strip().splitlines()
    assert len(lines) == 3 and "region a1" in lines[0] and "region v1" in lines[1]
    assert lines[2].startswith("kroniek validate: 2 problems in 1 of 1 file")
    last = b_err.strip().splitlines()[-1]
    assert last == (f"kroniek build: {lines[0]} (and 1 more problem); "
                    "'kroniek validate' lists them all")
    assert not (tmp_path / "out").exists()


def test_validate_with_no_export_files_is_an_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kroniek.cli", "validate", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "no Label Studio export (*.json)" in proc.stderr


def test_small_and_streamed_reads_give_the_same_tasks(tmp_path, monkeypatch):
    """The in-memory fast path and the streaming reader agree on a valid export."""
    from kroniek import sources

    export = ROOT / "tests" / "data" / "small" / "annotations" / "export.json"
    fast = sources.read_export(export)
    monkeypatch.setattr(sources, "IN_MEMORY_LIMIT", 0)
    assert sources.read_export(export) == fast == json.loads(export.read_text(encoding="utf-8"))
