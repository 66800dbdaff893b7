"""CoNLL-2002: the importer (IOB1 and IOB2, MISC kept, exact offsets, round trip through
``kroniek export``) and names scored the shared task's way, equal to seqeval's counting.

The fixture is written here (invented sentences); the development-file test runs only
where a copy of CoNLL-2002 is given (KRONIEK_CONLL2002).
"""

from __future__ import annotations

import lzma
import subprocess
import sys

import pytest

from kroniek.corpora import locate
from kroniek.corpora.conll2002 import (OTHER_NAMES, chunks, documents, read_iob, read_path,
                                       write_iob)
from kroniek.errors import KroniekError
from kroniek.metrics.names import VIEWS, name_scores, name_spans

# Invented news in the shared task's layout (token POS tag), IOB1 as the original files.
IOB1 = """-DOCSTART- -DOCSTART- O
Marieke N I-PER
Claes N I-PER
van Prep O
Fortis N I-ORG
sprak V O
in Prep O
Gent N I-LOC
over Prep O
de Art O
Ronde N I-MISC
van Prep I-MISC
Vlaanderen N I-MISC
. Punc O

Anna N I-PER
Bert N B-PER
en Conj O
de Art O
Belgische Adj I-MISC
ploeg N O
. Punc O
-DOCSTART- -DOCSTART- O
Volgens Prep O
De Art I-ORG
Lijn N I-ORG
rijdt V O
tram N O
4 Num O
naar Prep O
Antwerpen N I-LOC
Centraal N I-LOC
. Punc O
"""

IOB2 = IOB1.replace("Marieke N I-PER", "Marieke N B-PER").replace("Fortis N I-ORG", "Fortis N B-ORG") \
    .replace("Gent N I-LOC", "Gent N B-LOC").replace("Ronde N I-MISC", "Ronde N B-MISC") \
    .replace("Anna N I-PER", "Anna N B-PER").replace("Belgische Adj I-MISC", "Belgische Adj B-MISC") \
    .replace("De Art I-ORG", "De Art B-ORG").replace("Antwerpen N I-LOC", "Antwerpen N B-LOC")


def names_of(doc):
    return sorted([(e["text"], e["type"]) for e in doc["entities"]]
                  + [(n["text"], n["type"]) for n in doc[OTHER_NAMES]])


def test_iob1_and_iob2_read_the_same_names_on_exact_offsets():
    one = [d.document() for d in read_iob(IOB1.encode(), name="fixture.conll")]
    two = [d.document() for d in read_iob(lzma.compress(IOB2.encode()), name="fixture.conll.xz")]
    assert one == two
    assert [d["id"] for d in one] == ["fixture-0001", "fixture-0002"]
    assert one[0]["text"].split("\n")[0].startswith("Marieke Claes van Fortis sprak in Gent")
    assert names_of(one[0]) == [("Anna", "PER"), ("Belgische", "MISC"), ("Bert", "PER"),
                                ("Fortis", "ORG"), ("Gent", "LOC"), ("Marieke Claes", "PER"),
                                ("Ronde van Vlaanderen", "MISC")]
    for doc in one:
        for item in doc["entities"] + doc[OTHER_NAMES]:
            assert doc["text"][item["start"]:item["end"]] == item["text"]
        assert all(e["mention"] == "NAM" for e in doc["entities"])


