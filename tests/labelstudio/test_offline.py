"""Failures that need no Label Studio server: each is one clear line, exit status 1."""

from __future__ import annotations

import json
import os
import socket
import stat

import pytest

from kroniek.errors import KroniekError
from kroniek.labelstudio import server
from kroniek.labelstudio.client import settings


def one_line_error(result) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def env_for(url: str) -> dict[str, str]:
    return {**os.environ, "LABEL_STUDIO_URL": url, "LABEL_STUDIO_API_KEY": "x" * 40}


def test_server_down(kroniek, tmp_path):
    url = f"http://127.0.0.1:{server.free_port()}"
    for action in ("push", "pull"):
        line = one_line_error(kroniek("labelstudio", action, env=env_for(url)))
        assert line.startswith(f"kroniek labelstudio: cannot reach Label Studio at {url}")
        assert "is the server running?" in line and "x" * 40 not in line


def test_server_that_never_answers_times_out(kroniek):
    with socket.socket() as silent:   # accepts connections (backlog) but never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        result = kroniek("labelstudio", "pull", "--timeout", "1", env=env_for(url), timeout=60)
    line = one_line_error(result)
    assert f"Label Studio at {url} did not answer within 1 s" in line


@pytest.mark.parametrize("environ, expected", [
    ({}, "LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY are not set"),
    ({"LABEL_STUDIO_URL": "http://h:1"}, "LABEL_STUDIO_API_KEY is not set"),
    ({"LABEL_STUDIO_URL": "localhost:8080", "LABEL_STUDIO_API_KEY": "k"}, "is not a URL"),
])
def test_settings(environ, expected):
    with pytest.raises(KroniekError, match=expected):
        settings(environ)


def test_settings_strip_the_trailing_slash():
    assert settings({"LABEL_STUDIO_URL": "http://h:1/", "LABEL_STUDIO_API_KEY": "k"}) == \
        ("http://h:1", "k")


def test_credentials_are_private_and_reused(tmp_path):
    home = tmp_path / ".labelstudio"
    first, created = server.load_or_create_credentials(home)
    assert created and len(first.token) == 40
    path = home / "credentials.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert json.loads(path.read_text())["token"] == first.token
    again, created = server.load_or_create_credentials(home)
    assert again == first and not created
    assert first.token not in repr(first) and first.password not in repr(first)


def test_lost_credentials_with_a_database_are_refused(tmp_path):
    home = tmp_path / ".labelstudio"
    (home / "data").mkdir(parents=True)
    (home / "data" / "label_studio.sqlite3").write_bytes(b"")
    with pytest.raises(KroniekError, match="credentials.json is gone"):
        server.load_or_create_credentials(home)


def test_serve_refuses_a_busy_port(kroniek, tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        line = one_line_error(kroniek("labelstudio", "serve", "--port", str(port), "--home",
                                      str(tmp_path / "ls")))
    assert f"port {port} on 127.0.0.1 is in use" in line
    assert not (tmp_path / "ls").exists()


def test_help_of_each_action(kroniek):
    for action in ("serve", "push", "pull"):
        result = kroniek("labelstudio", action, "--help")
        assert result.returncode == 0 and f"kroniek labelstudio {action}" in result.stdout


@pytest.mark.parametrize("url, key, expected", [
    ("http://[::1", "k" * 40, "LABEL_STUDIO_URL='http://[::1' is not a usable URL"),
    ("http://127.0.0.1:1", "tökenSECRET", "LABEL_STUDIO_API_KEY holds a non-ASCII character at "
                                          "position 2"),
    ("http://127.0.0.1:1", "tokenSECRET\nmore", "LABEL_STUDIO_API_KEY holds a line break at "
                                                "position 12"),
    ("http://127.0.0.1:1", "token\x1bSECRET", "LABEL_STUDIO_API_KEY holds a control character"),
])
def test_bad_settings_are_one_line_without_the_token(kroniek, url, key, expected):
    env = {**os.environ, "LABEL_STUDIO_URL": url, "LABEL_STUDIO_API_KEY": key}
    for action in ("push", "pull"):
        line = one_line_error(kroniek("labelstudio", action, env=env))
        assert expected in line and "SECRET" not in line


def test_a_port_in_time_wait_is_free():
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = listener.accept()
        accepted.close()            # the server side closes first: its port goes to TIME-WAIT
        client.recv(1)
        client.close()
    assert server.port_free(port)


def test_serve_passes_credentials_through_the_environment(tmp_path, monkeypatch):
    seen = {}

    class Popen:
        def __init__(self, command, **kwargs):
            seen.update(command=command, env=kwargs["env"])

    monkeypatch.setattr(server.subprocess, "Popen", Popen)
    monkeypatch.setattr(server, "executable", lambda: "label-studio")
    creds = server.Credentials.generate()
    server.start(data_dir=tmp_path / "d", port=server.free_port(), credentials=creds,
                 log=tmp_path / "log")
    command = " ".join(seen["command"])
    assert creds.password not in command and creds.token not in command
    assert seen["env"]["LABEL_STUDIO_PASSWORD"] == creds.password
    assert seen["env"]["LABEL_STUDIO_USER_TOKEN"] == creds.token


def test_serve_in_a_read_only_place_is_one_line(kroniek, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root ignores permissions")
    tmp_path.chmod(0o555)
    try:
        line = one_line_error(kroniek("labelstudio", "serve", "--port", str(server.free_port()),
                                      "--home", str(tmp_path / "ls")))
    finally:
        tmp_path.chmod(0o755)
    assert "permission denied" in line and "chmod u+w" in line
