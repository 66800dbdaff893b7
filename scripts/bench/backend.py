"""The ML backend under load: ``python -m scripts.bench.backend [--system floor.v1]``.

Starts ``kroniek labelstudio backend`` as a child process on 127.0.0.1 (loopback only; a
free port), and measures, printing one line per figure and a verdict per goal:

1. burst: ``--requests`` small /predict requests (one article each), ``--concurrency``
   at once, each on its own connection: answered, connection resets, other failures,
   latency median and 95th percentile. Goal: 0 resets, every request answered.
2. long text: one /predict with a text of ``--long`` bytes (1 MB by default) while one
   client keeps sending small requests: the long request's seconds and the small
   requests answered meanwhile, with their slowest latency. Goal: the long text
   answered within 10 s, small requests answered throughout.
3. half-sent: ``--half-sent`` connections (300) that send half a request and then
   nothing; a small request meanwhile must be answered (goal: within 15 s).
4. refusals: a negative and a missing Content-Length, a body beyond the cap, JSON nested
   100,000 levels, too many tasks: each must be a 4xx with one line of JSON.
5. memory: the server's peak resident memory (VmHWM) at start and after everything.
   Goal: under ``--memory`` MB.

Everything is bounded: a fixed number of requests, a timeout on every socket, and the
child is stopped at the end. Nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
ARTICLE = ("Het leger rukte dinsdag op naar Kirkuk. De Verenigde Naties riepen beide partijen "
           "op de gevechten te staken, nadat bij een aanval op een politiepost drie agenten "
           "waren gedood.\n\n")


def start(system: str) -> tuple[subprocess.Popen, int]:
    """The backend as a child process, and its port once it serves."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "kroniek.cli", "labelstudio", "backend",
                             "--system", system, "--host", HOST, "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    line = proc.stdout.readline()  # printed once it listens (after the warm-up)
    if "serving" not in line:
        proc.kill()
        raise SystemExit(f"the backend did not start: {line!r}")
    return proc, port


def predict(port: int, texts: list[str], *, timeout: float = 120) -> tuple[int, bytes]:
    body = json.dumps({"tasks": [{"id": n, "data": {"text": t}}
                                 for n, t in enumerate(texts)]}).encode("utf-8")
    return raw(port, b"POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body,
               timeout=timeout)


def raw(port: int, request: bytes, *, timeout: float = 60) -> tuple[int, bytes]:
    """Send bytes on a new connection; the status and body of the answer."""
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.read()


def peak_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


def burst(port: int, requests: int, concurrency: int) -> dict:
    outcomes = {"ok": 0, "resets": 0, "other": 0}
    latencies: list[float] = []
    lock = threading.Lock()

    def one(_):
        began = time.monotonic()
        try:
            status, _ = predict(port, [ARTICLE])
            kind = "ok" if status == 200 else "other"
        except ConnectionResetError:
            kind = "resets"
        except OSError:
            kind = "other"
        with lock:
            outcomes[kind] += 1
            latencies.append(time.monotonic() - began)

    began = time.monotonic()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(requests)))
    latencies.sort()
    return {**outcomes, "seconds": time.monotonic() - began,
            "median": statistics.median(latencies),
            "p95": latencies[int(0.95 * (len(latencies) - 1))]}


