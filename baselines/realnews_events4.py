"""Event triggers for realnews.v4: realnews.v2's trigger tagger, given the parser.

:class:`TriggerModel4` has realnews.v2's interface (``fit(edna_train, kroniek_train,
edna_dev, kroniek_dev)``, ``spans(documents)``) and holds the fitted
:class:`baselines.realnews_syntax.SyntaxModel` for syntactic features.
"""

from __future__ import annotations

from .realnews_triggers import TriggerModel


class TriggerModel4(TriggerModel):
    """realnews.v2's trigger model with a parser at hand (see the module)."""

    def __init__(self, syntax) -> None:
        super().__init__()
        self.syntax = syntax
