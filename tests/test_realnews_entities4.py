"""realnews.v4's entity mentions (EntityModel4, SyntaxTagger, syntax_features) on the
project's own DNAF fixture and hand-made parses."""

from __future__ import annotations

import pickle

import pytest
from eventdna_fixture import fixture_parser, write_parts

from kroniek.corpora.eventdna import read
from kroniek.system.run import blind
from kroniek_baselines._name_features import list_tags
from kroniek_baselines._name_tagger import token_sentences
from kroniek_baselines._spans import tokenize
from kroniek_baselines.realnews_entities4 import (EntityModel4, SyntaxTagger, phrase_head, role,
                                                  syntax_features)
from kroniek_baselines.realnews_syntax import Parse

# "Noord-Korea viel gisteren aan in New York ." as the parser gives it: the country is
# the subject, "New York" a multi-word name (York hangs from New with mwp) after "in".
WORDS = ["Noord-Korea", "viel", "gisteren", "aan", "in", "New", "York", "."]
PARSE = Parse(heads=[1, 1, 1, 1, 5, 1, 5, 1],
              labels=["su", "ROOT", "mod", "svp", "hd", "mod", "mwp", "punct"])


@pytest.fixture(scope="module")
def syntax():
    return fixture_parser(30)


def corpus(tmp_path):
    root = write_parts(tmp_path)
    return {split: list(read(root, split=split)) for split in ("train", "validation", "test")}


def test_the_role_of_a_name_is_its_phrase_relation_with_the_governing_preposition():
    assert role(PARSE, WORDS, 0) == "su"
    assert phrase_head(PARSE, 6) == 5 and phrase_head(PARSE, 0) == 0
    assert role(PARSE, WORDS, 5) == role(PARSE, WORDS, 6) == "mod|in"   # York climbs to New


def test_syntax_features_tie_the_role_to_the_word_and_its_listed_class():
    subject = syntax_features(PARSE, WORDS, 0, listed="B-GPE")
    assert {"sx:role=su", "sx:role|w=su|noord-korea", "sx:role|gz=su|GPE"} <= set(subject)
    york = syntax_features(PARSE, WORDS, 6)
    assert "sx:role=mod|in" in york and "sx:to-1=mwp" in york       # York attaches to New
    assert "sx:1=mwp" in syntax_features(PARSE, WORDS, 5)           # New heads York
    assert not any(f.startswith("sx:role") for f in syntax_features(PARSE, WORDS, 2))
    assert not any(f.startswith("sx:role|gz") for f in syntax_features(PARSE, WORDS, 5))


def test_tagger_rows_carry_the_parse_of_each_token_and_the_cache_is_not_pickled(syntax):
    doc = {"id": "d", "text": "Rebellen vallen Kirkuk aan\n\nHet leger zei dat Kirkuk viel ."}
    cache: dict = {}
    tagger = SyntaxTagger(syntax, cache=cache)
    offsets = token_sentences([doc["text"]])
    words, rows = tagger._features([doc], offsets)
    (parses,) = syntax.parse([doc])
    assert list(cache) == [doc["text"]] and cache[doc["text"]] == parses
    flat_words = [w for sent in words[0] for w in sent]
    flat_rows = [r for sent in rows[0] for r in sent]
    (toks,) = tokenize([doc])
    where = [(parse, [doc["text"][a:b] for a, b in sent.tokens], i)
             for sent, parse in zip(toks.sentences, parses) for i in range(len(sent.tokens))]
    assert len(where) == len(flat_rows) == 11
    for k in (k for k, w in enumerate(flat_words) if w == "Kirkuk"):
        parse, sentence, i = where[k]
        assert sentence[i] == "Kirkuk"
        expected = syntax_features(parse, sentence, i, listed=list_tags(sentence)[i])
        assert "sx:role|gz=" in " ".join(expected)                    # Kirkuk is a listed place
        assert [f for f in flat_rows[k] if f.startswith("sx:")] == expected
    assert pickle.loads(pickle.dumps(tagger)).cache is None


def test_learns_heads_with_types_and_levels_and_survives_pickling(tmp_path, syntax):
    parts = corpus(tmp_path)
    model = EntityModel4(syntax).fit(parts["train"], [], parts["validation"], [])
    test = blind(parts["test"])
    (spans,) = model.spans(test)
    text = parts["test"][0]["text"]
    found = {(text[s.start:s.end], s.label, s.extra) for s in spans}
    assert {("Kirkuk", "GPE", "NAM"), ("strijders", "PER", "NOM"), ("Zij", "PER", "PRO")} <= found
    assert all(text[s.start:s.end] not in ("zullen", "aanvallen", ".") for s in spans)
    assert model.tagger.cache is None                   # the fit's parses are not kept
    assert pickle.loads(pickle.dumps(model)).spans(test) == [spans]
