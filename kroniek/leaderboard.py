"""The leaderboard: result records as a Markdown table, with what each number means.

Each cell is an F1 score in percent with its bootstrap 95% confidence interval
(sentences resampled); "-" where the system does not cover the task; a system that
could not run here gets a row saying how to make it available. The test split is the
headline; validation follows, as development scores.
"""

from __future__ import annotations

from pathlib import Path

from .metrics.declared import HEADLINES
from .metrics.report import Report

METRICS_EXPLAINED = [
    ("Entities strict", "an entity counts when its offsets and type both match a gold entity "
     "(nervaluate's strict scheme; equals seqeval's strict IOB2 F1)."),
    ("Entities type", "an entity counts when it overlaps a gold entity of the same type "
     "(nervaluate's type scheme); `exact` and `partial` are in the JSON."),
    ("Trigger I / C", "trigger identification: the trigger's offsets match; classification: "
     "offsets and event type match (TextEE)."),
    ("Argument I / C", "argument identification: the argument's offsets and the event type "
     "of its trigger match a gold argument; classification: the role matches too (TextEE); "
     "the stricter `+` variants, which also require the trigger's offsets, are in the JSON."),
    ("Relations", "an event relation counts when head and tail trigger offsets and the "
     "relation type match; micro F1 over the nine types."),
    ("Coref CoNLL", "the mean of MUC, B-cubed and CEAF-e F1 over entity and event clusters, "
     "mentions matched by offsets."),
]


def _cell(record: dict, headline) -> str:
    if headline.family not in record.get("tasks", []):
        return "-"
    f1 = Report.from_dict(record["scores"])[headline.name].f1
    ci = record.get("confidence_intervals", {}).get(headline.name)
    if ci and ci.get("low") is not None:
        return f"{100 * f1:.1f} [{100 * ci['low']:.0f}-{100 * ci['high']:.0f}]"
    return f"{100 * f1:.1f} [n/a]" if ci else f"{100 * f1:.1f}"


def table(records: list[dict]) -> str:
    """The leaderboard table (Markdown) for records of one dataset revision and split."""
    head = ["System", *(h.title for h in HEADLINES)]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    ranked = sorted(records, key=lambda r: (not r.get("available", False), r["id"]))
    for record in ranked:
        name = record["id"]
        if record.get("stale"):
            name += f" (stale: dataset revision {record['dataset']['revision']})"
        if not record.get("available"):
            lines.append(f"| {name} | not run: {record.get('reason', '')} |"
                         + " |" * (len(head) - 2))
            continue
        lines.append("| " + " | ".join([name, *(_cell(record, h) for h in HEADLINES)]) + " |")
    return "\n".join(lines)


def comparisons_table(rows: list[dict]) -> list[str]:
    """Paired bootstrap rows as Markdown: is the best system really ahead?"""
    if not rows:
        return []
    out = ["Is the best system really ahead? For each score, the best system against each "
           "other one on the same resampled sentences (paired bootstrap): the F1 difference in "
           "points, its 95% interval, and a two-sided p-value.",
           "", "| Score | Best | Other | Difference | 95% interval | p |", "|---|---|---|---|---|---|"]
    for row in rows:
        out.append(f"| {row['metric']} | {row['a']} | {row['b']} | {100 * row['difference']:+.1f} | "
                   f"[{100 * row['low']:+.1f}, {100 * row['high']:+.1f}] | {row['p_value']:.3f} |")
    return out + [""]


SECTIONS = (("test", "Test: the headline",
             "Held-out articles: no hand-written list was developed on them, the guidelines never "
             "quote them, and no system learned from them."),
            ("validation", "Validation: development scores",
             "Development articles, the seed among them: the rule systems' word lists were first "
             "written while reading the seed, and trained systems are tuned here. Expect these "
             "scores to be higher than on test."))


def markdown(records: list[dict], *, results: Path,
             comparisons: dict[str, list[dict]] | None = None) -> str:
    """The whole of ``results/LEADERBOARD.md``: a section per split, test first."""
    if not records:
        return "# Leaderboard\n\nNo results yet: run `kroniek evaluate`.\n"
    comparisons = comparisons or {}
    first = records[0]
    out = ["# Leaderboard", "",
           f"Dataset revision `{first['dataset']['revision']}`; kroniek "
           f"{first['kroniek_version']}. F1 in percent with bootstrap 95% confidence intervals "
           "(1,000 resamples of sentences; coreference resamples whole documents). With few "
           "documents the intervals are wide: read them before ranking systems. Speed is "
           "measured in docs/PERFORMANCE.md.", ""]
    known = {split for split, _, _ in SECTIONS}
    sections = list(SECTIONS) + [(s, s.capitalize(), "") for s in
                                 sorted({r["dataset"]["split"] for r in records} - known)]
    for split, title, text in sections:
        rows = [r for r in records if r["dataset"]["split"] == split]
        if not rows:
            continue
        fresh = [r for r in rows if not r.get("stale")] or rows
        stale = ([f"Rows marked stale were scored on an older dataset revision; run "
                  f"`kroniek evaluate` to score them on `{first['dataset']['revision']}`.", ""]
                 if len(fresh) < len(rows) else [])
        out += [f"## {title}", "", f"Split `{split}`, {fresh[0]['dataset']['documents']} "
                f"document(s). {text}".rstrip(), "", *stale, table(rows), "",
                *comparisons_table(comparisons.get(split, []))]
    from .benchmarks import sections as corpus_sections

    out += corpus_sections(results)
    out += ["## What the columns mean", ""]
    out += [f"- **{name}**: {text}" for name, text in METRICS_EXPLAINED]
    out += ["", "## Systems and how they were run", ""]
    for record in sorted(records, key=lambda r: (r["id"], r["dataset"]["split"])):
        if record["dataset"]["split"] not in {"test"} and any(
                r["id"] == record["id"] and r["dataset"]["split"] == "test" for r in records):
            continue
        base = f"{record['system']}/{record['version']}/{record['dataset']['revision']}"
        caveat = f" **Caveat**: {record['caveat'].rstrip('.')}." if record.get("caveat") else ""
        learned = (f" Learned from: {', '.join(record['learned_from'])}."
                   if record.get("learned_from") else "")
        protocol = record.get("protocol") or record.get("reason", "")
        out.append(f"- **{record['id']}**: {record.get('description', '').rstrip('.')}. "
                   f"Protocol: {protocol.rstrip('.')}.{learned}{caveat} Results: "
                   f"[{base}/]({base}/) (`<split>.json`, predictions, a page and plots).")
    return "\n".join(out) + "\n"


def write(records: list[dict], *, results: str | Path = "results") -> Path:
    from .evaluate import read_comparisons

    results = Path(results)
    results.mkdir(parents=True, exist_ok=True)
    path = results / "LEADERBOARD.md"
    comparisons = {}
    if records:
        revision = records[0]["dataset"]["revision"]
        for split in {r["dataset"]["split"] for r in records}:
            comparisons[split] = read_comparisons(results, revision=revision, split=split)
    path.write_text(markdown(records, results=results, comparisons=comparisons), encoding="utf-8")
    return path
