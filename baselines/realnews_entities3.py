"""Entity mentions for realnews.v3: realnews.v2's entity model with word-cluster features.

Same interface as :class:`baselines.realnews_entities.EntityModel`: ``fit(edna_train,
kroniek_train, edna_dev, kroniek_dev)`` returns the fitted model, ``spans(documents)`` the
mentions per document. It learns, tunes its ``O`` bias and refits exactly as realnews.v2's
model does; only the tagger differs (:class:`ClusterTagger`): realnews.v2's
:class:`~baselines.realnews_names.MentionTagger` plus word clusters learned at fit time
from the text it is trained on (:mod:`baselines.realnews_entities3_clusters`), each
token's clusters and its neighbours', conjoined with the word itself.

Why: most of realnews.v2's named-mention errors on EventDNA's validation part are types
(78.3 typed vs 86.6 untyped named F1), mostly a country or city that EventDNA types as an
organisation when it acts (``Rusland viseert ...``, ``tussen Riyad en Tel Aviv``) and as
a place after ``in``, ``naar``, ``uit``. The word features say which word is next, but a
verb or a preposition seen rarely teaches little; its cluster ("a verb", "a place
preposition") joined with the name (``cw+1=rusland|<verb cluster>``) carries what the
tagger learned from the others.

Measured on EventDNA's validation part (learning from its train part and Kroniek train,
one fit each, ``O`` bias 0 / 0.1; heads, named, named untyped F1; Kroniek validation
entities strict):

==========================================  =====  =====  =======  =======
tagger                                      heads  named  untyped  K strict
==========================================  =====  =====  =======  =======
realnews.v2 (MentionTagger)                 73.9   78.3   86.6     83.2
+ clusters, own and neighbours' ids only    74.3   78.5   87.0     83.2
+ cluster conjunctions (this model)         74.2   79.3   87.2     83.7
==========================================  =====  =====  =======  =======

Tried and left out (validation, against realnews.v2's 73.9 / 78.3 / 86.6):

* clusters from CoNLL-2002's text as well (3x the words): 74.3 / 78.8 / 86.8, and it
  would make the model depend on a second corpus;
* a second, stacked stage (names.v1's): 73.9 / 78.1 / 86.4, three times the fitting time;
* a span-level type classifier (logistic regression over the name, its words, the
  words and bag of words around it, headline and sentence position) retyping the found
  names when surer than the tagger by a margin of 0 to 0.6: 72.7 to 74.0 / 76.2 to
  78.4: the tagger's own types are as good;
* a bonus for ``ORG`` names against ``GPE``/``LOC`` (0.05 to 0.3): within 0.2;
* learned tag-transition scores in the Viterbi decoding (log-probabilities of tag
  bigrams in train, weighted 0.02 to 0.2): no gain, worse above 0.05;
* rules for ``de``/``het`` in names: EventDNA's annotators leave the article out of
  about 90 % of the names that follow one (``de VS``: 34 out, 6 in; ``de Verenigde
  Staten``: 30 out, 13 in), which the tagger already does: nothing learnable left.
"""

from __future__ import annotations

from typing import Sequence

from kroniek.documents import Document

from .realnews_entities import STAGES, EntityModel
from .realnews_names import MentionTagger


SEEDS = (0,)
"""One clustering per seed, each giving its own features: k-means settles differently
from each start, and one clustering's luck moved named F1 by 0.5 on validation."""


class ClusterTagger(MentionTagger):
    """:class:`~baselines.realnews_names.MentionTagger` with word-cluster features
    (:func:`~baselines.realnews_entities3_clusters.cluster_features`), the clusters
    learned from the sentences of the documents it is fitted on, once per seed."""

    def __init__(self, *, seeds: Sequence[int] = SEEDS, **options) -> None:
        super().__init__(**options)
        self.seeds = tuple(seeds)
        self.clusters: list[dict[str, tuple[int, ...]]] = []

    def fit(self, documents: Sequence[Document], weights: Sequence[float]) -> "ClusterTagger":
        from ._name_tagger import token_sentences
        from .realnews_entities3_clusters import word_clusters

        texts = [d["text"] for d in documents]
        sentences = [[text[s:e] for s, e in sent]
                     for text, doc in zip(texts, token_sentences(texts)) for sent in doc]
        self.clusters = [word_clusters(sentences, seed=seed) for seed in self.seeds]
        return super().fit(documents, weights)

    def _features(self, documents, offsets):
        from .realnews_entities3_clusters import cluster_features

        words, rows = super()._features(documents, offsets)
        for doc_words, doc_rows in zip(words, rows):
            for sent_words, sent_rows in zip(doc_words, doc_rows):
                for k, clusters in enumerate(self.clusters):
                    for row, extra in zip(sent_rows, cluster_features(sent_words, clusters)):
                        row += [f"{k}{f}" for f in extra] if k else extra
        return words, rows


class EntityModel3(EntityModel):
    """realnews.v2's entity model on a :class:`ClusterTagger`."""

    def new_tagger(self, documents: Sequence[Document], weights: Sequence[float]):
        return ClusterTagger(stages=STAGES).fit(documents, weights)
