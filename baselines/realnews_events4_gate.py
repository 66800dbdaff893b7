"""Does a sentence tell of an event at all? realnews.v4's sentence gate for triggers.

A quarter of EventDNA's sentences hold no event, and most of the trigger tagger's false
positives on the validation part (some 240 of 350) lie in them: the tagger scores tokens
one by one, and decoding gives a sentence left without a trigger its likeliest token. The
gate looks at the whole sentence: what the tagger thinks of its tokens (their best
trigger probability, how many candidates), its shape in the parse (the root's word and
the relations of the root's children: a clause with a subject and an object, a verbless
headline fragment, several roots), where it stands (the headline) and its words.
:class:`SentenceGate` learns it from the train parts, on tagger probabilities of
sentences the tagger did not learn from (:func:`crossfit`), so that it sees them as it
will see new text.

>>> from kroniek_baselines.realnews_syntax import Parse
>>> parse = Parse(heads=[1, 1, 1, 1], labels=["su", "ROOT", "obj1", "punct"])
>>> rows = sentence_features(["Rebellen", "bestormen", "Kirkuk", "."], [0.1, 0.9, 0.0, 0.0],
...                          parse, 0)
>>> rows["top_is_root"], rows["rootkids=obj1+punct+su"], rows["first"]
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

FOLDS = 3
ALPHA = 1e-4
EPOCHS = 30
CANDIDATE = 0.03
WORD_WEIGHT = 0.3
THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)


def positions(data: Sequence) -> list[int]:
    """Each sentence's number in its document (0 for a headline), for sentences given
    in document order (:func:`baselines.realnews_triggers.sentences`)."""
    out, previous = [], None
    for s in data:
        out.append(out[-1] + 1 if out and s.doc == previous else 0)
        previous = s.doc
    return out


def sentence_features(words: Sequence[str], p: Sequence[float], parse, position: int) -> dict:
    """Features of one sentence: ``p`` is each token's trigger probability (1 - P(O)),
    ``parse`` its :class:`~baselines.realnews_syntax.Parse`, ``position`` its number in
    the document."""
    from .realnews_syntax import children

    top = max(range(len(p)), key=lambda k: p[k]) if len(p) else 0
    best = float(p[top]) if len(p) else 0.0
    out = {"maxp": best, "logit": math.log(max(best, 1e-6) / max(1 - best, 1e-6)),
           "sump": float(min(sum(p), 3.0)),
           f"cands={min(sum(1 for v in p if v >= CANDIDATE), 5)}": 1.0,
           f"likely={min(sum(1 for v in p if v >= 0.2), 3)}": 1.0,
           f"len={min(len(words) // 5, 8)}": 1.0}
    if position == 0:
        out["first"] = 1.0
    if words and words[-1] == "?":
        out["question"] = 1.0
    if ":" in words:
        out["colon"] = 1.0
    roots = [k for k, h in enumerate(parse.heads) if h == k]
    out[f"roots={min(len(roots), 3)}"] = 1.0
    for r in roots[:2]:
        kids = sorted({parse.labels[c] for c in children(parse, r)})
        out["rootkids=" + "+".join(kids)] = 1.0
        out["rootw=" + words[r].lower()] = 1.0
        for label in kids:
            out["rootkid=" + label] = 1.0
    if words:
        out[f"topdep={parse.labels[top]}"] = 1.0
        out[f"topw={words[top].lower()}"] = 1.0
        if parse.heads[top] == top:
            out["top_is_root"] = 1.0
    for w in {w.lower() for w in words}:
        out["w=" + w] = WORD_WEIGHT
    return out


class SentenceGate:
    """A logistic regression (SGD) over :func:`sentence_features`: the probability that
    a sentence holds an event."""

    def __init__(self, rows: Sequence[dict], labels: Sequence[int], weights: Sequence[float],
                 *, seed: int = 0) -> None:
        from sklearn.feature_extraction import FeatureHasher
        from sklearn.linear_model import SGDClassifier

        self.hasher = FeatureHasher(n_features=2 ** 18, input_type="dict", alternate_sign=False)
        self.threshold = 0.0
        self.model = None
        self.constant = None
        if len(set(labels)) < 2:        # nothing to tell apart: every sentence is alike
            self.constant = float(labels[0]) if len(labels) else 1.0
        else:
            self.model = SGDClassifier(loss="log_loss", alpha=ALPHA, max_iter=EPOCHS, tol=None,
                                       random_state=seed)
            self.model.fit(self.hasher.transform(rows), list(labels), sample_weight=list(weights))

    def probabilities(self, rows: Sequence[dict]):
        import numpy as np

        if not rows:
            return np.zeros(0)
        if self.model is None:
            return np.full(len(rows), self.constant)
        return self.model.predict_proba(self.hasher.transform(rows))[:, 1]


def trigger_probabilities(tagger, data: Sequence) -> list:
    """Per sentence of ``data``, each token's probability of being some trigger
    (1 - P(``O``)) under ``tagger`` (:class:`baselines.realnews_triggers.Tagger`)."""
    import numpy as np

    probs = tagger.probabilities(data)
    classes = list(tagger.model.classes_)
    p = 1.0 - probs[:, classes.index("O")] if "O" in classes else np.ones(len(probs))
    out, at = [], 0
    for s in data:
        out.append(p[at:at + len(s.features)])
        at += len(s.features)
    return out


def crossfit(data: Sequence, fit: Callable, *, folds: int = FOLDS) -> list:
    """Per sentence of ``data``, each token's trigger probability under a tagger
    (``fit(sentences)``) that learned from the other folds (documents split by number)
    and never from it; zeros where no other fold has documents."""
    import numpy as np

    out: list = [np.zeros(len(s.features)) for s in data]
    for fold in range(folds):
        rest = [s for s in data if s.doc % folds != fold]
        mine = [k for k, s in enumerate(data) if s.doc % folds == fold]
        if rest and mine:
            for k, p in zip(mine, trigger_probabilities(fit(rest), [data[k] for k in mine])):
                out[k] = p
    return out
