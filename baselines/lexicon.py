"""``lexicon.v1``: gazetteer entities plus event triggers from a lemma lexicon, with
argument roles from prepositions and word order, and realis from modal and negation cues.

Triggers: a token whose simplemma lemma (or lower-cased form) is in :data:`TRIGGERS`.
A separable verb is looked up with its particle when the particle stands later in the
clause or right before ``te`` ("rukte ... op" -> ``oprukken``; "aan te voeren" ->
``aanvoeren``); the trigger span is the finite part. Two fixed idioms are one span:
``in handen`` + a following verb ("in handen kreeg") and ``slaags`` + auxiliaries +
``geraakt``.

Realis: OTHER when the trigger's clause (between punctuation and subordinating words
such as ``dat``/``die``/``toen``) holds a modal (zou, kan, moet, wil, zal), a
negation (geen, niet, nooit) or a condition (als, indien); otherwise ACTUAL.

Arguments: each entity in a sentence is an argument of at most one trigger, the
nearest one in the same sentence. Its role comes from the preposition before it
(``naar`` DESTINATION, ``uit``/``vanuit`` SOURCE, ``in``/``bij``/``nabij`` PLACE,
``door`` AGENT, ``van``/``op``/``om``/``met`` right after a nominal trigger PATIENT,
or AGENT for SUPPORT), or from its type (TIME) or position (a person, organisation or
place before the trigger is its AGENT, one after it its PATIENT, or a place after a
MOVEMENT its DESTINATION). NORP words are never arguments.

>>> doc = {"id": "d", "text": "De rebellen zouden de stad aanvallen."}
>>> ev = Lexicon().predict([doc])[0]["events"][0]
>>> ev["text"], ev["type"], ev["realis"]
('aanvallen', 'ATTACK', 'OTHER')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from kroniek.documents import Document

from ._spans import Span, Tokens, build, per_sentence, tokenize
from kroniek.system import System
from .gazetteer import find_entities
from kroniek.system import register

_LEXICON = {
    "ATTACK": """aanval aanvallen tegenaanval luchtaanval raketaanval offensief schieten
        beschieten beschieting bombardement bombarderen aanslag zelfmoordaanslag gevecht
        vechten strijd bestoken doden vermoorden executeren ontvoeren explosie ontploffen
        verwonden opblazen slaags belegeren beleg hinderlaag""",
    "TERRITORY_CHANGE": """herovering heroveren verovering veroveren val verlies verliezen
        innemen inname bevrijden bevrijding overnemen overname""",
    "MOVEMENT": """oprukken opmars binnenrijden binnentrekken binnenkomen binnenreden
        aanvoeren aanvoer escorteren terugtrekken terugtrekking vluchten evacueren evacuatie
        verplaatsen sturen vertrekken aankomen overbrengen trekken uittrekken wegtrekken
        terugkeren""",
    "STATEMENT": """melden verklaren aankondigen noemen zeggen bevestigen ontkennen
        waarschuwen meedelen verklaring beweren aankondiging dreigen eisen""",
    "SUPPORT": """steunen steun helpen hulp bijstaan bewapenen financieren ondersteunen
        ondersteuning""",
}
TRIGGERS: dict[str, str] = {lemma: label for label, words in _LEXICON.items()
                            for lemma in words.split()}
"""Lemma (or lower-cased word form) -> event type."""

PARTICLES = ("op", "aan", "in", "uit", "binnen", "terug", "af", "over", "mee", "weg", "door",
             "bij", "voor", "na", "toe", "om")
HOLD_VERBS = ("krijgen", "hebben", "nemen", "vallen", "zijn", "komen", "houden")
CLAUSE_WORDS = ("dat", "die", "toen", "nadat", "voordat", "omdat", "terwijl", "maar", "want",
                "waardoor", "waarna", "zodat", "hoewel")
CLAUSE_MARKS = (",", ";", ":", "(", ")", "–", "-", '"', "'")
MODALS = ("zullen", "kunnen", "moeten", "willen", "mogen", "zou", "zouden", "kan", "moet",
          "wil", "zal")
NEGATIONS = ("geen", "niet", "nooit", "nergens", "niemand")
CONDITIONS = ("indien", "mocht", "mogelijk", "misschien", "eventueel")
DETERMINERS = ("de", "het", "een", "deze", "die", "dit", "dat", "hun", "haar", "zijn")
AGENT_TYPES = ("PER", "ORG", "GPE")
PLACE_TYPES = ("GPE", "LOC", "FAC")
PATIENT_TYPES = ("PER", "ORG", "GPE", "LOC", "FAC", "VEH", "WEA")
PREPOSITION_ROLES = {"naar": "DESTINATION", "uit": "SOURCE", "vanuit": "SOURCE",
                     "in": "PLACE", "bij": "PLACE", "nabij": "PLACE", "rond": "PLACE",
                     "door": "AGENT"}
OBJECT_PREPOSITIONS = ("van", "op", "om", "met", "tegen")


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """simplemma's Dutch lemma of ``word``, lower-cased."""
    import simplemma

    return simplemma.lemmatize(word.lower(), lang="nl").lower()


