"""Pull and push at scale: asking only for what changed, and memory bounded by one task.

The request counts run against the real Label Studio server of conftest.py; the memory
and parser tests read generated exports without a server.
"""

from __future__ import annotations

import io
import json
import shutil
import tracemalloc
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from kroniek import atomic
from kroniek.errors import KroniekError
from kroniek.labelstudio import pull as pulling
from kroniek.labelstudio import stream
from kroniek.labelstudio import workflow

from test_workflow import annotate, doc_a_results, doc_b_results, task_ids, tracked  # noqa: E402 (beside this file)

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "small"


@pytest.fixture
def requests(monkeypatch) -> list[tuple[str, str, dict]]:
    """Every HTTP request made through httpx, as (method, path, query)."""
    seen: list[tuple[str, str, dict]] = []
    real = httpx.Client.send

    def send(self, request, *args, **kwargs):
        url = urlsplit(str(request.url))
        seen.append((request.method, url.path, parse_qs(url.query)))
        return real(self, request, *args, **kwargs)

    monkeypatch.setattr(httpx.Client, "send", send)
    return seen


def listings(requests) -> list[dict]:
    """The task listings among ``requests`` that were not filtered by ``updated_at`` (their
    first pages)."""
    return [query for method, path, query in requests if path.rstrip("/") == "/api/tasks"
            and "updated_at" not in "".join(query.get("query", []))
            and query.get("page", ["1"]) == ["1"]]


def exports(requests) -> list[list[str]]:
    """The task ids of each export request."""
    return [query.get("ids[]", []) for _, path, query in requests if path.endswith("/export")]


def _pushed_with_doc_a(label_studio, project_title, tmp_path):
    """A project pushed from the small seeds, doc_a annotated on the server: the client,
    the push/pull arguments and the annotations folder."""
    seeds, annotations = tmp_path / "seeds", tmp_path / "annotations"
    shutil.copytree(SMALL / "seeds", seeds)
    client = label_studio.client()
    where = dict(seeds=seeds, annotations=annotations, title=project_title)
    workflow.push(client, **where)
    annotate(client, project_title, "doc_a", doc_a_results())
    return client, where, annotations


@pytest.mark.labelstudio
def test_nothing_new_makes_no_listing_and_no_export(label_studio, project_title, tmp_path,
                                                    requests):
    client, where, annotations = _pushed_with_doc_a(label_studio, project_title, tmp_path)
    first = workflow.pull(client, **where)
    assert first.written == ["doc_a"]
    tree = tracked(annotations)

    requests.clear()
    again = workflow.pull(client, **where)
    pushed = workflow.push(client, **where)
    assert again.written == [] and again.unchanged == ["doc_a"] and again.listings == 0
    assert pushed.added == [] and pushed.present == ["doc_a", "doc_b", "doc_c"]
    assert pushed.listings == 0
    assert listings(requests) == [] and exports(requests) == []
    # each of the two: the project (with its counters) and the tasks updated since
    assert [path for _, path, _ in requests] == ["/api/projects/", "/api/tasks/"] * 2
    assert tracked(annotations) == tree

    # One new annotation: one task exported, one file written, the other kept as it was.
    annotate(client, project_title, "doc_b", doc_b_results())
    requests.clear()
    report = workflow.pull(client, **where)
    assert report.written == ["doc_b"] and report.unchanged == ["doc_a"]
    assert listings(requests) == []
    assert exports(requests) == [[str(task_ids(client, project_title)["doc_b"][0])]]
    assert (annotations / "exports" / "doc_a.json").read_bytes() == \
        tree["exports/doc_a.json"]


@pytest.mark.labelstudio
def test_a_deleted_task_makes_a_full_listing_and_loses_nothing(label_studio, project_title,
                                                               tmp_path, requests):
    client, where, annotations = _pushed_with_doc_a(label_studio, project_title, tmp_path)
    workflow.pull(client, **where)
    tree = tracked(annotations)
    (doc_a,) = task_ids(client, project_title)["doc_a"]
    client.sdk.tasks.delete(doc_a)   # the counters change, no updated_at does

    requests.clear()
    report = workflow.pull(client, **where)
    assert report.listings == 1 and len(listings(requests)) == 1
    assert report.written == [] and tracked(annotations) == tree
    pushed = workflow.push(client, **where)   # the task is back, the listing remembered
    assert pushed.added == ["doc_a"] and pushed.listings == 0


# --- without a server: the stream ------------------------------------------------------

