"""Event triggers for realnews.v2: what happened, learned from real Dutch news.

One component of :mod:`baselines.realnews2`, behind a small interface so that it can be
trained, tuned and replaced on its own:

* :meth:`TriggerModel.fit` learns from EventDNA's train part and Kroniek's train split,
  and tunes on EventDNA's validation part and Kroniek's tuning split (never on any test
  part);
* :meth:`TriggerModel.spans` gives, per document, the predicted triggers as
  :class:`~baselines._spans.Span` (start, end, Kroniek event type, realis).

EventDNA marks an event as a clause or phrase, and the cross-scheme scorer counts a
trigger anywhere inside it. The importer's trigger is the Alpino head of the span, often
an auxiliary or a light verb (``heeft``, ``gaat``, ``zet``) that a token classifier
cannot tell from the same word outside events. So the model learns a **latent trigger**
per event: a first tagger is trained on the Alpino heads in two halves, each half's
events get as target the token of their span the other half's tagger finds most
trigger-like (the head keeps a small bonus), and the final tagger learns those tokens
(:func:`retarget`). Kroniek's own triggers are learned as they are. ``Unknown`` events
(no Kroniek type) are taught as OTHER, Kroniek's type for an event outside the five.

The tagger is an SGD logistic regression over tokenclf.v2's features plus clause cues
(:func:`clause_features`: headline or lead, auxiliaries around, ``te`` + infinitive,
participle and nominalisation shapes); the weight of the ``O`` class at decoding is tuned
on the validation parts; realis is rules.v2's.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

from kroniek.documents import Document

from ._spans import Span

KRONIEK_WEIGHT = 5.0
ALPHA = 1e-5
EPOCHS = 15
AVERAGE = False
C = None
MAX_ITER = 300
CLAUSE_FEATURES = False
HEAD_BONUS = 0.1
RETARGET = False
O_FACTORS = (1.0, 0.7, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1)
FLOORS = (None, 0.2, 0.1, 0.05, 0.02)
AUXILIARIES = frozenset((
    "is", "zijn", "was", "waren", "ben", "bent", "heeft", "hebben", "had", "hadden", "heb",
    "wordt", "worden", "werd", "werden", "zal", "zullen", "zou", "zouden", "kan", "kunnen",
    "kon", "konden", "moet", "moeten", "moest", "moesten", "wil", "willen", "wilde",
    "wilden", "mag", "mogen", "mocht", "gaat", "gaan", "ging", "gingen", "laat", "laten",
    "liet", "lieten", "blijft", "blijven", "komt", "komen", "kwam", "kwamen"))
NOMINAL_SUFFIXES = ("ing", "atie", "tie", "sie", "heid", "ment", "age", "eling")


class Sentence(NamedTuple):
    """One sentence of one document: token offsets, words, features and, for training,
    the gold events as (token indices of the span, head index or -1, type)."""

    doc: int
    tokens: list
    words: list
    features: list
    events: list
    weight: float


def clause_features(words: Sequence[str], *, headline: bool) -> list[list[str]]:
    """Cues of the clause a word stands in, beyond tokenclf.v2's window features."""
    lower = [w.lower() for w in words]
    out: list[list[str]] = []
    if not CLAUSE_FEATURES:
        return [[] for _ in words]
    for i, w in enumerate(lower):
        prev = lower[i - 1] if i else "<s>"
        aux_before = any(x in AUXILIARIES for x in lower[max(0, i - 6):i])
        aux_after = any(x in AUXILIARIES for x in lower[i + 1:i + 4])
        feats = [f"hl={headline}", f"aux={w in AUXILIARIES}", f"te={prev == 'te'}",
                 f"auxb={aux_before}", f"auxa={aux_after}",
                 f"part={w.startswith('ge') and w.endswith(('d', 't', 'en')) and len(w) > 5}",
                 f"nom={w.endswith(NOMINAL_SUFFIXES)}",
                 f"det={prev in ('de', 'het', 'een', 'deze', 'die', 'zijn', 'haar', 'hun')}",
                 f"pos={'0' if i == 0 else '1-3' if i < 4 else 'mid' if i < len(words) - 3 else 'end'}",
                 f"hl+aux={headline}|{w in AUXILIARIES}"]
        out.append(feats)
    return out


