"""CoNLL column formats: CoNLL-2002 (entity and trigger IOB2 tags) and CoNLL-2012
(coreference chains, as the official reference scorer reads them).

Neither format carries character offsets or the text's spacing, so reading back needs
the original documents (``texts``) to put the tokens' offsets back; the round-trip tests
use that to check that every span survives.
"""

from __future__ import annotations

from typing import Sequence

from ..documents import Document
from ..tokens import decode_bio, encode_bio_each, flat_spans
from .tokens import token_view

DOCSTART = "-DOCSTART- O"



def conll2002_write(docs: Sequence[Document]) -> dict[str, bytes]:
    out = {"ner": [], "triggers": []}
    for doc in docs:
        view = token_view(doc)
        layers = {"ner": [(e["start"], e["end"], e["type"]) for e in doc["entities"]],
                  "triggers": flat_spans([(v["start"], v["end"], v["type"]) for v in doc["events"]])}
        for name, spans in layers.items():
            lines = out[name]
            lines += [DOCSTART, ""]
            every = encode_bio_each([sent.tokens for sent in view.sentences], spans)
            for sent, tags in zip(view.sentences, every):
                lines += [f"{doc['text'][s:e]} {tag}" for (s, e), tag in zip(sent.tokens, tags)]
                lines.append("")
    return {f"{{split}}.{name}.conll": ("\n".join(lines) + "\n").encode("utf-8")
            for name, lines in out.items()}


def _blocks(data: bytes) -> list[list[list[tuple[str, str]]]]:
    """Documents -> sentences -> (token, tag) rows."""
    docs: list[list[list[tuple[str, str]]]] = []
    sentence: list[tuple[str, str]] = []
    for line in data.decode("utf-8").splitlines():
        if line == DOCSTART:
            docs.append([])
        elif not line.strip():
            if sentence:
                docs[-1].append(sentence)
                sentence = []
        else:
            token, tag = line.rsplit(" ", 1)
            sentence.append((token, tag))
    if sentence:
        docs[-1].append(sentence)
    return docs


def conll2002_read(files: dict[str, bytes], texts: Sequence[Document]) -> list[Document]:
    """Entities and triggers (types only) back on the original documents' offsets."""
    by_layer = {name: _blocks(data) for name, data in files.items()}
    ner = next(v for k, v in by_layer.items() if ".ner." in k)
    trig = next(v for k, v in by_layer.items() if ".triggers." in k)
    docs = []
    for doc, ner_sents, trig_sents in zip(texts, ner, trig):
        view = token_view(doc)
        ents, evs = [], []
        for sent, rows_e, rows_t in zip(view.sentences, ner_sents, trig_sents):
            ents += decode_bio(sent.tokens, [t for _, t in rows_e])
            evs += decode_bio(sent.tokens, [t for _, t in rows_t])
        docs.append({"id": doc["id"],
                     "entities": [{"start": s, "end": e, "type": t} for s, e, t in ents],
                     "events": [{"start": s, "end": e, "type": t} for s, e, t in evs]})
    return docs


def conll2012_write(docs: Sequence[Document]) -> dict[str, bytes]:
    """One ``#begin document`` block per document; column 12 holds the chains, ``(n``,
    ``n)`` and ``(n)`` joined by ``|``; the other columns are ``-``."""
    lines: list[str] = []
    for doc in docs:
        view = token_view(doc)
        spans = {m["id"]: (m["start"], m["end"]) for m in doc["entities"] + doc["events"]}
        marks: dict[int, list[tuple[int, str]]] = {}
        for n, cluster in enumerate(doc["clusters"]):
            for member in cluster["members"]:
                first, stop = view.token_span(*spans[member])
                if stop - 1 == first:
                    marks.setdefault(first, []).append((0, f"({n})"))
                else:
                    marks.setdefault(first, []).append((1, f"({n}"))
                    marks.setdefault(stop - 1, []).append((-1, f"{n})"))
        name = doc["id"].replace(" ", "_")
        lines.append(f"#begin document ({name}); part 000")
        words = view.words()
        for s, sent in enumerate(view.sentences):
            first = view.first_token[s]
            for k in range(len(sent.tokens)):
                i = first + k
                coref = "|".join(m for _, m in sorted(marks.get(i, []), key=lambda x: -x[0])) or "-"
                lines.append(f"{name} 0 {k} {words[i]} - - - - - - - {coref}")
            lines.append("")
        lines.append("#end document")
    return {"{split}.conll2012": ("\n".join(lines) + "\n").encode("utf-8")}


def conll2012_read(files: dict[str, bytes], texts: Sequence[Document]) -> list[Document]:
    """Clusters as sets of character spans, on the original documents' tokens."""
    data = next(iter(files.values())).decode("utf-8")
    docs, index = [], -1
    for line in data.splitlines():
        if line.startswith("#begin document"):
            index += 1
            view = token_view(texts[index])
            token, open_, chains = 0, {}, {}
        elif line.startswith("#end document"):
            docs.append({"id": texts[index]["id"],
                         "clusters": [sorted(spans) for _, spans in sorted(chains.items())]})
        elif line.strip():
            column = line.split()[-1]
            for part in ([] if column == "-" else column.split("|")):
                n = int(part.strip("()"))
                if part.startswith("("):
                    open_.setdefault(n, []).append(token)
                if part.endswith(")"):
                    start = open_[n].pop()
                    chains.setdefault(n, []).append(view.char_span(start, token + 1))
            token += 1
    return docs
