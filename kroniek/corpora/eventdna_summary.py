"""What an EventDNA import mapped, kept unmapped or left out, and its odd documents.

Nothing is dropped silently: every entity, event, argument and coreference member read
is counted under one of three outcomes:

* ``mapped``: it has a Kroniek counterpart (a mention, trigger, argument, cluster member);
* ``kept``: it has none, but stays in the document's ``eventdna`` field (MISC entities,
  Unknown events, roles without a Kroniek role, arguments with no entity to point at);
* ``left out``: it is nowhere in the output (a document that could not be read).

>>> s = Summary(); s.count("entity", "MISC/NAM", "kept"); s.odd("eventdna_7", "duplicate")
>>> s.table()[0], s.lines()
({'layer': 'entity', 'label': 'MISC/NAM', 'mapped': 0, 'kept': 1, 'left out': 0}, ['eventdna_7: duplicate'])
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

OUTCOMES = ("mapped", "kept", "left out")


@dataclass
class Summary:
    counts: Counter = field(default_factory=Counter)
    odd_documents: list[tuple[str, str]] = field(default_factory=list)
    documents: int = 0

    def count(self, layer: str, label: str, outcome: str, n: int = 1) -> None:
        assert outcome in OUTCOMES, outcome
        self.counts[(layer, label, outcome)] += n

    def odd(self, folder: str, problem: str) -> None:
        self.odd_documents.append((folder, problem))

    def table(self) -> list[dict]:
        """One row per (layer, label), with a count per outcome, in a stable order."""
        keys = sorted({(layer, label) for layer, label, _ in self.counts})
        return [{"layer": layer, "label": label,
                 **{o: self.counts.get((layer, label, o), 0) for o in OUTCOMES}}
                for layer, label in keys]

    def lines(self) -> list[str]:
        """One line per odd document."""
        return [f"{folder}: {problem}" for folder, problem in self.odd_documents]

    def format(self) -> str:
        """The table as text, then the odd documents, for the command line."""
        rows = [r for r in self.table() if "->" not in r["label"]]
        width = max((len(f"{r['layer']} {r['label']}") for r in rows), default=10)
        out = [f"{'layer label':<{width}}  {'mapped':>7} {'kept':>7} {'left out':>8}"]
        out += [f"{r['layer'] + ' ' + r['label']:<{width}}  {r['mapped']:>7} {r['kept']:>7} "
                f"{r['left out']:>8}" for r in rows]
        out.append(f"{self.documents} document(s) read; {len(self.odd_documents)} odd:")
        out += [f"  {line}" for line in self.lines()]
        return "\n".join(out)
