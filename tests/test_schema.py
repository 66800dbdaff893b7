"""The schema is the one source of labels: config, features and tags follow it."""

from pathlib import Path

from kroniek import schema
from kroniek.features import features
from kroniek.labelconfig import labeling_config, same_config

ROOT = Path(__file__).resolve().parent.parent


def test_committed_labeling_config_is_the_generated_one():
    committed = (ROOT / "annotations" / "labeling_config.xml").read_text(encoding="utf-8")
    assert committed == labeling_config(), (
        "annotations/labeling_config.xml is stale: regenerate it with "
        "python -c 'from kroniek.labelconfig import labeling_config as l; "
        "open(\"annotations/labeling_config.xml\", \"w\").write(l())'")


def test_labeling_config_names_spec_controls_and_every_label():
    import xml.etree.ElementTree as ET

    root = ET.fromstring(labeling_config())
    names = {el.get("name"): el.tag for el in root.iter() if el.get("name")}
    assert names == {"text": "Text", "entity": "Labels", "event": "Labels",
                     "mention": "Choices", "realis": "Choices"}
    labels = {el.get("name"): [l.get("value") for l in el] for el in root.iter("Labels")}
    assert labels["entity"] == list(schema.ENTITY_TYPES)
    assert labels["event"] == list(schema.EVENT_TYPES)
    relations = [el.get("value") for el in root.iter("Relation")]
    assert relations == [*schema.ARGUMENT_ROLES, *schema.EVENT_RELATIONS, "COREFERENCE"]
    choices = {el.get("name"): [c.get("value") for c in el.iter("Choice")] for el in root.iter("Choices")}
    assert choices == {"mention": ["NAM", "NOM", "PRO"], "realis": ["ACTUAL", "OTHER"]}


def test_same_config_ignores_whitespace_only():
    assert same_config(labeling_config().replace("\n", "\n   "))
    assert not same_config(labeling_config().replace("NORP", "NRP"))


def test_class_label_names_are_the_spec_inventories_in_order():
    docs = features("documents")
    assert docs["entities"].feature["type"].names == [
        "PER", "ORG", "GPE", "LOC", "FAC", "VEH", "WEA", "NORP", "TIME"]
    assert docs["entities"].feature["mention"].names == ["NAM", "NOM", "PRO"]
    assert docs["events"].feature["type"].names == [
        "ATTACK", "TERRITORY_CHANGE", "MOVEMENT", "STATEMENT", "SUPPORT", "OTHER"]
    assert docs["events"].feature["realis"].names == ["ACTUAL", "OTHER"]
    assert docs["events"].feature["arguments"].feature["role"].names == [
        "AGENT", "PATIENT", "SOURCE", "DESTINATION", "PLACE", "TIME"]
    assert docs["relations"].feature["type"].names == [
        "SUBEVENT", "CAUSE", "PRECONDITION", "BEFORE", "OVERLAP", "CONTAINS",
        "SIMULTANEOUS", "BEGINS_ON", "ENDS_ON"]
    ner = features("ner")["ner_tags"].feature.names
    assert ner[:5] == ["O", "B-PER", "I-PER", "B-ORG", "I-ORG"] and len(ner) == 19
    trig = features("triggers")["trigger_tags"].feature.names
    assert trig[:3] == ["O", "B-ATTACK", "I-ATTACK"] and len(trig) == 13
