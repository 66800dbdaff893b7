"""pull's merge rule (kroniek.labelstudio.merge), without a server."""

from __future__ import annotations

import copy

from kroniek.labelstudio.merge import merge_task


def ann(id_, who, *, gold=False, at="2026-01-01T00:00:01Z", uid=None, result=None):
    return {"id": id_, "completed_by": who, "ground_truth": gold, "updated_at": at,
            "unique_id": uid or f"u{id_}-{who}", "result": result or [{"id": f"r{id_}"}],
            "was_cancelled": False}


def task(*anns, id_=1, created="2026-01-01T00:00:00Z"):
    return {"id": id_, "created_at": created, "data": {"document_id": "d", "text": "x"},
            "annotations": list(anns)}


def test_an_unchanged_task_keeps_the_file():
    current = task(ann(1, 2), ann(2, 3, gold=True))
    assert merge_task(current, copy.deepcopy(current)).task is None


def test_annotations_the_server_lacks_are_kept():
    current = task(ann(1, 2), ann(2, 3, gold=True))
    server = task(ann(2, 3, gold=True), ann(5, 4))
    merged = merge_task(current, server)
    assert merged.conflict is None and merged.kept == 1
    assert [(a["id"], a["ground_truth"]) for a in merged.task["annotations"]] == \
        [(1, False), (2, True), (5, False)]


def test_same_id_by_another_author_is_another_annotation():
    current = task(ann(1, 2, uid="a"), id_=1)
    server = task(ann(1, 7, uid="b"), id_=1)
    assert [a["completed_by"] for a in merge_task(current, server).task["annotations"]] == [2, 7]


def test_an_edited_annotation_is_taken_from_the_server():
    current = task(ann(1, 2, gold=True))
    server = task(ann(1, 2, gold=True, at="2026-02-01T00:00:00Z", result=[{"id": "new"}]))
    (only,) = merge_task(current, server).task["annotations"]
    assert only["result"] == [{"id": "new"}]


def test_a_newer_ground_truth_of_the_same_task_takes_over():
    current = task(ann(1, 2, gold=True))
    server = task(ann(1, 2, gold=True), ann(2, 3, gold=True, at="2026-03-01T00:00:00Z"))
    anns = merge_task(current, server).task["annotations"]
    assert [(a["id"], a["ground_truth"]) for a in anns] == [(1, False), (2, True)]


def test_an_older_ground_truth_is_refused_unless_replace():
    current = task(ann(1, 2, gold=True, at="2026-05-01T00:00:00Z"))
    server = task(ann(1, 2, gold=True, at="2026-05-01T00:00:00Z"),
                  ann(2, 3, gold=True, at="2026-03-01T00:00:00Z"))
    merged = merge_task(current, server)
    assert merged.task is None
    assert "would replace annotation 1 by user 2 (ground truth)" in merged.conflict
    assert merge_task(current, server, replace=True).task == server


def test_another_task_that_lacks_the_gold_is_refused():
    current = task(ann(1, 2), ann(3, 4, gold=True))
    server = task(ann(1, 1), created="2026-09-09T00:00:00Z")
    merged = merge_task(current, server)
    assert merged.task is None and "annotation 1 by user 2, annotation 3 by user 4 " \
        "(ground truth)" in merged.conflict


def test_a_restored_task_matches_by_unique_id():
    current = task(ann(1, 2, uid="a"), ann(3, 4, gold=True, uid="b"))
    restored = task(ann(40, "user 2", uid="a", result=[{"id": "r1"}]),
                    ann(41, "user 4", gold=True, uid="b", result=[{"id": "r3"}]),
                    id_=9, created="2027-01-01T00:00:00Z")
    for a in restored["annotations"]:
        a["completed_by"] = int(a["completed_by"].split()[1])
    assert merge_task(current, restored).task is None


def test_a_revision_recorded_on_the_server_is_pulled_and_compared_by_unique_id():
    """Marking an annotation as a revision (parent_annotation) is a change pull keeps; the
    same revision restored on another server (other ids, same unique ids) is no change."""
    same = [{"id": "r"}]
    current = task(ann(1, 2, uid="a", result=same), ann(2, 3, gold=True, uid="b", result=same))
    server = copy.deepcopy(current)
    server["annotations"][1]["parent_annotation"] = 1
    merged = merge_task(current, server)
    assert merged.task["annotations"][1]["parent_annotation"] == 1
    elsewhere = task(ann(7, 2, uid="a", result=same), ann(8, 3, gold=True, uid="b", result=same),
                     id_=9)
    elsewhere["annotations"][1]["parent_annotation"] = 7
    assert merge_task(merged.task, elsewhere).task is None
