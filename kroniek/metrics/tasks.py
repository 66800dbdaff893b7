"""From documents to the items each task scores.

Every task compares what the gold and the predicted documents say, matched by offsets and
labels, never by ids (a system's ids differ from gold's). Items are plain tuples starting
with the document's position in the gold list, so one set or one array holds a whole
corpus. Which fields make up each metric's items is declared in :mod:`.declared`
(e.g. ``triggers.classification``: doc, start, end, type; ``arguments.classification``:
doc, event type, argument start and end, role).

The argument items follow TextEE (Huang et al. 2024): identification needs the argument's
span and the event type right, classification also the role; the ``+`` variants also the
trigger's span. Entities are ``(doc, start, end, type)`` spans scored with nervaluate's
schemes (:mod:`.spans`); coreference mentions are ``(doc, kind, start, end)`` with kind
``entity`` or ``event`` (:mod:`.coref`).
"""

from __future__ import annotations

from operator import itemgetter
from typing import Sequence

from ..documents import Document
from ..errors import KroniekError, Problem
from ..schema import ENTITY_TYPES, EVENT_RELATIONS
from .counts import Counts
from .declared import SET_METRICS, SOURCES


def align(gold: Sequence[Document], pred: Sequence[Document]) -> list[Document]:
    """The predicted document for each gold document, in gold order.

    A gold document without a prediction gets an empty one (everything in it is missed);
    a predicted document that is not in the gold is an error. Use
    :func:`kroniek.predictions.check` first to refuse missing documents instead.
    """
    ids = {doc["id"] for doc in gold}
    by_id: dict[str, Document] = {}
    for doc in pred:
        if doc["id"] not in ids:
            raise KroniekError(Problem("not in the gold documents", document=doc["id"]))
        by_id[doc["id"]] = doc
    return [by_id.get(doc["id"], {"id": doc["id"]}) for doc in gold]


def entity_rows(docs: Sequence[Document]) -> list[tuple]:
    return [(k, e["start"], e["end"], e["type"])
            for k, doc in enumerate(docs) for e in doc.get("entities") or ()]


def _missing(doc: Document, what: str, ref: str) -> KroniekError:
    return KroniekError(Problem(f"{what} refers to {ref!r}, which is not in the document",
                                document=doc.get("id")))


def _pickers(names: Sequence[str]) -> dict[str, list[tuple[str, itemgetter]]]:
    """Per source, ``(metric, picker)``: what takes a metric's item from a source record."""
    by_source: dict[str, list] = {source: [] for source in SOURCES}
    for name in names:
        metric = SET_METRICS[name]
        fields = SOURCES[metric.source]
        index = [fields.index(f) for f in metric.fields]
        picker = itemgetter(*index) if len(index) > 1 else (lambda record, i=index[0]: (record[i],))
        by_source[metric.source].append((name, picker))
    return by_source


def set_items(docs: Sequence[Document], names: Sequence[str] = tuple(SET_METRICS)
              ) -> dict[str, list[tuple]]:
    """The items of each set metric in ``names``, per document list: tuples of the
    fields :data:`.declared.SET_METRICS` names, taken from each trigger, argument and
    relation record (:data:`.declared.SOURCES`)."""
    items: dict[str, list[tuple]] = {name: [] for name in names}
    pickers = _pickers(names)
    triggers, arguments, relations = (pickers[s] for s in ("triggers", "arguments", "relations"))
    for k, doc in enumerate(docs):
        events = doc.get("events") or ()
        if triggers:
            for ev in events:
                record = (k, ev["start"], ev["end"], ev["type"])
                for name, pick in triggers:
                    items[name].append(pick(record))
        if arguments:
            spans = {ent["id"]: (ent["start"], ent["end"]) for ent in doc.get("entities") or ()}
            for ev in events:
                s, e, t = ev["start"], ev["end"], ev["type"]
                for arg in ev.get("arguments") or ():
                    span = spans.get(arg["entity_id"])
                    if span is None:
                        raise _missing(doc, f"an argument of event {ev['id']}", arg["entity_id"])
                    record = (k, s, e, t, *span, arg["role"])
                    for name, pick in arguments:
                        items[name].append(pick(record))
        if relations:
            spans = {ev["id"]: (ev["start"], ev["end"]) for ev in events}
            for rel in doc.get("relations") or ():
                head, tail = spans.get(rel["head"]), spans.get(rel["tail"])
                if head is None or tail is None:
                    ref = rel["head"] if head is None else rel["tail"]
                    raise _missing(doc, f"relation {rel.get('id')}", ref)
                record = (k, *head, *tail, rel["type"])
                for name, pick in relations:
                    items[name].append(pick(record))
    return items


