"""Entity mentions for realnews.v4: realnews.v2's tagger, given the parser's arcs.

:class:`EntityModel4` has realnews.v2's interface (``fit(edna_train, kroniek_train,
edna_dev, kroniek_dev)``, ``spans(documents)``) and fits the same tagger, ``O`` bias and
refit (:mod:`baselines.realnews_entities`), with each token's features extended by
:func:`syntax_features`, read from the parse that realnews.v4's learned parser
(:class:`baselines.realnews_syntax.SyntaxModel`) gives of the document:

* the *role* of a capitalised word's phrase (:func:`role`: its relation, climbing out of
  multi-word names, with the preposition that governs it), alone, with the word and with
  its class in the name lists. On EventDNA's train part (as parsed), an ORG or LOC name
  that is a subject is an ORG 7 times in 10 (``Rusland`` as an actor), one after ``in``
  a LOC 96 times in 100: the type EventDNA gives a country or city follows its role,
  which word context alone sees only next to the preposition;
* the arcs to the neighbouring words (``York`` hangs from ``New`` with ``mwp``): where a
  name or a head begins and ends;
* the preposition and determiner hanging from a word (a noun heading a phrase), and for a
  word inside a multi-word name, its phrase head's relation, governor and children.

Measured with the tagger fitted on EventDNA train + Kroniek train (the parser on EventDNA
train only), F1 at the ``O`` biases 0, .1 and .2::

                                   realnews.v2's tagger    with syntax (this one)
    EventDNA validation, heads     73.9  73.9  74.1        74.5  74.7  74.6
    EventDNA validation, named     78.3  78.2  78.2        78.8  78.9  78.9
    3 folds of EventDNA train +
    validation (fit on 2/3), heads 75.2  75.4  75.5        76.2  76.3  76.4
                             named 79.5  79.5  79.5        80.6  80.5  80.4
    Kroniek validation, strict     83.2  83.3  83.3        84.3  84.4  84.6

Named F1 gained in each of the three folds (+1.0, +1.2, +1.0). The folds hold train
documents, whose parses are better than those of unseen text (the parser learned them),
so validation (+0.5 named, +0.6 heads) is the fairer figure. Tried and left out: every
word's own relation and its head word (with them, named 78.0 on validation: below
realnews.v2's tagger), roles of lower-case words too and a conjunct taking its coordination's role (each within
0.2 on validation), the role
with the governing word (``app|president``: +0.3 named on validation, +0.0 over the
folds). Kinds on their own (validation named): the role +0.2, the role and arcs +0.4.
"""

from __future__ import annotations

from typing import Sequence

from kroniek.documents import Document

from .realnews_entities import (KRONIEK_WEIGHT, REFIT, STAGES, EntityModel, tune_bias,
                                with_silver)
from .realnews_names import MentionTagger
from .realnews_syntax import Parse

GROUPS = frozenset({"kids", "phrase", "role", "arcs"})
"""The kinds of :func:`syntax_features` the tagger uses."""


def phrase_head(parse: Parse, k: int) -> int:
    """The head of the phrase of token ``k``: climb while ``k`` is part of a multi-word
    unit (``mwp``)."""
    steps = 0
    while parse.labels[k] == "mwp" and parse.heads[k] != k and steps < len(parse.heads):
        k, steps = parse.heads[k], steps + 1
    return k


def role(parse: Parse, words: Sequence[str], k: int) -> str:
    """The relation of the phrase token ``k`` heads or is part of, with the preposition
    that governs it (``su``, ``mod|in``, ``obj1``)."""
    p = phrase_head(parse, k)
    preps = [words[c].lower() for c in range(len(words))
             if parse.heads[c] == p and c != p and parse.labels[c] == "hd"]
    return parse.labels[p] + (f"|{preps[0]}" if preps else "")


