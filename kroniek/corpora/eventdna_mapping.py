"""EventDNA's labels in Kroniek's terms: the one declarative table (docs/FORMAT.md §8).

EventDNA (Colruyt, De Clercq, Desot and Hoste 2023) annotates entities with PER, ORG,
LOC and MISC, full extents and heads; events as clause or phrase spans with ERE-like
types; arguments as token spans. Everything the importer (:mod:`kroniek.corpora.eventdna`)
and the cross-scheme scorer (:mod:`kroniek.metrics.crossscheme`) decide about labels is
read from the tables below, so that importing and scoring agree.

>>> event_type("Conflict", "Attack"), sorted(COMPATIBLE[("Life", "Die")])
('ATTACK', ['ATTACK', 'OTHER'])
>>> ROLES["Target"], ROLES.get("Instrument")
('PATIENT', None)
>>> entity_type("LOC", "NAM", head_pos=("adj",)), entity_type("LOC", "NOM", head_lemma="stad")
('NORP', 'GPE')
"""

from __future__ import annotations

MAPPING_VERSION = "eventdna-kroniek.v1"
"""Named in every cross-scheme result, so a score says which table it used."""

# -- entities ---------------------------------------------------------------------------
ENTITY_TYPES: dict[str, str | None] = {"PER": "PER", "ORG": "ORG", "LOC": "GPE", "MISC": None}
"""EventDNA type -> Kroniek type (LOC is refined by :func:`entity_type`); ``None``: no
Kroniek type (MISC: kept in the document's ``eventdna.unmapped`` list, counted)."""

MENTION_LEVELS: dict[str, str] = {"NAM": "NAM", "NOM": "NOM", "PRON": "PRO"}

GPE_NOUNS = frozenset((
    "land", "stad", "hoofdstad", "provincie", "staat", "gemeente", "dorp", "deelstaat",
    "koninkrijk", "republiek", "natie", "rijk", "kalifaat", "grootstad", "wereldstad",
    "thuisland", "lidstaat", "buurland", "regering",
))
"""Nominal LOC heads that name a unit with a government (Kroniek GPE, guidelines §1.1)."""

FAC_NOUNS = frozenset((
    "basis", "luchtmachtbasis", "kamp", "vluchtelingenkamp", "gevangenis", "ziekenhuis",
    "school", "gebouw", "luchthaven", "vliegveld", "station", "weg", "snelweg", "brug",
    "huis", "woning", "kazerne", "haven", "moskee", "kerk", "overgang", "grensovergang",
    "hotel", "restaurant", "winkel", "fabriek", "centrale", "ambassade", "paleis", "stadion",
    "straat", "plein", "tunnel", "muur", "flat", "appartement", "café", "markt",
))
"""Nominal LOC heads that name a built facility (Kroniek FAC)."""


def entity_type(source: str, level: str, *, head_lemma: str = "",
                head_pos: tuple[str, ...] = ()) -> str | None:
    """The Kroniek type of an EventDNA entity, from its type, level and head.

    A head that Alpino parses as adjectives only (``Amerikaanse``, ``Koerdische``) is a
    NORP word in Kroniek (guidelines §1.3), whatever EventDNA's type; a nominal LOC head
    is GPE or FAC by its lemma (:data:`GPE_NOUNS`, :data:`FAC_NOUNS`), else LOC; a named
    LOC is GPE (in news mostly countries and cities); a pronoun of a place stays GPE.
    """
    mapped = ENTITY_TYPES.get(source)
    if head_pos and all(p == "adj" for p in head_pos) and level == "NAM":
        return "NORP"
    if mapped is None or source != "LOC":
        return mapped
    if level == "NOM":
        last = head_lemma.rsplit("_", 1)[-1].lower()
        return "GPE" if last in GPE_NOUNS else "FAC" if last in FAC_NOUNS else "LOC"
    return "GPE"


SCORING_CLASSES: dict[str, str | None] = {
    "PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "LOC",
    "TIME": None, "VEH": None, "WEA": None,
}
"""Kroniek type -> the class entity head matching compares (EventDNA's LOC covers GPE,
LOC, FAC and nationality words); ``None``: left out of the comparison on both sides."""

SOURCE_CLASSES: dict[str, str | None] = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": None}
"""EventDNA type -> the class entity head matching compares."""

