"""Scoring suites: entity spans against seqeval and nervaluate, event relations at
MAVEN-ERE scale, and the whole ``kroniek score`` process against a seqeval script.

Every tool gets the same spans in its own input format, prepared before the clock
starts; the benchmark asserts that all of them report the same strict F1.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from . import synthetic
from .report import Goal, Row, Section, add_relative, seconds
from .timing import Timing, bin_path, compare, compare_processes, python

KRONIEK = "kroniek.metrics.score"
SEQEVAL = "seqeval classification_report (strict IOB2)"
NERVALUATE = "nervaluate Evaluator (IOB2 lists)"
NERVALUATE_DICTS = "nervaluate Evaluator (span dicts)"
FLOOR = "set intersection (floor)"

SEQEVAL_SCRIPT = textwrap.dedent('''
    """Strict IOB2 scores of a three-column CoNLL file (token, gold, predicted) with seqeval."""
    import json, sys
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    gold, pred, g, p = [], [], [], []
    with open(sys.argv[1], encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if not parts:
                if g:
                    gold.append(g); pred.append(p); g, p = [], []
                continue
            g.append(parts[1]); p.append(parts[2])
    if g:
        gold.append(g); pred.append(p)
    report = classification_report(gold, pred, mode="strict", scheme=IOB2, output_dict=True)
    print(json.dumps(report, default=float))
''')


def prf(tp: int, n_pred: int, n_gold: int) -> float:
    """F1 from counts, the same arithmetic as scikit-learn's."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _same_f1(results: dict[str, float], what: str) -> float:
    """The common F1 of all tools; raises unless they agree to 12 significant digits.

    Agreement is checked to 12 digits, not bit for bit: scikit-learn computes F1 as
    ``2tp / (2tp + fp + fn)`` and seqeval as ``2pr / (p + r)``, which can differ in the
    last binary digit. Bitwise differences are listed in :data:`LAST_DIGIT`.
    """
    values = list(results.values())
    if any(abs(v - values[0]) > 1e-12 * max(abs(values[0]), 1e-300) for v in values):
        raise AssertionError(f"strict F1 differs between tools on {what}: {results}")
    if len(set(values)) > 1:
        LAST_DIGIT.append(f"{what}: " + ", ".join(f"{k} {v!r}" for k, v in results.items()))
    return values[0]


LAST_DIGIT: list[str] = []


def entity_suite(sizes: list[int], runs: int, folder: Path, *, process_size: int) -> Section:
    from nervaluate import Evaluator
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    from kroniek.metrics import score

    section = Section(
        "Entity scoring",
        "Synthetic token documents of 400 tokens (seeded): about 10% of tokens inside one of "
        "nine entity types; predictions with 72% exact spans, 8% wrong types, 8% shifted "
        "boundaries, 12% misses and 5% spurious spans. In-process: each tool gets the same "
        "spans in its own input format (seqeval: IOB2 tag lists; nervaluate: the same tag "
        "lists, and separately span dicts, which spare it the tag decoding; Kroniek: "
        "documents), prepared before timing. The set intersection counts exact "
        "(document, start, end, type) matches and nothing else: the floor for strict F1. "
        "Kroniek computes all four nervaluate schemes with per-type tables, as nervaluate "
        "does; seqeval computes strict only.")
    f1s: dict[int, float] = {}
    for size in sizes:
        corpus = synthetic.span_corpus(size)
        gold_tags, pred_tags = corpus.tags("gold"), corpus.tags("pred")
        gold_dicts, pred_dicts = corpus.dicts("gold"), corpus.dicts("pred")
        gold_docs, pred_docs = corpus.documents("gold"), corpus.documents("pred")
        gold_set = {(d, *s) for d, spans in enumerate(corpus.gold) for s in spans}
        pred_set = {(d, *s) for d, spans in enumerate(corpus.pred) for s in spans}

        def floor():
            return prf(len(gold_set & pred_set), len(pred_set), len(gold_set))

        cases = {
            KRONIEK: lambda: score(gold_docs, pred_docs, tasks=["entities"], check=False)["entities.strict"].f1,
            SEQEVAL: lambda: classification_report(gold_tags, pred_tags, mode="strict", scheme=IOB2,
                                                   output_dict=True)["micro avg"]["f1-score"],
            NERVALUATE: lambda: Evaluator(gold_tags, pred_tags, tags=list(synthetic.TYPES),
                                          loader="list").evaluate()["overall"]["strict"].f1,
            NERVALUATE_DICTS: lambda: Evaluator(gold_dicts, pred_dicts, tags=list(synthetic.TYPES),
                                                loader="dict").evaluate()["overall"]["strict"].f1,
            FLOOR: floor,
        }
        seen: dict[str, float] = {}
        timings = compare(cases, runs, check=lambda name, f1: seen.__setitem__(name, float(f1)))
        f1s[size] = _same_f1(seen, f"{size:,} tokens")
        task = f"entities, {size:,} tokens ({len(gold_set):,} gold spans)"
        section.rows += [Row(task, name, timing) for name, timing in timings.items()]
    add_relative(section.rows, KRONIEK)
    big = max(sizes)
    rows = {r.tool: r for r in section.rows if r.task.startswith(f"entities, {big:,} ")}
    ours = rows[KRONIEK].timing.wall
    for peer in (SEQEVAL, NERVALUATE, NERVALUATE_DICTS):
        speedup = rows[peer].timing.wall / ours
        section.goals.append(Goal(
            f"entity scoring at {big:,} tokens in-process >= 10x faster than {peer}",
            speedup >= 10, f"{speedup:.1f}x ({peer.split(' classification')[0]} {seconds(rows[peer].timing.wall)}, "
                           f"Kroniek {seconds(ours)})",
            gap=ENTITY_GAP))
    floor_time = rows[FLOOR].timing.wall
    section.notes.append(
        f"Strict F1 is the same for all tools at every size (asserted to 12 significant "
        f"digits; {f1s[big]:.6f} at {big:,} tokens"
        + (f"; in the last binary digit they differ: {'; '.join(LAST_DIGIT)}" if LAST_DIGIT else
           ", bit for bit") + f"). At {big:,} tokens Kroniek takes "
        f"{ours / floor_time:.1f}x the plain set intersection ({seconds(ours)} vs "
        f"{seconds(floor_time)}): the difference is reading documents into arrays, the "
        f"three other schemes, the per-type runs and scikit-learn's arithmetic.")
    section.rows += process_rows(process_size, runs, folder, section)
    section.rows += memory_rows(memory_megabytes(process_size), folder / "memory", section)
    return section


