"""names.v1: unavailable without a CoNLL-2002 copy (saying how to give one); its tagger
learns from IOB-tagged sentences, decodes valid IOB2 and puts names on token boundaries
of plain text; its output passes the prediction checks, MISC in ``other_names``."""

from __future__ import annotations

import pytest

from kroniek.system import Unavailable, get
from kroniek_baselines._name_tagger import NameTagger, find_names, token_sentences, viterbi
from kroniek_baselines.names import to_document, training_data

# Invented sentences (the project's own), one document per block.
PEOPLE = ["Marieke Claes", "Jan Peeters", "Els De Smet", "Tom Wouters", "Lies Maes"]
PLACES = ["Gent", "Antwerpen", "Brugge", "Leuven", "Hasselt"]
FIRMS = ["Fortis", "Agfa", "Barco", "Umicore", "Solvay"]


def corpus():
    docs, tags = [], []
    for k in range(30):
        person, place, firm = PEOPLE[k % 5].split(), PLACES[(k * 2) % 5], FIRMS[(k * 3) % 5]
        words = [*person, "van", firm, "sprak", "gisteren", "in", place, "over", "de",
                 "Belgische", "economie", "."]
        row = (["B-PER"] + ["I-PER"] * (len(person) - 1) + ["O", "B-ORG", "O", "O", "O", "B-LOC",
                                                            "O", "O", "B-MISC", "O", "O"])
        words2 = ["Volgens", firm, "groeit", place, "snel", "."]
        row2 = ["O", "B-ORG", "O", "B-LOC", "O", "O"]
        docs.append([words, words2])
        tags.append([row, row2])
    return docs, tags


@pytest.fixture(scope="module")
def tagger():
    docs, tags = corpus()
    return NameTagger(folds=2).fit(docs, tags)


def test_unavailable_without_a_copy_says_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.delenv("KRONIEK_CONLL2002", raising=False)
    monkeypatch.setenv("KRONIEK_CONFIG", str(tmp_path / "none.json"))
    with pytest.raises(Unavailable, match="KRONIEK_CONLL2002"):
        get("names.v1").available()
    monkeypatch.setenv("KRONIEK_CONLL2002", str(tmp_path))
    with pytest.raises(Unavailable, match="ned.train"):
        get("names.v1").available()


def test_viterbi_never_starts_a_name_with_i():
    labels = ["B-PER", "I-PER", "I-ORG", "O"]
    import numpy as np
    scores = np.array([[0, 0, 5, 1], [0, 5, 0, 1], [0, 0, 5, 0]], dtype=float)
    tags = viterbi(scores, labels)
    assert tags[0] != "I-ORG" and all(not (b.startswith("I-") and a[2:] != b[2:])
                                      for a, b in zip(["O"] + tags, tags))


def test_tagger_learns_names_and_puts_them_on_token_boundaries(tagger):
    text = ("Jan Peeters van Barco sprak gisteren in Leuven over de Belgische economie .\n"
            "Volgens Agfa groeit Brugge snel .")
    doc = {"id": "d1", "text": text}
    spans = find_names(tagger, [doc])[0]
    found = [(text[s:e], label) for s, e, label in spans]
    assert ("Jan Peeters", "PER") in found and ("Leuven", "LOC") in found
    assert ("Agfa", "ORG") in found and ("Belgische", "MISC") in found
    starts = {s for sent in token_sentences([text])[0] for s, _ in sent}
    ends = {e for sent in token_sentences([text])[0] for _, e in sent}
    assert all(s in starts and e in ends for s, e, _ in spans)


def test_a_line_break_ends_a_sentence():
    sents = token_sentences(["Hij kwam\nJan ging weg ."])[0]
    assert len(sents) == 2 and len(sents[0]) == 2


def test_prediction_passes_the_checks_with_misc_in_other_names(tagger):
    from kroniek.predictions import check

    text = "Els De Smet van Solvay sprak in Hasselt over de Belgische economie ."
    doc = {"id": "d1", "text": text}
    pred = to_document(doc, find_names(tagger, [doc])[0], frozenset())
    check([{"id": "d1", "text": text, "entities": []}], [pred])
    assert [n["text"] for n in pred["other_names"]] == ["Belgische"]
    as_norp = to_document(doc, find_names(tagger, [doc])[0], frozenset({"Belgische"}))
    assert ("Belgische", "NORP") in [(e["text"], e["type"]) for e in as_norp["entities"]]


def test_training_data_turns_iob1_into_iob2(tmp_path):
    path = tmp_path / "ned.train"
    path.write_text("-DOCSTART- -DOCSTART- O\nAnna N I-PER\nBert N B-PER\nzag V O\n"
                    "Gent N I-LOC\n", encoding="utf-8")
    words, tags = training_data(path)
    assert words == [[["Anna", "Bert", "zag", "Gent"]]]
    assert tags == [[["B-PER", "B-PER", "O", "B-LOC"]]]


def test_learns_from_conll_only_and_refuses_its_training_documents(monkeypatch, tmp_path):
    """names.v1 claims no Kroniek split (it may predict any Kroniek document), and
    ``kroniek.system.predict`` refuses the CoNLL-2002 documents it learned from."""
    from kroniek.dataset import load
    from kroniek.errors import KroniekError
    from kroniek.system import predict, prepared
    from kroniek.system.run import learned_splits, protocol

    docs, tags = corpus()
    lines = []
    for sentences, rows in zip(docs[:12], tags[:12]):
        lines.append("-DOCSTART- -DOCSTART- O")
        for words, row in zip(sentences, rows):
            lines += [f"{w} N {t}" for w, t in zip(words, row)] + [""]
    copy = tmp_path / "conll2002"
    copy.mkdir()
    (copy / "ned.train").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("KRONIEK_CONLL2002", str(copy))
    monkeypatch.setenv("KRONIEK_CACHE", str(tmp_path / "cache"))
    system = prepared("names.v1")
    assert learned_splits(system, "test") == [] and "no split of the dataset" in protocol(system, "test")
    assert all(source == "CoNLL-2002 train" for source in system.learned_from.values())
    kroniek_train = load("dataset", split="train")[:1]
    assert predict(system, kroniek_train)[0]["id"] == kroniek_train[0]["id"]
    from kroniek.corpora.conll2002 import read_path

    learned = read_path(copy / "ned.train", part="train")[0].document()
    with pytest.raises(KroniekError, match="CoNLL-2002 train"):
        predict(system, [{"id": "renamed", "text": learned["text"]}])
