"""``push --with-annotations``: put the repository's annotations back on a server.

A fresh server gets empty tasks from ``push``, so existing gold could not be reviewed or
corrected. :func:`restore` adds every annotation of ``annotations/exports/`` to its task:
the same result, ground-truth flag, cancelled flag and lead time, by the same annotator
(a user standing in for the pseudonym, see :mod:`.annotators`), and with the same Label
Studio ``unique_id``. That id is what lets :mod:`.merge` recognise the annotations when
they are pulled again, so a restore followed by a pull gives byte-identical exports.

Restoring is idempotent: the server refuses a ``unique_id`` it already holds (409), and
that annotation is counted as already there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from .. import guard
from ..convert import document_id
from ..errors import KroniekError, Problem
from .annotators import Pseudonyms, placeholder_email, server_emails
from .client import Client
from .merge import author


@dataclass
class Restored:
    added: list[str] = field(default_factory=list)      # "doc: annotation id"
    present: int = 0
    users_created: list[str] = field(default_factory=list)


def repository_tasks(annotations: str | Path, exports: str = "exports") -> list[dict]:
    """The annotated tasks of the export files pull writes."""
    tasks = []
    for path in sorted((Path(annotations) / exports).glob("*.json")):
        try:
            data = guard.loads(guard.read_limited(path, limit=guard.MAX_LINE).decode("utf-8"))
        except KroniekError:
            raise
        except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
            raise KroniekError(Problem(f"cannot read: {error}", file=str(path))) from None
        for task in data if isinstance(data, list) else []:
            if isinstance(task, dict) and task.get("annotations"):
                tasks.append(task)
    return tasks


class Users:
    """Server users by pseudonym, creating stand-ins on demand."""

    def __init__(self, client: Client, pseudonyms: Pseudonyms):
        self.client = client
        self.by_name: dict[str, int] = {}
        for user_id, email in server_emails(client).items():
            name = pseudonyms.known(email)
            if name is not None:
                self.by_name.setdefault(name, user_id)
        self.created: list[str] = []

    def id_of(self, name: str) -> int:
        if name not in self.by_name:
            email = placeholder_email(name)
            with self.client.errors(f"creating a user for annotator {name}"):
                user = self.client.sdk.users.create(username=email, email=email,
                                                    first_name=name[:30])
            self.by_name[name] = user.id
            self.created.append(name)
        return self.by_name[name]


def restore(client: Client, project_id: int, task_ids: Mapping[str, int], *,
            annotations: str | Path = "annotations",
            progress: Callable[[str], None] = lambda message: None) -> Restored:
    """Add the repository's annotations to the project's tasks (by document id)."""
    from label_studio_sdk.core.api_error import ApiError

    tasks = repository_tasks(annotations)
    missing = sorted({document_id(t) for t in tasks} - set(task_ids))
    if missing:
        raise KroniekError(f"no task for {len(missing)} annotated document(s) "
                           f"({', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}): "
                           "add their articles to seeds/")
    users = Users(client, Pseudonyms.load(annotations))
    report = Restored()
    new_ids: dict[tuple[str, object], int] = {}   # (document, id in the export) -> id here
    for n, task in enumerate(tasks, 1):
        doc_id = document_id(task)
        if n % 50 == 0:
            progress(f"restoring annotations: {n}/{len(tasks)} documents")
        for ann in task["annotations"]:
            fields: dict[str, Any] = {
                "result": ann.get("result") or [], "completed_by": users.id_of(author(ann)),
                "ground_truth": bool(ann.get("ground_truth")),
                "was_cancelled": bool(ann.get("was_cancelled")), "project": project_id}
            if ann.get("unique_id"):
                fields["unique_id"] = str(ann["unique_id"])
            if isinstance(ann.get("lead_time"), (int, float)):
                fields["lead_time"] = ann["lead_time"]
            if (doc_id, ann.get("parent_annotation")) in new_ids:   # a revision's parent
                fields["parent_annotation"] = new_ids[(doc_id, ann["parent_annotation"])]
            with client.errors(f"restoring annotation {ann.get('id')} of {doc_id}"):
                try:
                    made = client.sdk.annotations.create(task_ids[doc_id], **fields)
                    new_ids[(doc_id, ann.get("id"))] = made.id
                except ApiError as error:
                    if error.status_code != 409:   # 409: this unique_id is there already
                        raise
                    report.present += 1
                    continue
            report.added.append(f"{doc_id}: {ann.get('id')}")
    report.users_created = users.created
    return report
