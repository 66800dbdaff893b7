"""One document's annotations -- and a system's predictions -- as one HTML page to look at.

The page is self-contained (inline CSS and JavaScript, no fonts, no network), so it can be
mailed, attached to an issue or opened from disk. It shows

- the article with entity mentions tinted by type and event triggers boxed by type, each
  labelled; nested and crossing spans render as layered markup (a boundary sweep that
  splits an element into fragments where another one ends inside it);
- beside it a table of events (realis, arguments as role -> entity text, outgoing event
  relations) and the coreference chains;
- with predictions, gold and system spans merged: found spans look like gold, *misses*
  (gold, not predicted) get a red dashed frame and *false alarms* (predicted, not gold) a
  striped violet frame; the tables mark arguments and relations the same way.

Hovering a mention highlights its coreference chain; hovering a trigger (or its table row)
highlights its arguments. The article's text content is exactly the document text: labels
are drawn by CSS (``::after``), not inserted as text.

Spans match on exact offsets and type (arguments on trigger, entity and role; relations on
head, tail and type), the strict definitions ``kroniek score`` uses.

>>> from kroniek.documents import new_document, entity
>>> doc = new_document("d1", "IS verloor Mosul.")
>>> doc["entities"].append(entity("e1", doc["text"], 0, 2, "ORG", "NAM"))
>>> page = render_document(doc)
>>> page.startswith("<!DOCTYPE html>") and 'data-type="ORG"' in page
True
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from dataclasses import dataclass, field

from .documents import Document
from .errors import KroniekError, Problem
from .html.style import SCRIPT, css
from .schema import ENTITY_TYPES, EVENT_TYPES

# Status of a rendered span: gold only (no predictions given), found, missed, false alarm.
GOLD, HIT, MISS, FALSE_ALARM = "gold", "hit", "miss", "fa"
STATUS_WORDS = {HIT: "found", MISS: "missed", FALSE_ALARM: "false alarm"}
_NOTHING = '<li class="none">\u2014</li>'
STATUS_MARKS = {GOLD: "", HIT: "", MISS: "\u2717 ", FALSE_ALARM: "+ "}


@dataclass
class Item:
    """One span to draw: ``keys`` are the element keys it stands for (``g:ID``/``p:ID``;
    a found span stands for both the gold and the predicted one)."""

    keys: list[str]
    kind: str  # "ent" or "trg"
    start: int
    end: int
    type: str
    status: str
    tooltip: str
    cluster: int | None = None

    def order(self) -> tuple:
        # Outer first: earlier start, then longer; at equal extent entities wrap triggers
        # and gold wraps predictions.
        return (self.start, -self.end, self.kind != "ent", self.status == FALSE_ALARM)


@dataclass
class _Side:
    """Index of one document (gold or predictions) by id and by match key."""

    prefix: str
    doc: Document
    entities: dict[str, dict] = field(default_factory=dict)
    events: dict[str, dict] = field(default_factory=dict)
    cluster_of: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A system may leave out span ids; number those so every span has a key.
        for attr, letter in (("entities", "e"), ("events", "v")):
            spans = [dict(span, id=span.get("id") or f"#{letter}{n}")
                     for n, span in enumerate(self.doc.get(attr) or [], 1)]
            setattr(self, attr, {span["id"]: span for span in spans})
            self.doc = {**self.doc, attr: spans}
        for number, cluster in enumerate(self.doc.get("clusters", []), 1):
            for member in cluster.get("members", []):
                self.cluster_of[member] = number

    def key(self, span_id: str) -> str:
        return f"{self.prefix}:{span_id}"

    def text_of(self, span_id: str, text: str) -> str:
        span = self.entities.get(span_id) or self.events.get(span_id)
        return text[span["start"]:span["end"]] if span else f"?{span_id}"

    def arguments(self) -> dict[tuple, tuple[dict, dict, str]]:
        """Argument match key -> (event, entity, role); dangling entity ids are skipped."""
        found = {}
        for ev in self.doc.get("events", []):
            for arg in ev.get("arguments", []):
                ent = self.entities.get(arg.get("entity_id"))
                if ent is not None:
                    found[_span_key(ev) + _span_key(ent)[:2] + (arg["role"],)] = (ev, ent, arg["role"])
        return found

    def relations(self) -> dict[tuple, tuple[dict, dict, str]]:
        """Relation match key -> (head event, tail event, type)."""
        found = {}
        for rel in self.doc.get("relations", []):
            head, tail = self.events.get(rel.get("head")), self.events.get(rel.get("tail"))
            if head is not None and tail is not None:
                found[_span_key(head)[:2] + _span_key(tail)[:2] + (rel["type"],)] = (head, tail, rel["type"])
        return found


def _span_key(span: dict) -> tuple:
    return (span["start"], span["end"], span["type"])


def render_document(gold: Document, *, pred: Document | None = None,
                    title: str | None = None) -> str:
    """The HTML page for ``gold`` (a document in the dataset's shape), compared with ``pred`` if given.

    ``pred`` may leave out ``text``; offsets are read against the gold text. Offsets outside
    the text raise :class:`KroniekError` naming the document and span.
    """
    text = gold.get("text")
    if not isinstance(text, str):
        raise KroniekError(Problem("has no text to show", document=gold.get("id")))
    g = _Side("g", gold)
    p = _Side("p", pred) if pred is not None else None
    for side in filter(None, (g, p)):
        _check_offsets(side.doc, text)

    items = _items(g, p)
    article = _sweep(text, items)
    coref, args = _hover_maps(g, p)
    page_title = title or f"Kroniek \u2014 {gold.get('id', 'document')}"
    body = [
        f"<header><h1>{_e(page_title)}</h1>{_counts(g, p)}</header>",
        _legend(g, p),
        '<main><article id="text">' + article + "</article>",
        '<aside>' + _events_table(g, p, text) + _clusters(g, p, text) + "</aside></main>",
    ]
    data = json.dumps({"coref": coref, "args": args}, ensure_ascii=False, sort_keys=True)
    return (
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(page_title)}</title><style>{css()}</style></head><body>"
        + "".join(body)
        + '<script type="application/json" id="kroniek-data">'
        + script_safe_json(data) + "</script>"
        + f"<script>{SCRIPT}</script></body></html>\n"
    )


def script_safe_json(data: str) -> str:
    """JSON text that cannot end or disturb the ``<script>`` element holding it.

    Escaping only ``</`` is not enough: ``<!--`` followed by ``<script>`` inside a script
    element puts the HTML parser in its "double escaped" state, which swallows the next
    ``</script>`` and with it the page's own script. Every ``<``, ``>`` and ``&`` becomes a
    JSON ``\\u`` escape, so the block holds no markup at all and parses to the same value.
    """
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _check_offsets(doc: Document, text: str) -> None:
    problems = []
    for span in [*doc.get("entities", []), *doc.get("events", [])]:
        start, end = span.get("start"), span.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(Problem(f"offsets {start}-{end} are outside the text "
                                    f"(length {len(text)})", document=doc.get("id"),
                                    region=span.get("id")))
    if problems:
        raise KroniekError(problems)


def _items(g: _Side, p: _Side | None) -> list[Item]:
    """The spans to draw, with their match status when there are predictions."""
    items = []
    for kind, attr in (("ent", "entities"), ("trg", "events")):
        gold_spans = getattr(g, attr)
        pred_by_key: dict[tuple, list[dict]] = defaultdict(list)
        if p is not None:
            for span in getattr(p, attr).values():
                pred_by_key[_span_key(span)].append(span)
        for span in gold_spans.values():
            keys = [g.key(span["id"])]
            status = GOLD
            if p is not None:
                matched = pred_by_key.get(_span_key(span))
                status = HIT if matched else MISS
                if matched:
                    keys.append(p.key(matched.pop(0)["id"]))
            items.append(_item(kind, span, keys, status, g.cluster_of.get(span["id"])))
        for spans in pred_by_key.values():
            for span in spans:
                items.append(_item(kind, span, [p.key(span["id"])], FALSE_ALARM,
                                   p.cluster_of.get(span["id"])))
    return sorted(items, key=Item.order)


def _item(kind: str, span: dict, keys: list[str], status: str, cluster: int | None) -> Item:
    extra = span.get("mention") if kind == "ent" else f"realis {span.get('realis')}"
    tip = f"{span['type']} \u00b7 {extra} \u00b7 {span['id']}"
    if cluster is not None:
        tip += f" \u00b7 chain {cluster}"
    if status in STATUS_WORDS:
        tip += f" \u00b7 {STATUS_WORDS[status]}"
    return Item(keys, kind, span["start"], span["end"], span["type"], status, tip, cluster)


def _sweep(text: str, items: list[Item]) -> str:
    """Layered markup for ``items`` (sorted outer-first) over ``text``.

    Walk the boundaries left to right with a stack of open elements. When a span ends,
    every element opened inside it is closed too and the ones that go on are reopened as
    continuation fragments, so crossing spans still nest as valid HTML. Each fragment knows
    when it opens whether it reaches its span's end (nothing below it on the stack ends
    first), which decides whether it carries the label.
    """
    starting: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        starting[item.start].append(item)
    points = sorted({0, len(text), *(i.start for i in items), *(i.end for i in items)})
    out: list[str] = []
    stack: list[Item] = []

    def open_(item: Item, continued: bool) -> None:
        reaches_end = all(item.end <= below.end for below in stack)
        out.append(_open_tag(item, first=not continued, last=reaches_end))
        stack.append(item)

    for a, b in zip(points, points[1:]):
        ended = [n for n, item in enumerate(stack) if item.end <= a]
        if ended:
            cut = ended[0]
            goes_on = [item for item in stack[cut:] if item.end > a]
            out.append("</span>" * (len(stack) - cut))
            del stack[cut:]
            for item in goes_on:
                open_(item, continued=True)
        for item in starting.get(a, ()):
            open_(item, continued=False)
        out.append(_e(text[a:b]))
    out.append("</span>" * len(stack))
    return "".join(out)


def _open_tag(item: Item, *, first: bool, last: bool) -> str:
    classes = [item.kind, f"t-{item.type}", item.status]
    if not first:
        classes.append("cont")
    if last:
        classes.append("end")
    attrs = {"class": " ".join(classes), "data-k": " ".join(item.keys),
             "data-type": item.type, "title": item.tooltip}
    if last:
        attrs["data-label"] = STATUS_MARKS[item.status] + item.type
    if first and item.cluster is not None:
        attrs["data-chain"] = str(item.cluster)
    return "<span " + " ".join(f'{k}="{_e(v)}"' for k, v in attrs.items()) + ">"


def _hover_maps(g: _Side, p: _Side | None) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Element key -> keys of its coreference chain; trigger key -> keys of its arguments."""
    coref: dict[str, list[str]] = {}
    args: dict[str, list[str]] = {}
    for side in filter(None, (g, p)):
        for cluster in side.doc.get("clusters", []):
            members = [side.key(m) for m in cluster.get("members", [])]
            for member in members:
                coref[member] = members
        for ev in side.doc.get("events", []):
            args[side.key(ev["id"])] = [side.key(a["entity_id"]) for a in ev.get("arguments", [])]
    return coref, args


