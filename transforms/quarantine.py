"""A row that may not be loaded, with the stage that refused it and why."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class QuarantinedRow:
    source: str
    record_id: str | None
    stage: str  # crawl, transform, validation
    reason: str
    payload: str  # the offending record as JSON (already redacted), truncated

    @property
    def key(self) -> str:
        """Same row, same reason, same key: re-running a night does not quarantine twice."""
        raw = json.dumps([self.source, self.record_id, self.stage, self.reason, self.payload], ensure_ascii=False)
        return hashlib.sha1(raw.encode()).hexdigest()


def quarantine(source: str, record_id: str | None, stage: str, reason: str, payload: Any) -> QuarantinedRow:
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False, default=str)
    return QuarantinedRow(source, record_id, stage, reason, text[:4000])
