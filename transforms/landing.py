"""Read the raw landing files a crawl wrote (JSON Lines, one record per line)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transforms.quarantine import QuarantinedRow, quarantine


@dataclass(frozen=True)
class LandedLine:
    path: Path
    line_number: int
    record: dict[str, Any] | None
    error: str | None = None


def read_landing(path: Path) -> Iterator[LandedLine]:
    """Every line of a landing file; a line that is not a JSON object comes back with its error."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield LandedLine(path, number, None, f"landing line is not JSON: {error}")
                continue
            if isinstance(record, dict):
                yield LandedLine(path, number, record)
            else:
                yield LandedLine(path, number, None, "landing line is not a JSON object")


def read_source(records_path: Path, rejected_path: Path, source: str) -> tuple[list[dict[str, Any]], list[QuarantinedRow]]:
    """The records a crawl landed, and quarantine rows for what it rejected or what cannot be read back."""
    records, quarantined = [], []
    for line in read_landing(records_path):
        if line.record is None:
            quarantined.append(quarantine(source, None, "landing", f"{line.error} ({line.path.name}:{line.line_number})", ""))
        else:
            records.append(line.record)
    for line in read_landing(rejected_path):
        rejected = line.record or {}
        reason = rejected.get("reason") or line.error or "rejected by the spider"
        quarantined.append(quarantine(source, rejected.get("record_id"), "crawl", reason, {"url": rejected.get("url"), "excerpt": rejected.get("excerpt", "")}))
    return records, quarantined
