"""Push seeds to a Label Studio project and pull its annotations back, safely.

:func:`push` makes sure the project exists with Kroniek's labeling config and holds one
task per seed article (``data``: ``text`` and ``document_id``); it is idempotent, keyed
by ``document_id``. With a baseline name it adds that baseline's output as Label Studio
predictions (pre-annotations) under ``model_version`` = the versioned name, once per task.

:func:`pull` exports the project as JSON, validates the whole export against the seeds
(:func:`kroniek.validate.check_export`), and writes one file per annotated document,
``<annotations>/exports/<document_id>.json``: a Label Studio export list holding that
document's task with all of Label Studio's provenance fields. The folder is replaced
atomically (:func:`kroniek.atomic.write_tree`); files of documents the server has no
annotation for are kept; a pull that brings nothing new writes nothing.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from .. import atomic, schema
from ..convert import Task, document_id, document_to_results
from ..documents import new_document
from ..errors import KroniekError, Problem
from ..labelconfig import labeling_config, same_config
from ..sources import read_seeds
from ..validate import check_export, check_results, check_tokens
from .client import Client
from .merge import merge_task

DEFAULT_PROJECT = "Kroniek"
EXPORTS = "exports"

Progress = Callable[[str], None]


class ExportProblems(KroniekError):
    """The project's export failed validation; ``problems`` lists every problem."""


class PullConflicts(KroniekError):
    """Pulling would drop annotations of the repository; one problem per document."""


@dataclass
class PushReport:
    project_id: int
    created_project: bool
    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    text_changed: list[str] = field(default_factory=list)


@dataclass
class PullReport:
    project_id: int
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unannotated: list[str] = field(default_factory=list)


def _quiet(message: str) -> None:
    pass


