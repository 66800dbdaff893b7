"""Build Kroniek's wheel and sdist, and install the wheel into a fresh virtual environment.

Shared by the installed-wheel test (``tests/test_wheel.py``, part of ``make test``) and
the install benchmark (``scripts/install_benchmark.py``):

- :func:`build_dists` runs ``python -m build`` (an sdist, then the wheel built from it);
- :func:`fresh_venv` makes a virtual environment without Kroniek in it;
- :func:`install` puts the wheel there, either with every dependency from the package
  registry (the benchmark: what a user's ``pip install`` does) or ``--no-deps`` on top of
  :func:`reuse_dependencies` (the test: the already installed dependencies of this
  environment, without the clone's own ``kroniek``, so the suite stays fast);
- :func:`environment` gives the variables to run it with: home, caches and working
  folder in the temporary folder, no ``PYTHONPATH``, and the network proxied to a closed
  port, so that a look-up on the Hugging Face Hub fails at once instead of passing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Entries of an environment's site-packages that belong to the clone's own (editable)
# install: never carried into the fresh environment.
OWN = ("kroniek", "kroniek_baselines", "__editable__")


def build_dists(outdir: Path, *, isolated: bool = False) -> tuple[Path, Path]:
    """``python -m build`` into ``outdir``: the sdist, and the wheel built from it.
    Not ``isolated``, the build reuses this environment's setuptools (no download)."""
    command = [sys.executable, "-m", "build", "--outdir", str(outdir), str(ROOT)]
    if not isolated:
        command.insert(3, "--no-isolation")
    subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    (sdist,) = outdir.glob("kroniek-*.tar.gz")
    (wheel,) = outdir.glob("kroniek-*.whl")
    return sdist, wheel


def fresh_venv(folder: Path) -> Path:
    """A new virtual environment in ``folder`` (from the base interpreter); its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    return folder / "bin" / "python"


def site_packages(python: Path) -> Path:
    out = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                         check=True, capture_output=True, text=True)
    return Path(out.stdout.strip())


def reuse_dependencies(python: Path, farm: Path) -> None:
    """Make this environment's installed packages, less Kroniek's own, importable in the
    venv of ``python``: links to them in ``farm``, named by a ``.pth`` file."""
    farm.mkdir(parents=True, exist_ok=True)
    ours = Path(sysconfig.get_path("purelib"))
    for entry in ours.iterdir():
        name = entry.name.lower()
        if name.startswith(OWN) or name.endswith(".pth") or name == "__pycache__":
            continue
        (farm / entry.name).symlink_to(entry)
    (site_packages(python) / "kroniek-test-dependencies.pth").write_text(f"{farm}\n")


def install(python: Path, wheel: Path, *, deps: bool, extra: str = "baselines") -> None:
    """``pip install`` the wheel into the venv of ``python``: with its dependencies from the
    package registry, or ``--no-deps`` (after :func:`reuse_dependencies`)."""
    target = f"{wheel}[{extra}]" if extra else str(wheel)
    command = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
               "--disable-pip-version-check"]
    command += [target] if deps else ["--no-deps", "--no-index", target]
    subprocess.run(command, check=True, capture_output=True, text=True)


def environment(tmp: Path) -> dict[str, str]:
    """Variables for commands run in the fresh venv: nothing points into the clone."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "KRONIEK_", "HF_", "VIRTUAL_ENV"))}
    closed = "http://127.0.0.1:9"
    env.update(HOME=str(tmp / "home"), XDG_CACHE_HOME=str(tmp / "cache"),
               HF_HOME=str(tmp / "hf"), HTTP_PROXY=closed, HTTPS_PROXY=closed,
               http_proxy=closed, https_proxy=closed, NO_PROXY="", no_proxy="",
               OMP_NUM_THREADS="1")
    return env
