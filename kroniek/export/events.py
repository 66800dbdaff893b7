"""Event-extraction frameworks' formats: TextEE's unified instances and MAVEN-ERE's
documents.

TextEE: one JSON object per sentence (``doc_id``, ``wnd_id``, ``text``, ``lang``,
``tokens``, ``entity_mentions`` and ``event_mentions`` with token offsets, end
exclusive). Kroniek's arguments always lie in their trigger's sentence (guidelines 3.2),
so sentence windows keep every argument.

MAVEN-ERE: one JSON object per document (``id``, ``title``, ``tokens`` and ``sentences``
per sentence, ``events`` as coreference clusters of trigger mentions with ``sent_id`` and
token ``offset``, ``TIMEX`` for TIME entities, ``temporal_relations`` (BEFORE, OVERLAP,
CONTAINS, SIMULTANEOUS, BEGINS-ON, ENDS-ON), ``causal_relations`` (CAUSE, PRECONDITION)
and ``subevent_relations``), relations between events, not mentions.
"""

from __future__ import annotations

import json
from typing import Sequence

from ..documents import Document
from .tokens import token_view

TEMPORAL = {"BEFORE": "BEFORE", "OVERLAP": "OVERLAP", "CONTAINS": "CONTAINS",
            "SIMULTANEOUS": "SIMULTANEOUS", "BEGINS_ON": "BEGINS-ON", "ENDS_ON": "ENDS-ON"}
CAUSAL = {"CAUSE": "CAUSE", "PRECONDITION": "PRECONDITION"}


def _lines(objects) -> bytes:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects).encode("utf-8")


def textee_write(docs: Sequence[Document]) -> dict[str, bytes]:
    out = []
    for doc in docs:
        view = token_view(doc)
        words = view.words()
        entities = {e["id"]: e for e in doc["entities"]}
        for s, sent in enumerate(view.sentences):
            base = view.first_token[s]

            def local(span):
                first, stop = view.token_span(span["start"], span["end"])
                return first - base, stop - base

            def inside(span):
                return view.sentence_of(span["start"]) == s

            ents = []
            for e in doc["entities"]:
                if inside(e):
                    start, end = local(e)
                    ents.append({"id": e["id"], "text": e["text"], "entity_type": e["type"],
                                 "mention_type": e["mention"], "start": start, "end": end})
            evs = []
            for v in doc["events"]:
                if not inside(v):
                    continue
                start, end = local(v)
                args = []
                for a in v["arguments"]:
                    ent = entities[a["entity_id"]]
                    a_start, a_end = local(ent)
                    args.append({"entity_id": ent["id"], "role": a["role"], "text": ent["text"],
                                 "start": a_start, "end": a_end})
                evs.append({"id": v["id"], "event_type": v["type"], "realis": v["realis"],
                            "trigger": {"text": v["text"], "start": start, "end": end},
                            "arguments": args})
            out.append({"doc_id": doc["id"], "wnd_id": f"{doc['id']}-{s}",
                        "text": doc["text"][sent.start:sent.end], "lang": "nl",
                        "tokens": words[base:base + len(sent.tokens)],
                        "entity_mentions": ents, "event_mentions": evs})
    return {"{split}.textee.jsonl": _lines(out)}


def textee_read(files: dict[str, bytes], texts: Sequence[Document]) -> list[Document]:
    """Entities, triggers and arguments back on the original documents' offsets."""
    instances = [json.loads(line) for line in next(iter(files.values())).decode().splitlines()]
    docs = []
    for doc in texts:
        view = token_view(doc)
        ents, evs = [], []
        for inst in (i for i in instances if i["doc_id"] == doc["id"]):
            base = view.first_token[int(inst["wnd_id"].rsplit("-", 1)[1])]
            for e in inst["entity_mentions"]:
                start, end = view.char_span(base + e["start"], base + e["end"])
                ents.append({"id": e["id"], "start": start, "end": end, "type": e["entity_type"],
                             "mention": e["mention_type"]})
            for v in inst["event_mentions"]:
                start, end = view.char_span(base + v["trigger"]["start"], base + v["trigger"]["end"])
                evs.append({"id": v["id"], "start": start, "end": end, "type": v["event_type"],
                            "realis": v["realis"],
                            "arguments": [{"entity_id": a["entity_id"], "role": a["role"]}
                                          for a in v["arguments"]]})
        docs.append({"id": doc["id"], "entities": ents, "events": evs})
    return docs


