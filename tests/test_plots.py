"""Plots: the confusion counts on a hand-made case, valid PNGs, identical bytes per run."""

from __future__ import annotations

import struct
import zlib

import pytest

from kroniek.errors import KroniekError
from kroniek.plots import (LABELS, bar_note, confusion_matrix_png, entity_confusion,
                           entity_pairs, per_type_f1_png)


def ent(start, end, type_):
    return {"id": f"{type_}{start}", "start": start, "end": end, "text": "x" * (end - start),
            "type": type_, "mention": "NAM"}


# Two documents. d1: PER right, ORG predicted as GPE, a LOC missed, a GPE false alarm, a
# TIME predicted with the wrong boundary (a miss and a false alarm, not a confusion).
# d2 has no prediction at all: both of its gold spans are misses.
GOLD = [
    {"id": "d1", "entities": [ent(0, 4, "PER"), ent(10, 14, "ORG"), ent(20, 25, "LOC"),
                              ent(40, 48, "TIME")]},
    {"id": "d2", "entities": [ent(0, 3, "PER"), ent(5, 9, "GPE")]},
]
PRED = [
    {"id": "d1", "entities": [ent(0, 4, "PER"), ent(10, 14, "GPE"), ent(30, 35, "GPE"),
                              ent(40, 46, "TIME")]},
]


def cell(matrix, gold, pred):
    return int(matrix[LABELS.index(gold), LABELS.index(pred)])


def test_confusion_counts_on_a_hand_case():
    matrix = entity_confusion(GOLD, PRED)
    assert matrix.shape == (len(LABELS), len(LABELS))
    assert cell(matrix, "PER", "PER") == 1
    assert cell(matrix, "ORG", "GPE") == 1
    assert cell(matrix, "LOC", "O") == 1
    assert cell(matrix, "TIME", "O") == 1
    assert cell(matrix, "O", "TIME") == 1
    assert cell(matrix, "O", "GPE") == 1
    assert cell(matrix, "PER", "O") == 1  # d2
    assert cell(matrix, "GPE", "O") == 1  # d2
    # every gold span is one row entry, every predicted span one column entry
    assert matrix[:-1].sum() == sum(len(d["entities"]) for d in GOLD)
    assert matrix[:, :-1].sum() == sum(len(d["entities"]) for d in PRED)
    assert matrix.sum() == 8  # the eight pairs listed above


def test_a_correct_prediction_is_not_hidden_by_a_duplicate_of_another_type():
    gold = [{"id": "d", "entities": [ent(0, 4, "ORG")]}]
    pred = [{"id": "d", "entities": [ent(0, 4, "PER"), ent(0, 4, "ORG")]}]
    assert sorted(entity_pairs(gold, pred)) == [("O", "PER"), ("ORG", "ORG")]


def test_prediction_for_an_unknown_document_is_an_error():
    with pytest.raises(KroniekError, match="d9"):
        entity_pairs(GOLD, [{"id": "d9", "entities": []}])


def png_chunks(data: bytes) -> list[bytes]:
    """Chunk types of a PNG, checking the signature and every chunk's CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    kinds, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert zlib.crc32(kind + body) == crc
        kinds.append(kind)
        at += 12 + length
    return kinds


def test_confusion_matrix_png_is_a_valid_png_with_identical_bytes_each_time(tmp_path):
    first = confusion_matrix_png(GOLD, PRED, tmp_path / "a.png", title="entities")
    second = confusion_matrix_png(GOLD, PRED, tmp_path / "sub" / "b.png", title="entities")
    data = first.read_bytes()
    kinds = png_chunks(data)
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"IDAT" in kinds
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (640, 560)
    assert data == second.read_bytes()
    assert b"Software" not in data and b"matplotlib" not in data


def test_per_type_f1_png_is_valid_deterministic_and_depends_on_the_scores(tmp_path):
    from kroniek.metrics import Counts, Score

    per_type = {"PER": Score.of(Counts(1, 1, 2)), "GPE": Score.of(Counts(0, 0, 1)),
                "ORG": Score.of(Counts(2, 4, 4))}
    a = per_type_f1_png(per_type, tmp_path / "a.png", title="entities").read_bytes()
    b = per_type_f1_png(per_type, tmp_path / "b.png", title="entities").read_bytes()
    png_chunks(a)
    assert a == b
    changed = dict(per_type, GPE=Score.of(Counts(1, 1, 1)))
    c = per_type_f1_png(changed, tmp_path / "c.png", title="entities").read_bytes()
    assert c != a


def test_per_type_bars_show_the_gold_count_of_the_real_scores():
    from kroniek.metrics import score

    gold = [{**doc, "text": "x" * 60, "events": [], "relations": [], "clusters": []} for doc in GOLD]
    per_type = score(gold, PRED, tasks=["entities"], allow_missing=True)["entities.strict"].per_type
    assert bar_note(per_type["PER"]) == "0.67  (n=2)"
    assert bar_note(per_type["LOC"]) == "0.00  (n=1)"
