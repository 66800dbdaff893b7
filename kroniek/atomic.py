"""Replacing a folder all at once, one writer at a time, so that nothing is ever lost.

:func:`write_tree` writes every file into a fresh sibling folder first and swaps it in
with two renames; until the second rename the previous folder is untouched, and a
folder left half-swapped by a crash is restored by the next call (:func:`recover`).

Two processes (two pulls, two builds) must not swap the same folder at once: one would
delete the other's half-written folder. :func:`lock` is an exclusive ``fcntl`` lock on
the folder's parent directory, taken by :func:`write_tree` and :func:`recover` themselves
and re-entrant within a thread, so a caller can hold it around read-merge-write
(``with lock(target): ... write_tree(target, files)``). A second writer waits, saying so
once. The kernel drops the lock when its process dies, so a killed writer never leaves
it held; and a ``.NAME.new-PID-*`` folder is only removed when process PID is gone.

OS errors (no space, file too large, permission, read-only) become one
:class:`WriteError` line that says what to do; it is also an :class:`OSError`.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "dataset"
>>> write_tree(target, {"a.txt": b"1", "sub/b.txt": b"2"})
>>> sorted(read_tree(target))
['a.txt', 'sub/b.txt']
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import stat
import sys
import tempfile
import threading
from pathlib import Path
from typing import Callable, Iterator, Mapping

from .errors import KroniekError

_held: dict[tuple[str, int], list] = {}   # (parent, thread) -> [fd, depth]


class WriteError(KroniekError, OSError):
    """An operating-system error while writing a folder, as one line saying what to do."""


def os_error_advice(error: OSError, target: str | Path) -> str:
    """What went wrong and what to do, for an OS error while writing ``target``
    (:func:`kroniek.errors.os_error_advice`, the one table of advice)."""
    from .errors import os_error_advice as advice

    return advice(error, target)


def explain_os_error(error: OSError, target: str | Path) -> WriteError:
    """The one-line :class:`WriteError` for ``error`` raised while writing ``target``."""
    where = error.filename or target
    advice = os_error_advice(error, target) if error.errno else str(error)
    return WriteError(f"cannot write {where}: {advice} ({target} is unchanged)")


def _old(target: Path) -> Path:
    return target.with_name(f".{target.name}.old")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def lock(target: str | Path, *, say: Callable[[str], None] = _say) -> Iterator[None]:
    """Hold the exclusive write lock of ``target`` (its parent directory) in this thread."""
    parent = Path(target).parent
    parent.mkdir(parents=True, exist_ok=True)
    key = (os.path.realpath(parent), threading.get_ident())
    if key in _held:
        _held[key][1] += 1
        try:
            yield
        finally:
            _held[key][1] -= 1
        return
    fd = os.open(parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"waiting for another kroniek writing in {parent}/ to finish ...")
            fcntl.flock(fd, fcntl.LOCK_EX)
        _held[key] = [fd, 1]
        try:
            yield
        finally:
            del _held[key]
    finally:
        os.close(fd)   # releases the lock


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner(folder: Path) -> int | None:
    """The process id in a ``.NAME.new-PID-xxxx`` folder's name, if any."""
    tail = folder.name.rsplit(".new-", 1)[-1]
    head = tail.split("-", 1)[0]
    return int(head) if head.isdigit() and "-" in tail else None


def _remove(path: Path) -> None:
    """Remove a folder even when parts of it are read-only (ours to delete)."""
    def writable(function, name, excinfo):
        for folder in (os.path.dirname(name), name):
            with contextlib.suppress(OSError):
                mode = os.lstat(folder).st_mode
                if stat.S_ISDIR(mode):
                    os.chmod(folder, stat.S_IMODE(mode) | stat.S_IRWXU)
        function(name)

    try:
        shutil.rmtree(path, onerror=writable)
    except FileNotFoundError:
        pass


def recover(target: str | Path) -> None:
    """Put back a folder that a crash left renamed aside, and remove stale leftovers.

    Holds :func:`lock`, and leaves alone a ``.new-`` folder whose writer is alive.
    """
    target = Path(target)
    if not target.parent.exists():
        return
    with lock(target):
        old = _old(target)
        try:
            if old.exists():
                if target.exists():
                    _remove(old)
                else:
                    os.rename(old, target)
            for stale in target.parent.glob(f".{target.name}.new-*"):
                owner = _owner(stale)
                if owner is None or owner != os.getpid() and not _alive(owner):
                    _remove(stale)
        except OSError as error:
            raise explain_os_error(error, target) from None


def read_tree(target: str | Path) -> dict[str, bytes]:
    """Every file below ``target`` by its relative POSIX path (empty if it does not exist)."""
    target = Path(target)
    if not target.is_dir():
        return {}
    return {p.relative_to(target).as_posix(): p.read_bytes()
            for p in sorted(target.rglob("*")) if p.is_file()}


def _write_file(path: Path, data: bytes) -> None:
    """Write one file of a new folder (flushed to the disk later, by :func:`_sync`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)


def _sync(paths: list[Path]) -> None:
    """Flush files to the disk, several at once: one ``fsync`` after another costs a
    journal commit each (44 s for 10,000 files here), while ones in flight together
    share them."""
    from concurrent.futures import ThreadPoolExecutor

    def one(path: Path) -> None:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(one, paths))


STDOUT = "-"
"""The output path that means standard output (``-o -``)."""


def output_refusal(path: str | Path) -> str | None:
    """Why ``path`` must not be replaced by an output file, or ``None`` when it is a
    regular file or does not exist yet.

    Renaming a new file over a symbolic link would replace the link and leave its target
    as it was; over a device or a FIFO it would replace them with a regular file (as root,
    ``-o /dev/null`` would delete the device); over a folder it fails with a message
    about a temporary file. Each is refused instead, naming what the path is.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot write: {error.strerror}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return (f"is a symbolic link (to {os.readlink(path)}), not a regular file: write to "
                "the file itself, or remove the link first")
    if stat.S_ISDIR(mode):
        return "is a folder: name a file to write"
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode)
            or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "a special file")
    return (f"is {kind}, not a regular file: Kroniek writes only to regular files "
            f"(or to standard output with '{STDOUT}')")


