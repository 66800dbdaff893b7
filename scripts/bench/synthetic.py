"""Seeded synthetic data for the benchmark: span documents, relation documents, exports.

Nothing here is real annotation; it has the shape and the proportions of real data so
that every tool under test does the work it would do on it:

- :func:`span_corpus`: token sequences with flat, BIO-valid gold entities (about 10% of
  tokens inside an entity, nine types) and predictions derived from them with wrong types,
  shifted boundaries, misses and spurious spans;
- :func:`relation_corpus`: documents with event triggers and labelled event pairs, at
  MAVEN-ERE's scale (about 1.2 million pairs over 4,480 documents);
- :func:`labelstudio_export`: Label Studio tasks in our labeling config's shape (entity
  and event regions with their mention / realis choices, and relations), with the seed
  articles they must match, so that ``kroniek.validate`` accepts them.

The same ``seed`` always gives the same data.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from kroniek import schema

TYPES = schema.ENTITY_TYPES


@dataclass
class SpanCorpus:
    """Gold and predicted spans over token documents, in every peer's input format."""

    lengths: list[int]                      # tokens per document
    gold: list[list[tuple[int, int, str]]]  # per document: (start, end exclusive, type), tokens
    pred: list[list[tuple[int, int, str]]]

    @property
    def n_tokens(self) -> int:
        return sum(self.lengths)

    def tags(self, side: str) -> list[list[str]]:
        """IOB2 tag sequences, one per document (seqeval's input)."""
        out = []
        for n, spans in zip(self.lengths, getattr(self, side)):
            tags = ["O"] * n
            for start, end, label in spans:
                tags[start] = "B-" + label
                for k in range(start + 1, end):
                    tags[k] = "I-" + label
            out.append(tags)
        return out

    def dicts(self, side: str) -> list[list[dict]]:
        """nervaluate's dict format (token offsets, end inclusive)."""
        return [[{"label": label, "start": start, "end": end - 1} for start, end, label in spans]
                for spans in getattr(self, side)]

    def documents(self, side: str) -> list[dict]:
        """documents (predictions without ``text``); offsets in characters.

        The text is the tokens joined by spaces, token ``k`` being ``w`` plus a letter,
        so token k spans characters 3k to 3k+2.
        """
        docs = []
        for d, (n, spans) in enumerate(zip(self.lengths, getattr(self, side))):
            doc: dict = {"id": f"d{d}"}
            if side == "gold":
                doc |= {"text": _words(0, n), "language": "nl"}
            doc["entities"] = [{"id": f"d{d}:{side[0]}{i}", "start": 3 * s, "end": 3 * e - 1,
                                "text": _words(s, e), "type": label, "mention": "NAM"}
                               for i, (s, e, label) in enumerate(spans)]
            doc |= {"events": [], "relations": [], "clusters": []}
            docs.append(doc)
        return docs

    def conll(self) -> str:
        """Three-column CoNLL text (token, gold tag, predicted tag), blank line per document."""
        lines = []
        for d, (gold, pred) in enumerate(zip(self.tags("gold"), self.tags("pred"))):
            lines += [f"w{chr(97 + k % 26)} {g} {p}" for k, (g, p) in enumerate(zip(gold, pred))]
            lines.append("")
        return "\n".join(lines) + "\n"


def _words(s: int, e: int) -> str:
    return " ".join("w" + chr(97 + k % 26) for k in range(s, e))


def span_corpus(n_tokens: int, *, seed: int = 0, doc_tokens: int = 400) -> SpanCorpus:
    """About ``n_tokens`` tokens in documents of ``doc_tokens`` tokens.

    Gold: a span starts at a free token with probability 0.06 and is 1-3 tokens long
    (mean 1.7), so about 10% of tokens are inside an entity; a span may touch the next
    one (B-PER B-PER). Each gold span is predicted exactly (72%), with a wrong type (8%),
    a shifted start or end (8%), or missed (12%); spurious spans are added at 5% of the
    gold count. Predictions stay flat, so both sides are valid IOB2.
    """
    rng = random.Random(seed)
    lengths, gold, pred = [], [], []
    left = n_tokens
    while left > 0:
        n = min(doc_tokens, left)
        left -= n
        g: list[tuple[int, int, str]] = []
        k = 0
        while k < n:
            if rng.random() < 0.06:
                length = min(rng.choice((1, 1, 2, 2, 2, 3)), n - k)
                g.append((k, k + length, rng.choice(TYPES)))
                k += length + (0 if rng.random() < 0.1 else 1)
            else:
                k += 1
        p: list[tuple[int, int, str]] = []
        for s, e, label in g:
            r = rng.random()
            if r < 0.72:
                p.append((s, e, label))
            elif r < 0.80:
                p.append((s, e, rng.choice([t for t in TYPES if t != label])))
            elif r < 0.88:
                if rng.random() < 0.5:
                    s = max(0, s + rng.choice((-1, 1)))
                else:
                    e = min(n, e + rng.choice((-1, 1)))
                if s < e:
                    p.append((s, e, label))
        for _ in range(round(0.05 * len(g))):
            s = rng.randrange(n)
            p.append((s, min(n, s + rng.choice((1, 1, 2))), rng.choice(TYPES)))
        lengths.append(n)
        gold.append(g)
        pred.append(_flat(p))
    return SpanCorpus(lengths, gold, pred)


