"""The installed wheel: built here, installed into a fresh venv in a temporary folder, and
run there, as a user of ``pip install kroniek`` would, with nothing read from the clone.

The wheel is installed ``--no-deps`` on top of this environment's installed dependencies
(not the clone's own kroniek: :func:`scripts.wheel.reuse_dependencies`), so the test takes
about a minute; ``scripts/install_benchmark.py`` measures the install with every
dependency from the package registry. Commands run with the temporary folder as working
folder, home and caches, and with the network proxied to a closed port: a look-up on the
Hugging Face Hub would fail, not pass.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import kroniek
from scripts.wheel import build_dists, environment, fresh_venv, install, reuse_dependencies

ROOT = Path(__file__).resolve().parent.parent
MAX_WHEEL_BYTES = 20 * 1024 * 1024

# Runs in the fresh venv: where everything comes from, then every doctest of the README
# as the installed package carries it (its METADATA), not the clone's file.
README_AND_PATHS = r"""
import doctest, importlib.metadata, json, sys
import kroniek, kroniek_baselines
from kroniek.paths import annotation_file, checkout, installed_dataset
text = importlib.metadata.metadata("kroniek").get_payload()
test = doctest.DocTestParser().get_doctest(text, {}, "README", "README (installed)", 0)
runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
runner.run(test)
print(json.dumps({"kroniek": kroniek.__file__, "baselines": kroniek_baselines.__file__,
                  "dataset": str(installed_dataset()),
                  "guidelines": str(annotation_file("GUIDELINES.md")),
                  "checkout": str(checkout()), "path": sys.path,
                  "attempted": runner.tries, "failed": runner.failures}))
