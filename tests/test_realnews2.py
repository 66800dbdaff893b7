"""realnews.v2's trigger model, its argument training data and what it learned from, on
the project's own DNAF fixture."""

from __future__ import annotations

import json

import numpy as np
import pytest

from eventdna_fixture import write_parts

from kroniek.corpora.eventdna import read
from kroniek.system.run import blind


def corpus(tmp_path):
    return write_parts(tmp_path)


def test_a_sentence_left_without_trigger_gets_its_likeliest_token_above_the_floor():
    from kroniek_baselines.realnews_triggers import Sentence, Tagger

    data = [Sentence(0, [(0, 1)] * 3, ["a", "b", "c"], [["w=a"], ["w=b"], ["w=c"]],
                     [([1], "ATTACK")], 1.0),
            Sentence(1, [(0, 1)] * 2, ["d", "e"], [["w=d"], ["w=e"]], [], 1.0)]
    tagger = Tagger(data, [["O", "B-ATTACK", "O"], ["O", "O"]])
    tagger.model.classes_ = np.array(["B-ATTACK", "B-OTHER", "O"])
    probs = np.array([[0.1, 0.1, 0.8], [0.3, 0.1, 0.6], [0.05, 0.05, 0.9],   # sentence 1
                      [0.02, 0.01, 0.97], [0.5, 0.1, 0.4]])                   # sentence 2
    assert tagger.decode(data, probs, 1.0) == [["O", "O", "O"], ["O", "B-ATTACK"]]
    assert tagger.decode(data, probs, 1.0, 0.3) == [["O", "B-ATTACK", "O"], ["O", "B-ATTACK"]]
    assert tagger.decode(data, probs, 1.0, 0.5) == [["O", "O", "O"], ["O", "B-ATTACK"]]
    assert tagger.decode(data, probs, 0.3) == [["O", "B-ATTACK", "O"], ["O", "B-ATTACK"]]


def test_a_token_starting_a_known_multi_word_trigger_is_widened_to_it():
    from kroniek_baselines.realnews_triggers import Sentence, extended, phrases

    words = ["Twee", "mensen", "kwamen", "om", "het", "leven", "in", "brand"]
    train = [Sentence(0, [], words, [], [([3, 4, 5], "OTHER"), ([2], "OTHER")], 1.0)]
    known = phrases(train)
    assert known == {("om", "het", "leven")}
    data = [Sentence(0, [], words, [[]] * 8, [], 1.0)]
    tags = ["O", "O", "B-OTHER", "B-ATTACK", "O", "O", "B-OTHER", "O"]
    assert extended(data, [tags], known) == [
        ["O", "O", "B-OTHER", "B-ATTACK", "I-ATTACK", "I-ATTACK", "B-OTHER", "O"]]
    assert extended(data, [tags], frozenset()) == [tags]


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


def test_time_arguments_without_a_filler_get_the_time_expression_inside_their_span():
    from kroniek_baselines.realnews_args import candidates
    from kroniek_baselines.realnews_args2 import with_time_fillers

    text = "Rebellen vielen Kirkuk gisteren aan"
    doc = {"id": "d", "text": text,
           "entities": [{"id": "d/e1", "start": 16, "end": 22, "text": "Kirkuk", "type": "GPE",
                         "mention": "NAM"}],
           "events": [{"id": "d/t", "start": 9, "end": 15, "text": "vielen", "type": "ATTACK",
                       "realis": "ACTUAL", "arguments": [{"entity_id": "d/e1", "role": "PATIENT"}]}],
           "eventdna": {"events": [{"kroniek_id": "d/t", "arguments": [
               {"kroniek_role": "PATIENT", "start": 16, "end": 22},
               {"kroniek_role": "TIME", "start": 23, "end": 31},
               {"kroniek_role": None, "start": 0, "end": 8}]}]}}
    (out,) = with_time_fillers([doc])
    assert [(e["text"], e["type"]) for e in out["entities"]] == [("Kirkuk", "GPE"),
                                                                ("gisteren", "TIME")]
    assert out["events"][0]["arguments"] == [{"entity_id": "d/e1", "role": "PATIENT"},
                                             {"entity_id": "d/time1", "role": "TIME"}]
    assert doc["events"][0]["arguments"] == [{"entity_id": "d/e1", "role": "PATIENT"}]
    assert sorted(p[4] for p in candidates([out], gold=True)) == ["PATIENT", "TIME"]


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
