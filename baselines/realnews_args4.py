"""Arguments for realnews.v4: realnews.v2's (trigger, mention) pair classifier, with the
dependency path between trigger and filler from the system's parser, and learned also from
the system's own triggers and mentions.

Who did what to whom is syntax: the subject of an attack verb is its AGENT, its object
the PATIENT, the object of a pp with ``in`` its PLACE. realnews.v2's pair features
(:func:`baselines.realnews_args.pair_features`) only see words and distances, so
:func:`path_features` adds, from :class:`baselines.realnews_syntax.SyntaxModel`'s parse of
the sentence, the path between the trigger's and the filler's heads (the relations up from
the filler to their lowest common ancestor, then down to the trigger), whether the filler
hangs directly from the trigger and with which relation, the filler's preposition (the
``hd`` child of a pp's object, Alpino-style), the path's length, and these with the
trigger's type.

realnews.v2 learns only from gold pairs, but at prediction the triggers are the tagger's
(often another word of the event's clause) and the fillers are mention heads inside
EventDNA's argument phrases. :func:`predicted_pairs` therefore also labels the pairs of
the system's own predictions for EventDNA's train part the way the cross-scheme scorer
would count them. Since that scorer matches one prediction to each gold argument, the
model keeps one filler per role of a trigger (:attr:`ArgumentModel4.one_per_role`), and
its ``NONE`` factor is tuned over :data:`NONE_FACTORS4`.

Measured on EventDNA's validation part (argument classification across schemes) and the
Kroniek validation split (argument classification), both with realnews.v2's entity and
trigger models fitted on the train parts without their refit on the validation parts (so
that their predictions there are honest), the ``NONE`` factor tuned on those parts as
realnews.v2 does:

============================================  ==============  =============
argument fitting                              EventDNA valid  Kroniek valid
============================================  ==============  =============
realnews.v2 (``RealNews2._fit_arguments``)    .435            .494
+ path features                               .442            .518
+ one filler per role                         .455            .540
+ predicted pairs, weight 1                   .475            .533
+ predicted pairs, weight .5: this module     .475            .546
weight 1, without path features               .447            .515
weight 1, all fillers of a role               .465            .514
============================================  ==============  =============

With SGD seeds 1 and 2: realnews.v2 .430 and .427 (Kroniek .489, .478), this module
.481 and .477 (Kroniek .544, .544). On two more folds (entity, trigger and argument models
learned from one half of EventDNA's train part, the ``NONE`` factor tuned and scored on the
other half): realnews.v2 .399 and .397, + path features .393 and .397, + one filler per
role .393 and .400, predicted pairs weighted 1 .419 and .416 (Kroniek .537 and .540
against .491 and .483; without path features .402 and .403), weighted .5 (this module)
.421 and .418 (Kroniek .541 and .536): the paths help once the model also learns from
predicted triggers.

A whole realnews.v4 fit with this part took 7 minutes on one thread (the argument part
about 50 s of it, realnews.v2's 20 s).

Tried and dropped: path features crossed with the mention type and the trigger's key
(+.001); the trigger's own relation (+.002); predicted pairs alone without the gold ones
(.467); predicted pairs weighted .3 (.463); alpha 3e-4 (same) or 1e-5 (.441); predicted pairs from out-of-fold predictions (two halves of the train
part, each predicted by entity and trigger models fitted on the other: .484, but Kroniek
.516, and two more fits of each model in realnews.v4's fit).
Most false AGENTs on EventDNA's validation part are on predicted triggers outside any
mapped EventDNA event, or on speech and movement events whose EventDNA roles have no
Kroniek counterpart (Kroniek's own data does teach them).

>>> from baselines.realnews_syntax import Parse
>>> parse = Parse(heads=[3, 3, 3, 3], labels=["su", "hd", "obj1", "ROOT"])
>>> words = ["Rebellen", "zullen", "Kirkuk", "aanvallen"]
>>> path_features(parse, words, 3, 0, "ATTACK")[:3]
['path=su>', 'direct=su', 'tt+direct=ATTACK|su']
"""

from __future__ import annotations

from typing import Sequence

from kroniek.documents import Document

from .realnews_args import NONE, ArgumentModel, candidates, with_arguments

MAX_PATH = 4
PREDICTED_WEIGHT = 0.5
"""The weight of a pair of the system's own predictions against a gold pair."""
NONE_FACTORS4 = (2.0, 1.5, 1.0, 0.7, 0.5, 0.35, 0.25, 0.18, 0.12)
"""realnews.v2's ``NONE`` factors and lower ones: with the pairs of predicted triggers
the classifier sees many more ``NONE`` pairs."""


def _up(parse, k: int) -> list[int]:
    """``k`` and its ancestors up to the root."""
    chain = [k]
    while parse.heads[chain[-1]] != chain[-1] and len(chain) <= len(parse.heads):
        chain.append(parse.heads[chain[-1]])
    return chain


