"""realnews.v3's entity mentions (EntityModel3, ContextTagger, word clusters) on made-up
sentences and the project's own DNAF fixture."""

from __future__ import annotations

from eventdna_fixture import dnaf, write_document

from kroniek.corpora.eventdna import read
from kroniek.system.run import blind
from kroniek_baselines._name_tagger import token_sentences
from kroniek_baselines.realnews_entities import EntityModel
from kroniek_baselines.realnews_entities3 import ContextTagger, EntityModel3
from kroniek_baselines.realnews_entities3_clusters import (cluster_features, listed_name_context,
                                                           word_clusters)
from kroniek_baselines.realnews_names import MentionTagger

PLACES = ("gent", "parijs", "rome", "berlijn")
VERBS = ("dreigt", "waarschuwt", "eist", "zwijgt")


def sentences():
    """Places after ``in``/``naar``, verbs after a country: two kinds of words."""
    out = []
    for place in PLACES:
        out += [["ik", "woon", "in", place, "."], ["wij", "reizen", "naar", place, "."]]
    for verb in VERBS:
        out += [["rusland", verb, "vandaag", "."], ["china", verb, "morgen", "."]]
    return out


def test_words_with_the_same_neighbours_share_a_cluster():
    clusters = word_clusters(sentences(), ks=(2, 4), dims=4)
    places = {clusters[w][0] for w in PLACES}
    verbs = {clusters[w][0] for w in VERBS}
    assert len(places) == 1 and len(verbs) == 1 and places != verbs
    assert all(len(ids) == 2 for ids in clusters.values())
    assert word_clusters(sentences(), ks=(2, 4), dims=4) == clusters       # deterministic


def test_words_seen_too_rarely_have_no_cluster():
    clusters = word_clusters([*sentences(), ["eenmalig", "woord"]], ks=(2,), dims=4)
    assert "eenmalig" not in clusters and "gent" in clusters
    assert word_clusters([["een", "zin"]], ks=(2,)) == {}


def test_cluster_features_join_the_word_with_its_neighbours_clusters():
    clusters = word_clusters(sentences(), ks=(2, 4), dims=4)
    verb = clusters["dreigt"][0]
    feats = cluster_features(["Rusland", "dreigt", "Onbekend"], clusters)
    assert f"cw+1=rusland|{verb}" in feats[0]
    coarse, fine = clusters["rusland"]
    assert f"c0={coarse}" in feats[0] and f"c1={fine}" in feats[0]
    assert feats[0][-1].startswith("c0") and "cw-1=P|rusland" in feats[0]
    assert "c0=U" in feats[2] and "c1=U" in feats[2]                       # unseen word
    assert len(feats) == 3


def test_listed_names_are_joined_with_the_words_and_clusters_around_them():
    words = ["Rusland", "viseert", "de", "Verenigde", "Staten"]
    feats = listed_name_context(words)
    assert feats[0] == ["gz-1=GPE|P", "gz+1=GPE|viseert", "gz-2=GPE|P", "gz+2=GPE|de",
                        "gz-1+1=GPE|P|viseert"]
    assert feats[1] == feats[2] == []                                     # not listed names
    assert feats[3][:3] == ["gz-1=GPE|de", "gz+1=GPE|staten", "gz-2=GPE|viseert"]
    clusters = word_clusters(sentences(), ks=(2, 4), dims=4)
    joined = listed_name_context(words, clusters)
    assert f"gzc+1=GPE|{clusters['viseert'][0] if 'viseert' in clusters else 'U'}" in joined[0]
    assert "gzc+1=GPE|U" in joined[0] and "gzc-1=GPE|P" in joined[0]
    assert joined[0][:5] == feats[0]


def corpus(tmp_path):
    root = tmp_path / "eventdna"
    for n in range(1, 6):
        write_document(root, f"eventdna_{n}", dnaf(f"eventdna_{n}"))
    return {split: list(read(root, split=split)) for split in ("train", "validation", "test")}


def test_cluster_tagger_learns_clusters_from_its_training_text_only(tmp_path):
    parts = corpus(tmp_path)
    tagger = ContextTagger(clusters=True).fit(parts["train"], [1.0] * len(parts["train"]))
    assert tagger.clusters and "kirkuk" in tagger.clusters[0]
    assert not ContextTagger().fit(parts["train"], [1.0] * len(parts["train"])).clusters
    assert set(tagger.clusters[0]) <= {w.lower() for d in parts["train"] for w in d["text"].split()}
    (spans,) = tagger.spans(parts["test"])
    text = parts["test"][0]["text"]
    assert ("Kirkuk", "GPE", "NAM") in {(text[s.start:s.end], s.label, s.extra) for s in spans}


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