@dataclass
class Trigger:
    """A trigger found in a sentence: token positions ``first``..``end`` (exclusive)."""

    first: int
    end: int
    type: str
    realis: str
    lemma: str


@dataclass
class Analysis:
    """What the lexicon found in one document; :mod:`baselines.rules` builds on it."""

    tokens: Tokens
    entities: list[Span]
    events: list[Span] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)         # per event
    sentence: list[int] = field(default_factory=list)       # per event
    arguments: list[tuple[int, int, str]] = field(default_factory=list)


def clause_bounds(words: Sequence[str], i: int) -> tuple[int, int]:
    """Token range of the clause around position ``i``."""
    def boundary(k: int) -> bool:
        return words[k] in CLAUSE_MARKS or words[k].lower() in CLAUSE_WORDS
    start = i
    while start > 0 and not boundary(start - 1):
        start -= 1
    end = i + 1
    while end < len(words) and not boundary(end):
        end += 1
    return start, end


def realis(words: Sequence[str], first: int, end: int) -> str:
    """OTHER when the clause of ``words[first:end]`` has a modal, negation or condition."""
    lo, hi = clause_bounds(words, first)
    hi = max(hi, clause_bounds(words, end - 1)[1])
    cues = {w.lower() for w in words[lo:hi]}
    if cues & set(MODALS + NEGATIONS + CONDITIONS) or {lemma(w) for w in cues} & set(MODALS):
        return "OTHER"
    return "ACTUAL"


def find_triggers(words: Sequence[str]) -> list[Trigger]:
    """Triggers in one sentence's words."""
    lemmas = [lemma(w) for w in words]
    lower = [w.lower() for w in words]
    found: list[Trigger] = []
    taken: set[int] = set()
    for i in range(len(words)):                          # fixed idioms first
        if lower[i] == "in" and i + 1 < len(words) and lower[i + 1] == "handen":
            end = i + 3 if i + 2 < len(words) and lemmas[i + 2] in HOLD_VERBS else i + 2
            found.append(Trigger(i, end, "TERRITORY_CHANGE", "", "in handen"))
        elif lower[i] == "slaags":
            end = i + 1
            while end < len(words) and end - i <= 3 and lemmas[end] in ("zijn", "raken"):
                end += 1
            found.append(Trigger(i, end, "ATTACK", "", "slaags"))
    for t in found:
        taken.update(range(t.first, t.end))
    for i, word in enumerate(words):
        if i in taken or not word[:1].isalpha():
            continue
        key = _separable(lemmas, lower, i) or next(
            (k for k in (lemmas[i], lower[i]) if k in TRIGGERS), None)
        if key:
            found.append(Trigger(i, i + 1, TRIGGERS[key], "", key))
    for t in found:
        t.realis = realis(words, t.first, t.end)
    return sorted(found, key=lambda t: t.first)


def _separable(lemmas: Sequence[str], lower: Sequence[str], i: int) -> str | None:
    """The particle verb lemma for position ``i`` if its particle is in the clause."""
    lo, hi = clause_bounds(lower, i)
    candidates = [k for k in range(i + 1, hi) if lower[k] in PARTICLES]
    if i >= 2 and lower[i - 1] == "te" and lower[i - 2] in PARTICLES:
        candidates.append(i - 2)
    for k in candidates:
        key = lower[k] + lemmas[i]
        if key in TRIGGERS:
            return key
    return None


