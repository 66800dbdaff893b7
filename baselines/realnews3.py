"""``realnews.v3``: realnews.v2 with a newer entity model and a newer trigger model.

* entity mentions: :class:`baselines.realnews_entities3.EntityModel3`;
* event triggers: :class:`baselines.realnews_events.EventModel`;
* arguments, realis, event relations and coreference: as in realnews.v2.

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
    description = ("realnews.v2 with a newer entity model and trigger model, learned from "
                   "EventDNA and Kroniek train; arguments, realis, relations and coreference "
                   "as realnews.v2")

    def parts(self) -> tuple[type, type]:
        from .realnews_entities3 import EntityModel3
        from .realnews_events import EventModel

        return EntityModel3, EventModel
