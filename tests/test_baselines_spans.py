"""The shared span helpers every baseline's output goes through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kroniek_baselines._spans import Span, Tokens, build, flatten
from kroniek.tokens import sentences

spans = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8)).map(
    lambda p: Span(p[0], p[0] + p[1], "GPE", "NAM")), max_size=25)


@given(spans)
def test_flatten_keeps_no_overlaps_and_never_drops_a_span_for_a_shorter_one(given_spans):
    kept = flatten(given_spans)
    assert all(a.end <= b.start for a, b in zip(kept, kept[1:]))
    for span in given_spans:
        rivals = [k for k in kept if k.start < span.end and span.start < k.end]
        assert rivals, "a dropped span must overlap a kept one"
        assert max(k.end - k.start for k in rivals) >= span.end - span.start


def test_snap_widens_to_whole_tokens_and_rejects_gaps():
    text = "De stad Raqqa viel."
    toks = Tokens(text, sentences(text))
    assert toks.snap(9, 11) == (8, 13)          # inside "Raqqa"
    assert toks.snap(2, 3) is None              # only the space between two tokens
    assert toks.snap(0, 7) == (0, 7)


def test_build_prefixes_ids_and_checks_labels():
    doc = {"id": "doc7", "text": "IS viel Mosul aan."}
    out = build(doc, entities=[Span(0, 2, "ORG", "NAM"), Span(8, 13, "GPE", "NAM")],
                events=[Span(3, 7, "ATTACK", "ACTUAL")], arguments=[(0, 0, "AGENT"), (0, 1,
                                                                                  "PATIENT")],
                entity_clusters=[[0], [0, 1]])
    assert [e["id"] for e in out["entities"]] == ["doc7:p-e1", "doc7:p-e2"]
    assert out["events"][0]["arguments"] == [{"entity_id": "doc7:p-e1", "role": "AGENT"},
                                             {"entity_id": "doc7:p-e2", "role": "PATIENT"}]
    assert out["clusters"] == [{"id": "doc7:p-c1", "members": ["doc7:p-e1", "doc7:p-e2"]}]
    with pytest.raises(ValueError, match="not in the entity type inventory"):
        build(doc, entities=[Span(0, 2, "ORGANISATION", "NAM")])
