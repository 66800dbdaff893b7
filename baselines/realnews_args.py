"""Learned arguments for realnews.v1: one classifier over (trigger, entity) pairs.

Every pair of a trigger and an entity mention in the same sentence, at most
:data:`WINDOW` tokens apart, is a candidate; the classifier gives it a role or ``NONE``.
Features: the trigger's lemma key and type, the mention's type and level, the direction
and distance bucket, the word before the mention (a preposition often says the role:
``in`` PLACE, ``naar`` DESTINATION, ``uit`` SOURCE, ``door`` AGENT), the words between
when few, whether another trigger or a comma lies between, and whether the mention is
the first one of its sentence (a subject). Learned from the gold pairs of the training
documents (EventDNA's mapped arguments and Kroniek's), Kroniek pairs weighted like its
spans; the weight of ``NONE`` at prediction is tuned on the validation parts.
"""

from __future__ import annotations

from typing import Sequence

from kroniek.documents import Document

WINDOW = 15
NONE = "NONE"


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n < 7 else "7-10" if n < 11 else "far"


def pair_features(words: Sequence[str], keys: Sequence[str], trigger: tuple[int, int, str],
                  entity: tuple[int, int, str, str], *, between_triggers: bool,
                  first_mention: bool) -> list[str]:
    t_first, t_end, t_type = trigger
    e_first, e_end, e_type, e_level = entity
    after = e_first >= t_end
    gap = e_first - t_end if after else t_first - e_end
    before_word = words[e_first - 1].lower() if e_first else "<s>"
    lo, hi = (t_end, e_first) if after else (e_end, t_first)
    between = [w.lower() for w in words[lo:hi]]
    key = keys[t_first]
    side = "R" if after else "L"
    feats = ["bias", f"tt={t_type}", f"et={e_type}", f"el={e_level}", f"side={side}",
             f"gap={_bucket(gap)}", f"prev={before_word}", f"key={key}",
             f"key+et={key}|{e_type}", f"tt+et+side={t_type}|{e_type}|{side}",
             f"tt+prev={t_type}|{before_word}", f"et+prev={e_type}|{before_word}",
             f"side+prev={side}|{before_word}", f"trig_between={between_triggers}",
             f"comma_between={',' in between}", f"first={first_mention}",
             f"tt+side+first={t_type}|{side}|{first_mention}",
             f"key+side={key}|{side}", f"ew={words[e_end - 1].lower()}",
             f"key+prev={key}|{before_word}"]
    if len(between) <= 3:
        feats.append(f"between={'_'.join(between)}")
    return feats


def candidates(documents: Sequence[Document], *, gold: bool):
    """(document index, event id, entity id, features, gold role) for each pair."""
    from operator import itemgetter

    from ._spans import per_sentence, tokenize
    from .rules2 import key_of

    out = []
    for d, (doc, toks) in enumerate(zip(documents, tokenize(documents))):
        roles = {(ev["id"], a["entity_id"]): a["role"] for ev in doc.get("events", [])
                 for a in ev.get("arguments", [])} if gold else {}
        start = itemgetter("start")
        for sent, events, entities in zip(
                toks.sentences, per_sentence(toks, doc.get("events", []), start=start),
                per_sentence(toks, doc.get("entities", []), start=start)):
            starts = {s: i for i, (s, _) in enumerate(sent.tokens)}
            ends = {e: i + 1 for i, (_, e) in enumerate(sent.tokens)}
            words = [toks.text[s:e] for s, e in sent.tokens]
            keys = [key_of(w) for w in words]
            evs = [(starts[e["start"]], ends[e["end"]], e) for e in events
                   if e["start"] in starts and e["end"] in ends]
            ents = sorted((starts[e["start"]], ends[e["end"]], e) for e in entities
                          if e["start"] in starts and e["end"] in ends)
            first_ent = ents[0][0] if ents else -1
            trig_positions = sorted(f for f, _, _ in evs)
            for t_first, t_end, ev in evs:
                for e_first, e_end, ent in ents:
                    if not (e_end <= t_first or e_first >= t_end):
                        continue
                    lo, hi = sorted((t_first, e_first))
                    if hi - lo > WINDOW:
                        continue
                    between = any(lo < p < hi and p != t_first for p in trig_positions)
                    feats = pair_features(words, keys, (t_first, t_end, ev["type"]),
                                          (e_first, e_end, ent["type"], ent["mention"]),
                                          between_triggers=between,
                                          first_mention=e_first == first_ent)
                    out.append((d, ev["id"], ent["id"], feats,
                                roles.get((ev["id"], ent["id"]), NONE)))
    return out


class ArgumentModel:
    """SGD logistic regression over hashed pair features; ``none_factor`` scales the
    probability of NONE at prediction (below 1: more arguments)."""

    none_factor = 1.0

    def __init__(self, weighted_pairs: Sequence[tuple[list, float]], *, alpha: float = 1e-5,
                 seed: int = 0) -> None:
        from sklearn.feature_extraction import FeatureHasher
        from sklearn.linear_model import SGDClassifier

        self.hasher = FeatureHasher(n_features=2 ** 18, input_type="string", alternate_sign=False)
        matrix = self.hasher.transform([p[3] for p, _ in weighted_pairs])
        self.model = SGDClassifier(loss="log_loss", alpha=alpha, max_iter=20, tol=None,
                                   random_state=seed).fit(
            matrix, [p[4] for p, _ in weighted_pairs], sample_weight=[w for _, w in weighted_pairs])

    def probabilities(self, pairs):
        return self.model.predict_proba(self.hasher.transform([p[3] for p in pairs])) if pairs else None

    def decide(self, pairs, probs, none_factor: float) -> list[str]:
        import numpy as np

        if probs is None:
            return []
        classes = list(self.model.classes_)
        scaled = probs.copy()
        if NONE in classes:
            scaled[:, classes.index(NONE)] *= none_factor
        return list(np.asarray(classes)[scaled.argmax(axis=1)])

    def apply(self, documents: Sequence[Document]) -> list[Document]:
        """``documents`` (predictions with triggers and entities) with their arguments
        replaced by the model's; at most one role per (trigger, entity)."""
        pairs = candidates(documents, gold=False)
        roles = self.decide(pairs, self.probabilities(pairs), self.none_factor)
        return with_arguments(documents, pairs, roles)


def with_arguments(documents, pairs, roles) -> list[Document]:
    found: dict[tuple[int, str], list[dict]] = {}
    for (d, event_id, entity_id, _, _), role in zip(pairs, roles):
        if role != NONE:
            found.setdefault((d, event_id), []).append({"entity_id": entity_id, "role": role})
    out = []
    for d, doc in enumerate(documents):
        doc = dict(doc)
        doc["events"] = [{**ev, "arguments": found.get((d, ev["id"]), [])}
                         for ev in doc.get("events", [])]
        out.append(doc)
    return out
