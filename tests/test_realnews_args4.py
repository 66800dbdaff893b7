"""realnews.v4's argument model: dependency paths between trigger and filler, and pairs
labelled on predicted triggers the way the cross-scheme scorer counts them, on the
project's own DNAF fixture."""

from __future__ import annotations

from eventdna_fixture import PARSES, dnaf, write_document

from kroniek.corpora import alpino
from kroniek.corpora.eventdna import read
from kroniek.documents import entity, event


def gold_parse(number):
    from kroniek_baselines.realnews_syntax import Parse

    node = alpino.parse(PARSES[number])
    heads, labels = alpino.dependencies(node)
    return alpino.words(node), Parse(heads, labels)


def fixture_document(tmp_path):
    root = tmp_path / "eventdna"
    write_document(root, "eventdna_1", dnaf("eventdna_1"))
    (doc,) = read(root)
    return doc


def test_path_features_name_the_relation_preposition_and_clause():
    from kroniek_baselines.realnews_args4 import head_token, path_features

    words, parse = gold_parse(2)   # Het Iraakse leger zei dat twee strijders ... omkwamen in de stad
    died = words.index("omkwamen")
    subject = path_features(parse, words, died, words.index("strijders"), "DIE")
    assert subject[:3] == ["path=su>", "direct=su", "tt+direct=DIE|su"]
    assert not any(f.startswith("pp=") for f in subject)
    town = head_token(parse, words.index("de"), words.index("stad") + 1)
    assert words[town] == "stad"                          # the noun heads "de stad"
    place = path_features(parse, words, died, town, "DIE")
    assert "direct=mod" in place and "pp=in" in place and "tt+pp=DIE|in" in place
    speaker = path_features(parse, words, died, words.index("leger"), "DIE")
    assert speaker[0] == "path=su>vc"                     # subject of the verb above
    assert "apart" not in speaker and "sibling" in speaker
    assert "plen=2" in speaker


def test_pairs_on_predicted_triggers_get_the_role_the_scorer_would_count(tmp_path):
    from kroniek_baselines.realnews_args import NONE
    from kroniek_baselines.realnews_args4 import predicted_pairs

    gold = fixture_document(tmp_path)
    text = gold["text"]
    at = {w: text.index(w) for w in ("Rebellen", "Kirkuk", "zullen", "strijders", "stad", "leger",
                                     "zei", "met")}
    ents = [entity("p/e1", text, at["Rebellen"], at["Rebellen"] + 8, "ORG", "NOM"),
            entity("p/e2", text, at["Kirkuk"], at["Kirkuk"] + 6, "GPE", "NAM"),
            entity("p/e3", text, at["strijders"], at["strijders"] + 9, "PER", "NOM"),
            entity("p/e4", text, at["stad"], at["stad"] + 4, "GPE", "NOM"),
            entity("p/e5", text, at["leger"], at["leger"] + 5, "ORG", "NOM")]
    # "zullen" is not the gold trigger, but lies inside the Attack event's span
    evs = [event("p/t1", text, at["zullen"], at["zullen"] + 6, "ATTACK", "ACTUAL"),
           event("p/t2", text, at["met"], at["met"] + 3, "DIE", "ACTUAL"),
           event("p/t3", text, at["zei"], at["zei"] + 3, "STATEMENT", "ACTUAL")]
    pred = {"id": gold["id"], "text": text, "entities": ents, "events": evs}
    words = [[w for w in alpino.words(alpino.parse(PARSES[n]))] for n in (1, 2, 3)]
    parses = [[gold_parse(n)[1] for n in (1, 2, 3)]]
    assert [len(p.heads) for p in parses[0]] == [len(w) for w in words]
    roles = {(e, f): r for _, e, f, _, r in predicted_pairs([gold], [pred], parses)}
    assert roles[("p/t1", "p/e1")] == "AGENT" and roles[("p/t1", "p/e2")] == "PATIENT"
    # "met" lies inside the Die event (and the Contact event around it): the smallest
    # event's roles; the army is in no argument span of it
    assert roles[("p/t2", "p/e3")] == "PATIENT" and roles[("p/t2", "p/e4")] == "PLACE"
    assert roles[("p/t2", "p/e5")] == NONE
    # "zei" lies in the Contact event only, whose role has no Kroniek counterpart
    assert {r for (t, _), r in roles.items() if t == "p/t3"} == {NONE}


def fixture_pairs(tmp_path):
    from kroniek_baselines.realnews_args4 import candidates4

    gold = fixture_document(tmp_path)
    parses = [[gold_parse(n)[1] for n in (1, 2, 3)]]
    return gold, parses, candidates4([gold], parses, gold=True)