def _counts(g: _Side, p: _Side | None) -> str:
    """A one-line summary; with predictions, found/missed/false alarms per layer."""
    layers = {
        "entities": ({_span_key(s) for s in g.entities.values()}, p and {_span_key(s) for s in p.entities.values()}),
        "triggers": ({_span_key(s) for s in g.events.values()}, p and {_span_key(s) for s in p.events.values()}),
        "arguments": (set(g.arguments()), p and set(p.arguments())),
        "relations": (set(g.relations()), p and set(p.relations())),
    }
    cells = []
    for name, (gold, pred) in layers.items():
        if p is None:
            cells.append(f"<span>{len(gold)} {name}</span>")
        else:
            cells.append(f"<span><b>{name}</b> {len(gold & pred)} found \u00b7 "
                         f'<i class="miss-t">{len(gold - pred)} missed</i> \u00b7 '
                         f'<i class="fa-t">{len(pred - gold)} false alarms</i></span>')
    if p is None:
        cells.append(f"<span>{len(g.doc.get('clusters', []))} coreference chains</span>")
    return '<p class="counts">' + "".join(cells) + "</p>"


def _legend(g: _Side, p: _Side | None) -> str:
    groups = [
        "entities", "".join(f'<span class="chip ent t-{t}">{t}</span>' for t in ENTITY_TYPES),
        "triggers", "".join(f'<span class="chip trg t-{t}">{t}</span>' for t in EVENT_TYPES),
    ]
    if p is not None:
        groups += ["system", '<span class="ent t-PER hit sample">found</span>'
                             '<span class="ent t-PER miss sample">missed</span>'
                             '<span class="ent t-PER fa sample">false alarm</span>']
    return ('<div class="legend">'
            + "".join(f'<span class="group"><span class="lh">{groups[i]}</span>{groups[i + 1]}</span>'
                      for i in range(0, len(groups), 2))
            + '<span class="hint">hover a mention for its coreference chain, '
              "a trigger for its arguments</span></div>")


