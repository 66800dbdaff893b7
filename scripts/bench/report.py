"""The benchmark's results as data (sections of rows and goals) and as Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field

from .timing import Timing


@dataclass
class Row:
    """One tool on one task: its timing and its time relative to the section's reference."""

    task: str
    tool: str
    timing: Timing | None
    relative: float | None = None   # this tool's median wall time / the reference's
    note: str = ""


@dataclass
class Goal:
    """A speed goal: whether it is met, what was measured, and for a gap its cause and cure."""

    text: str
    met: bool
    measured: str
    gap: str = ""


@dataclass
class Section:
    title: str
    intro: str
    rows: list[Row] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def seconds(x: float) -> str:
    """A duration for a table: 3 significant digits, ms below a second."""
    if x < 1:
        return f"{x * 1000:.3g} ms"
    return f"{x:.3g} s"


def ratio(x: float | None) -> str:
    if x is None:
        return ""
    if abs(x - 1) < 1e-9:
        return "1 (reference)"
    return f"{x:.3g}x"


def add_relative(rows: list[Row], reference: str) -> None:
    """Fill ``relative`` of each row: its wall time over the reference tool's, per task."""
    ref = {r.task: r.timing.wall for r in rows if r.tool == reference and r.timing}
    for r in rows:
        if r.timing and r.task in ref and ref[r.task] > 0:
            r.relative = r.timing.wall / ref[r.task]


def markdown(sections: list[Section], machine: dict[str, str], *, command: str,
             elapsed: float) -> str:
    import datetime as dt

    today = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")
    lines = ["# Performance", "",
             f"Generated on {today} (UTC) by `{command}` (took {elapsed / 60:.1f} minutes) on "
             "the machine described under Machine, every figure in one run; do not edit by hand.",
             "", "Times are medians over the runs shown, of runs interleaved between the tools "
             "compared, after one untimed warm-up run each (not for the build, whose every run starts "
             "from a cold spaCy vocabulary). *Relative* is a tool's median wall "
             "time divided by the reference tool's on the same task (below 1: faster than the "
             "reference). CPU time is the process's own (for a subprocess: its children's), "
             "the steadier figure when other work shares the machine.", "",
             "## Goals", "", "| goal | status | measured |", "|---|---|---|"]
    for section in sections:
        for goal in section.goals:
            lines.append(f"| {goal.text} | {'met' if goal.met else '**not met**'} | {goal.measured} |")
    gaps: dict[str, list[str]] = {}   # one explanation, the goals it explains
    for section in sections:
        for goal in section.goals:
            if not goal.met and goal.gap:
                gaps.setdefault(goal.gap, []).append(goal.text)
    if gaps:
        lines += ["", "### Gaps: cause and cure", ""]
        for gap, goals in gaps.items():
            lines += [f"- **{'; '.join(goals)}**: {gap}"]
    lines += ["", "## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in machine.items()]
    for section in sections:
        lines += ["", f"## {section.title}", "", section.intro, ""]
        if section.rows:
            lines += ["| task | tool | median wall | median CPU | runs | relative | note |",
                      "|---|---|---|---|---|---|---|"]
            for r in section.rows:
                t = r.timing
                cells = [r.task, r.tool, seconds(t.wall) if t else "-", seconds(t.cpu) if t else "-",
                         str(t.runs) if t else "-", ratio(r.relative), r.note]
                lines.append("| " + " | ".join(cells) + " |")
        if section.notes:
            lines += [""] + [f"- {note}" for note in section.notes]
    return "\n".join(lines) + "\n"
