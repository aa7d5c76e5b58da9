"""The nightly flow: crawl → raw landing → delta → chunks (skills, validation) → DuckDB → marts → report.

Only wiring: every task is a thin call into a plain function of its stage's folder. Each source is crawled,
transformed, validated and loaded on its own, so one that fails costs only itself (it keeps its previous
data). Only new or changed records are processed (transforms/delta.py), in chunks, by worker processes when
there are several (flows/chunks.py); unchanged ones are only seen again, and a source's records no longer
returned by a complete crawl are closed. The warehouse is loaded in a private working copy and published
atomically at the end (warehouse/publish.py), under a lock that refuses a second concurrent run. Whatever
happens, the run is recorded (flows/summary.py). Without live source URLs the flow serves the bundled sample.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import MissingContextError
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect_dask import DaskTaskRunner

from flows.chunks import ChunkJob, ChunkOutput, process_chunk, quarantined_rows
from flows.summary import (
    COMPLETE,
    FAILED,
    PARTIAL,
    RunSummary,
    SourceOutcome,
    one_line,
    record_run,
    write_run_file,
)
from observatory.config import CrawlSettings, Limits, Parallelism, Paths, SourceUrls
from observatory.failpoints import pause_point
from observatory.sample_server import serve_sample_sources
from observatory.sources import CrawlPlan, plan_sources
from reports.site import build_site
from spiders.crawl import CrawlResult, run_crawl
from transforms.delta import SourceDelta, plan_delta
from transforms.frames import taxonomy_frames
from transforms.quarantine import QuarantinedRow
from transforms.skills.taxonomy import default_taxonomy
from warehouse.build import BuildResult, build_models
from warehouse.load import connect, known_versions, load_source_night, load_taxonomy
from warehouse.publish import RunRefused, WorkingCopy, run_lock

progress = logging.getLogger("observatory.progress")


def _say(message: str) -> None:
    """One progress line: on the terminal of `observatory run` and in the Prefect run's logs."""
    progress.info(message)
    try:
        get_run_logger().info(message)
    except MissingContextError:  # called outside a Prefect run (a plain function call)
        return


@task(retries=2, retry_delay_seconds=30, cache_policy=NO_CACHE)
def crawl_source(plan: CrawlPlan, landing: Path, run_date: str, run_id: str, download_delay: float | None,
                 timeout_s: float = 3600) -> CrawlResult:
    return run_crawl(plan.source, plan.spider_args, landing, run_date, run_id, download_delay, timeout_s)


@task(cache_policy=NO_CACHE)
def process_chunk_task(job: ChunkJob) -> ChunkOutput:
    return process_chunk(job)


@flow(name="process-chunks")
def process_chunks(jobs: list[ChunkJob]) -> list[ChunkOutput | BaseException]:
    """Transform, extract and validate every chunk on the flow's task runner (worker processes when parallel)."""
    futures = [process_chunk_task.submit(job) for job in jobs]
    return [future.result(raise_on_failure=False) for future in futures]


def chunk_runner(parallelism: Parallelism, jobs: int, records: int) -> TaskRunner:
    """Dask worker processes for a big night of several chunks (a remote cluster when configured), else in-process."""
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # the workers' chatter stays out of the run's output
    big = jobs > 1 and records >= parallelism.min_parallel_records
    if parallelism.dask_address and big:
        return DaskTaskRunner(address=parallelism.dask_address)
    if big and parallelism.workers > 1:
        cluster = {"n_workers": min(parallelism.workers, jobs), "processes": True, "threads_per_worker": 1,
                   "dashboard_address": None}
        return DaskTaskRunner(cluster_class="distributed.LocalCluster", cluster_kwargs=cluster)
    return ThreadPoolTaskRunner(max_workers=1)


@dataclass
class SourceNight:
    """One source's night after transformation: what to load, and whether absent records may be closed."""

    source: str
    delta: SourceDelta
    outputs: list[ChunkOutput] = field(default_factory=list)
    close_missing: bool = False  # only after a complete crawl: a partial one does not prove an absence

    def tables(self) -> dict[str, list[str]]:
        tables: dict[str, list[str]] = {}
        for output in self.outputs:
            for table, path in output.tables.items():
                tables.setdefault(table, []).append(path)
        return tables

    def quarantined(self) -> list[QuarantinedRow]:
        rows = list(self.delta.quarantined)
        for path in self.tables().get("quarantine", []):
            rows += quarantined_rows(pd.read_parquet(path))
        return rows


