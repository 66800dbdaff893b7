"""Agreement between annotators: figures on hand-made cases, the CLI and the card."""

import copy
import json
import subprocess
import sys

import pytest

from kroniek.agreement import pair_agreement, task_agreement
from kroniek.convert import results_to_document


def test_identical_annotations_agree_perfectly(small_tasks):
    task = small_tasks[0]
    doc = results_to_document("doc_a", task["data"]["text"], task["annotations"][0]["result"])
    figures = pair_agreement(doc, copy.deepcopy(doc))
    for key in ("entities_strict_f1", "entities_partial_f1", "triggers_strict_f1",
                "arguments_f1", "relations_f1", "coreference_conll_f1", "entities_kappa",
                "triggers_kappa"):
        assert figures[key] == pytest.approx(1.0), key
    assert figures["entities_disagreements"] == []


def test_second_annotator_with_entities_only(small_tasks):
    """Bram's annotation of doc_a holds the same 8 entities and none of the 4 triggers."""
    [pair] = task_agreement(small_tasks[0])
    assert (pair["a"], pair["b"]) == ("anna@example.org", "bram@example.org")
    assert pair["entities_strict_f1"] == pytest.approx(1.0)
    assert pair["triggers_strict_f1"] == 0.0
    assert pair["arguments_f1"] == 0.0 and pair["relations_f1"] == 0.0
    assert pair["entities_kappa"] == pytest.approx(1.0)
    assert len(pair["triggers_disagreements"]) == 4
    assert all(line.startswith("only A: ") for line in pair["triggers_disagreements"])


def test_one_shifted_entity_gives_known_f1_and_kappa(small_tasks):
    task = small_tasks[0]
    text = task["data"]["text"]
    a = results_to_document("doc_a", text, task["annotations"][0]["result"])
    b = copy.deepcopy(a)
    hawija = next(e for e in b["entities"] if e["text"] == "de stad Hawija")
    hawija["start"] = text.index("Hawija")  # "Hawija" instead of "de stad Hawija"
    hawija["text"] = "Hawija"
    figures = pair_agreement(a, b)
    # 7 of 8 entities match exactly: P = R = 7/8; the eighth overlaps (half credit, partial).
    assert figures["entities_strict_f1"] == pytest.approx(7 / 8)
    assert figures["entities_partial_f1"] == pytest.approx(7.5 / 8)
    assert 0.8 < figures["entities_kappa"] < 1.0


def test_adjudicated_third_annotation_is_left_out(small_tasks):
    task = small_tasks[0]
    third = copy.deepcopy(task["annotations"][0])
    task["annotations"][0]["ground_truth"] = False
    third.update(id=105, completed_by=3, ground_truth=True)
    task["annotations"].append(third)
    pairs = task_agreement(task)
    assert [(p["a"], p["b"]) for p in pairs] == [("anna@example.org", "bram@example.org")]


def test_agreement_cli_reads_unadjudicated_tasks(small, tmp_path):
    export = small / "annotations" / "export.json"
    tasks = json.loads(export.read_text(encoding="utf-8"))
    tasks[0]["annotations"][0]["ground_truth"] = False  # two annotations, no gold yet
    export.write_text(json.dumps(tasks), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "kroniek.cli", "agreement", str(export), "--json"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    pairs = json.loads(proc.stdout)["pairs"]
    assert len(pairs) == 1 and pairs[0]["document"] == "doc_a"


def test_card_shows_agreement(small_dataset):
    card = (small_dataset / "README.md").read_text(encoding="utf-8")
    assert "| doc_a | test | anna@example.org / bram@example.org | 1.000 |" in card


def _annotated(small_tasks, *specs):
    """small_tasks[0] with annotations (id, author, ground truth, parent)."""
    task = copy.deepcopy(small_tasks[0])
    first = task["annotations"][0]
    task["annotations"] = [{**copy.deepcopy(first), "id": i, "completed_by": who,
                            "ground_truth": gold, "parent_annotation": parent}
                           for i, who, gold, parent in specs]
    return task


def test_a_revision_is_no_independent_annotation(small_tasks):
    from kroniek.agreement import independent

    # one annotator, then a revision of that gold: nothing to compare
    one = _annotated(small_tasks, (1, "anna", False, None), (2, "rev", True, 1))
    assert [who for who, _ in independent(one)] == ["anna"]
    # two annotators, an adjudicated gold, then a revision of it: the two annotators
    two = _annotated(small_tasks, (1, "anna", False, None), (2, "bram", False, None),
                     (3, "judge", False, None), (4, "rev", True, 3))
    assert [who for who, _ in independent(two)] == ["anna", "bram"]
    # without revisions the rule is as before: a separate third gold is left out
    three = _annotated(small_tasks, (1, "anna", False, None), (2, "bram", False, None),
                       (3, "judge", True, None))
    assert [who for who, _ in independent(three)] == ["anna", "bram"]
