"""Organisation or place: a second look at a country's or city's type, name by name.

EventDNA types a country, city or region by what it does in the sentence: ``Rusland``
that attacks is an ORG, ``in Rusland`` a LOC. realnews.v4's tagger sees this token by
token (its phrase's role is a feature); on EventDNA's validation part 113 of its named
mentions with a right span had the wrong class, 51 of them a GPE for an ORG and 33 an
ORG for a LOC.

:class:`PlaceOrActor` is a logistic regression over whole named heads of class ORG or LOC
in EventDNA's train part (:func:`span_features`: the name, its words, the role of its
phrase in the parse, the word it hangs from, its neighbours, its class in the name
lists). :meth:`PlaceOrActor.relabel` adds its log-odds to the tagger's own margin between
ORG and GPE on the span (:func:`margins`, weighted :data:`BETA`) and makes a predicted GPE
an ORG where the sum is positive. Measured after :mod:`baselines.realnews_entities5_demonyms`
(realnews.v4's tagger, named / heads F1; Kroniek validation strict)::

                                       demonyms     + GPE to ORG   + both ways
    EventDNA validation                79.8/74.7    80.2/74.9      79.9/74.7
    3 folds of train + validation      80.9/76.4    81.2/76.7      81.3/76.7
    Kroniek validation, strict         84.6         84.2           84.1

Only GPE becomes ORG (the other way gained over the folds but lost on validation); the
regression alone (no tagger margin) gained 0.2 named over the folds and lost 0.3 on
validation at its best threshold. A GPE that is an actor is a GPE in Kroniek's scheme
(``door de VS gesteund``), so :class:`baselines.realnews_entities5.EntityModel5` keeps this
step only when it pays on both validation parts together.
"""

from __future__ import annotations

import math
from typing import Sequence

from kroniek.corpora.eventdna_mapping import SOURCE_CLASSES
from kroniek.documents import Document

from ._spans import Span
from .realnews_entities4 import phrase_head, role
from .realnews_syntax import Parse

SWAP = {"GPE": "ORG", "ORG": "GPE"}
"""The predicted labels whose class :meth:`PlaceOrActor.p_org` estimates."""

BETA = 1.0
"""Weight of the tagger's ORG-over-GPE margin next to the regression's log-odds (over the
three folds, .5, 1 and 2 gained 0.3, 0.4 and 0.35 named F1)."""


def span_features(parse: Parse, words: Sequence[str], i: int, j: int, *,
                  listed: Sequence[str]) -> list[str]:
    """Features of the name on tokens ``i..j`` (inclusive) of a parsed sentence.

    >>> p = Parse(heads=[3, 2, 3, 3], labels=["su", "hd", "mod", "ROOT"])
    >>> span_features(p, ["Hamas", "in", "Gaza", "vecht"], 2, 2, listed=["O"] * 4)[:4]
    ['name=gaza', 'w=gaza', 'role=mod|in', 'role|name=mod|in|gaza']
    """
    lower = [w.lower() for w in words]
    name = " ".join(lower[i:j + 1])
    r = role(parse, words, j)
    head = phrase_head(parse, j)
    gov = parse.heads[head]
    out = [f"name={name}", *(f"w={w}" for w in lower[i:j + 1]), f"role={r}",
           f"role|name={r}|{name}", f"rel={parse.labels[head]}"]
    if gov != head:
        out += [f"gov={lower[gov]}", f"rel|gov={parse.labels[head]}|{lower[gov]}"]
    out += [f"prev={lower[i - 1] if i > 0 else '<s>'}",
            f"next={lower[j + 1] if j + 1 < len(words) else '</s>'}",
            f"prev2={' '.join(lower[max(0, i - 2):i])}"]
    out.append(f"listed={listed[i][2:] if listed[i] != 'O' else 'O'}")
    out.append(f"suffix={lower[j][-3:]}")
    if i == 0:
        out.append("first")
    return out


def _located(documents: Sequence[Document], parses: Sequence[Sequence[Parse]]):
    """Per document, a function from a character span to its sentence's parse, words,
    list tags and token positions (``None`` when the span is not on token edges)."""
    from ._name_features import list_tags
    from ._spans import tokenize

    for toks, doc_parses in zip(tokenize(documents), parses):
        starts, ends = {}, {}
        for sent, parse in zip(toks.sentences, doc_parses):
            words = [toks.text[a:b] for a, b in sent.tokens]
            info = [parse, words, None]
            for k, (a, b) in enumerate(sent.tokens):
                starts[a], ends[b] = (info, k), (info, k)

        def locate(start: int, end: int, starts=starts, ends=ends):
            if start not in starts or end not in ends or starts[start][0] is not ends[end][0]:
                return None
            info = starts[start][0]
            if info[2] is None:
                info[2] = list_tags(info[1])
            return info[0], info[1], starts[start][1], ends[end][1], info[2]

        yield locate


