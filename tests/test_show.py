"""The HTML page of ``kroniek show``, read back with an HTML parser (no browser needed)."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from kroniek import cli
from kroniek.documents import dumps_jsonl, entity, event, new_document
from kroniek.errors import KroniekError
from kroniek.show import render_document

VOID = {"meta", "br", "img", "input", "link", "hr"}


class Page(HTMLParser):
    """Checks that tags nest properly; collects the article's text, every annotated
    element (key, classes, text, label, nesting parents) and the JSON data block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.article = None  # text of <article>, once seen
        self.elements: list[dict] = []
        self.open: list[dict] = []
        self.data_json = ""
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in VOID:
            return
        self.stack.append((tag, attrs))
        if tag == "article":
            self.article = ""
        if "data-type" in attrs and "data-k" in attrs:
            element = {"keys": attrs["data-k"].split(), "type": attrs["data-type"],
                       "classes": attrs["class"].split(), "label": attrs.get("data-label"),
                       "chain": attrs.get("data-chain"), "text": "",
                       "parents": [e["keys"][0] for e in self.open], "depth": len(self.stack)}
            self.elements.append(element)
            self.open.append(element)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        while self.open and self.open[-1]["depth"] == len(self.stack):
            self.open.pop()
        self.stack.pop()

    def handle_data(self, data):
        if any(t == "article" for t, _ in self.stack):
            self.article += data
        if self.stack and self.stack[-1][1].get("id") == "kroniek-data":
            self.data_json += data
        for element in self.open:
            element["text"] += data

    def span(self, key: str) -> dict:
        """The span with this key: fragments' text joined, labels, classes of each."""
        fragments = [e for e in self.elements if key in e["keys"]]
        assert fragments, key
        return {"text": "".join(f["text"] for f in fragments), "fragments": fragments,
                "labels": [f["label"] for f in fragments if f["label"]],
                "type": fragments[0]["type"], "classes": set(fragments[0]["classes"])}


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    assert not parser.stack, f"unclosed: {parser.stack}"
    return parser


def sample() -> dict:
    text = ("De Turkse president Erdogan kondigde zaterdag aan dat rebellen een offensief "
            "zouden beginnen. Hij zei <dat> & \"meer\".")
    doc = new_document("d1", text)
    find = text.index
    doc["entities"] = [
        entity("e1", text, find("Turkse"), find("Turkse") + 6, "NORP", "NOM"),
        entity("e2", text, find("Erdogan"), find("Erdogan") + 7, "PER", "NAM"),
        entity("e3", text, find("zaterdag"), find("zaterdag") + 8, "TIME", "NAM"),
        entity("e4", text, find("rebellen"), find("rebellen") + 8, "ORG", "NOM"),
        entity("e5", text, find("Hij"), find("Hij") + 3, "PER", "PRO"),
        entity("e6", text, find("<dat> &"), find("<dat> &") + 7, "ORG", "NOM"),
    ]
    doc["events"] = [
        event("v1", text, find("kondigde"), find("kondigde") + 8, "STATEMENT", "ACTUAL",
              [{"entity_id": "e2", "role": "AGENT"}, {"entity_id": "e3", "role": "TIME"}]),
        event("v2", text, find("offensief"), find("offensief") + 9, "ATTACK", "OTHER",
              [{"entity_id": "e4", "role": "AGENT"}]),
        event("v3", text, find("zei"), find("zei") + 3, "STATEMENT", "ACTUAL",
              [{"entity_id": "e5", "role": "AGENT"}]),
        # a trigger inside an entity: "dat" in the mention "<dat> &"
        event("v4", text, find("dat>"), find("dat>") + 3, "OTHER", "OTHER"),
    ]
    doc["relations"] = [{"id": "r1", "head": "v1", "tail": "v2", "type": "BEFORE"}]
    doc["clusters"] = [{"id": "c1", "members": ["e2", "e5"]},
                       {"id": "c2", "members": ["v1", "v3"]}]
    return doc


def test_article_text_is_exactly_the_document_text_and_all_of_it_is_escaped():
    doc = sample()
    page = render_document(doc)
    parsed = parse(page)
    assert parsed.article == doc["text"]
    assert "<dat>" not in page and "&lt;<span" in page and "&gt; &amp;</span> &quot;meer&quot;" in page


