"""Validation results kept for analysts: one row per run, source, suite and expectation in
`landing.quality_results`, so quality can be charted over time.

Row-level suites run per chunk (flows/chunks.py); a night's rows are their sum per source. A failing value is
kept only as a short sample, redacted of personal data (observatory/personal_data.py) and cut to
SAMPLE_CHARS: the quarantine holds the refused rows themselves.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

import duckdb
import pandas as pd

from observatory.personal_data import redact_text

SAMPLE_VALUES, SAMPLE_CHARS = 5, 80
SHOWN_SET_VALUES = 30
COLUMNS = ["run_id", "run_date", "source", "suite", "expectation", "column_name", "success", "element_count",
           "unexpected_count", "observed_value", "unexpected_sample", "detail"]


@dataclass(frozen=True)
class ExpectationCheck:
    """One expectation's answer on one batch (or a night's batches once summed)."""

    suite: str
    expectation: str  # the Great Expectations type, or the batch check's name
    column: str  # '' when the check is not about one column
    success: bool
    element_count: int = 0
    unexpected_count: int = 0
    sample: tuple[str, ...] = ()  # a few failing values, redacted and cut
    observed_value: float | None = None
    detail: str = ""  # the sentence a person reads (the expectation's reason, the batch check's finding)
    source: str = ""
    arguments: dict = field(default_factory=dict, compare=False)  # the expectation's kwargs, for Data Docs

    @property
    def key(self) -> tuple[str, str, str, str]:
        return self.source, self.suite, self.expectation, self.column


def shown_value(value: object) -> str:
    """A failing value as it may be stored: personal data redacted, cut to SAMPLE_CHARS."""
    if value is None or (isinstance(value, float) and math.isnan(value)):  # null, or pandas' NaN for it
        return "null"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    text = redact_text(text)
    return text if len(text) <= SAMPLE_CHARS else text[: SAMPLE_CHARS - 1] + "…"


def expectation_check(suite: str, result, rows: int) -> ExpectationCheck:
    """The kept part of one Great Expectations ExpectationValidationResult."""
    config, answer = result.expectation_config, result.result or {}
    failing = answer.get("partial_unexpected_list") or answer.get("unexpected_list") or []
    sample = tuple(dict.fromkeys(shown_value(v) for v in failing))[:SAMPLE_VALUES]
    return ExpectationCheck(suite, config.type, str(config.kwargs.get("column") or ""), bool(result.success),
                            int(answer.get("element_count", rows) or 0), int(answer.get("unexpected_count") or 0), sample,
                            detail=(config.meta or {}).get("reason", ""), arguments=_arguments(config.kwargs))


def _arguments(kwargs: dict) -> dict:
    """An expectation's arguments as Data Docs show them: long value sets cut, dates as text."""
    kept = {}
    for name, value in kwargs.items():
        if name == "batch_id" or value is None:
            continue
        if isinstance(value, (list, tuple, set)):
            value = sorted(value, key=str)[:SHOWN_SET_VALUES] + (["…"] if len(value) > SHOWN_SET_VALUES else [])
        kept[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return kept


def night_checks(source: str, checks: Iterable[ExpectationCheck]) -> list[ExpectationCheck]:
    """A source's chunk checks summed per suite and expectation: failing if it failed on any chunk."""
    summed: dict[tuple, ExpectationCheck] = {}
    for check in checks:
        check = replace(check, source=source)
        seen = summed.get(check.key)
        if seen is None:
            summed[check.key] = check
            continue
        summed[check.key] = replace(
            seen, success=seen.success and check.success, element_count=seen.element_count + check.element_count,
            unexpected_count=seen.unexpected_count + check.unexpected_count,
            sample=tuple(dict.fromkeys(seen.sample + check.sample))[:SAMPLE_VALUES])
    return list(summed.values())


@dataclass
class QualityLog:
    """Every check of a night, row-level and batch-level, as it will be stored."""

    checks: list[ExpectationCheck] = field(default_factory=list)

    def add(self, checks: Iterable[ExpectationCheck]) -> None:
        self.checks.extend(checks)

    def failed(self, suite: str | None = None) -> list[ExpectationCheck]:
        return [c for c in self.checks if not c.success and (suite is None or c.suite == suite)]

    def frame(self, run_id: str, run_date: date) -> pd.DataFrame:
        rows = [[run_id, run_date, c.source, c.suite, c.expectation, c.column, c.success, c.element_count,
                 c.unexpected_count, c.observed_value, json.dumps(list(c.sample), ensure_ascii=False), c.detail]
                for c in self.checks]
        return pd.DataFrame(rows, columns=COLUMNS)


def record_quality(con: duckdb.DuckDBPyConnection, log: QualityLog, run_id: str, run_date: date) -> int:
    """Append the night's checks to landing.quality_results (a re-run of the same run id replaces its rows)."""
    frame = log.frame(run_id, run_date)
    con.execute("delete from landing.quality_results where run_id = ?", [run_id])
    if frame.empty:
        return 0
    con.register("night_quality", frame)
    try:
        con.execute("insert into landing.quality_results by name select * from night_quality")
    finally:
        con.unregister("night_quality")
    return len(frame)
