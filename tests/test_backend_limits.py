"""The ML backend cannot be knocked over: every request beyond a limit is a 4xx with one
line of JSON, a burst is queued rather than reset, a silent client is dropped, a long
text is predicted piece by piece, logs are escaped, and a shared secret guards it when
it listens beyond this machine.

A real server (``floor.v1``, the fastest system) on a free loopback port, spoken to
over raw sockets so that malformed requests can be sent as they are.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from kroniek.errors import KroniekError
from kroniek.labelstudio import chunks
from kroniek.labelstudio.backend import Limits, make_server

LIMITS = Limits(body=64 * 1024, text=20_000, tasks=3, depth=16, timeout=0.5, workers=4,
                queue=64)


def serve(**kwargs):
    server = make_server("floor.v1", port=0, limits=kwargs.pop("limits", LIMITS), **kwargs)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def backend():
    server = serve(quiet=True)
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def ask(port: int, request: bytes, *, timeout: float = 30) -> tuple[int, str]:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.read().decode("utf-8")


def post(body: bytes, *, headers: bytes = b"") -> bytes:
    return (b"POST /predict HTTP/1.1\r\nContent-Length: %d\r\n" % len(body) + headers
            + b"\r\n" + body)


def tasks(*texts: str) -> bytes:
    return json.dumps({"tasks": [{"data": {"text": t}} for t in texts]}).encode()


def one_json_line(body: str) -> str:
    assert "\n" not in body.strip()
    return json.loads(body)["error"]


@pytest.mark.parametrize("request_bytes, status, phrase", [
    (b"POST /predict HTTP/1.1\r\nContent-Length: -1\r\n\r\n" + b"x" * 100, 400,
     "is not a length"),
    (b"POST /predict HTTP/1.1\r\nContent-Length: 12abc\r\n\r\n", 400, "is not a length"),
    (b"POST /predict HTTP/1.1\r\n\r\n{}", 411, "needs a Content-Length"),
    (b"POST /predict HTTP/1.1\r\nContent-Length: 150000000\r\n\r\n", 413, "at most 65,536"),
    (post(b"[" * 5000 + b"]" * 5000), 400, "nested more than 16 levels"),
    (post(b'{"tasks": ' + b"[" * 20 + b"]" * 20 + b"}"), 400, "nested more than 16 levels"),
    (post(tasks("a", "b", "c", "d")), 413, "4 tasks in one request; at most 3"),
    (post(tasks("x" * 15_000, "y" * 15_000)), 413, "30,000 characters of text"),
    (post(b'{"tasks": [{"data": {"start": 1' + b"0" * 5000 + b'}}]}'), 400, "not JSON"),
    (post(b"\xff\xfe{}"), 400, "not JSON"),
    (post(b'{"tasks": 5}'), 400, "expected"),
    (b"BREW /pot HTTP/1.1\r\n\r\n", 501, "Unsupported method"),
])
def test_a_request_beyond_a_limit_is_a_4xx_with_one_json_line(backend, request_bytes, status,
                                                              phrase):
    got, body = ask(backend, request_bytes)
    assert got == status and phrase in one_json_line(body), body
    # ... and the server still answers
    assert ask(backend, post(tasks("Het leger rukte op naar Kirkuk.")))[0] == 200


def test_a_silent_client_is_dropped_after_the_timeout(backend):
    with socket.create_connection(("127.0.0.1", backend), timeout=10) as sock:
        sock.sendall(b"POST /predict HTTP/1.1\r\nContent-Length: 100\r\n\r\n{")  # half a request
        began = time.monotonic()
        leftover = sock.recv(1000)  # the server answers or closes; it does not wait forever
        assert time.monotonic() - began < 5
    assert leftover == b"" or b"HTTP/1.0 4" in leftover


def test_half_sent_requests_do_not_lock_out_a_real_one():
    server = serve(quiet=True, limits=Limits(timeout=1.0, connections=64, workers=2, queue=64))
    port = server.server_address[1]
    idle = []
    try:
        for _ in range(40):  # more than the workers, fewer than the connections
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(b"POST /predict HTTP/1.1\r\nContent-Length: 100\r\n\r\n{")
            idle.append(sock)
        began = time.monotonic()
        assert ask(port, post(tasks("Het leger rukte op naar Kirkuk.")))[0] == 200
        assert time.monotonic() - began < 1.0  # answered at once, not after the timeouts
    finally:
        for sock in idle:
            sock.close()
        server.shutdown()
        server.server_close()


def test_a_burst_of_50_connections_is_queued_not_reset(backend):
    def one(_):
        try:
            return ask(backend, post(tasks("Het leger rukte op naar Kirkuk.")))[0]
        except ConnectionResetError:
            return "reset"

    with ThreadPoolExecutor(50) as pool:
        statuses = list(pool.map(one, range(100)))
    assert statuses == [200] * 100


def test_a_long_text_is_predicted_in_pieces_with_offsets_into_the_whole_text(backend):
    text = "Het leger rukte op naar Kirkuk. " * 600  # 19,200 characters
    limits = Limits(text=50_000, timeout=5)
    server = serve(quiet=True, limits=limits)
    try:
        old, chunks.PIECE = chunks.PIECE, 5_000
        status, body = ask(server.server_address[1], post(tasks(text)))
    finally:
        chunks.PIECE = old
        server.shutdown()
        server.server_close()
    results = json.loads(body)["results"][0]["result"]
    labels = [r for r in results if r["type"] == "labels"]
    assert status == 200 and len(labels) == 600  # every Kirkuk, in every piece
    assert all(text[r["value"]["start"]:r["value"]["end"]] == "Kirkuk" for r in labels)
    assert len({r["id"] for r in labels}) == 600


def test_pieces_cover_the_text_and_cut_at_breaks():
    text = "Eerste alinea. Nog een zin.\n\nTweede alinea hier.\n\n" * 50
    parts = list(chunks.pieces(text, size=100))
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= 100 for _, p in parts)
    assert all(text[o:o + len(p)] == p for o, p in parts)
    assert all(p.endswith("\n\n") for _, p in parts[:-1])
    assert list(chunks.pieces("kort")) == [(0, "kort")]


def test_control_characters_in_a_request_are_escaped_in_the_log(capsys):
    server = serve()
    try:
        status, _ = ask(server.server_address[1], b"GET /\x1b[2J\x07 HTTP/1.1\r\n\r\n")
    finally:
        server.shutdown()
        server.server_close()
    log = capsys.readouterr().err
    assert status == 404 and "\x1b" not in log and "\x07" not in log
    assert "\\x1b[2J\\x07" in log


def test_a_shared_secret_is_checked_and_required_beyond_loopback():
    with pytest.raises(KroniekError, match="without a shared secret"):
        make_server("floor.v1", host="0.0.0.0", port=0)
    server = serve(quiet=True, user="ls", password="s3cret")
    port = server.server_address[1]
    good = b"Authorization: Basic " + base64.b64encode(b"ls:s3cret") + b"\r\n"
    bad = b"Authorization: Basic " + base64.b64encode(b"ls:guess") + b"\r\n"
    try:
        assert ask(port, b"GET /health HTTP/1.1\r\n\r\n")[0] == 401
        assert ask(port, post(tasks("a"), headers=bad))[0] == 401
        assert ask(port, b"GET /health HTTP/1.1\r\n" + good + b"\r\n")[0] == 200
        assert ask(port, post(tasks("Het leger."), headers=good))[0] == 200
    finally:
        server.shutdown()
        server.server_close()
