"""What a spider yields: a raw record to land, or something it had to reject (with the reason).

Both are landed as JSON Lines (one file per source and run, see spiders/settings.py); nothing a source sent
is dropped without a trace. A rejection is either one record (`scope="record"`: an offer without an id) or
a page or document (`scope="page"`: an HTTP error, a download failure, a malformed page), which means the
source did not deliver everything and the crawl is incomplete.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from observatory.personal_data import redact, redact_raw

EXCERPT_CHARS = 300
PAGE, RECORD = "page", "record"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def excerpt_of(value: Any) -> str:
    """A short, redacted excerpt of what was refused: enough to find it again, nothing personal."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, (dict, list)):
        return json.dumps(redact(value), ensure_ascii=False, default=str)[:EXCERPT_CHARS]
    return redact_raw(str(value))[:EXCERPT_CHARS]


@dataclass
class RawRecord:
    """One source record, as the source sent it (after personal data is redacted by the pipelines)."""

    source: str
    record_id: str
    url: str
    payload: dict[str, Any]
    fetched_at: str = field(default_factory=_now)
    content_hash: str = ""  # of the redacted payload (spiders/pipelines/content_hash.py)


def content_hash(payload: Any) -> str:
    """A record's content fingerprint: equal for the same payload whatever its keys' order."""
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha1(canonical.encode("utf-8")).hexdigest()


@dataclass
class RejectedRecord:
    """Something a spider could not turn into a record: malformed document, HTTP error, missing id."""

    source: str
    url: str
    reason: str
    record_id: str | None = None
    excerpt: str = ""
    scope: str = PAGE
    fetched_at: str = field(default_factory=_now)