def check_output(path: str | Path) -> None:
    """Raise a one-line :class:`WriteError` when ``path`` may not be written (see
    :func:`output_refusal`)."""
    why = output_refusal(path)
    if why:
        raise WriteError(f"{path}: {why}; nothing was written")


def write_file(path: str | Path, data: bytes) -> None:
    """Replace one file at once: write a temporary sibling, then rename it over ``path``,
    so a failure leaves the old file (or none) and never a partial one.

    ``path`` must be a regular file or a new path (:func:`check_output`); ``-`` writes
    ``data`` to standard output instead."""
    if str(path) == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_files({path: data})


def write_files(files: Mapping[str | Path, bytes]) -> None:
    """Replace several files all or nothing: every target is checked and every new file
    written beside its target before the first rename, so a refused path, a full disk or
    an interrupt leaves every old file (or none) in place; a rename that fails puts back
    the files renamed before it."""
    targets = [(Path(path), data) for path, data in files.items()]
    for path, _ in targets:
        check_output(path)
    umask = os.umask(0)
    os.umask(umask)
    temps: list[tuple[Path, Path]] = []
    backups: list[tuple[Path, Path | None]] = []
    try:
        for path, data in targets:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temps.append((Path(tmp), path))
            os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes it private; the result is ordinary
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        for tmp, path in temps:
            check_output(path)  # again: a link or FIFO may have appeared meanwhile
            backup = None
            if len(temps) > 1 and path.exists():
                backup = path.with_name(f".{path.name}.{os.getpid()}.old")
                os.link(path, backup)
            os.replace(tmp, path)
            backups.append((path, backup))
    except BaseException:
        for path, backup in reversed(backups):
            with contextlib.suppress(OSError):
                if backup is None:
                    path.unlink()
                else:
                    os.replace(backup, path)
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    for _, backup in backups:
        if backup is not None:
            with contextlib.suppress(OSError):
                backup.unlink()


def write_tree(target: str | Path, files: Mapping[str, bytes]) -> None:
    """Make ``target`` hold exactly ``files`` (relative path -> bytes), atomically, under
    :func:`lock`."""
    with staged(target) as stage:
        for rel, data in sorted(files.items()):
            stage.write(rel, data)
        stage.commit(keep=False)


def _keep_file(source: Path, destination: Path) -> None:
    """Put an unchanged file into the new folder: a hard link (no copy, no memory), or a
    copy where the file system has none."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, destination)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
            raise
        shutil.copy2(source, destination)


class Stage:
    """A new version of a folder being written one file at a time (see :func:`staged`)."""

    def __init__(self, target: Path, new: Path):
        self.target, self.new = target, new
        self.written: set[str] = set()
        self.committed = False

    def write(self, rel: str, data: bytes) -> None:
        """Write one file of the new version now (to disk, not kept in memory); it is
        flushed to the disk with all the others before the swap."""
        _write_file(self.new / rel, data)
        self.written.add(rel)

    def commit(self, *, keep: bool = True) -> None:
        """Swap the new version in. With ``keep``, every file of the old version that was
        not written is carried over unchanged (hard-linked); without, the folder holds
        exactly what was written."""
        if keep and self.target.is_dir():
            for path in sorted(self.target.rglob("*")):
                rel = path.relative_to(self.target).as_posix()
                if path.is_file() and rel not in self.written:
                    _keep_file(path, self.new / rel)
        _sync([self.new / rel for rel in sorted(self.written)])
        old = _old(self.target)
        if self.target.exists():
            os.rename(self.target, old)
        os.rename(self.new, self.target)
        self.committed = True


@contextlib.contextmanager
def staged(target: str | Path) -> Iterator[Stage]:
    """Hold :func:`lock` and write a new version of ``target`` into a fresh sibling folder,
    file by file; :meth:`Stage.commit` swaps it in with two renames. Leaving the block
    without committing (an error, or nothing to change) removes the new folder and leaves
    ``target`` exactly as it was. A file is written as soon as it is ready, so a folder of
    any size costs the memory of one file.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "exports"
    >>> write_tree(target, {"a.json": b"1"})
    >>> with staged(target) as stage:
    ...     stage.write("b.json", b"2")
    ...     stage.commit()
    >>> sorted(read_tree(target))
    ['a.json', 'b.json']
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise explain_os_error(error, target) from None
    with lock(target):
        recover(target)
        try:
            new = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-",
                                        dir=target.parent))
        except OSError as error:
            raise explain_os_error(error, target) from None
        stage = Stage(target, new)
        try:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(new, 0o777 & ~umask)  # mkdtemp makes it private; the result is ordinary
            yield stage
        except BaseException as error:
            _remove(new)
            recover(target)
            if isinstance(error, OSError) and not isinstance(error, WriteError):
                raise explain_os_error(error, target) from error
            raise
        if not stage.committed:
            _remove(new)
            return
        try:
            _remove(_old(target))
        except OSError:
            pass   # the new folder is in place; the next recover() retries the removal
