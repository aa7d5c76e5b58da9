"""`observatory serve` and `observatory status` when there is nothing to serve to or read: one line that says
what to do, and exit code 1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _observatory(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "observatory.cli", *arguments], capture_output=True, text=True, cwd=REPO,
                          env=env, timeout=120, check=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_without_a_prefect_server_says_how_to_start_one(tmp_path: Path):
    local = f"http://127.0.0.1:{_free_port()}/api"  # where no server listens
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    done = _observatory("serve", env=env | {"PREFECT_HOME": str(tmp_path), "OBSERVATORY_LOCAL_PREFECT_API_URL": local})
    assert done.returncode == 1
    assert done.stderr.strip() == (f"observatory serve: no Prefect server answers at {local}: start one with `prefect server start` "
                                   "(it runs offline), or set PREFECT_API_URL to your server or workspace")


def test_status_without_a_warehouse_says_to_run_first(tmp_path: Path):
    done = _observatory("status", "--warehouse", str(tmp_path / "none.duckdb"), env=dict(os.environ))
    assert done.returncode == 1
    assert done.stderr.strip() == f"observatory status: no warehouse at {tmp_path / 'none.duckdb'}: run `observatory run` first"