def _tasks(n: int, seeds: Path) -> list[dict]:
    """``n`` annotated tasks of copies of the small fixture's doc_a, with their seeds."""
    (task,) = [t for t in json.loads((SMALL / "annotations" / "export.json").read_bytes())
               if t["data"]["document_id"] == "doc_a"]
    tasks = []
    for k in range(n):
        doc = f"copy_{k:04}"
        for suffix in (".txt", ".json"):
            data = (SMALL / "seeds" / f"doc_a{suffix}").read_text(encoding="utf-8")
            (seeds / f"{doc}{suffix}").write_text(data.replace('"doc_a"', f'"{doc}"'),
                                                  encoding="utf-8")
        tasks.append({**task, "id": 1000 + k, "data": {**task["data"], "document_id": doc},
                      "meta": {"padding": f"{k:04}" * 12_500},   # 50 KB, as a large task
                      "annotations": [{**a, "completed_by": 7} for a in task["annotations"]]})
    return tasks


def _pull_peak(tmp_path: Path, n: int) -> tuple[int, int]:
    """(peak bytes traced while pulling ``n`` generated tasks from a spool, files written)."""
    seeds, annotations = tmp_path / f"seeds{n}", tmp_path / f"annotations{n}"
    seeds.mkdir()
    spool = io.BytesIO(json.dumps(_tasks(n, seeds)).encode("utf-8"))
    report = pulling.PullReport(0)
    with atomic.staged(annotations / "exports") as stage:
        puller = pulling.Puller(None, seeds=seeds, annotations=annotations, title="generated",
                                replace=False, stage=stage, seen=None, report=report)
        puller.emails = {7: "anna@example.org"}   # what the server would say
        tracemalloc.start()
        for task in pulling.tasks_of(spool, url="generated"):
            puller.take(task)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert not puller.problems and not puller.conflicts, puller.problems[:3]
        stage.commit()
    return peak, len(list((annotations / "exports").glob("*.json")))


def test_pull_memory_does_not_grow_with_the_number_of_tasks(tmp_path):
    (tmp_path / "warm").mkdir()
    _pull_peak(tmp_path / "warm", 3)   # spaCy's tokenizer loads on the first task
    small, written_small = _pull_peak(tmp_path, 40)
    large, written_large = _pull_peak(tmp_path, 320)
    assert (written_small, written_large) == (40, 320)
    # Eight times the tasks (16 MB of export instead of 2 MB) must not take more memory:
    # a parse of the whole export would hold every task at once.
    assert large < 1.2 * small + 1024 * 1024, (small, large)


@pytest.mark.parametrize("data, why", [
    (b"", "it ends early"), (b'{"id": 1}', "it begins with '{'"),
    (b'[{"id": 1}, {"id": 2', "Expecting"), (b"[" * 200_000, "RecursionError"),
    (b'[{"id": 1}] [', "more follows the list"), (b'[{"id": 1} {"id": 2}]', "where a comma"),
    (b'[{"id": "\xff"}]', "UnicodeDecodeError"),
])
def test_a_bad_export_is_one_clear_line(data, why):
    with pytest.raises(KroniekError) as caught:
        list(pulling.tasks_of(io.BytesIO(data), url="http://ls"))
    line = str(caught.value)
    assert "\n" not in line and line.startswith("Label Studio at http://ls sent an export")
    assert why in line


def test_the_stream_reads_tasks_across_reads(monkeypatch):
    monkeypatch.setattr(stream, "READ", 5)
    tasks = [{"id": k, "data": {"text": "[{é}]\",", "n": 10 ** 12 + k}} for k in range(20)]
    parsed = list(pulling.tasks_of(io.BytesIO(json.dumps(tasks, indent=1).encode()), url="u"))
    assert parsed == tasks


def test_a_listing_stops_at_the_first_page_that_is_not_full():
    """One request per page, none past the end; a full last page ends at Label Studio's
    404 "Invalid page" for the page after it."""
    from label_studio_sdk.core.api_error import ApiError

    from kroniek.labelstudio.seen import pages

    asked = []

    class Page:
        def __init__(self, items):
            self.items = items

    def listing(page, page_size, **params):
        asked.append(page)
        chunk = list(range(6))[(page - 1) * page_size:page * page_size]
        if not chunk and page > 1:
            raise ApiError(status_code=404, body={"detail": "Invalid page."})
        return Page(chunk)

    for size, requests in ((4, [1, 2]), (3, [1, 2, 3]), (6, [1, 2]), (10, [1])):
        asked.clear()
        assert list(pages(listing, page_size=size)) == list(range(6))
        assert asked == requests, size