def test_gold_pairs_carry_path_features_and_the_model_learns_their_roles(tmp_path):
    from kroniek_baselines.realnews_args4 import ArgumentModel4

    gold, parses, pairs = fixture_pairs(tmp_path)
    roles = {(e.split("/")[1], f.split("/")[1]): (feats, r) for _, e, f, feats, r in pairs}
    feats, role = roles[("event_1", "entity_1")]          # Rebellen ... aanvallen
    assert role == "AGENT" and "path=su>" in feats and "tt+direct=ATTACK|su" in feats
    feats, role = roles[("event_3", "entity_7")]          # omkwamen in de stad
    assert role == "PLACE" and "pp=in" in feats
    model = ArgumentModel4([(p, 1.0) for p in pairs * 20], syntax=None)
    found = model.decide(pairs, model.probabilities(pairs), 1.0)
    assert found == [r for *_, r in pairs]
    assert model.pairs([gold], parses) == [(*p[:4], "NONE") for p in pairs]


def test_one_filler_per_role_keeps_the_likeliest(tmp_path):
    import numpy as np

    from kroniek_baselines.realnews_args4 import ArgumentModel4

    _, _, pairs = fixture_pairs(tmp_path)
    model = ArgumentModel4([(p, 1.0) for p in pairs], syntax=None)
    classes = list(model.model.classes_)
    assert {"AGENT", "NONE"} <= set(classes)
    cands = [(0, "t1", "a", [], None), (0, "t1", "b", [], None), (0, "t2", "c", [], None),
             (0, "t1", "d", [], None)]
    probs = np.full((4, len(classes)), 0.01)
    for row, (role, p) in enumerate([("AGENT", .6), ("AGENT", .8), ("AGENT", .7), ("NONE", .9)]):
        probs[row, classes.index(role)] = p
    assert model.decide(cands, probs, 1.0) == ["AGENT", "AGENT", "AGENT", "NONE"]
    model.one_per_role = True
    assert model.decide(cands, probs, 1.0) == ["NONE", "AGENT", "AGENT", "NONE"]


def test_fit_arguments_learns_from_gold_and_predicted_pairs_and_predicts(tmp_path, monkeypatch):
    import pickle

    import kroniek_baselines.realnews_args4 as args4
    import kroniek_baselines.realnews_syntax as syntax
    from kroniek.corpora.eventdna_syntax import Tree
    from kroniek.system.run import blind
    from kroniek_baselines.realnews4 import RealNews4
    from kroniek_baselines.realnews_entities import EntityModel
    from kroniek_baselines.realnews_triggers import TriggerModel

    root = tmp_path / "eventdna"
    for n in range(1, 6):
        write_document(root, f"eventdna_{n}", dnaf(f"eventdna_{n}"))
    docs = list(read(root))
    train = [d for d in docs if d["eventdna"]["split"] == "train"]
    dev = [d for d in docs if d["eventdna"]["split"] == "validation"]
    test = [d for d in docs if d["eventdna"]["split"] == "test"]
    monkeypatch.setattr(syntax, "EPOCHS", 2)
    trees = [Tree(alpino.words(n), *alpino.dependencies(n))
             for n in (alpino.parse(x) for x in PARSES.values())]
    system = RealNews4()
    system.syntax = syntax.SyntaxModel().fit(trees * 10)
    system.entity_model = EntityModel().fit(train, [], dev, [])
    system.trigger_model = TriggerModel().fit(train, [], dev, [])
    seen = []
    learn = args4.ArgumentModel4.__init__

    def spy(self, weighted_pairs, **options):
        seen.extend(weighted_pairs)
        learn(self, weighted_pairs, **options)

    monkeypatch.setattr(args4.ArgumentModel4, "__init__", spy)
    model = args4.fit_arguments(system, train, [], dev, [])
    assert model.one_per_role and model.none_factor in args4.NONE_FACTORS4
    from kroniek_baselines.realnews_args2 import with_time_fillers

    gold = args4.candidates4(with_time_fillers(train), system.syntax.parse(train), gold=True)
    assert [p for p, _ in seen[:len(gold)]] == gold
    predicted = [p for p, _ in seen[len(gold):]]            # no Kroniek documents given
    assert predicted
    assert {"AGENT", "PATIENT"} <= {p[4] for p in predicted}      # labelled like the scorer
    assert all(any(f.startswith("path=") for f in p[3]) for p in predicted)
    system.arguments = pickle.loads(pickle.dumps(model))
    (out,) = system.predict(blind(test))
    names = {e["id"]: e["text"] for e in out["entities"]}
    found = {(ev["text"], names[a["entity_id"]], a["role"])
             for ev in out["events"] for a in ev["arguments"]}
    assert ("aanvallen", "Rebellen", "AGENT") in found