def head_token(parse, first: int, end: int) -> int:
    """The token of ``first:end`` nearest the root (the last one on a tie)."""
    return min(range(first, end), key=lambda k: (len(_up(parse, k)), -k))


def path_features(parse, words: Sequence[str], trigger: int, filler: int,
                  trigger_type: str) -> list[str]:
    """Syntactic features of the pair (head token ``trigger``, head token ``filler``)."""
    up_f, up_t = _up(parse, filler), _up(parse, trigger)
    common = next((k for k in up_f if k in up_t), None)
    if common is None:
        return ["path=none", f"tt+path={trigger_type}|none"]
    rise = [parse.labels[k] for k in up_f[:up_f.index(common)]]
    fall = [parse.labels[k] for k in up_t[:up_t.index(common)]]
    length = len(rise) + len(fall)
    path = (f"{'/'.join(rise)}>{'/'.join(reversed(fall))}" if length <= MAX_PATH
            else f"long{min(length, 8)}")
    feats = [f"path={path}"]
    if fall == [] and len(rise) == 1:
        feats += [f"direct={rise[0]}", f"tt+direct={trigger_type}|{rise[0]}"]
    elif fall == []:
        feats += [f"under={rise[-1]}", f"tt+under={trigger_type}|{rise[-1]}|{rise[0]}"]
    elif rise == []:
        feats.append(f"over={fall[-1]}")
    else:
        feats.append("sibling" if len(fall) == 1 and len(rise) == 1 else "apart")
    feats += [f"tt+path={trigger_type}|{path}", f"plen={min(length, 6)}",
              f"edep={parse.labels[filler]}", f"tt+edep={trigger_type}|{parse.labels[filler]}"]
    prep = _preposition(parse, words, up_f[:max(1, up_f.index(common))])
    if prep:
        feats += [f"pp={prep}", f"tt+pp={trigger_type}|{prep}",
                  f"pp+rel={prep}|{rise[-1] if rise else '-'}"]
    return feats


def _preposition(parse, words, chain: Sequence[int]) -> str | None:
    """The preposition of the pp the filler heads or sits in: a ``hd`` child before a
    node on ``chain`` (the filler's head and its ancestors below the common one)."""
    for node in chain:
        for c, h in enumerate(parse.heads):
            if h == node and c != node and c < node and parse.labels[c] == "hd":
                return words[c].lower()
    return None


def _token_index(toks) -> tuple[dict, dict]:
    """Where each token starts and ends: character offset -> (sentence, token index)."""
    starts, ends = {}, {}
    for n, sent in enumerate(toks.sentences):
        for i, (a, b) in enumerate(sent.tokens):
            starts[a], ends[b] = (n, i), (n, i + 1)
    return starts, ends


def candidates4(documents: Sequence[Document], parses, *, gold: bool):
    """realnews.v2's candidate pairs (:func:`baselines.realnews_args.candidates`) with
    :func:`path_features` added; ``parses``: per document, per sentence, a Parse."""
    from ._spans import tokenize

    toks = tokenize(documents)
    index = [_token_index(t) for t in toks]
    spans = [{x["id"]: (x["start"], x["end"], x.get("type"))
              for x in [*doc.get("events", []), *doc.get("entities", [])]} for doc in documents]
    out = []
    for d, event_id, entity_id, feats, role in candidates(documents, gold=gold):
        (t_start, t_end, t_type), (e_start, e_end, _) = spans[d][event_id], spans[d][entity_id]
        starts, ends = index[d]
        (sent, t_first), (_, t_last) = starts[t_start], ends[t_end]
        e_first, e_last = starts[e_start][1], ends[e_end][1]
        parse = parses[d][sent] if sent < len(parses[d]) else None
        extra = []
        if parse is not None and len(parse.heads) == len(toks[d].sentences[sent].tokens):
            words = [toks[d].text[a:b] for a, b in toks[d].sentences[sent].tokens]
            extra = path_features(parse, words, head_token(parse, t_first, t_last),
                                  head_token(parse, e_first, e_last), t_type)
        out.append((d, event_id, entity_id, feats + extra, role))
    return out


