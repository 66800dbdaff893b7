"""``frog.v1``: the named entities of Frog, the Dutch NLP suite (Debian ``frog``,
``frogdata``, ``uctodata``), mapped onto Kroniek's entity types.

Frog runs once per :meth:`Frog.predict` call, as a subprocess over all documents:
our own :mod:`kroniek.tokens` sentences, one per line with tokens separated by spaces
(``frog -n --skip=tmpacl --threads=1``: no tokenizer, since the text is tokenized already, and
no multiword units, morphology, chunker, lemmatizer or parser, which NER does not
need). Its tab-separated output gives one row per token, with the POS tag and, two columns
after it, an IOB2 named-entity tag; rows are aligned back to our tokens by
position, or by searching each word in the text when Frog changed the tokens.

Frog's NER is trained on SoNaR-1, with six classes. The mapping, kept deliberately
free of extra rules (this row measures Frog):

- ``per`` -> PER, ``org`` -> ORG;
- ``loc`` -> GPE: SoNaR's ``loc`` covers countries, cities and regions as well as
  rivers and mountains, and in news the political places dominate, so GPE is the
  better single guess than LOC;
- a ``loc`` or ``misc`` span whose words Frog's own tagger all calls adjectives (ADJ)
  -> NORP: SoNaR tags a derived adjective with its base's class ("Iraakse" is loc),
  which is our NORP;
- ``pro`` (products), ``eve`` (events) and other ``misc`` -> dropped: none of them is
  one of our entity types.

Every span is a NAM mention. Frog gives no triggers, arguments or coreference.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Sequence

from kroniek.documents import Document
from kroniek.errors import KroniekError
from kroniek.tokens import decode_bio

from ._spans import Span, Tokens, build, flatten, snapped, tokenize
from kroniek.system import System, Unavailable
from kroniek.system import register

FROG_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "GPE"}
ADJECTIVE_TYPES = ("LOC", "MISC")
_POS = re.compile(r"^[A-Z]+\(.*\)$")
COMMAND = ("frog", "-n", "--skip=tmpacl", "--threads=1")
PER_PROCESS = 1000             # input lines that justify another Frog process


def run_frog(lines: Sequence[str], *, timeout: float = 3600) -> list[list[tuple[str, str, str]]]:
    """Frog's (word, POS, NER tag) rows for each pre-tokenized input line.

    Frog runs single-threaded (its own threading makes it slower on two cores); a large
    input is split over one process per core, each paying Frog's ~8 s start-up once.
    """
    jobs = max(1, min(os.cpu_count() or 1, len(lines) // PER_PROCESS))
    size = -(-len(lines) // jobs)
    chunks = [lines[k:k + size] for k in range(0, len(lines), size)]
    with tempfile.TemporaryDirectory(prefix="kroniek-frog-") as tmp:
        running = []
        for n, chunk in enumerate(chunks):
            source, target = Path(tmp, f"input{n}.txt"), Path(tmp, f"output{n}.tsv")
            source.write_text("".join(line + "\n" for line in chunk), encoding="utf-8")
            process = subprocess.Popen([*COMMAND, "-t", str(source), "-o", str(target)],
                                       cwd=tmp, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, text=True)
            running.append((process, target, chunk))
        blocks = []
        for process, target, chunk in running:
            try:
                _, stderr = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                for other, _, _ in running:
                    other.kill()
                raise KroniekError(f"frog took longer than {timeout:.0f} s") from None
            if process.returncode != 0 or not target.exists():
                tail = (stderr.strip().splitlines() or ["no message"])[-1]
                raise KroniekError(f"frog failed (exit status {process.returncode}): {tail}")
            blocks += _parse(target.read_text(encoding="utf-8"), len(chunk))
    return blocks


def _parse(output: str, expected: int) -> list[list[tuple[str, str, str]]]:
    blocks: list[list[tuple[str, str, str]]] = [[]]
    for row in output.split("\n"):
        if not row.strip():
            if blocks[-1]:
                blocks.append([])
            continue
        cols = row.split("\t")
        # columns: number, word, lemma, morphology..., POS, confidence, NER, ...; the
        # number of empty columns before the POS varies with the skipped modules
        pos = next((k for k in range(2, len(cols)) if _POS.match(cols[k])), None)
        tag = cols[pos + 2] if pos is not None and len(cols) > pos + 2 else ""
        blocks[-1].append((cols[1], cols[pos] if pos is not None else "", tag or "O"))
    if not blocks[-1]:
        blocks.pop()
    if len(blocks) != expected:
        raise KroniekError(f"frog returned {len(blocks)} sentences for {expected} lines")
    return blocks


def frog_spans(tokens: Tokens, sentence: int, rows: Sequence[tuple[str, str, str]]) -> list[Span]:
    """Our entity spans from Frog's rows for one of our sentences."""
    sent = tokens.sentences[sentence]
    words = [tokens.text[s:e] for s, e in sent.tokens]
    if [w for w, _, _ in rows] == words:
        offsets = list(sent.tokens)
    else:                                    # Frog retokenized: find each word in order
        offsets, cursor = [], sent.start
        for word, _, _ in rows:
            found = tokens.text.find(word, cursor, sent.end)
            if found < 0:
                offsets.append((cursor, cursor))
                continue
            offsets.append((found, found + len(word)))
            cursor = found + len(word)
    spans = []
    pos_at = {off: pos for off, (_, pos, _) in zip(offsets, rows)}
    for start, end, label in decode_bio(offsets, [tag.upper() for _, _, tag in rows]):
        inside = [pos for (s, e), pos in pos_at.items() if start <= s and e <= end]
        if label in ADJECTIVE_TYPES and inside and all(p.startswith("ADJ") for p in inside):
            spans.append(Span(start, end, "NORP", "NAM"))
        elif label in FROG_TYPES:
            spans.append(Span(start, end, FROG_TYPES[label], "NAM"))
    return snapped(tokens, [s for s in spans if s.end > s.start])


@register
class Frog(System):
    name = "frog"
    version = 1
    tasks = ("entities",)
    description = ("Frog's SoNaR named-entity tagger (per, org, loc; derived adjectives as "
                   "NORP) on our tokens, run as a subprocess")

    def available(self) -> None:
        if shutil.which("frog") is None:
            raise Unavailable("frog is not installed: apt-get install frog frogdata uctodata")

    def predict(self, documents: Sequence[Document]) -> list[Document]:
        self.available()
        toks = tokenize(documents)
        where = [(d, n) for d, t in enumerate(toks) for n in range(len(t.sentences))]
        lines = [" ".join(t.text[s:e] for s, e in t.sentences[n].tokens)
                 for d, n in where for t in [toks[d]]]
        blocks = run_frog(lines) if lines else []
        found: list[list[Span]] = [[] for _ in documents]
        for (d, n), rows in zip(where, blocks):
            found[d] += frog_spans(toks[d], n, rows)
        return [build(doc, entities=flatten(spans)) for doc, spans in zip(documents, found)]
