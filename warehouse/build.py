"""Build the SQL models with dbt-duckdb, in-process: staging views, core and marts, and their tests.

The dbt project is this folder (dbt_project.yml, models/, macros/); its landing tables are the sources that
warehouse/load.py writes. `dbt build` runs each model and then the tests of its grain and keys, in
dependency order; a failed test stops what depends on it and fails the build, so a night whose models are
wrong is never published (the working copy is dropped, the published file stays as it was).

Incremental models (posting × skill) add only what tonight's load touched. They are rebuilt whole when
what their rows were derived from changes outside the delta: the taxonomy's skill → area links, the SQL of
the models and macros, the project's variables or the sources (a fingerprint of them is kept in landing.build_state).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from observatory.config import Limits, Paths
from observatory.failpoints import pause_point
from observatory.sources import POSTINGS, TRAININGS, names

PROJECT_DIR = Path(__file__).resolve().parent
MODELS_DIR = PROJECT_DIR / "models"
MACROS_DIR = PROJECT_DIR / "macros"


class BuildFailed(RuntimeError):
    """dbt could not build the models or a test of their grain and keys failed."""


@dataclass(frozen=True)
class BuildResult:
    models: list[str]  # schema.name of every model built, in build order
    tests_passed: int
    full_refresh: bool


def derivation_fingerprint(database: Path) -> str:
    """What the incremental models' rows are derived from besides the delta: the SQL of every model and macro (an
    incremental model reads staging and core models upstream), the project's variables, the sources, and the
    taxonomy links. A change of the code rebuilds them whole once; a night's data never does."""
    from warehouse.load import connect

    digest = hashlib.sha256()
    for path in sorted(MODELS_DIR.rglob("*.sql")) + sorted(MACROS_DIR.rglob("*.sql")) + [PROJECT_DIR / "dbt_project.yml"]:
        digest.update(path.relative_to(PROJECT_DIR).as_posix().encode() + b"\x00" + path.read_bytes())
    digest.update(json.dumps(source_vars(), sort_keys=True).encode())
    con = connect(database)
    try:
        links = con.execute("select coalesce(string_agg(skill_id || '>' || area_id || ':' || coalesce(weight, 1), ',' "
                            "order by skill_id, area_id), '') from landing.taxonomy_skill_areas").fetchall()[0][0]
    finally:
        con.close()
    digest.update(links.encode("utf-8"))
    return digest.hexdigest()


def _newest_load(database: Path, full_refresh: bool) -> str | None:
    """What tonight's build will have tested: the newest load. The grain tests of the big incremental tables read
    the rows loaded after `tested_through` (macros/loaded_watermark.sql); a full refresh forgets it (every row)."""
    from warehouse.load import connect

    con = connect(database)
    try:
        if full_refresh:
            con.execute("delete from landing.build_state where key = 'tested_through'")
        return con.execute("select max(loaded_at)::varchar from landing.postings").fetchall()[0][0]
    finally:
        con.close()


def _record_tested(database: Path, through: str) -> None:
    """After a build passed: its tests covered the loads up to `through`, and so did its rebuild of the jobs those
    loads touched (landing.job_changes keeps only what is newer)."""
    from warehouse.load import connect

    con = connect(database)
    try:
        con.execute("insert or replace into landing.build_state values ('tested_through', ?)", [through])
        con.execute("delete from landing.job_changes where changed_at <= ?::timestamp", [through])
    finally:
        con.close()


def _record_window_end(database: Path, window_end: date | None) -> None:
    """The night the marts' window ends with (macros/window.sql reads it; a table, not a dbt var, so that dbt's
    partial parsing survives from one night to the next); none given: today."""
    from warehouse.load import connect

    con = connect(database)
    try:
        if window_end is None:
            con.execute("delete from landing.build_state where key = 'window_end'")
        else:
            con.execute("insert or replace into landing.build_state values ('window_end', ?)", [window_end.isoformat()])
    finally:
        con.close()


def _state(database: Path, fingerprint: str | None = None) -> str | None:
    """Read the fingerprint of the last build, or record a new one."""
    from warehouse.load import connect

    con = connect(database)
    try:
        if fingerprint is not None:
            con.execute("insert or replace into landing.build_state values ('derivation', ?)", [fingerprint])
            return fingerprint
        rows = con.execute("select value from landing.build_state where key = 'derivation'").fetchall()
        return rows[0][0] if rows else None
    finally:
        con.close()


