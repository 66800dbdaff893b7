"""``kroniek labelstudio pull``: the project's annotations into ``annotations/exports/``,
one task at a time.

Which tasks to export comes from :mod:`.seen`: an annotated task whose file is missing,
or holds another task or an older ``updated_at`` than the server's (Label Studio bumps a
task's ``updated_at`` on every change to its annotations), and every task of a document
annotated in several tasks, so that validation sees the duplicate. A pull with nothing
new asks only for the tasks updated since the last one and exports nothing.

The export is streamed (:mod:`.stream`): chunks of :data:`CHUNK` tasks are exported by
the server (the direct export, which leaves no file on the server) into temporary files,
the next :data:`IN_FLIGHT` chunks while this one is read; each task is parsed on its own,
checked against its seed (:func:`kroniek.validate.check_task`, and build's token check
:func:`kroniek.validate.check_tokens`), merged into its file (:mod:`.merge`: nothing is
dropped without ``replace``), its annotators made pseudonyms (:mod:`.annotators`) and
written at once into a new version of the folder (:func:`kroniek.atomic.staged`). So
memory is that of the largest task, not of the project. The new folder replaces the old
only when every task passed and nothing conflicts; otherwise every problem is listed and
nothing is written. Files of documents the server has no annotation for are kept; a pull
that brings nothing new writes nothing.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from .. import atomic
from ..convert import Task, document_id
from ..errors import KroniekError, Problem
from ..sources import SeedTexts
from ..validate import _duplicate, check_task, check_tokens
from .annotators import Pseudonyms, server_emails, with_pseudonyms
from .client import Client
from .merge import merge_task
from .projects import DEFAULT_PROJECT, EXPORTS, Progress, _quiet, dumps_export, find_project
from .seen import Seen, counters, refresh, stamp
from .stream import (CHUNK, EXPORT_TIMEOUT, IN_FLIGHT, READ, download,  # noqa: F401
                     exported, tasks_of)


class ExportProblems(KroniekError):
    """The project's export failed validation; ``problems`` lists every problem."""


class PullConflicts(KroniekError):
    """Pulling would drop annotations of the repository; one problem per document."""


@dataclass
class PullReport:
    project_id: int
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unannotated: list[str] = field(default_factory=list)
    exported: int = 0          # tasks the server exported
    listings: int = 0          # full task listings made (0 when the remembered state held)


# --- which tasks ------------------------------------------------------------------------

