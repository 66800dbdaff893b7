"""The gold as a spaCy ``DocBin``, ready for ``spacy train`` and spaCy's relation tutorial.

Each document becomes a ``Doc`` from spaCy's blank Dutch tokenizer, with Kroniek's
sentences as sentence starts, and:

- ``doc.ents``: the entities, labelled with their type (``GPE``, ...);
- ``doc.spans["triggers"]``: the triggers, labelled with their event type;
- ``doc._.rel``: arguments and event relations as in spaCy's relation-extraction tutorial:
  ``{(head start token, tail start token): {label: 1.0 or 0.0 for every role and event
  relation}}``; a key exists for every trigger -> entity pair in one sentence and every
  trigger -> trigger pair of the document, 1.0 only where the gold has that label;
- ``doc.spans["coref_clusters_N"]``: coreference chain N (from 1), as spaCy's coreference
  components keep them;
- ``doc.user_data["kroniek"]``: the whole Kroniek document as JSON, so nothing is lost
  (mention levels, realis, ids).

``DocBin(store_user_data=True)`` keeps ``_.rel`` and ``user_data``.
"""

from __future__ import annotations

import json
from typing import Sequence

from ..documents import Document
from ..schema import ARGUMENT_ROLES, EVENT_RELATIONS
from ..tokens import pipeline, sentences

LABELS = ARGUMENT_ROLES + EVENT_RELATIONS


def _extension() -> None:
    from spacy.tokens import Doc

    if not Doc.has_extension("rel"):
        Doc.set_extension("rel", default={})


def to_doc(doc: Document):
    """One Kroniek document as a spaCy ``Doc``."""
    from spacy.tokens import Doc, Span

    _extension()
    nlp = pipeline()
    sents = sentences(doc["text"])
    text = doc["text"]
    tokens = [tok for sent in sents for tok in sent.tokens]
    words = [text[s:e] for s, e in tokens]
    spaces = [(e < len(text) and (i + 1 == len(tokens) or tokens[i + 1][0] > e))
              for i, (_, e) in enumerate(tokens)]
    sent_starts = {sent.tokens[0][0] for sent in sents if sent.tokens}
    out = Doc(nlp.vocab, words=words, spaces=spaces,
              sent_starts=[s in sent_starts for s, _ in tokens])
    index = {start: i for i, (start, _) in enumerate(tokens)}
    end_index = {end: i + 1 for i, (_, end) in enumerate(tokens)}

    def span(item, label):
        return Span(out, index[item["start"]], end_index[item["end"]], label=label)

    out.ents = [span(e, e["type"]) for e in sorted(doc["entities"], key=lambda e: e["start"])]
    out.spans["triggers"] = [span(v, v["type"]) for v in doc["events"]]
    mentions = {m["id"]: m for m in doc["entities"] + doc["events"]}
    for n, cluster in enumerate(doc["clusters"], 1):
        out.spans[f"coref_clusters_{n}"] = [span(mentions[m], "") for m in cluster["members"]]
    sentence_of = {}
    for k, sent in enumerate(sents):
        for s, _ in sent.tokens:
            sentence_of[s] = k
    rel: dict[tuple[int, int], dict[str, float]] = {}
    for v in doc["events"]:
        for e in doc["entities"]:
            if sentence_of[e["start"]] == sentence_of[v["start"]]:
                rel[(index[v["start"]], index[e["start"]])] = dict.fromkeys(LABELS, 0.0)
        for w in doc["events"]:
            if w is not v:
                rel[(index[v["start"]], index[w["start"]])] = dict.fromkeys(LABELS, 0.0)
    for v in doc["events"]:
        for a in v["arguments"]:
            rel[(index[v["start"]], index[mentions[a["entity_id"]]["start"]])][a["role"]] = 1.0
    for r in doc["relations"]:
        rel[(index[mentions[r["head"]]["start"]], index[mentions[r["tail"]]["start"]])][r["type"]] = 1.0
    out._.rel = rel
    out.user_data["kroniek"] = json.dumps(doc, ensure_ascii=False, sort_keys=True)
    return out


def write(docs: Sequence[Document]) -> dict[str, bytes]:
    from spacy.tokens import DocBin

    binary = DocBin(attrs=["ORTH", "SPACY", "SENT_START", "ENT_IOB", "ENT_TYPE"],
                    store_user_data=True)
    for doc in docs:
        binary.add(to_doc(doc))
    return {"{split}.spacy": binary.to_bytes()}


def read(files: dict[str, bytes], texts: Sequence[Document] = ()) -> list[Document]:
    """The Kroniek documents kept in a DocBin's ``user_data``."""
    from spacy.tokens import DocBin

    _extension()
    binary = DocBin(store_user_data=True).from_bytes(next(iter(files.values())))
    return [json.loads(doc.user_data["kroniek"]) for doc in binary.get_docs(pipeline().vocab)]
