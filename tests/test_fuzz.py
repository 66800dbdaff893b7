"""Random JSON values in every field of a prediction line and of an export region: the
command either succeeds or says what is wrong in one line per problem; never a traceback.

Each example replaces the value at one path of a valid document (or region), or adds a
key beside it, with a random JSON value -- nulls, booleans, huge integers, NaN, strings
with control characters, lists and objects nested a few levels -- and runs the command
in-process through ``kroniek.cli.main``, so any exception fails the test.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kroniek import cli

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "small"
FUZZ = settings(max_examples=200, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

spec = importlib.util.spec_from_file_location("make_bad_scores",
                                              ROOT / "tests" / "data" / "bad" / "make_bad_scores.py")
cases = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cases)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
    | st.sampled_from(["e1", "v1", "ORG", "ATTACK", "CAUSE", "AGENT", "entity", "labels", ""]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                max_size=3),
    max_leaves=6)


def paths(value, prefix=()) -> list[tuple]:
    """Every place in a JSON value: each key and index, containers included."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, prefix + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += paths(item, prefix + (i,))
    return found


def put(doc, path: tuple, value, *, new_key: str | None = None):
    """``doc`` with ``value`` at ``path``, or under ``new_key`` beside it when given."""
    doc = copy.deepcopy(doc)
    node = doc
    for step in path[:-1]:
        node = node[step]
    if new_key is not None and isinstance(node, dict):
        node[new_key] = value
    else:
        node[path[-1]] = value
    return doc


def run(argv) -> tuple[int, list[str], str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in argv])
    return code, err.getvalue().splitlines(), out.getvalue()


PRED = cases.prediction()
PRED_PATHS = paths(PRED)


@FUZZ
@given(path=st.sampled_from(PRED_PATHS), value=json_values,
       new_key=st.none() | st.sampled_from(["entites", "x", "score", "\x1b"]))
def test_any_value_in_a_prediction_line_is_scored_or_one_line(path, value, new_key):
    pred = put(PRED, path, value, new_key=new_key)
    with tempfile.TemporaryDirectory() as tmp:
        gold_file, pred_file = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl"
        gold_file.write_bytes(cases.gold_bytes())
        pred_file.write_bytes(cases.line(pred))
        code, err, out = run(["score", gold_file, pred_file, "--json", "--tasks", "entities",
                              "coreference"])
    if code == 0:
        assert err == [] and "entities" in json.loads(out)
    else:
        assert code == 1 and out == "" and len(err) == 1, err
        assert err[0].startswith(f"kroniek score: {pred_file}: ")
        assert err[0].isprintable()


TASK = json.loads((SMALL / "annotations" / "export.json").read_text(encoding="utf-8"))[0]
RESULTS = TASK["annotations"][0]["result"]
REGION_PATHS = [("annotations", 0, "result", i) + p
                for i, result in enumerate(RESULTS) for p in paths(result)]


@FUZZ
@given(path=st.sampled_from(REGION_PATHS), value=json_values,
       new_key=st.none() | st.sampled_from(["text", "start", "labels", "from_id"]))
def test_any_value_in_an_export_region_is_accepted_or_one_line_each(path, value, new_key):
    task = put(TASK, path, value, new_key=new_key)
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export.json"
        export.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
        code, err, out = run(["validate", export, "--seeds", SMALL / "seeds"])
    if code == 0:
        assert err == [] and "no problems" in out
    else:
        assert code == 1 and out == "" and len(err) >= 2, err
        assert all(line.startswith(f"{export}: ") for line in err[:-1]), err
        assert err[-1].startswith("kroniek validate: ")
        assert all(line.isprintable() for line in err)


# --- Label Studio export fields outside the regions: the task, its data, its annotations'
# flags and provenance, its predictions, and each relation's direction and labels. ------

FULL_TASK = json.loads((SMALL / "annotations" / "export.json").read_text(encoding="utf-8"))[0]
TASK_PATHS = [p for p in paths(FULL_TASK)
              if not (len(p) > 4 and p[0] in ("annotations", "predictions") and p[2] == "result")
              or p[-1] in ("direction", "labels") and FULL_TASK[p[0]][p[1]][p[2]][p[3]].get(
                  "type") == "relation"]
flags = st.sampled_from([True, False, None, "yes", "no", "true", 0, 1, "", [], {}])
directions = st.sampled_from(["right", "left", "bi", "sideways", "", None, 1, ["right"]])


@FUZZ
@given(path=st.sampled_from(TASK_PATHS), value=json_values | flags | directions,
       new_key=st.none() | st.sampled_from(["ground_truth", "was_cancelled", "annotations",
                                            "direction", "document_id", "\x07"]))
def test_any_value_in_an_export_field_is_accepted_strictly_or_one_line_each(path, value,
                                                                           new_key):
    from kroniek.convert import gold_annotation

    task = put(FULL_TASK, path, value, new_key=new_key)
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export.json"
        export.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
        code, err, out = run(["validate", export, "--seeds", SMALL / "seeds"])
    if code == 1:
        assert out == "" and len(err) >= 2, err
        assert all(line.startswith(f"{export}: ") for line in err[:-1]), err
        assert err[-1].startswith("kroniek validate: ")
        assert all(line.isprintable() for line in err)
        return
    assert code == 0 and err == [] and "no problems" in out, (code, err)
    # What passed is read strictly: the flags are booleans (or absent), the gold is never a
    # cancelled annotation, a ground truth is the gold, relations have one label and a
    # direction Label Studio writes.
    anns = task.get("annotations")
    assert isinstance(anns, list)
    for ann in anns:
        assert all(ann.get(flag) is None or type(ann[flag]) is bool
                   for flag in ("ground_truth", "was_cancelled"))
    gold = gold_annotation(task)
    if anns:
        assert gold is not None and gold.get("was_cancelled") is not True
        truth = [a for a in anns if a.get("ground_truth") is True]
        assert truth in ([], [gold])
    for ann in anns:
        if ann.get("was_cancelled"):
            continue
        for result in ann.get("result") or []:
            if result.get("type") == "relation":
                assert result.get("direction", "right") in ("right", "left", "bi")
                assert len(result.get("labels") or []) <= 1
