"""What a spider yields: a raw record to land, or a record it had to reject (with the reason).

Both are landed as JSON Lines (one file per source and run, see spiders/settings.py); nothing a source sent
is dropped without a trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class RawRecord:
    """One source record, as the source sent it (after personal data is redacted by the pipelines)."""

    source: str
    record_id: str
    url: str
    payload: dict[str, Any]
    fetched_at: str = field(default_factory=_now)


@dataclass
class RejectedRecord:
    """Something a spider could not turn into a record: malformed document, HTTP error, missing id."""

    source: str
    url: str
    reason: str
    record_id: str | None = None
    excerpt: str = ""
    fetched_at: str = field(default_factory=_now)
