"""A two-stage linear name tagger over tokens: the reusable part of ``names.v1``.

Stage one: a linear SVM (scikit-learn's ``LinearSVC``) over hashed token features
(:mod:`baselines._name_features`) scores each IOB2 tag per token; Viterbi decoding picks
the best tag sequence that IOB2 allows (``I-X`` only after ``B-X`` or ``I-X``). Stage two:
the same, with the first stage's tags nearby and across the document as features; its
training rows carry first-stage tags predicted by models that did not see those
documents (``folds``-fold cross-fitting by document), so stage two learns how far the
first stage can be trusted. Everything is deterministic (liblinear with a fixed seed).

The API is small so other systems can reuse it (EventDNA's NAM mentions, say)::

    tagger = NameTagger().fit(docs, tags)   # docs: documents -> sentences -> words
    tagger.tag(docs)                        # the same shape, IOB2 tags
    find_names(tagger, kroniek_documents)   # (start, end, label) per document, on its text
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from . import _name_features as feats

Docs = Sequence[Sequence[Sequence[str]]]


class NameTagger:
    """IOB2 name tags for pre-tokenized documents, learned from tagged ones."""

    def __init__(self, *, c: float = 0.1, folds: int = 4, n_features: int = 2 ** 21,
                 seed: int = 0) -> None:
        self.c, self.folds, self.n_features, self.seed = c, folds, n_features, seed
        self.first = self.second = None
        self.first_names: frozenset[str] = frozenset()

    def settings(self) -> str:
        return f"c={self.c} folds={self.folds} n_features={self.n_features} seed={self.seed}"

    def _hasher(self):
        from sklearn.feature_extraction import FeatureHasher

        return FeatureHasher(n_features=self.n_features, input_type="string", alternate_sign=False)

    def _fit_one(self, rows, tags):
        from sklearn.svm import LinearSVC

        model = LinearSVC(C=self.c, random_state=self.seed)
        model.fit(self._hasher().transform(r for doc in rows for sent in doc for r in sent),
                  [t for doc in tags for sent in doc for t in sent])
        return model

    def _decode(self, model, rows) -> list[list[list[str]]]:
        flat = [r for doc in rows for sent in doc for r in sent]
        if not flat:
            return [[[] for _ in doc] for doc in rows]
        scores = model.decision_function(self._hasher().transform(flat))
        labels = list(model.classes_)
        out, k = [], 0
        for doc in rows:
            out.append([])
            for sent in doc:
                out[-1].append(viterbi(scores[k:k + len(sent)], labels))
                k += len(sent)
        return out

    def fit(self, docs: Docs, tags: Docs) -> "NameTagger":
        self.first_names = feats.first_names(docs, tags)
        first = [feats.document_features(doc, self.first_names) for doc in docs]
        cross: list = [None] * len(docs)
        for fold in range(self.folds):
            inside = [d for d in range(len(docs)) if d % self.folds != fold]
            outside = [d for d in range(len(docs)) if d % self.folds == fold]
            model = self._fit_one([first[d] for d in inside], [tags[d] for d in inside])
            for d, guess in zip(outside, self._decode(model, [first[d] for d in outside])):
                cross[d] = guess
        self.first = self._fit_one(first, tags)
        second = [feats.stacked(doc, f, t) for doc, f, t in zip(docs, first, cross)]
        self.second = self._fit_one(second, tags)
        return self

    def tag(self, docs: Docs) -> list[list[list[str]]]:
        first = [feats.document_features(doc, self.first_names) for doc in docs]
        guess = self._decode(self.first, first)
        second = [feats.stacked(doc, f, t) for doc, f, t in zip(docs, first, guess)]
        return self._decode(self.second, second)


def viterbi(scores: np.ndarray, labels: Sequence[str]) -> list[str]:
    """The best IOB2-valid label sequence for per-token label ``scores``."""
    n = len(scores)
    if n == 0:
        return []
    allowed = np.array([[not (b.startswith("I-") and (a == "O" or a[2:] != b[2:]))
                         for b in labels] for a in labels])
    moves = np.where(allowed, 0.0, -1e9)
    start = np.array([0.0 if not b.startswith("I-") else -1e9 for b in labels])
    best = scores[0] + start
    back = []
    for i in range(1, n):
        total = best[:, None] + moves
        back.append(total.argmax(axis=0))
        best = total.max(axis=0) + scores[i]
    path = [int(best.argmax())]
    for pointers in reversed(back):
        path.append(int(pointers[path[-1]]))
    return [labels[j] for j in reversed(path)]


def token_sentences(texts: Sequence[str]) -> list[list[list[tuple[int, int]]]]:
    """Each text's sentences as token offsets: Kroniek's tokens and sentences
    (:mod:`kroniek.tokens`), with a line break also ending a sentence, so that text
    with one sentence per line keeps its sentences."""
    from kroniek.tokens import sentences_many

    out = []
    for text, sents in zip(texts, sentences_many(texts)):
        doc = []
        for sent in sents:
            current: list[tuple[int, int]] = []
            for start, end in sent.tokens:
                if current and "\n" in text[current[-1][1]:start]:
                    doc.append(current)
                    current = []
                current.append((start, end))
            if current:
                doc.append(current)
        out.append(doc)
    return out


def find_names(tagger: NameTagger, documents: Sequence[dict]) -> list[list[tuple[int, int, str]]]:
    """``(start, end, label)`` of the names in each document's ``text``, labels as learned."""
    from kroniek.corpora.conll2002 import chunks

    texts = [d["text"] for d in documents]
    offsets = token_sentences(texts)
    words = [[[text[s:e] for s, e in sent] for sent in doc] for text, doc in zip(texts, offsets)]
    out = []
    for doc, tags in zip(offsets, tagger.tag(words)):
        spans = []
        for sent, row in zip(doc, tags):
            spans += [(sent[a][0], sent[b - 1][1], label) for a, b, label in chunks(row)]
        out.append(spans)
    return out
