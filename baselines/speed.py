"""How fast each baseline is, on synthetic documents made from the seed's sentences.

``python -m baselines.speed [N]`` prints, for every registered baseline, the one-off
start-up time (building patterns, loading spaCy, starting Frog on one document) and
documents per second on ``N`` (default 200) documents; each synthetic document is
15-30 of the seed's sentences in a shuffled order, in paragraphs of up to four
(headings stay paragraphs of their own).

``tokenclf.v1`` needs gold to learn from; here it is trained on ``lexicon.v1``'s
output for the seed (a stand-in until the gold exists), which does not change its speed.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Sequence

from kroniek.documents import Document
from kroniek.tokens import sentences

from kroniek.system import System, Unavailable

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_a4a166468f182005.txt"


def synthetic_documents(n: int = 200, *, seed: int = 0, source: Path = SEED) -> list[Document]:
    """``n`` documents of shuffled sentences of ``source``, ids ``synthetic-0``, ..."""
    text = source.read_text(encoding="utf-8")
    pool = [text[s.start:s.end] for s in sentences(text)]
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        picked = rng.sample(pool, min(len(pool), rng.randint(15, 30)))
        paras, current = [], []
        for sentence in picked:
            if not sentence.rstrip("'\"").endswith((".", "!", "?")):   # a heading stands alone
                paras += [" ".join(current), sentence] if current else [sentence]
                current = []
                continue
            current.append(sentence)
            if len(current) >= rng.randint(1, 4):
                paras.append(" ".join(current))
                current = []
        if current:
            paras.append(" ".join(current))
        docs.append({"id": f"synthetic-{i}", "text": "\n\n".join(paras)})
    return docs


def measure(baseline: System, documents: Sequence[Document]) -> tuple[float, float]:
    """(start-up seconds on the first document, documents per second on all of them)."""
    started = time.perf_counter()
    baseline.predict(documents[:1])
    startup = time.perf_counter() - started
    started = time.perf_counter()
    baseline.predict(documents)
    return startup, len(documents) / (time.perf_counter() - started)


def main(argv: Sequence[str] = ()) -> int:
    from . import registry
    from .lexicon import Lexicon
    from .tokenclf import TokenClassifier

    n = int(argv[0]) if argv else 200
    docs = synthetic_documents(n)
    print(f"{n} synthetic documents, {sum(len(d['text']) for d in docs) // n} characters each")
    for name in registry.names():
        baseline = registry.get(name)
        if isinstance(baseline, TokenClassifier):
            seed_doc = [{"id": "seed", "text": SEED.read_text(encoding="utf-8")}]
            baseline = TokenClassifier(training=Lexicon().predict(seed_doc))
        try:
            baseline.available()
        except Unavailable as exc:
            print(f"{name:14} unavailable: {exc}")
            continue
        startup, rate = measure(baseline, docs)
        print(f"{name:14} start-up {startup:6.2f} s   {rate:8.1f} documents/s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