def sentences(documents: Sequence[Document], *, source: str = "",
              weight: float = 1.0) -> list[Sentence]:
    """Per sentence: features, and the gold events of labelled documents (``source``
    ``eventdna``: EventDNA's spans with the importer's heads and mapped types, ``Unknown``
    as OTHER; ``kroniek``: Kroniek's triggers, head = span)."""
    from ._spans import tokenize
    from .gazetteer2 import find_entities2
    from .realnews import _spans_in
    from .tokenclf2 import features2

    out = []
    for d, (doc, toks) in enumerate(zip(documents, tokenize(documents))):
        gaz_spans = [(s.start, s.end, s.label) for s in find_entities2(toks)]
        headline_end = doc["text"].find("\n\n")
        types = {e["id"]: e["type"] for e in doc.get("events", [])}
        if source == "eventdna":
            gold = [(r["start"], r["end"], tuple(r["head"]),
                     types.get(r["kroniek_id"], "OTHER") if r.get("kroniek_id") else "OTHER")
                    for r in doc["eventdna"]["events"]]
        elif source:
            gold = [(e["start"], e["end"], (e["start"], e["end"]), e["type"])
                    for e in doc.get("events", [])]
        else:
            gold = []
        for sent in toks.sentences:
            words = [toks.text[s:e] for s, e in sent.tokens]
            gaz = [t[2:] if t != "O" else "O" for t in _spans_in(sent.tokens, gaz_spans)]
            headline = 0 <= sent.tokens[0][0] < headline_end
            feats = [a + b for a, b in zip(features2(words, gaz),
                                           clause_features(words, headline=headline))]
            events = []
            for start, end, head, kind in gold:
                inside = [k for k, (s, e) in enumerate(sent.tokens) if start <= s and e <= end]
                heads = [k for k, (s, e) in enumerate(sent.tokens) if head[0] <= s and e <= head[1]]
                if heads or (inside and source != "kroniek"):
                    events.append((inside or heads, heads[0] if heads else -1, kind))
            out.append(Sentence(d, sent.tokens, words, feats, events, weight))
    return out


class Tagger:
    """An SGD token classifier over the sentences' features; one target token per event."""

    def __init__(self, data: Sequence[Sentence], targets: Sequence[list[str]],
                 *, seed: int = 0) -> None:
        from sklearn.feature_extraction import FeatureHasher
        from sklearn.linear_model import SGDClassifier

        self.hasher = FeatureHasher(n_features=2 ** 19, input_type="string", alternate_sign=False)
        matrix = self.hasher.transform([f for s in data for f in s.features])
        weights = [s.weight for s in data for _ in s.features]
        if C is not None:
            from sklearn.linear_model import LogisticRegression

            self.model = LogisticRegression(C=C, max_iter=MAX_ITER).fit(
                matrix, [t for ts in targets for t in ts], sample_weight=weights)
        else:
            self.model = SGDClassifier(loss="log_loss", alpha=ALPHA, max_iter=EPOCHS, tol=None,
                                       average=AVERAGE, random_state=seed).fit(
                matrix, [t for ts in targets for t in ts], sample_weight=weights)
        self.o_factor = 1.0

    def probabilities(self, data: Sequence[Sentence]):
        import numpy as np

        feats = [f for s in data for f in s.features]
        if not feats:
            return np.zeros((0, len(self.model.classes_)))
        return self.model.predict_proba(self.hasher.transform(feats))

    def decode(self, data: Sequence[Sentence], probs, o_factor: float,
               floor: float | None = None) -> list[list[str]]:
        """Tags per sentence, the ``O`` column scaled by ``o_factor``; a sentence left
        without a trigger gets its likeliest token when that token's non-``O``
        probability exceeds ``floor`` (EventDNA sees an event in most sentences)."""
        import numpy as np

        classes = np.asarray(self.model.classes_)
        o = list(classes).index("O") if "O" in classes else None
        scaled = probs.copy()
        if o is not None:
            scaled[:, o] *= o_factor
        tags = list(classes[scaled.argmax(axis=1)]) if len(scaled) else []
        out, at = [], 0
        for s in data:
            mine, p = tags[at:at + len(s.features)], probs[at:at + len(s.features)]
            at += len(s.features)
            if floor is not None and o is not None and mine and all(t == "O" for t in mine):
                k = int((1.0 - p[:, o]).argmax())
                if 1.0 - p[k, o] > floor:
                    others = p[k].copy()
                    others[o] = -1.0
                    mine[k] = str(classes[int(others.argmax())])
            out.append(mine)
        return out


def head_targets(data: Sequence[Sentence]) -> list[list[str]]:
    """IOB2 tags with each event's head token as its trigger."""
    return [_tags(s, [(h, kind) for _, h, kind in s.events if h >= 0]) for s in data]


def _tags(sentence: Sentence, chosen) -> list[str]:
    tags = ["O"] * len(sentence.features)
    for k, kind in chosen:
        if tags[k] == "O":
            tags[k] = f"B-{kind}"
    return tags


def retarget(data: Sequence[Sentence], probs, classes) -> list[list[str]]:
    """IOB2 tags with each event's latent trigger: the token of its span (in this
    sentence) with the highest non-``O`` probability under a tagger that did not learn
    this sentence, the head given :data:`HEAD_BONUS`; each token serves one event,
    smaller events choose first (their tokens are the outer events' too)."""
    o = list(classes).index("O")
    out, at = [], 0
    for s in data:
        p = 1.0 - probs[at:at + len(s.features), o]
        at += len(s.features)
        taken: set[int] = set()
        chosen = []
        for inside, head, kind in sorted(s.events, key=lambda e: len(e[0])):
            free = [k for k in inside if k not in taken]
            if not free:
                continue
            best = max(free, key=lambda k: p[k] + (HEAD_BONUS if k == head else 0.0))
            taken.add(best)
            chosen.append((best, kind))
        out.append(_tags(s, chosen))
    return out


