"""realnews.v2's trigger model and what it learned from, on the project's own DNAF fixture."""

from __future__ import annotations

import json

import numpy as np
import pytest

from eventdna_fixture import dnaf, write_document

from kroniek.corpora.eventdna import read
from kroniek.system.run import blind


def corpus(tmp_path):
    """eventdna_1, _4, _5 (train), _2 (validation), _3 (test): the fixture document."""
    root = tmp_path / "eventdna"
    for n in range(1, 6):
        write_document(root, f"eventdna_{n}", dnaf(f"eventdna_{n}"))
    return root


def test_latent_trigger_is_the_likeliest_token_of_the_span_smaller_events_first():
    from kroniek_baselines.realnews_triggers import Sentence, retarget

    words = ["Zij", "heeft", "de", "aanslag", "opgeëist"]
    events = [([0, 1, 2, 3, 4], 1, "OTHER"),     # the clause; Alpino's head is 'heeft'
              ([2, 3], 3, "ATTACK")]            # 'de aanslag' inside it
    sentence = Sentence(0, [(0, 1)] * 5, words, [[]] * 5, events, 1.0)
    classes = np.array(["B-ATTACK", "B-OTHER", "O"])
    o = np.array([0.9, 0.85, 0.95, 0.2, 0.4])    # P(O) per token
    probs = np.stack([(1 - o) / 2, (1 - o) / 2, o], axis=1)
    (tags,) = retarget([sentence], probs, classes)
    # the inner event takes 'aanslag' first; the clause gets 'opgeëist', not 'heeft'
    assert tags == ["O", "O", "O", "B-ATTACK", "B-OTHER"]
    # with no token clearly better, the Alpino head keeps its bonus
    (tags,) = retarget([sentence], np.stack([[0.05] * 5, [0.05] * 5, [0.9] * 5], axis=1), classes)
    assert tags[1] == "B-OTHER" and tags[3] == "B-ATTACK"


def test_trigger_model_learns_from_eventdna_spans_and_finds_triggers(tmp_path):
    import kroniek_baselines.realnews_triggers as triggers

    docs = list(read(corpus(tmp_path)))
    train = [d for d in docs if d["eventdna"]["split"] == "train"]
    dev = [d for d in docs if d["eventdna"]["split"] == "validation"]
    test = [d for d in docs if d["eventdna"]["split"] == "test"]
    model = triggers.TriggerModel().fit(train, [], dev, [])
    (spans,) = model.spans(blind(test))
    text = test[0]["text"]
    found = {(text[s.start:s.end], s.label) for s in spans}
    assert ("aanvallen", "ATTACK") in found
    assert all(s.extra in ("ACTUAL", "OTHER") for s in spans)


def test_predict_refuses_an_eventdna_document_realnews_v2_learned_from(
        tmp_path, monkeypatch, capsys, small_dataset):
    import kroniek_baselines.realnews as realnews
    import kroniek_baselines.realnews_triggers as triggers

    from kroniek.cli import main

    root = corpus(tmp_path)
    monkeypatch.setenv("KRONIEK_EVENTDNA", str(root))
    monkeypatch.setenv("KRONIEK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(realnews, "O_FACTORS", (1.0, 0.3))
    monkeypatch.setattr(realnews, "NONE_FACTORS", (1.0,))
    monkeypatch.setattr(triggers, "O_FACTORS", (1.0, 0.3))
    learned = next(d for d in read(root) if d["id"] == "eventdna_1")
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": "eventdna_1", "text": learned["text"]}) + "\n",
                        encoding="utf-8")
    code = main(["predict", "--system", "realnews.v2", "--dataset", str(small_dataset),
                 str(articles), "-o", str(tmp_path / "pred.jsonl")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and not (tmp_path / "pred.jsonl").exists()
    assert "learned from 1 of these document(s) (eventdna_1, EventDNA train split)" in err[-1]
    assert not any("Traceback" in line for line in err)
    # new text, and the same text under another name, are told apart
    articles.write_text(json.dumps({"id": "mine", "text": learned["text"]}) + "\n"
                        + json.dumps({"id": "new", "text": "Rebellen vielen Kirkuk aan."}) + "\n",
                        encoding="utf-8")
    assert main(["predict", "--system", "realnews.v2", "--dataset", str(small_dataset),
                 str(articles)]) == 1
    assert "learned from 1 of these document(s) (mine" in capsys.readouterr().err
    articles.write_text(json.dumps({"id": "new", "text": "Rebellen vielen Kirkuk aan."}) + "\n",
                        encoding="utf-8")
    assert main(["predict", "--system", "realnews.v2", "--dataset", str(small_dataset),
                 str(articles), "-o", str(tmp_path / "pred.jsonl")]) == 0
    (pred,) = [json.loads(line) for line in (tmp_path / "pred.jsonl").read_text().splitlines()]
    assert pred["id"] == "new"
