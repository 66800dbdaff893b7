"""What push and pull last saw of a project, so that a run with nothing new asks only for
what changed.

Label Studio bumps a task's ``updated_at`` whenever its data or one of its annotations
or predictions is saved or deleted, and keeps project-wide counters (``task_number``,
``total_annotations_number``, ``skipped_annotations_number``). :class:`Seen` remembers,
per server and project, each task's id, document id, ``updated_at``, annotation counts
and a digest of its text, and for each export file pull wrote: its size and
modification time and the server's version of the task last merged into it.
:func:`refresh` then asks the server only for the tasks updated since the last refresh
began by the server's clock (the ``Date`` of its answer just before the listing; less
:data:`MARGIN`), and checks the result against the project's counters: a deleted task or
annotation, or another project under the same id, makes the counts disagree, and the full
listing runs as before. So what is remembered can cost a listing, never a missed change;
deleting it is always safe. Starting from the server's clock rather than from the newest
``updated_at`` seen keeps a run with nothing new from listing again, every time, the
tasks saved in the last moments before the previous run (the last import of a push).

It is kept in ``<annotations>/.labelstudio-seen/`` (:data:`FOLDER`), one file per server
and project, ignored by git through the folder's own ``.gitignore``; its files do not end
in ``.json``, so ``kroniek build`` and ``validate`` never read them as exports.

>>> stamp("2026-12-07T16:14:13.0726Z")
'2026-12-07T16:14:13.072600+00:00'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .. import atomic, schema
from .client import Client

FOLDER = ".labelstudio-seen"
FORMAT = 1
MARGIN = dt.timedelta(seconds=30)
"""How far before the moment it starts from a refresh asks again: a save committed a
moment after a later one (two requests at once) is still seen, and so is one stamped by
a server whose clock is behind that of a proxy in front of it (which may write the
``Date`` header); a task saved within it is listed again once more, which costs little."""

# The task fields a listing needs. Without ``include`` Label Studio 1.23 sends every
# annotation (26 s for 1,000 annotated tasks; 3.5 s with these fields).
LIGHT = "id,data,updated_at,total_annotations,cancelled_annotations"
COUNTERS = ("task_number", "total_annotations_number", "skipped_annotations_number")
PAGE = 1000


def stamp(value: Any) -> str:
    """An ``updated_at`` (datetime or ISO 8601 text) as one canonical UTC text, so the
    SDK's datetimes and an export's strings compare equal."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")
    return str(value)


def digest(text: Any) -> str:
    return hashlib.sha1(str(text).encode("utf-8")).hexdigest()[:16]


@dataclass
class Listed:
    """One task as a listing showed it."""

    id: int
    doc: str | None
    updated: str
    annotations: int = 0
    cancelled: int = 0
    text: str = ""       # digest of data.text

    @property
    def annotated(self) -> bool:
        return bool(self.annotations or self.cancelled)

    @property
    def document(self) -> str:
        return self.doc if self.doc is not None else f"task-{self.id}"

    @classmethod
    def of(cls, task: Any) -> "Listed":
        data = task.data or {}
        doc = data.get(schema.DOCUMENT_ID)
        return cls(task.id, None if doc is None else str(doc), stamp(task.updated_at),
                   task.total_annotations or 0, task.cancelled_annotations or 0,
                   digest(data.get(schema.TEXT)))


