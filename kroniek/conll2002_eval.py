"""The "CoNLL-2002 (names)" benchmark: every system that finds entities, on the development
file of the user's CoNLL-2002 copy, and its leaderboard section.

Names in real Dutch news (De Morgen, 2000; Tjong Kim Sang 2002), scored exact span and type
in the views of :mod:`kroniek.metrics.names` (docs/FORMAT.md section 9), beside the shared
task's published figures. Each system predicts the development file's text (built from its
tokens, as ``kroniek import conll2002`` builds it) through :func:`kroniek.system.predict`;
its scores and counts go to ``results/conll2002/<system>/<version>/testa.json``, never the
text or predictions. A system that cannot run here keeps its stored record; without a copy
nothing is measured, and the section is written from the stored records either way, so a
rerun leaves the files as they were.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable, Sequence

PART = "testa"
FOLDER = "conll2002"
CORPUS = "CoNLL-2002 Dutch (Tjong Kim Sang 2002)"
PUBLISHED = (
    ("Carreras et al. (2002), AdaBoost; the shared task's best", "77.05"),
    ("Florian (2002), classifier combination", "74.99"),
)


def run_one(name: str, gold: Sequence[dict], *, dataset,
            progress: Callable[[str], None] | None = None) -> tuple[dict | None, float]:
    """The record of ``name`` on ``gold`` (None when it cannot run here) and its seconds."""
    from .errors import KroniekError
    from .metrics.names import VIEWS, name_scores
    from .system import get, predict, prepared

    system = get(name)
    try:
        prepared(system, dataset=dataset, progress=progress)
    except KroniekError as why:
        if progress:
            progress(f"[CoNLL-2002] {name}: {why}")
        return None, 0.0
    started = time.perf_counter()
    pred = predict(system, gold, dataset=dataset)
    seconds = time.perf_counter() - started
    return {
        "schema_version": "1.0", "id": system.id(), "system": system.name,
        "version": f"v{system.version}", "description": system.description,
        "corpus": CORPUS, "part": f"ned.{PART} (development)",
        "protocol": ("the system predicts the text built from the file's tokens (sentences one "
                     "per line), as kroniek predict would; names scored exact span and type"),
        "documents": len(gold),
        "scores": {view: name_scores(gold, pred, view=view) for view in VIEWS},
    }, seconds


def record_path(results, system_id: str) -> Path:
    name, version = system_id.rsplit(".", 1)
    return Path(results) / FOLDER / name / version / f"{PART}.json"


def evaluate_conll2002(names: Sequence[str] | None = None, *, dataset="dataset",
                       results="results",
                       progress: Callable[[str], None] | None = None) -> list[dict]:
    """Run ``names`` (default: every registered system with entities) on the located
    CoNLL-2002 copy's development file and write their records; [] without a copy."""
    from .corpora import locate
    from .corpora.conll2002 import documents
    from .system import get, names as registered

    if locate("conll2002") is None:
        return []
    say = progress or (lambda message: None)
    gold = documents(part=PART)
    n_names = sum(len(d["entities"]) + len(d.get("other_names", [])) for d in gold)
    names = [n for n in (names or registered()) if "entities" in get(n).tasks]
    records = []
    for k, name in enumerate(names, 1):
        say(f"[CoNLL-2002 {PART} {k}/{len(names)}] {name}: running on {len(gold)} document(s)")
        record, seconds = run_one(name, gold, dataset=dataset, progress=progress)
        if record is None:
            continue
        target = record_path(results, record["id"])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True)
                          + "\n", encoding="utf-8")
        four = record["scores"]["4 types"]
        say(f"[CoNLL-2002 {PART}] {name}: F1 {_pct(four['f1'])} (4 types); {seconds:.1f} s, "
            f"{n_names / max(seconds, 1e-9):.0f} gold names/s")
        records.append(record)
    return records


def read_records(results) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(Path(results).glob(f"{FOLDER}/*/*/{PART}.json"))]


def _pct(x: float) -> str:
    return f"{100 * x:.2f}"


def section(results) -> list[str]:
    """The leaderboard's "CoNLL-2002 (names)" section, from the records on disk ([] when
    there are none)."""
    records = read_records(results)
    if not records:
        return []
    lines = ["## CoNLL-2002 (names)", "",
             "Names in real Dutch news: the development file `ned.testa` of the CoNLL-2002 shared "
             "task (De Morgen, 2000; Tjong Kim Sang 2002, *Introduction to the CoNLL-2002 Shared "
             "Task: Language-Independent Named Entity Recognition*). Exact span and type, as "
             "conlleval counts; Kroniek types stand for CoNLL types as docs/FORMAT.md section 9 "
             "says (GPE and FAC: LOC or ORG; NORP: MISC). Measured here on a user's copy with "
             "`kroniek evaluate`; the corpus is not shipped. Scores only: `results/conll2002/`.",
             "", f"{records[0]['documents']} documents, "
             f"{records[0]['scores']['4 types']['n_gold']} names.", "",
             "| system | F1, 4 types | P | R | F1, PER/ORG/LOC | PER | ORG | LOC | MISC |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in sorted(records, key=lambda r: (-r["scores"]["4 types"]["f1"], r["id"])):
        four, three = r["scores"]["4 types"], r["scores"]["PER/ORG/LOC"]
        per = four["per_type"]
        lines.append(f"| {r['id']} | {_pct(four['f1'])} | {_pct(four['precision'])} | "
                     f"{_pct(four['recall'])} | {_pct(three['f1'])} | "
                     + " | ".join(_pct(per[t]["f1"]) for t in ("PER", "ORG", "LOC", "MISC"))
                     + " |")
    lines += ["", "Published, on the shared task's test file `ned.testb` (F1, 4 types; not "
                  "measured here):", ""]
    lines += [f"- {who}: {f1}" for who, f1 in PUBLISHED]
    return lines + [""]
