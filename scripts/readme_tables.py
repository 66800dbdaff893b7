#!/usr/bin/env python
"""Refresh the README's leaderboard (test split) and systems tables from results/ and the
registry, between the markers ``<!-- leaderboard -->`` and ``<!-- systems -->``."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from kroniek import leaderboard
    from kroniek.dataset import revision
    from kroniek.evaluate import read_results
    from kroniek.system import describe, names

    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    records = read_results(ROOT / "results", revision=revision(ROOT / "dataset"), split="test")
    board = leaderboard.table(records)
    rows = ["| name | learns | what |", "|---|---|---|"]
    for name in names():
        d = describe(name)
        learns = ("no" if not d["trained"] else "yes: train, tuned on validation"
                  if d["learned_from"] else "yes: another corpus only, no Kroniek split")
        rows.append(f"| `{d['id']}` | {learns} "
                    f"| {d['description'].rstrip('.')} |")
    for marker, table in (("leaderboard", board), ("systems", "\n".join(rows))):
        text = re.sub(rf"<!-- {marker} -->.*?<!-- /{marker} -->",
                      f"<!-- {marker} -->\n{table}\n<!-- /{marker} -->", text, flags=re.S)
    readme.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