class ArgumentModel4(ArgumentModel):
    """realnews.v2's pair classifier over :func:`candidates4` (see the module); parses
    the documents it is given with ``syntax``."""

    one_per_role = False
    """Keep only the likeliest filler of each role of a trigger."""

    def __init__(self, weighted_pairs, *, syntax, alpha: float = 1e-4, seed: int = 0) -> None:
        super().__init__(weighted_pairs, alpha=alpha, seed=seed)
        self.syntax = syntax

    def decide(self, pairs, probs, none_factor: float) -> list[str]:
        roles = super().decide(pairs, probs, none_factor)
        if not self.one_per_role or probs is None:
            return roles
        column = {c: k for k, c in enumerate(self.model.classes_)}
        best: dict = {}
        for n, ((d, event_id, _, _, _), role) in enumerate(zip(pairs, roles)):
            if role != NONE:
                key = (d, event_id, role)
                if key not in best or probs[n, column[role]] > probs[best[key], column[role]]:
                    best[key] = n
        keep = set(best.values())
        return [role if role == NONE or n in keep else NONE for n, role in enumerate(roles)]

    def pairs(self, documents: Sequence[Document], parses=None):
        """The candidate pairs of ``documents`` (parsed here unless ``parses`` given)."""
        if parses is None:
            parses = self.syntax.parse(documents)
        return candidates4(documents, parses, gold=False)

    def apply(self, documents: Sequence[Document]) -> list[Document]:
        pairs = self.pairs(documents)
        return with_arguments(documents, pairs,
                              self.decide(pairs, self.probabilities(pairs), self.none_factor))


def predicted_pairs(gold: Sequence[Document], predicted: Sequence[Document], parses):
    """:func:`candidates4` of ``predicted`` (the system's own triggers and mentions for
    EventDNA documents), each labelled as the cross-scheme scorer would count it: the role
    of an argument of the smallest mapped EventDNA event holding the trigger whose span
    holds the filler, else ``NONE``."""
    from kroniek.metrics.crossscheme import events, inside

    pairs = candidates4(predicted, parses, gold=False)
    out = []
    for d, event_id, entity_id, feats, _ in pairs:
        ev = next(e for e in predicted[d]["events"] if e["id"] == event_id)
        ent = next(e for e in predicted[d]["entities"] if e["id"] == entity_id)
        role = NONE
        for s, e, _, record in sorted(events(gold[d])[0], key=lambda g: g[1] - g[0]):
            if not inside(ev["start"], ev["end"], (s, e)):
                continue
            roles = [a["kroniek_role"] for a in sorted(record["arguments"],
                                                        key=lambda a: a["end"] - a["start"])
                     if a.get("kroniek_role") and inside(ent["start"], ent["end"],
                                                          (a["start"], a["end"]))]
            if roles:
                role = roles[0]
                break
        out.append((d, event_id, entity_id, feats, role))
    return out


def tuned_none_factor4(model: ArgumentModel4, parts, *, factors: Sequence[float]) -> float:
    """The ``NONE`` factor (one of ``factors``) under which ``model`` gets the best argument
    F1 summed over ``parts``: (gold, predicted without arguments, parses, cross-scheme?)
    — across schemes for EventDNA's validation part, Kroniek's own for its tuning split."""
    from kroniek.metrics import score
    from kroniek.metrics.crossscheme import per_document, scores_from_counts, total

    ready = []
    for gold, pred, parses, cross in parts:
        if gold:
            cands = model.pairs(pred, parses)
            ready.append((gold, pred, cands, model.probabilities(cands), cross))

    def quality(factor: float) -> float:
        value = 0.0
        for gold, pred, cands, probs, cross in ready:
            argued = with_arguments(pred, cands, model.decide(cands, probs, factor))
            if cross:
                value += scores_from_counts(total(per_document(gold, argued)))[
                    "arguments.classification"]["f1"]
            else:
                value += score(gold, argued, tasks=["arguments"],
                               check=False)["arguments.classification"].f1
        return value

    return max(factors, key=quality)


def fit_arguments(system, edna_train, train, edna_dev, validation):
    """The argument model of ``system`` (a fitted :class:`~baselines.realnews4.RealNews4`
    apart from its arguments): :class:`ArgumentModel4` learned from the gold pairs of
    EventDNA's train part (time fillers taught, :mod:`baselines.realnews_args2`), the pairs
    of the system's own triggers and mentions for it (:func:`predicted_pairs`) and the
    gold pairs of the Kroniek documents; one filler per role of a trigger; its ``NONE``
    weight tuned on the system's own predictions for the validation parts."""
    from kroniek.system.run import blind

    from .realnews import KRONIEK_WEIGHT
    from .realnews2 import ARGUMENT_ALPHA
    from .realnews_args2 import with_time_fillers

    syntax = system.syntax
    system.arguments = None
    parses = syntax.parse(edna_train)
    pairs = ([(p, 1.0) for p in candidates4(with_time_fillers(edna_train), parses, gold=True)]
             + [(p, PREDICTED_WEIGHT) for p in predicted_pairs(
                 edna_train, system.predict(blind(edna_train)), parses)]
             + [(p, KRONIEK_WEIGHT) for p in candidates4(train, syntax.parse(train), gold=True)])
    model = ArgumentModel4(pairs, syntax=syntax, alpha=ARGUMENT_ALPHA)
    model.one_per_role = True
    parts = [(docs, pred, syntax.parse(pred), cross)
             for docs, cross in ((edna_dev, True), (validation, False)) if docs
             for pred in [system.predict(blind(docs))]]
    model.none_factor = tuned_none_factor4(model, parts, factors=NONE_FACTORS4)
    return model
