"""realnews.v5's triggers: realnews.v4's gated tagger plus a second trigger where the
multi gate expects several events, on the project's own DNAF fixture and small made-up
sentences."""

from __future__ import annotations

import doctest
import pickle

import numpy as np
from eventdna_fixture import fixture_parser, sentence, write_parts

from kroniek.corpora.eventdna import read
from kroniek.system.run import blind


def test_the_module_examples_hold():
    import kroniek_baselines.realnews_events5 as events5

    assert doctest.testmod(events5).failed == 0


def test_a_second_trigger_only_where_the_multi_gate_the_parse_and_the_floor_allow_it():
    from kroniek_baselines.realnews_events5 import OFF, related, seconds
    from kroniek_baselines.realnews_syntax import Parse

    # sentence 1: "a" is a root of its own, "b" (the trigger) hangs under "c", "d" is
    # b's sibling: only "c" is above or below "b"
    one = Parse([0, 2, 2, 2], ["ROOT", "su", "ROOT", "obj1"])
    assert [related(one, 1, j) for j in range(4)] == [False, False, True, False]
    two = Parse([1, 1], ["su", "ROOT"])
    data = [sentence(0, ["a", "b", "c", "d"]), sentence(0, ["e", "f"]), sentence(1, ["g", "h"])]
    classes = ["B-ATTACK", "B-DIE", "O"]
    probs = np.array([[0.9, 0.0, 0.1], [0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.8, 0.0, 0.2],
                      [0.0, 0.0, 1.0], [0.2, 0.0, 0.8],
                      [0.8, 0.0, 0.2], [0.6, 0.0, 0.4]])
    tags = [["O", "B-ATTACK", "O", "O"], ["O", "O"], ["B-ATTACK", "B-ATTACK"]]
    multi, parsed = [0.9, 0.9, 0.9], [one, two, two]
    # "c" (0.6, its likeliest type DIE), not the likelier but unrelated "a" and "d"; a
    # sentence with no trigger or two already is left alone
    assert seconds(data, tags, probs, classes, multi, parsed, (0.5, 0.3)) == [
        ["O", "B-ATTACK", "B-DIE", "O"], ["O", "O"], ["B-ATTACK", "B-ATTACK"]]
    assert seconds(data, tags, probs, classes, multi, parsed, (0.5, 0.7)) == tags   # floor
    assert seconds(data, tags, probs, classes, [0.4] * 3, parsed, (0.5, 0.3)) == tags
    assert seconds(data, tags, probs, classes, multi, parsed, OFF) == tags


def test_of_two_related_triggers_the_weaker_goes_where_the_multi_gate_expects_one_event():
    from kroniek_baselines.realnews_events5 import SINGLES, pruned
    from kroniek_baselines.realnews_syntax import Parse

    # "aanslag" (su) under "eist" (ROOT); "Kabul" a root of its own
    chain = Parse([1, 1, 2], ["su", "ROOT", "ROOT"])
    data = [sentence(0, ["aanslag", "eist", "Kabul"])] * 3
    classes = ["B-ATTACK", "O"]
    probs = np.array([[0.6, 0.4], [0.9, 0.1], [0.7, 0.3]] * 3)
    tags = [["B-ATTACK", "B-ATTACK", "O"], ["O", "B-ATTACK", "B-ATTACK"],
            ["B-ATTACK", "B-ATTACK", "B-ATTACK"]]
    # only the related pair of sentence 1 loses its weaker trigger; two unrelated
    # triggers and three triggers stay
    assert pruned(data, tags, probs, classes, [0.1] * 3, [chain] * 3, 0.2) == [
        ["O", "B-ATTACK", "O"], tags[1], tags[2]]
    assert pruned(data, tags, probs, classes, [0.3] * 3, [chain] * 3, 0.2) == tags
    assert pruned(data, tags, probs, classes, [0.0] * 3, [chain] * 3, SINGLES[0]) == tags


def corpus(tmp_path):
    return write_parts(tmp_path)


def test_trigger_model5_learns_from_eventdna_and_finds_triggers_with_the_parser(
        tmp_path, monkeypatch):
    import kroniek_baselines.realnews_events4_gate as gate
    import kroniek_baselines.realnews_events5 as events5

    monkeypatch.setattr(events5, "O_FACTORS", (1.0, 0.5))       # a smaller grid: a fast test
    monkeypatch.setattr(events5, "SECONDS", (events5.OFF, (0.0, 0.0)))
    monkeypatch.setattr(events5, "SINGLES", (-1.0, 0.5))
    monkeypatch.setattr(gate, "THRESHOLDS", (0.0, 0.5))
    parser = fixture_parser(20)
    docs = list(read(corpus(tmp_path)))
    train = [d for d in docs if d["eventdna"]["split"] == "train"]
    dev = [d for d in docs if d["eventdna"]["split"] == "validation"]
    test = [d for d in docs if d["eventdna"]["split"] == "test"]
    model = events5.TriggerModel5(parser).fit(train, [], dev, [])
    assert model.gate.threshold in (0.0, 0.5)
    assert model.second in (events5.OFF, (0.0, 0.0)) and model.single in (-1.0, 0.5)
    model.single = -1.0                             # no pruning
    (spans,) = model.spans(blind(test))
    text = test[0]["text"]
    assert ("aanvallen", "ATTACK") in {(text[s.start:s.end], s.label) for s in spans}
    again = pickle.loads(pickle.dumps(model))
    assert again.spans(blind(test)) == [spans]
    # a second trigger in every sentence with one (the tiny tagger is sure of its
    # tokens: a floor under zero lets any token through; the two-epoch parser leaves most
    # words unattached, so here every other word counts as related)
    model.second, model.single = (0.0, -1.0), -1.0
    monkeypatch.setattr(events5, "related", lambda parse, k, j: k != j)
    widened = model.spans(blind(test))[0]
    assert set(spans) < set(widened)
    model.gate.threshold = 1.01                     # a gate that lets nothing through
    assert model.spans(blind(test)) == [[]]
