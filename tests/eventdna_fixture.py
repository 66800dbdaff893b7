"""A small EventDNA-shaped corpus written by the project itself (made-up sentences), for
the importer, scorer and system tests; no EventDNA text is in the repository.

Document ``eventdna_1``, three sentences (headline, then a two-sentence lead)::

    0 Rebellen 1 zullen 2 Kirkuk 3 aanvallen
    4 Het 5 Iraakse 6 leger 7 zei 8 dat 9 twee 10 strijders 11 met 12 een 13 mes
    14 omkwamen 15 in 16 de 17 stad 18 .
    19 Zij 20 vluchtten 21 .
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

TOKENS = ("Rebellen zullen Kirkuk aanvallen Het Iraakse leger zei dat twee strijders met een "
          "mes omkwamen in de stad . Zij vluchtten .").split()
SENTENCES = (range(0, 4), range(4, 19), range(19, 22))


def leaf(begin: int, word: str, pos: str, rel: str, lemma: str = "") -> str:
    return (f'<node begin="{begin}" end="{begin + 1}" word="{word}" pos="{pos}" rel="{rel}" '
            f'lemma="{lemma or word.lower()}"/>')


def phrase(cat: str, rel: str, begin: int, end: int, *children: str) -> str:
    return f'<node begin="{begin}" end="{end}" cat="{cat}" rel="{rel}">{"".join(children)}</node>'


def alpino(body: str, end: int) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><alpino_ds version="1.6">'
            f'{phrase("top", "top", 0, end, body)}</alpino_ds>')


PARSES = {
    1: alpino(phrase("smain", "--", 0, 4,
                     phrase("np", "su", 0, 1, leaf(0, "Rebellen", "noun", "hd", "rebel")),
                     leaf(1, "zullen", "verb", "hd"),
                     phrase("inf", "vc", 2, 4,
                            leaf(2, "Kirkuk", "name", "obj1"),
                            leaf(3, "aanvallen", "verb", "hd", "aan_vallen"))), 4),
    2: alpino(phrase("smain", "--", 0, 14,
                     phrase("np", "su", 0, 3, leaf(0, "Het", "det", "det"),
                            leaf(1, "Iraakse", "adj", "mod"), leaf(2, "leger", "noun", "hd")),
                     leaf(3, "zei", "verb", "hd", "zeggen"),
                     phrase("cp", "vc", 4, 14, leaf(4, "dat", "comp", "cmp"),
                            phrase("ssub", "body", 5, 14,
                                   phrase("np", "su", 5, 7, leaf(5, "twee", "num", "det"),
                                          leaf(6, "strijders", "noun", "hd", "strijder")),
                                   phrase("pp", "mod", 7, 10, leaf(7, "met", "prep", "hd"),
                                          phrase("np", "obj1", 8, 10, leaf(8, "een", "det", "det"),
                                                 leaf(9, "mes", "noun", "hd"))),
                                   leaf(10, "omkwamen", "verb", "hd", "om_komen"),
                                   phrase("pp", "mod", 11, 14, leaf(11, "in", "prep", "hd"),
                                          phrase("np", "obj1", 12, 14,
                                                 leaf(12, "de", "det", "det"),
                                                 leaf(13, "stad", "noun", "hd")))))) +
              leaf(14, ".", "punct", "--"), 15),
    3: alpino(phrase("smain", "--", 0, 2, leaf(0, "Zij", "pron", "su", "zij"),
                     leaf(1, "vluchtten", "verb", "hd", "vluchten")) + leaf(2, ".", "punct", "--"), 3),
}


def _entity(kind: str, level: str, span, head) -> dict:
    return {"features": {"type": kind, "mention_level_type": level, "span": list(span),
                         "head": {"features": {"span": list(head)}}, "individuality": "INDIV"},
            "type": "entity"}


def _event(kind: str, subtype: str, span, arguments, modality="Asserted") -> dict:
    return {"features": {"type": kind, "subtype": subtype, "span": list(span),
                         "modality": modality, "pos_neg": "Positive", "tense": "Past",
                         "arguments": [{"features": {"argument_role": role, "span": list(s)}}
                                       for role, s in arguments]}}


def dnaf(doc_id: str = "eventdna_1", tokens=TOKENS) -> dict:
    entities = {
        "entity_1": _entity("PER", "NOM", [0], [0]),
        "entity_2": _entity("LOC", "NAM", [2], [2]),
        "entity_3": _entity("ORG", "NOM", [4, 5, 6], [6]),
        "entity_4": _entity("LOC", "NAM", [5], [5]),
        "entity_5": _entity("PER", "NOM", [9, 10], [10]),
        "entity_6": _entity("MISC", "NOM", [12, 13], [13]),
        "entity_7": _entity("LOC", "NOM", [16, 17], [17]),
        "entity_8": _entity("PER", "PRON", [19], [19]),
    }
    events = {
        "event_1": _event("Conflict", "Attack", range(0, 4), [("Attacker", [0]), ("Target", [2])]),
        "event_2": _event("Contact", "Contact", range(4, 18), [("Entity", [4, 5, 6])]),
        "event_3": _event("Life", "Die", range(9, 18),
                          [("Victim", [9, 10]), ("Instrument", [12, 13]), ("Place", [15, 16, 17])],
                          modality="Other"),
        "event_4": _event("Unknown", "Unknown", [19, 20], [("Participant", [19])]),
    }
    return {"meta": {"id": doc_id, "author": "fixture"},
            "doc": {"token_string": " ".join(tokens), "token_ids": list(range(len(tokens))),
                    "sentences": {f"sentence_{k + 1}": {"token_ids": list(r)}
                                  for k, r in enumerate(SENTENCES)},
                    "annotations": {"entities": entities, "events": events,
                                    "coreference": {"entities": {"b1": ["entity_5", "entity_8"]},
                                                    "events": {"b2": ["event_1", "event_3"]}},
                                    "iptc_codes": {}}}}


def write_document(root: Path, folder: str, data: dict, *, parses=PARSES) -> Path:
    where = root / folder
    (where / "alpino").mkdir(parents=True)
    (where / "dnaf.json").write_text(json.dumps(data), encoding="utf-8")
    for number, xml in parses.items():
        (where / "alpino" / f"{number}.xml").write_text(xml, encoding="utf-8")
    (where / "lets.csv").write_text("".join(f"{t}\t{t.lower()}\tN(soort)\tB-NP\tO\n"
                                            for t in TOKENS), encoding="utf-8")
    return where


def write_corpus(root: Path) -> Path:
    """The fixture corpus: eventdna_1, a duplicate of it (eventdna_2, same meta.id), and a
    document whose token count does not add up (eventdna_3)."""
    corpus = root / "eventdna"
    write_document(corpus, "eventdna_1", dnaf())
    write_document(corpus, "eventdna_2", dnaf())
    broken = dnaf("eventdna_3")
    broken["doc"]["token_string"] += " extra"
    write_document(corpus, "eventdna_3", broken)
    return corpus


def write_parts(root: Path, count: int = 5) -> Path:
    """The fixture document ``count`` times as eventdna_1 .. _count, under ``root/eventdna``:
    with five, eventdna_1, _4 and _5 fall in the train part, _2 in validation and _3 in
    test."""
    corpus = root / "eventdna"
    for n in range(1, count + 1):
        write_document(corpus, f"eventdna_{n}", dnaf(f"eventdna_{n}"))
    return corpus


def fixture_trees(repeat: int = 1) -> list:
    """The fixture's Alpino parses as dependency trees, each ``repeat`` times (a parser
    needs a relation 30 times before it keeps its label)."""
    from kroniek.corpora import alpino
    from kroniek.corpora.eventdna_syntax import Tree

    trees = []
    for xml in PARSES.values():
        node = alpino.parse(xml)
        trees.append(Tree(alpino.words(node), *alpino.dependencies(node)))
    return trees * repeat


def fixture_parser(repeat: int = 30, *, epochs: int = 2):
    """A :class:`~baselines.realnews_syntax.SyntaxModel` fitted on :func:`fixture_trees`
    (``repeat`` times) in ``epochs`` epochs: a parser a test can afford."""
    import kroniek_baselines.realnews_syntax as realnews_syntax

    before, realnews_syntax.EPOCHS = realnews_syntax.EPOCHS, epochs
    try:
        return realnews_syntax.SyntaxModel().fit(fixture_trees(repeat))
    finally:
        realnews_syntax.EPOCHS = before


def sentence(doc: int, words, triggers=()):
    """A trigger tagger's :class:`~baselines.realnews_triggers.Sentence` of made-up
    ``words`` (one token each, word features), with ATTACK triggers at ``triggers``."""
    from kroniek_baselines.realnews_triggers import Sentence

    return Sentence(doc, [(k, k + 1) for k in range(len(words))], words,
                    [[f"w={w.lower()}", "bias"] for w in words],
                    [([k], "ATTACK") for k in triggers], 1.0)


def write_archive(root: Path) -> Path:
    corpus = write_corpus(root)
    archive = root / "eventdna.tar.xz"
    with tarfile.open(archive, "w:xz") as tar:
        tar.add(corpus, arcname="eventdna")
    return archive
