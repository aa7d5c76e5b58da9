"""`observatory run` as an operator runs it, in real processes: killed with -9 in the middle of the load and
of the model build, run twice at once, and read by an analyst all along. The published warehouse is always a
whole night, readers never fail, and the night after a crash completes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO

STATE = ("select (select count(*) from landing.runs), (select count(*) from core.postings), "
         "(select count(*) from core.posting_skills), (select count(*) from marts.skill_gap)")

READER = """
import json, sys, time, pathlib
import duckdb
path, stop, state, mode = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3], sys.argv[4]
held = duckdb.connect(path, read_only=True) if mode == "held" else None
seen, errors = [], []
print("reading", flush=True)
while not stop.exists():
    try:
        if held is not None:  # an analyst's session, open across the whole night
            seen.append(held.execute(state).fetchone())
        else:  # an analyst who reconnects every moment (one DuckDB instance per path and process: close it)
            with duckdb.connect(path, read_only=True) as fresh:
                seen.append(fresh.execute(state).fetchone())
    except Exception as error:
        errors.append(repr(error))
    time.sleep(0.1)
print(json.dumps({"seen": seen, "errors": errors}), flush=True)
"""


class Run:
    """`observatory run` in its own process group, its stderr watched line by line."""

    def __init__(self, home: Path, night: str, pause: str = "") -> None:
        environment = dict(os.environ)
        environment |= {"OBSERVATORY_DATA_DIR": str(home / "data"), "OBSERVATORY_WAREHOUSE": str(home / "observatory.duckdb"),
                        "OBSERVATORY_REPORTS_DIR": str(home / "reports"), "OBSERVATORY_TEST_PAUSE": pause}
        from prefect.settings import PREFECT_API_URL

        environment["PREFECT_API_URL"] = PREFECT_API_URL.value()  # the session's test server: no ephemeral start
        self.process = subprocess.Popen([sys.executable, "-m", "observatory.cli", "run", "--date", night, "--language", "fr"],
                                        cwd=REPO, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        start_new_session=True)
        self.lines: list[str] = []
        self.stdout = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line.rstrip())

    def wait_for(self, marker: str, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while not any(marker in line for line in self.lines):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{marker!r} never appeared:\n" + "\n".join(self.lines[-30:]))
            time.sleep(0.05)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def finish(self, timeout: float = 300) -> int:
        self.stdout = self.process.stdout.read()
        code = self.process.wait(timeout)
        self._reader.join(5)
        return code


def _state(warehouse: Path) -> tuple:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(STATE).fetchone()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, prefect_server) -> Path:
    home = tmp_path_factory.mktemp("operator")
    first = Run(home, "2026-11-26")
    assert first.finish() == 0, "\n".join(first.lines)
    assert "COMPLETE" in first.stdout
    return home


@pytest.mark.parametrize("stage", ["load", "build"])
def test_a_run_killed_during_a_stage_leaves_the_published_night_whole(home: Path, stage: str):
    warehouse = home / "observatory.duckdb"
    before = _state(warehouse)
    run = Run(home, "2026-11-27", pause=f"{stage}:120")
    run.wait_for(f"paused at {stage}")
    run.kill()
    assert _state(warehouse) == before


def test_two_runs_at_once_one_refused_one_complete_while_an_analyst_reads(home: Path, tmp_path: Path):
    warehouse = home / "observatory.duckdb"
    before = _state(warehouse)
    stop = tmp_path / "stop"
    readers = {mode: subprocess.Popen([sys.executable, "-c", READER, str(warehouse), str(stop), STATE, mode], cwd=REPO,
                                      stdout=subprocess.PIPE, text=True) for mode in ("held", "fresh")}
    for reader in readers.values():
        assert reader.stdout.readline().strip() == "reading"

    night = Run(home, "2026-11-28", pause="load:6")  # holds the lock while paused, then completes
    night.wait_for("paused at load")
    second = Run(home, "2026-11-28")
    assert second.finish(60) == 3
    assert "another nightly run is in progress" in second.lines[-1] and len(second.lines) == 1

    assert night.finish() == 0, "\n".join(night.lines)
    assert "COMPLETE" in night.stdout
    after = _state(warehouse)
    time.sleep(1)
    stop.touch()
    observed = {}
    for mode, reader in readers.items():
        observed[mode] = json.loads(reader.stdout.readline())
        reader.wait(30)
        assert observed[mode]["errors"] == [], mode

    assert after[0] == before[0] + 1  # tonight's run recorded; the refused one wrote nothing
    assert {tuple(s) for s in observed["fresh"]["seen"]} == {before, after}  # yesterday's, then tonight's: never half
    assert {tuple(s) for s in observed["held"]["seen"]} == {before}  # an open session keeps its night whole
