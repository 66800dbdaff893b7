"""Read EventDNA (Colruyt, De Clercq, Desot and Hoste 2023) into Kroniek documents.

Use: ``docs = list(read("/data/eventdna", split="test"))`` (or ``kroniek import eventdna``).

Each document's text is rebuilt from its tokens, joined by single spaces: the headline
(EventDNA's first sentence), a blank line, then the lead; every offset is exact. Labels
follow the one table in :mod:`kroniek.corpora.eventdna_mapping` (docs/FORMAT.md §8):

* an entity becomes a Kroniek mention over its **head** span (a Kroniek NOM span is the
  head noun; a NAM span the name), typed and levelled by the table;
* an event becomes a trigger on the **syntactic head** of its span, found in the
  sentence's Alpino parse (:mod:`kroniek.corpora.alpino`); when a parse is missing or does
  not match the tokens, the last non-auxiliary verb of the span (from ``lets.csv``), else
  its first noun, else its first token;
* arguments with a mapped role point at the entity whose extent lies inside the
  argument span (the longest one), coreference buckets become clusters.

What Kroniek's shape cannot hold stays in the document's ``eventdna`` field, which keeps
EventDNA's own spans (entity heads and extents, event and argument spans, types, roles,
coreference buckets) for the cross-scheme scorer (:mod:`kroniek.metrics.crossscheme`), and
is counted in a :class:`~kroniek.corpora.eventdna_summary.Summary`. Odd documents (a
duplicate ``meta.id``, a token count that does not add up, a missing parse) get one line
each in the summary; a duplicate with the same content is read once.
"""

from __future__ import annotations

import hashlib
import json
from typing import Iterator

from ..documents import Document, entity, event, new_document
from ..errors import KroniekError
from . import alpino
from . import eventdna_mapping as M
from .eventdna_files import Source, sources
from .eventdna_summary import Summary

SPLIT_BUCKETS = (("train", 14), ("validation", 17), ("test", 20))
"""The split rule: bucket = first 8 hex digits of sha256(meta.id) as an integer, mod 20;
buckets 0-13 train (70 %), 14-16 validation (15 %), 17-19 test (15 %). It depends on the
document alone, so a document held back from one copy falls in the same part in any
other, and no copy's train part can hold another's test document."""

AUXILIARIES = frozenset(("zijn", "worden", "hebben", "zullen", "kunnen", "moeten", "willen",
                         "mogen", "gaan", "laten", "blijven", "komen"))


def split_of(doc_id: str) -> str:
    """The part (train, validation, test) of the EventDNA document ``doc_id`` (meta.id).

    >>> split_of("eventdna_1") in ("train", "validation", "test")
    True
    """
    bucket = int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:8], 16) % 20
    return next(name for name, upper in SPLIT_BUCKETS if bucket < upper)


def read(path=None, *, summary: Summary | None = None,
         split: str | None = None) -> Iterator[Document]:
    """Kroniek documents from the EventDNA copy at ``path`` (a folder or its .tar.xz; by
    default the located copy, :func:`kroniek.corpora.locate`), optionally one part only.
    ``summary`` collects the counts and odd documents."""
    summary = summary if summary is not None else Summary()
    seen: dict[str, str] = {}
    for source in sources(path):
        doc = convert(source, summary=summary, seen=seen)
        if doc is not None and (split is None or doc["eventdna"]["split"] == split):
            yield doc


def _load(source: Source) -> dict:
    try:
        data = json.loads(source.files["dnaf.json"])
        return data if isinstance(data, dict) else {}
    except KeyError:
        raise KroniekError(f"{source.folder}: no dnaf.json") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise KroniekError(f"{source.folder}/dnaf.json: not valid JSON ({exc})") from None


