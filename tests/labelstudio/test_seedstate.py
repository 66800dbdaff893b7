"""push's remembered seeds: a changed, added, removed or broken seed is always seen."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from kroniek.errors import KroniekError
from kroniek.labelstudio import seedstate
from kroniek.labelstudio.seen import digest

SMALL = Path(__file__).resolve().parents[2] / "tests" / "data" / "small"


def _age(folder: Path) -> None:
    """Make every seed look written a minute ago (not 'recent', so it is remembered)."""
    for path in folder.iterdir():
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 60_000_000_000))


@pytest.fixture
def seeds(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SMALL / "seeds", folder)
    _age(folder)
    monkeypatch.setattr(seedstate, "RECENT", -1 << 62)   # ctime cannot be set back
    return folder


def truth(folder: Path) -> dict[str, str]:
    return {p.stem: digest(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))}


def test_unchanged_seeds_are_not_read_again(seeds, tmp_path, monkeypatch):
    annotations = tmp_path / "annotations"
    assert seedstate.seed_digests(seeds, annotations) == truth(seeds)
    assert seedstate.state_file(seeds, annotations).is_file()
    read = []
    real = seedstate.read_seed
    monkeypatch.setattr(seedstate, "read_seed", lambda path: read.append(path) or real(path))
    assert seedstate.seed_digests(seeds, annotations) == truth(seeds)
    assert read == []

    (seeds / "doc_b.txt").write_text("Een andere tekst.", encoding="utf-8")   # edited
    shutil.copy(seeds / "doc_a.txt", seeds / "doc_z.txt")                     # added
    shutil.copy(seeds / "doc_a.json", seeds / "doc_z.json")
    (seeds / "doc_z.json").write_text(json.dumps({**json.loads(
        (seeds / "doc_a.json").read_text(encoding="utf-8")), "id": "doc_z"}), encoding="utf-8")
    (seeds / "doc_c.txt").unlink()                                            # removed
    (seeds / "doc_c.json").unlink()
    assert seedstate.seed_digests(seeds, annotations) == truth(seeds)
    assert sorted(p.name for p in read) == ["doc_b.txt", "doc_z.txt"]


def test_a_broken_seed_is_refused_even_when_remembered(seeds, tmp_path):
    annotations = tmp_path / "annotations"
    seedstate.seed_digests(seeds, annotations)
    meta = seeds / "doc_a.json"
    meta.write_text(meta.read_text(encoding="utf-8").replace('"split"', '"spilt"'),
                    encoding="utf-8")
    with pytest.raises(KroniekError, match="split"):
        seedstate.seed_digests(seeds, annotations)


def test_a_damaged_state_only_costs_a_reading(seeds, tmp_path):
    annotations = tmp_path / "annotations"
    seedstate.seed_digests(seeds, annotations)
    seedstate.state_file(seeds, annotations).write_bytes(b'{"format": 1, "seeds": [1]}')
    assert seedstate.seed_digests(seeds, annotations) == truth(seeds)
    seedstate.state_file(seeds, annotations).write_bytes(b"\xff")
    assert seedstate.seed_digests(seeds, annotations) == truth(seeds)


def test_a_seed_written_just_now_is_not_remembered(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SMALL / "seeds", seeds)
    annotations = tmp_path / "annotations"
    assert seedstate.seed_digests(seeds, annotations) == truth(seeds)
    saved = json.loads(seedstate.state_file(seeds, annotations).read_bytes()) \
        if seedstate.state_file(seeds, annotations).exists() else {"seeds": {}}
    assert saved["seeds"] == {}
