"""Shared fixtures: the small hand-written export and a built copy of it."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from kroniek.corpora import CORPORA

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "small"

# The suite runs the same on every machine: a user's copies of external corpora (found
# through the environment or ~/.config/kroniek/corpora.json) are hidden from it, so no
# system trains on them here. Tests of the real files opt in with KRONIEK_TEST_CORPORA=1.
if os.environ.get("KRONIEK_TEST_CORPORA") != "1":
    for _corpus in CORPORA.values():
        os.environ.pop(_corpus.env, None)
    os.environ["KRONIEK_CONFIG"] = os.devnull


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A writable copy of tests/data/small (annotations/ and seeds/)."""
    target = tmp_path / "small"
    shutil.copytree(SMALL, target)
    return target


@pytest.fixture
def small_tasks() -> list[dict]:
    return json.loads((SMALL / "annotations" / "export.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def small_dataset(tmp_path_factory) -> Path:
    """The small export built once into a dataset folder."""
    from kroniek.build import build

    out = tmp_path_factory.mktemp("built") / "dataset"
    build(annotations=SMALL / "annotations", seeds=SMALL / "seeds", output=out,
          progress=lambda message: None)
    return out
