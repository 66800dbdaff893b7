"""kroniek.atomic: one writer at a time, nothing lost, leftovers never block."""

from __future__ import annotations

import errno
import multiprocessing
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from kroniek import atomic
from kroniek.build import build

SMALL = Path(__file__).parent / "data" / "small"


def _slow_writer(target: str, tag: str, n: int, start) -> None:
    real = atomic._write_file

    def slow(path, data):
        time.sleep(0.002)
        real(path, data)

    atomic._write_file = slow
    start.wait()
    atomic.write_tree(target, {f"f{i:03}.txt": f"{tag}{i}".encode() for i in range(n)})


def test_two_writers_at_once_never_mix_or_lose_files(tmp_path):
    """Processes swapping the same folder, repeatedly: each result is one whole tree."""
    target = tmp_path / "exports"
    ctx = multiprocessing.get_context("fork")
    for round_ in range(4):
        start = ctx.Event()
        procs = [ctx.Process(target=_slow_writer, args=(str(target), tag, 60, start))
                 for tag in "ab"]
        for p in procs:
            p.start()
        start.set()
        for p in procs:
            p.join(60)
            assert p.exitcode == 0, f"a writer failed in round {round_}"
        tree = atomic.read_tree(target)
        assert len(tree) == 60
        assert {v[:1] for v in tree.values()} in ({b"a"}, {b"b"})
        assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]


def test_recover_leaves_a_live_writers_folder_alone(tmp_path):
    target = tmp_path / "dataset"
    atomic.write_tree(target, {"a": b"1"})
    live = tmp_path / f".dataset.new-{os.getppid()}-abc"    # our parent is alive
    dead = tmp_path / ".dataset.new-999999999-abc"
    legacy = tmp_path / ".dataset.new-xyz"
    for folder in (live, dead, legacy):
        folder.mkdir()
    atomic.recover(target)
    assert live.exists() and not dead.exists() and not legacy.exists()


def test_the_lock_makes_a_second_writer_wait(tmp_path, capfd):
    target = tmp_path / "dataset"
    order = []
    other = threading.Thread(target=lambda: (atomic.write_tree(target, {"b": b"2"}),
                                             order.append("other")))
    with atomic.lock(target):
        other.start()
        time.sleep(0.3)
        order.append("holder")
    other.join(10)
    assert order == ["holder", "other"] and atomic.read_tree(target) == {"b": b"2"}
    assert "waiting for another kroniek writing in" in capfd.readouterr().err


def test_the_lock_is_reentrant(tmp_path):
    target = tmp_path / "dataset"
    with atomic.lock(target):
        with atomic.lock(target):
            atomic.write_tree(target, {"a": b"1"})
    assert atomic.read_tree(target) == {"a": b"1"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_dataset_never_blocks_the_next_build(tmp_path):
    target = tmp_path / "dataset"
    atomic.write_tree(target, {"a": b"1", "sub/b": b"2"})
    for path in [*target.rglob("*"), target]:
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
    atomic.write_tree(target, {"a": b"3"})
    assert atomic.read_tree(target) == {"a": b"3"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]


def test_a_left_over_read_only_old_folder_is_removed(tmp_path):
    target = tmp_path / "dataset"
    atomic.write_tree(target, {"a": b"1"})
    old = tmp_path / ".dataset.old"
    (old / "sub").mkdir(parents=True)
    (old / "sub" / "f").write_bytes(b"x")
    for path in (old / "sub" / "f", old / "sub", old):
        path.chmod(0o555 if path.is_dir() else 0o444)
    atomic.write_tree(target, {"a": b"2"})
    assert atomic.read_tree(target) == {"a": b"2"} and not old.exists()


@pytest.mark.parametrize("code, advice", [
    (errno.ENOSPC, "no space left on the device: free some space"),
    (errno.EFBIG, "ulimit -f"),
    (errno.EACCES, "chmod u+w"),
    (errno.EROFS, "read-only"),
])
def test_os_errors_are_one_line_saying_what_to_do(tmp_path, monkeypatch, code, advice):
    target = tmp_path / "dataset"
    atomic.write_tree(target, {"a": b"1"})

    def failing(path, data):
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(atomic, "_write_file", failing)
    with pytest.raises(atomic.WriteError) as caught:
        atomic.write_tree(target, {"a": b"2"})
    line = str(caught.value)
    assert advice in line and "\n" not in line and f"({target} is unchanged)" in line
    assert atomic.read_tree(target) == {"a": b"1"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]


def test_two_builds_at_once_with_a_slowed_writer(tmp_path, monkeypatch):
    out = tmp_path / "dataset"
    real = atomic._write_file

    def slow(path, data):
        time.sleep(0.05)
        real(path, data)

    monkeypatch.setattr(atomic, "_write_file", slow)
    quiet = dict(progress=lambda message: None)
    errors = []

    def one():
        try:
            build(annotations=SMALL / "annotations", seeds=SMALL / "seeds", output=out, **quiet)
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    for _ in range(2):
        threads = [threading.Thread(target=one) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not errors
        tree = atomic.read_tree(out)
        assert "README.md" in tree and len(tree) >= 4
        assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]


def test_write_tree_holds_exactly_the_files_given_and_a_stage_keeps_the_rest(tmp_path):
    target = tmp_path / "exports"
    atomic.write_tree(target, {"a.json": b"1", "b.json": b"2"})
    atomic.write_tree(target, {"b.json": b"3"})
    assert atomic.read_tree(target) == {"b.json": b"3"}
    with atomic.staged(target) as stage:   # pull: one file written, the others kept
        stage.write("c.json", b"4")
        stage.commit()
    assert atomic.read_tree(target) == {"b.json": b"3", "c.json": b"4"}
    with atomic.staged(target) as stage:   # nothing committed: nothing changes
        stage.write("d.json", b"5")
    assert atomic.read_tree(target) == {"b.json": b"3", "c.json": b"4"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]
