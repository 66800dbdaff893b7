"""realnews.v5's entity mentions (EntityModel5: realnews.v4's tagger, then Demonyms and
extend_repeats) on the project's own DNAF fixture and hand-made documents."""

from __future__ import annotations

import doctest
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from eventdna_fixture import _entity, dnaf, fixture_parser, write_document

import kroniek_baselines.realnews_entities5_bounds as bounds
import kroniek_baselines.realnews_entities5_demonyms as demonyms
import kroniek_baselines.realnews_entities5_types as types
from kroniek.corpora.eventdna import read
from kroniek.system.run import blind
from kroniek_baselines._spans import Span
from kroniek_baselines.realnews_entities4 import EntityModel4
from kroniek_baselines.realnews_entities5 import EntityModel5
from kroniek_baselines.realnews_entities5_bounds import extend_repeats
from kroniek_baselines.realnews_entities5_demonyms import Demonyms
from kroniek_baselines.realnews_entities5_types import PlaceOrActor, margins
from kroniek_baselines.realnews_syntax import Parse


@pytest.fixture(scope="module")
def syntax():
    return fixture_parser(30)


def edna(text: str, *records: tuple[str, str, str]) -> dict:
    """An imported-EventDNA-shaped document whose entities are (word, type, level)."""
    entities, at = [], 0
    for word, kind, level in records:
        start = text.index(word, at)
        entities.append({"start": start, "end": start + len(word), "type": kind, "mention": level})
    return {"id": text[:8], "text": text, "eventdna": {"entities": entities}}


def test_doctests():
    assert doctest.testmod(demonyms).failed == 0
    assert doctest.testmod(bounds).failed == 0
    assert doctest.testmod(types).failed == 0


# One sentence each, with the parse the learned parser gives: a country that acts is the
# subject (an ORG in EventDNA), one after "in" hangs from the verb as mod (a LOC).
ACTS = ("Rusland valt aan .", Parse(heads=[1, 1, 1, 1], labels=["su", "ROOT", "svp", "punct"]))
LIES = ("Hij woont in Rusland .", Parse(heads=[1, 1, 3, 1, 1],
                                        labels=["su", "ROOT", "hd", "mod", "punct"]))


def test_place_or_actor_learns_the_class_of_a_name_from_its_role():
    docs, parses = [], []
    for n in range(6):
        for (text, parse), kind in ((ACTS, "ORG"), (LIES, "LOC")):
            docs.append({**edna(text, ("Rusland", kind, "NAM")), "id": f"{kind}{n}"})
            parses.append([parse])
    model = PlaceOrActor().fit(docs, parses)
    new = [{"id": "a", "text": ACTS[0]}, {"id": "b", "text": LIES[0]}]
    spans = [[Span(0, 7, "GPE", "NAM")], [Span(13, 20, "GPE", "NAM"), Span(0, 3, "PER", "PRO")]]
    (acts,), (lies, pronoun) = model.p_org(new, [[ACTS[1]], [LIES[1]]], spans)
    assert acts > 0.5 > lies and pronoun is None
    fixed = model.relabel(new, [[ACTS[1]], [LIES[1]]], spans, [[0.0], [0.0, None]])
    assert fixed == [[Span(0, 7, "ORG", "NAM")], spans[1]]
    sure = model.relabel(new, [[ACTS[1]], [LIES[1]]], spans, [[-50.0], [0.0, None]])
    assert sure == spans                        # the tagger's margin can overrule it


def test_demonyms_count_words_whose_head_is_also_a_named_place():
    docs = [edna("Belgen winnen .", ("Belgen", "PER", "NOM"), ("Belgen", "LOC", "NAM")),
            edna("De Belgen zwijgen .", ("Belgen", "PER", "NOM")),
            edna("Agenten en belgen .", ("Agenten", "PER", "NOM"), ("belgen", "LOC", "NAM")),
            edna("Vandaag Belgen .", ("Belgen", "LOC", "NAM"))]
    model = Demonyms().fit(docs)
    assert dict(model.counts["belgen"]) == {"heads": 3, "named": 2}   # lower case not counted
    assert dict(model.counts["agenten"]) == {"heads": 1, "named": 0}
    assert model.is_demonym("Belgen") and not model.is_demonym("Agenten")
    assert not model.is_demonym("Fransen")                             # never seen
    once = Demonyms().fit(docs[:1])                                    # 1 of (1 + 1) > .4
    assert once.is_demonym("Belgen")


def test_demonyms_relabel_only_capitalised_one_word_person_nouns():
    model = Demonyms()
    model.counts = {"belgen": demonyms.Counter(heads=4, named=3)}
    doc = {"text": "Belgen en Belgen zagen belgen en Belgen Rusland"}
    spans = [Span(0, 6, "PER", "NOM"), Span(10, 16, "ORG", "NAM"), Span(23, 29, "PER", "NOM"),
             Span(33, 47, "PER", "NOM")]
    assert model.relabel(doc, spans) == [Span(0, 6, "NORP", "NAM"), *spans[1:]]


