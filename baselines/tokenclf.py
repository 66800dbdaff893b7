"""``tokenclf.v1``: a scikit-learn token classifier for entities and triggers.

Each token becomes a bag of string features -- the word and its neighbours (two each
side), word shapes, prefixes and suffixes, its simplemma lemma, its wordfreq Dutch
frequency bucket, the gazetteer's type for it (:mod:`baselines.gazetteer`) and the
trigger lexicon's type for its lemma (:mod:`baselines.lexicon`) -- hashed with
``FeatureHasher``; one ``SGDClassifier`` (logistic loss) predicts IOB2 entity tags and
another trigger tags, decoded to spans with :func:`kroniek.tokens.decode_bio`.
Predicted entities are NAM when capitalised, else NOM; predicted triggers get the
lexicon's realis rule (:func:`baselines.lexicon.realis`) and no arguments.

Training data: :meth:`TokenClassifier.fit` learns from gold documents;
:mod:`kroniek.system.run` fits it on the splits before the one scored, so it never
predicts a sentence it learned from. Gold spans that do not start and
end on :mod:`kroniek.tokens` token boundaries cannot be IOB2-tagged and are left out of
training (the validator should have caught them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from kroniek.documents import Document
from kroniek.errors import KroniekError
from kroniek.tokens import BoundaryError, decode_bio, encode_bio, encode_bio_each

from ._spans import Span, build, flatten, mention_of, tokenize
from kroniek.system import System
from .gazetteer import find_entities
from .lexicon import TRIGGERS, lemma, realis
from kroniek.system import register

@dataclass
class Example:
    """One sentence: where it is, its tokens' features and (for gold) its tags."""

    key: tuple[int, int]                 # (document position, sentence position)
    tokens: tuple[tuple[int, int], ...]
    words: list[str]
    features: list[list[str]]
    entity_tags: list[str]
    trigger_tags: list[str]


@lru_cache(maxsize=50_000)
def _word_features(word: str) -> tuple[str, ...]:
    from wordfreq import zipf_frequency

    lower = word.lower()
    shape = re.sub(r"(.)\1+", r"\1", re.sub(r"[A-Z]", "X", re.sub(r"[a-z]", "x",
                                                                 re.sub(r"\d", "d", word))))
    lem = lemma(word)
    return (f"w={lower}", f"shape={shape}", f"p2={lower[:2]}", f"p3={lower[:3]}",
            f"s2={lower[-2:]}", f"s3={lower[-3:]}", f"s4={lower[-4:]}", f"lemma={lem}",
            f"freq={int(zipf_frequency(lower, 'nl'))}", f"title={word[:1].isupper()}",
            f"upper={word.isupper()}", f"trigger={TRIGGERS.get(lem) or TRIGGERS.get(lower)}")


def sentence_features(words: Sequence[str], gazetteer: Sequence[str]) -> list[list[str]]:
    """Feature strings for each word; ``gazetteer`` holds the gazetteer tag per word."""
    out = []
    for i, word in enumerate(words):
        feats = ["bias", f"first={i == 0}", f"gaz={gazetteer[i]}", *_word_features(word)]
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < len(words):
                feats += [f"{d}:w={words[j].lower()}", f"{d}:gaz={gazetteer[j]}",
                          f"{d}:{_word_features(words[j])[1]}"]
            else:
                feats.append(f"{d}:edge")
        out.append(feats)
    return out


def _aligned(tokens: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int, str]]):
    """IOB2 tags for the spans that sit on token boundaries (others are left out)."""
    try:
        return encode_bio(tokens, spans)
    except BoundaryError:
        good = []
        for span in spans:
            try:
                encode_bio(tokens, [span])
                good.append(span)
            except BoundaryError:
                pass
        return encode_bio(tokens, good)


def examples(documents: Sequence[Document]) -> list[Example]:
    """One :class:`Example` per sentence of ``documents``, tagged with any gold they have."""
    out = []
    for d, (doc, toks) in enumerate(zip(documents, tokenize(documents))):
        gaz_spans = [(s.start, s.end, s.label) for s in find_entities(toks)]
        ents = [(e["start"], e["end"], e["type"]) for e in doc.get("entities", [])]
        evs = [(e["start"], e["end"], e["type"]) for e in doc.get("events", [])]
        gaz_tags = encode_bio_each([sent.tokens for sent in toks.sentences], gaz_spans)
        for n, (sent, tags) in enumerate(zip(toks.sentences, gaz_tags)):
            words = [toks.text[s:e] for s, e in sent.tokens]
            gaz = [t.replace("B-", "").replace("I-", "") for t in tags]
            out.append(Example((d, n), sent.tokens, words, sentence_features(words, gaz),
                               _aligned(sent.tokens, ents), _aligned(sent.tokens, evs)))
    return out


