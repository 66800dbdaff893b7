"""Event relations scored through integer keys equal the plain set-of-tuples definition."""

import random

import pytest

from kroniek.errors import KroniekError
from kroniek.metrics.declared import SET_METRICS
from kroniek.metrics.scorer import set_score
from kroniek.metrics.sets import set_scores
from kroniek.metrics.tasks import relation_counts, set_items
from kroniek.schema import EVENT_RELATIONS


def relation_scores(gold, pred):
    """The relations score through the fast integer-key counts (no checks: duplicates)."""
    return set_score(SET_METRICS["relations"], relation_counts(gold, pred))


def corpus(rng: random.Random, n_docs: int, prefix: str):
    docs = []
    for d in range(n_docs):
        n = rng.randint(0, 8)
        # two triggers may share offsets: pairs are matched by offsets, not ids
        events = [{"id": f"{prefix}{d}:{i}", "start": 5 * (i // 2 if rng.random() < 0.2 else i),
                   "end": 5 * i + 3, "type": "ATTACK", "realis": "ACTUAL", "arguments": []}
                  for i in range(n)]
        rels = []
        for _ in range(rng.randint(0, 12) if n > 1 else 0):
            h, t = rng.sample(range(n), 2)
            label = rng.choice(EVENT_RELATIONS[:4])
            rels.append({"id": f"{prefix}{d}:R{len(rels)}", "head": events[h]["id"],
                         "tail": events[t]["id"], "type": label})
        docs.append({"id": f"d{d}", "entities": [], "events": events, "relations": rels,
                     "clusters": []})
    return docs


@pytest.mark.parametrize("seed", range(8))
def test_relation_scores_equal_the_set_definition(seed):
    rng = random.Random(seed)
    gold, pred = corpus(rng, 30, "g"), corpus(rng, 30, "p")
    pred[0]["relations"] += pred[0]["relations"][:2]  # duplicates collapse
    expected = set_scores(set_items(gold, ["relations"])["relations"],
                          set_items(pred, ["relations"])["relations"],
                          label=SET_METRICS["relations"].label_index, labels=EVENT_RELATIONS)
    assert relation_scores(gold, pred) == expected


def test_relation_to_a_missing_trigger_names_the_document():
    gold = [{"id": "d0", "events": [], "relations": [{"id": "r", "head": "x", "tail": "y",
                                                      "type": "BEFORE"}]}]
    with pytest.raises(KroniekError, match="d0"):
        relation_scores(gold, [{"id": "d0"}])
