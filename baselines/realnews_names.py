"""A sequence tagger for entity mentions in real news: names.v1's two-stage linear
tagger (:mod:`baselines._name_tagger`), retrained on ``TYPE/LEVEL`` mention heads.

realnews.v1 labelled each token on its own (one SGD pass per token, no sequence). Here,
as in names.v1, a linear SVM scores each IOB2 tag of each token, Viterbi decoding picks
the best tag sequence IOB2 allows, and a second stage sees the first stage's tags nearby
and across the document (a name keeps its type in one article). The labels are Kroniek
types with the mention level (``GPE/NAM``, ``PER/NOM``, ``PER/PRO``), so one model finds
names, nominal heads and pronouns, and their boundaries are decided jointly.

Features per token (hashed strings): names.v1's (:mod:`baselines._name_features`: the
word, its shape, affixes, frequency, context words and shapes, name lists, document-level
evidence of capitalised words), tokenclf.v2's lexicon and gazetteer.v2 tags (nominal
heads, time words, vehicles, weapons: what Kroniek's own scheme needs), and the position
in the article: EventDNA keeps the headline as sentence one, where every word may be
capitalised, so a capital letter there says less (``hl`` features).

Each training document carries a weight (Kroniek's few constructed articles count more
than a real news lead). :meth:`MentionTagger.scores` keeps the decision scores so that the
bias against ``O`` (:meth:`MentionTagger.decode`, ``o_bias`` > 0 finds more mentions) can
be tuned on validation data with one scoring pass. One stage is the default: on EventDNA's
validation part the second stage added 0.3 named F1 for three times the fitting time.

    tagger = MentionTagger().fit(documents, weights)   # documents with entities
    tagger.spans(new_documents)                        # Span(start, end, type, level) lists
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Sequence

import numpy as np

from kroniek.documents import Document

from . import _name_features as nf
from ._name_tagger import token_sentences, viterbi
from ._spans import Span

Rows = list  # documents -> sentences -> tokens -> feature strings


def _local_features(documents: Sequence[Document], offsets) -> list[list[list[list[str]]]]:
    """tokenclf.v2's lexicon key and gazetteer.v2 tag of each token and its neighbours,
    plus the headline features, per document and sentence (token offsets as given)."""
    from ._spans import tokenize
    from .gazetteer2 import find_entities2
    from .tokenclf2 import LEXICON, key_of

    out = []
    for doc, toks, sents in zip(documents, tokenize(documents), offsets):
        gaz = {}
        every = [t for sent in toks.sentences for t in sent.tokens]     # in text order
        firsts = [s for s, _ in every]
        for span in find_entities2(toks):
            for s, e in every[bisect_left(firsts, span.start):
                              bisect_right(firsts, span.end)]:
                if e <= span.end:
                    gaz[s] = ("B-" if s == span.start else "I-") + span.label
        text = doc["text"]
        headline = len(sents) > 1
        rows = []
        for k, sent in enumerate(sents):
            words = [text[s:e] for s, e in sent]
            keys = [key_of(w) for w in words]
            lex = [LEXICON.get(key) or LEXICON.get(w.lower()) for key, w in zip(keys, words)]
            tags = [gaz.get(s, "O") for s, _ in sent]
            row = []
            for i, word in enumerate(words):
                f = [f"k:key={keys[i]}", f"k:lex={lex[i]}", f"k:gaz={tags[i]}"]
                for d in (-1, 1):
                    j = i + d
                    if 0 <= j < len(words):
                        f += [f"k{d}:lex={lex[j]}", f"k{d}:gaz={tags[j]}", f"k{d}:key={keys[j]}"]
                if headline and k == 0:
                    f += ["hl", f"hl:ss={nf.short_shape(word)}", f"hl:lw={word.lower()}"]
                row.append(f)
            rows.append(row)
        out.append(rows)
    return out


def _iob(sent, spans) -> list[str]:
    """IOB2 tags of ``spans`` (start, end, label) on the token offsets of one sentence;
    a span off token boundaries or overlapping an earlier one is left out."""
    starts = {s: i for i, (s, _) in enumerate(sent)}
    ends = {e: i for i, (_, e) in enumerate(sent)}
    tags = ["O"] * len(sent)
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start in starts and end in ends:
            a, b = starts[start], ends[end]
            if all(t == "O" for t in tags[a:b + 1]):
                tags[a:b + 1] = [f"B-{label}"] + [f"I-{label}"] * (b - a)
    return tags


def gold_tags(documents: Sequence[Document], offsets) -> list[list[list[str]]]:
    """``TYPE/LEVEL`` IOB2 tags of each document's entities."""
    out = []
    for doc, sents in zip(documents, offsets):
        spans = [(e["start"], e["end"], f"{e['type']}/{e['mention']}")
                 for e in doc.get("entities", [])]
        out.append([_iob(sent, spans) for sent in sents])
    return out