def convert(source: Source, *, summary: Summary, seen: dict[str, str] | None = None
            ) -> Document | None:
    """One EventDNA folder as a Kroniek document (``None`` for an odd one, with its line)."""
    seen = {} if seen is None else seen
    data = _load(source)
    doc_id = str((data.get("meta") or {}).get("id") or source.folder)
    digest = hashlib.sha256(source.files["dnaf.json"]).hexdigest()
    if doc_id in seen:
        same = "same content, read once" if seen[doc_id] == digest else "different content, skipped"
        summary.odd(source.folder, f"meta.id {doc_id} also in an earlier folder ({same})")
        return None
    seen[doc_id] = digest
    try:
        built = _Builder(source, data, doc_id, summary).build()
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        summary.odd(source.folder, f"not in EventDNA's shape ({type(exc).__name__}: {exc}); skipped")
        return None
    if built is not None:
        summary.documents += 1
    return built


class _Builder:
    """The conversion of one document (one job: tokens -> text, then each layer)."""

    def __init__(self, source: Source, data: dict, doc_id: str, summary: Summary) -> None:
        self.source, self.data, self.doc_id, self.summary = source, data, doc_id, summary
        self.doc_data = data["doc"]
        self.ann = self.doc_data.get("annotations") or {}

    def build(self) -> Document | None:
        tokens = self.doc_data["token_string"].split(" ")
        sentences = sorted(self.doc_data["sentences"].items(),
                           key=lambda kv: int(kv[0].rsplit("_", 1)[-1]))
        ids = [t for _, s in sentences for t in s["token_ids"]]
        if len(tokens) != len(self.doc_data.get("token_ids", ids)) or ids != list(range(len(tokens))):
            self.summary.odd(self.source.folder, f"{len(tokens)} tokens in token_string, "
                                                 f"{len(ids)} in the sentences; skipped")
            return None
        self.text, self.offsets = self._text(tokens, [s["token_ids"] for _, s in sentences])
        self.sentence_of = {t: k for k, (_, s) in enumerate(sentences) for t in s["token_ids"]}
        self.sentence_start = [s["token_ids"][0] for _, s in sentences]
        self.parses = self._parses([int(n.rsplit("_", 1)[-1]) for n, _ in sentences],
                                   [len(s["token_ids"]) for _, s in sentences], tokens)
        self.lets = self._lets(len(tokens))
        doc = new_document(self.doc_id, self.text)
        doc["origin"] = "news"
        self.extra = {"mapping": M.MAPPING_VERSION, "split": split_of(self.doc_id),
                      "folder": self.source.folder, "entities": [], "events": [],
                      "coreference": {"entities": [], "events": []}}
        doc["eventdna"] = self.extra
        self._entities(doc)
        self._events(doc)
        self._coreference(doc)
        return doc

    # -- text ---------------------------------------------------------------------------
    @staticmethod
    def _text(tokens: list[str], sentences: list[list[int]]):
        parts, offsets, at = [], [], 0
        for k, ids in enumerate(sentences):
            if k == 1:
                parts.append("\n\n")
                at += 2
            elif k > 1:
                parts.append(" ")
                at += 1
            for n, t in enumerate(ids):
                if n:
                    parts.append(" ")
                    at += 1
                offsets.append((at, at + len(tokens[t])))
                parts.append(tokens[t])
                at += len(tokens[t])
        return "".join(parts), offsets

    def chars(self, ids) -> tuple[int, int]:
        ids = [int(i) for i in ids]
        return self.offsets[min(ids)][0], self.offsets[max(ids)][1]

    def _parses(self, numbers, lengths, tokens) -> list[alpino.Node | None]:
        files, out, problems = self.source.alpino(), [], []
        for number, length in zip(numbers, lengths):
            tree = None
            try:
                tree = alpino.parse(files[number])
            except KeyError:
                problems.append(f"{number} (missing)")
            except Exception:
                problems.append(f"{number} (not valid XML)")
            if tree is not None and len(alpino.words(tree)) != length:
                problems.append(f"{number} ({len(alpino.words(tree))} words for {length} tokens)")
                tree = None
            out.append(tree)
        if problems:
            self.summary.odd(self.source.folder, "Alpino parse of sentence "
                             + ", ".join(problems) + ": triggers there come from lets.csv")
        return out

    def _lets(self, n: int) -> list[tuple[str, str]]:
        rows = [line.split("\t") for line in
                self.source.files.get("lets.csv", b"").decode("utf-8", "replace").splitlines()
                if line.strip()]
        rows = [(r[1], r[2]) if len(r) > 2 else ("", "") for r in rows]
        return rows if len(rows) == n else [("", "")] * n

    def _word(self, token: int) -> tuple[str, str]:
        """(Alpino pos, lemma) of a token, from the parse when it has one."""
        k = self.sentence_of[token]
        tree = self.parses[k]
        if tree is not None:
            return alpino.pos_of(tree).get(token - self.sentence_start[k], ("", ""))
        lemma, tag = self.lets[token]
        return ("adj" if tag.startswith("ADJ") else "noun" if tag.startswith("N(") else "", lemma)

    # -- entities -----------------------------------------------------------------------
    def _entities(self, doc: Document) -> None:
        self.entity_ids: dict[str, str] = {}
        self.entity_heads: set[int] = set()
        taken: dict[tuple[int, int], str] = {}
        for key, ent in sorted(self.ann.get("entities", {}).items(), key=lambda kv: _order(kv[0])):
            f = ent["features"]
            head = f.get("head", {}).get("features", {}).get("span") or f["span"]
            start, end = self.chars(head)
            self.entity_heads.update(int(t) for t in head)
            source_type, level = f.get("type", ""), f.get("mention_level_type", "")
            words = [self._word(int(t)) for t in head]
            mapped = M.entity_type(source_type, level, head_lemma=words[-1][1],
                                   head_pos=tuple(p for p, _ in words))
            mention = M.MENTION_LEVELS.get(level)
            kid = f"{self.doc_id}/{key}"
            record = {"id": key, "type": source_type, "mention": level, "start": start,
                      "end": end, "extent": list(self.chars(f["span"])), "kroniek_id": None}
            self.extra["entities"].append(record)
            label = f"{source_type}/{level}"
            if mapped is None or mention is None:
                self.summary.count("entity", label, "kept")
                continue
            if (start, end) in taken:                  # two EventDNA entities, one head
                self.entity_ids[key] = record["kroniek_id"] = taken[(start, end)]
                self.summary.count("entity", label, "mapped")
                continue
            if any(s < end and start < e for s, e in taken):
                self.summary.count("entity", label, "kept")   # overlaps another head
                continue
            taken[(start, end)] = kid
            self.entity_ids[key] = record["kroniek_id"] = kid
            doc["entities"].append(entity(kid, self.text, start, end, mapped, mention))
            self.summary.count("entity", label, "mapped")
            self.summary.count("entity type", f"{source_type}->{mapped}", "mapped")
        doc["entities"].sort(key=lambda e: (e["start"], e["end"]))

    # -- events -------------------------------------------------------------------------
    def _trigger(self, span: list[int]) -> int:
        first = min(span)
        k = self.sentence_of[first]
        base = self.sentence_start[k]
        inside = sorted(t for t in span if self.sentence_of[t] == k)
        tree = self.parses[k]
        if tree is not None:
            found = alpino.head(tree, inside[0] - base, inside[-1] + 1 - base)
            if found is not None and base + found in self.entity_heads:
                # an entity noun is no trigger: the event is its clause (a relative clause)
                clause = alpino.clause_head(tree, inside[0] - base, inside[-1] + 1 - base)
                found = clause if clause is not None else found
            if found is not None:
                return base + found
        verbs = [t for t in inside if self.lets[t][1].startswith("WW")
                 and self.lets[t][0] not in AUXILIARIES]
        nouns = [t for t in inside if self.lets[t][1].startswith("N(")]
        return verbs[-1] if verbs else nouns[0] if nouns else inside[0]

    def _filler(self, start: int, end: int) -> str | None:
        inside = [r for r in self.extra["entities"] if r["kroniek_id"]
                  and start <= r["extent"][0] and r["extent"][1] <= end]
        if not inside:
            return None
        best = max(inside, key=lambda r: (r["extent"][1] - r["extent"][0], -r["extent"][0]))
        return best["kroniek_id"]

    def _events(self, doc: Document) -> None:
        self.event_ids: dict[str, str] = {}
        taken: dict[tuple[int, int], str] = {}
        for key, ev in sorted(self.ann.get("events", {}).items(), key=lambda kv: _order(kv[0])):
            f = ev["features"]
            arguments = f.get("arguments") or []
            roles = tuple(a["features"].get("argument_role", "") for a in arguments)
            mapped = M.event_type(f.get("type", ""), f.get("subtype", ""), roles)
            start, end = self.chars(f["span"])
            label = f"{f.get('type')}/{f.get('subtype')}"
            head = self._trigger([int(t) for t in f["span"]])
            t_start, t_end = self.offsets[head]
            record = {"id": key, "type": f.get("type"), "subtype": f.get("subtype"),
                      "start": start, "end": end, "head": [t_start, t_end],
                      "modality": f.get("modality"), "kroniek_id": None, "arguments": []}
            self.extra["events"].append(record)
            if mapped is None:
                self.summary.count("event", label, "kept")
                for arg in arguments:
                    self._argument(record, arg, None)
                continue
            kid = taken.get((t_start, t_end))
            if kid is None:
                kid = f"{self.doc_id}/{key}"
                taken[(t_start, t_end)] = kid
                doc["events"].append(event(kid, self.text, t_start, t_end, mapped,
                                           M.realis(f.get("modality", ""), f.get("pos_neg", ""),
                                                    f.get("tense", ""))))
            self.event_ids[key] = record["kroniek_id"] = kid
            self.summary.count("event", label, "mapped")
            self.summary.count("event type", f"{label}->{mapped}", "mapped")
            mine = next(e for e in doc["events"] if e["id"] == kid)
            for arg in arguments:
                self._argument(record, arg, mine)
        doc["events"].sort(key=lambda e: (e["start"], e["end"]))

    def _argument(self, record: dict, arg: dict, trigger) -> None:
        f = arg["features"]
        role = f.get("argument_role", "")
        start, end = self.chars(f["span"])
        mapped = M.ROLES.get(role)
        record["arguments"].append({"role": role, "start": start, "end": end,
                                    "kroniek_role": mapped})
        filler = self._filler(start, end) if mapped and trigger is not None else None
        if filler is None:
            self.summary.count("argument", role, "kept")
            return
        if not any(a["entity_id"] == filler and a["role"] == mapped for a in trigger["arguments"]):
            trigger["arguments"].append({"entity_id": filler, "role": mapped})
        self.summary.count("argument", role, "mapped")

    # -- coreference --------------------------------------------------------------------
    def _coreference(self, doc: Document) -> None:
        coref = self.ann.get("coreference") or {}
        for layer, ids in (("entities", self.entity_ids), ("events", self.event_ids)):
            for name, members in sorted((coref.get(layer) or {}).items(),
                                        key=lambda kv: _order(kv[0])):
                self.extra["coreference"][layer].append(list(members))
                kept = sorted({ids[m] for m in members if m in ids})
                for m in members:
                    self.summary.count("coreference", layer, "mapped" if m in ids else "kept")
                if len(kept) >= 2:
                    doc["clusters"].append({"id": f"{self.doc_id}/{name}", "members": kept})


def _order(key: str) -> tuple[int, str]:
    digits = key.rsplit("_", 1)[-1]
    return (int(digits) if digits.isdigit() else 1 << 30, key)