class PlaceOrActor:
    """ORG or LOC for a named head, from the whole name and its syntax."""

    def __init__(self) -> None:
        self.model = None

    def fit(self, documents: Sequence[Document],
            parses: Sequence[Sequence[Parse]]) -> "PlaceOrActor":
        """Learn from the ORG and LOC named heads of EventDNA ``documents`` (their
        sentences parsed as ``parses``)."""
        from sklearn.feature_extraction import FeatureHasher
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        rows, labels = [], []
        for doc, locate in zip(documents, _located(documents, parses)):
            for record in doc.get("eventdna", {}).get("entities", []):
                cls = SOURCE_CLASSES.get(record["type"])
                if record["mention"] != "NAM" or cls not in ("ORG", "LOC"):
                    continue
                found = locate(record["start"], record["end"])
                if found:
                    parse, words, i, j, listed = found
                    rows.append(span_features(parse, words, i, j, listed=listed))
                    labels.append(cls == "ORG")
        if len(set(labels)) < 2:
            self.model = None                   # nothing to tell apart: keep every label
            return self
        self.model = make_pipeline(FeatureHasher(2 ** 18, input_type="string"),
                                   LogisticRegression(C=1.0, max_iter=1000))
        self.model.fit(rows, labels)
        return self

    def p_org(self, documents: Sequence[Document], parses: Sequence[Sequence[Parse]],
              spans: Sequence[Sequence[Span]]) -> list[list[float | None]]:
        """Per document and span, the probability that an ORG/GPE span is an ORG
        (``None`` for other spans, and for all before a fit on both classes)."""
        if self.model is None:
            return [[None] * len(doc_spans) for doc_spans in spans]
        out = []
        for doc_spans, locate in zip(spans, _located(documents, parses)):
            rows, where = [], []
            for n, span in enumerate(doc_spans):
                found = locate(span.start, span.end) if span.label in SWAP else None
                if found:
                    parse, words, i, j, listed = found
                    rows.append(span_features(parse, words, i, j, listed=listed))
                    where.append(n)
            probs = [None] * len(doc_spans)
            if rows:
                for n, p in zip(where, self.model.predict_proba(rows)[:, 1]):
                    probs[n] = float(p)
            out.append(probs)
        return out

    def relabel(self, documents: Sequence[Document], parses: Sequence[Sequence[Parse]],
                spans: Sequence[Sequence[Span]],
                margin: Sequence[Sequence[float | None]]) -> list[list[Span]]:
        """``spans`` with a named GPE made ORG where the regression's log-odds plus
        :data:`BETA` times the tagger's ``margin`` (from :func:`margins`) favour ORG."""
        out = []
        for doc_spans, probs, doc_margin in zip(spans, self.p_org(documents, parses, spans),
                                                margin):
            new = []
            for span, p, m in zip(doc_spans, probs, doc_margin):
                if span.label == "GPE" and span.extra == "NAM" and p is not None and m is not None:
                    p = min(max(p, 1e-6), 1 - 1e-6)
                    if math.log(p / (1 - p)) + BETA * m > 0:
                        span = span._replace(label="ORG")
                new.append(span)
            out.append(new)
        return out


def margins(tagger, scored, spans: Sequence[Sequence[Span]]) -> list[list[float | None]]:
    """Per document and span, the tagger's mean score of ORG/NAM over GPE/NAM on the
    span's tokens (``B-`` on the first, ``I-`` on the rest), from ``scored``
    (:meth:`~baselines.realnews_names.MentionTagger.scores`); ``None`` for a span that is
    not a GPE or ORG or not on the tagger's tokens."""
    labels = {label: k for k, label in enumerate(tagger.models[-1].classes_)}

    def pair(prefix: str) -> tuple[int, int] | None:
        org, gpe = labels.get(f"{prefix}-ORG/NAM"), labels.get(f"{prefix}-GPE/NAM")
        return None if org is None or gpe is None else (org, gpe)

    first, inner = pair("B"), pair("I")
    offsets, scores = scored
    out = []
    for doc_offsets, doc_scores, doc_spans in zip(offsets, scores, spans):
        starts, ends = {}, {}
        for sent, rows in zip(doc_offsets, doc_scores):
            for k, (a, b) in enumerate(sent):
                starts[a], ends[b] = (rows, k), (rows, k)
        values: list[float | None] = []
        for span in doc_spans:
            if (first is None or span.label not in SWAP or span.start not in starts
                    or span.end not in ends or ends[span.end][0] is not starts[span.start][0]):
                values.append(None)
                continue
            rows, i = starts[span.start]
            diffs = [rows[i][first[0]] - rows[i][first[1]]]
            if inner is not None:       # a tagger that never saw a long name has no I- tags
                diffs += [rows[k][inner[0]] - rows[k][inner[1]]
                          for k in range(i + 1, ends[span.end][1] + 1)]
            values.append(float(sum(diffs) / len(diffs)))
        out.append(values)
    return out
