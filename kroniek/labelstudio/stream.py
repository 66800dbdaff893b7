"""The export of a project's tasks, streamed: requested in chunks, a few at once, and
read one task at a time.

The direct export (which, unlike an export snapshot, leaves no file on the server) of
:data:`CHUNK` tasks per request goes into a temporary file, :data:`IN_FLIGHT` requests at
once while the caller reads the chunk before (:func:`exported`); :func:`tasks_of` parses
each task of a chunk by the json module's C decoder as soon as it is complete. So the
server's work and the pull's overlap, and memory holds one task. :mod:`.pull` checks,
merges and writes them.
"""

from __future__ import annotations

import codecs
import json
import tempfile
import threading
from typing import Any, BinaryIO, Iterator

from .. import guard
from ..errors import KroniekError
from .client import Client

CHUNK = 100
"""Tasks per export request: the ids go in the URL, the server holds one chunk at a time,
and the first arrives soon, so the server and the pull work side by side from the start."""
# The export is one request that lasts as long as the server needs (4 s for 500 tasks
# on a small machine); wait that long, showing progress, rather than fail at --timeout.
EXPORT_TIMEOUT = 3 * 3600


def download(client: Client, project_id: int, ids: list[int], spool: BinaryIO,
             received: list[int]) -> None:
    """The direct JSON export of tasks ``ids`` into ``spool`` (unlike an export snapshot
    it leaves no file on the server: Label Studio 1.23 keeps a snapshot's file even after
    the snapshot is deleted). It lists predictions by id only."""
    options: dict[str, Any] = {"timeout_in_seconds": max(EXPORT_TIMEOUT, int(client.timeout)),
                               # the server reads ids[]; the SDK would send ids
                               "additional_query_parameters": {"ids[]": [str(i) for i in ids]}}
    with client.errors("exporting the project"):
        for chunk in client.sdk.projects.exports.download_sync(
                project_id, export_type="JSON", download_all_tasks=True, request_options=options):
            spool.write(chunk)
            received[0] += len(chunk)
    spool.seek(0)


IN_FLIGHT = 2
"""Export requests at once: while one waits on the server's database or the socket, the
server works on the other (the two peer rows of docs/PERFORMANCE.md compare it with one
request after the other); more would only hold more chunks on disk, as one Label Studio
process exports at most about one core's worth."""


def exported(client: Client, project_id: int, ids: list[int], *,
             received: list[int], in_flight: int = IN_FLIGHT) -> Iterator[BinaryIO]:
    """The export of ``ids`` as temporary files of up to :data:`CHUNK` tasks, in order.

    While the caller reads one, ``in_flight`` threads download the next ones (the
    server's work and ours overlap), so at most ``in_flight + 1`` chunks are on disk.
    """
    chunks = [ids[k:k + CHUNK] for k in range(0, len(ids), CHUNK)]
    done: dict[int, Any] = {}    # chunk number -> its spool, or the error that ended it
    turn = threading.Condition()
    state = {"next": 0, "reading": 0, "stop": False}

    def fetch() -> None:
        while True:
            with turn:
                while not state["stop"] and state["next"] < len(chunks) and \
                        state["next"] > state["reading"] + in_flight:
                    turn.wait()
                if state["stop"] or state["next"] >= len(chunks):
                    return
                number = state["next"]
                state["next"] += 1
            spool = tempfile.TemporaryFile()
            item: Any = spool
            try:
                download(client, project_id, chunks[number], spool, received)
            except BaseException as error:  # noqa: BLE001 (handed to the reader)
                spool.close()
                item = error
            with turn:
                if state["stop"]:
                    if not isinstance(item, BaseException):
                        item.close()
                    return
                done[number] = item
                turn.notify_all()
                if isinstance(item, BaseException):
                    return

    threads = [threading.Thread(target=fetch, daemon=True)
               for _ in range(max(1, min(in_flight, len(chunks))))]
    for thread in threads:
        thread.start()
    try:
        for number in range(len(chunks)):
            with turn:
                state["reading"] = number
                turn.notify_all()
                while number not in done:
                    turn.wait()
                item = done.pop(number)
            if isinstance(item, BaseException):
                raise item
            with item:
                yield item
    finally:
        with turn:
            state["stop"] = True
            for item in done.values():
                if not isinstance(item, BaseException):
                    item.close()
            done.clear()
            turn.notify_all()
        for thread in threads:
            thread.join(timeout=5)


READ = 1 << 20   # bytes read from an exported chunk at a time


def tasks_of(spool: BinaryIO, *, url: str) -> Iterator[Any]:
    """The tasks of one exported chunk (a JSON list), parsed one at a time.

    Each task is decoded by the json module's C decoder as soon as its last byte has been
    read, so memory holds one task and one read; a task that cannot be decoded once the
    whole chunk is read is the one clear error that the export is not JSON.
    """
    decoder = json.JSONDecoder(parse_int=guard._int)
    utf8 = codecs.getincrementaldecoder("utf-8")()
    text, at, ended = "", 0, False

    def more() -> bool:
        nonlocal text, at, ended
        if ended:
            return False
        data = spool.read(READ)
        ended = not data
        text = text[at:] + utf8.decode(data, final=ended)
        at = 0
        return True

    def bad(why: str) -> KroniekError:
        return KroniekError(f"Label Studio at {url} sent an export that is not a JSON list of "
                            f"tasks ({why})")

    expect = "["        # then: a task or "]", then: "," or "]", after ",": a task
    try:
        while True:
            while at < len(text) and text[at] in " \t\r\n":
                at += 1
            if at == len(text):
                if more():
                    continue
                raise bad("it ends early: truncated?")
            char = text[at]
            if expect == "[":
                if char != "[":
                    raise bad(f"it begins with {char!r}")
                at, expect = at + 1, "task or ]"
                continue
            if char == "]" and expect != "task":
                if text[at + 1:].strip() or more() and text[at + 1:].strip():
                    raise bad("more follows the list")
                return
            if expect == ", or ]":
                if char != ",":
                    raise bad(f"{char!r} where a comma belongs")
                at, expect = at + 1, "task"
                continue
            try:
                task, end = decoder.raw_decode(text, at)
            except json.JSONDecodeError as error:
                if len(text) - at > guard.MAX_LINE:
                    raise bad("a task larger than 64 MB") from None
                if more():
                    continue
                raise bad(f"{error.msg}") from None
            if end == len(text) and not isinstance(task, (dict, list)) and more():
                continue   # a number may go on in the next read
            at, expect = end, ", or ]"
            if isinstance(task, dict) and isinstance(task.get("drafts"), list):
                task["drafts"] = [d.get("id") if isinstance(d, dict) else d for d in task["drafts"]]
            yield task
    except (UnicodeDecodeError, RecursionError, ValueError) as error:
        if isinstance(error, KroniekError):
            raise
        why = str(error) if isinstance(error, guard.NumberTooLong) else type(error).__name__
        raise bad(why) from None
