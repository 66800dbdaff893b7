"""Bad inputs for ``kroniek score`` (gold and prediction files) and the export faults that
need an article of their own, made on the fly (nothing committed: some are large or
deliberately broken beyond what a fixture file should hold).

Each ``SCORE_FAULTS`` entry gives the files' bytes and what the one line on stderr must
contain; ``SCORE_ALLOWED`` are odd but valid and must score; ``EXPORT_FAULTS`` are Label
Studio exports with the seed article they are checked against. tests/test_score_faults.py
runs every case; these are the cases of issue 15 (a fault test's 60 inputs that ended in a
traceback, a wrong position or a silent score).
"""

from __future__ import annotations

import codecs
import copy
import json
from typing import Callable

TEXT = "IS verloor Mosul. Het leger viel aan."
GOLD = {
    "id": "d1", "text": TEXT, "language": "nl",
    "entities": [
        {"id": "e1", "start": 0, "end": 2, "text": "IS", "type": "ORG", "mention": "NAM"},
        {"id": "e2", "start": 11, "end": 16, "text": "Mosul", "type": "GPE", "mention": "NAM"},
        {"id": "e3", "start": 18, "end": 27, "text": "Het leger", "type": "ORG", "mention": "NOM"}],
    "events": [
        {"id": "v1", "start": 3, "end": 10, "text": "verloor", "type": "TERRITORY_CHANGE",
         "realis": "ACTUAL", "arguments": [{"entity_id": "e1", "role": "AGENT"}]},
        {"id": "v2", "start": 28, "end": 32, "text": "viel", "type": "ATTACK",
         "realis": "ACTUAL", "arguments": [{"entity_id": "e3", "role": "AGENT"}]}],
    "relations": [{"id": "r1", "head": "v2", "tail": "v1", "type": "CAUSE"}],
    "clusters": [{"id": "c1", "members": ["e1", "e3"]}],
}


def line(doc) -> bytes:
    return (json.dumps(doc, ensure_ascii=False) + "\n").encode("utf-8")


def gold_bytes() -> bytes:
    return line(GOLD)


def prediction() -> dict:
    pred = copy.deepcopy(GOLD)
    del pred["text"]
    return pred


def changed(change: Callable[[dict], None]) -> bytes:
    pred = prediction()
    change(pred)
    return line(pred)


def deep(levels: int) -> bytes:
    return b'{"id": "d1", "entities": ' + b"[" * levels + b"]" * levels + b"}\n"


def far_bad_byte() -> bytes:
    """A bad byte at offset 100,825 of the file, on line 2 (past any read buffer)."""
    first = line({**prediction(), "language": "n" * 50_000})
    start = b'{"id": "d2", "language": "'
    return first + start + b"b" * (100_825 - len(first) - len(start)) + b'\xff"}\n'


def two_clusters_by_offsets(pred: dict) -> None:
    """e4 has e1's offsets: the same mention in clusters c1 and c2."""
    pred["entities"].append({"id": "e4", "start": 0, "end": 2, "type": "ORG"})
    pred["clusters"].append({"id": "c2", "members": ["e4", "e2"]})


def _set(path: list, value) -> Callable[[dict], None]:
    def change(pred: dict) -> None:
        node = pred
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change