@contextmanager
def _database_env(database: Path) -> Iterator[None]:
    """profiles.yml reads the database path and the memory limit from the environment."""
    saved = {k: os.environ.get(k) for k in ("OBSERVATORY_DBT_DATABASE", "OBSERVATORY_DUCKDB_MEMORY_LIMIT",
                                            "DBT_SEND_ANONYMOUS_USAGE_STATS")}
    os.environ["OBSERVATORY_DBT_DATABASE"] = str(database)
    os.environ["OBSERVATORY_DUCKDB_MEMORY_LIMIT"] = Limits().duckdb_memory_limit
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def source_vars() -> dict[str, list[str]]:
    """The sources of observatory/sources.py, as the models and their tests need them."""
    return {"posting_sources": names(POSTINGS), "training_sources": names(TRAININGS)}


def dbt_arguments(command: str, state_dir: Path, variables: dict | None = None) -> list[str]:
    """Arguments of a dbt command on this project; target/ and logs/ in `state_dir`; `variables` override the
    definitions of dbt_project.yml (a change of vars makes dbt parse the whole project again)."""
    variables = source_vars() | (variables or {})
    return [command, "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
            "--target-path", str(state_dir / "target"), "--log-path", str(state_dir / "logs"),
            "--vars", json.dumps(variables), "--no-version-check", "--quiet"]


def _failures(result) -> str:
    if result.exception is not None:
        return str(result.exception).strip().splitlines()[0]
    failed = [r for r in getattr(result.result, "results", []) if str(r.status) in ("error", "fail", "runtime error")]
    described = []
    for r in failed[:3]:
        message = (r.message or "").strip().splitlines()[0] if r.message else ""
        described.append(f"{r.node.resource_type} {r.node.name} {r.status}" + (f" ({message})" if message else ""))
    more = f" and {len(failed) - 3} more" if len(failed) > 3 else ""
    return "; ".join(described) + more if described else "dbt reported a failure"


def _close_dbt_database() -> None:
    """dbt-duckdb keeps its DuckDB instance open for the life of the process: close it, so that the file can
    be published and opened again with another configuration."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment, DuckDBConnectionManager._ENV = DuckDBConnectionManager._ENV, None
    if environment is not None:
        environment.close()


def _pause_after_first_model():
    """Crash tests kill the run here, in the middle of the build (observatory/failpoints.py)."""
    seen = []

    def on_event(event) -> None:
        if event.info.name == "LogModelResult" and not seen:
            seen.append(event)
            pause_point("build")

    return on_event


def build_models(database: Path, full_refresh: bool | None = None, state_dir: Path | None = None,
                 window_end: date | None = None, variables: dict | None = None) -> BuildResult:
    """`dbt build` on the DuckDB file `database`: every model and its tests.

    No other connection to the file may be open in this process (dbt opens its own). `full_refresh`: rebuild
    incremental models whole; default: when the fingerprint of what they derive from has changed.
    """
    from dbt.cli.main import dbtRunner

    state_dir = state_dir or Paths().dbt_dir
    fingerprint = derivation_fingerprint(database)
    refresh = full_refresh if full_refresh is not None else _state(database) != fingerprint
    _record_window_end(database, window_end)
    tested = _newest_load(database, full_refresh=refresh)
    arguments = dbt_arguments("build", state_dir, variables) + (["--full-refresh"] if refresh else [])
    with _database_env(database):
        try:
            result = dbtRunner(callbacks=[_pause_after_first_model()]).invoke(arguments)
        finally:
            _close_dbt_database()
    if not result.success:
        log = state_dir / "logs" / "dbt.log"
        raise BuildFailed(f"dbt build: {_failures(result)}; details in {log}")
    _state(database, fingerprint)
    if tested is not None:
        _record_tested(database, tested)
    built = [f"{r.node.schema}.{r.node.name}" for r in result.result.results if r.node.resource_type == "model"]
    tests = sum(1 for r in result.result.results if r.node.resource_type == "test")
    return BuildResult(built, tests, refresh)
