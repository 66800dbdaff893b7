"""What the annotation guidelines decide, as data for :mod:`kroniek.consistency`.

The role table of section 3.1, trigger words whose type a rule of sections 8-9 fixes, the
words that decide a mention level (section 1.2), forms whose labels a rule decides by
context, a small list of place names Dutch spells its own way, and a crude Dutch stem to
group inflections. Each entry names its rule (a section number of annotations/GUIDELINES.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Roles each event type may have (GUIDELINES 3.1; OTHER has no SOURCE/DESTINATION, 9.20).
ROLES: dict[str, frozenset[str]] = {
    "ATTACK": frozenset({"AGENT", "PATIENT", "SOURCE", "PLACE", "TIME"}),
    "TERRITORY_CHANGE": frozenset({"AGENT", "PATIENT", "SOURCE", "PLACE", "TIME"}),
    "MOVEMENT": frozenset({"AGENT", "PATIENT", "SOURCE", "DESTINATION", "PLACE", "TIME"}),
    "STATEMENT": frozenset({"AGENT", "PLACE", "TIME"}),
    "SUPPORT": frozenset({"AGENT", "PATIENT", "PLACE", "TIME"}),
    "OTHER": frozenset({"AGENT", "PATIENT", "PLACE", "TIME"}),
}
PLACES = frozenset({"GPE", "LOC", "FAC", "VEH"})   # what can be a PLACE (aboard a ship too)


@dataclass(frozen=True)
class TriggerRule:
    """Triggers matching ``pattern`` (lower-cased text) must have a type in ``allowed``."""

    pattern: re.Pattern
    allowed: frozenset[str]
    rule: str
    says: str
    without_agent: bool = False   # the rule only holds when the trigger has no AGENT


def _rule(pattern: str, allowed: str, rule: str, says: str, **kw) -> TriggerRule:
    return TriggerRule(re.compile(pattern), frozenset(allowed.split()), rule, says, **kw)


TRIGGER_RULES: tuple[TriggerRule, ...] = (
    _rule(r"^(inval(len)?|invasie|binnenval\w*|binnenviel\w*|viel(en)? \w+ binnen)$", "ATTACK OTHER", "9.9",
          "an incursion is ATTACK, a police raid OTHER, never MOVEMENT"),
    _rule(r"^(gedood|gedode|doodgeschoten|vermoord|omgebracht)$", "OTHER", "8.3",
          "a killing with no doer in the clause is OTHER", without_agent=True),
    _rule(r"^(om het leven( gekomen| kwamen| gekomen zijn)?|omgekomen|omkwamen|kwamen om|"
          r"sneuvelde[n]?|gesneuveld|overleden|overleed|stierf|stierven)$", "OTHER", "8.3",
          "dying is OTHER"),
    _rule(r"^(gearresteerd|arresteerde[n]?|arrestatie\w*|aangehouden|aanhouding\w*|opgepakt|"
          r"hield(en)? aan|arresteren)$", "OTHER", "8.3", "arrest and detention are OTHER"),
    _rule(r"^(ontvoer\w*|gijzel\w*|gegijzeld)$", "OTHER", "9.8",
          "kidnapping and hostage-taking are OTHER"),
    _rule(r"^(gered|redde[n]?|redding\w*)$", "OTHER", "8.3", "a rescue is OTHER"),
    _rule(r"^(evacu\w+|geëvacueerd|vlucht\w*|gevlucht|ontvlucht\w*)$", "MOVEMENT", "8.3",
          "evacuation and fleeing are MOVEMENT"),
    _rule(r"^(herdenk\w*|rouw\w*|begrafenis\w*|uitvaart\w*)$", "OTHER", "8.3",
          "mourning and commemoration are OTHER"),
    _rule(r"^(onderhandel\w*|besprekingen|staakt-het-vuren|wapenstilstand|akkoord)$", "OTHER",
          "8.3", "talks, ceasefires and agreements are OTHER"),
    _rule(r"^(demonstr\w*|betoging\w*)$", "OTHER", "8.3", "protests are OTHER"),
    _rule(r"^(ontkent|ontkende[n]?|beschuldig\w*|waarschuw\w*|riep|riepen|roept)$", "STATEMENT",
          "8.3", "denial, accusation, warning and calling on are STATEMENT"),
    _rule(r"^volgens$", "", "8.3", "'volgens' is a preposition, not a trigger"),
    _rule(r"^(plan\w*|gepland|voorbereid\w*|beraam\w*|beraamd|organiseer\w*|georganiseerd)$", "",
          "9.7",
          "planning, preparing and organising are not triggers"),
)

PRONOUNS = frozenset("ik jij je u hij zij ze wij we jullie het hem haar hen hun mij me ons "
                     "zijn mijn jouw uw onze".split())
# Pronouns that are no other word (``mijn`` is also a sea mine, ``haar`` hair, ``zijn`` to be).
ONLY_PRONOUNS = frozenset("ik jij hij zij ze wij we jullie hem hen hun ons onze uw".split())
DETERMINERS = frozenset("de het een deze die dit dat hun zijn haar".split())
CALENDAR = re.compile(r"(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|januari|"
                      r"februari|maart|april|mei|juni|juli|augustus|september|oktober|"
                      r"november|december|kerst|pasen|ramadan)", re.I)

# Place names Dutch spells its own way (English spelling -> Dutch); a small list, checked
# on whole words of the text.
EXONYMS: dict[str, str] = {
    "Sudan": "Soedan", "Sudanese": "Soedanese", "Khartoum": "Khartoem", "Chad": "Tsjaad",
    "Chadian": "Tsjadisch", "Ukraine": "Oekraïne", "Ukrainian": "Oekraïens", "Russia": "Rusland",
    "Syria": "Syrië", "Lebanon": "Libanon", "Yemen": "Jemen", "Somalia": "Somalië",
    "Ethiopia": "Ethiopië", "Libya": "Libië", "Iraq": "Irak", "Crimea": "Krim",
    "Moscow": "Moskou", "Kharkiv": "Charkiv", "Kherson": "Cherson", "Zaporizhzhia": "Zaporizja",
    "Kursk": "Koersk", "Chechnya": "Tsjetsjenië", "Georgia": "Georgië",
    "Azerbaijan": "Azerbeidzjan", "Armenia": "Armenië", "Black Sea": "Zwarte Zee",
    "Red Sea": "Rode Zee", "Baltic Sea": "Oostzee", "Mozambique": "Mozambique",
    "Egypt": "Egypte", "Tunisia": "Tunesië", "Algeria": "Algerije", "Morocco": "Marokko",
    "Afghan": "Afghaans", "Pakistani": "Pakistaans", "Lebanese": "Libanees",
    "Syrian": "Syrisch", "Russian": "Russisch", "Turkey": "Turkije", "Belgium": "België",
    "Germany": "Duitsland", "France": "Frankrijk", "Poland": "Polen",
}
EXONYMS = {k: v for k, v in EXONYMS.items() if k != v}
EXONYM_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, EXONYMS), key=len, reverse=True))
                     + r")\b")


# Forms whose labels a rule decides by context (so differing labels may both be right).
CONTEXT_RULES: dict[str, str] = {
    "groep": "9.3", "menigte": "9.3", "partijen": "9.24", "regio": "8.2", "gebied": "8.2",
    "centrum": "8.2", "terrein": "6", "water": "9.6", "dagelijks": "9.6", "doden": "8.3",
    "brand": "8.3", "in brand": "8.3", "explosie": "8.3", "vijand": "9.22", "bondgenoten": "8.2",
    "regering": "1.1", "autoriteiten": "1.1", "ze": "1.1", "zij": "1.1", "het": "1.1",
    "zijn": "1.2", "haar": "1.2", "hun": "1.2", "we": "1.1", "operatie": "9.10",
    "getroffen": "8.4", "beschadigd": "8.3", "val": "2.1", "bevrijd": "2.1",
}


def deciding(form: str) -> str | None:
    """The rule that decides the labels of ``form``: a trigger rule or a context rule."""
    form = form.lower()
    if form in CONTEXT_RULES:
        return CONTEXT_RULES[form]
    return next((r.rule for r in TRIGGER_RULES if r.pattern.match(form)), None)


def lemma(words: str) -> str:
    """A crude Dutch stem, enough to group inflections of one word (no lexicon).

    >>> lemma("invallen"), lemma("Inval"), lemma("aanvallen"), lemma("drones")
    ('inval', 'inval', 'aanval', 'drone')
    """
    out = []
    for word in words.lower().split():
        for suffix in ("en", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
                word = word[:-len(suffix)]
                break
        if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
            word = word[:-1]
        out.append(word)
    return " ".join(out)
