"""Where the Label Studio bridge finds registered systems: the one import of the registry
(:mod:`kroniek.system`) in the bridge."""

from __future__ import annotations

from ..system import Unavailable, blind, get, names, predict, prepared, system_class  # noqa: F401 (re-exported)
from ..system.run import check_unseen  # noqa: F401
