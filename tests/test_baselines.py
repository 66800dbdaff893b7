"""The baseline systems: registry, SPEC-valid output on the seed, and real outcomes on
sentences written for these tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kroniek.system import registry
from kroniek.system import Unavailable
from kroniek_baselines.floor import Floor
from kroniek_baselines.frog import Frog
from kroniek_baselines.gazetteer import Gazetteer
from kroniek_baselines.lexicon import Lexicon
from kroniek_baselines.rules import Rules, acronym
from kroniek_baselines.speed import synthetic_documents
from kroniek_baselines.tokenclf import TokenClassifier
# The v2 modules register themselves on import (until the installed entry points list them).
from kroniek_baselines import ensemble, gazetteer2, rules2, spacy_pipeline, tokenclf2  # noqa: F401
from kroniek import schema
from kroniek.errors import KroniekError
from kroniek.tokens import sentences

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_a4a166468f182005.txt"
EXPECTED = {"floor.v1", "gazetteer.v1", "lexicon.v1", "tokenclf.v1", "rules.v1", "frog.v1",
            "spacy.v1", "gazetteer.v2", "rules.v2", "tokenclf.v2", "ensemble.v1", "names.v1",
            "realnews.v1", "realnews.v2", "realnews.v4", "realnews.v5"}
HAS_FROG = shutil.which("frog") is not None


@pytest.fixture(scope="module")
def documents():
    return [{"id": "000_a4a166468f182005", "text": SEED.read_text(encoding="utf-8")},
            {"id": "extra", "text": "Strook land\n\nDe VS steunen de alliantie. "
                                    "Islamitische Staat (IS) verloor Mosul in juli."}]


def by_text(doc, layer="entities"):
    return {item["text"]: item for item in doc[layer]}


def spec_problems(doc, *, tasks):
    """Everything that makes ``doc`` not a valid SPEC prediction document."""
    text = doc["text"]
    problems = []
    starts, ends = set(), set()
    for sent in sentences(text):
        starts.update(s for s, _ in sent.tokens)
        ends.update(e for _, e in sent.tokens)
    for layer, types, extra, inventory in (
            ("entities", schema.ENTITY_TYPES, "mention", schema.MENTION_LEVELS),
            ("events", schema.EVENT_TYPES, "realis", schema.REALIS)):
        for item in doc[layer]:
            where = f"{layer} {item['id']}"
            if not 0 <= item["start"] < item["end"] <= len(text):
                problems.append(f"{where}: offsets outside the text")
            if text[item["start"]:item["end"]] != item["text"]:
                problems.append(f"{where}: text does not match the offsets")
            if item["start"] not in starts or item["end"] not in ends:
                problems.append(f"{where}: not on token boundaries")
            if item["type"] not in types or item[extra] not in inventory:
                problems.append(f"{where}: label outside the schema")
    spans = sorted((e["start"], e["end"]) for e in doc["entities"])
    problems += [f"entities overlap at {b}" for a, b in zip(spans, spans[1:]) if b[0] < a[1]]
    entity_ids = {e["id"] for e in doc["entities"]}
    event_ids = {e["id"] for e in doc["events"]}
    for ev in doc["events"]:
        for arg in ev["arguments"]:
            if arg["entity_id"] not in entity_ids or arg["role"] not in schema.ARGUMENT_ROLES:
                problems.append(f"bad argument {arg} of {ev['id']}")
    for rel in doc["relations"]:
        if rel["head"] not in event_ids or rel["tail"] not in event_ids or \
                rel["type"] not in schema.EVENT_RELATIONS:
            problems.append(f"bad relation {rel}")
    for cluster in doc["clusters"]:
        members = set(cluster["members"])
        if len(members) < 2 or not (members <= entity_ids or members <= event_ids):
            problems.append(f"bad cluster {cluster}")
    layers = {"entities": doc["entities"], "triggers": doc["events"],
              "arguments": [a for ev in doc["events"] for a in ev["arguments"]],
              "relations": doc["relations"], "coreference": doc["clusters"]}
    problems += [f"output for {t}, which it does not claim" for t, items in layers.items()
                 if items and t not in tasks]
    return problems


# ---- registry -------------------------------------------------------------------------

def test_registry_lists_every_baseline():
    assert set(registry.names()) == EXPECTED


def test_unknown_name_gives_the_list_and_the_closest_match():
    with pytest.raises(KroniekError) as caught:
        registry.get("gazeteer.v1")
    message = str(caught.value)
    assert "did you mean gazetteer.v1?" in message
    assert all(name in message for name in EXPECTED)


# ---- every baseline gives SPEC documents ---------------------------------------------

@pytest.mark.parametrize("name", sorted(n for n in EXPECTED - {"frog.v1"}
                                         if not registry.get(n).trained))
def test_rule_baselines_give_valid_documents(name, documents):
    baseline = registry.get(name)
    out = baseline.predict(documents)
    assert [d["id"] for d in out] == [d["id"] for d in documents]
    assert [d["text"] for d in out] == [d["text"] for d in documents]
    for doc in out:
        assert spec_problems(doc, tasks=baseline.tasks) == []
    ids = [x["id"] for d in out for layer in ("entities", "events", "relations", "clusters")
           for x in d[layer]]
    assert len(ids) == len(set(ids)), "ids must be unique across documents"
    assert out[0]["entities"], f"{name} found nothing in the seed"


def test_tokenclf_fitted_gives_valid_documents(documents):
    silver = Lexicon().predict(documents)          # stands in for gold
    system = TokenClassifier()
    system.fit(silver)
    out = system.predict(documents)
    for doc in out:
        assert spec_problems(doc, tasks=TokenClassifier.tasks) == []
    assert out[0]["entities"] and out[0]["events"]


# ---- real outcomes on written sentences ------------------------------------------------

def test_floor_skips_sentence_initial_words_unless_seen_mid_sentence():
    doc = {"id": "d", "text": "Raqqa viel. Ook Mosul viel. De stad Raqqa ligt in Syrië."}
    found = [(e["text"], e["type"], e["mention"]) for e in Floor().predict([doc])[0]["entities"]]
    assert found == [("Raqqa", "GPE", "NAM"), ("Mosul", "GPE", "NAM"),
                     ("Raqqa", "GPE", "NAM"), ("Syrië", "GPE", "NAM")]


def test_gazetteer_finds_places_adjectives_and_time():
    text = ("Het Koerdische leger rukte donderdagochtend naar Bagdad op. In juli viel Mosul, "
            "twee dagen geleden nam de SDF de provincie Idlib in. De strijd duurde negen "
            "maanden, eerder dit jaar was het rustig in Irak.")
    ents = by_text(Gazetteer().predict([{"id": "d", "text": text}])[0])
    expected = {"Koerdische": "NORP", "leger": "ORG", "donderdagochtend": "TIME",
                "Bagdad": "GPE", "juli": "TIME", "Mosul": "GPE", "twee dagen geleden": "TIME",
                "provincie": "GPE", "Idlib": "GPE", "negen maanden": "TIME",
                "eerder dit jaar": "TIME", "Irak": "GPE"}
    assert {t: ents[t]["type"] for t in expected if t in ents} == expected
    assert ents["Bagdad"]["mention"] == "NAM" and ents["leger"]["mention"] == "NOM"
    assert "SDF" not in ents, "all-caps airport codes are not place names"
    assert "In juli" not in ents, "TIME spans leave out the preposition"


def test_lexicon_triggers_realis_and_arguments():
    text = ("Het leger rukte woensdag naar Bagdad op. De minister zei dat door Irak gesteunde "
            "rebellen een offensief zouden beginnen.")
    doc = Lexicon().predict([{"id": "d", "text": text}])[0]
    events, ents = by_text(doc, "events"), {e["id"]: e["text"] for e in doc["entities"]}
    assert (events["rukte"]["type"], events["rukte"]["realis"]) == ("MOVEMENT", "ACTUAL")
    roles = {ents[a["entity_id"]]: a["role"] for a in events["rukte"]["arguments"]}
    assert roles == {"leger": "AGENT", "woensdag": "TIME", "Bagdad": "DESTINATION"}
    assert (events["zei"]["type"], events["zei"]["realis"]) == ("STATEMENT", "ACTUAL")
    assert (events["offensief"]["type"], events["offensief"]["realis"]) == ("ATTACK", "OTHER")


def test_lexicon_idioms_are_one_trigger():
    text = "IS kreeg de basis in handen. Het leger was slaags geraakt met IS."
    events = by_text(Lexicon().predict([{"id": "d", "text": text}])[0], "events")
    assert events["in handen"]["type"] == "TERRITORY_CHANGE"
    assert events["slaags geraakt"]["type"] == "ATTACK"


def test_rules_clusters_a_name_with_its_acronym_and_orders_events():
    text = ("Islamitische Staat (IS) verloor Mosul. Volgens de VN vluchtte IS naar Raqqa. "
            "Het leger rukte op naar Bagdad nadat het de basis in handen kreeg.")
    doc = Rules().predict([{"id": "d", "text": text}])[0]
    ents = {e["id"]: e["text"] for e in doc["entities"]}
    evs = {e["id"]: e["text"] for e in doc["events"]}
    clusters = [sorted(ents[m] for m in c["members"]) for c in doc["clusters"]
                if c["members"][0] in ents]
    assert ["IS", "IS", "Islamitische Staat"] in clusters
    relations = {(evs[r["head"]], r["type"], evs[r["tail"]]) for r in doc["relations"]}
    assert ("in handen kreeg", "BEFORE", "rukte") in relations


def test_acronym_of_a_multiword_name():
    assert acronym("Verenigde Staten") == "VS"
    assert acronym("Bagdad") == ""


# ---- tokenclf: learning, and never predicting what it saw ---------------------------

def test_tokenclf_learns_from_training_documents():
    def gold(doc_id, text, names):
        ents = [{"id": f"{doc_id}:{i}", "start": text.index(n), "end": text.index(n) + len(n),
                 "text": n, "type": t, "mention": "NAM"} for i, (n, t) in enumerate(names)]
        return {"id": doc_id, "text": text, "entities": ents, "events": []}

    training = [gold("a", "Het leger van Kordanië trok naar Zembla.",
                     [("Kordanië", "GPE"), ("Zembla", "GPE")]),
                gold("b", "Generaal Vostrikov bezocht Zembla.",
                     [("Vostrikov", "PER"), ("Zembla", "GPE")]),
                gold("c", "Vostrikov sprak in Kordanië met de pers.",
                     [("Vostrikov", "PER"), ("Kordanië", "GPE")])]
    with pytest.raises(KroniekError, match="fit it first"):
        TokenClassifier().predict([{"id": "x", "text": "Zembla."}])
    system = TokenClassifier()
    system.fit(training)
    out = system.predict([{"id": "x", "text": "Later reisde Vostrikov opnieuw naar Zembla."}])[0]
    assert {(e["text"], e["type"]) for e in out["entities"]} >= {("Vostrikov", "PER"),
                                                                  ("Zembla", "GPE")}


# ---- frog -----------------------------------------------------------------------------

@pytest.mark.skipif(not HAS_FROG, reason="frog is not installed "
                                         "(apt-get install frog frogdata uctodata)")
def test_frog_entities(documents):
    text = "De Turkse president Erdogan reisde naar Ankara. Het Iraakse leger heroverde Mosul."
    out = Frog().predict([documents[1], {"id": "f", "text": text}])
    for doc in out:
        assert spec_problems(doc, tasks=Frog.tasks) == []
    ents = by_text(out[1])
    assert ents["Erdogan"]["type"] == "PER" and ents["Ankara"]["type"] == "GPE"
    assert ents["Iraakse"]["type"] == "NORP", "a derived adjective is NORP"


def test_frog_unavailable_names_the_packages(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(Unavailable, match="apt-get install frog frogdata uctodata"):
        Frog().available()


# ---- synthetic documents for the speed measurement -----------------------------------

def test_synthetic_documents_are_shuffled_seed_sentences():
    seed_text = SEED.read_text(encoding="utf-8")
    docs = synthetic_documents(20, seed=4)
    assert len({d["id"] for d in docs}) == 20
    assert len({d["text"] for d in docs}) == 20
    for doc in docs[:3]:
        for sent in sentences(doc["text"]):
            assert doc["text"][sent.start:sent.end] in seed_text
