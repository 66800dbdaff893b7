"""Where the Label Studio bridge finds registered systems: the one import to change when
the registry moves (``baselines.registry`` today, ``kroniek.systems`` soon)."""

from __future__ import annotations

from baselines.base import Unavailable  # noqa: F401 (re-exported)
from baselines.registry import get, names  # noqa: F401 (re-exported)
