"""A :func:`kroniek.metrics.score` result as a table to read."""

from __future__ import annotations

from . import flatten

PER_TYPE_TABLES = ("entities.strict", "triggers.classification", "arguments.classification",
                   "relations")


def _line(name: str, row: dict, width: int) -> str:
    counts = ""
    if "tp" in row:
        counts = f"{row['tp']:>9g} {row['n_pred']:>9g} {row['n_gold']:>9g}"
    ci = ""
    if "f1_ci" in row:
        ci = f"  f1 {100 * row['f1_ci'][0]:.2f}-{100 * row['f1_ci'][1]:.2f}"
    return (f"{name:<{width}} {100 * row['precision']:>9.2f} {100 * row['recall']:>9.2f} "
            f"{100 * row['f1']:>9.2f} {counts}{ci}").rstrip()


def format_table(result: dict, *, per_type: bool = True) -> str:
    """Headline scores (in per cent, with tp / predicted / gold counts), then per-type tables."""
    flat = flatten(result)
    width = max([len(n) for n in flat] + [28])
    header = f"{'':<{width}} {'precision':>9} {'recall':>9} {'f1':>9} {'tp':>9} {'predicted':>9} {'gold':>9}"
    lines = [f"documents: {result.get('documents', 0)}", "", header]
    lines += [_line(name, row, width) for name, row in flat.items()]
    if per_type:
        for name in PER_TYPE_TABLES:
            rows = flat.get(name, {}).get("per_type")
            if rows:
                lines += ["", f"{name}, per type", header]
                lines += [_line(f"  {label}", row, width) for label, row in rows.items()]
    return "\n".join(lines) + "\n"
