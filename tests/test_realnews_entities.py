"""realnews.v2's entity mentions (EntityModel, MentionTagger) on the project's own DNAF
fixture: learned heads with types and levels, the O bias, the training tags."""

from __future__ import annotations

from eventdna_fixture import write_parts

from kroniek.corpora.eventdna import read
from kroniek.system.run import blind
from kroniek_baselines._name_tagger import token_sentences
from kroniek_baselines.realnews_entities import EntityModel
from kroniek_baselines.realnews_names import MentionTagger, gold_tags


def corpus(tmp_path):
    root = write_parts(tmp_path)
    return {split: list(read(root, split=split)) for split in ("train", "validation", "test")}


def test_gold_tags_are_type_and_level_on_the_heads(tmp_path):
    doc = corpus(tmp_path)["train"][0]
    (tags,) = gold_tags([doc], token_sentences([doc["text"]]))
    words = [w for sent in tags for w in sent]
    assert words[:4] == ["B-PER/NOM", "O", "B-GPE/NAM", "O"]
    assert "B-PER/NOM" in tags[1] and "B-PER/PRO" in tags[2]


def test_learns_heads_with_types_and_levels_and_tunes_on_validation(tmp_path):
    parts = corpus(tmp_path)
    model = EntityModel().fit(parts["train"], [], parts["validation"], [])
    (spans,) = model.spans(blind(parts["test"]))
    text = parts["test"][0]["text"]
    found = {(text[s.start:s.end], s.label, s.extra) for s in spans}
    assert {("Kirkuk", "GPE", "NAM"), ("strijders", "PER", "NOM"), ("Zij", "PER", "PRO")} <= found
    assert all(text[s.start:s.end] not in ("zullen", "aanvallen", ".") for s in spans)


def test_the_o_bias_trades_mentions_for_outside_tokens(tmp_path):
    parts = corpus(tmp_path)
    tagger = MentionTagger().fit(parts["train"], [1.0] * len(parts["train"]))
    scored = tagger.scores(parts["test"])
    n_tokens = sum(len(sent) for sent in scored[0][0])
    covered = [sum(len(parts["test"][0]["text"][s.start:s.end].split()) for s in doc)
               for doc in tagger.decode(scored, 100.0)]
    assert covered == [n_tokens]                       # nothing left outside
    assert tagger.decode(scored, -100.0) == [[]]        # nothing found
    assert tagger.decode(scored) == tagger.decode(scored, 0.0)


def test_kroniek_documents_weigh_more_than_eventdna_ones(tmp_path):
    parts = corpus(tmp_path)
    doc = parts["train"][0]
    relabelled = {**doc, "entities": [{**e, "type": "ORG"} if e["text"] == "Kirkuk" else e
                                      for e in doc["entities"]]}
    for weight, expected in ((1.0, "GPE"), (20.0, "ORG")):
        tagger = MentionTagger().fit(parts["train"] + [relabelled],
                                     [1.0] * len(parts["train"]) + [weight])
        (spans,) = tagger.spans(parts["test"])
        text = parts["test"][0]["text"]
        assert {s.label for s in spans if text[s.start:s.end] == "Kirkuk"} == {expected}


def test_silver_labels_add_what_eventdna_does_not_annotate_and_nothing_it_does():
    from kroniek_baselines.realnews_entities import with_silver

    text = "Rebellen vielen dinsdag Kirkuk aan met tanks ."
    kirkuk = {"start": 24, "end": 30, "type": "GPE", "mention": "NAM"}
    tanks = {"start": 39, "end": 44, "type": "MISC", "mention": "NOM"}   # EventDNA's own
    doc = {"id": "d", "text": text, "entities": [kirkuk],
           "eventdna": {"entities": [{**kirkuk, "type": "LOC"}, tanks]}}
    (out,) = with_silver([doc])
    added = [(text[e["start"]:e["end"]], e["type"]) for e in out["entities"][1:]]
    assert added == [("dinsdag", "TIME")]
    assert out["entities"][0] == kirkuk and doc["entities"] == [kirkuk]
