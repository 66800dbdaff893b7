"""How big the wheel is, and how long a user waits from ``pip install`` to the first
``kroniek.load()`` in a fresh environment.

    .venv/bin/python scripts/install_benchmark.py [--cold] [--json]

Builds the sdist and the wheel as a user or a release would (``python -m build``, its own
isolated build environment), lists what the wheel holds, then in a temporary folder makes a
fresh venv, installs ``kroniek[baselines]`` with every dependency from the package
registry (pip's cache as it is; ``--cold`` bypasses it with ``--no-cache-dir``) and times
the first ``kroniek.load(split="test")`` and ``kroniek.load_dataset("documents")`` there.
Goals (issue 22): the wheel under 20 MB; install and first load under 2 minutes.

Wall-clock time depends on how busy the machine is, so the processor time of the install
(user + system, of pip and its children) and the load average are reported beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.wheel import build_dists, environment, fresh_venv  # noqa: E402

FIRST_LOAD = ("import time; start = time.perf_counter(); import kroniek; "
              "docs = kroniek.load(split='test'); loaded = time.perf_counter() - start; "
              "hf = kroniek.load_dataset('documents'); "
              "print(len(docs), len(hf['test']), round(loaded, 2), "
              "round(time.perf_counter() - start - loaded, 2))")


def cpu_seconds() -> float:
    """User + system time of every finished child process so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def contents(wheel: Path) -> dict[str, tuple[int, int]]:
    """Files and uncompressed bytes per part of the wheel."""
    parts: Counter = Counter()
    sizes: Counter = Counter()
    for info in zipfile.ZipFile(wheel).infolist():
        name = info.filename
        part = ("dataset (kroniek/data)" if name.startswith("kroniek/data/") else
                "annotation scheme (kroniek/annotations)" if name.startswith("kroniek/annotations/")
                else "library (kroniek)" if name.startswith("kroniek/") else
                "baselines (kroniek_baselines)" if name.startswith("kroniek_baselines/") else
                "metadata and licences (dist-info)")
        parts[part] += 1
        sizes[part] += info.file_size
    return {part: (parts[part], sizes[part]) for part in sorted(parts)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cold", action="store_true", help="install with --no-cache-dir")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kroniek-install-") as name:
        tmp = Path(name)
        start = time.perf_counter()
        sdist, wheel = build_dists(tmp / "dist", isolated=True)
        built = time.perf_counter() - start

        start, cpu = time.perf_counter(), cpu_seconds()
        python = fresh_venv(tmp / "venv")
        command = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                   "--disable-pip-version-check", f"{wheel}[baselines]"]
        if args.cold:
            command.insert(-1, "--no-cache-dir")
        subprocess.run(command, check=True)
        installed, installed_cpu = time.perf_counter() - start, cpu_seconds() - cpu

        work = tmp / "work"
        work.mkdir()
        env = environment(tmp)
        start = time.perf_counter()
        out = subprocess.run([str(python), "-c", FIRST_LOAD], cwd=work, env=env, check=True,
                             capture_output=True, text=True).stdout.split()
        first = time.perf_counter() - start
        figures = {
            "wheel": wheel.name, "wheel_bytes": wheel.stat().st_size,
            "sdist_bytes": sdist.stat().st_size, "build_seconds": round(built, 1),
            "install_seconds": round(installed, 1), "cold": args.cold,
            "install_cpu_seconds": round(installed_cpu, 1),
            "load_average": round(os.getloadavg()[0], 1), "cpus": os.cpu_count(),
            "first_load_process_seconds": round(first, 1),
            "first_load_seconds": float(out[2]), "first_load_dataset_seconds": float(out[3]),
            "test_documents": int(out[0]),
            "install_and_first_load_seconds": round(installed + first, 1),
            "contents": {part: {"files": n, "bytes": size}
                         for part, (n, size) in contents(wheel).items()},
        }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{figures['wheel']}: {figures['wheel_bytes'] / 1e6:.2f} MB (goal: under 20 MB); "
          f"sdist {figures['sdist_bytes'] / 1e6:.2f} MB; build {figures['build_seconds']} s")
    for part, row in figures["contents"].items():
        print(f"  {part:42} {row['files']:4} files {row['bytes'] / 1e3:9.1f} kB uncompressed")
    print(f"fresh venv + pip install kroniek[baselines]{' (no pip cache)' * args.cold}: "
          f"{figures['install_seconds']} s ({figures['install_cpu_seconds']} s of processor time; "
          f"load average {figures['load_average']} on {figures['cpus']} cores); "
          f"first kroniek.load() process "
          f"{figures['first_load_process_seconds']} s (load {figures['first_load_seconds']} s, "
          f"then load_dataset {figures['first_load_dataset_seconds']} s); together "
          f"{figures['install_and_first_load_seconds']} s (goal: under 120 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
