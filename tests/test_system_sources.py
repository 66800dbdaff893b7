"""The cache key of a fitted system follows the code it uses, not its neighbours'."""

from __future__ import annotations

from pathlib import Path

from kroniek.system.sources import source_files


def _package(tmp_path: Path) -> Path:
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    (folder / "system.py").write_text(
        "from ._shared import helper\n"
        "def fit():\n"
        "    from .lazy import thing  # imported inside a function\n"
        "    import pkg.absolute\n")
    (folder / "_shared.py").write_text("from . import deeper\nhelper = 1\n")
    (folder / "deeper.py").write_text("x = 1\n")
    (folder / "lazy.py").write_text("thing = 1\n")
    (folder / "absolute.py").write_text("y = 2\n")
    (folder / "other_system.py").write_text("from ._shared import helper\n")
    (folder / "config.cfg").write_text("[a]\n")
    return folder


def test_source_files_follow_imports_transitively(tmp_path):
    folder = _package(tmp_path)
    names = [p.name for p in source_files(folder / "system.py")]
    assert names == ["_shared.py", "absolute.py", "config.cfg", "deeper.py", "lazy.py",
                     "system.py"]
    assert "other_system.py" not in [p.name for p in source_files(folder / "system.py")]


def test_an_edit_to_another_system_keeps_the_fingerprint():
    from kroniek.system import get

    floor, gazetteer = get("floor.v1"), get("gazetteer.v1")
    floor_files = {p.name for p in source_files(Path(__import__(type(floor).__module__,
                                                                fromlist=["x"]).__file__))}
    assert "gazetteer.py" not in floor_files and "floor.py" in floor_files
    assert floor.fingerprint() != gazetteer.fingerprint()
    assert floor.fingerprint() == get("floor.v1").fingerprint()
