"""EventDNA import, the mapping, the split rule and the cross-scheme scoring modes, on a
fixture the project writes itself (tests/eventdna_fixture.py), never on EventDNA text."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from eventdna_fixture import PARSES, TOKENS, write_archive, write_corpus

from kroniek.corpora import alpino
from kroniek.corpora.eventdna import read, split_of
from kroniek.corpora.eventdna_summary import Summary
from kroniek.errors import KroniekError
from kroniek.metrics import crossscheme


@pytest.fixture()
def imported(tmp_path):
    summary = Summary()
    docs = list(read(write_corpus(tmp_path), summary=summary))
    return docs, summary


def by_text(items, text):
    return next(x for x in items if x["text"] == text)


def test_text_is_headline_blank_line_lead_with_exact_offsets(imported):
    (doc,), _ = imported
    assert doc["text"] == ("Rebellen zullen Kirkuk aanvallen\n\n" + " ".join(TOKENS[4:]))
    for item in doc["entities"] + doc["events"]:
        assert doc["text"][item["start"]:item["end"]] == item["text"]


def test_entities_are_heads_typed_by_the_table(imported):
    (doc,), summary = imported
    got = {(e["text"], e["type"], e["mention"]) for e in doc["entities"]}
    assert got == {("Rebellen", "PER", "NOM"), ("Kirkuk", "GPE", "NAM"),
                   ("Iraakse", "NORP", "NAM"),             # an adjective head: NORP
                   ("leger", "ORG", "NOM"),                 # the head, not "Het Iraakse leger"
                   ("strijders", "PER", "NOM"), ("stad", "GPE", "NOM"), ("Zij", "PER", "PRO")}
    row = next(r for r in summary.table() if r["label"] == "MISC/NOM")
    assert (row["mapped"], row["kept"]) == (0, 1)
    misc = next(r for r in doc["eventdna"]["entities"] if r["type"] == "MISC")
    assert doc["text"][misc["start"]:misc["end"]] == "mes" and misc["kroniek_id"] is None


def test_events_become_triggers_at_the_alpino_head(imported):
    (doc,), summary = imported
    attack, said, died = (by_text(doc["events"], w) for w in ("aanvallen", "zei", "omkwamen"))
    assert attack["type"] == "ATTACK" and attack["realis"] == "ACTUAL"
    assert said["type"] == "STATEMENT"                     # not its content clause
    assert died["type"] == "OTHER" and died["realis"] == "OTHER"   # no doer; modality Other
    ents = {e["id"]: e["text"] for e in doc["entities"]}
    assert {(ents[a["entity_id"]], a["role"]) for a in attack["arguments"]} == \
        {("Rebellen", "AGENT"), ("Kirkuk", "PATIENT")}
    assert {(ents[a["entity_id"]], a["role"]) for a in died["arguments"]} == \
        {("strijders", "PATIENT"), ("stad", "PLACE")}
    kept = {r["label"]: r["kept"] for r in summary.table() if r["layer"] in ("argument", "event")}
    assert kept["Instrument"] == 1 and kept["Entity"] == 1 and kept["Unknown/Unknown"] == 1
    unknown = next(r for r in doc["eventdna"]["events"] if r["type"] == "Unknown")
    assert doc["text"][slice(*unknown["head"])] == "vluchtten"


def test_coreference_buckets_become_clusters(imported):
    (doc,), _ = imported
    texts = {x["id"]: x["text"] for x in doc["entities"] + doc["events"]}
    assert sorted(sorted(texts[m] for m in c["members"]) for c in doc["clusters"]) == \
        [["Zij", "strijders"], ["aanvallen", "omkwamen"]]


def test_odd_documents_get_one_line_each(imported):
    _, summary = imported
    assert summary.lines() == [
        "eventdna_2: meta.id eventdna_1 also in an earlier folder (same content, read once)",
        "eventdna_3: 23 tokens in token_string, 22 in the sentences; skipped"]


def test_archive_reads_as_the_folder(tmp_path):
    folder = list(read(write_corpus(tmp_path / "a")))
    archive = list(read(write_archive(tmp_path / "b")))
    assert archive == folder


def test_alpino_head_rules():
    tree = alpino.parse(PARSES[2])
    assert alpino.head(tree, 0, 14) == 3                   # "zei", not the dat-clause
    assert alpino.head(tree, 5, 14) == 10                  # "omkwamen"
    assert alpino.head(tree, 11, 14) == 13                 # a PP: its object, "stad"
    assert alpino.head(alpino.parse(PARSES[1]), 0, 4) == 3  # "zullen" gives way: "aanvallen"


def test_split_rule_is_fixed_and_proportioned():
    parts = [split_of(f"eventdna_{n}") for n in range(2000)]
    assert split_of("eventdna_1") == split_of("eventdna_1")
    assert 0.65 < parts.count("train") / 2000 < 0.75
    assert 0.12 < parts.count("test") / 2000 < 0.18


def test_missing_corpus_says_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.delenv("KRONIEK_EVENTDNA", raising=False)
    monkeypatch.setenv("KRONIEK_CONFIG", str(tmp_path / "none.json"))
    with pytest.raises(KroniekError, match="set KRONIEK_EVENTDNA"):
        list(read())
    done = subprocess.run([sys.executable, "-m", "kroniek.cli", "import", "eventdna"],
                          capture_output=True, text=True,
                          env={**__import__("os").environ, "KRONIEK_CONFIG": str(tmp_path / "x")})
    assert done.returncode == 1 and "KRONIEK_EVENTDNA" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_import_command_writes_documents(tmp_path):
    out = tmp_path / "out.jsonl"
    done = subprocess.run([sys.executable, "-m", "kroniek.cli", "import", "eventdna",
                           str(write_corpus(tmp_path)), "-o", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["eventdna_1"]
    assert "eventdna_3:" in done.stderr and "Unknown/Unknown" in done.stderr


# -- cross-scheme scoring, each mode on a hand-worked case ------------------------------

def prediction(doc, entities=(), events=()):
    text = doc["text"]

    def at(word, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        return start, start + len(word)

    ents = [{"id": f"e{k}", "start": at(w)[0], "end": at(w)[1], "type": t, "mention": m}
            for k, (w, t, m) in enumerate(entities)]
    ids = {e["id"]: e for e in ents}
    evs = []
    for k, (w, t, args) in enumerate(events):
        evs.append({"id": f"t{k}", "start": at(w)[0], "end": at(w)[1], "type": t,
                    "realis": "ACTUAL",
                    "arguments": [{"entity_id": next(i for i, e in ids.items()
                                                     if text[e["start"]:e["end"]] == a),
                                   "role": r} for a, r in args]})
    return {"id": doc["id"], "entities": ents, "events": evs}


def test_entity_head_match(imported):
    (doc,), _ = imported
    pred = prediction(doc, entities=[
        ("Rebellen", "PER", "NOM"),        # head, same class: match
        ("Kirkuk", "GPE", "NAM"),          # GPE counts as EventDNA's LOC: match
        ("Iraakse", "NORP", "NAM"),        # NORP counts as LOC: match
        ("Het", "ORG", "NOM"),             # not the head span: false positive
        ("mes", "WEA", "NOM"),             # WEA left out (and MISC gold left out)
        ("stad", "PER", "NOM")])           # right span, wrong class: false positive
    tp, n_pred, n_gold = crossscheme.entity_counts(doc, pred)
    assert (tp, n_pred, n_gold) == (3, 5, 7)   # gold: 8 entities minus MISC
    assert crossscheme.entity_counts(doc, pred, named=True) == (2, 2, 2)


def test_trigger_inside_event_span(imported):
    (doc,), _ = imported
    pred = prediction(doc, events=[
        ("Kirkuk", "ATTACK", []),          # inside the attack clause, compatible: I and C
        ("strijders", "ATTACK", []),       # inside the dying (ATTACK compatible) and the
                                           # saying span: takes the smaller, the dying
        ("Zij", "MOVEMENT", []),           # inside the Unknown event: I yes, C left out
        ("stad", "STATEMENT", [])])        # inside the saying span: I yes, C yes
    assert crossscheme.trigger_counts(doc, pred, classify=False) == (4, 4, 4)
    assert crossscheme.trigger_counts(doc, pred, classify=True) == (3, 3, 3)


def test_filler_inside_argument_span(imported):
    (doc,), _ = imported
    pred = prediction(doc, entities=[("Rebellen", "PER", "NOM"), ("Kirkuk", "GPE", "NAM"),
                                     ("stad", "GPE", "NOM"), ("strijders", "PER", "NOM")],
                      events=[("aanvallen", "ATTACK", [("Rebellen", "AGENT"),
                                                       ("Kirkuk", "AGENT")]),   # wrong role
                              ("omkwamen", "ATTACK", [("stad", "PLACE"),
                                                      ("strijders", "PATIENT")])])
    # gold: Attacker, Target, Victim, Place (Instrument and Contact's Entity unmapped)
    assert crossscheme.argument_counts(doc, pred) == (3, 4, 4)
    result = crossscheme.cross_scores([doc], [pred])
    assert result["mapping"] == "eventdna-kroniek.v1" and set(result["modes"]) == set(crossscheme.MODES)
    row = result["scores"]["arguments.classification"]
    assert (row["precision"], row["recall"]) == (0.75, 0.75)


def test_bootstrap_interval_holds_the_score(imported):
    (doc,), _ = imported
    pred = prediction(doc, entities=[("Rebellen", "PER", "NOM"), ("Het", "ORG", "NOM")])
    counts = crossscheme.per_document([doc, doc], [pred])
    low, high = crossscheme.bootstrap(counts, n_resamples=50)["entities.heads"]
    f1 = crossscheme.cross_scores([doc], [pred])["scores"]["entities.heads"]["f1"]
    assert low <= f1 <= high


def test_score_command_scores_an_imported_gold(tmp_path, imported):
    (doc,), _ = imported
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text(json.dumps(doc) + "\n")
    pred.write_text(json.dumps(prediction(doc, entities=[("Kirkuk", "GPE", "NAM")])) + "\n")
    done = subprocess.run([sys.executable, "-m", "kroniek.cli", "score", str(gold), str(pred),
                           "--json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["scores"]["entities.named"]["tp"] == 1 and result["mapping"]
