"""Event triggers for realnews.v5: realnews.v4's gated trigger tagger, with one trigger
more or one less where the parse and a sentence classifier say a sentence holds several
events or one.

:class:`TriggerModel5` has realnews.v4's interface (``TriggerModel5(syntax)``,
``fit(edna_train, kroniek_train, edna_dev, kroniek_dev)``, ``spans(documents)``) and
tags as :class:`baselines.realnews_events4.TriggerModel4` does: realnews.v2's tagger,
decoded with the tuned ``O`` factor and floor, behind the syntactic sentence gate.

What it adds: on EventDNA's validation part, most missed events (some 210 of 310 at
tagger seed 0) lie in sentences where decoding left exactly one trigger, and a quarter
of the sentences hold two events or more, mostly an event clause with a nominal event
inside it ("... na de aanslag in ..."). A second sentence classifier, the *multi gate*,
learns from the same rows as the gate (:func:`baselines.realnews_events4.gate_rows`: the
tagger's view of the sentence on cross-fitted probabilities, the parse's root and its
children, the words) whether a sentence holds at least :data:`MULTI` events. Then:

* where the multi gate is sure enough and decoding left one trigger, :func:`seconds` adds
  the likeliest token above or below that trigger in the parse (:func:`related`: the
  clause of a nominal event, or a nominal event inside the clause) when its trigger
  probability clears a second floor;
* where the multi gate finds several events unlikely and a sentence has two triggers,
  one above the other, :func:`pruned` drops the less likely one.

Both are tuned on the validation parts after v4's own setting, one after the other
(:data:`SECONDS`, :data:`SINGLES`; each stage's first option changes nothing, so tuning
never chooses worse than v4 there).

Measured with one loop (learn from EventDNA's train part + Kroniek train, tune and score
on EventDNA's validation part + Kroniek validation, before the refit; the parser fitted
on EventDNA train only), F1 at tagger seeds 0, 1 and 2 (realnews.v4's TriggerModel4 ->
this one):

===============================  ==============  ==============  ==============  =============
F1                               seed 0          seed 1          seed 2          mean
===============================  ==============  ==============  ==============  =============
EventDNA trigger identification  .682 -> .687    .674 -> .677    .680 -> .683    .679 -> .682
EventDNA trigger classification  .568 -> .574    .564 -> .567    .561 -> .566    .565 -> .569
Kroniek trigger classification   .710 -> .708    .708 -> .708    .708 -> .709    .709 -> .708
===============================  ==============  ==============  ==============  =============

At seed 0 tuning picks a multi gate threshold of .4 and a second floor of .3, and prunes
under .1: identification precision .658 -> .655, recall .709 -> .722. Each of the two
steps alone gains .001 to .005 on both EventDNA scores, at every seed. Fitting takes about
as long as realnews.v4's (some two minutes on one thread, parses included).

Tried and dropped on the same loop (tagger seed 0 unless said): a spaCy blank-nl CNN
trigger tagger (HashEmbedCNN tok2vec, 1-10 epochs) mixed into the SGD tagger's
probabilities (token AUC .913 at best against the SGD tagger's .928, and lower for every
mix; identification -2.3 points at a 0.1 weight); a spaCy CNN sentence classifier
(textcat) mixed into the gate's probability (sentence AUC .794 -> .829, but
identification -.001 to .000, classification +.001 to +.003: the tuned gate only drops
the surest sentences); a second trigger from anywhere in the sentence instead of above or below the
first (identification +.002 on average but classification -.002 at seed 1); a learned
ranker of second-trigger candidates (parse relation to the first, rank, probability,
word: identification -.006 at best); more multi-gate features (the second candidate's
probability, relation and words: lower AUC, no gain).

What limits identification is how many events a sentence holds, not which tokens are
their triggers. On the validation part (realnews.v4's tagger and gate, seed 0; F1 .682,
precision .657, recall .708), giving each sentence exactly as many triggers as it has
EventDNA events, the tagger's likeliest tokens, scores .840; a gate that knew which
sentences hold none would give .752. A quarter of the sentences hold no event (39 of 262
headlines, 227 of 725 lead sentences), and 205 of the 391 false triggers lie in them.
Predicting the count did not get there: a classifier that stops at the first of the
tagger's ranked tokens unlikely to add a matched event (sentence rows as the gate's,
plus the token's rank, probability, ratio to the best, relation, word and parse relation
to the tokens above it; AUC .74 for the first token, .75 for the second) scored .681;
the count as the rounded sum of the token probabilities, .683; with the sentence's
place in the lead, its overlap with the headline, quotes, digits and capitals, .680.
Even the annotator's name (known for EventDNA, never for new text; the four annotators
leave 18 % to 33 % of sentences without an event) gained .003. So the next step is a
representation of the sentence that sees more than its words and parse (contextual
embeddings, which nothing installable offers for Dutch here), not a better decoder.
Word clusters learned from the raw text at hand do not stand in for them: k-means
clusters (64, 256 and 1,024) of PPMI-SVD word vectors from the train parts' text and
CoNLL-2002's train file (275,000 words) as tagger features of the word and its neighbours
lowered identification from .687 to .672 (.677 with the word's own 256 and 1,024
clusters only) and Kroniek trigger classification from .708 to .687 (.673), seed 0.
"""

