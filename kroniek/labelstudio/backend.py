"""``kroniek labelstudio backend --system NAME``: live pre-annotation as a Label Studio ML
backend.

Label Studio asks a connected ML backend for suggestions over a small JSON protocol:
``GET /health`` (is it up?), ``POST /setup`` (which model version?), ``POST /predict``
(``{"tasks": [...]}`` in, ``{"results": [{"result": [...], "model_version": ...}, ...]}``
out, one per task, in order) and ``POST /webhook`` (event notices, ignored here). This
module serves a registered system over that protocol, with ``model_version`` = the
system's versioned id, so predictions made live and those of ``push --predictions`` are
the same thing.

Why not the ``label-studio-ml`` package: it pins Flask 1.1 (which does not install beside
current Werkzeug) and was last released in 2023, while the protocol is four small JSON
endpoints. The standard library's :mod:`http.server` serves them with no new dependency.

Nothing a client sends can knock the server over (see :class:`Limits`):

- a request needs a ``Content-Length`` of at most ``body`` bytes (411 without one, 400
  for a negative or malformed one, 413 beyond it, answered before reading the body);
- the JSON may nest at most ``depth`` levels, hold at most ``tasks`` tasks and
  ``text`` characters of task text in all (400 / 413); every refusal is a 4xx whose body
  is one line of JSON, ``{"error": "..."}``;
- a connection that sends nothing for ``timeout`` seconds is closed (and a body must
  arrive within ``6 * timeout``); at most ``connections`` are open at once, further ones
  wait in a listen queue of ``queue`` (a burst of 50 at once is served, not reset); at
  most ``workers`` requests are parsed and predicted at once, so clients that send
  slowly hold a cheap waiting thread, not a worker;
- a text longer than an article is predicted piece by piece (:mod:`.chunks`), so small
  requests are answered in between;
- request lines reach the log with control characters escaped.

It listens on 127.0.0.1. To listen on another address it needs a shared secret: Label
Studio's ML backend basic-auth settings (``basic_auth_user``/``basic_auth_pass``, in the
project's Model settings), given here as ``--auth-user`` and the password in the
environment variable ``KRONIEK_BACKEND_PASSWORD`` (never on the command line, where other
users of the machine can read it). Every request must then carry that HTTP Basic
authorization (401 otherwise).
"""

from __future__ import annotations

import base64
import hmac
import ipaddress
import json
import os
import socket
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn
from typing import Any, TextIO

from .. import schema
from ..convert import document_to_results
from ..documents import new_document
from ..errors import KroniekError, printable
from . import chunks, systems

PASSWORD_VARIABLE = "KRONIEK_BACKEND_PASSWORD"


@dataclass(frozen=True)
class Limits:
    """What one request may take, and how many are served at once."""

    body: int = 16 * 1024 * 1024  # bytes of JSON
    text: int = 1_000_000  # characters of task text, all tasks of a request together
    tasks: int = 100  # tasks per /predict request
    depth: int = 64  # lists and objects inside each other (a task needs about 5)
    timeout: float = 10.0  # seconds a connection may stay silent
    connections: int = 512  # connections open at once, each a thread mostly waiting on it
    workers: int = 8  # requests parsed and predicted at once
    queue: int = 128  # connections waiting to be accepted


class Refused(Exception):
    """A request the backend answers with a 4xx and a one-line JSON error."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Predictor:
    """A system and the lock that keeps it to one prediction at a time.

    Long texts are predicted piece by piece (:mod:`.chunks`), taking the lock per piece,
    and one long text at a time, so that short requests are served between the pieces.
    """

    def __init__(self, name: str):
        # Available here, and fitted on the dataset's train split when it learns.
        self.system = systems.prepared(name)
        self.version = self.system.id()
        self.lock = threading.Lock()
        self.long = threading.Lock()
        # Lazy word lists and pipelines are loaded now, not in the first request.
        self.system.predict([new_document("warm-up", "Het leger rukte op naar Kirkuk.")])

    def _document(self, doc_id: str, text: str) -> dict:
        if len(text) <= chunks.PIECE:
            with self.lock:
                return self.system.predict([new_document(doc_id, text)])[0]
        predicted = []
        with self.long:
            for offset, piece in chunks.pieces(text):
                with self.lock:
                    predicted.append((offset, self.system.predict([new_document("p", piece)])[0]))
        return chunks.joined(doc_id, text, predicted)

    def predict(self, tasks: list[Any]) -> list[dict]:
        """One ``{"result", "score", "model_version"}`` per task, in order."""
        results: list[list[dict]] = []
        for n, task in enumerate(tasks):
            data = task.get("data") if isinstance(task, dict) else None
            if isinstance(data, dict) and isinstance(data.get(schema.TEXT), str):
                doc_id = str(data.get(schema.DOCUMENT_ID) or f"task-{task.get('id', n)}")
                results.append(document_to_results(self._document(doc_id, data[schema.TEXT])))
            else:
                results.append([])
        return [{"result": r, "score": None, "model_version": self.version} for r in results]


def _depth(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists and objects at most ``limit`` levels (iteratively)."""
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            if level > limit:
                return False
            stack.extend((child, level + 1)
                         for child in (item.values() if isinstance(item, dict) else item))
    return True


