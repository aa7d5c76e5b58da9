"""The run summary: what each stage read, kept, refused and wrote, recorded in the warehouse and printed."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from expectations.gate import GatedBatch
from spiders.crawl import CrawlResult
from transforms.batch import Batch
from warehouse.load import connect


@dataclass
class RunSummary:
    run_id: str
    run_date: str
    started_at: str
    finished_at: str
    crawled: dict[str, int]
    rejected_by_spiders: dict[str, int]
    transformed: dict[str, int]
    validation: dict[str, dict[str, int]]
    loaded: dict[str, int]
    quarantined_by_reason: dict[str, int]
    reports: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, run_id: str, run_date: date, started: datetime, crawls: list[CrawlResult], batch: Batch,
           gated: GatedBatch, written: dict[str, int], reports: list[Path]) -> RunSummary:
        reasons = Counter(f"{q.stage}: {q.reason.split(' {')[0]}" for q in gated.quarantined)
        return cls(
            run_id=run_id,
            run_date=run_date.isoformat(),
            started_at=started.isoformat(timespec="seconds"),
            finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
            crawled={c.source: c.records for c in crawls},
            rejected_by_spiders={c.source: c.rejected for c in crawls},
            transformed={"postings": len(batch.postings), "trainings": len(batch.trainings),
                         "posting_mentions": len(batch.posting_mentions), "training_mentions": len(batch.training_mentions)},
            validation=gated.statistics,
            loaded=written,
            quarantined_by_reason=dict(reasons.most_common()),
            reports=[str(r) for r in reports],
        )

    def text(self) -> str:
        lines = [f"Nightly run {self.run_id}: {self.started_at} → {self.finished_at}"]
        lines.append("  crawled:     " + ", ".join(f"{k} {v} (+{self.rejected_by_spiders.get(k, 0)} rejected)" for k, v in self.crawled.items()))
        lines.append("  transformed: " + ", ".join(f"{k} {v}" for k, v in self.transformed.items()))
        lines.append("  validated:   " + ", ".join(f"{k} {v['valid']}/{v['rows']}" for k, v in self.validation.items()))
        lines.append("  loaded:      " + ", ".join(f"{k} {v}" for k, v in self.loaded.items()))
        lines.append(f"  quarantined: {sum(self.quarantined_by_reason.values())} rows")
        lines += [f"    {count:4d}  {reason[:110]}" for reason, count in self.quarantined_by_reason.items()]
        lines += [f"  report:      {r}" for r in self.reports]
        return "\n".join(lines)

    def markdown(self) -> str:
        return "```\n" + self.text() + "\n```"


def record_run(warehouse: Path, summary: RunSummary) -> None:
    con = connect(warehouse)
    try:
        con.execute(
            "insert or replace into landing.runs values (?, ?, ?, ?, ?, ?)",
            [summary.run_id, summary.run_date, summary.started_at, summary.finished_at, "completed", json.dumps(asdict(summary))],
        )
    finally:
        con.close()
