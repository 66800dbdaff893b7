"""Read CoNLL-2002 (and any CoNLL-style IOB file) into Kroniek documents.

A CoNLL file has one token per line, the token first and its tag last (CoNLL-2002's
Dutch files have a part-of-speech column between them, which is ignored), a blank line
between sentences and ``-DOCSTART-`` lines between documents. Tags are ``O`` or
``B-X``/``I-X``; both IOB1 (the original shared-task files: ``B-`` only where a name
follows another of the same type) and IOB2 (``B-`` starts every name) are read, with
conlleval's chunk rule: a name starts at ``B-X``, or at ``I-X`` when the token before is
not of type X. Files may be plain or ``.xz``.

How a file becomes documents (decided once, here):

- each ``-DOCSTART-`` block is one document, ``<file stem>-<nnnn>`` from 0001; a file
  without ``-DOCSTART-`` is one document;
- the text is the sentences, one per line (``\\n``), with their tokens joined by one
  space; every token's offsets are kept, so names land on exact offsets;
- names become NAM entities through :data:`TYPE_MAP` (docs/FORMAT.md, "CoNLL-2002
  names"); a tag already in Kroniek's entity inventory stays itself, so
  ``kroniek export --format conll2002`` reads back unchanged;
- a name with no Kroniek type (CoNLL's MISC: events, titles, products, nationality
  words) is kept, never dropped: it goes to the document's ``other_names`` list,
  ``{id, start, end, text, type}`` with the file's label as ``type``, and the import
  summary counts it.

>>> data = b"-DOCSTART- -DOCSTART- O\\nJan N B-PER\\nwoont V O\\nin Prep O\\nGent N B-LOC\\n\\n"
>>> doc = read_iob(data, name="x.conll")[0]
>>> doc.id, doc.text
('x-0001', 'Jan woont in Gent')
>>> [(e["text"], e["type"]) for e in doc.document()["entities"]]
[('Jan', 'PER'), ('Gent', 'LOC')]
"""

from __future__ import annotations

import lzma
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..documents import Document, entity, new_document
from ..errors import KroniekError, Problem
from ..schema import ENTITY_TYPES

__all__ = ["TYPE_MAP", "OTHER_NAMES", "ConllDocument", "read_iob", "read_path", "documents",
           "write_iob", "part_path", "summary", "chunks"]

TYPE_MAP: dict[str, str] = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
"""CoNLL-2002 name type -> Kroniek entity type. CoNLL's LOC (countries, cities, regions,
rivers, buildings) is broader than Kroniek's LOC; it maps to LOC, the one type that never
claims a government (GPE) or a building (FAC) it cannot tell apart. MISC has no Kroniek
type and goes to :data:`OTHER_NAMES`."""

OTHER_NAMES = "other_names"
"""The document field for names whose type is outside Kroniek's entity inventory."""

DOCSTART = "-DOCSTART-"
_TAG = re.compile(r"^(O|[BI]-[^\s]+)$")


