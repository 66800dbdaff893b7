"""push / pull / build against a real Label Studio server (see conftest.py)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kroniek import atomic, schema
from kroniek.build import build
from kroniek.labelconfig import labeling_config
from kroniek.labelstudio import workflow
from kroniek.labelstudio.seen import pages

pytestmark = pytest.mark.labelstudio

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "small"

NEW_ID = "nieuw_001"
NEW_TEXT = ("Koerdische strijders heroverden zaterdag de stad Kirkuk.\n\n"
            "Het Iraakse leger trok zich terug.")


# --- Label Studio results written by hand -------------------------------------------------

def region(text: str, rid: str, phrase: str, label: str, choice: str, *, nth: int = 0) -> list[dict]:
    """A labels result and its per-region choice for the ``nth`` occurrence of ``phrase``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    end = start + len(phrase)
    control = schema.ENTITY if label in schema.ENTITY_TYPES else schema.EVENT
    choice_control = schema.MENTION if control == schema.ENTITY else schema.REALIS_CONTROL
    value = {"start": start, "end": end, "text": phrase}
    return [{"id": rid, "from_name": control, "to_name": "text", "type": "labels",
             "value": {**value, "labels": [label]}},
            {"id": rid, "from_name": choice_control, "to_name": "text", "type": "choices",
             "value": {**value, "choices": [choice]}}]


def relation(head: str, tail: str, label: str) -> dict:
    return {"from_id": head, "to_id": tail, "type": "relation", "direction": "right",
            "labels": [label]}


def new_article_results() -> list[dict]:
    t = NEW_TEXT
    return [*region(t, "e1", "Koerdische strijders", "PER", "NOM"),
            *region(t, "e2", "zaterdag", "TIME", "NAM"),
            *region(t, "e3", "de stad Kirkuk", "GPE", "NAM"),
            *region(t, "e4", "Het Iraakse leger", "ORG", "NOM"),
            *region(t, "v1", "heroverden", "TERRITORY_CHANGE", "ACTUAL"),
            *region(t, "v2", "trok", "MOVEMENT", "ACTUAL"),
            relation("v1", "e1", "AGENT"), relation("v1", "e3", "PATIENT"),
            relation("v1", "e2", "TIME"), relation("v2", "e4", "AGENT"),
            relation("v1", "v2", "CAUSE")]


DOC_A = (SMALL / "seeds" / "doc_a.txt").read_text(encoding="utf-8")
DOC_B = (SMALL / "seeds" / "doc_b.txt").read_text(encoding="utf-8")


def doc_a_results() -> list[dict]:
    return [*region(DOC_A, "a1", "Het Iraakse leger", "ORG", "NOM"),
            *region(DOC_A, "a2", "meldde", "STATEMENT", "ACTUAL"),
            relation("a2", "a1", "AGENT")]


def doc_b_results() -> list[dict]:
    first = DOC_B.split()[0].strip(".,")
    return region(DOC_B, "b1", first, "PER", "NAM")


# --- helpers ------------------------------------------------------------------------------

@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """seeds/ (the small fixture's articles plus a new one) and annotations/ holding the
    small fixture's hand-written export, as in a checkout of the repository."""
    shutil.copytree(SMALL / "seeds", tmp_path / "seeds")
    shutil.copytree(SMALL / "annotations", tmp_path / "annotations")
    (tmp_path / "seeds" / f"{NEW_ID}.txt").write_text(NEW_TEXT, encoding="utf-8")
    (tmp_path / "seeds" / f"{NEW_ID}.json").write_text(json.dumps(
        {"id": NEW_ID, "language": "nl", "source": "written for the Label Studio test",
         "split": "train", "origin": "constructed"}), encoding="utf-8")
    return tmp_path


def task_ids(client, title: str) -> dict[str, list[int]]:
    project = workflow.find_project(client, title)
    ids: dict[str, list[int]] = {}
    for task in pages(client.sdk.tasks.list, project=project.id):
        ids.setdefault(task.data["document_id"], []).append(task.id)
    return ids