class MentionTagger:
    """Entity mention heads (``TYPE/LEVEL``) from a two-stage linear sequence tagger."""

    def __init__(self, *, c: float = 0.1, folds: int = 3, stages: int = 1,
                 n_features: int = 2 ** 20, seed: int = 0) -> None:
        self.c, self.folds, self.stages, self.n_features, self.seed = c, folds, stages, n_features, seed
        self.models: list = []
        self.first_names: frozenset[str] = frozenset()
        self.o_bias = 0.0

    def settings(self) -> str:
        return (f"c={self.c} folds={self.folds} stages={self.stages} "
                f"n_features={self.n_features} seed={self.seed}")

    def _hasher(self):
        from sklearn.feature_extraction import FeatureHasher

        return FeatureHasher(n_features=self.n_features, input_type="string",
                             alternate_sign=False)

    def _features(self, documents, offsets) -> Rows:
        texts = [d["text"] for d in documents]
        words = [[[t[s:e] for s, e in sent] for sent in doc] for t, doc in zip(texts, offsets)]
        local = _local_features(documents, offsets)
        out = []
        for doc, extra in zip(words, local):
            first = nf.document_features(doc, self.first_names)
            out.append([[a + b for a, b in zip(fs, es)] for fs, es in zip(first, extra)])
        return words, out

    def _fit_one(self, rows, tags, weights):
        """One SVM over the tokens of ``rows``, weighted per document."""
        from sklearn.svm import LinearSVC

        x = self._hasher().transform(r for doc in rows for sent in doc for r in sent)
        y = [t for doc in tags for sent in doc for t in sent]
        w = [wt for doc, wt in zip(tags, weights) for sent in doc for _ in sent]
        return LinearSVC(C=self.c, random_state=self.seed).fit(x, y, sample_weight=w)

    def _scores(self, model, rows) -> list[list[np.ndarray]]:
        flat = [r for doc in rows for sent in doc for r in sent]
        if not flat:
            return [[np.zeros((0, len(model.classes_))) for _ in doc] for doc in rows]
        scores = model.decision_function(self._hasher().transform(flat))
        out, k = [], 0
        for doc in rows:
            out.append([])
            for sent in doc:
                out[-1].append(scores[k:k + len(sent)])
                k += len(sent)
        return out

    def _viterbi(self, model, scores, o_bias: float = 0.0):
        labels = list(model.classes_)
        shift = np.zeros(len(labels))
        if "O" in labels:
            shift[labels.index("O")] = -o_bias
        return [[viterbi(s + shift, labels) for s in doc] for doc in scores]

    def fit(self, documents: Sequence[Document], weights: Sequence[float]) -> "MentionTagger":
        """Learn from ``documents`` (with entities), each token weighted by its document's
        ``weights``."""
        offsets = token_sentences([d["text"] for d in documents])
        tags = gold_tags(documents, offsets)
        texts = [d["text"] for d in documents]
        words = [[[t[s:e] for s, e in sent] for sent in doc] for t, doc in zip(texts, offsets)]
        name_tags = [[[t if "/NAM" in t else "O" for t in sent] for sent in doc] for doc in tags]
        self.first_names = nf.first_names(words, [[[t.replace("/NAM", "") for t in s] for s in d]
                                                  for d in name_tags])
        words, rows = self._features(documents, offsets)
        self.models = [self._fit_one(rows, tags, weights)]
        if self.stages == 1:
            return self
        cross: list = [None] * len(documents)
        for fold in range(self.folds):
            inside = [d for d in range(len(documents)) if d % self.folds != fold]
            outside = [d for d in range(len(documents)) if d % self.folds == fold]
            model = self._fit_one([rows[d] for d in inside], [tags[d] for d in inside],
                                  [weights[d] for d in inside])
            guess = self._viterbi(model, self._scores(model, [rows[d] for d in outside]))
            for d, g in zip(outside, guess):
                cross[d] = g
        second = [nf.stacked(doc, r, t) for doc, r, t in zip(words, rows, cross)]
        self.models.append(self._fit_one(second, tags, weights))
        return self

    def scores(self, documents: Sequence[Document]):
        """The token offsets and last-stage decision scores of ``documents`` (for
        :meth:`decode`)."""
        offsets = token_sentences([d["text"] for d in documents])
        words, rows = self._features(documents, offsets)
        scores = self._scores(self.models[0], rows)
        if len(self.models) > 1:
            guess = self._viterbi(self.models[0], scores)
            rows = [nf.stacked(doc, r, t) for doc, r, t in zip(words, rows, guess)]
            scores = self._scores(self.models[1], rows)
        return offsets, scores

    def decode(self, scored, o_bias: float | None = None) -> list[list[Span]]:
        """Mentions per document from :meth:`scores`; ``o_bias`` (default: the tuned one)
        is taken off the ``O`` score of every token before decoding."""
        from kroniek.corpora.conll2002 import chunks

        offsets, scores = scored
        bias = self.o_bias if o_bias is None else o_bias
        out = []
        for doc, rows in zip(offsets, self._viterbi(self.models[-1], scores, bias)):
            spans = []
            for sent, row in zip(doc, rows):
                for a, b, label in chunks(row):
                    kind, _, level = label.partition("/")
                    spans.append(Span(sent[a][0], sent[b - 1][1], kind, level or "NAM"))
            out.append(spans)
        return out

    def spans(self, documents: Sequence[Document]) -> list[list[Span]]:
        return self.decode(self.scores(documents))
