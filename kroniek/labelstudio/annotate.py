"""Put a finished Kroniek document into Label Studio as one annotator's annotation.

This is how annotations made outside Label Studio (the seed's gold, a second annotator's
file) enter a server: the document (docs/FORMAT.md section 2 shape, labels as strings) becomes the
result list of an annotation on the task with the same ``document_id``, attributed to
the annotator. Label Studio 1.23 records attribution in ``completed_by``, which its API
accepts from an administrator's token, so the annotation is the annotator's own: it shows
under their name, counts in agreement, and is exported with their user id.

An annotator unknown to the server is created as a user of the administrator's
organisation (no password: they cannot log in until one is set in Label Studio).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import schema
from ..convert import document_to_results
from ..documents import Document
from ..errors import KroniekError, Problem
from ..validate import check_results
from .client import Client
from .workflow import find_project, project_tasks


@dataclass
class Added:
    annotation_id: int
    task_id: int
    user_id: int
    created_user: bool
    replaced: bool
    unmarked: list[int]


def find_or_create_user(client: Client, email: str) -> tuple[Any, bool]:
    """The user with this e-mail (case-insensitive), created if absent; and whether it was."""
    with client.errors("listing users"):
        me = client.sdk.users.whoami()
        if (me.email or "").lower() == email.lower():
            return me, False
        for user in client.sdk.users.list():
            if (user.email or "").lower() == email.lower():
                return user, False
    local = email.split("@", 1)[0]
    with client.errors(f"creating the user {email}"):
        return client.sdk.users.create(username=email, email=email, first_name=local), True


def add_annotation(client: Client, document: Document, *, annotator: str,
                   ground_truth: bool = False, title: str = "Kroniek",
                   replace: bool = False, revises: bool = False) -> Added:
    """Add ``document`` as ``annotator``'s annotation of its task in project ``title``.

    Refuses a document whose text differs from the task's, or whose annotation would not
    pass :func:`kroniek.validate.check_results`; refuses a second annotation by the same
    annotator unless ``replace``. With ``ground_truth``, this annotation becomes the
    task's only ground truth (others lose the mark). With ``revises``, the annotation is a
    revision of the task's current ground truth (another annotation): Label Studio records
    that one as its ``parent_annotation``, and agreement leaves the revision out (it is not
    an independent annotation).
    """
    doc_id = str(document.get("id") or "")
    where = {"file": f"project {title!r}", "document": doc_id}
    if not doc_id:
        raise KroniekError("the document has no id")
    project = find_project(client, title)
    if project is None:
        raise KroniekError(f"no project titled {title!r} at {client.url}: run 'kroniek "
                           "labelstudio push' first, or pass --project")
    tasks = [t for t in project_tasks(client, project.id)
             if str((t.data or {}).get(schema.DOCUMENT_ID)) == doc_id]
    if not tasks:
        raise KroniekError(Problem("no task for this document in the project; add its article "
                                   "to seeds/ and run 'kroniek labelstudio push'", **where))
    if len(tasks) > 1:
        raise KroniekError(Problem(f"{len(tasks)} tasks hold this document; delete all but one",
                                   **where))
    task = tasks[0]
    text = task.data[schema.TEXT]
    if document.get("text") not in (None, text):
        raise KroniekError(Problem("the document's text differs from the task's text: it is "
                                   "an annotation of another version of the article", **where))
    results = document_to_results({**document, "text": text})
    problems = check_results(results, text, **where, source=f"{annotator}: ")
    if problems:
        raise KroniekError(problems)

    user, created = find_or_create_user(client, annotator)
    with client.errors(f"reading the annotations of task {task.id}"):
        existing = client.sdk.annotations.list(task.id)
    mine = [a for a in existing if a.completed_by == user.id and not a.was_cancelled]
    if mine and not replace:
        raise KroniekError(Problem(f"{annotator} already has annotation {mine[0].id} on this "
                                   "task; delete it in Label Studio or pass --replace", **where))
    parent = None
    if revises:
        gold = [a for a in existing if a.ground_truth and not a.was_cancelled
                and not (mine and a.id == mine[0].id)]
        parent = gold[0].id if gold else (mine[0].parent_annotation if mine else None)
        if parent is None:
            raise KroniekError(Problem("nothing to revise: the task has no ground-truth "
                                       "annotation by another annotator", **where))
    unmarked = []
    if ground_truth:
        for other in existing:
            if other.ground_truth and not (mine and other.id == mine[0].id):
                with client.errors(f"unmarking ground truth of annotation {other.id}"):
                    client.sdk.annotations.update(other.id, ground_truth=False)
                unmarked.append(other.id)
    if mine:
        with client.errors(f"replacing annotation {mine[0].id}"):
            ann = client.sdk.annotations.update(mine[0].id, result=results,
                                                ground_truth=ground_truth,
                                                **({"parent_annotation": parent} if parent else {}))
    else:
        with client.errors(f"adding the annotation to task {task.id}"):
            ann = client.sdk.annotations.create(task.id, result=results, completed_by=user.id,
                                                ground_truth=ground_truth, was_cancelled=False,
                                                project=project.id,
                                                **({"parent_annotation": parent} if parent else {}))
    return Added(ann.id, task.id, user.id, created, bool(mine), unmarked)
