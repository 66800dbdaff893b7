"""``kroniek labelstudio serve``: a local Label Studio for annotating, set up once.

Everything lives under the git-ignored ``.labelstudio/`` folder: the SQLite database and
uploads in ``data/``, the server's log in ``server.log``, and ``credentials.json`` (mode
0600) with the administrator's e-mail, password and API token, generated on the first
start. Label Studio is started with ``--enable-legacy-api-token`` and that preset token,
so the same ``LABEL_STUDIO_API_KEY`` works for every later start.

:func:`start`, :func:`wait_until_up` and :func:`stop` are also what the tests use to run a
throw-away server.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, TextIO

from ..errors import KroniekError, Problem
from .client import KEY_VARIABLE, URL_VARIABLE

HOME = Path(".labelstudio")
DEFAULT_PORT = 8080
ADMIN = "admin@kroniek.local"
START_TIMEOUT = 240.0

# Keep a local server off the network: no version check against PyPI, no analytics, no
# error reports to Label Studio's Sentry.
QUIET_ENVIRONMENT = {
    "LATEST_VERSION_CHECK": "false",
    "COLLECT_ANALYTICS": "false",
    "SENTRY_DSN": "",
    "FRONTEND_SENTRY_DSN": "",
    "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
    # Label Studio refuses to call ML backends on reserved addresses. Allow only this
    # machine (loopback), where 'kroniek labelstudio backend' listens; private networks,
    # link-local and the rest stay banned.
    "USE_DEFAULT_BANNED_SUBNETS": "false",
    "USER_ADDITIONAL_BANNED_SUBNETS": ",".join([
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::ffff:0:0/96", "fc00::/7", "fe80::/10", "ff00::/8"]),
}


@dataclass(frozen=True)
class Credentials:
    """The administrator of a local server."""

    username: str
    password: str
    token: str

    def __repr__(self) -> str:
        return f"Credentials(username={self.username!r}, password=..., token=...)"

    @classmethod
    def generate(cls, username: str = ADMIN) -> "Credentials":
        return cls(username, secrets.token_urlsafe(12), secrets.token_hex(20))


def load_or_create_credentials(home: Path) -> tuple[Credentials, bool]:
    """The credentials in ``home/credentials.json``, created (0600) if absent; and
    whether they were created now."""
    path = home / "credentials.json"
    if path.exists():
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return Credentials(raw["username"], raw["password"], raw["token"]), False
        except (ValueError, KeyError, TypeError):
            raise KroniekError(Problem("not the credentials file 'kroniek labelstudio serve' "
                                       "writes; delete the .labelstudio folder to start over",
                                       file=str(path))) from None
    if (home / "data").exists() and any((home / "data").iterdir()):
        raise KroniekError(Problem("a Label Studio database is here but credentials.json is "
                                   "gone, so its token is unknown; delete the .labelstudio "
                                   "folder to start over", file=str(home)))
    home.mkdir(parents=True, exist_ok=True)
    os.chmod(home, 0o700)
    creds = Credentials.generate()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(asdict(creds), handle, indent=2)
        handle.write("\n")
    return creds, True


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether nothing listens on ``port``. SO_REUSEADDR, as servers set it, so that
    connections in TIME-WAIT after a restart do not count as "in use"."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def executable() -> str:
    """The ``label-studio`` program of this Python environment."""
    beside = Path(sys.executable).with_name("label-studio")
    found = str(beside) if beside.exists() else shutil.which("label-studio")
    if not found:
        raise KroniekError("the label-studio program is not installed in this environment: "
                           "pip install 'label-studio>=1.20' (or: pip install -e '.[dev]')")
    return found


def start(*, data_dir: Path, port: int, credentials: Credentials, log: Path,
          host: str = "127.0.0.1") -> subprocess.Popen:
    """Start ``label-studio`` in its own process group, output to ``log``.

    The administrator's e-mail, password and token go in through the environment
    (``LABEL_STUDIO_USERNAME``, ``_PASSWORD``, ``_USER_TOKEN``, which Label Studio reads),
    never on the command line, where ``ps`` would show them to every user.
    """
    if not port_free(port, host):
        raise KroniekError(f"port {port} on {host} is in use (another Label Studio?); "
                           "pick another with --port")
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [executable(), "start", "--no-browser", "--data-dir", str(data_dir),
               "-p", str(port), "--internal-host", host, "--enable-legacy-api-token"]
    env = {**os.environ, **QUIET_ENVIRONMENT, "LABEL_STUDIO_USERNAME": credentials.username,
           "LABEL_STUDIO_PASSWORD": credentials.password,
           "LABEL_STUDIO_USER_TOKEN": credentials.token}
    with open(log, "ab") as out:
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, env=env, start_new_session=True)


def answers(url: str, timeout: float = 2.0) -> bool:
    """Whether a Label Studio at ``url`` answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _last_line(log: Path) -> str:
    try:
        lines = [l for l in log.read_text(encoding="utf-8", errors="replace").splitlines() if l.strip()]
    except OSError:
        return ""
    return lines[-1].strip()[:300] if lines else ""