def maven_write(docs: Sequence[Document]) -> dict[str, bytes]:
    out = []
    for doc in docs:
        view = token_view(doc)
        words = view.words()
        cluster_of = {}
        for c in doc["clusters"]:
            for m in c["members"]:
                cluster_of[m] = c["id"]
        events: dict[str, dict] = {}
        event_of = {}
        for v in doc["events"]:
            key = cluster_of.get(v["id"], v["id"])
            event = events.setdefault(key, {"id": f"EVENT_{len(events)}", "type": v["type"],
                                            "mention": []})
            first, stop = view.token_span(v["start"], v["end"])
            s = view.sentence_of(v["start"])
            event["mention"].append({"id": v["id"], "trigger_word": v["text"], "sent_id": s,
                                     "offset": [first - view.first_token[s], stop - view.first_token[s]]})
            event_of[v["id"]] = event["id"]
        timex = []
        for e in doc["entities"]:
            if e["type"] == "TIME":
                first, stop = view.token_span(e["start"], e["end"])
                s = view.sentence_of(e["start"])
                timex.append({"id": e["id"], "mention": e["text"], "type": "TIME", "sent_id": s,
                              "offset": [first - view.first_token[s], stop - view.first_token[s]]})
        temporal = {name: [] for name in TEMPORAL.values()}
        causal = {name: [] for name in CAUSAL.values()}
        subevent = []
        for r in doc["relations"]:
            pair = [event_of[r["head"]], event_of[r["tail"]]]
            bucket = (temporal[TEMPORAL[r["type"]]] if r["type"] in TEMPORAL
                      else causal[CAUSAL[r["type"]]] if r["type"] in CAUSAL else subevent)
            if pair not in bucket:
                bucket.append(pair)
        out.append({"id": doc["id"], "title": doc["text"][:view.sentences[0].end].strip(),
                    "tokens": [words[view.first_token[s]:view.first_token[s] + len(sent.tokens)]
                               for s, sent in enumerate(view.sentences)],
                    "sentences": [doc["text"][sent.start:sent.end] for sent in view.sentences],
                    "events": list(events.values()), "TIMEX": timex,
                    "temporal_relations": temporal, "causal_relations": causal,
                    "subevent_relations": subevent})
    return {"{split}.maven-ere.jsonl": _lines(out)}


def maven_read(files: dict[str, bytes], texts: Sequence[Document]) -> list[Document]:
    """Events (as clusters of trigger spans) and relations between them."""
    objects = {o["id"]: o for o in map(json.loads, next(iter(files.values())).decode().splitlines())}
    docs = []
    for doc in texts:
        view = token_view(doc)
        obj = objects[doc["id"]]
        spans = {}
        for event in obj["events"]:
            spans[event["id"]] = sorted(
                (*view.char_span(view.first_token[m["sent_id"]] + m["offset"][0],
                                 view.first_token[m["sent_id"]] + m["offset"][1]), event["type"])
                for m in event["mention"])
        relations = []
        names = {**{v: k for k, v in TEMPORAL.items()}, **{v: k for k, v in CAUSAL.items()}}
        for family in ("temporal_relations", "causal_relations"):
            for name, pairs in obj[family].items():
                relations += [(a, b, names[name]) for a, b in pairs]
        relations += [(a, b, "SUBEVENT") for a, b in obj["subevent_relations"]]
        docs.append({"id": doc["id"], "events": spans, "relations": relations})
    return docs
