"""Headless Chromium: dump a page's DOM after its scripts ran, or take a screenshot.

Used by ``kroniek show --screenshot`` and the browser test. Each run gets a fresh profile
in a temporary folder and flags that keep Chromium off the network (no updates, sync or
background requests), so it works offline and leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path

from kroniek.errors import KroniekError, Problem

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync",
                  "--disable-quic", "--hide-scrollbars")
INSTALL_HINT = "chromium not installed: apt-get install chromium, or run scripts/install_system_tools.sh"


def find_chromium() -> str | None:
    """Path of a Chromium-family browser on PATH, or ``None``."""
    import shutil
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def run_chromium(page: Path, *actions: str, hover: str | None = None, timeout: float = 90) -> str:
    """Run headless Chromium on ``page`` with ``actions`` (e.g. ``--dump-dom``) and a fresh
    profile; its stdout. ``hover`` (an element key such as ``g:e2``) opens the page as if
    that mention were hovered. Raises :class:`KroniekError` when Chromium is missing or fails."""
    import subprocess
    import tempfile
    from urllib.parse import quote
    browser = find_chromium()
    if browser is None:
        raise KroniekError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="kroniek-chromium-") as profile:
        argv = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *actions,
                Path(page).resolve().as_uri() + (f"#hover={quote(hover)}" if hover else "")]
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise KroniekError(f"chromium did not finish within {timeout:.0f} s") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise KroniekError(f"chromium failed (exit {done.returncode}): {last}")
    return done.stdout


def screenshot(page: Path, png: Path, *, width: int = 1280, height: int = 2000,
               hover: str | None = None) -> None:
    """Save a ``width`` x ``height`` screenshot of the HTML file ``page`` to ``png``
    (with ``hover``, as if that element key were hovered)."""
    png = Path(png).resolve()
    png.parent.mkdir(parents=True, exist_ok=True)
    run_chromium(page, f"--screenshot={png}", f"--window-size={width},{height}", hover=hover)
    if not png.exists():
        raise KroniekError(Problem("chromium wrote no screenshot", file=str(png)))
