"""The "EventDNA (real news)" benchmark: every system on EventDNA's test part, scored
across schemes, and its leaderboard section.

EventDNA (Colruyt, De Clercq, Desot and Hoste 2023) is read from the user's copy
(:func:`kroniek.corpora.locate`); its test part is the fixed rule of
:func:`kroniek.corpora.eventdna.split_of`. Each system is run as on Kroniek's test split
(a trained system learns from Kroniek's train split, tuned on validation; realnews.v1 also
from EventDNA's train and validation parts, never its test part) and scored with the
matching modes of :mod:`kroniek.metrics.crossscheme`, with bootstrap intervals over
documents. Records (``results/eventdna/<system>/<version>/test.json``) hold scores and
counts only: no predictions, no text. Without a copy nothing runs and the committed
records and section stay as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Sequence

from . import __version__

CITATION = ("Colruyt, De Clercq, Desot and Hoste (2023), \"EventDNA: a dataset for Dutch news "
            "event extraction as a basis for news diversification\", *Language Resources and "
            "Evaluation* 57, 189-221")
COLUMNS = (("entities.heads", "entities", "Entity heads"),
           ("entities.named", "entities", "Named mentions"),
           ("triggers.identification", "triggers", "Trigger I"),
           ("triggers.classification", "triggers", "Trigger C"),
           ("arguments.classification", "arguments", "Argument C"))
FOLDER = "eventdna"


def record_path(results: Path, record: dict) -> Path:
    return Path(results) / FOLDER / record["system"] / record["version"] / "test.json"


def run_one(name: str, gold, *, dataset, n_resamples: int, seed: int, progress=None) -> dict:
    """The result record of one system on the EventDNA test documents ``gold``."""
    from .corpora.eventdna import SPLIT_BUCKETS
    from .corpora.eventdna_mapping import MAPPING_VERSION
    from .errors import KroniekError
    from .metrics import crossscheme
    from .system import Unavailable, get, predict, protocol

    system = get(name)
    record = {"schema_version": "1.0", "kroniek_version": __version__, "system": system.name,
              "version": f"v{system.version}", "id": system.id(), "tasks": list(system.tasks),
              "corpus": {"name": "EventDNA", "citation": CITATION, "part": "test",
                         "documents": len(gold), "split_rule": "sha256(meta.id)[:8] mod 20: "
                         + ", ".join(f"{n} < {u}" for n, u in SPLIT_BUCKETS),
                         "mapping": MAPPING_VERSION},
              "modes": {m: crossscheme.MODES[m] for m, task, _ in COLUMNS if task in system.tasks}}
    try:
        system.available()
        record["protocol"] = protocol(system, "test")
        pred = predict(system, gold, split="test", dataset=dataset, progress=progress)
    except (Unavailable, KroniekError) as reason:
        return {**record, "available": False, "reason": str(reason)}
    counts = crossscheme.per_document(gold, pred)
    scores = crossscheme.scores_from_counts(crossscheme.total(counts))
    intervals = crossscheme.bootstrap(counts, n_resamples=n_resamples, seed=seed)
    record["available"] = True
    record["scores"] = {m: {**scores[m], "f1_ci": list(intervals[m])} for m in record["modes"]}
    return record


def evaluate_eventdna(names: Sequence[str] | None = None, *, dataset="dataset",
                      results="results", n_resamples: int = 1000, seed: int = 0,
                      progress: Callable[[str], None] | None = None) -> list[dict]:
    """Run ``names`` (default: every registered system with entities or triggers) on the
    located EventDNA copy's test part and write their records; [] without a copy."""
    from .corpora import locate
    from .corpora.eventdna import read
    from .system import get, names as registered

    path = locate("eventdna")
    if path is None or not path.exists():
        return []
    say = progress or (lambda message: None)
    gold = list(read(path, split="test"))
    names = [n for n in (names or registered())
             if {"entities", "triggers"} & set(get(n).tasks)]
    records = []
    for k, name in enumerate(names, 1):
        say(f"[EventDNA test {k}/{len(names)}] {name}: running on {len(gold)} document(s)")
        record = run_one(name, gold, dataset=dataset, n_resamples=n_resamples, seed=seed,
                         progress=progress)
        target = record_path(results, record)
        if not record["available"] and target.exists():
            say(f"[EventDNA test] {name}: not available here; its earlier record is kept")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        records.append(record)
    return records


def read_records(results) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(Path(results).glob(f"{FOLDER}/*/*/test.json"))]


def _cell(record: dict, mode: str, task: str) -> str:
    if task not in record["tasks"] or mode not in record.get("scores", {}):
        return "-"
    row = record["scores"][mode]
    low, high = row["f1_ci"]
    return f"{100 * row['f1']:.1f} [{100 * low:.0f}-{100 * high:.0f}]"


def section(results) -> list[str]:
    """The leaderboard's "EventDNA (real news)" section, from the records on disk ([] when
    there are none)."""
    records = [r for r in read_records(results) if r.get("available")]
    if not records:
        return []
    corpus = records[0]["corpus"]
    out = ["## EventDNA (real news)", "",
           f"Real Dutch and Flemish news annotated by people: the headlines and leads of "
           f"EventDNA ({CITATION}), read from a user's copy with `kroniek import eventdna` "
           f"and scored across schemes with mapping `{corpus['mapping']}` (docs/FORMAT.md "
           f"section 8). Test part: {corpus['documents']} documents (the fixed rule "
           f"{corpus['split_rule']}); no system learned from them. F1 in percent with "
           "bootstrap 95% intervals (1,000 resamples of documents). Matching modes:", ""]
    from .metrics.crossscheme import MODES

    out += [f"- **{title}** (`{mode}`): {MODES[mode]}." for mode, _, title in COLUMNS]
    out += ["", "| System | " + " | ".join(t for _, _, t in COLUMNS) + " |",
            "|---|" + "---|" * len(COLUMNS)]
    for record in sorted(records, key=lambda r: r["id"]):
        out.append(f"| {record['id']} | "
                   + " | ".join(_cell(record, m, task) for m, task, _ in COLUMNS) + " |")
    return out + [""]
