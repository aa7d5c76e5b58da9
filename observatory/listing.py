"""Which nights list every active record of a source, and which list only its new ones.

A *complete* listing returns every record the source still publishes: it is the only way to learn that a
posting was withdrawn (it is then closed) or edited. A *new-records* listing asks only for what was created
since the newest record the warehouse holds, minus a few days of overlap (an offer can be published a little
after its creation date): its cost follows tonight's new records, not the size of the warehouse, and it closes
nothing. Only sources whose spider can filter on creation dates (`Source.created_since_argument`) list new
records; the others are always listed completely.

Modes (`OBSERVATORY_CRAWL_MODE`, see observatory/config.py):
- `complete`: every night is complete (the default: a region's few tens of thousands of offers take a minute);
- `new`: every night lists new records only (withdrawals and edits wait for a `complete` run);
- `auto`: new records, and a complete listing when the last one is `complete_every_days` old or more (national
  scale: a million offers listed once a week, the new ones every night).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

COMPLETE, NEW, AUTO = "complete", "new", "auto"
MODES = (COMPLETE, NEW, AUTO)


@dataclass(frozen=True)
class Listing:
    """Tonight's listing of one source: complete, or the records created since `created_since`. `nothing_held`: the
    warehouse holds none of the source's records yet, so every record listed is new."""

    created_since: datetime | None = None
    nothing_held: bool = False

    @property
    def complete(self) -> bool:
        return self.created_since is None

    def describe(self) -> str:
        return "every active record" if self.complete else f"records created since {self.created_since:%Y-%m-%d %H:%M}"


def plan_listing(mode: str, run_date: date, newest_created: datetime | None, last_complete_on: date | None,
                 overlap_days: int, complete_every_days: int) -> Listing:
    """Tonight's listing for a source that can list new records. `newest_created`: the newest creation date the
    warehouse holds for it; `last_complete_on`: the night of its last complete listing (None: never)."""
    if mode not in MODES:
        raise ValueError(f"unknown crawl mode {mode!r}: use one of {', '.join(MODES)} (OBSERVATORY_CRAWL_MODE)")
    if newest_created is None:  # nothing loaded yet: the first night lists everything, all of it new
        return Listing(nothing_held=True)
    if mode == COMPLETE:
        return Listing()
    if mode == AUTO and (last_complete_on is None or (run_date - last_complete_on).days >= complete_every_days):
        return Listing()
    return Listing(newest_created.replace(microsecond=0) - timedelta(days=overlap_days))
