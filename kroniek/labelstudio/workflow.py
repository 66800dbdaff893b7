"""Push seeds to a Label Studio project and pull its annotations back, safely.

:func:`push` makes sure the project exists with Kroniek's labeling config and holds one
task per seed article (``data``: ``text`` and ``document_id``); it is idempotent, keyed
by ``document_id``. With a baseline name it adds that baseline's output as Label Studio
predictions (pre-annotations) under ``model_version`` = the versioned name, once per task.

:func:`pull` exports the project as JSON (streamed, with progress), validates the whole
export against the seeds (:func:`kroniek.validate.check_export`, and build's token check
:func:`kroniek.validate.check_tokens`), merges each annotated task into the repository's
file (:mod:`.merge`: nothing is dropped without ``replace``), and writes one file per
annotated document, ``<annotations>/exports/<document_id>.json``: a Label Studio export
list holding that document's task with Label Studio's provenance fields and annotators as
pseudonyms (:mod:`.annotators`). The folder is replaced atomically under the write lock
(:func:`kroniek.atomic.write_tree`); files of documents the server has no annotation for
are kept; a pull that brings nothing new writes nothing.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from .. import atomic, schema
from ..convert import Task, document_id, document_to_results
from ..documents import new_document
from ..errors import KroniekError, Problem
from ..labelconfig import labeling_config, same_config
from ..sources import read_seeds
from ..validate import check_export, check_results, check_tokens
from .client import Client
from .annotators import Pseudonyms, server_emails, with_pseudonyms
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
    restored: Any = None


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


# The task fields push and pull's selection need. Without ``include`` Label Studio 1.23
# sends every annotation (26 s for 1,000 annotated tasks; 13 s with these fields).
LIGHT = "id,data,updated_at,total_annotations,cancelled_annotations"


def project_tasks(client: Client, project_id: int, *, predictions: bool = True) -> list[Any]:
    """Every task of the project (SDK objects); with ``predictions``, also its
    predictions and annotations, which is far more to download."""
    with client.errors("listing tasks"):
        if predictions:
            return list(client.sdk.tasks.list(project=project_id, fields="all"))
        return list(client.sdk.tasks.list(project=project_id, page_size=1000, include=LIGHT))


# --- push -----------------------------------------------------------------------------

def _predictions(name: str, texts: Mapping[str, str]) -> tuple[str, dict[str, list[dict]]]:
    """The baseline's versioned name and its Label Studio results per document id."""
    from .systems import predict, system_class

    version = system_class(name).id()
    docs = predict(name, [new_document(doc_id, text) for doc_id, text in texts.items()])
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

    existing: dict[str, list[Any]] = {}
    for task in project_tasks(client, project.id, predictions=bool(version)):
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
    bulk = [{"task": existing[d][0].id, "result": results[d], "model_version": version,
             "project": project.id} for d in report.present if d in results]
    if bulk:   # one request for all tasks, not one each
        with client.errors(f"adding {len(bulk)} {version} prediction(s)"):
            client.sdk.projects.import_predictions(project.id, request=bulk)
        report.predicted += [d for d in report.present if d in results]
    report.predicted.sort()
    if with_annotations:
        from .restore import restore

        ids = {str((t.data or {}).get(schema.DOCUMENT_ID)): t.id
               for t in project_tasks(client, project.id, predictions=False)}
        report.restored = restore(client, project.id, ids, annotations=annotations,
                                  progress=progress)
    return report


# --- pull -----------------------------------------------------------------------------

# The export is one request that lasts as long as the server needs (23 s for 1,000 tasks
# on a small machine); wait that long, showing progress, rather than fail at --timeout.
EXPORT_TIMEOUT = 3 * 3600


