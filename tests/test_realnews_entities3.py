"""realnews.v3's entity mentions (EntityModel3, ContextTagger) on made-up sentences and
the project's own DNAF fixture."""

from __future__ import annotations

from eventdna_fixture import dnaf, write_document

from kroniek.corpora.eventdna import read
from kroniek.system.run import blind
from kroniek_baselines._name_tagger import token_sentences
from kroniek_baselines.realnews_entities import EntityModel
from kroniek_baselines.realnews_entities3 import ContextTagger, EntityModel3, listed_name_context
from kroniek_baselines.realnews_names import MentionTagger


def test_listed_names_are_joined_with_the_words_around_them():
    words = ["Rusland", "viseert", "de", "Verenigde", "Staten"]
    feats = listed_name_context(words)
    assert feats[0] == ["gz-1=GPE|P", "gz+1=GPE|viseert", "gz-2=GPE|P", "gz+2=GPE|de",
                        "gz-1+1=GPE|P|viseert"]
    assert feats[1] == feats[2] == []                                     # not listed names
    assert feats[3][:3] == ["gz-1=GPE|de", "gz+1=GPE|staten", "gz-2=GPE|viseert"]


def corpus(tmp_path):
    root = tmp_path / "eventdna"
    for n in range(1, 6):
        write_document(root, f"eventdna_{n}", dnaf(f"eventdna_{n}"))
    return {split: list(read(root, split=split)) for split in ("train", "validation", "test")}


def test_entity_model3_learns_heads_with_types_and_levels_and_v2_keeps_its_tagger(tmp_path):
    parts = corpus(tmp_path)
    model = EntityModel3().fit(parts["train"], [], parts["validation"], [])
    assert isinstance(model.tagger, ContextTagger)
    (spans,) = model.spans(blind(parts["test"]))
    text = parts["test"][0]["text"]
    found = {(text[s.start:s.end], s.label, s.extra) for s in spans}
    assert {("Kirkuk", "GPE", "NAM"), ("strijders", "PER", "NOM"), ("Zij", "PER", "PRO")} <= found
    offsets = token_sentences([text])
    _, rows = model.tagger._features(parts["test"], offsets)
    kirkuk = rows[0][0][2]                                 # Rebellen zullen Kirkuk aanvallen
    assert "gz+1=GPE|aanvallen" in kirkuk and "gz-1=GPE|zullen" in kirkuk
    assert not any(f.startswith("gz+1=") for f in rows[0][0][1])
    v2 = EntityModel().new_tagger(parts["train"], [1.0] * len(parts["train"]))
    assert type(v2) is MentionTagger