@dataclass
class ConllDocument:
    """One document of a CoNLL file: its sentences as (token, tag) rows."""

    id: str
    sentences: list[list[tuple[str, str]]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(" ".join(tok for tok, _ in sent) for sent in self.sentences)

    def offsets(self) -> list[list[tuple[int, int]]]:
        """Each sentence's token offsets in :attr:`text`."""
        out, pos = [], 0
        for sent in self.sentences:
            row = []
            for tok, _ in sent:
                row.append((pos, pos + len(tok)))
                pos += len(tok) + 1
            out.append(row)
        return out

    def names(self) -> list[tuple[int, int, str]]:
        """The names as (start, end, file label), character offsets in :attr:`text`."""
        spans = []
        for sent, offs in zip(self.sentences, self.offsets()):
            for first, stop, label in chunks([tag for _, tag in sent]):
                spans.append((offs[first][0], offs[stop - 1][1], label))
        return spans

    def document(self) -> Document:
        """The Kroniek document: NAM entities, and ``other_names`` for types it has none of."""
        text = self.text
        doc = new_document(self.id, text)
        others = []
        for k, (start, end, label) in enumerate(self.names(), 1):
            kroniek = TYPE_MAP.get(label, label if label in ENTITY_TYPES else None)
            if kroniek is None:
                others.append({"id": f"{self.id}:m{k}", "start": start, "end": end,
                               "text": text[start:end], "type": label})
            else:
                doc["entities"].append(entity(f"{self.id}:n{k}", text, start, end, kroniek, "NAM"))
        doc[OTHER_NAMES] = others
        return doc


def chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Names in a tag sequence as (first token, stop token, label), conlleval's rule.

    >>> chunks(["I-PER", "I-PER", "B-PER", "O", "I-LOC"])   # IOB1
    [(0, 2, 'PER'), (2, 3, 'PER'), (4, 5, 'LOC')]
    >>> chunks(["B-PER", "I-PER", "B-PER", "I-ORG"])        # IOB2, and a stray I-
    [(0, 2, 'PER'), (2, 3, 'PER'), (3, 4, 'ORG')]
    """
    out: list[tuple[int, int, str]] = []
    current = None
    for i, tag in enumerate(tags):
        if tag == "O":
            label, begins = None, False
        else:
            label, begins = tag[2:], tag[0] == "B"
        if current is not None and (label != current[2] or begins):
            out.append((current[0], i, current[2]))
            current = None
        if label is not None and current is None:
            current = (i, i, label)
    if current is not None:
        out.append((current[0], len(tags), current[2]))
    return out


def _decode(data: bytes, name: str) -> str:
    if data[:6] == b"\xfd7zXZ\x00":
        try:
            data = lzma.decompress(data)
        except lzma.LZMAError as exc:
            raise KroniekError(Problem(f"not a readable .xz file ({exc})", file=name)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")   # the shared task's original files are Latin-1


def read_iob(data: bytes | str, *, name: str = "conll") -> list[ConllDocument]:
    """The documents of a CoNLL-style IOB file's content (bytes, plain or xz)."""
    text = data if isinstance(data, str) else _decode(data, name)
    stem = Path(name).name.removesuffix(".xz")
    stem = stem.rsplit(".", 1)[0] if stem.endswith((".conll", ".txt", ".iob")) else stem
    docs: list[ConllDocument] = []
    sentence: list[tuple[str, str]] = []

    def new_doc() -> ConllDocument:
        docs.append(ConllDocument(f"{stem}-{len(docs) + 1:04d}"))
        return docs[-1]

    for number, line in enumerate(text.splitlines(), 1):
        columns = line.split()
        if not columns:
            if sentence:
                (docs[-1] if docs else new_doc()).sentences.append(sentence)
                sentence = []
            continue
        if columns[0] == DOCSTART:
            if sentence:
                (docs[-1] if docs else new_doc()).sentences.append(sentence)
                sentence = []
            new_doc()
            continue
        if len(columns) < 2 or not _TAG.match(columns[-1]):
            shown = line if len(line) <= 60 else line[:57] + "..."
            raise KroniekError(Problem(
                f"line {number}: expected 'TOKEN [COLUMNS ...] TAG' with TAG O, B-X or I-X, "
                f"got {shown!r}", file=name))
        sentence.append((columns[0], columns[-1]))
    if sentence:
        (docs[-1] if docs else new_doc()).sentences.append(sentence)
    return [d for d in docs if d.sentences]


def part_path(folder: Path, part: str) -> Path:
    """``ned.<part>`` in a CoNLL-2002 folder, plain or ``.xz``."""
    for candidate in (folder / f"ned.{part}", folder / f"ned.{part}.xz"):
        if candidate.is_file():
            return candidate
    raise KroniekError(Problem(f"no ned.{part} or ned.{part}.xz in this folder", file=str(folder)))


def read_path(path: str | Path, *, part: str = "testa") -> list[ConllDocument]:
    """The documents of a CoNLL file, or of ``ned.<part>`` when ``path`` is a folder."""
    path = Path(path)
    if path.is_dir():
        path = part_path(path, part)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KroniekError(Problem(f"cannot read: {exc.strerror}", file=str(path))) from None
    return read_iob(data, name=str(path))


def documents(path: str | Path | None = None, *, part: str = "testa") -> list[Document]:
    """Kroniek documents of a CoNLL file; without ``path``, the user's CoNLL-2002 copy
    (:func:`kroniek.corpora.locate`), part ``train`` or ``testa``."""
    from . import how_to_get, locate

    if path is None:
        path = locate("conll2002")
        if path is None:
            raise KroniekError(how_to_get("conll2002"))
    return [d.document() for d in read_path(path, part=part)]


def write_iob(docs: Iterable[ConllDocument], *, documents: Sequence[Document] | None = None,
              docstart: str = "-DOCSTART- O") -> str:
    """The documents as ``TOKEN TAG`` lines, ``kroniek export``'s layout.

    With ``documents`` (the Kroniek documents made from ``docs``, in order), the tags are
    made anew, in IOB2, from their entities and ``other_names``; else the tags are written
    as read. The round-trip test writes the first way and compares with the file read.
    """
    from ..tokens import encode_bio_each

    lines: list[str] = []
    for n, doc in enumerate(docs):
        lines += [docstart, ""]
        spans = None
        if documents is not None:
            spans = [(x["start"], x["end"], x["type"])
                     for x in documents[n]["entities"] + documents[n].get(OTHER_NAMES, [])]
        offsets = doc.offsets()
        every = encode_bio_each(offsets, spans) if spans is not None else [None] * len(offsets)
        for sent, tags in zip(doc.sentences, every):
            tags = [t for _, t in sent] if tags is None else tags
            lines += [f"{tok} {tag}" for (tok, _), tag in zip(sent, tags)]
            lines.append("")
    return "\n".join(lines) + "\n"


def summary(docs: Sequence[Document]) -> str:
    """One line: documents, entities per Kroniek type, and names kept outside the inventory."""
    kinds = Counter(e["type"] for d in docs for e in d["entities"])
    others = Counter(n["type"] for d in docs for n in d.get(OTHER_NAMES, []))
    line = f"{len(docs)} document(s), {sum(kinds.values())} NAM entities ("
    line += ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ")"
    if others:
        line += (f"; {sum(others.values())} names with no Kroniek type kept in "
                 f"{OTHER_NAMES} (" + ", ".join(f"{k} {v}" for k, v in sorted(others.items())) + ")")
    return line
