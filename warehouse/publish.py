"""The published warehouse and the night's working copy: analysts never block the night, nor see half of it.

Analysts open `warehouse/observatory.duckdb` (the published file) read-only, whenever they like. The nightly
run never writes to it: it copies it to a private working file beside it, loads and builds there, checkpoints
and closes it, then renames it over the published path in one atomic step. A reader that opened the file
before keeps reading yesterday's complete state (the old file stays alive while it is open); one that opens
it after sees tonight's. A run killed at any point leaves the published file as it was: the next run starts
from a fresh copy and discards the leftover working file. The copy follows the size of the warehouse (4 GB at
1M postings, ≈ 4 s from the page cache, ≈ 19 s from disk): a night makes it in the background while its crawl,
which does not need it, runs (`WorkingCopy(..., in_background=True)`, then `ready()`).

One run at a time: `RunLock` holds an exclusive lock (flock, released by the kernel when the process dies,
so a crashed run never leaves a stale lock) on `<published>.lock`; a second run is refused with who holds it.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

import duckdb


class RunRefused(RuntimeError):
    """Another run holds the warehouse."""


_held: dict[Path, int] = {}  # locks this process holds (a flow run inside the CLI run that took it)


@contextmanager
def run_lock(published: Path) -> Iterator[None]:
    """Hold the warehouse's run lock for the block, or raise RunRefused at once if another process holds it."""
    path = published.with_name(published.name + ".lock").resolve()
    if path in _held:  # re-entrant within one process
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 500, 0).decode(errors="replace").strip()
        os.close(fd)
        raise RunRefused(f"another nightly run is in progress ({holder or 'unknown'}; lock {path}): "
                         "this run was refused, wait for it to finish") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps({"pid": os.getpid(), "since": datetime.now(UTC).isoformat(timespec="seconds")}).encode(), 0)
    _held[path] = fd
    try:
        yield
    finally:
        del _held[path]
        os.close(fd)  # releases the lock


def _remove_database(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class WorkingCopy:
    """The night's private copy of the published warehouse (`.<name>.work` beside it, same file system)."""

    def __init__(self, published: Path, in_background: bool = False) -> None:
        self.published = published
        self.path = published.with_name(f".{published.name}.work")
        self.in_background = in_background
        self._copying: threading.Thread | None = None
        self._copy_error: BaseException | None = None

    def reset(self) -> None:
        """Start again from the published state (or from nothing on the first night)."""
        self._wait()
        self._copy_error = None  # a failed background copy is replaced by this one
        _remove_database(self.path)  # a killed run's leftovers, WAL included: never replay a stale WAL
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.published.exists():
            shutil.copyfile(self.published, self.path)

    def ready(self) -> Path:
        """The working copy's path, once its copy is complete (it may still be made in the background)."""
        self._wait()
        if self._copy_error is not None:
            error, self._copy_error = self._copy_error, None
            raise RuntimeError(f"the working copy of {self.published} could not be made: {error}") from error
        return self.path

    def _copy_in_background(self) -> None:
        try:
            self.reset()
        except BaseException as error:  # noqa: BLE001 - raised by ready(), in the night's thread
            self._copy_error = error

    def _wait(self) -> None:
        copying = self._copying
        if copying is not None and copying is not threading.current_thread():
            copying.join()
            self._copying = None

    def publish(self) -> None:
        """Checkpoint the working copy into one self-contained file and rename it over the published one."""
        with duckdb.connect(str(self.ready())) as con:
            con.execute("checkpoint")
        wal = self.path.with_name(self.path.name + ".wal")
        if wal.exists():
            raise RuntimeError(f"{wal} remains after a checkpoint: the working copy is not self-contained")
        _fsync(self.path)
        published_wal = self.published.with_name(self.published.name + ".wal")
        if published_wal.exists():  # someone wrote to the published file: never let it replay on tonight's
            published_wal.rename(published_wal.with_name(published_wal.name + f".orphaned-{datetime.now(UTC):%Y%m%dT%H%M%S}"))
        os.replace(self.path, self.published)
        _fsync(self.published.parent)

    def discard(self) -> None:
        self._wait()
        _remove_database(self.path)

    def __enter__(self) -> Self:
        if self.in_background:
            self._copying = threading.Thread(target=self._copy_in_background, name="working-copy", daemon=True)
            self._copying.start()
        else:
            self.reset()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()  # after publish() there is nothing left; after a failure, the published file is untouched
