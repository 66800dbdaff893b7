"""realnews.v4's triggers: realnews.v2's tagger behind a syntactic sentence gate, on the
project's own DNAF fixture and small made-up sentences."""

from __future__ import annotations

import doctest
import pickle

from eventdna_fixture import fixture_parser, sentence, write_parts

from kroniek.corpora.eventdna import read
from kroniek.system.run import blind


def test_the_gate_module_examples_hold():
    import kroniek_baselines.realnews_events4_gate as gate

    assert doctest.testmod(gate).failed == 0


def test_sentence_features_see_the_parse_the_tagger_and_the_place_in_the_document():
    from kroniek_baselines.realnews_events4_gate import positions, sentence_features
    from kroniek_baselines.realnews_syntax import Parse

    clause = sentence_features(["Rebellen", "bestormen", "Kirkuk", "."], [0.1, 0.9, 0.0, 0.0],
                               Parse([1, 1, 1, 1], ["su", "ROOT", "obj1", "punct"]), 0)
    fragment = sentence_features(["Twee", "doden", "?"], [0.02, 0.01, 0.0],
                                 Parse([1, 1, 1], ["det", "ROOT", "punct"]), 2)
    assert clause["maxp"] == 0.9 and clause["cands=2"] == 1.0 and clause["likely=1"] == 1.0
    assert clause["rootkid=su"] == clause["rootkid=obj1"] == 1.0 and clause["first"] == 1.0
    assert clause["topdep=ROOT"] == clause["top_is_root"] == 1.0
    assert "rootkid=su" not in fragment and "first" not in fragment
    assert fragment["question"] == 1.0 and fragment["cands=0"] == 1.0
    assert fragment["rootkids=det+punct"] == 1.0 and "top_is_root" not in fragment
    data = [sentence(0, ["a"]), sentence(0, ["b"]), sentence(1, ["c"]), sentence(1, ["d"]),
            sentence(1, ["e"])]
    assert positions(data) == [0, 1, 0, 1, 2]


def test_a_gated_sentence_loses_all_its_triggers():
    from kroniek_baselines.realnews_events4 import gated

    tags = [["O", "B-ATTACK"], ["B-DIE", "O", "B-OTHER"], ["O"]]
    assert gated(tags, [0.9, 0.2, 0.1], 0.3) == [["O", "B-ATTACK"], ["O", "O", "O"], ["O"]]
    assert gated(tags, [0.9, 0.2, 0.1], 0.0) == tags


def test_crossfit_probabilities_come_from_taggers_that_never_saw_the_document():
    from kroniek_baselines.realnews_events4_gate import crossfit, trigger_probabilities
    from kroniek_baselines.realnews_triggers import Tagger, head_targets

    # "boem" is a trigger only in documents 0 and 3 (one fold of three); "knal" everywhere
    data = [sentence(d, ["de", "boem" if d % 3 == 0 else "knal", "viel"], [1])
            for d in range(6) for _ in range(5)]

    def fit(part):
        return Tagger(part, head_targets(part))

    unseen = crossfit(data, fit, folds=3)
    seen = trigger_probabilities(fit(data), data)
    boem = [k for k, s in enumerate(data) if s.words[1] == "boem"]
    knal = [k for k, s in enumerate(data) if s.words[1] == "knal"]
    assert all(len(p) == 3 for p in unseen)
    assert max(unseen[k][1] for k in boem) < 0.5 < min(seen[k][1] for k in boem)
    assert min(unseen[k][1] for k in knal) > 0.5


def test_the_gate_learns_which_sentences_hold_an_event():
    from kroniek_baselines.realnews_events4_gate import SentenceGate, sentence_features
    from kroniek_baselines.realnews_syntax import Parse

    clause = Parse([1, 1, 1], ["su", "ROOT", "obj1"])
    fragment = Parse([1, 1, 1], ["det", "ROOT", "mod"])
    event_row = sentence_features(["Rebellen", "bestormen", "Kirkuk"], [0.1, 0.6, 0.0], clause, 1)
    other_row = sentence_features(["Het", "weer", "morgen"], [0.0, 0.3, 0.0], fragment, 1)
    rows = [event_row] * 20 + [other_row] * 20
    gate = SentenceGate(rows, [1] * 20 + [0] * 20, [1.0] * 40)
    event, none = gate.probabilities([rows[0], rows[-1]])
    assert event > 0.5 > none
    assert list(SentenceGate(rows[:3], [1, 1, 1], [1.0] * 3).probabilities(rows[:2])) == [1.0, 1.0]


def corpus(tmp_path):
    return write_parts(tmp_path)


def test_trigger_model4_learns_from_eventdna_and_finds_triggers_with_the_parser(
        tmp_path, monkeypatch):
    import kroniek_baselines.realnews_events4 as events4
    import kroniek_baselines.realnews_events4_gate as gate

    monkeypatch.setattr(events4, "O_FACTORS", (1.0, 0.5))       # a smaller grid: a fast test
    monkeypatch.setattr(gate, "THRESHOLDS", (0.0, 0.5))
    parser = fixture_parser(20)
    docs = list(read(corpus(tmp_path)))
    train = [d for d in docs if d["eventdna"]["split"] == "train"]
    dev = [d for d in docs if d["eventdna"]["split"] == "validation"]
    test = [d for d in docs if d["eventdna"]["split"] == "test"]
    model = events4.TriggerModel4(parser).fit(train, [], dev, [])
    assert model.gate.threshold in (0.0, 0.5)
    (spans,) = model.spans(blind(test))
    text = test[0]["text"]
    assert ("aanvallen", "ATTACK") in {(text[s.start:s.end], s.label) for s in spans}
    again = pickle.loads(pickle.dumps(model))
    assert again.spans(blind(test)) == [spans]
    model.gate.threshold = 1.01                     # a gate that lets nothing through
    assert model.spans(blind(test)) == [[]]
