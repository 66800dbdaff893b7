"""Event triggers for realnews.v2: what happened, learned from real Dutch news.

One component of :mod:`baselines.realnews2`, behind a small interface so that it can be
trained, tuned and replaced on its own:

* :meth:`TriggerModel.fit` learns from EventDNA's train part and Kroniek's train split,
  and tunes on EventDNA's validation part and Kroniek's tuning split (never on any test
  part);
* :meth:`TriggerModel.spans` gives, per document, the predicted triggers as
  :class:`~baselines._spans.Span` (start, end, Kroniek event type, realis).

EventDNA marks an event as a clause or phrase, and the cross-scheme scorer counts a
trigger anywhere inside it. The tagger learns the importer's trigger, the Alpino head of
each span, with its mapped type (``Unknown`` events as OTHER, Kroniek's type for an event
outside the five), and Kroniek's own triggers (weighted :data:`KRONIEK_WEIGHT`): an SGD
logistic regression over tokenclf.v2's features. Decoding scales the ``O`` probability by
a factor and gives a sentence left without a trigger its likeliest token when that token
is likely enough (:meth:`Tagger.decode`: EventDNA sees an event in three sentences out of
four, and a missed event costs more than a trigger outside one); both the factor and that
floor are tuned on the validation parts (EventDNA trigger identification + classification
F1 across schemes, Kroniek trigger classification F1). The tagger learns one token per
trigger; a predicted token that starts one of Kroniek's multi-word triggers (``om het
leven``, ``in brand``) is widened to it (:func:`extended`), as Kroniek's scorer needs the
whole span. Realis is rules.v2's.

Measured on EventDNA's validation part (tagger learned from the train part): the floor
lifts identification F1 from .63 to .68 and classification from .54 to .56. Tried and
left out, as they did not help there: learning a latent trigger per event (the span's
token another fold's tagger finds likeliest) instead of the Alpino head, clause features
(auxiliaries, ``te`` + infinitive, nominal suffixes, headline), averaged SGD, a fully
converged logistic regression (as good, five times slower), and a pair classifier that
drops a second trigger of the same event.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

from kroniek.documents import Document

from ._spans import Span

KRONIEK_WEIGHT = 5.0
ALPHA = 1e-5
EPOCHS = 15
O_FACTORS = (1.0, 0.7, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1)
FLOORS = (None, 0.2, 0.1, 0.05, 0.02)


class Sentence(NamedTuple):
    """One sentence of document number ``doc``: token offsets, words, features and, for
    training, the gold triggers as (token indices, type), with the row weight."""

    doc: int
    tokens: list
    words: list
    features: list
    events: list
    weight: float


def sentences(documents: Sequence[Document], *, source: str = "",
              weight: float = 1.0) -> list[Sentence]:
    """Per sentence: features, and the gold triggers of labelled documents (``source``
    ``eventdna``: the importer's head of every EventDNA event with its mapped type,
    ``Unknown`` as OTHER; ``kroniek``: Kroniek's triggers)."""
    from operator import itemgetter

    from ._spans import per_sentence, tokenize
    from .gazetteer2 import find_entities2
    from .realnews import _spans_in
    from .tokenclf2 import features2

    out = []
    for d, (doc, toks) in enumerate(zip(documents, tokenize(documents))):
        gaz_spans = [(s.start, s.end, s.label) for s in find_entities2(toks)]
        types = {e["id"]: e["type"] for e in doc.get("events", [])}
        if source == "eventdna":
            gold = [(tuple(r["head"]), types.get(r.get("kroniek_id"), "OTHER"))
                    for r in doc["eventdna"]["events"]]
        elif source:
            gold = [((e["start"], e["end"]), e["type"]) for e in doc.get("events", [])]
        else:
            gold = []
        for sent, gaz_here in zip(toks.sentences,
                                  per_sentence(toks, gaz_spans, start=itemgetter(0))):
            words = [toks.text[s:e] for s, e in sent.tokens]
            gaz = [t[2:] if t != "O" else "O" for t in _spans_in(sent.tokens, gaz_here)]
            feats = features2(words, gaz)
            events = []
            for head, kind in gold:
                tokens = [k for k, (a, b) in enumerate(sent.tokens) if head[0] <= a and b <= head[1]]
                if tokens:
                    events.append((tokens, kind))
            out.append(Sentence(d, sent.tokens, words, feats, events, weight))
    return out


class Tagger:
    """An SGD token classifier (log loss) over the sentences' features."""

    def __init__(self, data: Sequence[Sentence], targets: Sequence[list[str]],
                 *, seed: int = 0) -> None:
        from sklearn.feature_extraction import FeatureHasher
        from sklearn.linear_model import SGDClassifier

        self.hasher = FeatureHasher(n_features=2 ** 19, input_type="string", alternate_sign=False)
        matrix = self.hasher.transform([f for s in data for f in s.features])
        weights = [s.weight for s in data for _ in s.features]
        self.model = SGDClassifier(loss="log_loss", alpha=ALPHA, max_iter=EPOCHS, tol=None,
                                   random_state=seed).fit(
            matrix, [t for ts in targets for t in ts], sample_weight=weights)
        self.o_factor = 1.0
        self.floor: float | None = None

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
    """IOB2 tags with each event's head (EventDNA) or the first token of its trigger
    (Kroniek) as its one-token trigger; the first event of a token names its type.
    (Tagging the whole of a multi-word Kroniek trigger cost a point of identification
    F1 on EventDNA's validation part and gained nothing on Kroniek's.)"""
    out = []
    for s in data:
        tags = ["O"] * len(s.features)
        for tokens, kind in s.events:
            if tags[tokens[0]] == "O":
                tags[tokens[0]] = f"B-{kind}"
        out.append(tags)
    return out


def phrases(data: Sequence[Sentence]) -> frozenset[tuple[str, ...]]:
    """The multi-word triggers of labelled sentences (Kroniek's), as lower-case word
    tuples (``("om", "het", "leven")``, ``("in", "brand")``)."""
    return frozenset(tuple(s.words[k].lower() for k in tokens)
                     for s in data for tokens, _ in s.events if len(tokens) > 1)


def extended(data: Sequence[Sentence], tags: Sequence[list[str]],
             known: frozenset[tuple[str, ...]]) -> list[list[str]]:
    """``tags`` with a one-token trigger that starts a known multi-word trigger
    (:func:`phrases`) widened to the whole phrase (the longest that fits)."""
    longest = max((len(p) for p in known), default=0)
    out = []
    for s, t in zip(data, tags):
        t = list(t)
        lower = [w.lower() for w in s.words]
        for k, tag in enumerate(list(t)):
            if not tag.startswith("B-") or (k + 1 < len(t) and t[k + 1] != "O"):
                continue
            for n in range(min(longest, len(t) - k), 1, -1):
                if tuple(lower[k:k + n]) in known and all(x == "O" for x in t[k + 1:k + n]):
                    t[k + 1:k + n] = [f"I-{tag[2:]}"] * (n - 1)
                    break
        out.append(t)
    return out


def learned(documents: Sequence[Document], data: Sequence[Sentence], tags: Sequence[list[str]]) -> list[list[Span]]:
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
        self.phrases: frozenset[tuple[str, ...]] = frozenset()

    def fit(self, edna_train: Sequence[Document], kroniek_train: Sequence[Document],
            edna_dev: Sequence[Document], kroniek_dev: Sequence[Document]) -> "TriggerModel":
        train = (sentences(edna_train, source="eventdna")
                 + sentences(kroniek_train, source="kroniek", weight=KRONIEK_WEIGHT))
        tagger = Tagger(train, head_targets(train))
        parts = [(docs, data, tagger.probabilities(data)) for docs, data in (
            (edna_dev, sentences(edna_dev, source="eventdna")),
            (kroniek_dev, sentences(kroniek_dev, source="kroniek", weight=KRONIEK_WEIGHT)))]

        def tuned(setting: tuple[float, float | None]) -> float:
            edna, kroniek = (learned(docs, data, tagger.decode(data, probs, *setting))
                             for docs, data, probs in parts)
            return quality(edna_dev, kroniek_dev, edna, kroniek)

        setting = max(((f, floor) for f in O_FACTORS for floor in FLOORS), key=tuned)
        if edna_dev or kroniek_dev:
            everything = train + parts[0][1] + parts[1][1]
            tagger = Tagger(everything, head_targets(everything))
        tagger.o_factor, tagger.floor = setting
        self.tagger = tagger
        self.phrases = phrases(train + parts[1][1])
        return self

    def spans(self, documents: Sequence[Document]) -> list[list[Span]]:
        data = sentences(documents)
        tags = self.tagger.decode(data, self.tagger.probabilities(data), self.tagger.o_factor,
                                  self.tagger.floor)
        return learned(documents, data, extended(data, tags, self.phrases))
