"""A registry of systems under versioned names (``gazetteer.v1``), open to other packages.

Systems come from the entry-point group ``kroniek.systems``, as spaCy's registries do: a
package declares, in its ``pyproject.toml``::

    [project.entry-points."kroniek.systems"]
    mysystem = "my_package.my_module"          # a module whose classes use @register
    other = "my_package.other:OtherSystem"     # or one System subclass

Kroniek's own baselines (``kroniek_baselines``) are registered the same way. An unknown
name is answered with the list of known ones and the closest match.

>>> "floor.v1" in names()
True
>>> get("gazeteer.v1")
Traceback (most recent call last):
...
kroniek.errors.KroniekError: unknown system 'gazeteer.v1' (did you mean gazetteer.v1?); known: ...
"""

from __future__ import annotations

import difflib
from importlib.metadata import entry_points

from ..errors import KroniekError
from .base import System

GROUP = "kroniek.systems"

_REGISTRY: dict[str, type[System]] = {}
_loaded = False


def register(cls: type[System]) -> type[System]:
    """Class decorator: add ``cls`` under ``cls.id()``."""
    key = cls.id()
    if key in _REGISTRY and _REGISTRY[key].__qualname__ != cls.__qualname__:
        raise ValueError(f"system {key} registered twice")
    _REGISTRY[key] = cls
    return cls


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for point in entry_points(group=GROUP):
        try:
            loaded = point.load()
        except ImportError as exc:
            raise KroniekError(f"cannot load systems from {point.value} (entry point "
                               f"{point.name!r} of group {GROUP}): {exc}") from None
        if isinstance(loaded, type) and issubclass(loaded, System):
            register(loaded)


def names() -> list[str]:
    """All registered versioned names, sorted."""
    _load()
    return sorted(_REGISTRY)


def system_class(name: str) -> type[System]:
    """The class registered as ``name``."""
    _load()
    if name in _REGISTRY:
        return _REGISTRY[name]
    close = difflib.get_close_matches(name, _REGISTRY, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise KroniekError(f"unknown system {name!r}{hint}; known: {', '.join(names())}")


def get(name: str) -> System:
    """A new, unfitted instance of the system called ``name``."""
    return system_class(name)()


def describe(name: str) -> dict:
    """What ``kroniek systems`` shows of one system: id, tasks, trained, available (and
    if not, how to make it so), the splits it learns from to predict new text
    (``learned_from``, as result records say it), its description and caveat."""
    from .base import Unavailable
    from .run import learned_splits

    system = get(name)
    try:
        system.available()
        available, reason = True, ""
    except Unavailable as why:
        available, reason = False, str(why)
    return {"id": system.id(), "name": system.name, "version": system.version,
            "tasks": list(system.tasks), "trained": system.trained,
            "learned_from": learned_splits(system, "new"),
            "available": available, **({"how_to_install": reason} if reason else {}),
            "description": system.description, "protocol": system.protocol,
            "caveat": system.caveat, "resources": list(system.resources)}