def relation_counts(gold: Sequence[Document], pred: Sequence[Document]) -> dict:
    """``{type: Counts}`` of the ``relations`` items, as
    :func:`.sets.set_counts` gives them, for corpora of a million pairs and more.

    Each item becomes one integer (document, head span, tail span, type), so sets of
    tuples become sorted arrays; the mapping from ids to spans stays per document and in
    C (``map``). A relation to a missing trigger is reported by :func:`set_items`.
    """
    import numpy as np

    types = {label: i for i, label in enumerate(EVENT_RELATIONS)}
    spans: list[dict] = [{} for _ in gold]
    columns = []
    for docs in (gold, pred):
        doc_col, heads, tails, kinds = [], [], [], []
        for k, doc in enumerate(docs):
            rels = doc.get("relations")
            if not rels:
                continue
            codes = spans[k]
            ids = {ev["id"]: codes.setdefault((ev["start"], ev["end"]), len(codes))
                   for ev in doc.get("events") or ()}
            try:
                heads += map(ids.__getitem__, map(_HEAD, rels))
                tails += map(ids.__getitem__, map(_TAIL, rels))
            except KeyError:
                set_items(docs, ["relations"])  # raises, naming the document and the id
                raise
            doc_col.append((k, len(rels)))
            kinds += map(_TYPE, rels)
        for label in dict.fromkeys(kinds):
            types.setdefault(label, len(types))
        doc = np.repeat(np.array([k for k, _ in doc_col], dtype=np.int64),
                        np.array([n for _, n in doc_col], dtype=np.int64))
        columns.append((doc, np.array(heads, dtype=np.int64), np.array(tails, dtype=np.int64),
                        np.fromiter(map(types.__getitem__, kinds), np.int64, len(kinds))))
    n_spans = max([len(c) for c in spans] + [1])
    n_types = len(types)
    if len(gold) * n_spans * n_spans * n_types >= 2 ** 62:  # keys would overflow: use tuples
        from .sets import set_counts

        return set_counts(set_items(gold, ["relations"])["relations"],
                          set_items(pred, ["relations"])["relations"],
                          label=SET_METRICS["relations"].label_index, labels=EVENT_RELATIONS)
    keys = [np.unique(((d * n_spans + h) * n_spans + t) * n_types + y) for d, h, t, y in columns]
    both = np.intersect1d(keys[0], keys[1], assume_unique=True)
    n_gold, n_pred, n_tp = (np.bincount(x % n_types, minlength=n_types) for x in (keys[0], keys[1], both))
    return {label: Counts(int(n_tp[i]), int(n_pred[i]), int(n_gold[i])) for label, i in types.items()
            if n_gold[i] or n_pred[i]}


_HEAD, _TAIL, _TYPE = itemgetter("head"), itemgetter("tail"), itemgetter("type")
_START, _END = itemgetter("start"), itemgetter("end")


def clusters(docs: Sequence[Document], start: int = 0) -> list[set]:
    """Coreference clusters as sets of ``(doc, kind, start, end)`` mentions; ``doc``
    counts from ``start`` (a batch's position in the whole corpus, so that the mentions,
    and with them the order sets iterate in, are those of the whole corpus)."""
    result = []
    for k, doc in enumerate(docs, start):
        mentions = {e["id"]: (k, "entity", e["start"], e["end"]) for e in doc.get("entities") or ()}
        mentions.update({e["id"]: (k, "event", e["start"], e["end"]) for e in doc.get("events") or ()})
        for cluster in doc.get("clusters") or ():
            members = set()
            for member in cluster["members"]:
                if member not in mentions:
                    raise _missing(doc, f"cluster {cluster.get('id')}", member)
                members.add(mentions[member])
            result.append(members)
    return result


def entity_arrays(docs: Sequence[Document], labels: list[str]):
    """:func:`entity_rows` as :class:`.spans.SpanArrays` (document code = position), read
    column by column without a tuple per span; types not in ``labels`` are appended to it."""
    import numpy as np

    from .spans import span_arrays

    counts, starts, ends, types = [], [], [], []
    for doc in docs:
        ents = doc.get("entities") or ()
        counts.append(len(ents))
        starts += map(_START, ents)
        ends += map(_END, ents)
        types += map(_TYPE, ents)
    codes = {label: i for i, label in enumerate(labels)}
    for label in dict.fromkeys(types):
        if label not in codes:
            codes[label] = len(codes)
            labels.append(label)
    return span_arrays(np.repeat(np.arange(len(counts), dtype=np.int64), counts), starts, ends,
                       np.fromiter(map(codes.__getitem__, types), np.int64, len(types)))