def _tasks(body: Any, limits: Limits) -> list[Any]:
    """The tasks of a /predict body within the limits, or :class:`Refused`."""
    tasks = body.get("tasks") if isinstance(body, dict) else None
    if not isinstance(tasks, list):
        raise Refused(400, 'expected {"tasks": [...]}')
    if len(tasks) > limits.tasks:
        raise Refused(413, f"{len(tasks)} tasks in one request; at most {limits.tasks}")
    size = sum(len(t["data"][schema.TEXT]) for t in tasks if isinstance(t, dict)
               and isinstance(t.get("data"), dict) and isinstance(t["data"].get(schema.TEXT), str))
    if size > limits.text:
        raise Refused(413, f"{size:,} characters of text in one request; at most "
                           f"{limits.text:,}")
    return tasks


class Handler(BaseHTTPRequestHandler):
    predictor: Predictor
    limits: Limits
    auth: bytes | None = None  # the expected Authorization header, when a secret is set
    server_version = "kroniek-ml-backend"

    def setup(self) -> None:
        self.timeout = self.limits.timeout  # StreamRequestHandler applies it to the socket
        super().setup()

    def _send(self, status: int, body: Any, *, close: bool = False) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="kroniek"')
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(data)

    def _refuse(self, error: Refused, *, close: bool = False) -> None:
        self._send(error.status, {"error": " ".join(str(error).split())}, close=close)

    def _authorized(self) -> bool:
        if self.auth is None:
            return True
        given = (self.headers.get("Authorization") or "").encode("latin-1", "replace")
        return hmac.compare_digest(given, self.auth)

    def _length(self) -> int:
        raw = self.headers.get_all("Content-Length") or []
        if not raw:
            raise Refused(411, "a request body needs a Content-Length")
        if len(set(raw)) > 1 or not raw[0].strip().isdigit() or len(raw[0].strip()) > 18:
            raise Refused(400, f"Content-Length {printable(raw[0])[:40]!r} is not a length "
                               "in bytes")
        length = int(raw[0])
        if length > self.limits.body:
            raise Refused(413, f"request of {length:,} bytes; at most {self.limits.body:,}")
        return length

    def send_error(self, code: int, message: str | None = None, explain: str | None = None
                   ) -> None:
        """http.server's own refusals (a malformed request line, headers too long, an
        unsupported method) as one line of JSON too."""
        from http import HTTPStatus

        self.close_connection = True
        try:
            phrase = HTTPStatus(code).phrase if code in HTTPStatus._value2member_map_ else ""
            self._send(code, {"error": printable(message or phrase)[:200]}, close=True)
        except OSError:
            pass

    def _read(self, length: int) -> bytes:
        """``length`` bytes of body, within ``6 * timeout`` seconds in all: a client that
        trickles a large body cannot hold a worker for long."""
        import time

        deadline = time.monotonic() + 6 * self.limits.timeout
        parts, left = [], length
        while left:
            if time.monotonic() > deadline:
                raise Refused(408, "the request body took too long to arrive")
            part = self.rfile.read1(min(left, 1 << 16))
            if not part:
                raise Refused(400, f"the body ended after {length - left:,} of {length:,} bytes")
            parts.append(part)
            left -= len(part)
        return b"".join(parts)

    def _parse(self, data: bytes) -> Any:
        try:
            body = json.loads(data or b"{}")
        except RecursionError:
            raise Refused(400, f"JSON nested more than {self.limits.depth} levels deep") from None
        except ValueError as error:  # bad JSON, bad UTF-8, a number too long
            raise Refused(400, f"not JSON: {str(error).splitlines()[0][:200]}") from None
        if not _depth(body, self.limits.depth):
            raise Refused(400, f"JSON nested more than {self.limits.depth} levels deep")
        return body

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if not self._authorized():
            self._refuse(Refused(401, "authorization required (the backend's basic auth)"))
        elif self.path.rstrip("/") in ("", "/health"):
            self._send(200, {"status": "UP", "model_class": "Kroniek",
                             "model_version": self.predictor.version})
        else:
            self._refuse(Refused(404, f"no {printable(self.path)[:200]}"))

    def do_POST(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0].rstrip("/")
        try:
            if not self._authorized():
                raise Refused(401, "authorization required (the backend's basic auth)")
            data = self._read(self._length())
            with self.server.workers:
                self._answer(path, data)
        except Refused as error:
            # The body was not read (or not all of it): the connection cannot be reused.
            self._refuse(error, close=True)
        except KroniekError as error:
            self._refuse(Refused(400, str(error)), close=True)

    def _answer(self, path: str, data: bytes) -> None:
        body = self._parse(data)
        if path == "/setup":
            self._send(200, {"model_version": self.predictor.version})
        elif path == "/predict":
            tasks = _tasks(body, self.limits)
            self._send(200, {"results": self.predictor.predict(tasks),
                             "model_version": self.predictor.version})
        elif path in ("/webhook", "/validate"):
            self._send(200, {"status": "ok"})
        else:
            raise Refused(404, f"no {printable(path)[:200]}")

    def log_message(self, format: str, *args: Any) -> None:
        print(printable(f"{self.address_string()} {format % args}"), file=sys.stderr)