def syntax_features(parse: Parse, words: Sequence[str], k: int, *,
                    listed: str = "O") -> list[str]:
    """Features of token ``k`` from its sentence's ``parse``: its relation and its head's
    word, the preposition and determiner that hang from it, the :func:`role` of its
    phrase (alone, with the word, and with ``listed``, its class in the name lists: a
    country that is the subject tends to be an organisation, one after ``in`` a place),
    and whether its neighbours attach to it (where a name begins and ends).

    >>> p = Parse(heads=[3, 2, 3, 3], labels=["su", "hd", "mod", "ROOT"])
    >>> syntax_features(p, ["Hamas", "in", "Gaza", "vecht"], 2, listed="B-GPE")
    ['sx:hd=in', 'sx:role=mod|in', 'sx:role|w=mod|in|gaza', 'sx:role|gz=mod|in|GPE', 'sx:-1=hd', 'sx:to1=mod']
    """
    heads, labels = parse.heads, parse.labels
    lower = [w.lower() for w in words]
    n = len(words)
    out = []
    if "dep" in GROUPS:
        out.append(f"sx:dep={labels[k]}")
    head = heads[k]
    if head != k and "hw" in GROUPS:
        out += [f"sx:hw={lower[head]}", f"sx:dep|hw={labels[k]}|{lower[head]}"]
    if "kids" in GROUPS:
        for c in range(n):
            if heads[c] == k and c != k and labels[c] in ("hd", "det"):
                out.append(f"sx:{labels[c]}={lower[c]}")
    p = phrase_head(parse, k)
    if p != k and "phrase" in GROUPS:
        out.append(f"sx:pdep={labels[p]}")
        if heads[p] != p:
            out.append(f"sx:pdep|hw={labels[p]}|{lower[heads[p]]}")
        out += [f"sx:p{labels[c]}={lower[c]}" for c in range(n)
                if heads[c] == p and c != p and labels[c] in ("hd", "det")]
    if "role" in GROUPS and words[k][:1].isupper():
        r = role(parse, words, k)
        out += [f"sx:role={r}", f"sx:role|w={r}|{lower[k]}"]
        if listed != "O":
            out.append(f"sx:role|gz={r}|{listed[2:]}")
    if "arcs" in GROUPS:
        for d in (-1, 1):
            j = k + d
            if 0 <= j < n:
                if heads[j] == k:
                    out.append(f"sx:{d}={labels[j]}")
                if heads[k] == j:
                    out.append(f"sx:to{d}={labels[k]}")
    return out


class SyntaxTagger(MentionTagger):
    """realnews.v2's :class:`~baselines.realnews_names.MentionTagger` with
    :func:`syntax_features` added to every token's features."""

    def __init__(self, syntax, *, cache: dict | None = None, **options) -> None:
        super().__init__(**options)
        self.syntax = syntax
        self.cache = cache

    def __getstate__(self) -> dict:
        return {**self.__dict__, "cache": None}

    def _parses(self, documents: Sequence[Document]) -> list[list[Parse]]:
        if self.cache is None:
            return self.syntax.parse(documents)
        todo = [d for d in documents if d["text"] not in self.cache]
        for doc, parses in zip(todo, self.syntax.parse(todo) if todo else []):
            self.cache[doc["text"]] = parses
        return [self.cache[d["text"]] for d in documents]

    def _features(self, documents, offsets):
        from ._name_features import list_tags
        from ._spans import tokenize

        words, rows = super()._features(documents, offsets)
        for toks, parses, doc_offsets, doc_rows in zip(tokenize(documents),
                                                       self._parses(documents), offsets, rows):
            at = {}
            for sent, parse in zip(toks.sentences, parses):
                sent_words = [toks.text[a:b] for a, b in sent.tokens]
                listed = list_tags(sent_words)
                for k, (a, _) in enumerate(sent.tokens):
                    at[a] = (parse, sent_words, k, listed[k])
            for sent, sent_rows in zip(doc_offsets, doc_rows):
                for (a, _), row in zip(sent, sent_rows):
                    if a in at:
                        parse, sent_words, k, listed = at[a]
                        row.extend(syntax_features(parse, sent_words, k, listed=listed))
        return words, rows


class EntityModel4(EntityModel):
    """realnews.v2's entity model whose tagger also reads the parser's arcs."""

    def __init__(self, syntax, *, cache: dict | None = None) -> None:
        super().__init__()
        self.syntax = syntax
        self.cache = cache

    def __getstate__(self) -> dict:
        return {**self.__dict__, "cache": None}

    def new_tagger(self, documents: Sequence[Document], weights: Sequence[float], *,
                   cache: dict | None = None) -> SyntaxTagger:
        return SyntaxTagger(self.syntax, cache=cache, stages=STAGES).fit(documents, weights)

    def fit(self, edna_train: Sequence[Document], kroniek_train: Sequence[Document],
            edna_dev: Sequence[Document], kroniek_dev: Sequence[Document]) -> "EntityModel4":
        """realnews.v2's fit (:meth:`EntityModel.fit`) with :class:`SyntaxTagger`; each
        document is parsed once (the parses are kept in ``cache``, or for the fit only)."""
        cache = {} if self.cache is None else self.cache
        edna_train, edna_dev = with_silver(edna_train), with_silver(edna_dev)
        docs = [*edna_train, *kroniek_train]
        weights = [1.0] * len(edna_train) + [KRONIEK_WEIGHT] * len(kroniek_train)
        tagger = self.new_tagger(docs, weights, cache=cache)
        bias = tune_bias(tagger, edna_dev, kroniek_dev)
        if REFIT and (edna_dev or kroniek_dev):
            tagger = self.new_tagger([*docs, *edna_dev, *kroniek_dev],
                                     weights + [1.0] * len(edna_dev)
                                     + [KRONIEK_WEIGHT] * len(kroniek_dev), cache=cache)
        tagger.o_bias, tagger.cache = bias, self.cache
        self.tagger = tagger
        return self
