"""kroniek.tokens splits sentences with a numpy re-implementation of spaCy's
``sentencizer`` rule (for speed). These tests hold it to the real component, so that a
spaCy upgrade that changes the rule cannot silently change the dataset's sentences."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from kroniek.tokens import paragraphs, sentences

ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def spacy_sentencizer():
    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    return nlp


def reference(text: str) -> list[tuple[int, int]]:
    """Sentence spans by spaCy's own sentencizer, run on each paragraph as Kroniek does."""
    nlp = spacy_sentencizer()
    spans = []
    for start, end in paragraphs(text):
        doc = nlp(text[start:end])
        for sent in doc.sents:
            tokens = [t for t in sent if not t.is_space]
            if tokens:
                spans.append((start + tokens[0].idx, start + tokens[-1].idx + len(tokens[-1])))
    return spans


def ours(text: str) -> list[tuple[int, int]]:
    return [(s.tokens[0][0], s.tokens[-1][1]) for s in sentences(text) if s.tokens]


def development_articles() -> list[str]:
    """The seed and every train and validation article (never a test article)."""
    texts = []
    for meta in sorted((ROOT / "seeds").glob("*.json")):
        if json.loads(meta.read_text(encoding="utf-8"))["split"] in ("train", "validation"):
            texts.append(meta.with_suffix(".txt").read_text(encoding="utf-8"))
    return texts


def test_agrees_with_spacy_on_every_development_article():
    texts = development_articles()
    assert len(texts) >= 20
    for text in texts:
        assert ours(text) == reference(text)


PUNCTUATION_HEAVY = st.lists(
    st.sampled_from(list("ab Z.!?;:,'\"()…-\n") + ["...", "?!", " . ", "\n\n", "Dr.", "1.5"]),
    min_size=1, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(PUNCTUATION_HEAVY)
def test_agrees_with_spacy_on_random_punctuation_heavy_text(text):
    assert ours(text) == reference(text)
