#!/usr/bin/env python
"""Carry an edited seed article into Label Studio without losing its annotations.

An article's text is fixed once it is pushed: every annotation counts characters in it,
and ``pull`` refuses a task whose text differs from ``seeds/``. When the article itself
must change (a spelling, a sentence rewritten), edit ``seeds/<id>.txt`` and run

    .venv/bin/python scripts/retext_task.py 104_darfur_vlucht

It sets the task's text to the seed's and carries every annotation of the task over to
it, keeping each annotation's id, author, ground-truth mark and history (the Label Studio
provenance the export keeps). The two texts are aligned word by word
(:class:`difflib.SequenceMatcher` on tokens): a region on unchanged words moves with them;
a region that is exactly one respelled word follows its new spelling (``Sudanese`` ->
``Soedanese``); any other region that touches a changed stretch is dropped, with the
relations at it. The changed sentences are then annotated again: import the new
annotation (``scripts/import_annotation.py ... --ground-truth``) and pull. With
``--dry-run`` it only prints what it would do. Tasks with predictions are refused (drop or
remake them first), since their offsets would no longer fit.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r"\w+|[^\w\s]|\s+")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def respelled(old: str, new: str) -> bool:
    """Whether ``new`` is a respelling of ``old`` rather than another word.

    >>> respelled("Sudanese", "Soedanese"), respelled("Marta", "organisatie")
    (True, False)
    """
    return difflib.SequenceMatcher(None, old.lower(), new.lower()).ratio() >= 0.7


def aligner(old: str, new: str):
    """A function mapping an old region ``(start, end)`` to its new offsets, or ``None``.

    >>> move = aligner("in de Sudanese deelstaat, zondag", "in de Soedanese deelstaat, op zondag 4 mei")
    >>> move(6, 14), move(15, 24), move(26, 32), move(0, 5)
    ((6, 15), (16, 25), (30, 36), (0, 5))
    """
    a, b = _tokens(old), _tokens(new)
    ops = difflib.SequenceMatcher(None, [t for t, _, _ in a], [t for t, _, _ in b],
                                  autojunk=False).get_opcodes()
    where: dict[int, tuple[str, int, int, int, int]] = {}
    for tag, i1, i2, j1, j2 in ops:
        for i in range(i1, i2):
            where[i] = (tag, i1, i2, j1, j2)
    starts = {s: n for n, (_, s, _) in enumerate(a)}
    ends = {e: n for n, (_, _, e) in enumerate(a)}

    def move(start: int, end: int):
        first, last = starts.get(start), ends.get(end)
        if first is None or last is None:
            return None
        blocks = {where[i] for i in range(first, last + 1)}
        if all(tag == "equal" for tag, *_ in blocks):
            tag, i1, _, j1, _ = where[first]
            n_first = j1 + first - i1
            tag, i1, _, j1, _ = where[last]
            n_last = j1 + last - i1
            return b[n_first][1], b[n_last][2]
        if len(blocks) == 1:
            tag, i1, i2, j1, j2 = next(iter(blocks))
            if tag == "replace" and (i1, i2) == (first, last + 1) and i2 - i1 == 1 and \
                    j2 - j1 == 1 and respelled(a[i1][0], b[j1][0]):
                return b[j1][1], b[j1][2]
        return None
    return move


def carry(result: list[dict], old: str, new: str) -> tuple[list[dict], list[str]]:
    """``result`` on the new text, and the region ids dropped."""
    move = aligner(old, new)
    spans: dict[str, tuple[int, int] | None] = {}
    for item in result:
        value = item.get("value") or {}
        if "start" in value and item.get("id") not in spans:
            spans[item["id"]] = move(value["start"], value["end"])
    dropped = sorted(i for i, s in spans.items() if s is None)
    out = []
    for item in result:
        if item.get("type") == "relation":
            if spans.get(item.get("from_id")) is None or spans.get(item.get("to_id")) is None:
                continue
            out.append(item)
            continue
        if item.get("id") in spans:
            span = spans[item["id"]]
            if span is None:
                continue
            item = copy.deepcopy(item)
            item["value"].update(start=span[0], end=span[1], text=new[span[0]:span[1]])
        out.append(item)
    return out, dropped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="retext_task.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("document", help="the document id (seeds/<id>.txt holds the new text)")
    parser.add_argument("--project", default="Kroniek", metavar="TITLE")
    parser.add_argument("--dry-run", action="store_true", help="print, change nothing")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from kroniek import schema
    from kroniek.errors import KroniekError
    from kroniek.labelstudio.client import connect
    from kroniek.labelstudio.workflow import find_project, project_tasks
    from kroniek.sources import read_text

    try:
        new = read_text(ROOT / "seeds" / f"{args.document}.txt")
        client = connect()
        project = find_project(client, args.project)
        if project is None:
            raise KroniekError(f"no project titled {args.project!r}: push first")
        tasks = [t for t in project_tasks(client, project.id)
                 if (t.data or {}).get(schema.DOCUMENT_ID) == args.document]
        if len(tasks) != 1:
            raise KroniekError(f"{args.document}: {len(tasks)} tasks hold it; expected one")
        task = tasks[0]
        old = task.data[schema.TEXT]
        if old == new:
            print(f"{args.document}: the task already holds the seed's text; nothing to do")
            return 0
        if task.predictions:
            raise KroniekError(f"{args.document}: task {task.id} has predictions; delete them first")
        with client.errors(f"reading the annotations of task {task.id}"):
            annotations = list(client.sdk.annotations.list(task.id))
        plans = [(ann, *carry(ann.result or [], old, new)) for ann in annotations]
        for ann, _, dropped in plans:
            print(f"{args.document}: annotation {ann.id}: {len(dropped)} region(s) dropped"
                  + (f" ({', '.join(dropped)})" if dropped else ""))
        if args.dry_run:
            return 0
        with client.errors(f"updating the text of task {task.id}"):
            client.sdk.tasks.update(task.id, data={**task.data, schema.TEXT: new})
        for ann, result, _ in plans:
            with client.errors(f"updating annotation {ann.id}"):
                client.sdk.annotations.update(ann.id, result=result)
        print(f"{args.document}: task {task.id} holds the new text; {len(plans)} annotation(s) carried over")
    except KroniekError as error:
        for problem in error.problems:
            print(f"retext_task: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
