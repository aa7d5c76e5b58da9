"""Validate a batch with its suite and split it: rows to load, rows to quarantine with their reasons.

Great Expectations cannot read DuckDB through SQLAlchemy today (upstream issue), so batches are validated
as pandas DataFrames on an ephemeral context, before they are loaded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import great_expectations as gx
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig

from expectations.results import ExpectationCheck, expectation_check


@dataclass
class ValidationOutcome:
    suite: str
    valid: pd.DataFrame
    rejected: pd.DataFrame  # the failing rows
    reasons: dict[int, list[str]]  # positional row index → failed expectations
    statistics: dict[str, int]
    checks: list[ExpectationCheck] = field(default_factory=list)  # one per expectation of the suite
    night_dependent: set[int] = field(default_factory=set)  # rows refused by an expectation that depends on the night

    @property
    def success(self) -> bool:
        return not self.reasons


@lru_cache(maxsize=1)
def _context() -> gx.data_context.AbstractDataContext:
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _describe(result) -> str:
    config = result.expectation_config
    arguments = {k: v for k, v in config.kwargs.items() if k not in ("column", "batch_id", "value_set") and v is not None}
    arguments = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in arguments.items()}
    detail = f" {arguments}" if arguments else ""
    technical = f"{config.type} on {config.kwargs.get('column')}{detail}"
    reason = (config.meta or {}).get("reason")
    return f"{reason} ({technical})" if reason else technical


def validate(frame: pd.DataFrame, suite: gx.ExpectationSuite) -> ValidationOutcome:
    frame = frame.reset_index(drop=True)
    if frame.empty:
        return ValidationOutcome(suite.name, frame, frame, {}, {"rows": 0, "valid": 0, "rejected": 0})  # nothing checked
    context = _context()
    source = context.data_sources.add_or_update_pandas(f"batch_{suite.name}")
    asset = source.add_dataframe_asset(name=suite.name)
    batch = asset.add_batch_definition_whole_dataframe("whole").get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(suite, result_format={"result_format": "COMPLETE"})
    reasons: dict[int, list[str]] = defaultdict(list)
    night_dependent: set[int] = set()
    for check in result.results:
        if check.success:
            continue
        indexes = check.result.get("unexpected_index_list")
        if indexes is None:  # an expectation with no row-level answer fails the whole batch
            indexes = list(range(len(frame)))
        for index in indexes:
            reasons[int(index)].append(_describe(check))
        if (check.expectation_config.meta or {}).get("depends_on_night"):
            night_dependent.update(int(index) for index in indexes)
    failing = sorted(reasons)
    return ValidationOutcome(
        suite.name,
        frame.drop(index=failing).reset_index(drop=True),
        frame.loc[failing],
        dict(reasons),
        {"rows": len(frame), "valid": len(frame) - len(failing), "rejected": len(failing)},
        [expectation_check(suite.name, check, len(frame)) for check in result.results],
        night_dependent,
    )