def find_arguments(words: Sequence[str], triggers: Sequence[Trigger],
                   entities: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """(trigger, entity, role) in one sentence; ``entities`` are (first, end, type) token
    ranges. Each entity goes to its nearest trigger; a role that comes from word order
    alone (no preposition) goes to the nearest such entity only."""
    out = []
    by_position: dict[tuple[int, str], tuple[int, int]] = {}
    for e, (first, end, etype) in enumerate(entities):
        if etype == "NORP" or not triggers:
            continue
        t = min(range(len(triggers)), key=lambda k: _distance(triggers[k], first, end))
        trig = triggers[t]
        if first < trig.end and end > trig.first:
            continue                                     # overlaps the trigger itself
        role, positional = _role(words, trig, first, end, etype)
        if role and positional:
            distance = _distance(trig, first, end)
            if distance < by_position.get((t, role), (1 << 30, -1))[0]:
                by_position[(t, role)] = (distance, e)
        elif role:
            out.append((t, e, role))
    out += [(t, e, role) for (t, role), (_, e) in by_position.items()]
    return sorted(out)


def _distance(trig: Trigger, first: int, end: int) -> int:
    return trig.first - end if end <= trig.first else first - trig.end


def _role(words: Sequence[str], trig: Trigger, first: int, end: int,
          etype: str) -> tuple[str | None, bool]:
    """The role of an entity for ``trig`` and whether it comes from word order alone."""
    if etype == "TIME":
        return "TIME", True
    k = first - 1
    while k >= 0 and words[k].lower() in DETERMINERS:
        k -= 1
    prep = words[k].lower() if k >= 0 else ""
    role = PREPOSITION_ROLES.get(prep)
    if role == "AGENT":
        return (role if etype in AGENT_TYPES else None), False
    if role:
        return (role if etype in PLACE_TYPES else None), False
    if prep in OBJECT_PREPOSITIONS:
        if k != trig.end:
            return None, False
        if trig.type == "SUPPORT" and etype in AGENT_TYPES:   # "steun van het leger"
            return "AGENT", False
        return ("PATIENT" if etype in PATIENT_TYPES else None), False   # "de val van Mosul"
    if trig.type == "MOVEMENT" and (etype in ("LOC", "FAC") or
                                    (etype in PLACE_TYPES and end == trig.first)):
        return "DESTINATION", True                       # "de provincie Idlib binnengereden"
    if end <= trig.first:
        if trig.type == "STATEMENT" and etype not in ("PER", "ORG"):
            return None, False
        return ("AGENT" if etype in AGENT_TYPES else None), True
    if trig.type == "MOVEMENT" and etype in PLACE_TYPES:
        return "DESTINATION", True
    if trig.type != "STATEMENT" and etype in PATIENT_TYPES:
        return "PATIENT", True
    return None, False


def analyse(documents: Sequence[Document]) -> list[Analysis]:
    """Entities, triggers and arguments for each document."""
    results = []
    for doc, toks in zip(documents, tokenize(documents)):
        result = Analysis(toks, find_entities(toks))
        by_start = {s: k for k, (s, _e, *_r) in enumerate(result.entities)}
        for n, (sent, mine) in enumerate(zip(toks.sentences,
                                             per_sentence(toks, result.entities))):
            words = [toks.text[s:e] for s, e in sent.tokens]
            starts = {s: i for i, (s, _) in enumerate(sent.tokens)}
            ends = {e: i + 1 for i, (_, e) in enumerate(sent.tokens)}
            ents = [(starts[sp.start], ends[sp.end], sp.label, by_start[sp.start])
                    for sp in mine]
            triggers = find_triggers(words)
            base = len(result.events)
            for t in triggers:
                result.events.append(Span(sent.tokens[t.first][0], sent.tokens[t.end - 1][1],
                                          t.type, t.realis))
                result.lemmas.append(t.lemma)
                result.sentence.append(n)
            for t, e, role in find_arguments(words, triggers, [x[:3] for x in ents]):
                result.arguments.append((base + t, ents[e][3], role))
        results.append(result)
    return results


@register
class Lexicon(System):
    name = "lexicon"
    version = 1
    tasks = ("entities", "triggers", "arguments")
    caveat = ("its hand lists (organisations, nominal heads, time words, trigger lemmas) were written "
              "after reading the seed article, which is also the test document: the "
              "score is optimistic, a development score rather than a test score")
    description = ("gazetteer.v1 entities; triggers from a lemma lexicon per event type; "
                   "arguments from prepositions and word order; realis from modal and "
                   "negation cues")

    def predict(self, documents: Sequence[Document]) -> list[Document]:
        return [build(doc, entities=a.entities, events=a.events, arguments=a.arguments)
                for doc, a in zip(documents, analyse(documents))]