def wait_until_up(process: subprocess.Popen, url: str, *, log: Path,
                  timeout: float = START_TIMEOUT, tick: Callable[[], None] | None = None) -> None:
    """Poll ``url`` until it answers; a clear error if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while not answers(url):
        if process.poll() is not None:
            raise KroniekError(Problem(f"Label Studio stopped while starting (exit status "
                                       f"{process.returncode}); last log line: {_last_line(log)}",
                                       file=str(log)))
        if time.monotonic() > deadline:
            stop(process)
            raise KroniekError(Problem(f"Label Studio did not answer at {url} within "
                                       f"{timeout:g} s; see the log", file=str(log)))
        if tick:
            tick()
        time.sleep(1.0)


def stop(process: subprocess.Popen, *, grace: float = 15.0) -> None:
    """Terminate the server's whole process group, then kill it if it lingers."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def serve(*, port: int = DEFAULT_PORT, home: Path = HOME, host: str = "127.0.0.1",
          out: TextIO | None = None) -> int:
    """Run a local Label Studio until Ctrl-C; prints how to reach it."""
    out = out or sys.stdout
    home = Path(home)
    if not port_free(port, host):
        raise KroniekError(f"port {port} on {host} is in use (another Label Studio?); "
                           "pick another with --port")
    credentials, created = load_or_create_credentials(home)
    log = home / "server.log"
    url = f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}"
    # Ctrl-C, and a plain kill, stop the server cleanly (even when started in the background).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    process = start(data_dir=home / "data", port=port, credentials=credentials, log=log, host=host)
    try:
        print(f"starting Label Studio on {url} (data in {home}/data, log in {log}); "
              "the first start takes a minute", end="", file=out, flush=True)
        wait_until_up(process, url, log=log, tick=lambda: print(".", end="", file=out, flush=True))
        print(" ready.\n", file=out)
        print(f"Open {url} and log in as {credentials.username}", file=out)
        if created:
            print(f"  password: {credentials.password}   (shown once; it is also in "
                  f"{home}/credentials.json, readable only by you)", file=out)
        else:
            print(f"  (password in {home}/credentials.json)", file=out)
        print("\nIn another terminal, for 'kroniek labelstudio push' and 'pull':\n", file=out)
        print(f"export {URL_VARIABLE}={url}", file=out)
        print(f"export {KEY_VARIABLE}={credentials.token}", file=out)
        print("\nPress Ctrl-C to stop the server.", file=out, flush=True)
        process.wait()
        raise KroniekError(Problem(f"Label Studio stopped (exit status {process.returncode}); "
                                   f"last log line: {_last_line(log)}", file=str(log)))
    except KeyboardInterrupt:
        print("\nstopping Label Studio ...", end="", file=out, flush=True)
        stop(process)
        print(" stopped.", file=out)
        return 0
    finally:
        stop(process)
