"""realnews.v5 end to end on the project's own DNAF fixture: the whole fit (parser, entity,
trigger and argument parts) from an EventDNA copy, predictions on unseen text, each
document parsed once, and the fitted system surviving pickling."""

from __future__ import annotations

import pickle

from eventdna_fixture import write_parts

from kroniek.corpora.eventdna import read
from kroniek.system.run import blind


def corpus(tmp_path):
    return write_parts(tmp_path)


def small_grids(monkeypatch):
    """Grids and epochs small enough for a test, and each fixture tree seen 30 times (the
    parser backs a relation seen fewer times off to ``dep``, and then finds no gold
    transition)."""
    import kroniek.corpora.eventdna_syntax as trees
    import kroniek_baselines.realnews_args4 as args4
    import kroniek_baselines.realnews_events4 as events4
    import kroniek_baselines.realnews_events4_gate as gate
    import kroniek_baselines.realnews_syntax as syntax

    monkeypatch.setattr(syntax, "EPOCHS", 2)
    read_trees = trees.dependency_trees
    monkeypatch.setattr(trees, "dependency_trees",
                        lambda path=None, *, split: list(read_trees(path, split=split)) * 30)
    monkeypatch.setattr(events4, "O_FACTORS", (1.0, 0.5))
    monkeypatch.setattr(gate, "THRESHOLDS", (0.0, 0.5))
    monkeypatch.setattr(args4, "NONE_FACTORS4", (1.0,))


def test_shared_parses_parse_each_text_once_and_forget_when_full():
    from kroniek_baselines.realnews5 import SharedParses

    class Counting:
        seen: list = []

        def parse(self, documents):
            self.seen.extend(d["text"] for d in documents)
            return [[len(d["text"])] for d in documents]

    counting = Counting()
    shared = SharedParses(counting, memo=2)
    docs = [{"text": "een"}, {"text": "twee"}, {"text": "een"}]
    assert shared.parse(docs) == [[3], [4], [3]]
    assert shared.parse(docs[:1]) == [[3]] and counting.seen == ["een", "twee"]
    assert shared.parse([{"text": "drie"}]) == [[4]]         # full: starts again
    assert counting.seen == ["een", "twee", "drie"]
    assert shared._parses and shared.__getstate__()["_parses"] == {}   # not pickled


def test_realnews5_fits_from_a_copy_predicts_and_parses_each_document_once(
        tmp_path, monkeypatch):
    import kroniek_baselines.realnews_syntax as syntax
    from kroniek_baselines.realnews5 import RealNews5, SharedParses

    root = corpus(tmp_path)
    monkeypatch.setenv("KRONIEK_EVENTDNA", str(root))
    monkeypatch.setenv("KRONIEK_CACHE", str(tmp_path / "cache"))
    small_grids(monkeypatch)
    system, said = RealNews5(), []
    with system.reporting(said.append):
        system.fit([], [])
    assert [line.split(":")[1].strip() for line in said] == [
        "reading EventDNA's train and validation parts", "parser", "entities", "triggers",
        "arguments"]                                  # a long fit says where it is
    assert all(line.startswith("realnews.v5: ") for line in said)
    assert isinstance(system.syntax, SharedParses)
    assert {part for _, _, part in system.learned_elsewhere()} == {
        "EventDNA train", "EventDNA validation"}
    system = pickle.loads(pickle.dumps(system))

    parsed = []
    parse = syntax.SyntaxModel.parse

    def counting(self, documents):
        parsed.extend(d["id"] for d in documents)
        return parse(self, documents)

    monkeypatch.setattr(syntax.SyntaxModel, "parse", counting)
    test = [d for d in read(root) if d["eventdna"]["split"] == "test"]
    (out,) = system.predict(blind(test))
    assert parsed == [test[0]["id"]]            # entities, triggers, arguments: one parse
    assert "aanvallen" in {e["text"] for e in out["events"]}
    assert {"Rebellen", "Kirkuk"} <= {e["text"] for e in out["entities"]}
