"""Event triggers for realnews.v3: realnews.v2's trigger model, to be improved on its own.

Same interface as :class:`baselines.realnews_triggers.TriggerModel`: ``fit(edna_train,
kroniek_train, edna_dev, kroniek_dev)`` returns the fitted model, ``spans(documents)`` the
triggers per document.
"""

from __future__ import annotations

from .realnews_triggers import TriggerModel


class EventModel(TriggerModel):
    """realnews.v2's trigger model (unchanged so far)."""