def long_text(port: int, size: int) -> dict:
    text = (ARTICLE * (size // len(ARTICLE) + 1))[:size]
    done = threading.Event()
    small: list[float] = []
    failures = 0
    result: dict = {}

    def keep_asking():
        nonlocal failures
        while not done.is_set():
            began = time.monotonic()
            try:
                status, _ = predict(port, [ARTICLE], timeout=30)
                if status == 200:
                    small.append(time.monotonic() - began)
                else:
                    failures += 1
            except OSError:
                failures += 1
            time.sleep(0.05)

    asker = threading.Thread(target=keep_asking)
    asker.start()
    time.sleep(0.2)
    began = time.monotonic()
    status, body = predict(port, [text])
    result["seconds"] = time.monotonic() - began
    result["status"] = status
    result["regions"] = len(json.loads(body)["results"][0]["result"]) if status == 200 else 0
    result["response_mb"] = len(body) / 1e6
    done.set()
    asker.join()
    result.update(small=len(small), small_max=max(small, default=0.0), small_failures=failures)
    return result


def half_sent(port: int, count: int) -> dict:
    """``count`` connections that send half a request and wait; meanwhile one small
    request: is it answered, and how soon?"""
    idle = []
    try:
        for _ in range(count):
            sock = socket.create_connection((HOST, port), timeout=30)
            sock.sendall(b"POST /predict HTTP/1.1\r\nContent-Length: 1000\r\n\r\n{")
            idle.append(sock)
        began = time.monotonic()
        try:
            status, _ = predict(port, [ARTICLE], timeout=60)
        except OSError:
            status = 0
        return {"status": status, "seconds": time.monotonic() - began}
    finally:
        for sock in idle:
            sock.close()


def refusals(port: int) -> list[tuple[str, int, bytes]]:
    deep = b"[" * 100_000 + b"]" * 100_000
    many = json.dumps({"tasks": [{"data": {"text": "a"}}] * 1000}).encode()
    cases = {
        "Content-Length -1": b"POST /predict HTTP/1.1\r\nContent-Length: -1\r\n\r\n" + b"x" * 1000,
        "no Content-Length": b"POST /predict HTTP/1.1\r\n\r\n{}",
        "Content-Length 150 MB": b"POST /predict HTTP/1.1\r\nContent-Length: 150000000\r\n\r\n",
        "nested 100,000 deep": b"POST /predict HTTP/1.1\r\nContent-Length: %d\r\n\r\n"
                               % len(deep) + deep,
        "1,000 tasks": b"POST /predict HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % len(many) + many,
    }
    out = []
    for name, request in cases.items():
        try:
            status, body = raw(port, request, timeout=30)
        except OSError as error:
            status, body = 0, repr(error).encode()
        out.append((name, status, body))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--system", default="floor.v1")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--long", type=int, default=1_000_000, help="bytes of the long text")
    parser.add_argument("--memory", type=float, default=1024, help="MB the server may peak at")
    parser.add_argument("--half-sent", type=int, default=300,
                        help="connections that send half a request and wait")
    args = parser.parse_args(argv)
    if not (1 <= args.requests <= 10_000 and 1 <= args.concurrency <= 200
            and args.long <= 5_000_000 and 0 <= args.half_sent <= 1000):
        parser.error("keep it bounded: --requests <= 10000, --concurrency <= 200, --long <= 5 MB")

    proc, port = start(args.system)
    goals = []
    try:
        print(f"backend {args.system} on {HOST}:{port}, peak memory at start "
              f"{peak_mb(proc.pid):.0f} MB")
        b = burst(port, args.requests, args.concurrency)
        print(f"burst: {args.requests} requests, {args.concurrency} at once: {b['ok']} answered, "
              f"{b['resets']} resets, {b['other']} other failures in {b['seconds']:.1f} s; "
              f"latency median {b['median']:.2f} s, p95 {b['p95']:.2f} s")
        goals.append(("0 resets, all answered", b["resets"] == 0 and b["ok"] == args.requests))
        lt = long_text(port, args.long)
        print(f"long text: {args.long / 1e6:.1f} MB answered {lt['status']} in "
              f"{lt['seconds']:.1f} s ({lt['regions']} results, {lt['response_mb']:.1f} MB); "
              f"meanwhile {lt['small']} small requests answered, slowest {lt['small_max']:.2f} s, "
              f"{lt['small_failures']} failed")
        goals.append(("long text within 10 s", lt["status"] == 200 and lt["seconds"] <= 10))
        goals.append(("small requests answered meanwhile",
                      lt["small"] > 0 and lt["small_failures"] == 0))
        hs = half_sent(port, args.half_sent)
        print(f"half-sent: {args.half_sent} connections each holding half a request; a small "
              f"request meanwhile answered {hs['status']} in {hs['seconds']:.1f} s")
        goals.append((f"a request answered beside {args.half_sent} half-sent ones within 15 s",
                      hs["status"] == 200 and hs["seconds"] <= 15))
        for name, status, body in refusals(port):
            line = body.decode("utf-8", "replace")
            print(f"refusal: {name}: {status} {line}")
            goals.append((f"{name} is a 4xx with one JSON line",
                          400 <= status < 500 and "\n" not in line.strip()
                          and "error" in json.loads(line or "{}")))
        peak = peak_mb(proc.pid)
        print(f"peak memory after all: {peak:.0f} MB")
        goals.append((f"memory under {args.memory:.0f} MB", peak < args.memory))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    for goal, met in goals:
        print(f"{'met' if met else 'NOT MET'}: {goal}")
    return 0 if all(met for _, met in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