def annotate(client, title: str, doc_id: str, results: list[dict]) -> None:
    (task_id,) = task_ids(client, title)[doc_id]
    client.sdk.annotations.create(task_id, result=results)


def documents(dataset: Path, split: str) -> dict[str, dict]:
    rows = pq.read_table(dataset / "documents" / f"{split}.parquet").to_pylist()
    return {row["id"]: row for row in rows}


def tracked(folder: Path) -> dict[str, bytes]:
    """The files under ``folder`` that git tracks: not what push and pull remember of the
    server (``.labelstudio-seen/``, git-ignored)."""
    return {k: v for k, v in atomic.read_tree(folder).items()
            if not k.startswith(".labelstudio-seen/")}


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- the workflow -------------------------------------------------------------------------

def test_push_annotate_pull_build(label_studio, project_title, workspace, kroniek):
    env = label_studio.env()
    seeds, annotations = workspace / "seeds", workspace / "annotations"
    before = workspace / "before"
    build(annotations=annotations, seeds=seeds, output=before, progress=lambda m: None)
    hand_written = (annotations / "export.json").read_bytes()

    client = label_studio.client()
    first = workflow.push(client, seeds=seeds, title=project_title, annotations=annotations)
    assert first.created_project and first.added == ["doc_a", "doc_b", "doc_c", NEW_ID]
    pushed = kroniek("labelstudio", "push", "--project", project_title, "--seeds", str(seeds),
                     "--annotations", str(annotations), env=env)
    assert pushed.returncode == 0, pushed.stderr
    assert "0 task(s) added, 4 already there" in pushed.stdout
    assert {d: len(ids) for d, ids in task_ids(client, project_title).items()} == \
        {"doc_a": 1, "doc_b": 1, "doc_c": 1, NEW_ID: 1}

    annotate(client, project_title, NEW_ID, new_article_results())
    pulled = kroniek("labelstudio", "pull", "--project", project_title, "--seeds", str(seeds),
                     "--annotations", str(annotations), env=env)
    assert pulled.returncode == 0, pulled.stderr
    assert label_studio.token not in pulled.stdout + pulled.stderr
    assert sorted(p.name for p in (annotations / "exports").iterdir()) == [f"{NEW_ID}.json"]
    assert (annotations / "export.json").read_bytes() == hand_written
    (task,) = json.loads((annotations / "exports" / f"{NEW_ID}.json").read_text(encoding="utf-8"))
    assert task["data"] == {"text": NEW_TEXT, "document_id": NEW_ID}
    assert {"id", "created_at", "updated_at"} <= set(task)
    (ann,) = task["annotations"]
    assert {"id", "completed_by", "created_at", "lead_time"} <= set(ann)

    dataset = workspace / "dataset"
    build(annotations=annotations, seeds=seeds, output=dataset, progress=lambda m: None)
    new = documents(dataset, "train")[NEW_ID]
    assert new["text"] == NEW_TEXT
    ents = {(e["text"], schema.ENTITY_TYPES[e["type"]], schema.MENTION_LEVELS[e["mention"]])
            for e in new["entities"]}
    assert ents == {("Koerdische strijders", "PER", "NOM"), ("zaterdag", "TIME", "NAM"),
                    ("de stad Kirkuk", "GPE", "NAM"), ("Het Iraakse leger", "ORG", "NOM")}
    text_of = {e["id"]: e["text"] for e in new["entities"]}
    events = {(v["text"], schema.EVENT_TYPES[v["type"]],
               frozenset((text_of[a["entity_id"]], schema.ARGUMENT_ROLES[a["role"]])
                         for a in v["arguments"])) for v in new["events"]}
    assert events == {
        ("heroverden", "TERRITORY_CHANGE", frozenset({("Koerdische strijders", "AGENT"),
                                                      ("de stad Kirkuk", "PATIENT"),
                                                      ("zaterdag", "TIME")})),
        ("trok", "MOVEMENT", frozenset({("Het Iraakse leger", "AGENT")}))}
    assert [schema.EVENT_RELATIONS[r["type"]] for r in new["relations"]] == ["CAUSE"]
    # The documents annotated before (the hand-written export) are exactly as they were.
    old, now = documents(before, "test"), documents(dataset, "test")
    assert now == old and "doc_a" in now

    # Nothing new on the server: the pull writes nothing at all (but what it remembers of
    # the server, git-ignored: the moment it asked).
    def stamps() -> dict:
        return {p: p.stat().st_mtime_ns for p in annotations.rglob("*")
                if ".labelstudio-seen" not in p.parts}
    before_stamps, tree = stamps(), tracked(annotations)
    again = workflow.pull(client, seeds=seeds, annotations=annotations, title=project_title)
    assert again.written == [] and again.unchanged == [NEW_ID]
    assert tracked(annotations) == tree
    assert stamps() == before_stamps


