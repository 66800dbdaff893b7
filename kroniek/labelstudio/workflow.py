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

import contextlib
import json
import queue
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from .. import schema
from ..convert import document_to_results
from ..documents import new_document
from ..errors import KroniekError, Problem
from ..validate import check_results
from .client import Client
from .projects import (DEFAULT_PROJECT, EXPORTS, Progress, _quiet, check_config,  # noqa: F401
                       dumps_export, ensure_project, find_project, project_tasks)
from .pull import (ExportProblems, PullConflicts, PullReport, annotated, plan,  # noqa: F401
                   pull, stable)
from .seedstate import seed_digests, seed_text
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


# --- push -----------------------------------------------------------------------------

def _predictor(name: str) -> Callable[[Mapping[str, str]], dict[str, list[dict]]]:
    """A function from ``{document id: text}`` to the baseline's checked Label Studio
    results per document id; the system is prepared (fitted, when it learns) once, here."""
    from .systems import blind, check_unseen, prepared

    system = prepared(name)
    version = system.id()

    def run(texts: Mapping[str, str]) -> dict[str, list[dict]]:
        docs = [new_document(doc_id, text) for doc_id, text in texts.items()]
        check_unseen(system, docs)
        out: list[dict] = []
        for start in range(0, len(docs), 16):
            out += system.predict(blind(docs[start:start + 16]))
        results = {doc["id"]: document_to_results(doc) for doc in out}
        problems: list[Problem] = []
        for doc_id, text in texts.items():
            if doc_id not in results:
                problems.append(Problem(f"baseline {version} returned no prediction",
                                        document=doc_id))
                continue
            problems += check_results(results[doc_id], text, file=f"baseline {version}",
                                      document=doc_id, source="prediction: ")
        if problems:
            raise KroniekError(problems)
        return results
    return run


class Sender:
    """Runs each batch's requests in a thread while the caller prepares the next batch
    (predicting it), so the server's import and our prediction overlap; at most one
    batch waits. The first failure stops the rest and is raised by :meth:`close`."""

    def __init__(self) -> None:
        self.waiting: queue.Queue = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._work, daemon=True)
        self.thread.start()

    def _work(self) -> None:
        while (job := self.waiting.get()) is not None:
            if self.error is None:
                try:
                    job()
                except BaseException as error:  # noqa: BLE001 (raised by close)
                    self.error = error

    def send(self, job: Callable[[], None]) -> None:
        if self.error is not None:
            self.close()
        self.waiting.put(job)

    def close(self) -> None:
        """Wait for the batches sent so far; raise the first failure."""
        if self.thread.is_alive():
            self.waiting.put(None)
            self.thread.join()
        if self.error is not None:
            raise self.error


def with_version(client: Client, project_id: int, version: str) -> set[int]:
    """The ids of the tasks that have a prediction of exactly ``version`` (one filtered
    listing of ids and model versions, not every task with its predictions).

    Label Studio's filter matches a part of the model versions (``floor.v1`` finds
    ``floor.v10`` too), so each task it finds is kept only if ``version`` is one of the
    versions it lists (comma-separated). That list is cut at 500 characters: a task whose
    list is that long is kept on the filter's word, so it may miss a prediction but never
    gets one twice.
    """
    query = json.dumps({"filters": {"conjunction": "and", "items": [
        {"filter": "filter:tasks:predictions_model_versions", "operator": "contains",
         "type": "String", "value": version}]}})
    found = set()
    with client.errors(f"listing the tasks that have {version} predictions"):
        for task in pages(client.sdk.tasks.list, project=project_id,
                          include="id,predictions_model_versions", query=query):
            listed = task.predictions_model_versions
            if not isinstance(listed, str) or len(listed) >= VERSIONS_SHOWN or \
                    version in {v.strip() for v in listed.split(",")}:
                found.add(task.id)
    return found


VERSIONS_SHOWN = 500
"""Characters of a task's model versions that Label Studio's task listing shows."""


def push(client: Client, *, seeds: str | Path = "seeds", title: str = DEFAULT_PROJECT,
         predictions: str | None = None, with_annotations: bool = False,
         annotations: str | Path = "annotations", progress: Progress = _quiet) -> PushReport:
    """Create or find the project and import every seed not yet in it (idempotent).

    With ``with_annotations``, the annotations of ``<annotations>/exports/`` go back on
    their tasks too (:func:`.restore.restore`).
    """
    articles = seed_digests(seeds, annotations)   # id -> digest; texts are read when needed
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
                                 if any(t.text != articles[d] for t in existing[d]))

    wanted: set[str] = set()
    if version:
        have = with_version(client, project.id, version) if existing else set()
        wanted = {d for d in articles if d not in report.text_changed
                  and not any(t.id in have for t in existing.get(d, []))}
        if wanted:
            progress(f"running {version} on {len(wanted)} article(s), importing in batches "
                     f"of {BATCH}")
    predict = _predictor(predictions) if wanted else None
    new_present = [d for d in report.present if d in wanted]
    total, done = len(report.added) + len(new_present), [0]

    def predicted(batch: list[str]) -> dict[str, list[dict]]:
        ask = {d: seed_text(seeds, d) for d in batch if d in wanted}
        return predict(ask) if ask and predict is not None else {}

    def sent(count: int, what: str) -> None:
        done[0] += count
        if total > BATCH:
            progress(f"{what}: {done[0]}/{total}")

    def send_tasks(batch: list, with_predictions: int) -> None:
        with client.errors(f"importing {len(batch)} task(s)"):
            client.sdk.projects.import_tasks(project.id, request=batch)
        sent(len(batch), "importing tasks" + (f" with {version} predictions"
                                              if with_predictions else ""))

    def send_predictions(batch: list) -> None:   # one request per batch, not one per task
        with client.errors(f"adding {len(batch)} {version} prediction(s)"):
            client.sdk.projects.import_predictions(project.id, request=batch)
        sent(len(batch), f"adding {version} predictions")

    # Each batch is predicted while the one before is imported: memory holds a few batches,
    # never the project's predictions. A problem stops the push; what was sent before it
    # stays, and a push again adds only what is missing.
    sender = Sender()
    try:
        for start in range(0, len(report.added), BATCH):
            batch = report.added[start:start + BATCH]
            results = predicted(batch)
            tasks = []
            for doc_id in batch:
                task: dict[str, Any] = {"data": {schema.TEXT: seed_text(seeds, doc_id),
                                                 schema.DOCUMENT_ID: doc_id}}
                if doc_id in results:
                    task["predictions"] = [{"model_version": version,
                                            "result": results[doc_id]}]
                tasks.append(task)
            sender.send(lambda tasks=tasks, n=len(results): send_tasks(tasks, n))
            report.predicted += list(results)
        for start in range(0, len(new_present), BATCH):
            batch = new_present[start:start + BATCH]
            results = predicted(batch)
            bulk = [{"task": existing[d][0].id, "result": results[d], "model_version": version,
                     "project": project.id} for d in batch]
            sender.send(lambda bulk=bulk: send_predictions(bulk))
            report.predicted += batch
    except BaseException:
        with contextlib.suppress(BaseException):
            sender.close()
        raise
    sender.close()
    report.predicted.sort()
    if with_annotations:
        from .restore import restore

        if report.added:   # only the tasks just added are asked for
            seen = refresh(client, seen, counters(find_project(client, title)))
        ids = {t.doc: t.id for t in seen.tasks.values() if t.doc is not None}
        report.restored = restore(client, project.id, ids, annotations=annotations,
                                  progress=progress)
    seen.save()
    return report
