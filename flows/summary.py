"""The run record: each source's outcome, each stage's time, the night's status; printed, kept in the
warehouse (`landing.runs`, `landing.run_sources`) and as a JSON file beside the landing.

Status of a source: `complete` (delivered and loaded whole), `partial` (some pages lost; what came is
loaded), `failed` (nothing of it loaded tonight: its previous data stays as it was), `skipped` (not
configured). Status of the night: `complete` when every source that ran is complete, `failed` when none
loaded or a night-wide stage failed (then nothing of tonight is published but this record), else `partial`.
"""

from __future__ import annotations

import json
import resource
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from expectations.results import QualityLog, record_quality
from transforms.quarantine import QuarantinedRow
from warehouse.load import connect, in_transaction

COMPLETE, PARTIAL, FAILED, SKIPPED = "complete", "partial", "failed", "skipped"


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (the crawl's process, the chunk workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_rss_mib() -> int:
    """This process's peak resident set so far (VmHWM). Not ru_maxrss, which Linux carries from a parent into a
    child at fork."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024)
    except OSError:  # not Linux
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def one_line(error: BaseException) -> str:
    """An exception as one line a person can read (its type only when the message alone says nothing)."""
    message = next((line.strip() for line in str(error).splitlines() if line.strip()), "")
    return (message if len(message) > 20 else f"{type(error).__name__}: {message}".rstrip(": "))[:400]


@dataclass
class SourceOutcome:
    source: str
    origin: str = ""
    status: str = COMPLETE
    reason: str = ""
    collected: int = 0  # records the crawl landed
    unchanged: int = 0  # of those, loaded before with the same content: only seen again
    lost_pages: int = 0  # pages or documents the source did not deliver
    transformed: int = 0  # postings or programmes after parsing
    valid: int = 0  # of those, passed the gate
    loaded: int = 0  # new or changed postings or programmes written to the warehouse
    closed: int = 0  # no longer returned by a complete crawl: closed (kept, with their last day)
    listing: str = "every active record"  # or "records created since …" (observatory/listing.py): nothing closed
    quarantined: int = 0  # rows refused tonight (crawl, transform, validation)
    new: int = 0  # of the valid new or changed documents, those the warehouse did not have
    changed: int = 0  # ... and those it had with another content
    regrouped: int = 0  # postings whose re-post group changed tonight (duplicates grouped)
    skill_mentions: int = 0  # skill mentions found in tonight's new or changed documents
    skills: int = 0  # distinct skills among them
    warnings: list[str] = field(default_factory=list)

    def fail(self, stage: str, reason: str) -> None:
        self.status, self.reason = FAILED, f"{stage}: {reason}"

    @property
    def usable(self) -> bool:
        return self.status in (COMPLETE, PARTIAL)


@dataclass
class RunSummary:
    run_id: str
    run_date: str
    started_at: str
    finished_at: str = ""
    status: str = ""
    sources: dict[str, SourceOutcome] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage
    stage_cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per stage, the workers' included
    peak_rss_mib: int = 0  # the night's process at its largest (a chunk worker's is its own)
    error: str = ""  # a night-wide stage that failed
    problems: list[str] = field(default_factory=list)  # night-wide problems that did not stop the data
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    new_quarantine_rows: int = 0
    reports: list[str] = field(default_factory=list)
    workers: list[str] = field(default_factory=list)  # host:pid of the processes that extracted tonight's chunks
    quality_flags: list[str] = field(default_factory=list)  # failed batch-level checks (expectations/batch_checks.py)
    data_docs: str = ""  # the night's Great Expectations Data Docs (index page)
    gap_changes: list[str] = field(default_factory=list)  # clear gaps of the region that appeared or went away

    @classmethod
    def start(cls, run_id: str, run_date: date) -> RunSummary:
        return cls(run_id, run_date.isoformat(), datetime.now(UTC).isoformat(timespec="seconds"))

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        began, cpu = time.perf_counter(), cpu_seconds()
        try:
            yield
        finally:
            self.stages[name] = round(self.stages.get(name, 0.0) + time.perf_counter() - began, 2)
            self.stage_cpu[name] = round(self.stage_cpu.get(name, 0.0) + cpu_seconds() - cpu, 2)
            self.peak_rss_mib = peak_rss_mib()

    def count_quarantine(self, rows: list[QuarantinedRow]) -> None:
        reasons = Counter(self.quarantined_by_reason)
        reasons.update(f"{q.source} {q.stage}: {q.reason.split(' {')[0][:160]}" for q in rows)
        self.quarantined_by_reason = dict(reasons.most_common())

    def finish(self) -> None:
        self.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
        ran = [o for o in self.sources.values() if o.status != SKIPPED]
        if self.error or not any(o.usable for o in ran):
            self.status = FAILED
        elif self.problems or any(o.status != COMPLETE for o in ran):
            self.status = PARTIAL
        else:
            self.status = COMPLETE

    @property
    def crawled(self) -> dict[str, int]:
        return {name: o.collected for name, o in self.sources.items() if o.status != SKIPPED}

    @property
    def loaded(self) -> dict[str, int]:
        return {name: o.loaded for name, o in self.sources.items() if o.status != SKIPPED}

    def text(self) -> str:
        took = (datetime.fromisoformat(self.finished_at) - datetime.fromisoformat(self.started_at)).seconds if self.finished_at else 0
        lines = [f"Nightly run {self.run_id}: {self.status.upper()} ({self.started_at} → {self.finished_at}, {took} s)"]
        for o in self.sources.values():
            if o.status == SKIPPED:
                detail = o.reason
            else:
                detail = (f"{o.collected} collected, {o.unchanged} unchanged, {o.valid}/{o.transformed} new or changed valid "
                          f"({o.new} new, {o.changed} changed), {o.loaded} loaded, {o.closed} closed, {o.quarantined} quarantined, "
                          f"{o.regrouped} regrouped as re-posts, {o.skill_mentions} skill mentions of {o.skills} skills")
                detail += f"  from {o.origin}" if o.origin else ""
                detail += f" ({o.listing})" if o.listing != SourceOutcome.listing else ""
                if o.reason:
                    detail += f"\n{'':28}{o.reason}"
            lines.append(f"  {o.source:16} {o.status:9} {detail}")
            lines += [f"{'':28}warning: {w}" for w in o.warnings]
        if self.error:
            lines.append(f"  night failed:  {self.error} (nothing of tonight was published; yesterday's warehouse is intact)")
        lines += [f"  problem:       {p}" for p in self.problems]
        lines += [f"  quality flag:  {flag}" for flag in self.quality_flags]
        lines += [f"  gap changed:   {change}" for change in self.gap_changes]
        lines.append("  stages:        " + self._stage_times() + f"; peak memory {self.peak_rss_mib} MiB")
        total = sum(self.quarantined_by_reason.values())
        lines.append(f"  quarantined:   {total} rows refused tonight ({self.new_quarantine_rows} not refused before)")
        lines += [f"    {count:4d}  {reason[:110]}" for reason, count in list(self.quarantined_by_reason.items())[:12]]
        lines += [f"  report:        {r}" for r in self.reports]
        lines += [f"  data docs:     {self.data_docs}"] if self.data_docs else []
        return "\n".join(lines)

    def markdown(self) -> str:
        """The summary as the Prefect artifact of the run: a table of the sources, then what needs a look."""
        lines = [f"### Nightly run {self.run_id}: {self.status}", "",
                 "| source | status | collected | new | changed | unchanged | closed | loaded | quarantined | regrouped | skill mentions |",
                 "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for o in self.sources.values():
            lines.append(f"| {o.source} | {o.status} | {o.collected} | {o.new} | {o.changed} | {o.unchanged} | {o.closed} | "
                         f"{o.loaded} | {o.quarantined} | {o.regrouped} | {o.skill_mentions} ({o.skills} skills) |")
        lines.append("")
        lines += [f"- **{o.source}**: {o.reason}" for o in self.sources.values() if o.reason]
        lines += [f"- night failed: {self.error}"] if self.error else []
        lines += [f"- problem: {p}" for p in self.problems]
        lines += [f"- quality flag: {flag}" for flag in self.quality_flags]
        lines += [f"- gap changed: {change}" for change in self.gap_changes]
        lines.append("- stages: " + self._stage_times() + f"; peak memory {self.peak_rss_mib} MiB")
        lines += [f"- quarantined {count}: {reason[:160]}" for reason, count in list(self.quarantined_by_reason.items())[:10]]
        lines += [f"- report: `{r}`" for r in self.reports]
        lines += [f"- Data Docs: `{self.data_docs}`"] if self.data_docs else []
        return "\n".join(lines)

    def _stage_times(self) -> str:
        return ", ".join(f"{k} {v:.1f} s (CPU {self.stage_cpu.get(k, 0.0):.1f} s)" for k, v in self.stages.items())

    def as_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)


def record_run(warehouse: Path, summary: RunSummary, quality: QualityLog | None = None) -> None:
    """Write the run, its sources' outcomes and its quality checks into the (working copy of the) warehouse."""
    con = connect(warehouse)
    try:
        in_transaction(con, lambda: (_record(con, summary),
                                     record_quality(con, quality, summary.run_id, date.fromisoformat(summary.run_date)) if quality else 0))
    finally:
        con.close()


def _record(con, summary: RunSummary) -> None:
    con.execute(
        "insert or replace into landing.runs values (?, ?, ?, ?, ?, ?)",
        [summary.run_id, summary.run_date, summary.started_at, summary.finished_at, summary.status, summary.as_json()],
    )
    for o in summary.sources.values():
        con.execute(
            "insert or replace into landing.run_sources by name select ? as run_id, ? as source, ? as status, ? as reason, "
            "? as origin, ? as collected, ? as lost_pages, ? as loaded, ? as quarantined, ? as unchanged, ? as closed, "
            "? as new_documents, ? as changed_documents, ? as regrouped, ? as skill_mentions",
            [summary.run_id, o.source, o.status, o.reason, o.origin, o.collected, o.lost_pages, o.loaded, o.quarantined,
             o.unchanged, o.closed, o.new, o.changed, o.regrouped, o.skill_mentions],
        )


def write_run_file(runs_dir: Path, summary: RunSummary) -> Path:
    """The run record as JSON, kept even when the warehouse could not be written."""
    runs_dir.mkdir(parents=True, exist_ok=True)
    path = runs_dir / f"{summary.run_id}.json"
    path.write_text(summary.as_json(), encoding="utf-8")
    return path