def current_task(path: Path) -> Task | None:
    """The one task of an export file written by pull, or ``None``."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return _one_task(data)


def _one_task(data: bytes) -> Task | None:
    try:
        tasks = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return tasks[0] if isinstance(tasks, list) and len(tasks) == 1 and \
        isinstance(tasks[0], dict) else None


def plan(seen: Seen, target: Path) -> tuple[list[int], list[str], list[str]]:
    """(task ids to export, documents not annotated yet, annotated documents left out as
    unchanged), from the remembered listing and the export files."""
    wanted, unannotated, by_doc = [], [], {}
    for task in sorted(seen.tasks.values(), key=lambda t: t.id):
        if not task.annotated:
            unannotated.append(task.document)
            continue
        by_doc.setdefault(task.document, []).append(task.id)
        name = f"{task.document}.json"
        merged = seen.merged(name, target / name)
        if merged is None:   # not written by the last pull (or edited since): read it
            found = current_task(target / name)
            merged = (found.get("id"), stamp(found.get("updated_at"))) if found else None
            if merged is not None and (target / name).is_file():
                seen.remember_file(name, target / name, *merged)
        if merged is None or tuple(merged) != (task.id, task.updated):
            wanted.append(task.id)
    chosen = set(wanted)
    chosen.update(t for ids in by_doc.values() if len(ids) > 1 for t in ids)
    left_out = sorted(d for d, ids in by_doc.items() if not chosen & set(ids))
    return sorted(chosen), unannotated, left_out


# --- the export, streamed -----------------------------------------------------------------

@contextlib.contextmanager
def ticking(progress: Progress, what: Callable[[], str]) -> Iterator[None]:
    """Say what is going on every 5 s (a pull of a few tasks says nothing)."""
    done = threading.Event()
    began = time.monotonic()

    def tick() -> None:
        while not done.wait(5.0):
            progress(f"{what()} ({time.monotonic() - began:.0f} s)")

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


# --- one task -----------------------------------------------------------------------------

# Fields Label Studio renders relative to now ("3 minutes"): not data, and they would make
# an unchanged task give a changed file.
VOLATILE = frozenset({"created_ago"})


def stable(value: Any) -> Any:
    """``value`` without :data:`VOLATILE` keys, at any depth but inside a ``result`` (the
    regions an annotator drew, never a rendered time: they are passed over as they are).

    >>> stable({"id": 2, "created_ago": "1 minute", "prediction": {"created_ago": "now"}})
    {'id': 2, 'prediction': {}}
    """
    if isinstance(value, dict):
        return {k: v if k == "result" else stable(v) for k, v in value.items()
                if k not in VOLATILE}
    if isinstance(value, list):
        return [stable(v) for v in value]
    return value


def annotated(task: Task) -> bool:
    return bool(task.get("annotations"))


class Puller:
    """Checks, merges and writes the exported tasks one by one (see the module docstring)."""

    def __init__(self, client: Client, *, seeds: str | Path, annotations: str | Path,
                 title: str, replace: bool, stage: atomic.Stage, seen: Seen,
                 report: PullReport):
        self.client, self.replace, self.stage, self.seen = client, replace, stage, seen
        self.report = report
        self.texts = SeedTexts(seeds)
        self.label = f"project {title!r}"
        self.target = stage.target
        self.pseudonyms = Pseudonyms.load(annotations)
        self.emails: dict[int, str] | None = None
        self.problems: list[Problem] = []
        self.conflicts: list[Problem] = []
        self.documents: dict[str, tuple[str | None, int, Any]] = {}
        self.position = 0
        self.merged: dict[str, tuple[Any, str]] = {}   # file -> server task merged into it

    def take(self, task: Any) -> None:
        position, self.position = self.position, self.position + 1
        try:
            found = check_task(task, file=self.label, seeds=self.texts, position=position)
            found += _duplicate(task, self.documents, file=self.label, position=position)
            if not found and annotated(task):
                found = check_tokens([task], file=self.label)
        except RecursionError:
            found = [Problem(f"task {position + 1} holds values nested too deeply to check: "
                             "not a Label Studio export", file=self.label)]
        if found:
            self.problems += found
            return
        doc_id = document_id(task)
        if not annotated(task):
            self.report.unannotated.append(doc_id)
            return
        if self.problems or self.conflicts:
            return   # nothing will be written: only look for more problems
        if self.emails is None:
            self.emails = server_emails(self.client)
        task = with_pseudonyms(task, self.emails, self.pseudonyms)
        name = f"{doc_id}.json"
        path = self.target / name
        before = path.read_bytes() if path.is_file() else None
        merged = merge_task(_one_task(before) if before is not None else None, stable(task),
                            replace=self.replace)
        if merged.conflict:
            self.conflicts.append(Problem(
                f"{merged.conflict}; restore them on the server with 'kroniek labelstudio push "
                "--with-annotations', or pass --replace to take the server's task",
                file=f"{self.target}/{name}", document=doc_id))
            return
        data = dumps_export([merged.task]) if merged.task is not None else before
        if data != before:
            self.stage.write(name, data)
            self.report.written.append(doc_id)
        else:
            self.report.unchanged.append(doc_id)
        self.merged[name] = (task.get("id"), stamp(task.get("updated_at")))


def pull(client: Client, *, seeds: str | Path = "seeds", annotations: str | Path = "annotations",
         title: str = DEFAULT_PROJECT, replace: bool = False,
         progress: Progress = _quiet) -> PullReport:
    """Export, validate and merge into ``<annotations>/exports/<document_id>.json`` files.

    On any problem raises :class:`ExportProblems` (every problem listed), and on an
    annotation the merge would drop :class:`PullConflicts`; either way nothing is written.
    """
    SeedTexts(seeds)   # a missing seeds folder fails before the server is asked
    project = find_project(client, title)
    if project is None:
        raise KroniekError(f"no project titled {title!r} at {client.url}: run 'kroniek "
                           "labelstudio push' first, or pass --project with its title")
    target = Path(annotations) / EXPORTS
    seen = refresh(client, Seen.load(annotations, client.url, project), counters(project),
                   progress=progress)
    ids, unannotated, left_out = plan(seen, target)
    report = PullReport(project.id, unchanged=list(left_out), unannotated=list(unannotated),
                        listings=seen.listings)
    if not ids:
        seen.save()
        return report
    received = [0]
    with atomic.staged(target) as stage:
        puller = Puller(client, seeds=seeds, annotations=annotations, title=title,
                        replace=replace, stage=stage, seen=seen, report=report)
        what = lambda: (f"exporting and checking {len(ids)} task(s): {puller.position} "  # noqa: E731
                        f"done, {received[0] / 1e6:.0f} MB received")
        with ticking(progress, what):
            for spool in exported(client, project.id, ids, received=received):
                for task in tasks_of(spool, url=client.url):
                    puller.take(task)
        report.exported = puller.position
        if puller.problems:
            raise ExportProblems(puller.problems)
        if puller.conflicts:
            raise PullConflicts(puller.conflicts)
        if stage.written:
            stage.commit()
            puller.pseudonyms.save()   # after: a failed pull leaves everything as it was
        for name, (task_id, updated) in puller.merged.items():
            if (target / name).is_file():
                seen.remember_file(name, target / name, task_id, updated)
        seen.forget_missing(p.name for p in target.glob("*.json"))
        seen.save()
    return report
