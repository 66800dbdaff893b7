"""Push seeds to a Label Studio project and pull its annotations back, safely.

:func:`push` makes sure the project exists with Kroniek's labeling config and holds one
task per seed article (``data``: ``text`` and ``document_id``); it is idempotent, keyed
by ``document_id``. With a baseline name it adds that baseline's output as Label Studio
predictions (pre-annotations) under ``model_version`` = the versioned name, once per task,
showing progress. What is in the project comes from :mod:`.seen`: a push with nothing new
asks the server only for the tasks updated since the last push or pull.

:func:`pull` (:mod:`.pull`) exports the project as a stream and writes the validated,
merged ``<annotations>/exports/<document_id>.json`` files; the project helpers live in
:mod:`.projects`. Both are importable from here.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .. import schema
from ..convert import document_to_results
from ..documents import new_document
from ..errors import KroniekError, Problem
from ..sources import read_seeds
from ..validate import check_results
from .client import Client
from .projects import (DEFAULT_PROJECT, EXPORTS, Progress, _quiet, check_config,  # noqa: F401
                       dumps_export, ensure_project, find_project, project_tasks)
from .pull import (ExportProblems, PullConflicts, PullReport, annotated, plan,  # noqa: F401
                   pull, stable)
from .seen import LIGHT, Listed, Seen, counters, digest, pages, refresh, stamp  # noqa: F401

BATCH = 500
"""Tasks or predictions per import request: a request stays small, and progress shows."""


@dataclass
class PushReport:
    project_id: int
    created_project: bool
    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    text_changed: list[str] = field(default_factory=list)
    restored: Any = None
    listings: int = 0          # full task listings made (0 when the remembered state held)


def every(seconds: float, progress: Progress) -> Progress:
    """``progress`` at most once per ``seconds`` (a system reports every 16 documents)."""
    last = [float("-inf")]

    def say(message: str) -> None:
        if time.monotonic() - last[0] >= seconds:
            last[0] = time.monotonic()
            progress(message)
    return say


# --- push -----------------------------------------------------------------------------

def _predictions(name: str, texts: Mapping[str, str], *, progress: Progress = _quiet
                 ) -> tuple[str, dict[str, list[dict]]]:
    """The baseline's versioned name and its Label Studio results per document id."""
    from .systems import predict, system_class

    version = system_class(name).id()
    docs = predict(name, [new_document(doc_id, text) for doc_id, text in texts.items()],
                   progress=every(5.0, progress))
    results = {doc["id"]: document_to_results(doc) for doc in docs}
    problems: list[Problem] = []
    for doc_id, text in texts.items():
        if doc_id not in results:
            problems.append(Problem(f"baseline {version} returned no prediction", document=doc_id))
            continue
        problems += check_results(results[doc_id], text, file=f"baseline {version}",
                                  document=doc_id, source="prediction: ")
    if problems:
        raise KroniekError(problems)
    return version, results


def with_version(client: Client, project_id: int, version: str) -> set[int]:
    """The ids of the tasks that have a prediction of ``version`` (one filtered listing
    of ids, not every task with its predictions). Label Studio's filter matches a part
    of the model versions, so a task holding only ``floor.v10`` counts as holding
    ``floor.v1``: it then misses a prediction, and never gets one twice."""
    query = json.dumps({"filters": {"conjunction": "and", "items": [
        {"filter": "filter:tasks:predictions_model_versions", "operator": "contains",
         "type": "String", "value": version}]}})
    with client.errors(f"listing the tasks that have {version} predictions"):
        return {t.id for t in pages(client.sdk.tasks.list, project=project_id, include="id",
                                    query=query)}


def _batches(items: list, progress: Progress, what: str, send) -> None:
    """``send`` each batch of :data:`BATCH` items, saying how far it got."""
    for start in range(0, len(items), BATCH):
        send(items[start:start + BATCH])
        if len(items) > BATCH:
            progress(f"{what}: {min(start + BATCH, len(items))}/{len(items)}")


def push(client: Client, *, seeds: str | Path = "seeds", title: str = DEFAULT_PROJECT,
         predictions: str | None = None, with_annotations: bool = False,
         annotations: str | Path = "annotations", progress: Progress = _quiet) -> PushReport:
    """Create or find the project and import every seed not yet in it (idempotent).

    With ``with_annotations``, the annotations of ``<annotations>/exports/`` go back on
    their tasks too (:func:`.restore.restore`).
    """
    articles = {doc_id: seed.text for doc_id, seed in read_seeds(seeds).items()}
    if not articles:
        raise KroniekError(Problem("no articles (<id>.txt with <id>.json) to push", file=str(seeds)))
    version = None
    if predictions:   # an unknown name fails before anything changes on the server
        from .systems import system_class
        version = system_class(predictions).id()
    project, created = ensure_project(client, title)
    report = PushReport(project.id, created)
    seen = Seen.load(annotations, client.url, project)
    if created:
        seen.complete = True   # a new project holds no task: nothing to list
        seen.until = stamp(client.server_time) if client.server_time is not None else ""
    else:
        seen = refresh(client, seen, counters(project), progress=progress)
    report.listings = seen.listings

    existing: dict[str, list[Listed]] = {}
    for task in seen.tasks.values():
        if task.doc is not None:
            existing.setdefault(task.doc, []).append(task)
    report.present = sorted(d for d in articles if d in existing)
    report.added = sorted(d for d in articles if d not in existing)
    report.text_changed = sorted(d for d in report.present
                                 if any(t.text != digest(articles[d]) for t in existing[d]))

    results: dict[str, list[dict]] = {}
    if version:
        have = with_version(client, project.id, version) if existing else set()
        wanted = {d: t for d, t in articles.items() if d not in report.text_changed
                  and not any(t.id in have for t in existing.get(d, []))}
        if wanted:
            progress(f"running {version} on {len(wanted)} article(s)")
            version, results = _predictions(predictions, wanted, progress=progress)

    new_tasks = []
    for doc_id in report.added:
        task: dict[str, Any] = {"data": {schema.TEXT: articles[doc_id], schema.DOCUMENT_ID: doc_id}}
        if doc_id in results:
            task["predictions"] = [{"model_version": version, "result": results[doc_id]}]
            report.predicted.append(doc_id)
        new_tasks.append(task)

    def send_tasks(batch: list) -> None:
        with client.errors(f"importing {len(batch)} task(s)"):
            client.sdk.projects.import_tasks(project.id, request=batch)
    _batches(new_tasks, progress, "importing tasks", send_tasks)
    bulk = [{"task": existing[d][0].id, "result": results[d], "model_version": version,
             "project": project.id} for d in report.present if d in results]

    def send_predictions(batch: list) -> None:   # one request per batch, not one per task
        with client.errors(f"adding {len(batch)} {version} prediction(s)"):
            client.sdk.projects.import_predictions(project.id, request=batch)
    _batches(bulk, progress, f"adding {version} predictions", send_predictions)
    report.predicted += [d for d in report.present if d in results]
    report.predicted.sort()
    if with_annotations:
        from .restore import restore

        if new_tasks:   # only the tasks just added are asked for
            seen = refresh(client, seen, counters(find_project(client, title)))
        ids = {t.doc: t.id for t in seen.tasks.values() if t.doc is not None}
        report.restored = restore(client, project.id, ids, annotations=annotations,
                                  progress=progress)
    seen.save()
    return report