# -- events -----------------------------------------------------------------------------
EVENT_TYPES: dict[tuple[str, str], str | None] = {
    ("Conflict", "Attack"): "ATTACK",
    ("Conflict", "Conflict"): "ATTACK",
    ("Conflict", "Demonstrate"): "OTHER",
    ("Life", "Die"): "OTHER",
    ("Life", "Injure"): "OTHER",
    ("Movement", "TransportPerson"): "MOVEMENT",
    ("Movement", "TransportArtifact"): "MOVEMENT",
    ("Contact", "Broadcast"): "STATEMENT",
    ("Contact", "Contact"): "STATEMENT",
    ("Contact", "Correspondence"): "STATEMENT",
    ("Contact", "Meet"): "OTHER",
    ("Transaction", "TransferMoney"): "OTHER",
    ("Transaction", "TransferOwnership"): "OTHER",
    ("Transaction", "Transaction"): "OTHER",
    ("Unknown", "Unknown"): None,
}
"""(EventDNA type, subtype) -> the Kroniek type the importer gives its trigger. Any other
known type (Justice, Personnel, Politics, Business, Journalism, Manufacture, Life/BeBorn,
Life/Marry) is OTHER (:data:`DEFAULT_EVENT_TYPE`); ``Unknown`` has no Kroniek type: it is
kept in ``eventdna.unmapped`` and left out of scoring on both sides."""

DEFAULT_EVENT_TYPE = "OTHER"

WITH_DOER: dict[tuple[str, str], tuple[str, str]] = {
    ("Life", "Die"): ("Agent", "ATTACK"), ("Life", "Injure"): ("Agent", "ATTACK"),
}
"""Events whose Kroniek type depends on a doer (guidelines §8.3: a killing with a doer is
ATTACK, dying without one OTHER): (type, subtype) -> (EventDNA role, type when present)."""

COMPATIBLE: dict[tuple[str, str], frozenset[str]] = {
    ("Conflict", "Conflict"): frozenset({"ATTACK", "OTHER"}),
    ("Life", "Die"): frozenset({"ATTACK", "OTHER"}),      # a killing with a doer is ATTACK
    ("Life", "Injure"): frozenset({"ATTACK", "OTHER"}),
    ("Contact", "Contact"): frozenset({"STATEMENT", "OTHER"}),
    ("Contact", "Correspondence"): frozenset({"STATEMENT", "OTHER"}),
    ("Transaction", "TransferMoney"): frozenset({"SUPPORT", "OTHER"}),
    ("Transaction", "TransferOwnership"): frozenset({"SUPPORT", "OTHER", "TERRITORY_CHANGE",
                                                    "MOVEMENT"}),
    ("Movement", "TransportArtifact"): frozenset({"MOVEMENT", "SUPPORT"}),
}
"""Kroniek types a predicted trigger may have to classify an EventDNA event correctly,
where more than the imported type is right (Kroniek's guidelines §8.3 split dying by
whether there is a doer; a weapons delivery can be SUPPORT). Otherwise: the imported type."""


def event_type(source_type: str, subtype: str, roles: tuple[str, ...] = ()) -> str | None:
    """The Kroniek type of an EventDNA event with argument ``roles``; ``None`` for Unknown."""
    key = (source_type, subtype)
    if key in WITH_DOER and WITH_DOER[key][0] in roles:
        return WITH_DOER[key][1]
    if key in EVENT_TYPES:
        return EVENT_TYPES[key]
    return None if source_type == "Unknown" else DEFAULT_EVENT_TYPE


def compatible(source_type: str, subtype: str) -> frozenset[str]:
    """Kroniek trigger types that classify this EventDNA event correctly (empty: Unknown)."""
    mapped = event_type(source_type, subtype)
    if mapped is None:
        return frozenset()
    return COMPATIBLE.get((source_type, subtype), frozenset({mapped}))


def realis(modality: str, pos_neg: str = "", tense: str = "") -> str:
    """Kroniek realis: ACTUAL for an asserted, positive, not-future event; else OTHER
    (Kroniek's OTHER covers future, hypothetical and negated events, guidelines §2.4)."""
    if modality == "Asserted" and pos_neg != "Negative" and tense != "Future":
        return "ACTUAL"
    return "OTHER"


# -- arguments --------------------------------------------------------------------------
ROLES: dict[str, str] = {
    "Attacker": "AGENT", "Target": "PATIENT", "Victim": "PATIENT", "Place": "PLACE",
    "Time": "TIME", "Origin": "SOURCE", "Destination": "DESTINATION",
}
"""EventDNA argument role -> Kroniek role, for any event type. Other roles (Contact's
Entity, Sender and Receiver, Instrument, Participant, Person, Giver, ...) have no Kroniek
counterpart that holds for every event: kept in ``eventdna.unmapped``, counted."""

# -- coreference ------------------------------------------------------------------------
COREFERENCE = ("entity buckets -> clusters of the mapped entities (two or more); event "
               "buckets -> clusters of the mapped triggers (two or more); members without a "
               "Kroniek counterpart are counted as left out")

TABLE: dict[str, object] = {
    "version": MAPPING_VERSION,
    "entity_types": ENTITY_TYPES, "mention_levels": MENTION_LEVELS,
    "event_types": {f"{t}/{s}": k for (t, s), k in EVENT_TYPES.items()},
    "default_event_type": DEFAULT_EVENT_TYPE, "roles": ROLES, "coreference": COREFERENCE,
}