def latent_targets(data: Sequence[Sentence], *, folds: int = 2) -> list[list[str]]:
    """:func:`retarget` targets for ``data``, each fold scored by a head tagger trained on
    the other folds (by document)."""
    import numpy as np

    targets = head_targets(data)
    if not RETARGET:
        return targets
    out: list[list[str] | None] = [None] * len(data)
    for fold in range(folds):
        held = [k for k, s in enumerate(data) if s.doc % folds == fold]
        rest = [k for k, s in enumerate(data) if s.doc % folds != fold]
        tagger = Tagger([data[k] for k in rest], [targets[k] for k in rest])
        part = [data[k] for k in held]
        new = retarget(part, tagger.probabilities(part), tagger.model.classes_)
        for k, tags in zip(held, new):
            out[k] = tags
    return [t if t is not None else targets[k] for k, t in enumerate(out)]


def learned(tagger: Tagger, documents: Sequence[Document], data: Sequence[Sentence],
            tags: Sequence[list[str]]) -> list[list[Span]]:
    """Trigger spans per document from decoded ``tags`` of ``data``."""
    from kroniek.tokens import decode_bio

    from .rules2 import realis2

    out: list[list[Span]] = [[] for _ in documents]
    for s, t in zip(data, tags):
        starts = {a: i for i, (a, _) in enumerate(s.tokens)}
        ends = {b: i + 1 for i, (_, b) in enumerate(s.tokens)}
        for a, b, label in decode_bio(s.tokens, t):
            out[s.doc].append(Span(a, b, label, realis2(s.words, starts[a], ends[b])))
    return out


def quality(edna_dev, kroniek_dev, edna_spans, kroniek_spans) -> float:
    """Trigger identification + classification F1 across schemes on EventDNA's
    validation part, plus Kroniek trigger classification F1 on its tuning split."""
    from kroniek.metrics import score
    from kroniek.metrics.crossscheme import per_document, scores_from_counts, total

    from ._spans import build

    value = 0.0
    if edna_dev:
        pred = [build(d, events=s) for d, s in zip(edna_dev, edna_spans)]
        r = scores_from_counts(total(per_document(edna_dev, pred)))
        value += r["triggers.identification"]["f1"] + r["triggers.classification"]["f1"]
    if kroniek_dev:
        pred = [build(d, events=s) for d, s in zip(kroniek_dev, kroniek_spans)]
        value += score(kroniek_dev, pred, tasks=["triggers"], check=False)[
            "triggers.classification"].f1
    return value


class TriggerModel:
    """Learned event triggers (type and realis)."""

    def __init__(self) -> None:
        self.tagger: Tagger | None = None

    def fit(self, edna_train: Sequence[Document], kroniek_train: Sequence[Document],
            edna_dev: Sequence[Document], kroniek_dev: Sequence[Document]) -> "TriggerModel":
        train = _offset(sentences(edna_train, source="eventdna"), 0)
        k_train = _offset(sentences(kroniek_train, source="kroniek", weight=KRONIEK_WEIGHT),
                          len(edna_train))
        targets = latent_targets(train) + head_targets(k_train)
        tagger = Tagger(train + k_train, targets)
        dev = sentences(edna_dev, source="eventdna")
        k_dev = sentences(kroniek_dev, source="kroniek", weight=KRONIEK_WEIGHT)
        probs = [tagger.probabilities(dev), tagger.probabilities(k_dev)]

        def tuned(factor: float) -> float:
            spans = [learned(tagger, docs, part, tagger.decode(part, p, factor))
                     for docs, part, p in ((edna_dev, dev, probs[0]), (kroniek_dev, k_dev, probs[1]))]
            return quality(edna_dev, kroniek_dev, *spans)

        factor = max(O_FACTORS, key=tuned)
        if edna_dev or kroniek_dev:
            dev_targets = (retarget(dev, probs[0], tagger.model.classes_) if RETARGET
                           else head_targets(dev)) + head_targets(k_dev)
            n = len(edna_train) + len(kroniek_train)
            tagger = Tagger(train + k_train + _offset(dev, n) + _offset(k_dev, n + len(edna_dev)),
                            targets + dev_targets)
        tagger.o_factor = factor
        self.tagger = tagger
        return self

    def spans(self, documents: Sequence[Document]) -> list[list[Span]]:
        data = sentences(documents)
        return learned(self.tagger, documents, data,
                       self.tagger.decode(data, self.tagger.probabilities(data),
                                          self.tagger.o_factor))


def _offset(data: list[Sentence], by: int) -> list[Sentence]:
    return [s._replace(doc=s.doc + by) for s in data]
