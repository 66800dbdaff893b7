"""Run baselines on the dataset, score them, and keep the results as versioned JSON.

Each run writes ``results/<system>/<version>/<dataset revision>/<split>.json`` (MTEB-style:
one file per system, version, dataset revision and split) holding the package version, the
dataset revision and split, how the system was run (its protocol, and for trained systems
the splits it learned from), every score of :func:`kroniek.metrics.score` and bootstrap 95%
confidence intervals of the headline F1s; beside it the predictions as JSON Lines, so
that ``kroniek show --system`` and ``kroniek score`` can reuse them.

>>> [h.name for h in HEADLINES][:2]
['entities.strict', 'entities.type']
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

from . import __version__
from .documents import Document, dumps_jsonl, read_jsonl
from .metrics.declared import HEADLINES
from .metrics.report import Report

RESULT_SCHEMA_VERSION = "1.0"


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
    from .system.run import learned_splits

    system = get(name)
    record = {
        "schema_version": RESULT_SCHEMA_VERSION,
        "kroniek_version": __version__,
        "system": system.name, "version": f"v{system.version}", "id": system.id(),
        "description": system.description,
        "tasks": list(system.tasks),
        "trained": system.trained,
        "learned_from": learned_splits(system, split),
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
    report = score(gold, pred, tasks=system.tasks)
    intervals = {}
    for headline in HEADLINES:
        if headline.family not in system.tasks:
            continue
        interval = {"f1": report[headline.name].f1, "confidence": 0.95,
                    "resampled": "documents" if headline.family == "coreference" else "sentences"}
        if interval["resampled"] == "documents" and len(gold) < 2:
            # Coreference chains span sentences, so only whole documents can be resampled.
            interval.update(low=None, high=None, note="one document: no interval")
        else:
            interval["low"], interval["high"] = bootstrap_ci(
                gold, pred, metric=headline.name, n_resamples=n_resamples, seed=seed)
        intervals[headline.name] = interval
    record.update({"available": True, "scores": report.to_dict(),
                   "confidence_intervals": intervals})
    return record, pred


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
        per_type_f1_png(Report.from_dict(record["scores"])["entities.strict"].per_type,
                        path.with_suffix(".f1.png"), title=f"{name}: entity F1 per type (strict)")


def read_results(results: Path, *, revision: str, split: str | None = None) -> list[dict]:
    """Every result record under ``results`` for one dataset revision (and split)."""
    pattern = f"*/*/{revision}/{split or '*'}.json"
    return [json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(Path(results).glob(pattern))]


def leaderboard_records(results: Path, *, revision: str) -> list[dict]:
    """What the leaderboard shows: every record of dataset ``revision``, and for each
    system and split scored only on an older revision its newest record, marked
    ``stale`` (kept, not deleted: a partial ``evaluate`` after a dataset change must not
    wipe the other rows). Current records first."""
    current = read_results(results, revision=revision)
    have = {(r["id"], r["dataset"]["split"]) for r in current}
    older: dict[tuple[str, str], tuple[float, Path]] = {}
    for path in Path(results).glob("*/*/*/*.json"):
        if path.parent.name == revision or path.parts[-4] == "comparisons":
            continue
        key = (f"{path.parts[-4]}.{path.parts[-3]}", path.stem)
        if key in have:
            continue
        stamp = path.stat().st_mtime
        if key not in older or stamp > older[key][0]:
            older[key] = (stamp, path)
    stale = []
    for _, path in sorted(older.values(), key=lambda x: str(x[1])):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not a result record
        if isinstance(record, dict) and "dataset" in record and "id" in record:
            stale.append({**record, "stale": True})
    return current + sorted(stale, key=lambda r: r["id"])


def evaluate(names: Sequence[str] | None = None, *, dataset: str | Path = "dataset",
             splits: Sequence[str] = ("test", "validation"), results: str | Path = "results",
             n_resamples: int = 1000, seed: int = 0, plots: bool = True, jobs: int = 1,
             progress: Callable[[str], None] | None = None) -> list[dict]:
    """Run ``names`` (default: every registered system) on each of ``splits`` and write
    their results; the records, split by split.

    With ``jobs`` above one, the fits the cache does not hold are first run in that many
    worker processes (:func:`kroniek.system.parallel.fit_ahead`); the records are the
    same, sooner.

    Numeric libraries run on one thread throughout (threadpoolctl): a sum split over
    threads is added in another order, and a trained model, then its scores, would
    differ from machine to machine in the last bits and beyond.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _evaluate(names, dataset=dataset, splits=splits, results=results,
                         n_resamples=n_resamples, seed=seed, plots=plots, jobs=jobs,
                         progress=progress)


def _evaluate(names, *, dataset, splits, results, n_resamples, seed, plots, jobs, progress):
    from .dataset import load, revision as dataset_revision, splits as available
    from .system import get, names as registered
    from .system.parallel import fit_ahead

    progress = progress or (lambda message: print(message, file=sys.stderr, flush=True))
    names = list(names or registered())
    for name in names:
        get(name)  # an unknown name fails before anything runs
    revision = dataset_revision(dataset)
    results = Path(results)
    records = []
    have = available(dataset)
    splits = [s for s in splits if s in have] or list(splits)
    fit_ahead(names, splits=splits, dataset=dataset, jobs=jobs, progress=progress)
    for split in splits:
        gold = load(dataset, split=split)
        predictions = {}
        split_records = []
        for n, name in enumerate(names, 1):
            progress(f"[{split} {n}/{len(names)}] {name}: running on {len(gold)} document(s)")
            started = time.perf_counter()
            record, pred = run_system(name, gold, revision=revision, split=split, dataset=dataset,
                                      n_resamples=n_resamples, seed=seed, progress=progress)
            kept = kept_record(results, record) if not record["available"] else None
            if kept is not None:   # a system that needs what this machine lacks (Frog,
                progress(f"[{split} {n}/{len(names)}] {name}: not available here; kept "
                         f"the stored results")   # a corpus copy) keeps its measured results
                record = kept
                split_records.append(record)
                stored = result_path(results, record).with_suffix(".predictions.jsonl")
                if stored.exists():
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
        # Systems not run this time keep their place in the comparisons: their stored
        # predictions of this revision are compared too, as a full run would.
        compared, also = dict(predictions), []
        for record in read_results(results, revision=revision, split=split):
            stored = result_path(results, record).with_suffix(".predictions.jsonl")
            if record["id"] not in compared and record.get("available") and stored.exists():
                compared[record["id"]] = read_jsonl(stored)
                also.append(record)
        if len(compared) > 1:
            write_comparisons(results, revision, split, compare(
                gold, split_records + also, compared, n_resamples=n_resamples, seed=seed))
        records += split_records
    return records


def kept_record(results: Path, record: dict) -> dict | None:
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
    reports = {r["id"]: Report.from_dict(r["scores"]) for r in records if r["id"] in predictions}
    for headline in HEADLINES:
        if headline.family == "coreference" and len(gold) < 2:
            continue
        ranked = sorted((r for r in records if r["id"] in predictions and headline.family in r["tasks"]),
                        key=lambda r: (-reports[r["id"]][headline.name].f1, r["id"]))
        for other in ranked[1:]:
            best = ranked[0]
            result = paired_bootstrap(gold, predictions[best["id"]], predictions[other["id"]],
                                      metric=headline.name, n_resamples=n_resamples, seed=seed)
            rows.append({"metric": headline.name, "a": best["id"], "b": other["id"],
                         **result[headline.name]})
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
