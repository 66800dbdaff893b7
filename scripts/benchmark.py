"""Kroniek's speed benchmark: ``python scripts/benchmark.py [--quick] [--write PATH]``.

A thin entry point for :mod:`scripts.bench` that works from any directory.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
