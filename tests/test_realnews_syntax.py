"""EventDNA's Alpino parses as dependency trees, and the parser realnews.v4 learns from
them, on the project's own DNAF fixture."""

from __future__ import annotations

import pickle

from eventdna_fixture import PARSES, dnaf, write_document

from kroniek.corpora import alpino
from kroniek.corpora.eventdna import split_of
from kroniek.corpora.eventdna_syntax import dependency_trees


def corpus(tmp_path, count=6):
    root = tmp_path / "eventdna"
    for n in range(1, count + 1):
        write_document(root, f"eventdna_{n}", dnaf(f"eventdna_{n}"))
    return root


def test_content_heads_subject_and_auxiliary_hang_from_the_main_verb():
    heads, labels = alpino.dependencies(alpino.parse(PARSES[2]))
    words = alpino.words(alpino.parse(PARSES[2]))
    arcs = {words[d]: (words[h], label) for d, (h, label) in enumerate(zip(heads, labels))}
    assert arcs["zei"] == ("zei", "ROOT")
    assert arcs["leger"] == ("zei", "su")
    assert arcs["omkwamen"] == ("zei", "vc")       # a clause's head is its verb, not "dat"
    assert arcs["strijders"] == ("omkwamen", "su")
    assert arcs["stad"] == ("omkwamen", "mod")     # a pp's head is its object ...
    assert arcs["in"] == ("stad", "hd")            # ... and the preposition hangs from it
    assert arcs["."] == ("zei", "punct")


def test_trees_of_one_part_only_each_document_once(tmp_path):
    root = corpus(tmp_path)
    write_document(root, "eventdna_7", dnaf("eventdna_1"))          # a repeated meta.id
    parts = {f"eventdna_{n}": split_of(f"eventdna_{n}") for n in range(1, 7)}
    for part in ("train", "validation", "test"):
        trees = list(dependency_trees(root, split=part))
        assert len(trees) == 3 * sum(1 for p in parts.values() if p == part)
    tree = next(dependency_trees(root, split=parts["eventdna_1"]))
    assert tree.words == ["Rebellen", "zullen", "Kirkuk", "aanvallen"]
    assert tree.heads == [3, 3, 3, 3] and tree.labels == ["su", "hd", "obj1", "ROOT"]


def test_a_broken_parse_is_left_out(tmp_path):
    root = tmp_path / "eventdna"
    write_document(root, "eventdna_1", dnaf(), parses={1: "<alpino_ds>", 2: PARSES[2], 3: PARSES[3]})
    trees = list(dependency_trees(root, split=split_of("eventdna_1")))
    assert [len(t.words) for t in trees] == [15, 3]


def test_parser_learns_the_trees_and_survives_pickling(monkeypatch):
    import kroniek_baselines.realnews_syntax as syntax

    monkeypatch.setattr(syntax, "EPOCHS", 15)
    trees = [t for t in (alpino.parse(x) for x in PARSES.values())]
    data = [syntax_tree(t) for t in trees]
    model = syntax.SyntaxModel().fit(data * 30)   # labels seen under 30 times back off
    parses = model.parse_words([t.words for t in data] + [[]])
    assert parses[-1] == syntax.Parse([], [])
    right = sum(h == g for p, t in zip(parses, data) for h, g in zip(p.heads, t.heads))
    assert right / sum(len(t.words) for t in data) > 0.9       # it learned its training trees
    again = pickle.loads(pickle.dumps(model))
    assert again.parse_words([t.words for t in data]) == parses[:-1]


def test_documents_are_parsed_on_their_own_tokens(monkeypatch):
    import kroniek_baselines.realnews_syntax as syntax

    monkeypatch.setattr(syntax, "EPOCHS", 2)
    model = syntax.SyntaxModel().fit([syntax_tree(alpino.parse(x)) for x in PARSES.values()] * 30)
    doc = {"id": "d", "text": "Rebellen vielen aan. Het leger vluchtte."}
    (parses,) = model.parse([doc])
    assert [len(p.heads) for p in parses] == [4, 4]
    assert all(0 <= h < 4 for p in parses for h in p.heads)
    feats = syntax.features(parses[0], ["Rebellen", "vielen", "aan", "."], 1)
    assert feats[0].startswith("dep=") and any(f.startswith("depth=") for f in feats)


def syntax_tree(node):
    from kroniek.corpora.eventdna_syntax import Tree

    heads, labels = alpino.dependencies(node)
    return Tree(alpino.words(node), heads, labels)


def test_fitting_twice_learns_the_same_parser(monkeypatch):
    import kroniek_baselines.realnews_syntax as syntax

    monkeypatch.setattr(syntax, "EPOCHS", 2)
    data = [syntax_tree(alpino.parse(x)) for x in PARSES.values()] * 30
    first, second = (pickle.dumps(syntax.SyntaxModel().fit(data)) for _ in range(2))
    assert first == second


def test_fitted_parser_learns_once_per_trees_and_settings(monkeypatch, tmp_path):
    import kroniek_baselines.realnews_syntax as syntax

    monkeypatch.setenv("KRONIEK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(syntax, "EPOCHS", 1)
    data = [syntax_tree(alpino.parse(x)) for x in PARSES.values()] * 30
    fits, fit = [], syntax.SyntaxModel.fit
    monkeypatch.setattr(syntax.SyntaxModel, "fit",
                        lambda self, trees: fits.append(len(trees)) or fit(self, trees))
    first, second = syntax.fitted_parser(data), syntax.fitted_parser(iter(data))
    words = [t.words for t in data[:len(PARSES)]]
    assert len(fits) == 1
    assert first.parse_words(words) == second.parse_words(words) \
        == fit(syntax.SyntaxModel(), data).parse_words(words)    # as good as a fresh fit
    syntax.fitted_parser(data[:len(PARSES) * 20])                # other trees
    monkeypatch.setattr(syntax, "EPOCHS", 2)                     # other settings
    syntax.fitted_parser(data)
    assert fits == [len(data), len(PARSES) * 20, len(data)]


def test_odd_texts_parse_without_error(monkeypatch):
    import kroniek_baselines.realnews_syntax as syntax

    monkeypatch.setattr(syntax, "EPOCHS", 1)
    model = syntax.SyntaxModel().fit([syntax_tree(alpino.parse(x)) for x in PARSES.values()] * 30)
    texts = ["", "   \n\n ", ".", "Aanval", "🙂 ‼ ‰", "woord " * 3000, "A.\n\nB."]
    parsed = model.parse([{"id": str(k), "text": t} for k, t in enumerate(texts)])
    for text, parses in zip(texts, parsed):
        for p in parses:
            assert len(p.heads) == len(p.labels)
            assert all(0 <= h < len(p.heads) for h in p.heads)
            for k in range(len(p.heads)):
                assert syntax.depth(p, k) <= len(p.heads)
