"""The traps of issue 18: each is refused, or works, the same way through the API and the CLI."""

from __future__ import annotations

import copy
import json
import warnings
from pathlib import Path

import pytest

import kroniek
from kroniek import cli
from kroniek.errors import KroniekError

from test_score_cli import GOLD, GOLD2, TEXT  # the same two gold documents


def write(path: Path, docs, prefix: bytes = b"") -> Path:
    path.write_bytes(prefix + "".join(json.dumps(d, ensure_ascii=False) + "\n"
                                      for d in docs).encode("utf-8"))
    return path


def rename(d: dict, old: str, new: str) -> None:
    d[new] = d.pop(old)


def set_city(p):
    p[0]["entities"][1]["type"] = "CITY"


def self_relation(p):
    p[0]["relations"][0]["tail"] = "v2"


# (what is wrong, how to break a correct prediction, what the one line says)
TRAPS = [
    ("unknown entity type", set_city, "entities[1].type: unknown entity type 'CITY'"),
    ("entity key", lambda p: rename(p[0]["entities"][0], "type", "typ"),
     "entities[0].typ: unknown key; did you mean 'type'?"),
    ("event key", lambda p: rename(p[0]["events"][0], "arguments", "argumnets"),
     "events[0].argumnets: unknown key; did you mean 'arguments'?"),
    ("argument key", lambda p: rename(p[0]["events"][1]["arguments"][0], "role", "rol"),
     "events[1].arguments[0].rol: unknown key; did you mean 'role'?"),
    ("relation key", lambda p: rename(p[0]["relations"][0], "head", "haed"),
     "relations[0].haed: unknown key; did you mean 'head'?"),
    ("cluster key", lambda p: rename(p[0]["clusters"][0], "members", "member"),
     "clusters[0].member: unknown key; did you mean 'members'?"),
    ("self-relation", self_relation, "head and tail are the same event 'v2'"),
    ("missing document", lambda p: p.pop(), "document d2: gold document has no prediction"),
]


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([*map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("what, breaks, message", TRAPS, ids=[t[0] for t in TRAPS])
def test_api_and_cli_refuse_each_trap_with_the_same_one_line(tmp_path, capsys, what, breaks,
                                                             message):
    pred = [copy.deepcopy(GOLD), copy.deepcopy(GOLD2)]
    assert kroniek.score([GOLD, GOLD2], pred)["entities.strict"].f1 == 1.0
    breaks(pred)
    with pytest.raises(KroniekError) as api:
        kroniek.score([GOLD, GOLD2], pred)
    assert message in str(api.value)
    gold_file = write(tmp_path / "gold.jsonl", [GOLD, GOLD2])
    code, _, err = run_cli(capsys, "score", gold_file, write(tmp_path / "pred.jsonl", pred))
    assert code == 1 and len(err.splitlines()) == 1 and message in err
    assert "Traceback" not in err


def test_overlapping_gold_entities_are_refused_as_gold(tmp_path, capsys):
    gold = copy.deepcopy(GOLD)
    gold["entities"].append({"id": "e4", "start": 11, "end": 13, "text": "Mo", "type": "GPE",
                             "mention": "NAM"})
    with pytest.raises(KroniekError, match="'e2' \\(11-16\\) overlaps 'e4' \\(11-13\\)"):
        kroniek.score([gold], [GOLD])
    code, _, err = run_cli(capsys, "score", write(tmp_path / "g.jsonl", [gold]),
                           write(tmp_path / "p.jsonl", [GOLD]))
    assert code == 1 and "overlaps 'e4'" in err


def test_a_byte_order_mark_is_read_alike_by_score_show_load_and_predict(tmp_path, capsys):
    bom = b"\xef\xbb\xbf"
    gold = write(tmp_path / "gold.jsonl", [GOLD], prefix=bom)
    assert run_cli(capsys, "score", gold, gold, "--json")[0] == 0
    assert run_cli(capsys, "show", "--gold", gold, "--out", tmp_path / "p.html")[0] == 0
    assert kroniek.load(gold)[0]["id"] == "d1"
    assert kroniek.predict("floor.v1", gold)[0]["id"] == "d1"


def test_load_reads_the_librarys_own_jsonl_and_names_the_file_on_a_split(tmp_path):
    path = write(tmp_path / "gold.jsonl", [GOLD, GOLD2])
    assert [d["id"] for d in kroniek.load(path)] == ["d1", "d2"]
    with pytest.raises(KroniekError, match="gold.jsonl: a JSON Lines file has no splits"):
        kroniek.load(path, split="test")


def test_input_format_is_decided_by_content_not_suffix(tmp_path):
    lines = write(tmp_path / "articles.data", [{"id": "a", "text": "Het leger rukte op."},
                                               {"id": "b", "text": "Bagdad."}])
    assert [d["id"] for d in kroniek.predict("floor.v1", lines)] == ["a", "b"]
    plain = tmp_path / "article.jsonl"
    plain.write_text("Het leger rukte op naar Kirkuk.", encoding="utf-8")
    assert [d["id"] for d in kroniek.predict("floor.v1", plain)] == ["article"]


def test_predict_takes_a_bare_string_as_text():
    doc = kroniek.predict("floor.v1", "Het leger rukte op naar Kirkuk.")[0]
    assert doc["text"] == "Het leger rukte op naar Kirkuk."
    assert [e["text"] for e in doc["entities"]] == ["Kirkuk"]


def test_show_predictions_on_the_users_own_text(tmp_path, capsys):
    article = tmp_path / "mijn.txt"
    article.write_text("Het leger rukte op naar Kirkuk.", encoding="utf-8")
    pred = tmp_path / "mijn.jsonl"
    assert run_cli(capsys, "predict", "--system", "floor.v1", article, "-o", pred)[0] == 0
    code, page, err = run_cli(capsys, "show", "--predictions", pred, "--out", "-")
    assert code == 0, err
    assert "Kirkuk" in page and "mijn" in page


def test_report_prints_readably_and_help_explains_arguments_keys_and_errors():
    report = kroniek.score([GOLD, GOLD2], [GOLD, GOLD2])
    text = repr(report.arguments)
    assert "arguments.classification" in text and "object at 0x" not in text
    assert "coreference.conll" in repr(report) and "100.00" in repr(report)
    assert "tp=" in repr(report.coreference.muc) and report.coreference.muc.tp > 0
    doc = kroniek.score.__doc__
    for word in ("allow_missing", "tasks", "entities.strict", "per_type", "Raises",
                 "KroniekError", "argumnets"):
        assert word in doc, word
    assert kroniek.Report.from_dict(report.to_dict()) == report


def test_a_trained_system_refuses_what_it_learned_from_and_says_how_to_be_honest(small_dataset):
    train = kroniek.load(small_dataset, split="train")
    test = kroniek.load(small_dataset, split="test")
    with pytest.raises(KroniekError, match="learned from .* run 'kroniek evaluate'.*--train-only"):
        kroniek.predict("tokenclf.v1", train, dataset=small_dataset)
    assert [d["id"] for d in kroniek.predict("tokenclf.v1", test, dataset=small_dataset)] \
        == [d["id"] for d in test]
    renamed = [{"id": "x", "text": train[0]["text"]}]  # same text, other id
    for train_only in (False, True):  # train_only still learns from train
        with pytest.raises(KroniekError, match="learned from 1 of these document"):
            kroniek.predict("tokenclf.v1", renamed, dataset=small_dataset, train_only=train_only)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        kroniek.predict("tokenclf.v1", renamed, dataset=small_dataset, allow_learned=True)
    assert any("allow_learned" in str(w.message) for w in caught)
    described = {s["id"]: s for s in kroniek.systems()}["tokenclf.v1"]
    assert described["learned_from"] == ["train", "validation (tuning)"]


def test_a_partial_evaluate_merges_and_older_revisions_turn_stale(tmp_path, small_dataset):
    from kroniek import leaderboard
    from kroniek.evaluate import evaluate, leaderboard_records

    results = tmp_path / "results"
    first = evaluate(["floor.v1", "gazetteer.v1"], dataset=small_dataset, splits=("test",),
                     results=results, n_resamples=20, plots=False, progress=lambda m: None)
    revision = first[0]["dataset"]["revision"]
    old = results / "floor" / "v1" / revision  # floor.v1 was scored on an older revision
    record = json.loads((old / "test.json").read_text(encoding="utf-8"))
    record["dataset"]["revision"] = "0ldrevision0"
    (old / "test.json").write_text(json.dumps(record), encoding="utf-8")
    old.rename(old.with_name("0ldrevision0"))
    evaluate(["gazetteer.v1"], dataset=small_dataset, splits=("test",), results=results,
             n_resamples=20, plots=False, progress=lambda m: None)
    rows = leaderboard_records(results, revision=revision)
    assert [(r["id"], bool(r.get("stale"))) for r in rows] == [("gazetteer.v1", False),
                                                                ("floor.v1", True)]
    text = leaderboard.markdown(rows, results=results)
    assert "| floor.v1 (stale: dataset revision 0ldrevision0) |" in text
    assert "| gazetteer.v1 |" in text and "Rows marked stale" in text


def test_a_nested_trigger_that_cuts_a_word_is_refused_by_validate_as_by_build(small, small_tasks):
    from kroniek.build import build
    from kroniek.validate import check_export, check_tokens

    seeds = {p.stem: p.read_text(encoding="utf-8") for p in (small / "seeds").glob("*.txt")}
    result = small_tasks[0]["annotations"][0]["result"]
    trigger = next(r for r in result if r["from_name"] == "event")
    nested = copy.deepcopy(trigger)
    start = trigger["value"]["start"]
    nested["id"] = "nested1"
    nested["value"].update(end=start + 2, text=seeds_text(small_tasks)[start:start + 2])
    result.append(nested)
    for choice in [r for r in result if r.get("id") == trigger["id"] and r is not trigger]:
        result.append({**copy.deepcopy(choice), "id": "nested1"})  # its realis
    assert check_export(small_tasks, file="export.json", seeds=seeds) == []
    problems = check_tokens(small_tasks, file="export.json")  # what validate and pull run
    assert any("does not start and end on token boundaries" in str(p) for p in problems)
    export = small / "annotations" / "export.json"
    export.write_text(json.dumps(small_tasks), encoding="utf-8")
    with pytest.raises(KroniekError, match="token boundaries"):
        build(annotations=small / "annotations", seeds=small / "seeds", output=small / "out",
              progress=lambda m: None)


def seeds_text(tasks):
    return tasks[0]["data"]["text"]


def test_kroniek_predict_refuses_learned_articles_in_one_line_and_allows_on_request(
        small_dataset, tmp_path, capsys):
    train = kroniek.load(small_dataset, split="train")
    articles = write(tmp_path / "train.jsonl", [{"id": d["id"], "text": d["text"]} for d in train])
    code, out, err = run_cli(capsys, "predict", "--system", "tokenclf.v1", articles,
                             "--dataset", small_dataset)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "learned from" in err and "kroniek evaluate" in err and "--train-only" in err
    code, out, err = run_cli(capsys, "predict", "--system", "tokenclf.v1", articles,
                             "--dataset", small_dataset, "--allow-learned")
    assert code == 0 and "warning: predicting anyway" in err
    assert [json.loads(line)["id"] for line in out.splitlines()] == [d["id"] for d in train]


def test_a_partial_evaluate_keeps_the_other_systems_in_the_comparisons(tmp_path, small_dataset):
    from kroniek.evaluate import evaluate, read_comparisons

    results = tmp_path / "results"
    quiet = dict(dataset=small_dataset, splits=("test",), results=results, n_resamples=20,
                 plots=False, progress=lambda m: None)
    first = evaluate(["floor.v1", "gazetteer.v1", "lexicon.v1"], **quiet)
    revision = first[0]["dataset"]["revision"]
    full = read_comparisons(results, revision=revision, split="test")
    evaluate(["gazetteer.v1", "lexicon.v1"], **quiet)
    assert read_comparisons(results, revision=revision, split="test") == full
    assert any("floor.v1" in (row["a"], row["b"]) for row in full)