def test_extend_repeats_widens_a_cut_name_to_its_full_repeat_only():
    text = "Kuehne + Nagel groeit . Nagel en Kuehne zwijgen , zegt Nagel ( K+N ) ."
    a = text.index("Nagel en")
    b = text.index("Nagel (")
    spans = [Span(0, 14, "ORG", "NAM"), Span(a, a + 5, "PER", "NAM"), Span(b, b + 5, "ORG", "NAM")]
    assert extend_repeats(text, spans) == spans                        # no full repeat there
    text2 = "Kuehne + Nagel groeit . Kuehne + Nagel zwijgt ."
    k = text2.index("Kuehne", 1)
    cut = [Span(0, 14, "ORG", "NAM"), Span(k, k + 6, "GPE", "NAM"), Span(k + 9, k + 14, "ORG", "NAM")]
    assert extend_repeats(text2, cut) == [Span(0, 14, "ORG", "NAM"), Span(k, k + 14, "ORG", "NAM")]
    nominal = [Span(0, 14, "ORG", "NAM"), Span(k + 9, k + 14, "ORG", "NOM")]
    assert extend_repeats(text2, nominal) == nominal                   # not a name: left alone
    crossing = [Span(0, 14, "ORG", "NAM"), Span(k + 9, k + 21, "ORG", "NAM")]
    assert extend_repeats(text2, crossing) == crossing                 # would cut a span


def corpus(tmp_path):
    """The fixture corpus where "Rebellen" is also a named place (a demonym's two heads)
    and, in two documents, "Het Iraakse leger" an organisation's name."""
    root = tmp_path / "eventdna"
    for n in range(1, 6):
        data = dnaf(f"eventdna_{n}")
        data["doc"]["annotations"]["entities"]["entity_9"] = _entity("LOC", "NAM", [0], [0])
        if n < 3:
            data["doc"]["annotations"]["entities"]["entity_3"] = _entity("ORG", "NAM", [4, 5, 6],
                                                                         [4, 5, 6])
        write_document(root, f"eventdna_{n}", data)
    return {split: list(read(root, split=split)) for split in ("train", "validation", "test")}


def test_entity_model5_is_v4s_tagger_then_the_fixes_and_survives_pickling(tmp_path, syntax):
    parts = corpus(tmp_path)
    model = EntityModel5(syntax).fit(parts["train"], [], parts["validation"], [])
    assert model.demonyms.is_demonym("Rebellen")
    test = blind(parts["test"])
    tagged = EntityModel4.spans(model, test)
    (spans,) = model.spans(test)
    text = parts["test"][0]["text"]
    found = {(text[s.start:s.end], s.label, s.extra) for s in spans}
    assert {("Kirkuk", "GPE", "NAM"), ("Rebellen", "NORP", "NAM"), ("Zij", "PER", "PRO")} <= found
    assert ("Rebellen", "PER", "NOM") in {(text[s.start:s.end], s.label, s.extra)
                                          for s in tagged[0]}          # what the tagger said
    scored = model.tagger.scores(test)
    (margin,) = margins(model.tagger, scored, tagged)
    assert any(s.label == "GPE" for s in tagged[0])
    assert [m is None for m in margin] == [s.label not in ("GPE", "ORG") for s in tagged[0]]
    assert model.tagger.cache is None
    assert pickle.loads(pickle.dumps(model)).spans(test) == [spans]


NAMES = (("Kuehne", "+", "Nagel"), ("Jan", "de", "Vries"), ("Vries-Smit",), ("wint",), (".",))


def repeats_text(pieces):
    """Text of ``pieces`` (a name, and which part of it a span covers), and those spans."""
    text, spans = "", []
    for name, part, label, level in pieces:
        words = NAMES[name]
        begin = len(text) + (1 if text else 0)
        text = (text + " " if text else "") + " ".join(words)
        cover = {"all": words, "last": words[-1:], "first": words[:1]}.get(part, ())
        if cover:
            start = begin if part != "last" else len(text) - len(cover[0])
            spans.append(Span(start, start + len(" ".join(cover)), label, level))
    return text, spans


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(NAMES) - 1),
                          st.sampled_from(["all", "last", "first", "none"]),
                          st.sampled_from(["ORG", "PER", "TIME"]),
                          st.sampled_from(["NAM", "NAM", "NOM"])), min_size=1, max_size=12))
def test_extend_repeats_on_flat_spans_agrees_with_checking_every_span(pieces):
    """The fast path (neighbours only, each name's text once) against the plain one."""
    text, spans = repeats_text(pieces)
    assert extend_repeats(text, spans) == bounds._extend_overlapping(text, spans)


def test_the_repeats_generator_does_widen_names():
    text, spans = repeats_text([(0, "all", "ORG", "NAM"), (3, "none", "ORG", "NAM"),
                                (0, "last", "PER", "NAM"), (1, "all", "PER", "NAM"),
                                (1, "last", "PER", "NAM")])
    assert [text[s.start:s.end] for s in extend_repeats(text, spans)] == [
        "Kuehne + Nagel", "Kuehne + Nagel", "Jan de Vries", "Jan de Vries"]
