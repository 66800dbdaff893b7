"""Entity mentions for realnews.v3: realnews.v2's entity model, to be improved on its own.

Same interface as :class:`baselines.realnews_entities.EntityModel`: ``fit(edna_train,
kroniek_train, edna_dev, kroniek_dev)`` returns the fitted model, ``spans(documents)`` the
mentions per document.
"""

from __future__ import annotations

from .realnews_entities import EntityModel


class EntityModel3(EntityModel):
    """realnews.v2's entity model (unchanged so far)."""