from __future__ import annotations

from typing import Sequence

from .realnews_events4 import TriggerModel4, gate_rows
from .realnews_triggers import FLOORS, O_FACTORS, Tagger

MULTI = 2
OFF = (2.0, 1.0)
SECONDS = (OFF,) + tuple((t, f) for t in (0.3, 0.4, 0.5, 0.6)
                         for f in (0.05, 0.1, 0.2, 0.3, 0.4))
"""(multi gate threshold, second floor) pairs tried; ``OFF`` never adds a trigger."""
SINGLES = (-1.0, 0.05, 0.1, 0.15, 0.2, 0.3)
"""Multi gate thresholds tried for :func:`pruned`; -1 never drops a trigger."""


def related(parse, k: int, j: int) -> bool:
    """Whether token ``j`` lies above or below token ``k`` in ``parse`` (one is the
    other's ancestor): a nominal event inside an event clause, or that clause."""
    from .realnews_syntax import depth

    for a, b in ((k, j), (j, k)):
        steps = depth(parse, a)
        while steps > 0:
            a, steps = parse.heads[a], steps - 1
            if a == b:
                return True
    return False


def seconds(data: Sequence, tags: Sequence[list[str]], probs, classes: Sequence[str],
            multi: Sequence[float], parsed: Sequence, setting: tuple[float, float]
            ) -> list[list[str]]:
    """``tags`` with a second trigger in each sentence that has exactly one, when the
    multi gate's probability (``multi``, per sentence) reaches ``setting[0]``: of the
    untagged tokens above or below the trigger in the sentence's parse (``parsed``, see
    :func:`related`), the one with the highest trigger probability (1 - P(``O``) in
    ``probs``, the tagger's rows for ``data``), when that exceeds ``setting[1]``, with its
    likeliest type.

    >>> from types import SimpleNamespace as NS
    >>> import numpy as np
    >>> from kroniek_baselines.realnews_syntax import Parse
    >>> data = [NS(features=[[], [], [], []])]         # "aanslag", "eist", "doden", "."
    >>> parse = Parse(heads=[1, 1, 1, 1], labels=["su", "ROOT", "obj1", "punct"])
    >>> probs = np.array([[0.5, 0.5], [0.2, 0.8], [0.6, 0.4], [0.9, 0.1]])
    >>> seconds(data, [["O", "B-ATTACK", "O", "O"]], probs, ["O", "B-ATTACK"], [0.9],
    ...         [parse], (0.5, 0.3))
    [['B-ATTACK', 'B-ATTACK', 'O', 'O']]
    >>> seconds(data, [["O", "B-ATTACK", "O", "O"]], probs, ["O", "B-ATTACK"], [0.4],
    ...         [parse], (0.5, 0.3))
    [['O', 'B-ATTACK', 'O', 'O']]
    """
    import numpy as np

    threshold, floor = setting
    classes = list(classes)
    o = classes.index("O") if "O" in classes else None
    out, at = [], 0
    for s, t, m, parse in zip(data, tags, multi, parsed):
        t, p = list(t), probs[at:at + len(s.features)]
        at += len(s.features)
        if o is not None and m >= threshold and sum(x != "O" for x in t) == 1:
            first = next(k for k, x in enumerate(t) if x != "O")
            free = [k for k, x in enumerate(t) if x == "O" and related(parse, first, k)]
            if free:
                k = max(free, key=lambda k: 1.0 - p[k, o])
                if 1.0 - p[k, o] > floor:
                    row = np.array(p[k], dtype=float)
                    row[o] = -1.0
                    t[k] = str(classes[int(row.argmax())])
        out.append(t)
    return out