def test_every_span_is_one_element_with_its_type_text_and_label():
    doc = sample()
    parsed = parse(render_document(doc))
    for span in doc["entities"] + doc["events"]:
        shown = parsed.span(f"g:{span['id']}")
        assert shown["text"] == span["text"]
        assert shown["type"] == span["type"]
        assert shown["labels"] == [span["type"]]
        assert ("ent" if span in doc["entities"] else "trg") in shown["classes"]
    # the nested trigger sits inside its entity
    assert parsed.span("g:v4")["fragments"][0]["parents"] == ["g:e6"]
    # coreference chain numbers on the first fragment of each member
    assert parsed.span("g:e2")["fragments"][0]["chain"] == "1"
    assert parsed.span("g:v3")["fragments"][0]["chain"] == "2"
    assert parsed.span("g:e1")["fragments"][0]["chain"] is None


def test_hover_data_links_chains_and_arguments():
    data = json.loads(parse(render_document(sample())).data_json)
    assert data["coref"]["g:e5"] == ["g:e2", "g:e5"]
    assert data["coref"]["g:v1"] == ["g:v1", "g:v3"]
    assert data["args"]["g:v1"] == ["g:e2", "g:e3"]


def test_side_table_lists_arguments_relations_and_chains():
    page = render_document(sample())
    assert '<span class="role">AGENT</span> Erdogan' in page
    assert '<span class="role">BEFORE</span> \u2192 offensief' in page
    assert "Erdogan \u00b7 Hij" in page
    assert "kondigde \u00b7 zei" in page


def test_crossing_spans_render_as_fragments_with_one_label_each():
    text = "de Syrische provincie Idlib binnengereden"
    gold = new_document("d", text)
    gold["entities"] = [entity("a", text, 3, 27, "GPE", "NOM")]  # Syrische provincie Idlib
    pred = {"id": "d", "entities": [entity("b", text, 0, 20, "LOC", "NOM")],  # de ... provinci
            "events": [event("c", text, 22, 40, "MOVEMENT", "ACTUAL")]}  # Idlib binnengereden
    parsed = parse(render_document(gold, pred=pred))
    assert parsed.article == text
    for key, span in (("g:a", gold["entities"][0]), ("p:b", pred["entities"][0]),
                      ("p:c", pred["events"][0])):
        shown = parsed.span(key)
        assert shown["text"] == span["text"], key
        assert len(shown["labels"]) == 1  # only the last fragment is labelled
    assert len(parsed.span("g:a")["fragments"]) == 2
    assert len(parsed.span("p:c")["fragments"]) == 2
    assert parsed.span("g:a")["labels"] == ["\u2717 GPE"]
    assert parsed.span("p:b")["labels"] == ["+ LOC"]


def test_predictions_are_marked_found_missed_or_false_alarm():
    gold = sample()
    pred = {"id": "d1", "entities": [dict(e, id="p" + e["id"]) for e in gold["entities"][:3]],
            "events": [dict(gold["events"][0], id="pv1", arguments=[]),
                       dict(gold["events"][1], id="pv2", type="MOVEMENT", arguments=[])],
            "relations": [], "clusters": []}
    parsed = parse(render_document(gold, pred=pred))
    status = lambda key: {"hit", "miss", "fa"} & parsed.span(key)["classes"]
    assert status("g:e1") == {"hit"} and "p:pe1" in parsed.span("g:e1")["fragments"][0]["keys"]
    assert status("g:e4") == {"miss"}
    assert status("g:v1") == {"hit"}
    assert status("g:v2") == {"miss"} and status("p:pv2") == {"fa"}
    page = render_document(gold, pred=pred)
    assert "<b>entities</b> 3 found \u00b7 " in page
    assert '<li class="miss"><span class="role">AGENT</span> Erdogan' in page


def test_page_is_self_contained():
    page = render_document(sample(), pred={"id": "d1"})
    tags = parse(page).tags
    assert not [t for t, a in tags if t in {"link", "img", "iframe", "object", "embed"}]
    assert not [a for t, a in tags if "src" in a or "href" in a]
    assert "http://" not in page and "https://" not in page and "@import" not in page