@pytest.mark.labelstudio
def test_nothing_new_lists_no_task_once_the_last_change_is_older_than_the_last_run(
        label_studio, project_title, tmp_path, monkeypatch):
    """The next run asks from the server's clock at the last run, not from the newest
    ``updated_at``: the tasks saved last (a push's last import) are not listed again on
    every run."""
    import datetime as dt
    import time

    from kroniek.labelstudio import seen as seen_module

    monkeypatch.setattr(seen_module, "MARGIN", dt.timedelta(0))
    client, where, annotations = _pushed_with_doc_a(label_studio, project_title, tmp_path)
    workflow.pull(client, **where)
    time.sleep(1.1)   # the server's Date header has whole seconds
    workflow.pull(client, **where)
    listed = []
    real = seen_module.Listed.of
    monkeypatch.setattr(seen_module.Listed, "of", staticmethod(
        lambda task: listed.append(task.id) or real(task)))
    again = workflow.pull(client, **where)
    assert again.unchanged == ["doc_a"] and again.listings == 0 and listed == []
    pushed = workflow.push(client, **where)
    assert pushed.present == ["doc_a", "doc_b", "doc_c"] and listed == []

    annotate(client, project_title, "doc_b", doc_b_results())   # still seen at once
    report = workflow.pull(client, **where)
    assert report.written == ["doc_b"] and report.listings == 0
    assert listed == [task_ids(client, project_title)["doc_b"][0]]


@pytest.mark.labelstudio
def test_chunks_exported_side_by_side_arrive_in_order(label_studio, project_title, tmp_path,
                                                      requests, monkeypatch):
    client, where, annotations = _pushed_with_doc_a(label_studio, project_title, tmp_path)
    annotate(client, project_title, "doc_b", doc_b_results())
    monkeypatch.setattr(stream, "CHUNK", 1)   # one task per request, two requests at once
    received = [0]
    ids = sorted(t for ts in task_ids(client, project_title).values() for t in ts)
    order = [task["id"] for spool in pulling.exported(client, client_project(client, where),
                                                     ids, received=received)
             for task in pulling.tasks_of(spool, url=client.url)]
    assert order == ids and received[0] > 0
    report = workflow.pull(client, **where)
    assert report.written == ["doc_a", "doc_b"] and len(exports(requests)) >= 2 + 2


def client_project(client, where) -> int:
    return workflow.find_project(client, where["title"]).id


@pytest.mark.labelstudio
def test_predictions_go_in_batches_each_predicted_while_the_last_is_imported(
        label_studio, project_title, tmp_path, requests, monkeypatch):
    """Batches of one: some tasks are new (imported with their predictions), some were
    there (predictions added to them); each batch is one request, with a progress line."""
    seeds, annotations = tmp_path / "seeds", tmp_path / "annotations"
    shutil.copytree(SMALL / "seeds", seeds)
    hidden = tmp_path / "later"
    hidden.mkdir()
    for suffix in (".txt", ".json"):   # doc_c comes later: it is new to the second push
        shutil.move(seeds / f"doc_c{suffix}", hidden / f"doc_c{suffix}")
    client = label_studio.client()
    where = dict(seeds=seeds, annotations=annotations, title=project_title)
    workflow.push(client, **where)
    for suffix in (".txt", ".json"):
        shutil.move(hidden / f"doc_c{suffix}", seeds / f"doc_c{suffix}")
    monkeypatch.setattr(workflow, "BATCH", 1)
    said: list[str] = []
    requests.clear()
    report = workflow.push(client, **where, predictions="floor.v1", progress=said.append)
    assert report.added == ["doc_c"] and report.predicted == ["doc_a", "doc_b", "doc_c"]
    imports = [path for method, path, _ in requests if method == "POST"]
    assert len(imports) == 3, imports
    assert said[-3:] == ["importing tasks with floor.v1 predictions: 1/3",
                         "adding floor.v1 predictions: 2/3", "adding floor.v1 predictions: 3/3"]
    project = workflow.find_project(client, project_title)
    tasks = list(workflow.pages(client.sdk.tasks.list, project=project.id, fields="all"))
    assert sorted((t.data["document_id"], [p["model_version"] if isinstance(p, dict)
                                           else p.model_version for p in t.predictions])
                  for t in tasks) == [(d, ["floor.v1"]) for d in ("doc_a", "doc_b", "doc_c")]


@pytest.mark.labelstudio
def test_a_prediction_of_another_version_with_the_same_prefix_does_not_count(
        label_studio, project_title, tmp_path):
    seeds, annotations = tmp_path / "seeds", tmp_path / "annotations"
    shutil.copytree(SMALL / "seeds", seeds)
    client = label_studio.client()
    where = dict(seeds=seeds, annotations=annotations, title=project_title)
    project_id = workflow.push(client, **where).project_id
    ids = task_ids(client, project_title)
    client.sdk.projects.import_predictions(project_id, request=[
        {"task": ids["doc_a"][0], "result": [], "model_version": "floor.v10"},
        {"task": ids["doc_b"][0], "result": [], "model_version": "floor.v1"}])
    assert workflow.with_version(client, project_id, "floor.v1") == {ids["doc_b"][0]}
    assert workflow.with_version(client, project_id, "floor.v10") == {ids["doc_a"][0]}
    report = workflow.push(client, **where, predictions="floor.v1")
    assert report.predicted == ["doc_a", "doc_c"]
    assert workflow.with_version(client, project_id, "floor.v1") == \
        {ids[d][0] for d in ("doc_a", "doc_b", "doc_c")}