class Server(ThreadingMixIn, HTTPServer):
    """An HTTP server with a bounded number of connection threads and of workers.

    The accept loop waits for a free connection slot before it accepts the next
    connection, so a burst beyond ``connections`` waits in the kernel's listen queue
    (``request_queue_size``) instead of starting a thread each; a request takes one of
    ``workers`` only once its body has arrived.
    """

    daemon_threads = True
    block_on_close = False

    def __init__(self, address, handler, *, limits: Limits):
        self.request_queue_size = limits.queue
        self.slots = threading.BoundedSemaphore(limits.connections)
        self.workers = threading.BoundedSemaphore(limits.workers)
        super().__init__(address, handler)

    def process_request(self, request, client_address) -> None:
        self.slots.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1 or localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_server(name: str, *, host: str = "127.0.0.1", port: int = 9090,
                quiet: bool = False, limits: Limits = Limits(), user: str | None = None,
                password: str | None = None) -> Server:
    """An HTTP server (not yet serving) for system ``name``; ``serve_forever()`` it.

    With ``password`` every request needs HTTP Basic authorization as ``user``
    (``kroniek`` by default); without one, only a loopback ``host`` is accepted.
    """
    if password is None and not is_loopback(host):
        raise KroniekError(f"refusing to listen on {host} without a shared secret: anyone who "
                           f"can reach it could use the backend; set {PASSWORD_VARIABLE} (and "
                           "the same user and password in Label Studio's Model settings, basic "
                           "auth), or listen on 127.0.0.1")
    attrs: dict[str, Any] = {"limits": limits}
    if password is not None:
        token = base64.b64encode(f"{user or 'kroniek'}:{password}".encode("utf-8"))
        attrs["auth"] = b"Basic " + token
    if quiet:
        attrs["log_message"] = lambda self, *args: None
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server_class = type("KroniekServer", (Server,), {"address_family": family})
    try:
        server = server_class((host, port), type("KroniekHandler", (Handler,), attrs),
                              limits=limits)
    except OSError as error:
        raise KroniekError(f"cannot listen on {host}:{port}: {error.strerror}; pick another "
                           "port with --port") from None
    try:
        server.RequestHandlerClass.predictor = Predictor(name)
    except BaseException:
        server.server_close()
        raise
    return server


def run(name: str, *, host: str = "127.0.0.1", port: int = 9090, user: str | None = None,
        out: TextIO | None = None) -> int:
    """Serve until Ctrl-C, after saying how to connect Label Studio."""
    out = out or sys.stdout
    password = os.environ.get(PASSWORD_VARIABLE) or None
    server = make_server(name, host=host, port=port, user=user, password=password)
    url = f"http://{host}:{server.server_address[1]}"
    auth = (f" with basic auth (user {user or 'kroniek'}, the password in {PASSWORD_VARIABLE})"
            if password else "")
    print(f"serving {server.RequestHandlerClass.predictor.version} as a Label Studio ML "
          f"backend at {url}{auth}\nIn Label Studio: project Settings > Model > Connect Model, "
          f"URL {url} (then 'Retrieve Predictions' in the data manager, or turn on "
          "'Use predictions to prelabel tasks'). Ctrl-C stops it.", file=out, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
