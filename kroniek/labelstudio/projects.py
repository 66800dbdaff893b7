"""The Label Studio project push and pull work in: found by title, with Kroniek's config.

:func:`find_project` asks for the projects with that title only, with the counters
:mod:`.seen` compares (``task_number``, ``total_annotations_number``,
``skipped_annotations_number``), so that one small request both finds the project and
says whether anything was added or deleted since the last push or pull.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

from ..convert import Task
from ..errors import KroniekError
from ..labelconfig import labeling_config, same_config
from .client import Client
from .seen import COUNTERS, LIGHT, pages

DEFAULT_PROJECT = "Kroniek"
EXPORTS = "exports"

Progress = Callable[[str], None]

# What find_project asks for: ``include`` limits every field of the answer, not only the
# counters, and leaving out the other counters spares the server their queries.
FIELDS = ",".join(("id", "title", "label_config", "created_at", *COUNTERS))


def _quiet(message: str) -> None:
    pass


def dumps_export(tasks: list[Task]) -> bytes:
    """Deterministic bytes of an export file: sorted keys, two-space indent, UTF-8,
    trailing newline, so an unchanged task gives an unchanged file.

    >>> dumps_export([{"data": {"text": "é", "document_id": "d"}, "id": 1}])
    b'[\\n  {\\n    "data": {\\n      "document_id": "d",\\n      "text": "\\xc3\\xa9"\\n    },\\n    "id": 1\\n  }\\n]\\n'
    """
    text = _ujson_text(tasks)
    if text is None:
        text = json.dumps(tasks, indent=2, ensure_ascii=False, sort_keys=True)
    return (text + "\n").encode("utf-8")


# ujson writes json.dumps(indent=2, ensure_ascii=False, sort_keys=True)'s very bytes in C
# (about 7x faster than the json module, whose indented writer is pure Python: half of a
# first pull's own work), except for floats with a one-digit negative exponent ("1e-7"
# where json writes "1e-07"). A text where that pattern appears, anything ujson refuses,
# or no ujson (it comes with label-studio-sdk) takes the json module's way.
# tests/labelstudio/test_export_bytes.py holds the two to the same bytes.
# Only a number ends with "e-<digit>" right before "," or the line's end (no string holds
# a raw line break), so ids like "...-ad9e-8f66..." do not match; the literal "e-" first
# lets the regular expression engine skip ahead fast (0.1 ms for a 200 KB task).
_SHORT_EXPONENT = re.compile(r"e-[0-9],?\n")
_ujson: Any = None


def _ujson_text(tasks: Any) -> str | None:
    """``tasks`` as json.dumps(indent=2, ensure_ascii=False, sort_keys=True) would write
    them, by ujson; ``None`` when ujson cannot promise the same text."""
    global _ujson
    if _ujson is None:
        try:
            import ujson
        except ImportError:
            ujson = False
        _ujson = ujson
    if _ujson is False:
        return None
    try:
        text = _ujson.dumps(tasks, indent=2, ensure_ascii=False, sort_keys=True,
                            escape_forward_slashes=False)
    except Exception:  # noqa: BLE001 (NaN, lone surrogates...: the json module decides)
        return None
    return None if _SHORT_EXPONENT.search(text) else text


# --- projects -------------------------------------------------------------------------

def find_project(client: Client, title: str) -> Any | None:
    """The project titled exactly ``title``, or ``None``; two of them is an error."""
    with client.errors("listing projects"):
        found = [p for p in pages(client.sdk.projects.list, page_size=100, title=title,
                                  include=FIELDS) if p.title == title]
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


def project_tasks(client: Client, project_id: int, *, predictions: bool = True) -> list[Any]:
    """Every task of the project (SDK objects); with ``predictions``, also its
    predictions and annotations, which is far more to download."""
    with client.errors("listing tasks"):
        if predictions:
            return list(pages(client.sdk.tasks.list, page_size=100, project=project_id,
                              fields="all"))
        return list(pages(client.sdk.tasks.list, project=project_id, include=LIGHT))
