"""Kroniek's speed benchmark against the tools a user would otherwise use.

Run ``python scripts/benchmark.py --write docs/PERFORMANCE.md`` (or ``python -m
scripts.bench``) from the repository root; ``--quick`` for a short check. Suites:
start-up, entity scoring (seqeval, nervaluate), event relations, the build
(label-studio-sdk's converter, spaCy's tokenizer), the baselines and the Label Studio
bridge at 1,000 and 10,000 tasks (real servers; about a quarter of an hour, left out of
``--quick``; alone: ``python -m scripts.bench.labelstudio``).
"""