def pruned(data: Sequence, tags: Sequence[list[str]], probs, classes: Sequence[str],
           multi: Sequence[float], parsed: Sequence, threshold: float) -> list[list[str]]:
    """``tags`` without the less likely of two triggers in a sentence that has exactly
    two, one above the other in the parse (:func:`related`), when the multi gate's
    probability is under ``threshold``: one event, told by its clause and by a noun in it.

    >>> from types import SimpleNamespace as NS
    >>> import numpy as np
    >>> from kroniek_baselines.realnews_syntax import Parse
    >>> data = [NS(features=[[], [], []])]
    >>> parse = Parse(heads=[1, 1, 1], labels=["su", "ROOT", "obj1"])
    >>> probs = np.array([[0.4, 0.6], [0.1, 0.9], [0.9, 0.1]])
    >>> pruned(data, [["B-ATTACK", "B-ATTACK", "O"]], probs, ["O", "B-ATTACK"], [0.1],
    ...        [parse], 0.2)
    [['O', 'B-ATTACK', 'O']]
    """
    classes = list(classes)
    o = classes.index("O") if "O" in classes else None
    out, at = [], 0
    for s, t, m, parse in zip(data, tags, multi, parsed):
        t, p = list(t), probs[at:at + len(s.features)]
        at += len(s.features)
        found = [k for k, x in enumerate(t) if x != "O"]
        if o is not None and m < threshold and len(found) == 2 and related(parse, *found):
            t[min(found, key=lambda k: 1.0 - p[k, o])] = "O"
        out.append(t)
    return out


class TriggerModel5(TriggerModel4):
    """realnews.v4's gated trigger tagger with a second trigger in sentences the multi
    gate finds likely to hold several events (see the module)."""

    def __init__(self, syntax) -> None:
        super().__init__(syntax)
        self.multi = None
        self.second: tuple[float, float] = OFF
        self.single = SINGLES[0]

    def _fit_gates(self, rows: list[dict], train: Sequence) -> None:
        from .realnews_events4_gate import SentenceGate

        super()._fit_gates(rows, train)
        self.multi = SentenceGate(rows, [int(len(s.events) >= MULTI) for s in train],
                                  [s.weight for s in train])

    def _views(self, tagger: Tagger, data: Sequence, parsed: Sequence) -> tuple:
        """Per sentence, the gate's and the multi gate's probabilities, and the parse."""
        from .realnews_events4_gate import trigger_probabilities

        rows = gate_rows(data, trigger_probabilities(tagger, data), parsed)
        return self.gate.probabilities(rows), self.multi.probabilities(rows), parsed

    def _tags(self, tagger: Tagger, data: Sequence, probs, keep, multi, parsed,
              setting) -> list:
        second, single = setting[3:]
        classes = tagger.model.classes_
        tags = super()._tags(tagger, data, probs, keep, setting[:3])
        tags = seconds(data, tags, probs, classes, multi, parsed, second)
        return pruned(data, tags, probs, classes, multi, parsed, single)

    def _tune(self, tuned) -> tuple:
        from .realnews_events4_gate import THRESHOLDS

        # v4's setting first, then the second trigger, then pruning, each on top of the
        # last; each stage's first option changes nothing, so none undoes the one before.
        setting = max(((f, floor, t, OFF, SINGLES[0]) for f in O_FACTORS for floor in FLOORS
                       for t in THRESHOLDS), key=tuned)
        setting = max((setting[:3] + (second, SINGLES[0]) for second in SECONDS), key=tuned)
        return max((setting[:4] + (single,) for single in SINGLES), key=tuned)

    def _setting(self) -> tuple:
        return super()._setting() + (self.second, self.single)

    def _keep_setting(self, setting: tuple) -> None:
        super()._keep_setting(setting)
        self.second, self.single = setting[3:]
