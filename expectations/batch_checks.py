"""Batch-level checks: is tonight's batch of a source plausible as a whole? A broken source (an API that
answers with nothing, a feed that doubles every posting, an export frozen for weeks, a page layout change
that empties a field) passes every row-level expectation; these checks catch it.

Each check compares tonight with the median of the source's recent nights that passed it (their values are
kept in `landing.quality_results`, suite `batch`, column `observed_value`; a flagged night is no baseline, so
a lasting change of volume is accepted by raising the threshold for one night):

- `volume`: records collected; flagged at 0, or at `volume_jump_factor` × the recent median;
- `freshness_days`: age in days of the newest posting (created or updated); flagged beyond `freshness_days`
  when the source was fresh on its recent nights (a feed that went stale). A source stale on every night
  it has, and the bundled sample (a frozen demo), are flagged without holding their data;
- `postings_without_skill_share`: share of tonight's new or changed valid postings with no skill;
- `field_missing_share` (one row per expected field): share of collected records lacking the field, from
  the crawl stats `observatory/field/<source>/<name>/missing`.
Shares are flagged when they rise `share_jump` over their recent median, on at least `min_records` records.

A check that fails with `holds` keeps the source's previous data tonight (flows/nightly.py).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from expectations.results import ExpectationCheck
from observatory.config import QualityChecks

BATCH = "batch"


@dataclass(frozen=True)
class BatchCheck:
    check: ExpectationCheck
    holds: bool  # a failure that keeps the source's previous data

    @property
    def reason(self) -> str:
        return f"{self.check.expectation}{f' ({self.check.column})' if self.check.column else ''}: {self.check.detail}"


def recent_values(con: duckdb.DuckDBPyConnection, source: str, expectation: str, column: str, run_date: date,
                  nights: int) -> list[float]:
    """The observed values of a batch check on the source's last `nights` nights before `run_date`."""
    rows = con.execute(
        "select observed_value from landing.quality_results where source = ? and suite = ? and expectation = ? "
        "and column_name = ? and run_date < ? and success and observed_value is not null order by run_date desc, run_id desc limit ?",
        [source, BATCH, expectation, column, run_date, nights]).fetchall()
    return [float(r[0]) for r in rows]


def _check(source: str, expectation: str, column: str, success: bool, observed: float, detail: str, count: int = 0,
           holds: bool = True) -> BatchCheck:
    return BatchCheck(ExpectationCheck(BATCH, expectation, column, success, element_count=count, observed_value=observed,
                                       detail=detail, source=source), holds=holds and not success)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def volume(con: duckdb.DuckDBPyConnection, source: str, collected: int, run_date: date, settings: QualityChecks,
           expectation: str = "volume") -> BatchCheck:
    """`expectation`: "volume" for a complete listing, "volume_new_records" for a listing of new records only
    (observatory/listing.py): each is compared with the recent nights of its own kind."""
    history = recent_values(con, source, expectation, "", run_date, settings.history_nights)
    median = _median(history)
    against = f"recent median {median:,.0f} over {len(history)} night(s)" if median is not None else "no recent night to compare with"
    if collected == 0:
        return _check(source, expectation, "", False, 0, f"0 records collected ({against})", count=collected)
    if median and collected >= settings.volume_jump_factor * median:
        return _check(source, expectation, "", False, collected,
                      f"{collected:,} records collected, {collected / median:.1f}× the {against} (flagged at "
                      f"{settings.volume_jump_factor:g}×, OBSERVATORY_QUALITY_VOLUME_JUMP)", count=collected)
    return _check(source, expectation, "", True, collected, f"{collected:,} records collected ({against})", count=collected)


def freshness(con: duckdb.DuckDBPyConnection, source: str, newest: datetime | None, run_date: date, settings: QualityChecks,
              sample: bool = False) -> BatchCheck | None:
    """`newest`: the newest creation or update time among the source's postings seen tonight (None: none)."""
    if newest is None:
        return None
    age = (run_date - newest.date()).days
    limit = settings.freshness_days
    if age <= limit:
        return _check(source, "freshness_days", "", True, age, f"newest posting {newest:%Y-%m-%d}, {age} day(s) old")
    median = _median(recent_values(con, source, "freshness_days", "", run_date, settings.history_nights))
    detail = f"newest posting {newest:%Y-%m-%d}, {age} days old (over {limit}, OBSERVATORY_QUALITY_FRESHNESS_DAYS)"
    went_stale = median is not None and median <= limit and not sample
    if not went_stale:
        detail += "; flagged only: " + ("a bundled sample is frozen" if sample else "no fresh night in its recent history")
    return _check(source, "freshness_days", "", False, age, detail, holds=went_stale)


def share_rise(con: duckdb.DuckDBPyConnection, source: str, expectation: str, column: str, part: int, whole: int,
               run_date: date, settings: QualityChecks, what: str) -> BatchCheck | None:
    """A share that must not jump: flagged when it rises `share_jump` over its recent median."""
    if whole == 0:
        return None
    share = part / whole
    median = _median(recent_values(con, source, expectation, column, run_date, settings.history_nights))
    detail = f"{part:,}/{whole:,} {what} ({share:.0%}"
    detail += f"; recent median {median:.0%})" if median is not None else ")"
    rose = median is not None and whole >= settings.min_records and share - median >= settings.share_jump
    if rose:
        detail += f": up {share - median:.0%} (flagged at {settings.share_jump:.0%}, OBSERVATORY_QUALITY_SHARE_JUMP)"
    return _check(source, expectation, column, not rose, share, detail, count=whole)


def missing_fields(con: duckdb.DuckDBPyConnection, source: str, stats: dict, expected: tuple[str, ...], records: int,
                   run_date: date, settings: QualityChecks) -> list[BatchCheck]:
    """One check per field the source's spider expects, from the crawl's counts of records lacking it."""
    checks = []
    for name in expected:
        missing = int(stats.get(f"observatory/field/{source}/{name}/missing", 0))
        check = share_rise(con, source, "field_missing_share", name, missing, records, run_date, settings,
                           "records without the field")
        if check:
            checks.append(check)
    return checks


def parquet_files(paths: list[str]) -> str:
    """A list of Parquet files as a DuckDB list literal."""
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def newest_posting(con: duckdb.DuckDBPyConnection, posting_files: list[str], unchanged_ids: str | None) -> datetime | None:
    """The newest creation or update time among tonight's new or changed postings (Parquet files of the chunks)
    and the postings seen again unchanged (as the warehouse has them)."""
    parts = []
    if posting_files:
        parts.append(f"select created_at, updated_at from read_parquet({parquet_files(posting_files)}, union_by_name = true)")
    if unchanged_ids:
        ids = str(unchanged_ids).replace("'", "''")
        parts.append("select created_at, updated_at from landing.postings "
                     f"where posting_id in (select document_id from read_parquet('{ids}'))")
    if not parts:
        return None
    newest = con.execute("select max(greatest(created_at::timestamp, coalesce(updated_at::timestamp, created_at::timestamp))) "
                         f"from ({' union all '.join(parts)})").fetchall()[0][0]
    return newest