@task(cache_policy=NO_CACHE)
def load_source(work: Path, night: SourceNight, run_id: str, run_date: date) -> dict[str, int]:
    """Load one source's night in its own transaction: a failure rolls back this source alone."""
    con = connect(work)
    try:
        written = load_source_night(con, night.source, night.tables(), night.delta.unchanged_path,
                                    night.delta.returned_path if night.close_missing else None,
                                    night.quarantined(), run_id, run_date)
    finally:
        con.close()
    pause_point("load")
    return written


@task(cache_policy=NO_CACHE)
def build_warehouse(work: Path, run_date: date | None = None) -> BuildResult:
    """dbt build of the SQL models and their tests on the working copy (dbt opens the file itself); the marts'
    window ends with the night's month."""
    return build_models(work, window_end=run_date)


@task(cache_policy=NO_CACHE)
def write_reports(work: Path, reports_dir: Path, run_date: date, languages: tuple[str, ...]) -> list[Path]:
    con = connect(work)
    try:
        return [site.index for site in build_site(con, reports_dir, languages, on=run_date)]
    finally:
        con.close()


def _crawl_outcome(outcome: SourceOutcome, crawl: CrawlResult) -> None:
    """What the crawl's stats say about the source: nothing delivered is a failure, lost pages are partial."""
    outcome.collected, outcome.lost_pages, outcome.warnings = crawl.records, crawl.lost_pages, crawl.warnings
    if crawl.records == 0:
        outcome.fail("crawl", f"no records; {crawl.first_lost_page}" if crawl.lost_pages else "the source returned no records")
    elif crawl.lost_pages:
        more = f" (and {crawl.lost_pages - 1} more)" if crawl.lost_pages > 1 else ""
        outcome.status, outcome.reason = PARTIAL, f"crawl: {crawl.lost_pages} page(s) lost: {crawl.first_lost_page}{more}"


def _crawl(run: RunSummary, paths: Paths, crawl: CrawlSettings, limits: Limits, run_date: date,
           download_delay: float | None) -> dict[str, CrawlResult]:
    """Crawl every planned source, each in its own process; a crash or a source with nothing fails alone."""
    with ExitStack() as stack:
        urls = SourceUrls()
        sample_base = None if urls.is_live else stack.enter_context(serve_sample_sources(paths.sample_sources))
        if sample_base:
            _say(f"no live source configured: crawling the bundled sample served at {sample_base}")
            download_delay = 0.0 if download_delay is None else download_delay
        plans, not_crawled = plan_sources(urls, crawl, sample_base)
        for skipped in not_crawled:
            run.sources[skipped.source] = SourceOutcome(skipped.source, status=skipped.status, reason=skipped.reason)
        futures = {}
        for plan in plans:
            run.sources[plan.source] = SourceOutcome(plan.source, origin=plan.origin)
            _say(f"crawl: {plan.source} from {plan.origin}")
            futures[plan.source] = crawl_source.submit(plan, paths.landing, run_date.isoformat(), run.run_id,
                                                       download_delay, limits.crawl_timeout_s)
        crawls: dict[str, CrawlResult] = {}
        for source, future in futures.items():
            result = future.result(raise_on_failure=False)
            if isinstance(result, BaseException):
                run.sources[source].fail("crawl", one_line(result))
            else:
                crawls[source] = result
                _crawl_outcome(run.sources[source], result)
                _say(f"crawl: {source} landed {result.records} records ({result.rejected} refused)")
    return crawls


def _plan(run: RunSummary, crawls: dict[str, CrawlResult], work: Path, work_dir: Path, chunk_size: int) -> list[SourceNight]:
    """Split each crawled source into unchanged records and chunks of new or changed ones."""
    nights: list[SourceNight] = []
    con = connect(work)
    try:
        for source, result in crawls.items():
            outcome = run.sources[source]
            try:
                delta = plan_delta(source, result.records_path, result.rejected_path, known_versions(con, source),
                                   work_dir / source, chunk_size)
            except Exception as error:  # noqa: BLE001 - one source's defect must not cost the others
                outcome.fail("transform", one_line(error))
                continue
            if outcome.status == FAILED:  # nothing delivered: keep only the trace of what was refused
                delta.forget_unchanged()
            outcome.unchanged = delta.unchanged
            _say(f"transform: {source}: {delta.changed} new or changed, {delta.unchanged} unchanged")
            nights.append(SourceNight(source, delta, close_missing=outcome.status == COMPLETE))
    finally:
        con.close()
    return nights


