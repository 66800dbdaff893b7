#!/usr/bin/env python
"""The "CoNLL-2002 (names)" section of results/LEADERBOARD.md: systems on the development
file of the user's CoNLL-2002 copy, names scored exact span and type (docs/FORMAT.md
section 9), beside the shared task's published figures.

With a copy (``KRONIEK_CONLL2002`` or the corpus file), each system in :data:`SYSTEMS`
predicts the development file's text (built from its tokens, as ``kroniek import``
builds it) through the same path as ``kroniek predict``, and its scores and counts are
written to ``results/conll2002/<system>/<version>/testa.json`` -- never the text, never
predictions. A system that cannot run here keeps its stored record. Without a copy
nothing is measured. Either way the section is written from the stored records, so a
rerun leaves the files as they were.

Usage: python scripts/conll2002_names.py [--system NAME ...] [--results DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SYSTEMS = ("names.v1", "frog.v1", "rules.v2", "gazetteer.v2", "ensemble.v1", "tokenclf.v2",
           "spacy.v1")
PART = "testa"
START, END = "<!-- conll2002 names -->", "<!-- /conll2002 names -->"
PUBLISHED = (
    ("Carreras et al. (2002), AdaBoost; the shared task's best", "77.05"),
    ("Florian (2002), classifier combination", "74.99"),
)


def measure(name: str, gold: list[dict], *, dataset: Path) -> tuple[dict | None, float]:
    """The record of ``name`` on ``gold`` (None when it cannot run here) and its seconds."""
    from kroniek.errors import KroniekError
    from kroniek.metrics.names import VIEWS, name_scores
    from kroniek.system import get, prepared, predict

    system = get(name)
    try:
        prepared(system, dataset=dataset)
    except KroniekError as why:
        print(f"conll2002: {name}: {why}", file=sys.stderr)
        return None, 0.0
    started = time.perf_counter()
    pred = predict(system, gold, dataset=dataset)
    seconds = time.perf_counter() - started
    return {
        "schema_version": "1.0", "id": system.id(), "system": system.name,
        "version": f"v{system.version}", "description": system.description,
        "corpus": "CoNLL-2002 Dutch (Tjong Kim Sang 2002)", "part": f"ned.{PART} (development)",
        "protocol": ("the system predicts the text built from the file's tokens (sentences one "
                     "per line), as kroniek predict would; names scored exact span and type"),
        "documents": len(gold),
        "scores": {view: name_scores(gold, pred, view=view) for view in VIEWS},
    }, seconds


def record_path(results: Path, system_id: str) -> Path:
    name, version = system_id.rsplit(".", 1)
    return results / "conll2002" / name / version / f"{PART}.json"


def stored(results: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((results / "conll2002").glob(f"*/*/{PART}.json"))]


def pct(x: float) -> str:
    return f"{100 * x:.2f}"


def section(records: list[dict]) -> str:
    lines = [START, "## CoNLL-2002 (names)", "",
             "Names in real Dutch news: the development file `ned.testa` of the CoNLL-2002 shared "
             "task (De Morgen, 2000; Tjong Kim Sang 2002, *Introduction to the CoNLL-2002 Shared "
             "Task: Language-Independent Named Entity Recognition*). Exact span and type, as "
             "conlleval counts; Kroniek types stand for CoNLL types as docs/FORMAT.md section 9 "
             "says (GPE and FAC: LOC or ORG; NORP: MISC). Measured here on a user's copy; the "
             "corpus is not shipped. Scores only: `results/conll2002/`.", ""]
    if records:
        docs = records[0]["documents"]
        gold = records[0]["scores"]["4 types"]["n_gold"]
        lines += [f"{docs} documents, {gold} names.", ""]
        lines += ["| system | F1, 4 types | P | R | F1, PER/ORG/LOC | PER | ORG | LOC | MISC |",
                  "|---|---|---|---|---|---|---|---|---|"]
        ranked = sorted(records, key=lambda r: (-r["scores"]["4 types"]["f1"], r["id"]))
        for r in ranked:
            four, three = r["scores"]["4 types"], r["scores"]["PER/ORG/LOC"]
            per = four["per_type"]
            lines.append(f"| {r['id']} | {pct(four['f1'])} | {pct(four['precision'])} | "
                         f"{pct(four['recall'])} | {pct(three['f1'])} | "
                         + " | ".join(pct(per[t]["f1"]) for t in ("PER", "ORG", "LOC", "MISC"))
                         + " |")
    else:
        lines.append("No system has been measured: the section fills in when a copy of "
                     "CoNLL-2002 is given (KRONIEK_CONLL2002) and `make benchmark` runs.")
    lines += ["", "Published, on the shared task's test file `ned.testb` (F1, 4 types; not "
                  "measured here):", ""]
    lines += [f"- {who}: {f1}" for who, f1 in PUBLISHED]
    lines += ["", END]
    return "\n".join(lines) + "\n"


def write_section(board: Path, text: str) -> None:
    old = board.read_text(encoding="utf-8") if board.exists() else ""
    if START in old and END in old:
        head, rest = old.split(START, 1)
        new = head + text.rstrip("\n") + rest.split(END, 1)[1]
    else:
        new = old.rstrip("\n") + ("\n\n" if old else "") + text
    if new != old:
        board.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    from kroniek.corpora import how_to_get, locate

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--system", action="append", help="a system to measure (default: all "
                                                          "of SYSTEMS)")
    parser.add_argument("--results", default=str(ROOT / "results"))
    parser.add_argument("--dataset", default=str(ROOT / "dataset"))
    args = parser.parse_args(argv)
    results = Path(args.results)
    if locate("conll2002") is None:
        print(f"conll2002: not measured ({how_to_get('conll2002')}); the stored records stay",
              file=sys.stderr)
    else:
        from kroniek.corpora.conll2002 import documents

        gold = documents(part=PART)
        n_names = sum(len(d["entities"]) + len(d["other_names"]) for d in gold)
        n_tokens = sum(len(d["text"].split()) for d in gold)
        for name in args.system or SYSTEMS:
            record, seconds = measure(name, gold, dataset=Path(args.dataset))
            if record is None:
                continue
            path = record_path(results, record["id"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True)
                            + "\n", encoding="utf-8")
            four = record["scores"]["4 types"]
            print(f"conll2002: {name}: F1 {pct(four['f1'])} (4 types), "
                  f"{pct(record['scores']['PER/ORG/LOC']['f1'])} (PER/ORG/LOC); "
                  f"{seconds:.1f} s: {n_names / max(seconds, 1e-9):.0f} gold names/s, "
                  f"{n_tokens / max(seconds, 1e-9):.0f} tokens/s", file=sys.stderr)
    write_section(results / "LEADERBOARD.md", section(stored(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
