"""A row that may not be loaded, with the stage that refused it and why.

Whatever a quarantine row keeps is redacted like a landed record (observatory/personal_data.py), and its key
is stable across runs: the same record refused for the same reason on another night (or by the demo's
sample server on another port) is the same row, refused again.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from observatory.personal_data import redact, redact_raw

PAYLOAD_CHARS = 4000
VOLATILE_KEYS = frozenset({"fetched_at"})  # when a record was fetched says nothing about what was refused
URL_HOST = re.compile(r"\b(https?://)[^/\s\"']+")
# A time of day in a reason or a URL (a crawl window ending when the crawl started) says when, not what.
TIME_OF_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T]|%20)\d{2}(?::|%3A)\d{2}(?::|%3A)\d{2}(?:\.\d+)?Z?")


@dataclass(frozen=True)
class QuarantinedRow:
    source: str
    record_id: str | None
    stage: str  # landing, crawl, transform, validation, load
    reason: str
    payload: str  # the offending record as JSON (redacted), truncated
    # True when the verdict follows from the record's content alone (and the processing version and region), so
    # the same content is refused again without being processed (transforms/delta.py); False when another night
    # may accept it (a date after tonight, an id repeated within the batch).
    final: bool = True

    @property
    def key(self) -> str:
        """Same record, same stage, same reason: same key, on every night."""
        raw = json.dumps([self.source, self.record_id, self.stage, _stable(self.reason), _stable(self.payload)], ensure_ascii=False)
        return hashlib.sha1(raw.encode()).hexdigest()


def _stable(text: str) -> str:
    """Text without what changes from one run to the next: fetch times, times of day, the host (and port) of URLs."""
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if isinstance(value, dict):
        text = json.dumps({k: v for k, v in value.items() if k not in VOLATILE_KEYS}, ensure_ascii=False, sort_keys=True, default=str)
    return TIME_OF_DAY.sub(r"\1", URL_HOST.sub(r"\1", text))


def quarantine(source: str, record_id: str | None, stage: str, reason: str, payload: Any, final: bool = True) -> QuarantinedRow:
    text = redact_raw(payload) if isinstance(payload, str) else json.dumps(redact(payload), ensure_ascii=False, default=str)
    return QuarantinedRow(source, record_id, stage, reason, text[:PAYLOAD_CHARS], final)