class Model:
    """A fitted pair of taggers (entities, triggers) over hashed features."""

    def __init__(self, training: Sequence[Example], *, seed: int = 0) -> None:
        from sklearn.feature_extraction import FeatureHasher

        self.hasher = FeatureHasher(n_features=2 ** 16, input_type="string",
                                    alternate_sign=False)
        rows = [f for ex in training for f in ex.features]
        matrix = self.hasher.transform(rows) if rows else None
        self.entities = _fit([t for ex in training for t in ex.entity_tags], matrix, seed)
        self.triggers = _fit([t for ex in training for t in ex.trigger_tags], matrix, seed)

    def tag(self, batch: Sequence[Example]) -> list[tuple[list[str], list[str]]]:
        """Predicted (entity tags, trigger tags) for each sentence of ``batch``.

        One matrix for the whole batch: scikit-learn copies the coefficients on each
        call, which for one call per sentence costs more than the prediction itself.
        """
        rows = [f for ex in batch for f in ex.features]
        if not rows:
            return [([], []) for _ in batch]
        matrix = self.hasher.transform(rows)
        ents, trigs = _apply(self.entities, matrix), _apply(self.triggers, matrix)
        out, at = [], 0
        for ex in batch:
            n = len(ex.features)
            out.append((ents[at:at + n], trigs[at:at + n]))
            at += n
        return out


def _fit(tags: list[str], matrix, seed: int):
    from sklearn.linear_model import SGDClassifier

    labels = set(tags)
    if len(labels) < 2:                  # nothing to tell apart: always that tag
        return next(iter(labels), "O")
    clf = SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=20, tol=None,
                        random_state=seed)
    return clf.fit(matrix, tags)


def _apply(classifier, matrix) -> list[str]:
    if isinstance(classifier, str):
        return [classifier] * matrix.shape[0]
    return list(classifier.predict(matrix))


@register
class TokenClassifier(System):
    name = "tokenclf"
    version = 1
    tasks = ("entities", "triggers")
    trained = True
    protocol = "learns from gold sentences of the splits it is fitted on; no tuning"
    caveat = ("its gazetteer and lexicon features come from hand lists first written while "
              "reading the seed article (validation split): validation scores are "
              "development scores")
    description = ("scikit-learn SGD logistic regression over hashed word, shape, affix, "
                   "frequency, gazetteer and lexicon features, IOB2-decoded")

    def __init__(self) -> None:
        self._model: Model | None = None

    def fit(self, train: Sequence[Document], validation: Sequence[Document] = ()) -> None:
        """Train on the sentences of ``train`` and ``validation`` (nothing is tuned)."""
        self._model = Model(examples([*train, *validation]))

    def predict(self, documents: Sequence[Document]) -> list[Document]:
        if self._model is None:
            raise KroniekError(f"{self.id()} learns from gold: fit it first "
                               "(kroniek.system.predict does, on the dataset's train split)")
        exs = examples(documents)
        return self._assemble(documents, exs, self._model.tag(exs))

    def _assemble(self, documents, exs, tags) -> list[Document]:
        entities: list[list[Span]] = [[] for _ in documents]
        events: list[list[Span]] = [[] for _ in documents]
        for ex, (ent_tags, trig_tags) in zip(exs, tags):
            d = ex.key[0]
            text = documents[d]["text"]
            for s, e, label in decode_bio(ex.tokens, ent_tags):
                entities[d].append(Span(s, e, label, mention_of(text[s:e])))
            starts = {s: i for i, (s, _) in enumerate(ex.tokens)}
            ends = {e: i + 1 for i, (_, e) in enumerate(ex.tokens)}
            for s, e, label in decode_bio(ex.tokens, trig_tags):
                events[d].append(Span(s, e, label, realis(ex.words, starts[s], ends[e])))
        return [build(doc, entities=flatten(ents), events=flatten(evs))
                for doc, ents, evs in zip(documents, entities, events)]
