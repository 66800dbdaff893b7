"""Arguments for realnews.v4: realnews.v2's (trigger, mention) pair classifier fitting,
with the system's parser at hand (``system.syntax``)."""

from __future__ import annotations

from .realnews2 import RealNews2


def fit_arguments(system, edna_train, train, edna_dev, validation):
    """The argument model of ``system`` (a fitted :class:`~baselines.realnews4.RealNews4`
    apart from its arguments): for now realnews.v2's."""
    return RealNews2._fit_arguments(system, edna_train, train, edna_dev, validation)
