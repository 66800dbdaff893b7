"""``spacy.v1``: a spaCy pipeline trained here, from scratch, with spaCy's own training.

The pipeline is the committed config ``baselines/spacy/config.cfg``: a blank Dutch
``nlp`` with a small shared ``tok2vec`` (HashEmbedCNN), ``ner`` for the entities and
``spancat_singlelabel`` (named ``spancat``: one label or none per candidate of one to
three tokens) for the event triggers (``doc.spans["triggers"]``). No vectors, no pretrained
weights, nothing downloaded: it learns only from the gold it is fitted on.

Training data are the DocBins of :mod:`kroniek.export.spacy_docbin`, one ``Doc`` per
Kroniek sentence (on Kroniek's tokens, read with ``gold_preproc``), written to a temporary
folder and handed to ``spacy.cli.train.train`` with the paths overridden. The dev corpus
(early stopping, best-model choice, and the spancat threshold picked on it afterwards)
is the validation split when :mod:`kroniek.system.run` gives one (scored on test); when
it gives none (scored on validation), every fifth train document is held out as dev, so
validation is never seen. Training runs on CPU, seeded: about 100 s of CPU, 2.5 minutes
wall on two shared cores.

Everything beyond spans comes from the rules of ``rules.v1``: realis from
:func:`baselines.lexicon.realis`, arguments from :func:`baselines.lexicon.find_arguments`,
event relations, entity and event coreference from :mod:`baselines.rules`, all applied
to the learned spans, so the system covers the five tasks.

The trained model folder is kept by :mod:`kroniek.system.cache` (``to_disk`` copies it);
it is never committed. :meth:`SpacyPipeline.fingerprint` holds the config text, so a
changed config trains anew.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Sequence

from kroniek.documents import Document
from kroniek.errors import KroniekError
from kroniek.system import System, register

from ._spans import Span, Tokens, build, capitalised, tokenize
from .lexicon import Analysis, Trigger, find_arguments, lemma, realis

CONFIG = Path(__file__).parent / "spacy" / "config.cfg"
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)


def sentence_docs_for_training(documents: Sequence[Document]):
    """One spaCy ``Doc`` per gold sentence, with its entities and ``spans["triggers"]``.

    Made from :func:`kroniek.export.spacy_docbin.to_doc`; sentence starts are left unset
    so that spaCy's ``gold_preproc`` reader keeps each doc (and its span group) whole.
    """
    from spacy.tokens import Doc, Span as SpacySpan

    from kroniek.export.spacy_docbin import to_doc

    out = []
    for document in documents:
        full = to_doc(document)
        triggers = list(full.spans["triggers"])
        for sent in full.sents:
            doc = Doc(full.vocab, words=[t.text for t in sent],
                      spaces=[bool(t.whitespace_) for t in sent])
            doc.ents = [SpacySpan(doc, e.start - sent.start, e.end - sent.start, label=e.label_)
                        for e in sent.ents]
            doc.spans["triggers"] = [
                SpacySpan(doc, t.start - sent.start, t.end - sent.start, label=t.label_)
                for t in triggers if sent.start <= t.start and t.end <= sent.end]
            out.append(doc)
    return out


def write_docbin(documents: Sequence[Document], path: Path) -> None:
    from spacy.tokens import DocBin

    DocBin(docs=sentence_docs_for_training(documents)).to_disk(path)


def train(train_docs: Sequence[Document], dev_docs: Sequence[Document], folder: Path, *,
          config: Path = CONFIG, overrides: dict | None = None) -> Path:
    """Train the config on ``train_docs`` with ``dev_docs`` as dev; the best model's folder."""
    from spacy.cli.train import train as spacy_train

    folder.mkdir(parents=True, exist_ok=True)
    write_docbin(train_docs, folder / "train.spacy")
    write_docbin(dev_docs, folder / "dev.spacy")
    spacy_train(config, folder / "output", use_gpu=-1,
                overrides={"paths.train": str(folder / "train.spacy"),
                           "paths.dev": str(folder / "dev.spacy"), **(overrides or {})})
    best = folder / "output" / "model-best"
    return best if best.exists() else folder / "output" / "model-last"


def split_dev(train_docs: Sequence[Document], validation: Sequence[Document]):
    """(training documents, dev documents): validation when given, else every fifth
    train document held out."""
    if validation:
        return list(train_docs), list(validation)
    held = [d for k, d in enumerate(train_docs) if k % 5 == 4]
    return [d for k, d in enumerate(train_docs) if k % 5 != 4] or list(train_docs), held or list(train_docs)


def mention_level(words: Sequence[str], first: int, end: int) -> str:
    """NAM for a capitalised span, unless it only starts the sentence with a common word."""
    word = words[first]
    if not capitalised(word):
        return "NOM"
    if first == 0 and end - first == 1 and lemma(word)[:1].islower() and not word.isupper():
        from .gazetteer import name_index
        return "NAM" if name_index().types.get((word,)) else "NOM"
    return "NAM"