def _extract(run: RunSummary, nights: list[SourceNight], work_dir: Path, crawl: CrawlSettings, limits: Limits,
             parallelism: Parallelism, run_date: date) -> None:
    """Process every chunk of every source (in parallel when there are several); a failed chunk fails its source."""
    latest = datetime.combine(run_date + timedelta(days=limits.future_days_allowed), time.max)
    jobs = [ChunkJob(n.source, chunk, work_dir / n.source / "out", crawl.departments, latest, limits)
            for n in nights for chunk in n.delta.chunks]
    if jobs:
        _say(f"extract: {len(jobs)} chunk(s) of up to {parallelism.chunk_size} records")
        runner = chunk_runner(parallelism, len(jobs), sum(n.delta.changed for n in nights))
        results = process_chunks.with_options(task_runner=runner)(jobs)
        by_source = {n.source: n for n in nights}
        for job, result in zip(jobs, results):
            if isinstance(result, BaseException):
                run.sources[job.source].fail("transform", f"{job.chunk.name}: {one_line(result)}")
            else:
                by_source[job.source].outputs.append(result)
        run.workers = sorted({r.worker for r in results if isinstance(r, ChunkOutput)})
    for night in nights:
        outcome = run.sources[night.source]
        if outcome.status == FAILED:  # load none of this source's rows, only what was refused
            night.outputs = [ChunkOutput(o.source, o.chunk, {k: v for k, v in o.tables.items() if k == "quarantine"})
                             for o in night.outputs]
            night.delta.forget_unchanged()
            night.close_missing = False
        outcome.transformed = sum(o.transformed for o in night.outputs)
        outcome.valid = sum(o.valid for o in night.outputs)
        quarantined = night.quarantined()
        outcome.quarantined = len(quarantined)
        run.count_quarantine(quarantined)


def _load(run: RunSummary, work: Path, nights: list[SourceNight]) -> None:
    con = connect(work)
    try:
        load_taxonomy(con, *taxonomy_frames(default_taxonomy()))
    finally:
        con.close()
    for night in nights:
        outcome = run.sources[night.source]
        _say(f"load: {night.source}")
        try:
            written = load_source(work, night, run.run_id, date.fromisoformat(run.run_date))
        except Exception as error:  # noqa: BLE001 - one source's load must not cost the others
            outcome.fail("load", one_line(error))
            continue
        if outcome.status != FAILED:
            outcome.loaded, outcome.closed = written["loaded"], written["closed"]
        run.new_quarantine_rows += written["quarantine"]


@flow(name="nightly")
def nightly(run_date: date | None = None, languages: tuple[str, ...] = ("fr", "en"), download_delay: float | None = None) -> RunSummary:
    paths, crawl, limits, parallelism = Paths(), CrawlSettings(), Limits(), Parallelism()
    run_date = run_date or date.today()
    run = RunSummary.start(f"{run_date.isoformat()}-{uuid.uuid4().hex[:8]}", run_date)
    work_dir = paths.data_dir / "work" / run.run_id
    try:
        with run_lock(paths.warehouse), WorkingCopy(paths.warehouse) as work:
            current = "crawl"
            try:
                with run.stage("crawl"):
                    crawls = _crawl(run, paths, crawl, limits, run_date, download_delay)
                current = "transform"
                with run.stage("transform"):
                    nights = _plan(run, crawls, work.path, work_dir, parallelism.chunk_size)
                    _extract(run, nights, work_dir, crawl, limits, parallelism, run_date)
                current = "load"
                with run.stage("load"):
                    _load(run, work.path, nights)
                current = "build"
                with run.stage("build"):
                    _say("build: warehouse models (dbt)")
                    built = build_warehouse(work.path, run_date)
                    _say(f"build: {len(built.models)} models, {built.tests_passed} tests passed"
                         + (" (incremental models rebuilt whole)" if built.full_refresh else ""))
            except Exception as error:  # noqa: BLE001 - a night-wide stage failed: publish only the run record
                run.error = f"{current}: {one_line(error)}"
                work.reset()
            if not run.error:
                try:
                    with run.stage("report"):
                        run.reports = [str(p) for p in write_reports(work.path, paths.reports_dir, run_date, languages)]
                except Exception as error:  # noqa: BLE001 - the data stands without its report
                    run.problems.append(f"report: {one_line(error)}")
            run.finish()
            with run.stage("publish"):
                record_run(work.path, run)
                work.publish()
    except RunRefused as refused:
        run.error = str(refused)
        raise
    finally:
        if not run.finished_at:
            run.error = run.error or "the run stopped before it could be recorded"
            run.finish()
        write_run_file(paths.data_dir / "runs", run)
        shutil.rmtree(work_dir, ignore_errors=True)
    create_markdown_artifact(run.markdown(), key="nightly-run-summary", description="Nightly run summary")
    get_run_logger().info(run.text())
    return run


if __name__ == "__main__":
    # Serve the schedule: every night at 02:30 Paris time (a Prefect server or Cloud workspace is needed).
    nightly.serve(name="nightly", cron="30 2 * * *", parameters={})