def _flat(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept, end = [], 0
    for span in sorted(set(spans)):
        if span[0] >= end:
            kept.append(span)
            end = span[1]
    return kept


def relation_corpus(n_pairs: int, *, seed: int = 0, n_docs: int = 4480) -> tuple[list[dict], list[dict]]:
    """Gold and predicted documents with about ``n_pairs`` labelled event pairs in total.

    MAVEN-ERE: 4,480 documents, 1.2M+ temporal, causal and subevent pairs (about 270 per
    document over about 25 triggers). Predictions keep 70% of the gold pairs, change the
    type of 15%, drop 15% and add 15% spurious pairs.
    """
    rng = random.Random(seed)
    n_docs = max(1, min(n_docs, n_pairs // 20 or 1))
    per_doc = max(1, n_pairs // n_docs)
    labels = schema.EVENT_RELATIONS
    gold_docs, pred_docs = [], []
    for d in range(n_docs):
        n_events = max(3, int((2 * per_doc) ** 0.5) + 2)
        ids = [f"d{d}:t{i}" for i in range(n_events)]
        events = [{"id": ids[i], "start": 10 * i, "end": 10 * i + 5, "text": "", "type": "ATTACK",
                   "realis": "ACTUAL", "arguments": []} for i in range(n_events)]
        pairs = set()
        while len(pairs) < per_doc:
            h, t = rng.randrange(n_events), rng.randrange(n_events)
            if h != t:
                pairs.add((h, t))
        gold_rel, pred_rel = [], []
        for h, t in sorted(pairs):
            label = rng.choice(labels)
            gold_rel.append((h, t, label))
            r = rng.random()
            if r < 0.70:
                pred_rel.append((h, t, label))
            elif r < 0.85:
                pred_rel.append((h, t, rng.choice([x for x in labels if x != label])))
        for _ in range(int(0.15 * per_doc)):
            h, t = rng.randrange(n_events), rng.randrange(n_events)
            if h != t and (h, t) not in pairs:
                pred_rel.append((h, t, rng.choice(labels)))
        for docs, rels in ((gold_docs, gold_rel), (pred_docs, pred_rel)):
            docs.append({"id": f"d{d}", "entities": [], "events": events,
                         "relations": [{"id": f"d{d}:R{n}", "head": ids[h], "tail": ids[t], "type": x}
                                       for n, (h, t, x) in enumerate(rels)],
                         "clusters": []})
    return gold_docs, pred_docs


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[list[str], list[float]]:
    """Dutch words (letters only, so spaCy keeps each one a token) and Zipf weights."""
    from wordfreq import top_n_list

    words = [w for w in top_n_list("nl", 40000) if w.isalpha()]
    return words, list(accumulate(1.0 / (rank + 20) for rank in range(len(words))))


def article(rng: random.Random, n_chars: int = 2400) -> tuple[str, list[list[tuple[int, int]]]]:
    """A text of about ``n_chars`` characters: a heading, then paragraphs of sentences.

    Returns the text and, per sentence, the character spans of its words other than the
    last (a region never touches the full stop, so spaCy's tokenizer exceptions for
    abbreviations cannot move a region boundary).
    """
    words, weights = _vocabulary()
    parts: list[str] = []
    sentences: list[list[tuple[int, int]]] = []
    pos = 0

    def add(piece: str) -> None:
        nonlocal pos
        parts.append(piece)
        pos += len(piece)

    heading = True
    while pos < n_chars:
        n_sents = 1 if heading else rng.randint(2, 4)
        for k in range(n_sents):
            if k:
                add(" ")
            n_words = rng.randint(3, 5) if heading else rng.randint(8, 22)
            picked = rng.choices(words, cum_weights=weights, k=n_words)
            picked[0] = picked[0].capitalize()
            spans = []
            for i, word in enumerate(picked):
                if i:
                    add(" ")
                if rng.random() < 0.12:
                    word = word.capitalize()
                if i < n_words - 1:
                    spans.append((pos, pos + len(word)))
                add(word)
            if not heading:
                add(".")
            sentences.append(spans)
        heading = False
        add("\n\n")
    text = "".join(parts).rstrip("\n")
    return text, sentences


def labelstudio_task(n: int, rng: random.Random, *, n_chars: int = 2400, n_regions: int = 40,
                     n_relations: int = 20) -> dict:
    """One annotated task: about ``n_regions`` regions (70% entities) and ``n_relations``
    relations (half argument roles, a quarter event relations, a quarter coreference)."""
    doc_id = f"bench_{n:06d}"
    text, sentences = article(rng, n_chars)
    words = [(s, e, i) for i, sent in enumerate(sentences) for s, e in sent]
    regions: list[tuple[int, int]] = []
    used = set()
    for k in sorted(rng.sample(range(len(words)), min(n_regions, len(words)))):
        if k in used:
            continue
        s, e, sent = words[k]
        length = rng.choice((1, 1, 1, 2, 2, 3))
        last = k
        for j in range(k + 1, min(k + length, len(words))):
            if words[j][2] != sent or j in used:
                break
            last = j
        used.update(range(k, last + 1))
        used.add(last + 1)  # keep one word between regions
        regions.append((s, words[last][1]))
    results, entities, events = [], [], []
    for i, (s, e) in enumerate(regions):
        rid = f"r{i}"
        value = {"start": s, "end": e, "text": text[s:e]}
        if rng.random() < 0.7:
            control, label = schema.ENTITY, rng.choice(schema.ENTITY_TYPES)
            choice_control, choice = schema.MENTION, rng.choice(schema.MENTION_LEVELS)
            entities.append(rid)
        else:
            control, label = schema.EVENT, rng.choice(schema.EVENT_TYPES)
            choice_control, choice = schema.REALIS_CONTROL, rng.choice(schema.REALIS)
            events.append(rid)
        results.append({"value": {**value, "labels": [label]}, "id": rid, "from_name": control,
                        "to_name": schema.TEXT, "type": "labels", "origin": "manual"})
        results.append({"value": {**value, "choices": [choice]}, "id": rid,
                        "from_name": choice_control, "to_name": schema.TEXT, "type": "choices",
                        "origin": "manual"})
    links = set()
    for _ in range(n_relations * 4):
        if len(links) >= n_relations:
            break
        r = rng.random()
        if r < 0.5 and events and entities:
            links.add((rng.choice(events), rng.choice(entities), rng.choice(schema.ARGUMENT_ROLES)))
        elif r < 0.75 and len(events) > 1:
            h, t = rng.sample(events, 2)
            links.add((h, t, rng.choice(schema.EVENT_RELATIONS)))
        elif len(entities) > 1:
            h, t = rng.sample(entities, 2)
            links.add((h, t, schema.COREFERENCE))
    results += [{"from_id": h, "to_id": t, "type": "relation", "direction": "right", "labels": [label]}
                for h, t, label in sorted(links)]
    return {"id": n, "data": {schema.TEXT: text, schema.DOCUMENT_ID: doc_id},
            "annotations": [{"id": 10 * n, "completed_by": {"id": 1, "email": "annotator@example.org"},
                             "result": results, "was_cancelled": False, "ground_truth": False,
                             "created_at": "2026-01-01T00:00:00.000000Z", "lead_time": 600.0}],
            "predictions": []}


def labelstudio_export(folder: Path, n_tasks: int, *, seed: int = 0) -> tuple[Path, Path, list[str]]:
    """Write ``folder/annotations/export.json`` (``n_tasks`` tasks) and ``folder/seeds/``.

    Returns (annotations folder, seeds folder, texts). Splits are 80/10/10 train,
    validation, test.
    """
    rng = random.Random(seed)
    annotations, seeds = folder / "annotations", folder / "seeds"
    annotations.mkdir(parents=True, exist_ok=True)
    seeds.mkdir(parents=True, exist_ok=True)
    tasks = [labelstudio_task(n, rng) for n in range(n_tasks)]
    splits = ("train",) * 8 + ("validation", "test")
    for n, task in enumerate(tasks):
        doc_id = task["data"][schema.DOCUMENT_ID]
        (seeds / f"{doc_id}.txt").write_text(task["data"][schema.TEXT], encoding="utf-8")
        meta = {"id": doc_id, "language": "nl", "origin": "constructed", "source": "synthetic (benchmark)",
                "split": splits[n % len(splits)]}
        (seeds / f"{doc_id}.json").write_text(json.dumps(meta), encoding="utf-8")
    with open(annotations / "export.json", "w", encoding="utf-8") as handle:
        json.dump(tasks, handle, ensure_ascii=False)
    return annotations, seeds, [t["data"][schema.TEXT] for t in tasks]


def shuffled_documents(n: int, *, seed: int = 0) -> list[dict]:
    """Documents made from shuffled sentences of the seed article (for the baselines)."""
    from kroniek_baselines.speed import synthetic_documents

    return synthetic_documents(n, seed=seed)