def test_push_with_predictions_once_per_task(label_studio, project_title, workspace, kroniek):
    from kroniek.system import registry

    names = registry.names()
    if not names:
        pytest.skip("no baseline is registered yet")
    name = "floor.v1" if "floor.v1" in names else names[0]
    client = label_studio.client()
    first = workflow.push(client, seeds=workspace / "seeds", title=project_title, predictions=name,
                          annotations=workspace / "annotations")
    assert first.predicted == ["doc_a", "doc_b", "doc_c", NEW_ID]
    pushed = kroniek("labelstudio", "push", "--project", project_title, "--seeds",
                     str(workspace / "seeds"), "--annotations", str(workspace / "annotations"),
                     "--predictions", name, env=label_studio.env())
    assert pushed.returncode == 0, pushed.stderr
    assert "0 task(s) added, 4 already there, pre-annotations for 0" in pushed.stdout
    project = workflow.find_project(client, project_title)
    tasks = list(pages(client.sdk.tasks.list, project=project.id, fields="all"))
    assert len(tasks) == 4
    for task in tasks:
        versions = [p["model_version"] if isinstance(p, dict) else p.model_version
                    for p in task.predictions]
        assert versions == [name], task.data["document_id"]


def test_push_refuses_a_project_with_another_config(label_studio, project_title, workspace,
                                                    kroniek):
    client = label_studio.client()
    other = labeling_config().replace('<Label value="PER"', '<Label value="PERSON"')
    client.sdk.projects.create(title=project_title, label_config=other)
    line = one_line_error(kroniek("labelstudio", "push", "--project", project_title, "--seeds",
                                  str(workspace / "seeds"), env=label_studio.env()))
    assert "labeling config that differs" in line and project_title in line
    assert task_ids(client, project_title) == {}


# --- what Label Studio accepts but the dataset must not -----------------------------------

def _unknown_label(results):
    results[0]["value"]["labels"] = ["PERSOON"]
    return results


def _out_of_range(results):
    for result in results[:2]:
        result["value"].update(end=len(DOC_A) + 40, text=None)
    return results


def _inside_a_word(results):
    start = DOC_A.index("Iraakse")
    for result in results[:2]:   # "Iraak" of "Iraakse": Label Studio takes it
        result["value"].update(start=start, end=start + 5, text="Iraak")
    return results


def _dangling(results):
    return results + [relation("a2", "a9", "PATIENT")]


