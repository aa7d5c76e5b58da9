"""The published warehouse and the night's working copy, on real DuckDB files and real processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from warehouse.publish import RunRefused, WorkingCopy, run_lock

HOLD_LOCK = """
import sys, time
from pathlib import Path
from warehouse.publish import run_lock
with run_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(30)
"""


def _write(path: Path, rows: int) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create or replace table t as select range as i from range(?)", [rows])


def _count(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select count(*) from t").fetchall()[0][0]


def test_a_second_run_is_refused_while_another_process_holds_the_lock(tmp_path: Path):
    published = tmp_path / "observatory.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(published)], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[2])
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(RunRefused, match=r"another nightly run is in progress \(\{\"pid\": \d+"), run_lock(published):
            pass
    finally:
        holder.kill()
        holder.wait()
    with run_lock(published), run_lock(published):  # free again once the holder died; re-entrant in one process
        pass


def test_a_reader_keeps_its_state_and_new_readers_see_the_published_night(tmp_path: Path):
    published = tmp_path / "observatory.duckdb"
    _write(published, 10)
    reader = duckdb.connect(str(published), read_only=True)
    with WorkingCopy(published) as work:
        _write(work.path, 20)
        assert _count(published) == 10  # nothing published yet
        work.publish()
    assert reader.execute("select count(*) from t").fetchall() == [(10,)]  # the reader's night stays whole
    reader.close()
    assert _count(published) == 20
    assert not work.path.exists()


def test_a_failed_night_leaves_the_published_file_and_no_working_copy(tmp_path: Path):
    published = tmp_path / "observatory.duckdb"
    _write(published, 10)
    with pytest.raises(RuntimeError), WorkingCopy(published) as work:
        _write(work.path, 99)
        raise RuntimeError("the build failed")
    assert _count(published) == 10 and not work.path.exists()


def test_a_killed_runs_leftovers_are_discarded_before_the_next_night(tmp_path: Path):
    published = tmp_path / "observatory.duckdb"
    _write(published, 10)
    work = WorkingCopy(published)
    work.path.write_bytes(b"half a database")
    work.path.with_name(work.path.name + ".wal").write_bytes(b"a stale write-ahead log")
    with WorkingCopy(published) as fresh:
        assert _count(fresh.path) == 10
        assert not fresh.path.with_name(fresh.path.name + ".wal").exists()


def test_a_nights_copy_made_in_the_background_is_whole_when_asked_for(tmp_path: Path):
    """The night copies the published file while its crawl runs; whatever reads or writes the copy asks for it first."""
    published = tmp_path / "observatory.duckdb"
    _write(published, 3_000_000)
    with WorkingCopy(published, in_background=True) as work:
        assert _count(work.ready()) == 3_000_000
        _write(work.path, 5)
        work.publish()
    assert _count(published) == 5 and not work.path.exists()


def test_a_background_copy_that_fails_is_said_when_the_copy_is_asked_for(tmp_path: Path):
    published = tmp_path / "observatory.duckdb"
    published.mkdir()  # not a file: the copy fails in its thread
    with pytest.raises(RuntimeError, match="the working copy of .*observatory.duckdb could not be made: .*directory"), \
            WorkingCopy(published, in_background=True) as work:
        work.ready()
    assert published.is_dir() and not work.path.exists()


def test_a_copy_made_again_after_a_failed_background_copy_is_the_one_used(tmp_path: Path):
    published = tmp_path / "observatory.duckdb"
    published.mkdir()  # the background copy fails
    with WorkingCopy(published, in_background=True) as work:
        published.rmdir()
        _write(published, 10)
        work.reset()  # the night starts again from the published state
        assert _count(work.ready()) == 10  # the failed first copy is forgotten