def dumps_export(tasks: list[Task]) -> bytes:
    """Deterministic bytes of an export file: sorted keys, two-space indent, UTF-8,
    trailing newline, so an unchanged task gives an unchanged file.

    >>> dumps_export([{"data": {"text": "é", "document_id": "d"}, "id": 1}])
    b'[\\n  {\\n    "data": {\\n      "document_id": "d",\\n      "text": "\\xc3\\xa9"\\n    },\\n    "id": 1\\n  }\\n]\\n'
    """
    return (json.dumps(tasks, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


# --- projects -------------------------------------------------------------------------

def find_project(client: Client, title: str) -> Any | None:
    """The project titled exactly ``title``, or ``None``; two of them is an error."""
    with client.errors("listing projects"):
        found = [p for p in client.sdk.projects.list() if p.title == title]
    if len(found) > 1:
        ids = ", ".join(str(p.id) for p in found)
        raise KroniekError(f"{len(found)} projects at {client.url} are titled {title!r} (ids {ids}); "
                           "rename all but one, or pass --project with another title")
    return found[0] if found else None


def check_config(client: Client, project: Any, title: str) -> None:
    """Refuse a project whose labeling config is not the one Kroniek generates."""
    if not same_config(project.label_config or ""):
        raise KroniekError(f"project {title!r} (id {project.id}) at {client.url} has a labeling "
                           "config that differs from Kroniek's (annotations/labeling_config.xml): "
                           "pass --project with a new title, or paste that file into the "
                           "project's Settings > Labeling Interface")


def ensure_project(client: Client, title: str) -> tuple[Any, bool]:
    """The project titled ``title`` with Kroniek's config, created if needed."""
    project = find_project(client, title)
    if project is not None:
        check_config(client, project, title)
        return project, False
    with client.errors(f"creating project {title!r}"):
        project = client.sdk.projects.create(
            title=title, label_config=labeling_config(),
            description="Kroniek: entities, events, arguments, event relations and "
                        "coreference in Dutch news (see docs/ANNOTATING.md)")
    return project, True


def project_tasks(client: Client, project_id: int) -> list[Any]:
    """Every task of the project with its predictions (SDK objects)."""
    with client.errors("listing tasks"):
        return list(client.sdk.tasks.list(project=project_id, fields="all"))


# --- push -----------------------------------------------------------------------------

def _predictions(name: str, texts: Mapping[str, str]) -> tuple[str, dict[str, list[dict]]]:
    """The baseline's versioned name and its Label Studio results per document id."""
    from baselines import registry
    from baselines.base import Unavailable

    baseline = registry.get(name)
    try:
        baseline.available()
        docs = baseline.predict([new_document(doc_id, text) for doc_id, text in texts.items()])
    except Unavailable as error:
        raise KroniekError(f"baseline {baseline.id()} cannot run here: {error}") from None
    version = baseline.id()
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


def _model_versions(tasks: list[Any]) -> set[str]:
    """The model versions of the predictions the tasks already have."""
    return {p.get("model_version") if isinstance(p, dict) else p.model_version
            for task in tasks for p in (task.predictions or [])}


def push(client: Client, *, seeds: str | Path = "seeds", title: str = DEFAULT_PROJECT,
         predictions: str | None = None, progress: Progress = _quiet) -> PushReport:
    """Create or find the project and import every seed not yet in it (idempotent)."""
    articles = {doc_id: seed.text for doc_id, seed in read_seeds(seeds).items()}
    if not articles:
        raise KroniekError(Problem("no articles (<id>.txt with <id>.json) to push", file=str(seeds)))
    version = None
    if predictions:   # an unknown name fails before anything changes on the server
        from baselines import registry
        version = registry.get(predictions).id()
    project, created = ensure_project(client, title)
    report = PushReport(project.id, created)

    existing: dict[str, list[Any]] = {}
    for task in project_tasks(client, project.id):
        doc_id = (task.data or {}).get(schema.DOCUMENT_ID)
        if doc_id is not None:
            existing.setdefault(str(doc_id), []).append(task)
    report.present = sorted(d for d in articles if d in existing)
    report.added = sorted(d for d in articles if d not in existing)
    report.text_changed = sorted(d for d in report.present
                                 if any((t.data or {}).get(schema.TEXT) != articles[d]
                                        for t in existing[d]))

    results: dict[str, list[dict]] = {}
    if version:
        wanted = {d: t for d, t in articles.items() if d not in report.text_changed
                  and version not in _model_versions(existing.get(d, []))}
        if wanted:
            progress(f"running {version} on {len(wanted)} article(s)")
            version, results = _predictions(predictions, wanted)

    new_tasks = []
    for doc_id in report.added:
        task: dict[str, Any] = {"data": {schema.TEXT: articles[doc_id], schema.DOCUMENT_ID: doc_id}}
        if doc_id in results:
            task["predictions"] = [{"model_version": version, "result": results[doc_id]}]
            report.predicted.append(doc_id)
        new_tasks.append(task)
    if new_tasks:
        with client.errors(f"importing {len(new_tasks)} task(s)"):
            client.sdk.projects.import_tasks(project.id, request=new_tasks)
    for doc_id in report.present:
        if doc_id in results:
            task_id = existing[doc_id][0].id
            with client.errors(f"adding the {version} prediction to task {task_id}"):
                client.sdk.predictions.create(task=task_id, result=results[doc_id],
                                              model_version=version, project=project.id)
            report.predicted.append(doc_id)
    report.predicted.sort()
    return report


# --- pull -----------------------------------------------------------------------------

def export_project(client: Client, project_id: int) -> list[Task]:
    """The project's JSON export with every task (annotated or not), by task id.

    Uses an export snapshot rather than the quick ``/export`` download, because only a
    snapshot can include the predictions themselves (the quick export lists their ids);
    the snapshot is deleted from the server afterwards.
    """
    exports = client.sdk.projects.exports
    with client.errors("exporting the project"):
        snapshot = exports.create(
            project_id, title="kroniek labelstudio pull",
            task_filter_options={"only_with_annotations": False},
            serialization_options={"predictions": {"only_id": False}, "drafts": {"only_id": True},
                                   "annotations__completed_by": {"only_id": True}})
        deadline = time.monotonic() + client.timeout
        while snapshot.status not in ("completed", "failed"):
            if time.monotonic() > deadline:
                raise KroniekError(f"Label Studio at {client.url} did not finish the export "
                                   f"within {client.timeout:g} s (status {snapshot.status!r})")
            time.sleep(0.5)
            snapshot = exports.get(project_id, snapshot.id)
        if snapshot.status == "failed":
            raise KroniekError(f"Label Studio at {client.url} failed to export project "
                               f"{project_id}; see the server's log")
        raw = b"".join(exports.download(project_id, snapshot.id, export_type="JSON"))
        exports.delete(project_id, snapshot.id)
    try:
        tasks = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise KroniekError(f"Label Studio at {client.url} sent an export that is not JSON") from None
    if not isinstance(tasks, list):
        raise KroniekError(f"Label Studio at {client.url} exported {type(tasks).__name__}, "
                           "not a list of tasks")
    return sorted(tasks, key=lambda t: (t.get("id") is None, t.get("id") or 0)
                  if isinstance(t, dict) else (True, 0))


def annotated(task: Task) -> bool:
    return bool(task.get("annotations"))


# Fields Label Studio renders relative to now ("3 minutes"): not data, and they would make
# an unchanged task give a changed file.
VOLATILE = frozenset({"created_ago"})


def stable(value: Any) -> Any:
    """``value`` without :data:`VOLATILE` keys, at any depth.

    >>> stable({"id": 2, "created_ago": "1 minute", "prediction": {"created_ago": "now"}})
    {'id': 2, 'prediction': {}}
    """
    if isinstance(value, dict):
        return {k: stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [stable(v) for v in value]
    return value


def _current_task(data: bytes | None) -> Task | None:
    """The one task of an export file written by pull, or ``None``."""
    if data is None:
        return None
    try:
        tasks = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return tasks[0] if isinstance(tasks, list) and len(tasks) == 1 and \
        isinstance(tasks[0], dict) else None


def pulled_files(tasks: Iterable[Task], current: Mapping[str, bytes], *, replace: bool = False,
                 folder: str = EXPORTS) -> tuple[dict[str, bytes], list[Problem]]:
    """The exports folder after a pull, and the conflicts that forbid it.

    ``current`` with each annotated task merged into its file (:func:`.merge.merge_task`);
    files of other documents stay as they are.
    """
    files, conflicts = dict(current), []
    for task in tasks:
        if not annotated(task):
            continue
        doc_id = document_id(task)
        name = f"{doc_id}.json"
        merged = merge_task(_current_task(current.get(name)), stable(task), replace=replace)
        if merged.conflict:
            conflicts.append(Problem(
                f"{merged.conflict}; restore them on the server with 'kroniek labelstudio push "
                "--with-annotations', or pass --replace to take the server's task",
                file=f"{folder}/{name}", document=doc_id))
        elif merged.task is not None:
            files[name] = dumps_export([merged.task])
    return files, conflicts


def pull(client: Client, *, seeds: str | Path = "seeds", annotations: str | Path = "annotations",
         title: str = DEFAULT_PROJECT, replace: bool = False,
         progress: Progress = _quiet) -> PullReport:
    """Export, validate and merge into ``<annotations>/exports/<document_id>.json`` files.

    On any problem raises :class:`ExportProblems` (every problem listed), and on an
    annotation the merge would drop :class:`PullConflicts`; either way nothing is written.
    """
    texts = {doc_id: seed.text for doc_id, seed in read_seeds(seeds).items()}
    project = find_project(client, title)
    if project is None:
        raise KroniekError(f"no project titled {title!r} at {client.url}: run 'kroniek "
                           "labelstudio push' first, or pass --project with its title")
    tasks = export_project(client, project.id)
    problems = check_export(tasks, file=f"project {title!r}", seeds=texts)
    if not problems:   # what build would refuse is refused now, before anything is written
        problems = check_tokens([t for t in tasks if annotated(t)], file=f"project {title!r}")
    if problems:
        raise ExportProblems(problems)
    target = Path(annotations) / EXPORTS
    with atomic.lock(target):
        atomic.recover(target)
        current = atomic.read_tree(target)
        files, conflicts = pulled_files(tasks, current, replace=replace,
                                        folder=str(target))
        if conflicts:
            raise PullConflicts(conflicts)
        report = PullReport(project.id)
        for task in tasks:
            doc_id = document_id(task)
            if not annotated(task):
                report.unannotated.append(doc_id)
            elif current.get(f"{doc_id}.json") == files[f"{doc_id}.json"]:
                report.unchanged.append(doc_id)
            else:
                report.written.append(doc_id)
        if files != current:
            atomic.write_tree(target, files)
    return report
