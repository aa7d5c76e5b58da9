"""`observatory status`: the state of the observatory on one screen, read from the published warehouse
(read-only, so it can run during a night): the last runs, each source's last night and freshness, and the
open quality flags (the failed batch-level checks of each source's last night)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from observatory.sources import POSTINGS, SOURCES


@dataclass(frozen=True)
class SourceState:
    source: str
    status: str  # on the last run
    reason: str
    last_loaded: date | None  # the last night it was complete or partial
    newest: datetime | date | None  # newest posting (created or updated), or programme last seen
    documents: int  # open postings or programmes in the warehouse
    postings: bool = True


@dataclass(frozen=True)
class Status:
    runs: list[tuple]  # run_id, run_date, status, started_at, finished_at
    sources: list[SourceState]
    flags: list[tuple]  # source, run_date, expectation, column, detail
    row_failures: int  # row-level expectations that failed on the last run (their rows are quarantined)

    def text(self, today: date) -> str:
        lines = ["Last runs"]
        if not self.runs:
            lines.append("  none yet: `observatory run` runs one night, `observatory serve` runs them on schedule")
        for run_id, run_date, status, started, finished in self.runs:
            took = f"{(finished - started).total_seconds():.0f} s" if started and finished else "?"
            lines.append(f"  {run_date}  {status:8}  {took:>6}  {run_id}")
        lines.append("Sources (last run)")
        for s in self.sources:
            newest = "nothing loaded yet"
            if s.newest:
                day = s.newest.date() if isinstance(s.newest, datetime) else s.newest
                newest = f"{'newest' if s.postings else 'seen'} {day} ({(today - day).days} d)"
            loaded = f"last loaded {s.last_loaded}" if s.last_loaded else "never loaded"
            lines.append(f"  {s.source:16} {s.status or '-':9} {loaded:22} {newest:26} {s.documents:7,} open")
            if s.reason:
                lines.append(f"  {'':26} {s.reason[:150]}")
        lines.append(f"Open quality flags ({len(self.flags)})")
        lines += [f"  {source:16} {run_date}  {expectation}{f' ({column})' if column else ''}: {detail[:140]}"
                  for source, run_date, expectation, column, detail in self.flags]
        if self.row_failures:
            lines.append(f"  and {self.row_failures} row-level expectation(s) failed on the last run: their rows are in landing.quarantine")
        return "\n".join(lines)


def _has(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(con.execute("select count(*) from duckdb_tables() where schema_name = ? and table_name = ?", [schema, table]).fetchall()[0][0])


def read_status(warehouse: Path, last_runs: int = 7) -> Status:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        if not _has(con, "landing", "runs"):
            return Status([], [], [], 0)
        runs = con.execute("select run_id, run_date, status, started_at, finished_at from landing.runs "
                           "order by started_at desc limit ?", [last_runs]).fetchall()
        sources = [_source_state(con, s.name, s.side == POSTINGS) for s in SOURCES]
        flags, row_failures = [], 0
        if _has(con, "landing", "quality_results"):
            flags = con.execute("""
                with checked as (select distinct source, run_id from landing.quality_results),
                last as (select source, run_id from checked join landing.runs using (run_id)
                         qualify row_number() over (partition by source order by started_at desc) = 1)
                select source, run_date, expectation, column_name, detail from landing.quality_results join last using (source, run_id)
                where suite = 'batch' and not success order by source, expectation, column_name""").fetchall()
            if runs:
                row_failures = con.execute("select count(*) from landing.quality_results where run_id = ? and suite <> 'batch' "
                                           "and not success", [runs[0][0]]).fetchall()[0][0]
    return Status(runs, sources, flags, row_failures)


def _source_state(con: duckdb.DuckDBPyConnection, source: str, postings: bool) -> SourceState:
    last = con.execute("select s.status, s.reason from landing.run_sources s join landing.runs r using (run_id) "
                       "where s.source = ? order by r.started_at desc limit 1", [source]).fetchall()
    loaded = con.execute("select max(r.run_date) from landing.run_sources s join landing.runs r using (run_id) "
                         "where s.source = ? and s.status in ('complete', 'partial')", [source]).fetchall()[0][0]
    if postings:
        newest, documents = con.execute(
            "select max(greatest(created_at, coalesce(updated_at, created_at))), count(*) filter (where closed_on is null) "
            "from landing.postings where source = ?", [source]).fetchall()[0]
    else:
        newest, documents = con.execute("select max(last_seen_on), count(*) filter (where closed_on is null) "
                                        "from landing.trainings where source = ?", [source]).fetchall()[0]
    status, reason = last[0] if last else ("", "")
    return SourceState(source, status, reason or "", loaded, newest, documents, postings)