@dataclass
class Seen:
    """The remembered state of one project on one server (see the module docstring)."""

    server: str
    project: int
    created: str = ""
    tasks: dict[int, Listed] = field(default_factory=dict)
    files: dict[str, list] = field(default_factory=dict)   # name -> [size, mtime_ns, id, stamp]
    complete: bool = False   # ``tasks`` is every task (a full listing was made once)
    until: str = ""          # the server's clock when the last refresh began ("" unknown)
    listings: int = 0        # full listings made by the last refresh (0 or 1)
    path: Path | None = None

    # --- storage ------------------------------------------------------------------

    @staticmethod
    def file(annotations: str | Path, server: str, project: int) -> Path:
        key = hashlib.sha1(server.encode("utf-8")).hexdigest()[:12]
        return Path(annotations) / FOLDER / f"{key}-{project}.seen"

    @classmethod
    def load(cls, annotations: str | Path, server: str, project: Any) -> "Seen":
        """The remembered state, or an empty one (a missing, damaged or foreign file is
        forgotten: it only costs a full listing)."""
        path = cls.file(annotations, server, project.id)
        empty = cls(server, project.id, stamp(project.created_at), path=path)
        try:
            raw = json.loads(path.read_bytes())
            if raw.get("format") != FORMAT or raw.get("server") != server or \
                    raw.get("project") != project.id or raw.get("created") != empty.created:
                return empty
            tasks = {t[0]: Listed(*t) for t in raw["tasks"]}
            return cls(server, project.id, empty.created, tasks, dict(raw["files"]),
                       complete=raw["complete"] is True, until=str(raw.get("until") or ""),
                       path=path)
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return empty

    def dumps(self) -> bytes:
        return (json.dumps({"format": FORMAT, "server": self.server, "project": self.project,
                            "created": self.created, "complete": self.complete,
                            "until": self.until,
                            "tasks": [[t.id, t.doc, t.updated, t.annotations, t.cancelled, t.text]
                                      for _, t in sorted(self.tasks.items())],
                            "files": dict(sorted(self.files.items()))},
                           ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

    def save(self) -> None:
        """Write the state if it changed (never fails a push or pull: it is a cache)."""
        if self.path is not None:
            store(self.path, self.dumps())

    # --- the server ---------------------------------------------------------------

    def newest(self) -> str | None:
        """Since when to ask for updated tasks: the server's clock when the last refresh
        began, else the newest ``updated_at`` seen (for a project seen empty, its
        creation); ``None`` when every task must be listed."""
        if not self.complete:
            return None
        if self.until:
            return self.until
        return max((t.updated for t in self.tasks.values()), default=self.created or None)

    def agrees(self, counts: dict[str, int | None]) -> bool:
        """Whether the remembered tasks add up to the project's counters."""
        if any(counts.get(k) is None for k in COUNTERS):
            return False
        return (len(self.tasks) == counts["task_number"]
                and sum(t.annotations for t in self.tasks.values())
                == counts["total_annotations_number"]
                and sum(t.cancelled for t in self.tasks.values())
                == counts["skipped_annotations_number"])

    # --- export files -------------------------------------------------------------

    def merged(self, name: str, path: Path) -> tuple[int, str] | None:
        """The server's (task id, updated_at) last merged into export file ``name``, if
        the file is as pull left it (same size and modification time)."""
        record = self.files.get(name)
        try:
            info = path.stat()
        except OSError:
            return None
        if record and record[:2] == [info.st_size, info.st_mtime_ns]:
            return record[2], record[3]
        return None

    def remember_file(self, name: str, path: Path, task_id: Any, updated: str) -> None:
        info = path.stat()
        self.files[name] = [info.st_size, info.st_mtime_ns, task_id, updated]

    def forget_missing(self, names: Iterable[str]) -> None:
        present = set(names)
        self.files = {k: v for k, v in self.files.items() if k in present}


def store(path: Path, data: bytes) -> None:
    """Write one remembered state into :data:`FOLDER` if it changed, the folder ignoring
    itself; never fails (it is a cache)."""
    try:
        if path.exists() and path.read_bytes() == data:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# what kroniek labelstudio push/pull last saw; safe to "
                              "delete\n*\n", encoding="utf-8")
        atomic.write_file(path, data)
    except OSError:
        pass


def pages(list_items: Callable[..., Any], *, page_size: int = PAGE, **params: Any) -> Iterator[Any]:
    """Every item of a paginated SDK listing, stopping at the first page that is not full:
    the SDK's own iteration asks for one page more, which is one request more for every
    push and pull. A page past the last (a full last page) is 404 "Invalid page"."""
    from label_studio_sdk.core.api_error import ApiError

    page = 1
    while True:
        try:
            items = list(list_items(page=page, page_size=page_size, **params).items or [])
        except ApiError as error:
            if page > 1 and error.status_code == 404:
                return
            raise
        yield from items
        if len(items) < page_size:
            return
        page += 1


def counters(project: Any) -> dict[str, int | None]:
    """The counters of a project as :func:`.projects.find_project` returns it."""
    return {k: getattr(project, k, None) for k in COUNTERS}


def _updated_since(since: str) -> str:
    when = dt.datetime.fromisoformat(since) - MARGIN
    value = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return json.dumps({"filters": {"conjunction": "and", "items": [
        {"filter": "filter:tasks:updated_at", "operator": "greater_or_equal",
         "type": "Datetime", "value": value}]}})


def refresh(client: Client, seen: Seen, counts: dict[str, int | None], *,
            progress: Callable[[str], None] = lambda message: None) -> Seen:
    """``seen`` brought up to date with the server: only the tasks updated since it was
    last refreshed, or every task when ``counts`` (the project's counters, read before)
    disagree (see the module docstring)."""
    project_id = seen.project
    newest = seen.newest()
    # Every save stamped before this moment is committed before the listing below starts
    # (up to MARGIN): the next refresh may start here.
    began = client.server_time
    seen.listings = 0
    if newest is not None:
        listed = 0
        with client.errors("listing the tasks updated since the last push or pull"):
            for task in pages(client.sdk.tasks.list, project=project_id, include=LIGHT,
                              query=_updated_since(newest)):
                seen.tasks[task.id] = Listed.of(task)
                listed += 1
        if seen.agrees(counts):
            if listed:   # else the next run's listing is as empty from here as from there
                seen.until = stamp(began) if began is not None else ""
            return seen
        progress("the project's counters differ from what was seen (tasks or annotations "
                 "deleted?): listing every task")
    elif (counts.get("task_number") or 0) > PAGE:
        progress(f"listing the project's {counts['task_number']} tasks (once; later runs "
                 "ask only for what changed)")
    with client.errors("listing tasks"):
        seen.tasks = {task.id: Listed.of(task) for task in
                      pages(client.sdk.tasks.list, project=project_id, include=LIGHT)}
    seen.listings, seen.complete = 1, True
    seen.until = stamp(began) if began is not None else ""
    return seen
