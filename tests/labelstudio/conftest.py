"""A real Label Studio server, started once per test session.

The server runs on 127.0.0.1 on a free port with its data in a temporary folder and a
preset legacy API token; it is stopped (its whole process group) when the session ends.
Each test works in its own project, so tests do not see each other's tasks.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

from kroniek.errors import KroniekError
from kroniek.labelstudio import server

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class LabelStudioServer:
    url: str
    token: str
    log: Path
    pid: int = 0
    password: str = ""

    def env(self, **extra: str) -> dict[str, str]:
        """An environment for a ``kroniek`` subprocess talking to this server."""
        return {**os.environ, "LABEL_STUDIO_URL": self.url, "LABEL_STUDIO_API_KEY": self.token,
                **extra}

    def client(self):
        from kroniek.labelstudio.client import connect

        return connect(self.url, self.token)


def _run_server(data: Path, credentials: server.Credentials, log: Path):
    port = server.free_port()
    process = server.start(data_dir=data, port=port, credentials=credentials, log=log)
    url = f"http://127.0.0.1:{port}"
    try:
        server.wait_until_up(process, url, log=log, timeout=300)
    except BaseException:
        server.stop(process)
        raise
    return process, url


def _template(config, log: Path) -> tuple[Path, server.Credentials] | None:
    """A freshly migrated, empty Label Studio data folder kept in pytest's cache.

    Migrating a new SQLite database is most of Label Studio's start-up time (a minute on
    a busy two-core machine); a copy of an empty, migrated one starts in seconds. Built on
    the first run (start, stop, keep), per Label Studio version.
    """
    from importlib.metadata import version

    if getattr(config, "cache", None) is None:
        return None
    folder = Path(config.cache.mkdir(f"labelstudio-{version('label-studio')}"))
    ready = folder / "credentials.json"
    if not ready.exists():
        shutil.rmtree(folder / "data", ignore_errors=True)
        credentials = server.Credentials.generate("admin@test.local")
        process, _ = _run_server(folder / "data", credentials, log)
        server.stop(process)
        ready.write_text(json.dumps(asdict(credentials)), encoding="utf-8")
    raw = json.loads(ready.read_text(encoding="utf-8"))
    return folder / "data", server.Credentials(**raw)


@pytest.fixture(scope="session")
def label_studio(tmp_path_factory, pytestconfig) -> LabelStudioServer:
    try:
        server.executable()
    except Exception as error:  # label-studio is a dev extra
        pytest.skip(f"Label Studio is not installed: {error}")
    home = tmp_path_factory.mktemp("labelstudio")
    log = home / "server.log"
    credentials = server.Credentials.generate("admin@test.local")
    template = _template(pytestconfig, log)
    if template is not None:
        shutil.copytree(template[0], home / "data")
        try:
            process, url = _run_server(home / "data", template[1], log)
            credentials = template[1]
        except KroniekError:   # a damaged template: forget it, start from scratch
            shutil.rmtree(template[0].parent, ignore_errors=True)
            shutil.rmtree(home / "data")
            template = None
    if template is None:
        process, url = _run_server(home / "data", credentials, log)
    try:
        yield LabelStudioServer(url, credentials.token, log, process.pid, credentials.password)
    finally:
        server.stop(process)


_titles = itertools.count(1)


@pytest.fixture
def project_title(request) -> str:
    """A project title no other test uses."""
    return f"test {next(_titles)} {request.node.name}"[:50]


def _run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
         timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kroniek.cli", *args], capture_output=True,
                          text=True, env=env, cwd=cwd or ROOT, timeout=timeout)


@pytest.fixture
def kroniek():
    """Run the ``kroniek`` command line as a user would: ``kroniek("labelstudio", "pull")``."""
    return _run
