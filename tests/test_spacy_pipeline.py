"""spacy.v1: the committed config trains on a tiny corpus and the trained pipeline
predicts valid documents (a smoke test with few steps, not a quality test)."""

from __future__ import annotations

import spacy

from kroniek.documents import entity, event, new_document
from kroniek.predictions import document_problems
from kroniek_baselines import spacy_pipeline
from kroniek_baselines.spacy_pipeline import SpacyPipeline, sentence_docs_for_training

TEXTS = [
    ("a", "Het leger viel donderdag de stad Mosul aan. De rebellen vluchtten naar Syrië.",
     [("leger", "ORG", "NOM"), ("donderdag", "TIME", "NAM"), ("stad", "GPE", "NOM"),
      ("Mosul", "GPE", "NAM"), ("rebellen", "PER", "NOM"), ("Syrië", "GPE", "NAM")],
     [("viel", "ATTACK"), ("vluchtten", "MOVEMENT")]),
    ("b", "Rusland bombardeerde Charkiv. Daarna meldde de minister dat de aanval voorbij was.",
     [("Rusland", "GPE", "NAM"), ("Charkiv", "GPE", "NAM"), ("minister", "PER", "NOM")],
     [("bombardeerde", "ATTACK"), ("meldde", "STATEMENT"), ("aanval", "ATTACK")]),
    ("c", "Duitsland steunt Oekraïne met wapens. Troepen trokken zich terug uit Bachmoet.",
     [("Duitsland", "GPE", "NAM"), ("Oekraïne", "GPE", "NAM"), ("wapens", "WEA", "NOM"),
      ("Troepen", "PER", "NOM"), ("Bachmoet", "GPE", "NAM")],
     [("steunt", "SUPPORT"), ("trokken", "MOVEMENT")]),
]


def gold(doc_id, text, ents, evs):
    doc = new_document(doc_id, text)
    for k, (word, typ, level) in enumerate(ents, 1):
        s = text.index(word)
        doc["entities"].append(entity(f"{doc_id}:e{k}", word, s, s + len(word), typ, level))
    for k, (word, typ) in enumerate(evs, 1):
        s = text.index(word)
        doc["events"].append(event(f"{doc_id}:t{k}", word, s, s + len(word), typ, "ACTUAL"))
    return doc


def test_training_docs_keep_entities_and_triggers():
    docs = sentence_docs_for_training([gold(*t) for t in TEXTS[:1]])
    assert [d.text.strip() for d in docs] == ["Het leger viel donderdag de stad Mosul aan.",
                                      "De rebellen vluchtten naar Syrië."]
    assert [(e.text, e.label_) for e in docs[1].ents] == [("rebellen", "PER"), ("Syrië", "GPE")]
    assert [(s.text, s.label_) for s in docs[0].spans["triggers"]] == [("viel", "ATTACK")]


def test_config_trains_on_a_tiny_corpus_and_predicts_valid_documents(tmp_path):
    docs = [gold(*t) for t in TEXTS]
    best = spacy_pipeline.train(docs * 3, docs[:1], tmp_path,
                                overrides={"training.max_steps": 20,
                                           "training.eval_frequency": 10})
    nlp = spacy.load(best)
    assert nlp.pipe_names == ["tok2vec", "ner", "spancat"]
    system = SpacyPipeline()
    system._nlp, system._best, system.threshold = nlp, best, 0.3
    system.to_disk(tmp_path / "kept")
    restored = SpacyPipeline()
    restored.from_disk(tmp_path / "kept")
    new = [{"id": "n", "text": "Het leger viel de stad aan. Later vluchtten de bewoners naar Irak."}]
    out = restored.predict(new)
    assert out[0]["id"] == "n" and not document_problems(out[0], text=new[0]["text"])
    assert restored.threshold == 0.3


def test_fingerprint_holds_the_config():
    assert "spancat" in SpacyPipeline().fingerprint()
