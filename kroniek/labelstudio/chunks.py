"""Predicting a very long text piece by piece, so that one request cannot hold a system.

The ML backend (:mod:`kroniek.labelstudio.backend`) serves one system to every request,
one prediction at a time. A text far longer than an article (a whole report pasted into
a task) would keep every other request waiting for as long as it takes, and some
systems take more than linear time in the length of a document. :func:`pieces` cuts
such a text at paragraph (else sentence, else word) boundaries into pieces of at most
:data:`PIECE` characters; each piece is predicted on its own, between other requests,
and :func:`joined` puts the predictions back together with offsets into the whole text.
A text of at most :data:`PIECE` characters -- every article of the dataset -- is one
piece, predicted exactly as before. Relations and coreference across pieces are lost:
acceptable for pre-annotation, which an annotator corrects anyway.

>>> [len(p) for _, p in pieces("a b. " * 3, size=6)]
[5, 5, 5]
"""

from __future__ import annotations

from typing import Iterator

from ..documents import Document, new_document

PIECE = 50_000
"""Characters per piece; the longest article of the dataset has about 12,000."""

_BREAKS = ("\n\n", "\n", ". ", " ")


def pieces(text: str, *, size: int = PIECE) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` covering ``text`` in order, each at most ``size`` characters,
    cut after the last paragraph, line, sentence or word break inside the limit."""
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = next((window.rfind(b) + len(b) for b in _BREAKS if window.rfind(b) > 0), size)
        yield start, text[start:start + cut]
        start += cut
    if start < len(text) or not text:
        yield start, text[start:]


def _shifted(doc: Document, offset: int, tag: str) -> Document:
    """``doc``'s annotations with offsets moved by ``offset`` and ids made unique by ``tag``."""
    def rid(ident: str) -> str:
        return f"{tag}-{ident}"

    out = new_document("", "")
    for ent in doc.get("entities", []):
        out["entities"].append({**ent, "id": rid(ent["id"]), "start": ent["start"] + offset,
                                "end": ent["end"] + offset})
    for ev in doc.get("events", []):
        out["events"].append({**ev, "id": rid(ev["id"]), "start": ev["start"] + offset,
                              "end": ev["end"] + offset,
                              "arguments": [{**a, "entity_id": rid(a["entity_id"])}
                                            for a in ev.get("arguments", [])]})
    out["relations"] = [{**r, "id": rid(r["id"]), "head": rid(r["head"]), "tail": rid(r["tail"])}
                        for r in doc.get("relations", [])]
    out["clusters"] = [{**c, "id": rid(c["id"]), "members": [rid(m) for m in c["members"]]}
                       for c in doc.get("clusters", [])]
    return out


def joined(doc_id: str, text: str, predicted: list[tuple[int, Document]]) -> Document:
    """One document over ``text`` from the predictions of its pieces, given as
    ``(offset of the piece, prediction)``; ids become ``<doc_id>:p<k>-<id>``."""
    whole = new_document(doc_id, text)
    for k, (offset, doc) in enumerate(predicted, 1):
        part = _shifted(doc, offset, f"{doc_id}:p{k}")
        for field in ("entities", "events", "relations", "clusters"):
            whole[field] += part[field]
    return whole