ENTITY_GAP = ("most of Kroniek's time at this size is reading the documents' dicts into "
              "(document, start, end, type) tuples and integer arrays (kroniek/metrics/spans.py "
              "`encode`); the four nervaluate schemes themselves run on sorted arrays. Passing "
              "the columns straight from the JSON reader, without per-span tuples, would close it.")


def process_rows(size: int, runs: int, folder: Path, section: Section) -> list[Row]:
    """``kroniek score GOLD PRED --json`` against a seqeval script, start to exit."""
    from kroniek.documents import dumps_jsonl

    corpus = synthetic.span_corpus(size)
    folder.mkdir(parents=True, exist_ok=True)
    gold, pred, conll = folder / "gold.jsonl", folder / "pred.jsonl", folder / "gold_pred.conll"
    gold.write_text(dumps_jsonl(corpus.documents("gold")), encoding="utf-8")
    pred.write_text(dumps_jsonl(corpus.documents("pred")), encoding="utf-8")
    conll.write_text(corpus.conll(), encoding="utf-8")
    script = folder / "seqeval_score.py"
    script.write_text(SEQEVAL_SCRIPT, encoding="utf-8")
    ours_name, peer_name = "kroniek score GOLD PRED --json", "python seqeval_score.py (CoNLL file)"
    seen: dict[str, float] = {}

    def check(name: str, out: str) -> None:
        result = json.loads(out)
        seen[name] = (result["entities"]["strict"]["f1"] if name == ours_name
                      else result["micro avg"]["f1-score"])

    timings = compare_processes({ours_name: [bin_path("kroniek"), "score", str(gold), str(pred), "--json"],
                                 peer_name: [python(), str(script), str(conll)]}, runs, check=check)
    _same_f1(seen, "the whole-process run")
    task = f"whole process, {size:,} tokens"
    rows = [Row(task, name, t) for name, t in timings.items()]
    add_relative(rows, ours_name)
    speedup = timings[peer_name].wall / timings[ours_name].wall
    section.goals.append(Goal(
        f"`kroniek score` whole process at {size:,} tokens >= 5x faster than a seqeval script",
        speedup >= 5, f"{speedup:.1f}x (seqeval script {seconds(timings[peer_name].wall)}, "
                      f"kroniek score {seconds(timings[ours_name].wall)})", gap=PROCESS_GAP))
    section.notes.append(
        "Whole process: both read their input from files (Kroniek: the two JSON Lines files; "
        "the seqeval script: one CoNLL file with gold and predicted tags, its natural input), "
        "score, print JSON and exit; timed as subprocesses from start to exit.")
    return rows


PROCESS_GAP = (
    "both processes pay the same start-up: seqeval imports scikit-learn (which pulls in scipy "
    "and pandas), and so does `kroniek score`, because the contract (docs/FORMAT.md) has precision, recall and F1 "
    "come from scikit-learn; that import alone is 1-2.5 s on this machine. Kroniek's "
    "scoring is then a fraction of a second, but checking the predictions "
    "(kroniek/predictions.py, about 13 us per span in Python) and parsing JSON Lines take "
    "longer than the scoring. To reach 5x: compute precision, recall and F1 with "
    "scikit-learn's formula without importing it at run time (a test keeps them equal to "
    "scikit-learn's), and check predictions column-wise instead of span by span.")


