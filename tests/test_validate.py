"""Each problem Label Studio lets through is caught, with file, document and region."""

import copy

import pytest

from kroniek.validate import check_export



def seeds_of(small):
    return {p.stem: p.read_text(encoding="utf-8") for p in (small / "seeds").glob("*.txt")}


def results(tasks, n=0):
    return tasks[n]["annotations"][0]["result"]


def region(tasks, rid, n=0, control=("entity", "event")):
    return next(r for r in results(tasks, n) if r.get("id") == rid and r["from_name"] in control)


def only(problems):
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def check(tasks, small):
    return check_export(tasks, file="export.json", seeds=seeds_of(small))


def test_the_fixture_is_valid(small, small_tasks):
    assert check(small_tasks, small) == []


def test_task_text_differs_from_seed(small, small_tasks):
    small_tasks[0]["data"]["text"] = small_tasks[0]["data"]["text"].replace("donderdag", "vrijdag")
    p = only(check(small_tasks, small))
    assert (p.file, p.document) == ("export.json", "doc_a")
    assert "differs from seeds/doc_a.txt from character 25" in p.message


@pytest.mark.parametrize("start,end,expect", [
    (0, 10_000, "outside the text"), (-1, 3, "outside the text"), (5, 5, "empty region"),
    ("0", 3, "not integers")])
def test_offsets_outside_the_text(small, small_tasks, start, end, expect):
    value = region(small_tasks, "a1")["value"]
    value["start"], value["end"] = start, end
    p = only(check(small_tasks, small))
    assert p.region == "a1" and expect in p.message


def test_region_text_not_matching_offsets(small, small_tasks):
    value = region(small_tasks, "a2")["value"]
    value["start"] += 1
    value["end"] += 1
    p = only(check(small_tasks, small))
    assert p.region == "a2" and "does not match the text" in p.message


@pytest.mark.parametrize("rid,label,expect", [
    ("a1", "PERSON", "unknown entity label 'PERSON'"), ("v1", "SPEECH", "unknown event label 'SPEECH'")])
def test_unknown_region_labels(small, small_tasks, rid, label, expect):
    region(small_tasks, rid)["value"]["labels"] = [label]
    assert expect in only(check(small_tasks, small)).message


def test_unknown_relation_label(small, small_tasks):
    rel = next(r for r in results(small_tasks) if r["type"] == "relation")
    rel["labels"] = ["KILLER"]
    p = only(check(small_tasks, small))
    assert p.region == "v1->a1" and "unknown relation label 'KILLER'" in p.message


def test_unknown_mention_choice(small, small_tasks):
    choice = next(r for r in results(small_tasks) if r["from_name"] == "mention")
    choice["value"]["choices"] = ["NAME"]
    assert "mention must be one of NAM, NOM, PRO" in only(check(small_tasks, small)).message


def test_region_without_mention_level(small, small_tasks):
    small_tasks[0]["annotations"][0]["result"] = [
        r for r in results(small_tasks) if not (r.get("from_name") == "mention" and r["id"] == "a8")]
    p = only(check(small_tasks, small))
    assert p.region == "a8" and "has no mention choice" in p.message


def test_overlapping_entity_regions(small, small_tasks):
    value = region(small_tasks, "a2")["value"]  # "donderdag" -> "meldde donderdag"
    text = small_tasks[0]["data"]["text"]
    value["start"] = text.index("leger")
    value["text"] = text[value["start"]:value["end"]]
    p = only(check(small_tasks, small))
    assert "entity regions overlap" in p.message


@pytest.mark.parametrize("change,expect", [
    (dict(to_id="zz"), "missing region zz"),
    (dict(from_id="a4", to_id="a1", labels=["AGENT"]), "role AGENT must run from an event trigger to an entity, runs entity -> entity"),
    (dict(from_id="v1", to_id="a1", labels=["BEFORE"]), "event relation BEFORE must link two event triggers, links event -> entity"),
    (dict(from_id="v1", to_id="a1", labels=["COREFERENCE"]), "coreference must stay within entities or within events"),
])
def test_relation_endpoints(small, small_tasks, change, expect):
    rel = next(r for r in results(small_tasks) if r["type"] == "relation")
    rel.update(change)
    assert expect in only(check(small_tasks, small)).message


def test_duplicate_region_ids(small, small_tasks):
    dup = copy.deepcopy(region(small_tasks, "a2"))
    dup["value"]["labels"] = ["PER"]
    results(small_tasks).append(dup)
    p = only(check(small_tasks, small))
    assert p.region == "a2" and "duplicate region id" in p.message


def test_only_cancelled_annotations(small, small_tasks):
    small_tasks[1]["annotations"][0]["was_cancelled"] = True
    p = only(check(small_tasks, small))
    assert p.document == "doc_b" and "only cancelled annotations" in p.message


def test_several_annotations_and_no_ground_truth(small, small_tasks):
    small_tasks[0]["annotations"][0]["ground_truth"] = False
    p = only(check(small_tasks, small))
    assert "none marked ground truth" in p.message and "adjudicate" in p.message


def test_empty_result_is_allowed(small, small_tasks):
    small_tasks[1]["annotations"][0]["result"] = []
    assert check(small_tasks, small) == []


def test_other_projects_config_is_named(small, small_tasks):
    for r in results(small_tasks):
        if r.get("from_name") == "entity":
            r["from_name"] = "label"
    problems = check(small_tasks, small)
    assert problems and "control 'label' is not one of ours" in problems[0].message
    assert "different labeling config" in problems[0].message


def test_not_a_list_of_tasks(small):
    p = only(check({"tasks": []}, small))
    assert "not a list of Label Studio tasks" in p.message


def test_task_without_text(small, small_tasks):
    del small_tasks[0]["data"]["text"]
    assert "task has no data.text" in only(check(small_tasks, small)).message


def test_quick_export_with_prediction_ids_is_accepted(small, small_tasks):
    """The web interface's JSON export lists predictions by id; that is not an error."""
    from kroniek.convert import task_predictions

    small_tasks[0]["predictions"] = [7, 8]
    assert check(small_tasks, small) == []
    assert task_predictions(small_tasks[0]) == []
