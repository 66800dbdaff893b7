"""Streamed scoring is the one-pass scoring, bit for bit, in any batch size and file order.

`kroniek score` reads the files document by document (kroniek/pairs.py) and adds up
counts batch by batch (kroniek/metrics/scorer.py); these tests hold it to
:func:`kroniek.metrics.score` and :func:`~kroniek.metrics.bootstrap.bootstrap_ci` on the
whole corpus, with every layer present.
"""

from __future__ import annotations

import json

import pytest

from kroniek import cli
from kroniek.metrics import RESAMPLABLE, Scorer, score
from kroniek.metrics.bootstrap import bootstrap_ci
from scripts.bench.full_corpus import documents, write_files


@pytest.fixture(scope="module")
def corpus():
    pairs = list(documents(60, seed=5, n_words=120))
    return [g for g, _ in pairs], [p for _, p in pairs]


@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_stream_equals_one_pass_in_any_batch_size(corpus, batch):
    gold, pred = corpus
    stream = Scorer(resample=list(RESAMPLABLE))
    for i in range(0, len(gold), batch):
        stream.add(gold[i:i + batch], pred[i:i + batch])
    assert stream.report() == score(gold, pred)
    assert json.dumps(stream.report().to_dict(), sort_keys=True) == json.dumps(
        score(gold, pred).to_dict(), sort_keys=True)
    assert stream.intervals(30, seed=4) == bootstrap_ci(gold, pred, metric=list(RESAMPLABLE),
                                                        n_resamples=30, seed=4)


def test_stream_of_nothing_equals_score_of_nothing():
    assert Scorer().report() == score([], [])


def _score(capsys, *argv) -> dict:
    code = cli.main(["score", *map(str, argv), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_cli_scores_in_file_order_or_shuffled_alike(tmp_path, capsys, monkeypatch):
    from kroniek import pairs

    monkeypatch.setattr(pairs, "BATCH_DOCUMENTS", 9)  # several batches on a small corpus
    gold, pred = write_files(tmp_path / "ordered", 40, seed=2)
    _, shuffled = write_files(tmp_path / "shuffled", 40, seed=2, shuffle=True)
    assert pred.read_bytes() != shuffled.read_bytes()
    from kroniek.documents import read_jsonl

    expected = score(read_jsonl(gold), read_jsonl(pred)).to_dict()
    assert _score(capsys, gold, pred) == expected
    assert _score(capsys, gold, shuffled) == expected


def test_missing_and_extra_predictions_are_found_in_either_order(tmp_path, capsys):
    gold, pred = write_files(tmp_path, 6, seed=1)
    lines = pred.read_bytes().splitlines(keepends=True)
    extra = b'{"id": "nowhere"}\n'
    pred.write_bytes(lines[0] + lines[2] + extra + lines[3] + lines[4] + lines[5] + lines[0])
    code = cli.main(["score", str(gold), str(pred)])
    err = capsys.readouterr().err
    assert code == 1 and len(err.splitlines()) == 1
    assert "line 3: document nowhere: document is not in the gold file (and 2 more problems)" \
        in err
    code = cli.main(["score", str(gold), str(pred), "--allow-missing"])
    err = capsys.readouterr().err
    assert code == 1 and "(and 1 more problem)" in err  # the extra one and the twice one


def test_dataset_folder_as_gold(small_dataset, tmp_path, capsys):
    """A split of a built dataset scores like the same documents as JSON Lines."""
    from kroniek.pairs import dataset_lines

    docs = [line.doc for line in dataset_lines(small_dataset, "train")]
    assert docs and all(isinstance(d["entities"], list) for d in docs)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs),
                    encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps({k: v for k, v in d.items() if k != "text"},
                                       ensure_ascii=False) + "\n" for d in docs),
                    encoding="utf-8")
    from_folder = _score(capsys, small_dataset, pred, "--split", "train")
    assert from_folder == _score(capsys, gold, pred)
    assert from_folder["entities"]["strict"]["f1"] == 1.0
    code = cli.main(["score", str(small_dataset), str(pred), "--split", "nope"])
    err = capsys.readouterr().err
    assert code == 1 and "no split 'nope' in this dataset folder (it has: " in err
