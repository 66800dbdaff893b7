"""Run baselines on the dataset, score them, and keep the results as versioned JSON.

Each run writes ``results/<system>/<version>/<dataset revision>/<split>.json`` (MTEB-style:
one file per system, version, dataset revision and split) holding the package version, the
dataset revision and split, how the system was run (its protocol, and for trained systems
the splits it learned from), every score of :func:`kroniek.metrics.score` and bootstrap 95%
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
    from .dataset import load, revision

    return load(dataset, split=split), revision(dataset)


def run_system(name: str, gold: list[Document], *, revision: str, split: str,
               dataset: str | Path = "dataset", n_resamples: int = 1000, seed: int = 0,
               progress: Callable[[str], None] | None = None) -> tuple[dict, list[Document] | None]:
    """Run and score one registered system on ``split``; the result record and predictions.

    The system sees the documents without their gold, and a trained system learns only
    from the splits before ``split`` (:mod:`kroniek.system.run`). A system that cannot
    run here gets a record with ``available: false`` and the reason.
    """
    from .errors import KroniekError
    from .metrics import score
    from .metrics.bootstrap import bootstrap_ci
    from .system import Unavailable, get, predict, protocol

    system = get(name)
    record = {
        "schema_version": RESULT_SCHEMA_VERSION,
        "kroniek_version": __version__,
        "system": system.name, "version": f"v{system.version}", "id": system.id(),
        "description": system.description,
        "tasks": list(system.tasks),
        "trained": system.trained,
        "learned_from": _learned_from(system, split),
        "resources": list(system.resources),
        "caveat": system.caveat,
        "dataset": {"revision": revision, "split": split, "documents": len(gold)},
    }
    try:
        system.available()
        record["protocol"] = protocol(system, split)
        pred = predict(system, gold, split=split, dataset=dataset, progress=progress)
    except Unavailable as reason:
        return {**record, "available": False, "reason": str(reason)}, None
    except KroniekError as reason:
        if not system.trained:
            raise
        return {**record, "available": False, "reason": str(reason)}, None
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
    record.update({"available": True, "scores": scores, "confidence_intervals": intervals})
    return record, pred


def _learned_from(system, split: str) -> list[str]:
    from .system import LEARN_FROM

    if not system.trained or split not in LEARN_FROM:
        return []
    learned, tuning = LEARN_FROM[split]
    return [*learned, *([f"{tuning} (tuning)"] if tuning else [])]


def result_path(results: Path, record: dict) -> Path:
    """``results/<system>/<version>/<dataset revision>/<split>.json``: one file per system,
    version, revision and split, so a run on one split never overwrites another."""
    data = record["dataset"]
    return results / record["system"] / record["version"] / data["revision"] / f"{data['split']}.json"


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


def read_results(results: Path, *, revision: str, split: str | None = None) -> list[dict]:
    """Every result record under ``results`` for one dataset revision (and split)."""
    pattern = f"*/*/{revision}/{split or '*'}.json"
    return [json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(Path(results).glob(pattern))]


def evaluate(names: Sequence[str] | None = None, *, dataset: str | Path = "dataset",
             splits: Sequence[str] = ("test", "validation"), results: str | Path = "results",
             n_resamples: int = 1000, seed: int = 0, plots: bool = True,
             progress: Callable[[str], None] | None = None) -> list[dict]:
    """Run ``names`` (default: every registered system) on each of ``splits`` and write
    their results; the records, split by split."""
    from .dataset import load, revision as dataset_revision, splits as available
    from .system import get, names as registered

    progress = progress or (lambda message: print(message, file=sys.stderr, flush=True))
    names = list(names or registered())
    for name in names:
        get(name)  # an unknown name fails before anything runs
    revision = dataset_revision(dataset)
    results = Path(results)
    records = []
    have = available(dataset)
    for split in [s for s in splits if s in have] or list(splits):
        gold = load(dataset, split=split)
        predictions = {}
        split_records = []
        for n, name in enumerate(names, 1):
            progress(f"[{split} {n}/{len(names)}] {name}: running on {len(gold)} document(s)")
            started = time.perf_counter()
            record, pred = run_system(name, gold, revision=revision, split=split, dataset=dataset,
                                      n_resamples=n_resamples, seed=seed, progress=progress)
            kept = _committed(results, record) if not record["available"] else None
            if kept is not None:   # a system that needs what this machine lacks (Frog,
                progress(f"[{split} {n}/{len(names)}] {name}: not available here; kept "
                         f"the stored results")   # a corpus copy) keeps its measured results
                record = kept
                split_records.append(record)
                stored = result_path(results, record).with_suffix(".predictions.jsonl")
                if stored.exists():
                    from .documents import read_jsonl

                    predictions[name] = read_jsonl(stored)
                continue
            path = write_result(results, record, pred)
            if pred is not None and plots:
                write_views(path, name, gold, pred, record)
            status = ("not available" if not record["available"]
                      else f"{time.perf_counter() - started:.1f} s")
            progress(f"[{split} {n}/{len(names)}] {name}: {status} -> {path}")
            split_records.append(record)
            if pred is not None:
                predictions[name] = pred
        if len(predictions) > 1:
            write_comparisons(results, revision, split, compare(
                gold, split_records, predictions, n_resamples=n_resamples, seed=seed))
        records += split_records
    return records


def _committed(results: Path, record: dict) -> dict | None:
    """The stored record of an available run of the same system, version, revision and
    split, if any (kept when the system cannot run here)."""
    path = result_path(Path(results), record)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stored if stored.get("available") else None


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


def write_comparisons(results: Path, revision: str, split: str, rows: list[dict]) -> Path:
    path = results / "comparisons" / revision / f"{split}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schema_version": RESULT_SCHEMA_VERSION, "revision": revision,
                                "split": split, "paired_bootstrap": rows}, indent=2) + "\n",
                    encoding="utf-8")
    return path


def read_comparisons(results: Path, *, revision: str, split: str) -> list[dict]:
    path = Path(results) / "comparisons" / revision / f"{split}.json"
    return json.loads(path.read_text(encoding="utf-8"))["paired_bootstrap"] if path.exists() else []
