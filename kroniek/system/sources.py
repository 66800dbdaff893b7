"""Which source files a system's fitted model depends on, for its cache key.

A fitted model must be trained anew when the code that trains or applies it changes, and
only then: hashing a whole package folder retrains every system whenever any one of them is
edited. :func:`source_files` follows the module's imports of its own package (relative
``from .x import`` and absolute ``package.x`` imports, also those inside functions, read
from the source without running it) to the files they reach, and adds the package's data
files (configs, lists), whose users cannot be read off the imports.

>>> import kroniek.system.base as base
>>> names = [p.name for p in source_files(Path(base.__file__))]
>>> "base.py" in names and "registry.py" not in names
True
"""

from __future__ import annotations

import ast
from pathlib import Path

DATA_SUFFIXES = (".cfg", ".txt", ".json")


def _imported(path: Path, package: str) -> set[Path]:
    """The files of ``path``'s own folder that ``path`` imports."""
    folder = path.parent
    found: set[Path] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                names = [node.module] if node.module else [a.name for a in node.names]
            elif node.level == 0 and node.module and node.module.split(".")[0] == package:
                names = [".".join(node.module.split(".")[1:]) or ""]
                if names == [""]:
                    names = [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            names = [".".join(a.name.split(".")[1:]) for a in node.names
                     if a.name.split(".")[0] == package and "." in a.name]
        for name in names:
            candidate = folder / f"{name.split('.')[0]}.py"
            if candidate.is_file():
                found.add(candidate)
    return found


def source_files(module_file: Path) -> list[Path]:
    """``module_file``, the modules of its folder it imports (transitively), and the
    folder's data files, sorted."""
    module_file = Path(module_file).resolve()
    folder = module_file.parent
    package = folder.name
    seen: set[Path] = set()
    todo = [module_file]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo.extend(_imported(path, package) - seen)
    data = {p for p in folder.rglob("*") if p.is_file() and p.suffix in DATA_SUFFIXES
            and "__pycache__" not in p.parts}
    return sorted(seen | data)
