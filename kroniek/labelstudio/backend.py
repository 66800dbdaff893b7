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
endpoints. The standard library's :class:`http.server.ThreadingHTTPServer` serves them
with no new dependency; it is meant for a local backend next to a local Label Studio,
not for the open internet.
"""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TextIO

from .. import schema
from ..convert import document_to_results
from ..documents import new_document
from ..errors import KroniekError
from . import systems

MAX_BODY = 64 * 1024 * 1024


class Predictor:
    """A system and the lock that keeps it to one request at a time."""

    def __init__(self, name: str):
        # Available here, and fitted on the dataset's train split when it learns.
        self.system = systems.prepared(name)
        self.version = self.system.id()
        self.lock = threading.Lock()

    def predict(self, tasks: list[Any]) -> list[dict]:
        """One ``{"result", "score", "model_version"}`` per task, in order."""
        docs, index = [], []
        for n, task in enumerate(tasks):
            data = task.get("data") if isinstance(task, dict) else None
            if isinstance(data, dict) and isinstance(data.get(schema.TEXT), str):
                doc_id = str(data.get(schema.DOCUMENT_ID) or f"task-{task.get('id', n)}")
                docs.append(new_document(doc_id, data[schema.TEXT]))
                index.append(n)
        results: list[list[dict]] = [[] for _ in tasks]
        if docs:
            with self.lock:
                predicted = self.system.predict(docs)
            for n, doc in zip(index, predicted):
                results[n] = document_to_results(doc)
        return [{"result": r, "score": None, "model_version": self.version} for r in results]


class Handler(BaseHTTPRequestHandler):
    predictor: Predictor
    server_version = "kroniek-ml-backend"

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError(f"request of {length} bytes is too large")
        return json.loads(self.rfile.read(length) or b"{}")

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path.rstrip("/") in ("", "/health"):
            self._send(200, {"status": "UP", "model_class": "Kroniek",
                             "model_version": self.predictor.version})
        else:
            self._send(404, {"error": f"no {self.path}"})

    def do_POST(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0].rstrip("/")
        try:
            body = self._body()
            if path == "/setup":
                self._send(200, {"model_version": self.predictor.version})
            elif path == "/predict":
                tasks = body.get("tasks") if isinstance(body, dict) else None
                if not isinstance(tasks, list):
                    self._send(400, {"error": "expected {\"tasks\": [...]}"})
                    return
                self._send(200, {"results": self.predictor.predict(tasks),
                                 "model_version": self.predictor.version})
            elif path in ("/webhook", "/validate"):
                self._send(200, {"status": "ok"})
            else:
                self._send(404, {"error": f"no {path}"})
        except (ValueError, KroniekError) as error:
            self._send(400, {"error": " ".join(str(error).split())})

    def log_message(self, format: str, *args: Any) -> None:
        print(f"{self.address_string()} {format % args}", file=sys.stderr)


def make_server(name: str, *, host: str = "127.0.0.1", port: int = 9090,
                quiet: bool = False) -> ThreadingHTTPServer:
    """An HTTP server (not yet serving) for system ``name``; ``serve_forever()`` it."""
    predictor = Predictor(name)
    attrs = {"predictor": predictor}
    if quiet:
        attrs["log_message"] = lambda self, *args: None
    handler = type("KroniekHandler", (Handler,), attrs)
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as error:
        raise KroniekError(f"cannot listen on {host}:{port}: {error.strerror}; pick another "
                           "port with --port") from None
    server.daemon_threads = True
    return server


def run(name: str, *, host: str = "127.0.0.1", port: int = 9090,
        out: TextIO | None = None) -> int:
    """Serve until Ctrl-C, after saying how to connect Label Studio."""
    out = out or sys.stdout
    server = make_server(name, host=host, port=port)
    url = f"http://{host}:{server.server_address[1]}"
    print(f"serving {server.RequestHandlerClass.predictor.version} as a Label Studio ML "
          f"backend at {url}\nIn Label Studio: project Settings > Model > Connect Model, URL "
          f"{url} (then 'Retrieve Predictions' in the data manager, or turn on "
          "'Use predictions to prelabel tasks'). Ctrl-C stops it.", file=out, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
