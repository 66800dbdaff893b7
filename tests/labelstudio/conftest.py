"""A real Label Studio server, started once per test session.

The server runs on 127.0.0.1 on a free port with its data in a temporary folder and a
preset legacy API token; it is stopped (its whole process group) when the session ends.
Each test works in its own project, so tests do not see each other's tasks.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from kroniek.labelstudio import server

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class LabelStudioServer:
    url: str
    token: str
    log: Path

    def env(self, **extra: str) -> dict[str, str]:
        """An environment for a ``kroniek`` subprocess talking to this server."""
        return {**os.environ, "LABEL_STUDIO_URL": self.url, "LABEL_STUDIO_API_KEY": self.token,
                **extra}

    def client(self):
        from kroniek.labelstudio.client import connect

        return connect(self.url, self.token)


@pytest.fixture(scope="session")
def label_studio(tmp_path_factory) -> LabelStudioServer:
    try:
        server.executable()
    except Exception as error:  # label-studio is a dev extra
        pytest.skip(f"Label Studio is not installed: {error}")
    home = tmp_path_factory.mktemp("labelstudio")
    port = server.free_port()
    credentials = server.Credentials.generate("admin@test.local")
    log = home / "server.log"
    process = server.start(data_dir=home / "data", port=port, credentials=credentials, log=log)
    try:
        url = f"http://127.0.0.1:{port}"
        server.wait_until_up(process, url, log=log, timeout=300)
        yield LabelStudioServer(url, credentials.token, log)
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