def _events_table(g: _Side, p: _Side | None, text: str) -> str:
    """Events with realis, arguments and outgoing relations, in text order."""
    gold_args, gold_rels = g.arguments(), g.relations()
    pred_args, pred_rels = (p.arguments(), p.relations()) if p else ({}, {})
    pred_events = {_span_key(e): e for e in p.events.values()} if p else {}
    gold_event_keys = {_span_key(e) for e in g.events.values()}
    rows = []
    events = [(ev, g, GOLD if p is None else (HIT if _span_key(ev) in pred_events else MISS))
              for ev in g.events.values()]
    events += [(ev, p, FALSE_ALARM) for ev in (p.events.values() if p else ())
               if _span_key(ev) not in gold_event_keys]
    for ev, side, status in sorted(events, key=lambda e: (e[0]["start"], e[0]["end"])):
        key = _span_key(ev)
        keys = [side.key(ev["id"])]
        if status == HIT:
            keys.append(p.key(pred_events[key]["id"]))
        # Arguments and relations of this trigger from both sides, each with its status.
        parts_a, parts_r = [], []
        for found, other, own_status in ((gold_args, pred_args, None), (pred_args, gold_args, FALSE_ALARM)):
            for akey, (aev, ent, role) in found.items():
                if _span_key(aev) != key or (own_status and akey in other):
                    continue
                st = own_status or (GOLD if p is None else (HIT if akey in other else MISS))
                parts_a.append(f'<li class="{st}"><span class="role">{_e(role)}</span> '
                               f'{_e(text[ent["start"]:ent["end"]])}</li>')
        for found, other, own_status in ((gold_rels, pred_rels, None), (pred_rels, gold_rels, FALSE_ALARM)):
            for rkey, (head, tail, rtype) in found.items():
                if _span_key(head)[:2] != key[:2] or (own_status and rkey in other):
                    continue
                st = own_status or (GOLD if p is None else (HIT if rkey in other else MISS))
                parts_r.append(f'<li class="{st}"><span class="role">{_e(rtype)}</span> \u2192 '
                               f'{_e(text[tail["start"]:tail["end"]])}</li>')
        realis = "" if ev.get("realis") == "ACTUAL" else f' <span class="realis">{_e(ev.get("realis", "?"))}</span>'
        rows.append(
            f'<tr class="{status}" data-k="{_e(" ".join(keys))}">'
            f'<td><span class="trg t-{_e(ev["type"])} {status} end" data-label="{_e(STATUS_MARKS[status] + ev["type"])}">'
            f'{_e(text[ev["start"]:ev["end"]])}</span>{realis}</td>'
            f'<td><ul>{"".join(parts_a) or _NOTHING}</ul></td>'
            f'<td><ul>{"".join(parts_r) or _NOTHING}</ul></td></tr>')
    if not rows:
        return "<h2>Events</h2><p class=none>no events</p>"
    return ("<h2>Events</h2><table class=\"events\"><thead><tr><th>trigger</th><th>arguments</th>"
            "<th>relations</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _clusters(g: _Side, p: _Side | None, text: str) -> str:
    out = []
    for side, heading in ((g, "Coreference"), (p, "Coreference (system)")):
        if side is None:
            continue
        items = []
        for number, cluster in enumerate(side.doc.get("clusters", []), 1):
            members = cluster.get("members", [])
            keys = " ".join(side.key(m) for m in members)
            mentions = " \u00b7 ".join(_e(side.text_of(m, text)) for m in members)
            items.append(f'<li data-members="{_e(keys)}"><span class="chain">{number}</span> '
                         f"{mentions}</li>")
        out.append(f"<h2>{heading}</h2>" + (f'<ol class="clusters">{"".join(items)}</ol>'
                                            if items else "<p class=none>no chains</p>"))
    return "".join(out)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


# --- choosing documents, running a system, writing the page -------------------------------