class Tagged:
    """What the pipeline found in one document, as token positions per sentence."""

    def __init__(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.sentences: list[tuple[list[str], list[tuple[int, int, str]],
                                   list[tuple[int, int, str, float]]]] = []


def tag(nlp, documents: Sequence[Document]) -> list[Tagged]:
    """Entities and scored trigger candidates per sentence of each document."""
    import numpy
    from spacy.tokens import Doc

    out, docs, where = [], [], []
    for d, toks in enumerate(tokenize(documents)):
        out.append(Tagged(toks))
        for sent in toks.sentences:
            words = [toks.text[s:e] for s, e in sent.tokens]
            spaces = [a[1] < b[0] for a, b in zip(sent.tokens, sent.tokens[1:])] + [False]
            docs.append(Doc(nlp.vocab, words=words, spaces=spaces))
            where.append(d)
    spancat = nlp.get_pipe("spancat")
    for d, doc in zip(where, nlp.pipe(docs, batch_size=64)):
        group = doc.spans[spancat.key]
        scores = numpy.asarray(group.attrs.get("scores", numpy.ones(len(group))))
        scores = scores.reshape(len(group), -1).max(axis=1) if len(group) else scores
        cands = [(s.start, s.end, s.label_, float(scores[k])) for k, s in enumerate(group)]
        out[d].sentences.append(([t.text for t in doc],
                                 [(e.start, e.end, e.label_) for e in doc.ents], cands))
    return out


def analysis_of(tagged: Tagged, threshold: float) -> Analysis:
    """A :class:`baselines.lexicon.Analysis` of the learned spans, with the lexicon's
    realis and argument rules applied, ready for :mod:`baselines.rules`."""
    toks = tagged.tokens
    result = Analysis(toks, [])
    for n, (sent, (words, ents, cands)) in enumerate(zip(toks.sentences, tagged.sentences)):
        taken: set[int] = set()
        chosen = []
        for first, end, label, score in sorted(cands, key=lambda c: -c[3]):
            if score >= threshold and not taken & set(range(first, end)):
                chosen.append((first, end, label))
                taken.update(range(first, end))
        triggers = [Trigger(f, e, label, realis(words, f, e), lemma(words[f]))
                    for f, e, label in sorted(chosen)]
        base_ent = len(result.entities)
        for first, end, label in ents:
            result.entities.append(Span(sent.tokens[first][0], sent.tokens[end - 1][1], label,
                                        mention_level(words, first, end)))
        base = len(result.events)
        for t in triggers:
            result.events.append(Span(sent.tokens[t.first][0], sent.tokens[t.end - 1][1],
                                      t.type, t.realis))
            result.lemmas.append(t.lemma)
            result.sentence.append(n)
        for t, e, role in find_arguments(words, triggers, ents):
            result.arguments.append((base + t, base_ent + e, role))
    return result


def trigger_f1(nlp, documents: Sequence[Document], threshold: float, tagged=None) -> float:
    """Trigger classification F1 (exact span and type) of the pipeline on ``documents``."""
    tagged = tagged or tag(nlp, documents)
    gold = {(d, e["start"], e["end"], e["type"]) for d, doc in enumerate(documents)
            for e in doc.get("events", [])}
    pred = {(d, s.start, s.end, s.label) for d, t in enumerate(tagged)
            for s in analysis_of(t, threshold).events}
    hit = len(gold & pred)
    return 2 * hit / (len(gold) + len(pred)) if gold or pred else 1.0


@register
class SpacyPipeline(System):
    name = "spacy"
    version = 1
    tasks = ("entities", "triggers", "arguments", "relations", "coreference")
    trained = True
    protocol = ("spaCy's own training (spacy train, baselines/spacy/config.cfg) from scratch "
                "on the training split; dev for early stopping and the spancat threshold "
                "is the tuning split, or every fifth training document when there is none; "
                "arguments, realis, relations and coreference from rules.v1's rules")
    caveat = ("only the spans are learned; the argument, realis, relation and coreference "
              "rules (rules.v1) were written after reading the seed article (validation "
              "split), so those columns on validation are development scores")
    description = ("blank Dutch spaCy pipeline trained here: HashEmbedCNN tok2vec, ner for "
                   "entities, single-label spancat for triggers; rules.v1 arguments, relations and "
                   "coreference on the learned spans")
    resources = ("spacy",)

    def __init__(self) -> None:
        self._nlp = None
        self._folder: Path | None = None
        self.threshold = 0.4

    def fingerprint(self) -> str:
        return f"{super().fingerprint()}\n{CONFIG.read_text(encoding='utf-8')}"

    def fit(self, train_docs: Sequence[Document], validation: Sequence[Document] = ()) -> None:
        import spacy

        fit_docs, dev_docs = split_dev(train_docs, validation)
        self._folder = Path(tempfile.mkdtemp(prefix="kroniek-spacy-"))
        best = train(fit_docs, dev_docs, self._folder)
        for spare in ("train.spacy", "dev.spacy", "output/model-last"):   # keep only the best
            path = self._folder / spare
            if path != best:
                shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
        self._nlp = spacy.load(best)
        self._best = best
        tagged = tag(self._nlp, dev_docs)
        self.threshold = max(THRESHOLDS, key=lambda t: (trigger_f1(self._nlp, dev_docs, t, tagged),
                                                        -abs(t - 0.4)))

    def to_disk(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        shutil.copytree(self._best, path / "model", dirs_exist_ok=True)
        (path / "threshold.txt").write_text(f"{self.threshold}\n", encoding="utf-8")

    def from_disk(self, path: Path) -> None:
        import spacy

        self._nlp = spacy.load(path / "model")
        self._best = path / "model"
        self.threshold = float((path / "threshold.txt").read_text(encoding="utf-8"))

    def analyse(self, documents: Sequence[Document]) -> list[Analysis]:
        if self._nlp is None:
            raise KroniekError(f"{self.id()} learns from gold: fit it first "
                               "(kroniek.system.predict does, on the dataset's train split)")
        return [analysis_of(t, self.threshold) for t in tag(self._nlp, documents)]

    def predict(self, documents: Sequence[Document]) -> list[Document]:
        from .rules import entity_clusters, event_clusters, event_relations

        out = []
        for doc, a in zip(documents, self.analyse(documents)):
            out.append(build(doc, entities=a.entities, events=a.events, arguments=a.arguments,
                             relations=event_relations(a), entity_clusters=entity_clusters(a),
                             event_clusters=event_clusters(a)))
        return out