def test_misc_is_kept_and_counted_not_dropped(tmp_path):
    path = tmp_path / "fixture.conll"
    path.write_text(IOB1, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    done = subprocess.run([sys.executable, "-m", "kroniek.cli", "import", "conll2002", str(path),
                           "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "7 NAM entities" in done.stderr and "2 names with no Kroniek type" in done.stderr
    assert "MISC 2" in done.stderr
    assert out.read_text(encoding="utf-8").count('"type": "MISC"') == 2


def test_bad_line_is_one_clear_error_and_nothing_is_written(tmp_path):
    path = tmp_path / "bad.conll"
    path.write_text("Gent N B-LOC\nbroken\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    done = subprocess.run([sys.executable, "-m", "kroniek.cli", "import", "conll2002", str(path),
                           "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 1 and not out.exists()
    assert done.stderr.strip().count("\n") == 0 and "line 2" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_corpus_says_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.delenv("KRONIEK_CONLL2002", raising=False)
    monkeypatch.setenv("KRONIEK_CONFIG", str(tmp_path / "none.json"))
    with pytest.raises(KroniekError, match="set KRONIEK_CONLL2002"):
        documents()


def test_export_round_trip_is_identity_on_tokens_and_tags(small_dataset, tmp_path):
    from kroniek.dataset import load
    from kroniek.export.formats import FORMATS

    gold = load(small_dataset)
    files = FORMATS["conll2002"].write(gold)
    exported = next(data for name, data in files.items() if ".ner." in name).decode("utf-8")
    read = read_iob(exported.encode(), name="validation.ner.conll")
    docs = [d.document() for d in read]
    # Tags made anew from the imported entities give back the exported file, byte for byte.
    assert write_iob(read, documents=docs) == exported
    assert sum(len(d["entities"]) for d in docs) == sum(len(d["entities"]) for d in gold)
    for before, after in zip(gold, docs):
        assert sorted(e["type"] for e in before["entities"]) == sorted(e["type"] for e in after["entities"])
        squeeze = lambda doc: ["".join(e["text"].split())
                               for e in sorted(doc["entities"], key=lambda e: e["start"])]
        assert squeeze(before) == squeeze(after)


# ---- scoring --------------------------------------------------------------------------

def seqeval_scores(gold, pred, view):
    """seqeval's default (conlleval) figures on IOB2 tags made from the settled names."""
    from seqeval.metrics import classification_report, f1_score, precision_score, recall_score

    from kroniek.tokens import encode_bio

    g_spans, p_spans, _ = name_spans(gold, pred)
    keep = set(VIEWS[view])
    y_true, y_pred = [], []
    for doc in gold:
        for line in _lines(doc["text"]):
            tokens = _tokens(doc["text"], *line)
            for spans, out in ((g_spans, y_true), (p_spans, y_pred)):
                mine = [(s, e, t) for d, s, e, t in spans if d == doc["id"] and t in keep]
                out.append(encode_bio(tokens, mine))
    report = classification_report(y_true, y_pred, output_dict=True, zero_division=0)
    return (precision_score(y_true, y_pred), recall_score(y_true, y_pred),
            f1_score(y_true, y_pred), report)


def _lines(text):
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def _tokens(text, start, end):
    out, pos = [], start
    for word in text[start:end].split(" "):
        out.append((pos, pos + len(word)))
        pos += len(word) + 1
    return out


def perturbed(gold):
    """Predictions made from the gold by fixed rules: some dropped, some retyped, LOC as
    GPE (may be LOC or ORG), MISC as NORP, ORG as FAC, some boundaries moved, and a spurious
    name on the first word of some lines."""
    pred = []
    for doc in gold:
        items = sorted(doc["entities"] + doc[OTHER_NAMES], key=lambda x: x["start"])
        ents = []
        for k, item in enumerate(items):
            kind = item["type"]
            start, end = item["start"], item["end"]
            if k % 7 == 3:
                continue
            if k % 5 == 1:
                kind = {"PER": "ORG", "ORG": "PER", "LOC": "PER", "MISC": "LOC"}[kind]
            elif kind == "LOC" and k % 2 == 0:
                kind = "GPE"
            elif kind == "ORG" and k % 3 == 0:
                kind = "FAC"
            elif kind == "MISC":
                kind = "NORP"
            if k % 11 == 4 and " " in item["text"]:
                end = start + item["text"].index(" ")
            ents.append({"id": f"p{k}", "start": start, "end": end, "type": kind, "mention": "NAM"})
        taken = {(e["start"]) for e in ents} | {x["start"] for x in items}
        for n, (s, e) in enumerate(_lines(doc["text"])):
            first = doc["text"][s:e].split(" ")[0]
            if n % 4 == 2 and first and s not in taken:
                ents.append({"id": f"s{n}", "start": s, "end": s + len(first), "type": "TIME" if n % 8 == 2 else "PER",
                             "mention": "NAM"})
        pred.append({"id": doc["id"], "entities": ents})
    return pred


def assert_same_as_seqeval(gold, pred):
    for view in VIEWS:
        ours = name_scores(gold, pred, view=view)
        p, r, f, report = seqeval_scores(gold, pred, view)
        assert ours["view"] == view and ours["mapping"]["GPE"] == ["LOC", "ORG"]
        assert (ours["precision"], ours["recall"]) == pytest.approx((p, r), abs=1e-12)
        assert ours["f1"] == pytest.approx(f, abs=1e-12)
        for label in VIEWS[view]:
            row = ours["per_type"][label]
            if label in report:
                assert row["n_gold"] == report[label]["support"]
                assert row["f1"] == pytest.approx(report[label]["f1-score"], abs=1e-12)
            else:
                assert row["n_gold"] == 0
        assert 0 < ours["f1"] < 1


def test_names_score_equals_seqeval_on_the_fixture():
    gold = [d.document() for d in read_iob(IOB1.encode(), name="fixture.conll")]
    assert_same_as_seqeval(gold, perturbed(gold))
    perfect = name_scores(gold, gold)
    assert perfect["f1"] == 1.0 and perfect["n_gold"] == 9
    # GPE on a gold LOC is right; on a gold PER it is one false positive, as LOC.
    pred = [{"id": gold[0]["id"], "entities": [
        {"start": e["start"], "end": e["end"], "type": "GPE", "mention": "NAM"}
        for e in gold[0]["entities"] if e["text"] in ("Gent", "Anna")]}]
    r = name_scores(gold, pred, view="PER/ORG/LOC")
    assert (r["tp"], r["n_pred"], r["per_type"]["LOC"]["n_pred"]) == (1, 2, 2)


def test_chunks_follow_conlleval():
    assert chunks(["O", "I-MISC", "I-MISC", "B-MISC", "I-LOC"]) == [(1, 3, "MISC"), (3, 4, "MISC"),
                                                                 (4, 5, "LOC")]


@pytest.mark.skipif(locate("conll2002") is None, reason="no copy of CoNLL-2002 (KRONIEK_CONLL2002, with KRONIEK_TEST_CORPORA=1)")
def test_names_score_equals_seqeval_on_the_development_file():
    gold = [d.document() for d in read_path(locate("conll2002"), part="testa")]
    assert sum(len(d[OTHER_NAMES]) for d in gold) == 748
    assert sum(len(d["entities"]) for d in gold) == 1868
    assert_same_as_seqeval(gold, perturbed(gold))
