"""The label inventory of Kroniek, declared once.

Everything that names a label -- the Label Studio labeling config, the Hugging Face
``datasets.Features``, the validators, the dataset card and the metrics -- reads it from
here, so that a label added or renamed in this module changes all of them together.

The inventories follow docs/FORMAT.md section 1 exactly, in the order given there: ClassLabel
integers are positions in these tuples.

>>> ENTITY_TYPES[:3]
('PER', 'ORG', 'GPE')
>>> NER_TAGS[:4]
('O', 'B-PER', 'I-PER', 'B-ORG')
>>> kind_of_relation("AGENT"), kind_of_relation("BEFORE"), kind_of_relation("COREFERENCE")
('argument', 'relation', 'coreference')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SCHEMA_VERSION = "1.0"
LANGUAGE = "nl"

ENTITY_TYPES: tuple[str, ...] = ("PER", "ORG", "GPE", "LOC", "FAC", "VEH", "WEA", "NORP", "TIME")
MENTION_LEVELS: tuple[str, ...] = ("NAM", "NOM", "PRO")
EVENT_TYPES: tuple[str, ...] = (
    "ATTACK", "TERRITORY_CHANGE", "MOVEMENT", "STATEMENT", "SUPPORT", "OTHER",
)
REALIS: tuple[str, ...] = ("ACTUAL", "OTHER")
ARGUMENT_ROLES: tuple[str, ...] = ("AGENT", "PATIENT", "SOURCE", "DESTINATION", "PLACE", "TIME")
EVENT_RELATIONS: tuple[str, ...] = (
    "SUBEVENT", "CAUSE", "PRECONDITION", "BEFORE", "OVERLAP", "CONTAINS",
    "SIMULTANEOUS", "BEGINS_ON", "ENDS_ON",
)
COREFERENCE = "COREFERENCE"

TASKS: tuple[str, ...] = ("entities", "triggers", "arguments", "relations", "coreference")
"""What a system can do, and what is scored: the score families of docs/FORMAT.md section 3."""

# Names of the Label Studio controls (docs/FORMAT.md section 1, "Label Studio side").
TEXT = "text"
DOCUMENT_ID = "document_id"
ENTITY = "entity"
EVENT = "event"
MENTION = "mention"
REALIS_CONTROL = "realis"

RelationKind = Literal["argument", "relation", "coreference"]
SpanKind = Literal["entity", "event"]


def bio_tags(types: tuple[str, ...]) -> tuple[str, ...]:
    """IOB2 tag names for ``types``: ``O`` then ``B-X, I-X`` per type, in inventory order."""
    tags = ["O"]
    for label in types:
        tags += [f"B-{label}", f"I-{label}"]
    return tuple(tags)


NER_TAGS = bio_tags(ENTITY_TYPES)
TRIGGER_TAGS = bio_tags(EVENT_TYPES)

RELATION_LABELS: tuple[str, ...] = ARGUMENT_ROLES + EVENT_RELATIONS + (COREFERENCE,)


def kind_of_relation(label: str) -> RelationKind:
    """Which layer a Label Studio relation label belongs to; ``KeyError`` if none."""
    if label in ARGUMENT_ROLES:
        return "argument"
    if label in EVENT_RELATIONS:
        return "relation"
    if label == COREFERENCE:
        return "coreference"
    raise KeyError(label)


@dataclass(frozen=True)
class Layer:
    """One row of docs/FORMAT.md section 1's table: a named inventory and where it lives."""

    name: str
    labels: tuple[str, ...]
    description: str


LAYERS: tuple[Layer, ...] = (
    Layer("entity type", ENTITY_TYPES, "ACE 2005 entity types plus NORP and TIME"),
    Layer("mention level", MENTION_LEVELS, "per entity region: named, nominal, pronominal"),
    Layer("event type", EVENT_TYPES, "the type of an event trigger"),
    Layer("realis", REALIS, "per trigger region: asserted to happen(ed) or not"),
    Layer("argument role", ARGUMENT_ROLES, "relation trigger -> entity"),
    Layer("event relation", EVENT_RELATIONS, "relation trigger -> trigger (MAVEN-ERE families)"),
    Layer("coreference", (COREFERENCE,), "entity -> entity, or trigger -> trigger"),
)

# Label Studio region colours; purely cosmetic, kept here so config and HTML views agree.
COLOURS: dict[str, str] = {
    "PER": "#f4a261", "ORG": "#2a9d8f", "GPE": "#e9c46a", "LOC": "#8ab17d", "FAC": "#b5838d",
    "VEH": "#6d6875", "WEA": "#e76f51", "NORP": "#a8dadc", "TIME": "#bde0fe",
    "ATTACK": "#d62828", "TERRITORY_CHANGE": "#f77f00", "MOVEMENT": "#003049",
    "STATEMENT": "#7209b7", "SUPPORT": "#2b9348", "OTHER": "#6c757d",
}
