"""A description of the machine and software the benchmark ran on."""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata

PACKAGES = ("kroniek", "spacy", "numpy", "scikit-learn", "pyarrow", "datasets", "seqeval",
            "nervaluate", "label-studio-sdk", "ijson")


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def describe() -> dict[str, str]:
    """CPU, cores, memory, OS, Python and package versions, load at the start."""
    info = {"CPU": cpu_model(),
            "cores": f"{len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()}"
                     f" usable ({os.cpu_count()} online)"}
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        info["memory"] = f"{pages / 2 ** 30:.1f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    info["OS"] = f"{platform.system()} {platform.release()}"
    info["Python"] = f"{platform.python_implementation()} {sys.version.split()[0]}"
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    info["packages"] = ", ".join(versions)
    if hasattr(os, "getloadavg"):
        info["load average at start"] = " / ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1/5/15 min)"
    if os.environ.get("OPENBLAS_CORETYPE"):
        info["OPENBLAS_CORETYPE"] = os.environ["OPENBLAS_CORETYPE"]
    return info