def memory_megabytes(process_size: int) -> int:
    """Size of the predictions file for the memory figure: 500 MB in the full run."""
    return 500 if process_size >= 1_000_000 else 20 if process_size >= 100_000 else 1


def peak_memory(argv: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak resident memory (bytes) and stdout of one run of ``argv``."""
    import os
    import subprocess
    import time

    started = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=null)
        out = proc.stdout.read().decode("utf-8")
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} failed with status {proc.returncode}")
    return wall, usage.ru_maxrss * 1024, out


MEMORY_TOOL = "kroniek score GOLD PRED --json (peak memory)"


def memory_rows(megabytes: int, folder: Path, section: Section) -> list[Row]:
    """Peak memory of ``kroniek score`` on predictions of about ``megabytes`` MB with every
    layer (entities, events, arguments, relations, clusters), against a gold file about
    1.7 times as large; before streaming it was 8.3 GB at 500 MB of predictions."""
    from .full_corpus import write_files

    n_docs = max(20, megabytes * 1_000_000 // 3_480)  # about 3.5 kB per predicted document
    gold, pred = write_files(folder, n_docs, seed=0)
    size = pred.stat().st_size
    wall, peak, out = peak_memory([bin_path("kroniek"), "score", str(gold), str(pred), "--json"])
    json.loads(out)
    timing = Timing(walls=[wall], cpus=[wall])
    task = (f"memory, {size / 1e6:,.0f} MB of predictions, {gold.stat().st_size / 1e6:,.0f} MB "
            f"of gold ({n_docs:,} documents, every layer)")
    section.goals.append(Goal(
        f"`kroniek score` peak memory under 1 GB at {size / 1e6:,.0f} MB of predictions",
        peak < 1e9, f"{peak / 1e6:,.0f} MB peak resident memory in {seconds(wall)}",
        gap=MEMORY_GAP))
    section.notes.append(
        "Memory: `kroniek score` streams both files document by document and adds up counts "
        "batch by batch (kroniek/pairs.py, kroniek/metrics/stream.py); the peak is the "
        "process's maximum resident set size (getrusage via wait4), start-up libraries "
        "included. Before streaming, 500 MB of predictions against 557 MB of gold peaked "
        "at 8.3 GB.")
    for path in (gold, pred):
        path.unlink()
    return [Row(task, MEMORY_TOOL, timing, note=f"peak {peak / 1e6:,.0f} MB")]


MEMORY_GAP = ("a batch of documents (kroniek/pairs.py BATCH_DOCUMENTS, BATCH_WEIGHT) and the "
              "imported libraries make the peak; lower the batch size.")


def relation_suite(n_pairs: int, runs: int) -> Section:
    from kroniek.metrics import score

    gold, pred = synthetic.relation_corpus(n_pairs)
    n_gold = sum(len(d["relations"]) for d in gold)
    section = Section(
        "Event relations",
        f"MAVEN-ERE scale: {n_gold:,} labelled gold event pairs over {len(gold):,} documents "
        "(seeded); predictions keep 70%, change the type of 15%, miss 15% and add 15% "
        "spurious pairs. Kroniek matches a pair by its head and tail triggers' offsets and "
        "its type; the floor is a set intersection of (document, head, tail, type) tuples.")
    gold_set = {(d["id"], r["head"], r["tail"], r["type"]) for d in gold for r in d["relations"]}
    pred_set = {(d["id"], r["head"], r["tail"], r["type"]) for d in pred for r in d["relations"]}
    cases = {KRONIEK: lambda: score(gold, pred, tasks=["relations"], check=False)["relations"].f1,
             FLOOR: lambda: prf(len(gold_set & pred_set), len(pred_set), len(gold_set))}
    seen: dict[str, float] = {}
    timings = compare(cases, runs, check=lambda name, f1: seen.__setitem__(name, float(f1)))
    _same_f1(seen, "relations")
    task = f"relations, {n_gold:,} pairs"
    section.rows = [Row(task, name, t) for name, t in timings.items()]
    add_relative(section.rows, KRONIEK)
    ours = timings[KRONIEK].wall
    section.goals.append(Goal(f"relations at {n_gold:,} pairs scored in under 1 s", ours < 1,
                              seconds(ours), gap=RELATION_GAP))
    return section


RELATION_GAP = (
    "the time is reading 2.3 million relation dicts (gold and predicted) into integer keys; "
    "the matching itself is a sorted-array intersection. Below about 0.4 us per relation "
    "needs the relations as columns rather than dicts (e.g. read straight from parquet).")
