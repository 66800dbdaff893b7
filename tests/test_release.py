"""Releases: the version tied to the dataset revision, the changelog, the citation, the
licences, and where an installed package finds its data and keeps its cache."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

import kroniek
from kroniek import paths
from kroniek.card import URL
from kroniek.cli import main, version_line
from kroniek.dataset import revision

ROOT = Path(__file__).resolve().parent.parent


def test_version_carries_the_built_dataset_revision():
    built = revision(ROOT / "dataset")
    assert built == kroniek.__dataset_revision__, (
        f"the dataset is now revision {built}, but kroniek {kroniek.__version__} carries "
        f"{kroniek.__dataset_revision__}: raise the minor version in kroniek/__init__.py, set "
        "__dataset_revision__ and add a CHANGELOG.md entry (and CITATION.cff's version)")


def test_changelog_and_citation_name_this_version_and_revision():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    top = re.search(r"^## (\S+) — dataset revision (\w+)", changelog, re.M)
    assert top and top.groups() == (kroniek.__version__, kroniek.__dataset_revision__)
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and citation["version"] == kroniek.__version__
    assert kroniek.__dataset_revision__ in citation["identifiers"][0]["value"]
    assert citation["url"] == URL and citation["license"] == "CC-BY-4.0"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["urls"]["Homepage"] == URL and "version" in project["dynamic"]
    for name in project["license-files"]:
        assert (ROOT / name).is_file()


def test_version_line_and_option(capsys):
    assert version_line() == (f"kroniek {kroniek.__version__}, dataset revision "
                              f"{kroniek.__dataset_revision__}")
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out.strip() == version_line()


def test_dataset_path_reads_a_named_folder_else_the_installed_dataset(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert paths.dataset_path("dataset") == paths.installed_dataset() == ROOT / "dataset"
    assert paths.dataset_path(None) == ROOT / "dataset"
    assert paths.dataset_path("other") == Path("other")      # no fallback for another name
    (tmp_path / "dataset").mkdir()
    assert paths.dataset_path("dataset") == Path("dataset")  # a folder that is there wins
    assert paths.annotation_file("GUIDELINES.md") == ROOT / "annotations" / "GUIDELINES.md"


def test_installed_package_caches_in_the_user_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "checkout", lambda: None)
    monkeypatch.delenv("KRONIEK_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert paths.cache_root() == tmp_path / "xdg" / "kroniek"
    monkeypatch.setenv("KRONIEK_CACHE", str(tmp_path / "mine"))
    assert paths.cache_root() == tmp_path / "mine"


def test_installed_package_refuses_to_build_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "checkout", lambda: None)
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "installed package, read-only (annotations/ is not here)" in err
    assert not (tmp_path / "dataset").exists()


MISSING = """
import sys
sys.modules["simplemma"] = None   # as in an install without the baselines extra
from kroniek.cli import main
sys.exit(main(["predict", "--system", "gazetteer.v1", sys.argv[1]]))
"""


def test_a_missing_extra_is_named_in_one_line(tmp_path):
    import subprocess
    import sys

    article = tmp_path / "article.txt"
    article.write_text("Het leger rukte op naar Kirkuk.\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", MISSING, str(article)], cwd=tmp_path,
                         capture_output=True, text=True)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr == ("kroniek predict: this needs simplemma, which is not installed: "
                          "pip install 'kroniek[baselines]'\n")