def test_script_breakout_in_data_is_escaped():
    text = "</script><script>alert(1)</script>"
    doc = new_document("</script>", text)
    doc["entities"] = [entity("x</script>", text, 0, 9, "ORG", "NAM"),
                       entity("y", text, 10, 20, "ORG", "NAM")]
    doc["clusters"] = [{"id": "c", "members": ["x</script>", "y"]}]
    page = render_document(doc)
    assert page.count("</script>") == 2  # the JSON block's and the script's own
    data = json.loads(parse(page).data_json)
    assert data["coref"]["g:y"] == ["g:x</script>", "g:y"]


def test_comment_opener_in_data_cannot_swallow_the_page_script():
    """'<!--<script>' in an id would make the parser skip the page's own script."""
    text = "Ali kwam. Bea ging."
    doc = new_document("d<!--<script>", text)
    doc["entities"] = [entity("x<!--<script>", text, 0, 3, "PER", "NAM"),
                       entity("y", text, 10, 13, "PER", "NAM")]
    doc["clusters"] = [{"id": "c", "members": ["x<!--<script>", "y"]}]
    page = render_document(doc)
    block = page.split('id="kroniek-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    assert page.count("<script") == 2 and page.count("</script>") == 2
    data = json.loads(parse(page).data_json)
    assert data["coref"]["g:y"] == ["g:x<!--<script>", "g:y"]


def test_offsets_outside_the_text_are_one_clear_error():
    doc = new_document("d9", "kort")
    doc["entities"] = [{"id": "e1", "start": 2, "end": 40, "text": "?", "type": "PER",
                        "mention": "NAM"}]
    with pytest.raises(KroniekError, match="document d9: region e1: offsets 2-40 are outside"):
        render_document(doc)


# --- the command -------------------------------------------------------------------------

@pytest.fixture
def kroniek(monkeypatch, capsys):
    if "show" not in cli.COMMANDS:  # until the lead lists it
        monkeypatch.setattr(cli, "COMMANDS", (*cli.COMMANDS, "show"))

    def run(*argv):
        status = cli.main(["show", *map(str, argv)])
        out, err = capsys.readouterr()
        return status, out, err
    return run


def test_command_writes_the_page_for_the_chosen_document(kroniek, tmp_path, monkeypatch):
    second = sample()
    second["id"] = "d2"
    gold = tmp_path / "gold.jsonl"
    gold.write_text(dumps_jsonl([new_document("d0", "Eerst."), second]), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, _, err = kroniek("d2", "--gold", gold)
    assert status == 0, err
    assert parse((tmp_path / "show" / "d2.html").read_text(encoding="utf-8")).article == second["text"]

    status, out, _ = kroniek("--gold", gold, "--out", "-")
    assert status == 0 and parse(out).article == "Eerst."


def test_command_compares_with_predictions(kroniek, tmp_path):
    doc = sample()
    gold, pred, out = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl", tmp_path / "p.html"
    gold.write_text(dumps_jsonl([doc]), encoding="utf-8")
    pred.write_text(dumps_jsonl([{"id": "d1", "entities": doc["entities"][:1]}]), encoding="utf-8")
    status, _, err = kroniek("--gold", gold, "--predictions", pred, "--out", out)
    assert status == 0, err
    parsed = parse(out.read_text(encoding="utf-8"))
    assert "hit" in parsed.span("g:e1")["classes"] and "miss" in parsed.span("g:e2")["classes"]


def test_command_errors_are_one_line_and_write_nothing(kroniek, tmp_path):
    gold, pred, out = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl", tmp_path / "x.html"
    gold.write_text(dumps_jsonl([sample()]), encoding="utf-8")
    pred.write_text(dumps_jsonl([{"id": "other"}]), encoding="utf-8")

    status, _, err = kroniek("d7", "--gold", gold, "--out", out)
    assert status == 1 and "has no document 'd7'" in err and str(gold) in err
    status, _, err = kroniek("--gold", gold, "--predictions", pred, "--out", out)
    assert status == 1 and "has no prediction for document 'd1'" in err
    status, _, err = kroniek("--gold", tmp_path / "missing.jsonl", "--out", out)
    assert status == 1 and "missing.jsonl" in err
    status, _, err = kroniek("--gold", gold, "--system", "no-such-system.v1", "--out", out)
    assert status == 1 and "no-such-system.v1" in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert not out.exists()