# name -> (gold bytes, prediction bytes, which file the line names ("gold"/"pred"),
#          phrases the line must contain)
SCORE_FAULTS: dict[str, tuple[bytes, bytes, str, list[str]]] = {
    "list_as_entity_id": (gold_bytes(), changed(_set(["events", 0, "arguments", 0, "entity_id"],
                                                     ["e1"])),
                          "pred", ["line 1", "document d1", "events[0].arguments[0].entity_id",
                                   "a list is not an entity"]),
    "list_as_head": (gold_bytes(), changed(_set(["relations", 0, "head"], ["v2"])), "pred",
                     ["region r1", "relations[0].head", "head a list"]),
    "list_as_cluster_member": (gold_bytes(), changed(_set(["clusters", 0, "members", 0], ["e1"])),
                               "pred", ["region c1", "clusters[0].members",
                                        "must be ids (strings), one is a list"]),
    "object_as_member_list": (gold_bytes(), changed(_set(["clusters", 0, "members"], {"a": 1})),
                              "pred", ["clusters[0].members: must be a list", "an object"]),
    "nested_200000_deep": (gold_bytes(), deep(200_000), "pred",
                           ["line 1", "nested too deeply"]),
    "number_as_gold_text": (line({**GOLD, "text": 42}), line(prediction()), "gold",
                            ["document d1", "field text: must be a string, is 42"]),
    "number_as_region_text": (gold_bytes(), changed(_set(["entities", 0, "text"], 7)), "pred",
                              ["entities[0].text", "7 differs from the text at 0-2"]),
    "string_as_offset": (gold_bytes(), changed(_set(["entities", 1, "start"], "11")), "pred",
                         ["entities[1].start", "start is '11'"]),
    "huge_offset": (gold_bytes(), changed(_set(["entities", 1, "end"], 10 ** 30)), "pred",
                    ["entities[1].start", "not a span of the text"]),
    "object_as_entities": (gold_bytes(), changed(_set(["entities"], {"e1": {}})), "pred",
                           ["field entities: must be a list, is an object"]),
    "list_as_language": (gold_bytes(), changed(_set(["language"], ["nl"])), "pred",
                         ["field language: must be a string, is a list"]),
    "list_as_type": (gold_bytes(), changed(_set(["events", 0, "type"], ["ATTACK"])), "pred",
                     ["events[0].type: unknown event type a list"]),
    "number_as_document_id": (gold_bytes(), line({"id": 1}), "pred",
                              ["line 1", "field id", "is a number"]),
    "list_line": (gold_bytes(), b'[{"id": "d1"}]\n', "pred",
                  ["line 1", "expected a JSON object (a document), found a list"]),
    "misspelled_list_key": (gold_bytes(), line({"id": "d1", "entites": GOLD["entities"]}),
                            "pred", ["field 'entites': unknown key; did you mean 'entities'?"]),
    "unknown_key": (gold_bytes(), changed(_set(["score"], 0.9)), "pred",
                    ["field 'score': unknown key; did you mean"]),
    "mention_in_two_clusters_by_offsets": (gold_bytes(), changed(two_clusters_by_offsets),
                                           "pred", ["region c2", "member 'e4' has the offsets "
                                                    "0-2 of 'e1', which is in cluster c1"]),
    "bad_byte_far_in": (gold_bytes(), far_bad_byte(), "pred",
                        ["line 2", "not UTF-8: byte 0xff at byte offset 100825"]),
    "control_characters_in_id": (gold_bytes(), line({"id": "d\x1b[2J\x00x"}), "pred",
                                 ["document d\\x1b[2J\\x00x", "not in the gold file"]),
}

SCORE_ALLOWED: dict[str, tuple[bytes, bytes]] = {
    "id_only_line": (gold_bytes(), line({"id": "d1"})),
    "byte_order_mark_in_both": (codecs.BOM_UTF8 + gold_bytes(), codecs.BOM_UTF8 + line(prediction())),
}

# --- exports that need their own article -------------------------------------------------

ARTICLE = "Trump \U0001F600 zei dat de VS zich terugtrekken."


def utf16_region_without_text() -> tuple[str, bytes]:
    """A region without text whose offsets count the emoji as two (older front ends): as
    characters they would give ' V', as UTF-16 code units they give 'VS'."""
    at = ARTICLE.index("VS") + 1  # one more, for the emoji's second code unit
    result = [{"id": "r1", "from_name": "entity", "to_name": "text", "type": "labels",
               "value": {"start": at, "end": at + 2, "labels": ["GPE"]}},
              {"id": "r1", "from_name": "mention", "to_name": "text", "type": "choices",
               "value": {"start": at, "end": at + 2, "choices": ["NAM"]}}]
    return ARTICLE, _export(ARTICLE, result)


def deeply_nested_region() -> tuple[str, bytes]:
    """A region's labels nested 200,000 levels deep."""
    text = ARTICLE
    body = _export(text, [{"id": "r1", "from_name": "entity", "to_name": "text",
                           "type": "labels", "value": {"start": 0, "end": 5, "labels": "X"}}])
    return text, body.replace(b'"labels": "X"', b'"labels": ' + b"[" * 200_000 + b"]" * 200_000)


def _export(text: str, result: list) -> bytes:
    task = {"id": 1, "data": {"text": text, "document_id": "doc_e"},
            "annotations": [{"id": 11, "ground_truth": True, "result": result}]}
    return json.dumps([task], ensure_ascii=False).encode("utf-8")


# name -> (maker of (article, export bytes), phrases the problem line must contain)
EXPORT_FAULTS: dict[str, tuple[Callable[[], tuple[str, bytes]], list[str]]] = {
    "utf16_region_without_text": (utf16_region_without_text, [
        "document doc_e", "region r1", "fit only if counted in UTF-16 code units",
        "U+1F600", "As UTF-16 they give 'VS'"]),
    "deeply_nested_region": (deeply_nested_region, ["nested more than", "task 1"]),
}
