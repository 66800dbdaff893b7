"""Arguments for realnews.v2: realnews.v1's pair classifier (:mod:`baselines.realnews_args`),
taught the arguments EventDNA has but the importer could not give a filler.

EventDNA marks arguments as spans and has no TIME entities, so the importer leaves a
``Time`` argument (about a third of the mapped arguments) without a Kroniek filler, and
realnews.v1's classifier never sees a TIME argument from real news. At prediction the
entity model and rules do find time expressions, and the cross-scheme scorer counts one
inside EventDNA's argument span. :func:`with_time_fillers` gives each EventDNA training
document the time expressions gazetteer.v2 finds (as TIME mentions, candidates like any
other) and, for each mapped argument still without a filler, the first time expression
inside its span as filler, with its mapped role.

>>> doc = {"id": "d", "text": "Rebellen vielen Kirkuk gisteren aan", "entities": [],
...        "events": [{"id": "d/t", "start": 9, "end": 15, "type": "ATTACK", "arguments": []}],
...        "eventdna": {"events": [{"kroniek_id": "d/t", "arguments": [
...            {"kroniek_role": "TIME", "start": 23, "end": 31}]}]}}
>>> (out,) = with_time_fillers([doc])
>>> out["events"][0]["arguments"] == [{"entity_id": "d/time1", "role": "TIME"}]
True
"""

from __future__ import annotations

from typing import Sequence

from kroniek.documents import Document, entity


def with_time_fillers(documents: Sequence[Document]) -> list[Document]:
    """EventDNA training documents with gazetteer.v2's time expressions as TIME mentions
    and as the fillers of mapped arguments that had none (see the module docstring)."""
    from ._spans import Occupied, tokenize
    from .gazetteer2 import find_entities2

    out = []
    for doc, toks in zip(documents, tokenize(documents)):
        taken = Occupied((e["start"], e["end"]) for e in doc.get("entities", []))
        times = [entity(f"{doc['id']}/time{n}", doc["text"], s.start, s.end, "TIME",
                        s.extra if s.extra in ("NAM", "NOM") else "NOM")
                 for n, s in enumerate((s for s in find_entities2(toks) if s.label == "TIME"
                                        and taken.free(s.start, s.end)),
                                       start=1)]
        spans = {e["id"]: (e["start"], e["end"]) for e in [*doc.get("entities", []), *times]}
        events = {ev["id"]: {**ev, "arguments": list(ev.get("arguments", []))}
                  for ev in doc.get("events", [])}
        for record in doc["eventdna"]["events"]:
            ev = events.get(record.get("kroniek_id"))
            if ev is None:
                continue
            for arg in record["arguments"]:
                role = arg.get("kroniek_role")
                inside = [k for k, (s, e) in spans.items() if arg["start"] <= s and e <= arg["end"]]
                if not role or any(a["role"] == role and a["entity_id"] in inside
                                   for a in ev["arguments"]):
                    continue
                filler = next((t["id"] for t in times if t["id"] in inside), None)
                if filler is not None:
                    ev["arguments"].append({"entity_id": filler, "role": role})
        out.append({**doc, "entities": sorted([*doc.get("entities", []), *times],
                                              key=lambda e: (e["start"], e["end"])),
                    "events": list(events.values())})
    return out
