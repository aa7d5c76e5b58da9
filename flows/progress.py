"""A night's progress as it goes: one line per step, and counts for the long stages (records crawled per
source, chunks and records extracted).

Lines go to the `observatory.progress` logger and to the Prefect run's logs. On the terminal of
`observatory run` (not with --quiet, not when its output is a file), the counts are also live `rich`
progress bars; elsewhere (Prefect logs, a scheduled night) a count is logged at most every LOG_EVERY_S
seconds and when its stage ends.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from prefect import get_run_logger
from prefect.exceptions import MissingContextError

LOG_EVERY_S = 15.0
progress_log = logging.getLogger("observatory.progress")
_bars = None  # a rich.progress.Progress while `observatory run` shows bars


def say(message: str) -> None:
    """One progress line: on the terminal of `observatory run` and in the Prefect run's logs."""
    progress_log.info(message)
    try:
        get_run_logger().info(message)
    except MissingContextError:  # called outside a Prefect run (a plain function call)
        return


@contextmanager
def bars_on_terminal() -> Iterator[logging.Handler]:
    """Live bars on stderr for the block; yields the logging handler that prints lines above them."""
    global _bars
    from rich.console import Console
    from rich.logging import RichHandler
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    _bars = Progress(TextColumn("{task.description:32}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[unit]}"),
                     TimeElapsedColumn(), console=console, transient=False)
    handler = RichHandler(console=console, show_level=False, show_path=False, omit_repeated_times=False,
                          log_time_format="%H:%M:%S")
    try:
        with _bars:
            yield handler
    finally:
        _bars = None


class Count:
    """A count of things done in one step (records of a crawl, chunks of the extraction)."""

    def __init__(self, description: str, total: int | None, unit: str) -> None:
        self.description, self.total, self.unit = description, total, unit
        self.done, self._logged_at = 0, time.monotonic()
        self._task = _bars.add_task(description, total=total, unit=unit) if _bars else None

    def update(self, done: int, total: int | None = None) -> None:
        self.done, self.total = done, total if total is not None else self.total
        if _bars and self._task is not None:
            _bars.update(self._task, completed=done, total=self.total)
        if time.monotonic() - self._logged_at >= LOG_EVERY_S:
            self._logged_at = time.monotonic()
            self._log()

    def advance(self, by: int = 1) -> None:
        self.update(self.done + by)

    def _log(self) -> None:
        of = f"/{self.total:,}" if self.total is not None else ""
        message = f"{self.description}: {self.done:,}{of} {self.unit}"
        try:
            get_run_logger().info(message)
        except MissingContextError:
            progress_log.debug(message)
        if not _bars:
            progress_log.info(message)

    def finish(self) -> None:
        if _bars and self._task is not None:
            _bars.update(self._task, completed=self.done, total=self.total if self.total is not None else self.done)


@contextmanager
def counting(description: str, total: int | None = None, unit: str = "records") -> Iterator[Count]:
    count = Count(description, total, unit)
    try:
        yield count
    finally:
        count.finish()