"""


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """The wheel installed in a fresh venv; (python, bin folder, work folder, env, dists)."""
    tmp = tmp_path_factory.mktemp("wheel")
    sdist, wheel = build_dists(tmp / "dist")
    python = fresh_venv(tmp / "venv")
    reuse_dependencies(python, tmp / "dependencies")
    install(python, wheel, deps=False)
    work = tmp / "work"
    work.mkdir()
    env = environment(tmp)
    site = Path(subprocess.run([str(python), "-c", "import kroniek, os; print(os.path.dirname("
                                "os.path.dirname(kroniek.__file__)))"], check=True, env=env,
                               cwd=work, capture_output=True, text=True).stdout.strip())
    before = sorted(str(p.relative_to(site)) for p in site.rglob("*") if "__pycache__" not in p.parts)
    yield {"python": python, "bin": python.parent, "work": work, "env": env, "tmp": tmp,
           "sdist": sdist, "wheel": wheel, "site": site, "before": before}


def run(venv, *args, check=True, **kwargs):
    return subprocess.run([str(venv["bin"] / args[0]), *args[1:]], cwd=venv["work"],
                          env=venv["env"], capture_output=True, text=True, check=check, **kwargs)


def test_dists_pass_twine_check_and_carry_data_and_licences(venv):
    out = subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                          str(venv["sdist"]), str(venv["wheel"])], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.count("PASSED") == 2, out.stdout + out.stderr
    names = set(zipfile.ZipFile(venv["wheel"]).namelist())
    dist_info = f"kroniek-{kroniek.__version__}.dist-info"
    expected = {"kroniek/data/README.md", "kroniek/annotations/GUIDELINES.md",
                "kroniek/annotations/labeling_config.xml", "kroniek/cli.py",
                "kroniek_baselines/rules2.py", "kroniek_baselines/spacy/config.cfg",
                f"{dist_info}/licenses/LICENSE", f"{dist_info}/licenses/LICENSE-DATA.md"}
    expected |= {f"kroniek/data/{config}/{split}.parquet"
                 for config in ("documents", "ner", "triggers")
                 for split in ("train", "validation", "test")}
    expected |= {f"kroniek/{p.relative_to(ROOT / 'kroniek').as_posix()}"
                 for p in (ROOT / "kroniek").rglob("*.py")}
    expected |= {f"kroniek_baselines/{p.relative_to(ROOT / 'baselines').as_posix()}"
                 for p in (ROOT / "baselines").rglob("*.py")}
    # A module missing here is a package missing from pyproject.toml's `packages`.
    assert expected <= names, sorted(expected - names)
    assert not [n for n in names if n.startswith(("tests/", "seeds/", "annotations/", "scripts/"))]
    assert venv["wheel"].stat().st_size < MAX_WHEEL_BYTES
    metadata = zipfile.ZipFile(venv["wheel"]).read(f"{dist_info}/METADATA").decode()
    for field in ("License-Expression: MIT AND CC-BY-4.0", "Project-URL: Homepage",
                  "Classifier: Natural Language :: Dutch", "Provides-Extra: baselines",
                  "Description-Content-Type: text/markdown"):
        assert field in metadata
    sdist = subprocess.run(["tar", "tzf", str(venv["sdist"])], capture_output=True, text=True,
                           check=True).stdout
    for name in ("dataset/documents/test.parquet", "annotations/GUIDELINES.md", "CHANGELOG.md",
                 "CITATION.cff", "LICENSE-DATA.md"):
        assert name in sdist


def test_readme_examples_run_from_the_installed_package(venv):
    out = run(venv, "python", "-c", README_AND_PATHS)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["attempted"] >= 10 and found["failed"] == 0, out.stdout
    site = str(venv["site"])
    for key in ("kroniek", "baselines", "dataset", "guidelines"):
        assert found[key].startswith(site), (key, found[key])
    assert found["checkout"] == "None"
    assert not [p for p in found["path"] if p.startswith(str(ROOT))], found["path"]


def test_version_names_the_dataset_revision(venv):
    out = run(venv, "kroniek", "--version")
    assert out.stdout.strip() == (f"kroniek {kroniek.__version__}, dataset revision "
                                  f"{kroniek.__dataset_revision__}")


def test_systems_export_predict_and_score_from_any_folder(venv):
    systems = {s["id"]: s for s in json.loads(run(venv, "kroniek", "systems", "--json").stdout)}
    assert systems["rules.v2"]["available"] and systems["tokenclf.v2"]["trained"]
    run(venv, "kroniek", "export", "--format", "jsonl", "--split", "test", "-o", "test.jsonl")
    texts = venv["work"] / "texts"
    texts.mkdir()
    for line in (venv["work"] / "test.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        (texts / f"{doc['id']}.txt").write_text(doc["text"], encoding="utf-8")
    run(venv, "kroniek", "predict", "--system", "rules.v2", "texts", "-o", "pred.jsonl")
    scores = json.loads(run(venv, "kroniek", "score", "dataset", "pred.jsonl", "--split", "test",
                            "--json").stdout)
    record = json.loads((ROOT / "results" / "rules" / "v2" / kroniek.__dataset_revision__
                         / "test.json").read_text(encoding="utf-8"))["scores"]
    for task, key in (("entities", "strict"), ("triggers", "classification"),
                      ("coreference", "conll")):
        assert scores[task][key]["f1"] == pytest.approx(record[task][key]["f1"])


def test_trained_system_learns_from_the_installed_train_split_into_the_user_cache(venv):
    (venv["work"] / "article.txt").write_text("Het leger rukte donderdag op naar Kirkuk.\n",
                                              encoding="utf-8")
    out = run(venv, "kroniek", "predict", "--system", "tokenclf.v1", "article.txt")
    assert "training on 15 document(s), tuning on 6" in out.stderr
    assert "Kirkuk" in [e["text"] for e in json.loads(out.stdout)["entities"]]
    cached = list((venv["tmp"] / "cache" / "kroniek" / "tokenclf.v1").glob("*/DONE"))
    assert len(cached) == 1


def test_installed_package_is_read_only_and_untouched(venv):
    for args in (("build",), ("labelstudio", "pull")):
        out = run(venv, "kroniek", *args, check=False)
        assert out.returncode == 1 and out.stdout == ""
        assert len(out.stderr.splitlines()) == 1 and "read-only" in out.stderr, out.stderr
    site = venv["site"]
    after = sorted(str(p.relative_to(site)) for p in site.rglob("*") if "__pycache__" not in p.parts)
    assert after == venv["before"]
