"""Syntax at predict time for realnews.v4: a dependency parser learned at fit time.

EventDNA's annotators mark clauses and phrases as events and the arguments that fill
their roles; which clause is an event and who did what to whom is syntax that local word
features do not see. Each EventDNA sentence ships with an Alpino parse, but at predict
time a system gets text only. So :class:`SyntaxModel` learns a parser from the train
part's parses (:func:`kroniek.corpora.eventdna_syntax.dependency_trees`: content-word
heads, Alpino's relations) with spaCy's blank Dutch pipeline (a transition-based parser
on hashed word and affix embeddings; nothing is downloaded), and parses any document on
Kroniek's own tokens (:func:`baselines._spans.tokenize`).

On EventDNA's validation part, after :data:`EPOCHS` epochs over the train part (about
67,000 words, some 2.5 minutes on one thread): 78 % of words get the right head and 70 %
the right head and relation (punctuation left out).

:func:`features` turns a parse into per-token strings for the linear models of the
other parts (relation, head word, relations of the children, path to the root).

:func:`fitted_parser` learns it once per set of trees and settings and keeps it in the
cache (:func:`kroniek.system.cache.part`): realnews.v4 and v5, fitted for the test and the
validation records, all learn the same parser from the same train part.

>>> parse = Parse(heads=[2, 2, 2], labels=["su", "hd", "ROOT"])
>>> features(parse, ["Rebellen", "zullen", "aanvallen"], 2)[:4]
['dep=ROOT', 'root', 'kids=hd+su', 'kid=hd']
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

from kroniek.documents import Document

EPOCHS = 8
BATCH = 32
DROPOUT = 0.1
SEED = 0
PARSER = {"model": {
    "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "parser",
    "extra_state_tokens": False, "hidden_width": 64, "maxout_pieces": 2, "use_upper": True,
    "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None,
                "width": 96, "depth": 4, "embed_size": 2000, "window_size": 1,
                "maxout_pieces": 3, "subword_features": True}}}


class Parse(NamedTuple):
    """One sentence's parse: per token, its head's position in the sentence (its own for
    a root) and its relation."""

    heads: list[int]
    labels: list[str]


class SyntaxModel:
    """A dependency parser learned from EventDNA's Alpino trees (see the module)."""

    def __init__(self) -> None:
        self._nlp = None
        self._bytes: bytes | None = None

    def fit(self, trees: Sequence) -> "SyntaxModel":
        """Learn from ``trees`` (:class:`kroniek.corpora.eventdna_syntax.Tree`)."""
        import random

        import spacy
        from spacy.tokens import Doc
        from spacy.training import Example
        from spacy.util import fix_random_seed, minibatch

        fix_random_seed(SEED)
        nlp = spacy.blank("nl")
        nlp.add_pipe("parser", config=PARSER)
        examples = [Example.from_dict(Doc(nlp.vocab, words=t.words),
                                      {"heads": t.heads, "deps": t.labels})
                    for t in trees if t.words]
        if not examples:
            raise ValueError("no dependency trees to learn a parser from")
        optimizer = nlp.initialize(lambda: examples[:500])
        order = random.Random(SEED)
        for _ in range(EPOCHS):
            order.shuffle(examples)
            for batch in minibatch(examples, size=BATCH):
                nlp.update(batch, sgd=optimizer, drop=DROPOUT)
        self._nlp, self._bytes = nlp, None
        return self

    def __getstate__(self) -> dict:
        return {"_nlp": None, "_bytes": self._bytes if self._nlp is None else self._nlp.to_bytes()}

    def _pipeline(self):
        if self._nlp is None:
            import spacy

            if self._bytes is None:
                raise ValueError("the parser is not fitted")
            nlp = spacy.blank("nl")
            nlp.add_pipe("parser", config=PARSER)
            self._nlp = nlp.from_bytes(self._bytes)
        return self._nlp

    def parse_words(self, sentences: Sequence[Sequence[str]]) -> list[Parse]:
        """A :class:`Parse` of each sentence, given as its words."""
        from spacy.tokens import Doc

        nlp = self._pipeline()
        docs = (Doc(nlp.vocab, words=list(words)) for words in sentences if words)
        parsed = iter(nlp.get_pipe("parser").pipe(docs, batch_size=256))
        out = []
        for words in sentences:
            if not words:
                out.append(Parse([], []))
                continue
            doc = next(parsed)
            out.append(Parse([t.head.i for t in doc], [t.dep_ or "dep" for t in doc]))
        return out

    def parse(self, documents: Sequence[Document]) -> list[list[Parse]]:
        """Per document, a :class:`Parse` of each of its sentences, on the tokens of
        :func:`baselines._spans.tokenize`."""
        from ._spans import tokenize

        toks = tokenize(documents)
        flat = [[t.text[a:b] for a, b in sent.tokens] for t in toks for sent in t.sentences]
        parses, out, at = self.parse_words(flat), [], 0
        for t in toks:
            out.append(parses[at:at + len(t.sentences)])
            at += len(t.sentences)
        return out


def fitted_parser(trees: Sequence) -> SyntaxModel:
    """A :class:`SyntaxModel` learned from ``trees``, from the cache when the same trees,
    settings, module and spaCy version made one before."""
    import hashlib
    import json
    from pathlib import Path

    import spacy

    from kroniek.system.cache import part

    trees = list(trees)
    digest = hashlib.sha256(json.dumps(
        [spacy.__version__, EPOCHS, BATCH, DROPOUT, SEED, PARSER,
         hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
         [[t.words, t.heads, t.labels] for t in trees]], sort_keys=True).encode("utf-8"))
    return part("syntax", digest.hexdigest()[:16], lambda: SyntaxModel().fit(trees))


def depth(parse: Parse, k: int) -> int:
    """How many arcs lie between token ``k`` and its sentence's root."""
    steps = 0
    while parse.heads[k] != k and steps <= len(parse.heads):
        k, steps = parse.heads[k], steps + 1
    return steps


def children(parse: Parse, k: int) -> list[int]:
    return [c for c, h in enumerate(parse.heads) if h == k and c != k]


def features(parse: Parse, words: Sequence[str], k: int) -> list[str]:
    """Syntactic features of token ``k``: its relation, whether it is a root, the
    relations of its children, its head's word and relation, and its depth."""
    head = parse.heads[k]
    kids = children(parse, k)
    labels = sorted({parse.labels[c] for c in kids})
    out = [f"dep={parse.labels[k]}"]
    if head == k:
        out.append("root")
    out.append("kids=" + "+".join(labels))
    out.extend(f"kid={label}" for label in labels)
    if head != k:
        out.append(f"hw={words[head].lower()}")
        out.append(f"dep={parse.labels[k]}|hdep={parse.labels[head]}")
    out.append(f"depth={min(depth(parse, k), 4)}")
    return out
