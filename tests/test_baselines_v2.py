"""gazetteer.v2, rules.v2, tokenclf.v2 and ensemble.v1 on sentences written for these
tests: the patterns of issue 14 (small places, multiword names, ships, passive,
direction, idioms, event coreference across places, relations)."""

from __future__ import annotations

import pytest

from kroniek.predictions import document_problems
from kroniek_baselines.ensemble import Ensemble
from kroniek_baselines.gazetteer2 import Gazetteer2
from kroniek_baselines.rules2 import Rules2
from kroniek_baselines.tokenclf2 import GRID, TokenClassifier2

from test_spacy_pipeline import TEXTS, gold


def entities(text):
    doc = Gazetteer2().predict([{"id": "d", "text": text}])[0]
    return {(e["text"], e["type"]) for e in doc["entities"]}


def test_multiword_names_ships_and_seas():
    found = entities("Minister De Vries zei dat het fregat Zr.Ms. Tromp naar de Rode Zee voer.")
    assert {("De Vries", "PER"), ("Zr.Ms. Tromp", "VEH"), ("Rode Zee", "LOC"),
            ("fregat", "VEH")} <= found
    assert ("De", "PER") not in found


def test_unknown_small_places_and_acronyms():
    found = entities("Het leger viel het dorp Zelenopillja aan. De OVSE stuurde waarnemers.")
    assert {("Zelenopillja", "GPE"), ("OVSE", "ORG"), ("dorp", "GPE")} <= found


def run(text):
    doc = Rules2().predict([{"id": "d", "text": text}])[0]
    names = {e["id"]: e["text"] for e in doc["entities"]}
    return doc, {(v["text"], names[a["entity_id"]], a["role"])
                 for v in doc["events"] for a in v["arguments"]}


def test_passive_door_is_agent_and_subject_patient():
    doc, args = run("De rebellen worden gesteund door Rwanda.")
    assert ("gesteund", "Rwanda", "AGENT") in args and ("gesteund", "rebellen", "PATIENT") in args


def test_direction_prepositions():
    _, args = run("Honderden burgers vluchtten uit de stad Charkiv naar Polen.")
    assert ("vluchtten", "Charkiv", "SOURCE") in args
    assert ("vluchtten", "Polen", "DESTINATION") in args


def test_idioms_and_participles_are_triggers():
    doc, _ = run("Drie soldaten kwamen om het leven. Huizen werden in brand gestoken.")
    assert {(v["text"], v["type"]) for v in doc["events"]} >= {
        ("om het leven", "OTHER"), ("in brand gestoken", "ATTACK")}


def test_same_lemma_in_two_places_is_two_events():
    doc, _ = run("Het leger evacueerde Bachmoet. Later evacueerde het leger ook Avdiivka.")
    events = [v["id"] for v in doc["events"] if v["type"] == "MOVEMENT"]
    assert len(events) == 2
    assert not any(set(events) <= set(c["members"]) for c in doc["clusters"])


def test_daarbij_gives_a_subevent():
    doc, _ = run("Het leger bestookte de stad. Daarbij kwamen vier burgers om het leven.")
    kinds = {(r["type"]) for r in doc["relations"]}
    assert "SUBEVENT" in kinds


@pytest.mark.parametrize("system", [TokenClassifier2, Ensemble])
def test_trained_v2_systems_fit_and_predict_valid_documents(system):
    docs = [gold(*t) for t in TEXTS]
    model = system()
    model.fit(docs * 2, docs[:1])
    tagger = model if isinstance(model, TokenClassifier2) else model.tagger
    assert tagger.setting in GRID
    new = {"id": "n", "text": "Het leger viel de stad Mosul aan. De rebellen vluchtten naar Syrië."}
    out = model.predict([new])[0]
    assert not document_problems(out, text=new["text"])
    assert ("Mosul", "GPE") in {(e["text"], e["type"]) for e in out["entities"]}


def test_entity_coreference_joins_titles_surnames_nominals_and_hij():
    doc, _ = run("Minister Jan Kowalczyk bezocht de strijders. Later sprak hij met de strijders. "
                 "Kowalczyk vertrok daarna.")
    names = {e["id"]: e["text"] for e in doc["entities"]}
    clusters = [sorted(names[m] for m in c["members"] if m in names) for c in doc["clusters"]]
    # the title in close apposition corefers with the name (guidelines 1.3, 4)
    assert ["Jan Kowalczyk", "Kowalczyk", "Minister", "hij"] in clusters
    assert ["strijders", "strijders"] in clusters


def test_relation_connectives_of_the_guidelines():
    doc, _ = run("Bij de aanval kwamen twaalf mensen om het leven. "
                 "Sinds de val van de stad vluchten dagelijks duizenden mensen.")
    text = {v["id"]: v["text"] for v in doc["events"]}
    found = {(text[r["head"]], text[r["tail"]], r["type"]) for r in doc["relations"]}
    assert ("aanval", "om het leven", "SUBEVENT") in found
    assert ("vluchten", "val", "BEGINS_ON") in found
