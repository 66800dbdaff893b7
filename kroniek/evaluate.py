"""Run baselines on the dataset, score them, and keep the results as versioned JSON.

Each run writes ``results/<system>/<version>/<dataset revision>.json`` (MTEB-style: one
file per system, version and dataset revision) holding the package version, the dataset
revision and split, how the system was run (its protocol: rules, or cross-validation
for trained systems), every score of :func:`kroniek.metrics.score` and bootstrap 95%
confidence intervals of the headline F1s; beside it the predictions as JSON Lines, so
that ``kroniek show --system`` and ``kroniek score`` can reuse them.

>>> [h.key for h in HEADLINES][:2]
['entities.strict', 'entities.type']
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from . import __version__
from .documents import Document, dumps_jsonl
from .metrics.lookup import lookup

RESULT_SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class Headline:
    """One leaderboard column: a score key of :func:`kroniek.metrics.score`, the task a
    system must cover for it, and its column title."""

    key: str
    task: str
    title: str


HEADLINES = (
    Headline("entities.strict", "entities", "Entities strict"),
    Headline("entities.type", "entities", "Entities type"),
    Headline("triggers.identification", "triggers", "Trigger I"),
    Headline("triggers.classification", "triggers", "Trigger C"),
    Headline("arguments.identification", "arguments", "Argument I"),
    Headline("arguments.classification", "arguments", "Argument C"),
    Headline("relations", "relations", "Relations"),
    Headline("coreference.conll", "coreference", "Coref CoNLL"),
)


def load_gold(dataset: str | Path = "dataset", *, split: str | None = "test"
              ) -> tuple[list[Document], str]:
    """The gold documents of ``split`` (every split when ``None``), with string labels,
    and the dataset revision."""
    from datasets import load_dataset

    from .atomic import read_tree
    from .build import revision
    from .errors import KroniekError
    from .features import decode_document

    path = Path(dataset)
    if not (path / "README.md").exists():
        raise KroniekError(f"no dataset at {path}/: run 'kroniek build' first", file=str(path))
    loaded = load_dataset(str(path), "documents")
    if split is not None and split not in loaded:
        raise KroniekError(f"the dataset has no split {split!r}; it has {', '.join(loaded)}",
                           file=str(path))
    splits = [loaded[split]] if split is not None else list(loaded.values())
    docs = [decode_document(row) for rows in splits for row in rows]
    return docs, revision(read_tree(path))


def blind(documents: Sequence[Document]) -> list[Document]:
    """Documents with only what a system may see: id, text and language."""
    return [{"id": d["id"], "text": d["text"], "language": d.get("language", "nl")} for d in documents]


def run_system(name: str, gold: list[Document], *, revision: str, split: str,
               n_resamples: int = 1000, seed: int = 0) -> tuple[dict, list[Document] | None]:
    """Run and score one registered baseline; the result record and its predictions.

    A system that cannot run here gets a record with ``available: false`` and the reason.
    """
    from baselines.base import Unavailable
    from baselines.registry import get

    from .metrics import score
    from .metrics.bootstrap import bootstrap_ci

    system = get(name)
    record = {
        "schema_version": RESULT_SCHEMA_VERSION,
        "kroniek_version": __version__,
        "system": system.name, "version": f"v{system.version}", "id": system.id(),
        "description": system.description,
        "tasks": list(system.tasks),
        "protocol": system.protocol,
        "caveat": system.caveat,
        "dataset": {"revision": revision, "split": split, "documents": len(gold)},
    }
    try:
        system.available()
    except Unavailable as reason:
        return {**record, "available": False, "reason": str(reason)}, None
    started = time.perf_counter()
    if system.trained:
        pred = system.predict_heldout(gold, seed=seed)
    else:
        pred = system.predict(blind(gold))
    elapsed = time.perf_counter() - started
    scores = score(gold, pred, tasks=system.tasks)
    intervals = {}
    for headline in HEADLINES:
        if headline.task not in system.tasks:
            continue
        interval = {"f1": lookup(scores, headline.key)["f1"], "confidence": 0.95,
                    "resampled": "documents" if headline.task == "coreference" else "sentences"}
        if interval["resampled"] == "documents" and len(gold) < 2:
            # Coreference chains span sentences, so only whole documents can be resampled.
            interval.update(low=None, high=None, note="one document: no interval")
        else:
            interval["low"], interval["high"] = bootstrap_ci(
                gold, pred, metric=headline.key, n_resamples=n_resamples, seed=seed)
        intervals[headline.key] = interval
    record.update({"available": True, "scores": scores, "confidence_intervals": intervals,
                   "runtime_seconds": round(elapsed, 3),
                   "documents_per_second": round(len(gold) / elapsed, 2) if elapsed else None})
    return record, pred


def result_path(results: Path, record: dict) -> Path:
    return results / record["system"] / record["version"] / f"{record['dataset']['revision']}.json"


def write_result(results: Path, record: dict, pred: list[Document] | None) -> Path:
    """Write a result record (and its predictions) under ``results``."""
    path = result_path(results, record)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")
    if pred is not None:
        path.with_suffix(".predictions.jsonl").write_text(dumps_jsonl(pred), encoding="utf-8")
    return path


def write_views(path: Path, name: str, gold: list[Document], pred: list[Document],
                record: dict) -> None:
    """Beside a result: the first gold document as an HTML page with the system's
    predictions marked, and for entity systems a confusion matrix and per-type F1 chart."""
    from .show import render_document

    predicted = {d["id"]: d for d in pred}
    first = gold[0]
    page = render_document(first, pred=predicted.get(first["id"], {"id": first["id"]}),
                           title=f"{first['id']} \u2014 {name} against gold")
    path.with_suffix(".html").write_text(page, encoding="utf-8")
    if "entities" in record["tasks"]:
        from .plots import confusion_matrix_png, per_type_f1_png

        confusion_matrix_png(gold, pred, path.with_suffix(".confusion.png"),
                             title=f"{name}: entity types")
        per_type_f1_png(lookup(record["scores"], "entities.strict")["per_type"],
                        path.with_suffix(".f1.png"), title=f"{name}: entity F1 per type (strict)")


def read_results(results: Path, *, revision: str) -> list[dict]:
    """Every result record under ``results`` for one dataset revision."""
    records = []
    for path in sorted(Path(results).glob(f"*/*/{revision}.json")):
        records.append(json.loads(path.read_text(encoding="utf-8")))
    return records


def evaluate(names: Sequence[str] | None = None, *, dataset: str | Path = "dataset",
             split: str = "test", results: str | Path = "results", n_resamples: int = 1000,
             seed: int = 0, plots: bool = True,
             progress: Callable[[str], None] | None = None) -> list[dict]:
    """Run ``names`` (default: every registered baseline) and write their results."""
    from baselines.registry import get, names as registered

    progress = progress or (lambda message: print(message, file=sys.stderr, flush=True))
    names = list(names or registered())
    for name in names:
        get(name)  # an unknown name fails before anything runs
    gold, revision = load_gold(dataset, split=split)
    results = Path(results)
    records, predictions = [], {}
    for n, name in enumerate(names, 1):
        progress(f"[{n}/{len(names)}] {name}: running on {len(gold)} {split} document(s)")
        record, pred = run_system(name, gold, revision=revision, split=split,
                                  n_resamples=n_resamples, seed=seed)
        path = write_result(results, record, pred)
        if pred is not None and plots:
            write_views(path, name, gold, pred, record)
        status = "not available" if not record["available"] else f"{record['runtime_seconds']} s"
        progress(f"[{n}/{len(names)}] {name}: {status} -> {path}")
        records.append(record)
        if pred is not None:
            predictions[name] = pred
    if len(predictions) > 1:
        write_comparisons(results, revision, compare(gold, records, predictions,
                                                     n_resamples=n_resamples, seed=seed))
    return records


def compare(gold: list[Document], records: list[dict], predictions: dict[str, list[Document]],
            *, n_resamples: int = 1000, seed: int = 0) -> list[dict]:
    """Paired bootstrap of the best system against each other one, per headline score.

    For each headline, the systems covering it are ranked by F1 and the first is compared
    with every other on the same resamples: the F1 difference, its 95% interval and a
    two-sided p-value.
    """
    from .metrics.bootstrap import paired_bootstrap

    rows = []
    for headline in HEADLINES:
        if headline.task == "coreference" and len(gold) < 2:
            continue
        ranked = sorted((r for r in records if r["id"] in predictions and headline.task in r["tasks"]),
                        key=lambda r: (-lookup(r["scores"], headline.key)["f1"], r["id"]))
        for other in ranked[1:]:
            best = ranked[0]
            result = paired_bootstrap(gold, predictions[best["id"]], predictions[other["id"]],
                                      metric=headline.key, n_resamples=n_resamples, seed=seed)
            rows.append({"metric": headline.key, "a": best["id"], "b": other["id"],
                         **result[headline.key]})
    return rows


def write_comparisons(results: Path, revision: str, rows: list[dict]) -> Path:
    path = results / "comparisons" / f"{revision}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schema_version": RESULT_SCHEMA_VERSION, "revision": revision,
                                "paired_bootstrap": rows}, indent=2) + "\n", encoding="utf-8")
    return path


def read_comparisons(results: Path, *, revision: str) -> list[dict]:
    path = Path(results) / "comparisons" / f"{revision}.json"
    return json.loads(path.read_text(encoding="utf-8"))["paired_bootstrap"] if path.exists() else []
