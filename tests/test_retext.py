"""scripts/retext_task.py: annotations carried over to an edited article (no server)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from retext_task import carry  # noqa: E402


def region(ident, text, word, label="GPE"):
    start = text.index(word)
    return {"id": ident, "type": "labels", "from_name": "entity", "to_name": "text",
            "value": {"start": start, "end": start + len(word), "text": word, "labels": [label]}}


def test_regions_move_respell_or_drop_with_their_relations():
    old = "Het leger van Sudan viel zondag de stad aan. Dat zei coördinator Marta."
    new = "Het leger van Soedan viel op zondag 4 mei de stad aan. Dat zei de organisatie."
    result = [region("e1", old, "Sudan"), region("e2", old, "zondag", "TIME"),
              region("e3", old, "stad"), region("e4", old, "Marta", "PER"),
              {"type": "relation", "from_id": "e3", "to_id": "e1", "labels": ["COREFERENCE"]},
              {"type": "relation", "from_id": "e4", "to_id": "e1", "labels": ["COREFERENCE"]}]
    out, dropped = carry(result, old, new)
    assert dropped == ["e4"]
    texts = {r["id"]: new[r["value"]["start"]:r["value"]["end"]] for r in out if "value" in r}
    assert texts == {"e1": "Soedan", "e2": "zondag", "e3": "stad"}
    assert all(r["value"]["text"] == texts[r["id"]] for r in out if "value" in r)
    assert [(r["from_id"], r["to_id"]) for r in out if r["type"] == "relation"] == [("e3", "e1")]
    assert result[0]["value"]["text"] == "Sudan"   # the input is not changed
