"""``realnews.v3``: realnews.v2 with a newer entity model.

* entity mentions: :class:`baselines.realnews_entities3.EntityModel3` (realnews.v2's model
  on a tagger that also joins a listed name's type with the words around it: on EventDNA's
  validation part named F1 78.3 -> 78.7, over three folds of train + validation 79.5 ->
  79.9);
* event triggers: realnews.v2's :class:`baselines.realnews_triggers.TriggerModel`;
* arguments, realis, event relations and coreference: as in realnews.v2 (the argument
  classifier's ``NONE`` weight is tuned on this system's own predictions).

Tried for the triggers and left out: a tagger of EventDNA's whole event spans with a
learned reranker of candidate heads (EventDNA validation trigger identification .678 ->
.680, classification .562 -> .568, but Kroniek validation trigger classification 73.1 ->
71.7 and argument classification 49.3 -> 46.9); one filler per trigger and role (EventDNA
validation argument F1 +.2 to +.4, Kroniek argument classification -1.2).

The parts learn and tune as realnews.v2's do (EventDNA's train part with Kroniek's train
split; EventDNA's validation part with the Kroniek tuning split); EventDNA's test part is
never read. realnews.v2 stays as it was, so that its recorded figures can be reproduced.
"""

from __future__ import annotations

from kroniek.system import register

from .realnews2 import RealNews2


@register
class RealNews3(RealNews2):
    name = "realnews"
    version = 3
    protocol = RealNews2.protocol
    description = ("realnews.v2 with a newer entity model (a listed name's type joined with "
                   "the words around it), learned from EventDNA and Kroniek train; triggers, "
                   "arguments, realis, relations and coreference as realnews.v2")

    def parts(self) -> tuple[type, type]:
        from .realnews_entities3 import EntityModel3
        from .realnews_triggers import TriggerModel

        return EntityModel3, TriggerModel
