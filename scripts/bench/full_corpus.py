"""Seeded gold and predicted documents with every layer: entities, events with arguments,
event relations and coreference clusters, valid by :mod:`kroniek.predictions`' rules.

Used to check that streamed scoring equals one-pass scoring, and to measure
``kroniek score``'s peak memory on files of hundreds of megabytes. Predictions keep most
gold items, change some types, shift some boundaries, drop some and add spurious ones;
their clusters are a fresh grouping of the predicted mentions. The same seed gives the
same documents; :func:`write_files` writes them as JSON Lines without holding them all.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Iterator

from kroniek import schema

WORDS = ("de", "het", "leger", "viel", "aan", "in", "Mosul", "regering", "zei", "dat",
         "troepen", "trokken", "zich", "terug", "uit", "stad", "na", "gevechten", "IS")


def _text(rng: random.Random, n_words: int) -> tuple[str, list[tuple[int, int]]]:
    words, spans, at = [], [], 0
    for i in range(n_words):
        word = rng.choice(WORDS)
        if i and i % 15 == 0:
            words.append(". ")
            at += 2
        elif i:
            words.append(" ")
            at += 1
        words.append(word)
        spans.append((at, at + len(word)))
        at += len(word)
    return "".join(words) + ".", spans


def _regions(rng, tokens, share, kinds, prefix):
    out, k = [], 0
    while k < len(tokens):
        if rng.random() < share:
            length = min(rng.choice((1, 1, 2, 3)), len(tokens) - k)
            out.append({"id": f"{prefix}{len(out)}", "start": tokens[k][0],
                        "end": tokens[k + length - 1][1], "type": rng.choice(kinds)})
            k += length + 1
        else:
            k += 1
    return out


def _clusters(rng, ids, prefix):
    ids = list(ids)
    rng.shuffle(ids)
    out = []
    while len(ids) >= 2 and rng.random() < 0.8:
        size = min(len(ids), rng.choice((2, 2, 3, 4)))
        out.append({"id": f"{prefix}{len(out)}", "members": ids[:size]})
        ids = ids[size:]
    return out


def _layers(rng, text, tokens, entities, events, with_text: bool) -> dict:
    for region in entities:
        region["mention"] = rng.choice(schema.MENTION_LEVELS)
    for region in events:
        region["realis"] = rng.choice(schema.REALIS)
        picks = rng.sample(entities, min(len(entities), rng.choice((0, 1, 2))))
        region["arguments"] = [{"entity_id": e["id"], "role": rng.choice(schema.ARGUMENT_ROLES)}
                               for e in picks]
    if with_text:
        for region in entities + events:
            region["text"] = text[region["start"]:region["end"]]
    relations = []
    for i in range(len(events) // 3):
        head, tail = rng.sample(events, 2) if len(events) >= 2 else (None, None)
        if head is not None:
            relations.append({"id": f"r{i}", "head": head["id"], "tail": tail["id"],
                              "type": rng.choice(schema.EVENT_RELATIONS)})
    return {"entities": entities, "events": events, "relations": relations,
            "clusters": _clusters(rng, [e["id"] for e in entities], "ce")
            + _clusters(rng, [e["id"] for e in events], "cv")}


def _perturb(rng, regions, tokens, kinds):
    out, used = [], set()
    for region in regions:
        r = rng.random()
        if r < 0.12:
            continue
        region = {k: v for k, v in region.items() if k in ("id", "start", "end", "type")}
        if r < 0.20:
            region["type"] = rng.choice(kinds)
        elif r < 0.28:
            s, e = region["start"], region["end"]
            bounds = [t for t in tokens if t[0] < e and t[1] > s]
            region["end"] = bounds[0][1] if len(bounds) > 1 else e
            region["start"] = s if region["end"] > s else s
        if (region["start"], region["end"]) in used:
            continue
        used.add((region["start"], region["end"]))
        out.append(region)
    for i in range(max(1, len(regions) // 20)):
        t = rng.choice(tokens)
        if t not in used:
            used.add(t)
            out.append({"id": f"x{kinds[0][:1]}{i}", "start": t[0], "end": t[1],
                        "type": rng.choice(kinds)})
    return out


def pair(k: int, rng: random.Random, n_words: int = 300) -> tuple[dict, dict]:
    """Gold document ``k`` and its prediction."""
    text, tokens = _text(rng, n_words)
    ents = _regions(rng, tokens, 0.08, schema.ENTITY_TYPES, "e")
    evs = _regions(rng, tokens, 0.04, schema.EVENT_TYPES, "v")
    gold = {"id": f"doc{k:07d}", "text": text, "language": "nl",
            **_layers(rng, text, tokens, ents, evs, True)}
    p_ents = _perturb(rng, ents, tokens, schema.ENTITY_TYPES)
    p_evs = _perturb(rng, evs, tokens, schema.EVENT_TYPES)
    pred = {"id": gold["id"], **_layers(rng, text, tokens, p_ents, p_evs, False)}
    return gold, pred


def documents(n_docs: int, *, seed: int = 0, n_words: int = 300) -> Iterator[tuple[dict, dict]]:
    """``n_docs`` (gold, prediction) pairs, one at a time."""
    rng = random.Random(seed)
    for k in range(n_docs):
        yield pair(k, rng, n_words)


def write_files(folder: Path, n_docs: int, *, seed: int = 0, shuffle: bool = False
                ) -> tuple[Path, Path]:
    """gold.jsonl and pred.jsonl of ``n_docs`` documents; ``shuffle`` writes the
    predictions in another order than the gold (read then through an index)."""
    folder.mkdir(parents=True, exist_ok=True)
    gold_path, pred_path = folder / "gold.jsonl", folder / "pred.jsonl"
    with gold_path.open("w", encoding="utf-8") as g, pred_path.open("w", encoding="utf-8") as p:
        held = []
        for gold, pred in documents(n_docs, seed=seed):
            g.write(json.dumps(gold, ensure_ascii=False) + "\n")
            line = json.dumps(pred, ensure_ascii=False) + "\n"
            if shuffle:
                held.append(line)
                if len(held) >= 64:
                    random.Random(len(held)).shuffle(held)
                    p.writelines(reversed(held))
                    held = []
            else:
                p.write(line)
        p.writelines(reversed(held))
    return gold_path, pred_path
