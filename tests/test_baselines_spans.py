"""The shared span helpers every baseline's output goes through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kroniek_baselines._spans import Occupied, Span, Tokens, build, flatten, per_sentence
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


regions = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)).map(
    lambda p: (p[0], p[0] + p[1])), max_size=20)


@given(regions, regions)
def test_occupied_answers_as_asking_every_taken_region_would(taken, asked):
    occupied = Occupied(taken)
    for start, end in asked:
        assert occupied.free(start, end) == all(end <= a or start >= b for a, b in taken)


@given(st.lists(st.sampled_from(["Rebellen vielen aan.", "Ja!", "Het leger vluchtte.", "\n\n"]),
                min_size=1, max_size=6), spans)
def test_per_sentence_groups_as_filtering_each_sentence_would(parts, given_spans):
    text = " ".join(parts)
    toks = Tokens(text, sentences(text))
    grouped = per_sentence(toks, given_spans)
    assert grouped == [[s for s in given_spans if sent.start <= s.start < sent.end]
                       for sent in toks.sentences]


def test_long_texts_are_handled_in_linear_time_by_the_shared_helpers():
    """Not timed: the quadratic way would ask 10,000 x 10,000 questions, which this does
    not have the time for under pytest's default settings; the answers are checked."""
    text = "Rebellen vielen aan. " * 10_000
    toks = Tokens(text, sentences(text))
    found = [Span(s.start, s.start + 8, "PER", "NOM") for s in toks.sentences]
    grouped = per_sentence(toks, found)
    assert len(grouped) == 10_000 and all(g == [s] for g, s in zip(grouped, found))
    taken = Occupied((s.start, s.end) for s in found)
    assert sum(taken.free(s.start + 9, s.start + 15) for s in found) == 10_000
    assert not any(taken.free(s.start + 7, s.start + 9) for s in found)