@pytest.mark.parametrize("damage, message", [
    (_unknown_label, "unknown entity label 'PERSOON'"),
    (_out_of_range, f"offsets 0-{len(DOC_A) + 40} are outside the text"),
    (_dangling, "relation points to a missing region a9"),
    (_inside_a_word, "(ORG, 'Iraak') does not start and end on token boundaries (tokens there: "
                     "'Iraakse')"),
])
def test_pull_refuses_what_label_studio_accepts(label_studio, project_title, workspace, kroniek,
                                               damage, message):
    env = label_studio.env()
    seeds, annotations = workspace / "seeds", workspace / "annotations"
    client = label_studio.client()
    workflow.push(client, seeds=seeds, title=project_title, annotations=annotations)
    annotate(client, project_title, "doc_b", doc_b_results())   # a good one, not written either
    annotate(client, project_title, "doc_a", damage(doc_a_results()))
    before = atomic.read_tree(workspace)
    result = kroniek("labelstudio", "pull", "--project", project_title, "--seeds", str(seeds),
                     "--annotations", str(annotations), env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    problem, summary = result.stderr.strip().splitlines()
    assert problem.startswith(f"project {project_title!r}: document doc_a: region ")
    assert ": annotation " in problem and message in problem
    assert "1 problem(s); nothing written" in summary
    assert atomic.read_tree(workspace) == before


def test_interrupted_pull_leaves_annotations_intact(label_studio, project_title, workspace,
                                                    kroniek, monkeypatch):
    seeds, annotations = workspace / "seeds", workspace / "annotations"
    (annotations / "exports").mkdir()
    (annotations / "exports" / "doc_c.json").write_text("[]\n", encoding="utf-8")
    client = label_studio.client()
    workflow.push(client, seeds=seeds, title=project_title, annotations=annotations)
    annotate(client, project_title, "doc_a", doc_a_results())
    annotate(client, project_title, "doc_b", doc_b_results())
    before = atomic.read_tree(workspace)
    entries = sorted(p.name for p in annotations.iterdir())
    real_write, real_keep = atomic._write_file, atomic._keep_file
    # exports/ will hold three files: doc_a and doc_b written as they are pulled, then the
    # kept doc_c carried over (hard-linked) when the new folder is swapped in.
    for k in range(3):
        calls = []

        def failing(path, data, calls=calls, k=k):
            if len(calls) == k:
                raise OSError(28, "No space left on device (injected)")
            calls.append(path)
            real_write(path, data)

        def failing_keep(source, destination, calls=calls, k=k):
            if len(calls) == k:
                raise OSError(28, "No space left on device (injected)")
            calls.append(destination)
            real_keep(source, destination)

        monkeypatch.setattr(atomic, "_write_file", failing)
        monkeypatch.setattr(atomic, "_keep_file", failing_keep)
        with pytest.raises(atomic.WriteError, match="no space left on the device"):
            workflow.pull(client, seeds=seeds, annotations=annotations, title=project_title)
        assert atomic.read_tree(workspace) == before, f"failure at write {k}"
        assert sorted(p.name for p in annotations.iterdir()) == entries
    monkeypatch.setattr(atomic, "_keep_file", real_keep)
    monkeypatch.setattr(atomic, "_write_file", real_write)
    report = workflow.pull(client, seeds=seeds, annotations=annotations, title=project_title)
    assert report.written == ["doc_a", "doc_b"]
    assert sorted(p.name for p in (annotations / "exports").iterdir()) == \
        ["doc_a.json", "doc_b.json", "doc_c.json"]
    assert (annotations / "exports" / "doc_c.json").read_text(encoding="utf-8") == "[]\n"


# --- the import script: attribution to annotators ------------------------------------------

def _import_script():
    spec = importlib.util.spec_from_file_location("import_annotation",
                                                  ROOT / "scripts" / "import_annotation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_import_annotation_attributes_and_marks_ground_truth(label_studio, project_title,
                                                             workspace, monkeypatch, capsys):
    for name, value in label_studio.env().items():
        monkeypatch.setenv(name, value)
    seeds, annotations = workspace / "seeds", workspace / "annotations"
    client = label_studio.client()
    workflow.push(client, seeds=seeds, title=project_title, annotations=annotations)
    full = {"id": NEW_ID, "entities": [
        {"id": f"{NEW_ID}:t1", "start": 0, "end": 20, "text": "Koerdische strijders",
         "type": "PER", "mention": "NOM"},
        {"id": f"{NEW_ID}:t2", "start": 44, "end": 55, "text": "stad Kirkuk", "type": "GPE",
         "mention": "NAM"}],
        "events": [{"id": f"{NEW_ID}:t3", "start": 21, "end": 31, "text": "heroverden",
                    "type": "TERRITORY_CHANGE", "realis": "ACTUAL",
                    "arguments": [{"entity_id": f"{NEW_ID}:t1", "role": "AGENT"}]}],
        "relations": [], "clusters": []}
    partial = {**full, "entities": full["entities"][:1]}
    script = _import_script()
    for doc, who, extra in ((partial, "anna@example.org", []),
                            (full, "ben@example.org", ["--ground-truth"])):
        path = workspace / f"{who}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        assert script.main([str(path), "--annotator", who, "--project", project_title, *extra]) == 0
    assert "created user anna@example.org" in capsys.readouterr().out
    # A second annotation by the same annotator is refused, in one line.
    assert script.main([str(workspace / "anna@example.org.json"), "--annotator",
                        "anna@example.org", "--project", project_title]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "anna@example.org already has annotation" in line

    from kroniek.labelstudio.annotators import Pseudonyms

    workflow.pull(client, seeds=seeds, annotations=annotations, title=project_title)
    (task,) = json.loads((annotations / "exports" / f"{NEW_ID}.json").read_text(encoding="utf-8"))
    by = {a["completed_by"]: a["ground_truth"] for a in task["annotations"]}
    names = Pseudonyms.load(annotations)   # pseudonyms, never an e-mail in the repository
    assert by == {names.known("anna@example.org"): False, names.known("Ben@example.org"): True}
    assert set(by) == {"annotator-1", "annotator-2"}
    assert "example.org" not in json.dumps(task) + (annotations / "annotators.tsv").read_text()

    dataset = workspace / "dataset"
    build(annotations=annotations, seeds=seeds, output=dataset, progress=lambda m: None)
    gold = documents(dataset, "train")[NEW_ID]
    assert sorted(e["text"] for e in gold["entities"]) == ["Koerdische strijders", "stad Kirkuk"]


# --- failures as one clear line --------------------------------------------------------------

def test_wrong_token_is_one_clear_line(label_studio, workspace, kroniek):
    wrong = "0" * 40
    result = kroniek("labelstudio", "pull", "--seeds", str(workspace / "seeds"),
                     "--annotations", str(workspace / "annotations"),
                     env=label_studio.env(LABEL_STUDIO_API_KEY=wrong))
    line = one_line_error(result)
    assert "refused the token in LABEL_STUDIO_API_KEY" in line and wrong not in line


def test_unknown_baseline_changes_nothing_on_the_server(label_studio, project_title, workspace,
                                                        kroniek):
    line = one_line_error(kroniek("labelstudio", "push", "--project", project_title, "--seeds",
                                  str(workspace / "seeds"), "--predictions", "no-such.v1",
                                  env=label_studio.env()))
    assert "unknown system 'no-such.v1'" in line
    assert workflow.find_project(label_studio.client(), project_title) is None


# --- pull merges and never drops -------------------------------------------------------------

SEED = "000_a4a166468f182005"


def _seed_only(tmp_path):
    """seeds/ and annotations/exports/ holding only the seed article and its adjudicated gold."""
    seeds, annotations = tmp_path / "seeds", tmp_path / "annotations"
    (annotations / "exports").mkdir(parents=True)
    seeds.mkdir()
    for suffix in (".txt", ".json"):
        shutil.copy(ROOT / "seeds" / f"{SEED}{suffix}", seeds)
    shutil.copy(ROOT / "annotations" / "exports" / f"{SEED}.json", annotations / "exports")
    return seeds, annotations


def test_pull_never_drops_the_seed_gold(label_studio, project_title, tmp_path, kroniek):
    """Fresh project, push, annotate the seed with one entity, pull: refused, nothing lost."""
    seeds, annotations = _seed_only(tmp_path)
    (path,) = (annotations / "exports").glob("*.json")
    doc_id, gold_bytes = path.stem, path.read_bytes()
    (gold_task,) = json.loads(gold_bytes)
    gold = next(a for a in gold_task["annotations"] if a["ground_truth"])
    first = next(r for r in gold["result"] if r.get("type") == "labels")
    one_entity = [r for r in gold["result"] if r.get("id") == first["id"] and "value" in r]
    client = label_studio.client()
    workflow.push(client, seeds=seeds, title=project_title, annotations=annotations)
    annotate(client, project_title, doc_id, one_entity)

    args = ("labelstudio", "pull", "--project", project_title, "--seeds", str(seeds),
            "--annotations", str(annotations))
    result = kroniek(*args, env=label_studio.env())
    assert result.returncode == 1 and "Traceback" not in result.stderr
    conflict, summary = result.stderr.strip().splitlines()
    assert f"document {doc_id}: the server holds another task" in conflict
    assert f"annotation {gold['id']} by user {gold['completed_by']} (ground truth)" in conflict
    assert "--replace" in conflict and "nothing written" in summary
    assert path.read_bytes() == gold_bytes
    # no annotators.tsv: only the exports and what push remembered of the project
    assert sorted(p.name for p in annotations.iterdir()) == [".labelstudio-seen", "exports"]

    replaced = kroniek(*args, "--replace", env=label_studio.env())
    assert replaced.returncode == 0, replaced.stderr
    (task,) = json.loads(path.read_text(encoding="utf-8"))
    assert [len(a["result"]) for a in task["annotations"]] == [len(one_entity)]


def test_two_pulls_at_once_lose_nothing(label_studio, project_title, workspace, monkeypatch):
    import threading
    import time

    seeds, annotations = workspace / "seeds", workspace / "annotations"
    client = label_studio.client()
    workflow.push(client, seeds=seeds, title=project_title, annotations=annotations)
    annotate(client, project_title, "doc_a", doc_a_results())
    annotate(client, project_title, "doc_b", doc_b_results())
    (annotations / "exports").mkdir()
    kept = {f"kept_{n}.json": b"[]\n" for n in range(30)}   # files the server knows nothing of
    atomic.write_tree(annotations / "exports", kept)
    real = atomic._write_file

    def slow(path, data):
        time.sleep(0.01)
        real(path, data)

    monkeypatch.setattr(atomic, "_write_file", slow)
    errors = []

    def one():
        try:
            workflow.pull(label_studio.client(), seeds=seeds, annotations=annotations,
                          title=project_title)
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    for _ in range(2):
        threads = [threading.Thread(target=one) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not errors
        tree = atomic.read_tree(annotations / "exports")
        assert sorted(tree) == sorted([*kept, "doc_a.json", "doc_b.json"])
        assert sorted(p.name for p in annotations.iterdir()) == \
            [".labelstudio-seen", "annotators.tsv", "export.json", "exports"]


def test_ps_shows_neither_password_nor_token(label_studio):
    """Every process of the running server, as ps sees it (/proc/PID/cmdline)."""
    seen = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if os.getpgid(int(proc.name)) != label_studio.pid:
                continue
            command = (proc / "cmdline").read_bytes().decode("utf-8", "replace")
        except (OSError, ProcessLookupError):
            continue
        seen += 1
        assert label_studio.token not in command and label_studio.password not in command
    assert seen >= 1


# --- restore: push --with-annotations ----------------------------------------------------------

def test_restore_then_pull_is_byte_identical(label_studio, project_title, tmp_path, kroniek):
    seeds, annotations = _seed_only(tmp_path)
    before = atomic.read_tree(annotations)
    (path,) = (annotations / "exports").glob("*.json")
    (gold_task,) = json.loads(path.read_bytes())
    env = label_studio.env()
    where = ("--project", project_title, "--seeds", str(seeds), "--annotations", str(annotations))
    pushed = kroniek("labelstudio", "push", "--with-annotations", *where, env=env)
    assert pushed.returncode == 0, pushed.stderr
    n = len(gold_task["annotations"])
    assert f"1 task(s) added, 0 already there, {n} annotation(s) restored" in pushed.stdout

    client = label_studio.client()
    project = workflow.find_project(client, project_title)
    (task,) = pages(client.sdk.tasks.list, project=project.id, fields="all")
    assert sorted(bool(a["ground_truth"] if isinstance(a, dict) else a.ground_truth)
                  for a in task.annotations) == sorted(bool(a["ground_truth"])
                                                      for a in gold_task["annotations"])
    pulled = kroniek("labelstudio", "pull", *where, env=env)
    assert pulled.returncode == 0, pulled.stderr
    assert "is up to date" in pulled.stdout
    assert tracked(annotations) == before

    again = kroniek("labelstudio", "push", "--with-annotations", *where, env=env)
    assert f"0 annotation(s) restored, {n} already there" in again.stdout, again.stderr

    # A new annotation on the restored task comes back under a pseudonym, the rest as it was.
    gold = next(a for a in gold_task["annotations"] if a["ground_truth"])
    first = next(r for r in gold["result"] if r.get("type") == "labels")
    client.sdk.annotations.create(task.id, result=[r for r in gold["result"]
                                                   if r.get("id") == first["id"]])
    pulled = kroniek("labelstudio", "pull", *where, env=env)
    assert pulled.returncode == 0, pulled.stderr
    (merged,) = json.loads(path.read_bytes())
    assert merged["annotations"][:n] == gold_task["annotations"]
    assert merged["annotations"][n]["completed_by"] == "annotator-1"
    names = (annotations / "annotators.tsv").read_text(encoding="utf-8")
    assert "@" not in names and [line.split("\t")[1] for line in names.splitlines()[1:]] == \
        ["annotator-1"]


# --- live pre-annotation: the ML backend ---------------------------------------------------------

@pytest.mark.parametrize("password", [None, "s3cret-pw"], ids=["open", "basic-auth"])
def test_backend_predictions_appear_on_the_server(label_studio, project_title, workspace,
                                                  password):
    """Also with the shared secret, entered as Label Studio's ML backend basic auth."""
    import threading
    import time

    from kroniek.labelstudio import systems
    from kroniek.labelstudio.backend import make_server

    names = systems.names()
    if not names:
        pytest.skip("no system is registered yet")
    name = "gazetteer.v1" if "gazetteer.v1" in names else names[0]
    backend = make_server(name, port=0, quiet=True, user="ls", password=password)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{backend.server_address[1]}"
        client = label_studio.client()
        workflow.push(client, seeds=workspace / "seeds", title=project_title,
                      annotations=workspace / "annotations")
        project = workflow.find_project(client, project_title)
        auth = {} if password is None else {"auth_method": "BASIC_AUTH",
                                            "basic_auth_user": "ls",
                                            "basic_auth_pass": password}
        connected = client.sdk.ml.create(url=url, project=project.id, title="kroniek",
                                         is_interactive=False, **auth)
        assert connected.state in ("CO", "CONNECTED"), connected
        (task_id,) = task_ids(client, project_title)["doc_a"]
        client.sdk.actions.create(id="retrieve_tasks_predictions", project=project.id,
                                  selected_items={"all": False, "included": [task_id]})
        deadline = time.monotonic() + 60
        while not (preds := client.sdk.tasks.get(task_id).predictions) and \
                time.monotonic() < deadline:
            time.sleep(0.5)
        versions = [p["model_version"] if isinstance(p, dict) else p.model_version for p in preds]
        assert versions == [systems.get(name).id()]
        result = preds[0]["result"] if isinstance(preds[0], dict) else preds[0].result
        expected = workflow._predictor(name)({"doc_a": DOC_A})["doc_a"]
        assert result == expected
    finally:
        backend.shutdown()
        backend.server_close()