@contextlib.contextmanager
def ticking(progress: Progress, what: str, received: Callable[[], int]) -> Iterator[None]:
    """Say ``what`` is still going on, with the bytes received, every 5 s after the first 2."""
    done = threading.Event()
    began = time.monotonic()

    def tick() -> None:
        wait = 2.0
        while not done.wait(wait):
            progress(f"{what}: {time.monotonic() - began:.0f} s, "
                     f"{received() / 1e6:.1f} MB received")
            wait = 5.0

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def export_project(client: Client, project_id: int, *, progress: Progress = _quiet,
                   ids: list[int] | None = None) -> list[Task]:
    """The project's JSON export with every task (annotated or not), by task id.

    Uses the direct export, streamed into a temporary file: unlike an export snapshot it
    leaves no file on the server (Label Studio 1.23 keeps a snapshot's file even after the
    snapshot is deleted). It lists predictions by id only; drafts are kept as ids too.
    With ``ids``, only those tasks (an empty list: none, without asking the server).
    """
    if ids is not None and not ids:
        return []
    with tempfile.TemporaryFile() as spool:
        size = [0]
        what = f"Label Studio is exporting {len(ids) if ids else 'all'} task(s)"
        with ticking(progress, what, lambda: size[0]), \
                client.errors("exporting the project"):
            options: dict[str, Any] = {"timeout_in_seconds": max(EXPORT_TIMEOUT, int(client.timeout))}
            if ids is not None:   # the server reads ids[]; the SDK would send ids
                options["additional_query_parameters"] = {"ids[]": [str(i) for i in ids]}
            chunks = client.sdk.projects.exports.download_sync(
                project_id, export_type="JSON", download_all_tasks=True, request_options=options)
            for chunk in chunks:
                spool.write(chunk)
                size[0] += len(chunk)
        spool.seek(0)
        try:
            tasks = json.load(io.TextIOWrapper(spool, encoding="utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise KroniekError(f"Label Studio at {client.url} sent an export that is not "
                               "JSON") from None
    if not isinstance(tasks, list):
        raise KroniekError(f"Label Studio at {client.url} exported {type(tasks).__name__}, "
                           "not a list of tasks")
    for task in tasks:
        if isinstance(task, dict) and isinstance(task.get("drafts"), list):
            task["drafts"] = [d.get("id") if isinstance(d, dict) else d for d in task["drafts"]]
    return sorted(tasks, key=lambda t: (t.get("id") is None, t.get("id") or 0)
                  if isinstance(t, dict) else (True, 0))


def _stamp(value: Any) -> Any:
    """A task's ``updated_at`` (datetime or ISO 8601 text) as a comparable datetime."""
    import datetime as dt

    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    return value


def tasks_to_export(client: Client, project_id: int, current: Mapping[str, bytes]
                    ) -> tuple[list[int], list[str], list[str]]:
    """Which tasks a pull must export: those with annotations whose file is missing or
    records another task or an older ``updated_at`` (Label Studio bumps a task's
    ``updated_at`` on every change to its annotations). Also every task of a document
    annotated in several tasks, so that validation sees the duplicate.

    Returns (task ids to export, unannotated document ids, documents left out as unchanged).
    """
    with client.errors("listing tasks"):
        listed = list(client.sdk.tasks.list(project=project_id, page_size=1000, include=LIGHT))
    known: dict[str, tuple[Any, Any]] = {}
    for name, data in current.items():
        task = _current_task(data) if name.endswith(".json") else None
        if task is not None:
            known[name[:-5]] = (task.get("id"), _stamp(task.get("updated_at")))
    wanted, unannotated, by_doc = [], [], {}
    for task in listed:
        doc_id = str((task.data or {}).get(schema.DOCUMENT_ID) or f"task-{task.id}")
        if not (task.total_annotations or 0) + (task.cancelled_annotations or 0):
            unannotated.append(doc_id)
            continue
        by_doc.setdefault(doc_id, []).append(task.id)
        if known.get(doc_id) != (task.id, _stamp(task.updated_at)):
            wanted.append(task.id)
    wanted += [t for ids in by_doc.values() if len(ids) > 1 for t in ids if t not in wanted]
    chosen = set(wanted)
    left_out = sorted(d for d, ids in by_doc.items() if not chosen & set(ids))
    return sorted(chosen), unannotated, left_out


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
    target = Path(annotations) / EXPORTS
    ids, unannotated, left_out = tasks_to_export(client, project.id, atomic.read_tree(target))
    tasks = [t for chunk in range(0, len(ids), 500)
             for t in export_project(client, project.id, progress=progress,
                                     ids=ids[chunk:chunk + 500])]
    problems = check_export(tasks, file=f"project {title!r}", seeds=texts)
    if not problems:   # what build would refuse is refused now, before anything is written
        problems = check_tokens([t for t in tasks if annotated(t)], file=f"project {title!r}")
    if problems:
        raise ExportProblems(problems)
    pseudonyms = Pseudonyms.load(annotations)
    if any(annotated(t) for t in tasks):
        emails = server_emails(client)
        tasks = [with_pseudonyms(t, emails, pseudonyms) for t in tasks]
    with atomic.lock(target):
        atomic.recover(target)
        current = atomic.read_tree(target)
        files, conflicts = pulled_files(tasks, current, replace=replace,
                                        folder=str(target))
        if conflicts:
            raise PullConflicts(conflicts)
        report = PullReport(project.id, unchanged=list(left_out), unannotated=list(unannotated))
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
            pseudonyms.save()   # after: a failed pull leaves everything as it was
    return report
