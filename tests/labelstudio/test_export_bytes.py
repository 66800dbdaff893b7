"""Export files are written by ujson when it gives the json module's very bytes: every
committed export and any JSON value must come out byte for byte as
``json.dumps(indent=2, ensure_ascii=False, sort_keys=True)`` writes it, so a pull never
changes a committed file by changing writer."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kroniek.labelstudio import projects
from kroniek.labelstudio.projects import dumps_export

ROOT = Path(__file__).resolve().parents[2]


def reference(tasks) -> bytes:
    return (json.dumps(tasks, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def test_every_committed_export_is_written_back_byte_for_byte():
    files = sorted((ROOT / "annotations" / "exports").glob("*.json"))
    assert files
    for path in files:
        data = path.read_bytes()
        tasks = json.loads(data)
        assert projects._ujson_text(tasks) is not None, path.name   # the fast way is taken
        assert dumps_export(tasks) == data, path.name


TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]))
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(min_value=2 ** 63) |
    st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=25)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_any_value_is_written_as_the_json_module_writes_it(value):
    assert dumps_export([value]) == reference([value])


def test_what_ujson_writes_otherwise_takes_the_json_modules_way():
    for value in (1e-7, 2.5e-5, {"x": [float("nan")]}, "\u2028/\x7f\x1f", -0.0, 1e16, [], {}):
        assert dumps_export([value]) == reference([value]), value
    assert projects._ujson_text([1e-7]) is None
