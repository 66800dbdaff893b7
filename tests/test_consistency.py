"""The consistency tool: each kind of finding on small hand-made documents, and the gate
that the committed gold breaks no rule (variations are listed, not failed on)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kroniek.consistency import breaches_per_split, density, findings, lemma

ROOT = Path(__file__).resolve().parent.parent


def doc(doc_id: str, text: str, entities=(), events=(), relations=(), clusters=()) -> dict:
    """A document from ``(id, words, type, level)`` entities and ``(id, words, type,
    realis, {role: [ids]})`` events; each span is the first occurrence of its words."""
    def at(words: str, after: int = 0) -> tuple[int, int]:
        start = text.index(words, after)
        return start, start + len(words)

    ents = []
    for ident, words, kind, level, *nth in entities:
        start, end = at(words, nth[0] if nth else 0)
        ents.append({"id": ident, "start": start, "end": end, "text": words, "type": kind,
                     "mention": level})
    evs = []
    for ident, words, kind, realis, roles in events:
        start, end = at(words)
        evs.append({"id": ident, "start": start, "end": end, "text": words, "type": kind,
                    "realis": realis, "arguments": [{"entity_id": e, "role": r}
                                                    for r, ids in roles.items() for e in ids]})
    return {"id": doc_id, "text": text, "entities": ents, "events": evs,
            "relations": [{"id": f"R{n}", "head": h, "tail": t, "type": k}
                          for n, (h, t, k) in enumerate(relations)],
            "clusters": [{"id": f"C{n}", "members": list(m)} for n, m in enumerate(clusters)]}


def found(*docs, split="train"):
    return findings(docs, splits={d["id"]: split for d in docs})


def kinds(result, *, breach=True):
    return sorted((f.kind, f.rule) for f in result if f.breach == breach)


def test_a_police_raid_typed_movement_breaks_9_9():
    d = doc("a", "De politie deed een inval in een woning.", [("e1", "politie", "ORG", "NOM"),
            ("e2", "woning", "FAC", "NOM")], [("v1", "inval", "MOVEMENT", "ACTUAL",
                                              {"AGENT": ["e1"], "DESTINATION": ["e2"]})])
    assert kinds(found(d)) == [("trigger", "9.9")]
    d["events"][0]["type"] = "OTHER"
    d["events"][0]["arguments"] = [{"entity_id": "e2", "role": "PATIENT"}]
    assert kinds(found(d)) == []


def test_a_killing_without_doer_is_other_but_with_a_doer_attack():
    no_doer = doc("a", "Daarbij werden twaalf burgers gedood.", [("e1", "burgers", "PER", "NOM")],
                  [("v1", "gedood", "ATTACK", "ACTUAL", {"PATIENT": ["e1"]})])
    [finding] = [f for f in found(no_doer) if f.breach]
    assert (finding.kind, finding.rule, finding.count) == ("trigger", "8.3", 1)
    assert "here ATTACK" in finding.what and "[gedood]" in finding.line()
    doer = doc("b", "Rebellen hebben twaalf burgers gedood.", [("e0", "Rebellen", "PER", "NOM"),
               ("e1", "burgers", "PER", "NOM")],
               [("v1", "gedood", "ATTACK", "ACTUAL", {"AGENT": ["e0"], "PATIENT": ["e1"]})])
    assert kinds(found(doer)) == []


def test_same_form_different_labels_is_a_variation_counted_per_occurrence():
    a = doc("a", "De stad viel. In de stad bleef het stil.", [("e1", "stad", "GPE", "NOM"),
            ("e2", "stad", "LOC", "NOM", 10)])
    b = doc("b", "Rond de stad.", [])   # an unmarked occurrence
    result = found(a, b)
    [surface] = [f for f in result if f.kind == "surface"]
    assert not surface.breach and surface.count == 3
    assert "entity GPE/NOM x1" in surface.what and "unmarked x1" in surface.what
    assert kinds(result) == []


def test_one_lemma_with_two_event_types_is_a_variation():
    a = doc("a", "De aanvallen gingen door.", [], [("v1", "aanvallen", "ATTACK", "ACTUAL", {})])
    b = doc("b", "Een aanval volgde.", [], [("v1", "aanval", "MOVEMENT", "ACTUAL", {})])
    [f] = [f for f in found(a, b) if f.kind == "lemma"]
    assert f.what.startswith("lemma 'aanval'") and f.count == 2 and not f.breach
    assert lemma("invallen") == lemma("Inval") == "inval"


def test_a_cluster_of_two_types_and_a_relation_inside_a_cluster_break_4_and_5():
    d = doc("a", "De aanval duurde kort. Na de beschieting vluchtten ze.", [],
            [("v1", "aanval", "ATTACK", "ACTUAL", {}), ("v2", "beschieting", "OTHER", "ACTUAL", {}),
             ("v3", "vluchtten", "MOVEMENT", "ACTUAL", {})],
            relations=[("v1", "v2", "BEFORE")], clusters=[("v1", "v2")])
    assert kinds(found(d)) == [("cluster", "4"), ("relation", "5")]


def test_roles_outside_the_table_and_wrong_fillers():
    d = doc("a", "Rusland meldde maandag dat een raket Kyiv trof.",
            [("e1", "Rusland", "GPE", "NAM"), ("e2", "maandag", "TIME", "NAM"),
             ("e3", "raket", "WEA", "NOM"), ("e4", "Kyiv", "GPE", "NAM")],
            [("v1", "meldde", "STATEMENT", "ACTUAL", {"AGENT": ["e1"], "PATIENT": ["e4"],
                                                      "PLACE": ["e2"]}),
             ("v2", "trof", "ATTACK", "ACTUAL", {"AGENT": ["e3"], "PATIENT": ["e4"]})])
    assert kinds(found(d)) == [("argument", "3.1"), ("argument", "3.1"), ("argument", "8.4")]
    ok = doc("b", "Rusland meldde maandag iets.", [("e1", "Rusland", "GPE", "NAM"),
             ("e2", "maandag", "TIME", "NAM")],
             [("v1", "meldde", "STATEMENT", "ACTUAL", {"AGENT": ["e1"], "TIME": ["e2"]})])
    assert kinds(found(ok)) == []


def test_an_argument_in_another_sentence_breaks_3_2_1():
    d = doc("a", "Het leger kwam. Het viel aan.", [("e1", "leger", "ORG", "NOM")],
            [("v1", "viel", "ATTACK", "ACTUAL", {"AGENT": ["e1"]})])
    assert kinds(found(d)) == [("argument", "3.2.1")]


def test_mention_levels_decided_by_1_2():
    d = doc("a", "Turkse troepen kwamen zondag en twee dagen later.",
            [("e1", "Turkse", "NORP", "NOM"), ("e2", "troepen", "PER", "NOM"),
             ("e3", "zondag", "TIME", "NOM"), ("e4", "twee dagen later", "TIME", "NOM")])
    result = [f for f in found(d) if f.breach]
    assert sorted(f.what for f in result) == [
        "TIME is NAM exactly when it holds a weekday, month or feast name", "a NORP word is NAM"]


def test_english_place_names_are_exonym_breaches():
    d = doc("a", "Vluchtelingen uit Sudan bereikten Tsjaad; Soedanese troepen volgden.")
    [f] = [f for f in found(d) if f.breach]
    assert (f.kind, f.count) == ("exonym", 1) and "'Soedan'" in f.what


def test_relation_density_outliers_and_the_split_figures():
    docs = []
    for n, rels in enumerate((1, 1, 1, 4)):
        text = " ".join(f"gebeurtenis{i}" for i in range(4)) + "."
        evs = [(f"v{i}", f"gebeurtenis{i}", "OTHER", "ACTUAL", {}) for i in range(4)]
        pairs = [("v0", "v1"), ("v1", "v2"), ("v2", "v3"), ("v0", "v3")][:rels]
        docs.append(doc(f"d{n}", text, [], evs, [(h, t, "BEFORE") for h, t in pairs]))
    outliers = [f for f in found(*docs) if f.kind == "density"]
    assert [w for f in outliers for _, w in f.where] == ["d3: 1.00"]
    assert not outliers[0].breach
    assert density(docs) == {"documents": 4, "relations": 7, "per_document": 1.75,
                             "per_event": 7 / 16, "before_share": 1.0}
    assert breaches_per_split(found(*docs)) == {}


def test_the_committed_gold_breaks_no_rule():
    """The gate of issue 20: every split of dataset/ follows the guidelines' rules."""
    result = subprocess.run([sys.executable, "-m", "kroniek.cli", "consistency", "--json",
                             "--breaches"], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    report = json.loads(result.stdout)
    breaches = [f"{f['rule']} {f['kind']}: {f['what']} {f['where'][:2]}"
                for f in report["findings"]]
    assert breaches == [] and result.returncode == 0
    assert set(report["breaches"]) == {"train", "validation", "test"}


def test_the_command_has_help_and_fails_cleanly_without_a_dataset(tmp_path):
    help_text = subprocess.run([sys.executable, "-m", "kroniek.cli", "consistency", "--help"],
                               capture_output=True, text=True).stdout
    assert "BREACH" in help_text and "--json" in help_text
    result = subprocess.run([sys.executable, "-m", "kroniek.cli", "consistency", "--dataset",
                             str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "no dataset here" in result.stderr
