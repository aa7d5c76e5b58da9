"""The nightly flow: crawl → raw landing → delta → chunks (skills, validation) → DuckDB → marts → report.

Only wiring: every task is a thin call into a plain function of its stage's folder. Each source is crawled,
transformed, validated and loaded on its own, so one that fails costs only itself (it keeps its previous
data). Only new or changed records are processed (transforms/delta.py), in chunks, by worker processes when
there are several (flows/chunks.py); unchanged ones are only seen again, and a source's records no longer
returned by a complete listing are closed (observatory/listing.py: a night may list only new records). The warehouse is loaded in a private working copy and published
atomically at the end (warehouse/publish.py), under a lock that refuses a second concurrent run. Whatever
happens, the run is recorded (flows/summary.py). Without live source URLs the flow serves the bundled sample.
"""

from __future__ import annotations

import os
import pickle
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import duckdb
import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed, wait
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect_dask import DaskTaskRunner

from expectations import batch_checks
from expectations.data_docs import build_data_docs
from expectations.results import QualityLog, night_checks
from flows.chunks import ChunkJob, ChunkOutput, process_chunk, quarantined_rows
from flows.gap_changes import clear_gaps, gap_changes
from flows.progress import counting, say
from flows.summary import (
    COMPLETE,
    FAILED,
    PARTIAL,
    SKIPPED,
    RunSummary,
    SourceOutcome,
    one_line,
    record_run,
    write_run_file,
)
from flows.warm_workers import WarmWorkers
from observatory.config import CrawlSettings, Limits, Parallelism, Paths, QualityChecks, SourceUrls
from observatory.failpoints import pause_point
from observatory.listing import Listing, plan_listing
from observatory.sample_server import serve_sample_sources
from observatory.sources import POSTINGS, SOURCES, CrawlPlan, plan_sources, side_of, source_named
from reports.site import build_site
from spiders.crawl import CrawlResult, run_crawl
from spiders.settings import landing_paths
from transforms.delta import SourceDelta, plan_delta, refusal_context
from transforms.frames import taxonomy_frames
from transforms.quarantine import QuarantinedRow
from transforms.skills.taxonomy import default_taxonomy
from warehouse.build import BuildResult, build_models
from warehouse.load import (
    connect,
    known_versions,
    listing_state,
    load_source_night,
    load_taxonomy,
    refused_versions,
    stored_quarantine,
)
from warehouse.publish import RunRefused, WorkingCopy, run_lock


@task(retries=2, retry_delay_seconds=30, cache_policy=NO_CACHE)
def crawl_source(plan: CrawlPlan, landing: Path, run_date: str, run_id: str, download_delay: float | None,
                 timeout_s: float = 3600) -> CrawlResult:
    return run_crawl(plan.source, plan.spider_args, landing, run_date, run_id, download_delay, timeout_s)


@task(retries=1, retry_delay_seconds=10, cache_policy=NO_CACHE)
def process_chunk_task(job: ChunkJob) -> ChunkOutput:
    """One chunk; tried again once (a worker lost or a transient error must not fail a national night's source,
    and a chunk's outputs are rewritten whole, so a second try is safe)."""
    return process_chunk(job)


@flow(name="process-chunks")
def process_chunks(jobs_file: Path) -> list[ChunkOutput | BaseException]:
    """Transform, extract and validate every chunk on the flow's task runner (worker processes when parallel).
    The jobs come in a file, not as the flow's parameter: Prefect sends the flow run's parameters with every task
    it submits to a worker, so a list of N jobs made the night's process hold N x N of them (1.5 GiB at 500 chunks)."""
    jobs: list[ChunkJob] = pickle.loads(jobs_file.read_bytes())
    futures = [process_chunk_task.submit(job) for job in jobs]
    with counting("extract: chunks", total=len(jobs), unit="chunks") as done:
        for _ in as_completed(futures):
            done.advance()
    return [future.result(raise_on_failure=False) for future in futures]


def chunk_runner(parallelism: Parallelism, jobs: int, records: int, warm: WarmWorkers | None = None) -> TaskRunner:
    """Dask worker processes for a big night of several chunks (a remote cluster when configured), else in-process.
    Local workers started during the crawl (flows/warm_workers.py) take every chunk, small nights' included: they
    are ready, and the night's process need not load spaCy as well."""
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # the workers' chatter stays out of the run's output
    big = jobs > 1 and records >= parallelism.min_parallel_records
    if parallelism.dask_address and big:
        return DaskTaskRunner(address=parallelism.dask_address)
    if warm is not None and (big or warm.started):
        warm.start()  # a no-op when the crawl already started them
        address = warm.address()
        if address:
            return DaskTaskRunner(address=address)
        say(f"extract: the worker processes could not start ({one_line(warm.error)}): the chunks run in this process")
    return ThreadPoolTaskRunner(max_workers=1)


@contextmanager
def workers_report_here() -> Iterator[None]:
    """Worker processes started meanwhile report their task runs to this process's Prefect API. Without a
    configured API (PREFECT_API_URL), each process would start an ephemeral server of its own: a uvicorn process,
    its imports and database migrations (≈ 17 CPU-s per worker per night, measured with py-spy at 10k), and the
    chunks' task runs would be recorded in a server that dies with its worker."""
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value() or os.environ.get("PREFECT_API_URL"):
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()  # the one this process's client started (started now if not yet)
    server.start()
    os.environ["PREFECT_API_URL"] = server.api_url  # spawned processes inherit it
    try:
        yield
    finally:
        os.environ.pop("PREFECT_API_URL", None)


@contextmanager
def local_workers(parallelism: Parallelism) -> Iterator[WarmWorkers | None]:
    """The night's local worker processes, not started yet (None with a remote cluster or a single worker); they
    report to this process's Prefect API and are stopped at the end of the block, before the load and the build."""
    if parallelism.dask_address or parallelism.workers < 2:
        yield None
        return
    warm = WarmWorkers(parallelism.workers)
    with workers_report_here():
        try:
            yield warm
        finally:
            warm.close()


def _start_when_parallel(warm: WarmWorkers | None, parallelism: Parallelism) -> Callable[[int], None] | None:
    """Start the workers during the crawl once it has landed enough likely new records (`likely_new`) for a parallel
    night. A complete listing of known records does not start them: its few changes rarely need them (a 10k night
    of 100 changes spent 16 CPU-s and 9 s starting workers it did not need); a big delta there starts them after the
    delta is known, as before."""
    if warm is None:
        return None
    return lambda landed: warm.start() if landed >= parallelism.min_parallel_records else None


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
def build_warehouse(work: Path, run_date: date | None = None, full_refresh: bool | None = None,
                    variables: dict | None = None) -> BuildResult:
    """dbt build of the SQL models and their tests on the working copy (dbt opens the file itself); the marts'
    window ends with the night's month."""
    return build_models(work, full_refresh=full_refresh, window_end=run_date, variables=variables)


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


def _listings(work: WorkingCopy, crawl: CrawlSettings, run_date: date) -> dict[str, Listing]:
    """Tonight's listing of each source that can list only its new records (observatory/listing.py). Read from the
    published warehouse, read-only, while the night's working copy of it is being made (the crawl does not wait for
    it); from the working copy if someone holds the published file open for writing."""
    try:
        con = duckdb.connect(str(work.published), read_only=True) if work.published.exists() else None
    except duckdb.Error:  # locked by a writer
        con = connect(work.ready())
    try:
        def state(source: str) -> tuple[datetime | None, date | None]:
            try:
                return listing_state(con, source) if con is not None else (None, None)
            except duckdb.CatalogException:  # a warehouse from before the listing state: a complete listing
                return None, None
        return {s.name: plan_listing(crawl.mode, run_date, *state(s.name), crawl.new_overlap_days,
                                     crawl.complete_every_days) for s in SOURCES if s.created_since_argument}
    finally:
        if con is not None:
            con.close()


def _crawl(run: RunSummary, paths: Paths, crawl: CrawlSettings, limits: Limits, run_date: date,
           download_delay: float | None, work: WorkingCopy, only: list[str] | None = None,
           on_landed: Callable[[int], None] | None = None) -> dict[str, tuple[CrawlResult, Listing]]:
    """Crawl every planned source, each in its own process; a crash or a source with nothing fails alone.
    `on_landed` is told the records landed so far by the sources whose records are likely new (`likely_new`)."""
    with ExitStack() as stack:
        urls = SourceUrls()
        sample_base = None if urls.is_live else stack.enter_context(serve_sample_sources(paths.sample_sources))
        if sample_base:
            say(f"no live source configured: crawling the bundled sample served at {sample_base}")
            download_delay = 0.0 if download_delay is None else download_delay
        tonight = _listings(work, crawl, run_date)
        plans, not_crawled = plan_sources(urls, crawl, sample_base, tonight)
        for skipped in not_crawled:
            run.sources[skipped.source] = SourceOutcome(skipped.source, status=skipped.status, reason=skipped.reason)
        futures = {}
        for plan in plans:
            if only and plan.source not in only:
                run.sources[plan.source] = SourceOutcome(plan.source, status=SKIPPED, reason="not among this run's sources")
                continue
            run.sources[plan.source] = SourceOutcome(plan.source, origin=plan.origin, listing=plan.listing.describe())
            say(f"crawl: {plan.source} from {plan.origin} ({plan.listing.describe()})")
            futures[plan.source] = crawl_source.submit(plan, paths.landing, run_date.isoformat(), run.run_id,
                                                       download_delay, limits.crawl_timeout_s)
        new = likely_new(tonight)
        _follow_crawls(futures, paths.landing, run_date, run.run_id,
                       on_landed=None if on_landed is None else lambda landed: on_landed(sum(landed.get(s, 0) for s in new)))
        listings = {plan.source: plan.listing for plan in plans}
        crawls: dict[str, tuple[CrawlResult, Listing]] = {}
        for source, future in futures.items():
            result = future.result(raise_on_failure=False)
            if isinstance(result, BaseException):
                run.sources[source].fail("crawl", one_line(result))
            else:
                crawls[source] = result, listings[source]
                _crawl_outcome(run.sources[source], result)
                say(f"crawl: {source} landed {result.records} records ({result.rejected} refused)")
    return crawls


class _LandedCount:
    """Records landed so far in a crawl's JSON Lines file, reading only what was appended since the last look
    (counting the whole file every second re-read it quadratically: gigabytes over a national crawl)."""

    def __init__(self, path: Path) -> None:
        self.path, self.offset, self.records = path, 0, 0

    def __call__(self) -> int:
        try:
            if self.path.stat().st_size < self.offset:  # a retried crawl started its landing again
                self.offset, self.records = 0, 0
            with self.path.open("rb") as landing:
                landing.seek(self.offset)
                appended = landing.read()
        except OSError:  # not created yet
            return self.records
        whole_lines = appended.rfind(b"\n") + 1  # a line being written is counted once it ends
        self.records += appended.count(b"\n", 0, whole_lines)
        self.offset += whole_lines
        return self.records


def likely_new(listings: dict[str, Listing]) -> set[str]:
    """The sources whose records tonight are mostly new: listed since the newest one held, or none held yet. A complete
    listing of a source already held is mostly unchanged records (1 % changed on a typical night)."""
    return {source for source, listing in listings.items() if not listing.complete or listing.nothing_held}


def _follow_crawls(futures: dict, landing: Path, run_date: date, run_id: str, every_s: float = 1.0,
                   on_landed: Callable[[dict[str, int]], None] | None = None) -> None:
    """Count each source's landed records while its crawl runs (a bar each on the terminal, lines in the logs);
    `on_landed` is told each source's records landed so far, every `every_s` seconds."""
    with ExitStack() as stack:
        counts = {source: stack.enter_context(counting(f"crawl: {source}", unit="records")) for source in futures}
        landed = {source: _LandedCount(landing_paths(landing, source, run_date.isoformat(), run_id)[0]) for source in futures}
        while True:
            done = wait(list(futures.values()), timeout=every_s).done
            totals = {source: landed[source]() for source in futures}
            for source, count in counts.items():
                count.update(totals[source])
            if on_landed is not None:
                on_landed(totals)
            if len(done) == len(futures):
                return


def _plan(run: RunSummary, crawls: dict[str, tuple[CrawlResult, Listing]], work: Path, work_dir: Path,
          chunk_size: int, region: tuple[str, ...], full: bool = False) -> list[SourceNight]:
    """Split each crawled source into unchanged records, records refused before with the same content (refused
    again from their stored reasons) and chunks of new or changed ones."""
    nights: list[SourceNight] = []
    con = connect(work)
    try:
        for source, (result, listing) in crawls.items():
            outcome = run.sources[source]
            try:
                # full: every record processed again; else what the warehouse holds of tonight's documents only
                known = set() if full else (lambda ids, source=source: known_versions(con, source, ids))
                refused = {} if full else refused_versions(con, source, refusal_context(region))
                delta = plan_delta(source, result.records_path, result.rejected_path, known, work_dir / source, chunk_size, refused)
                delta.quarantined += stored_quarantine(con, delta.refused_again)
            except Exception as error:  # noqa: BLE001 - one source's defect must not cost the others
                outcome.fail("transform", one_line(error))
                continue
            if outcome.status == FAILED:  # nothing delivered: keep only the trace of what was refused
                delta.forget_unchanged()
            outcome.unchanged = delta.unchanged
            refused_again = f", {delta.refused_records} refused before and unchanged" if delta.refused_records else ""
            say(f"transform: {source}: {delta.changed} new or changed, {delta.unchanged} unchanged{refused_again}")
            # only a complete listing of a complete crawl proves that an absent record was withdrawn
            nights.append(SourceNight(source, delta, close_missing=outcome.status == COMPLETE and listing.complete))
    finally:
        con.close()
    return nights


def _extract(run: RunSummary, nights: list[SourceNight], work_dir: Path, crawl: CrawlSettings, limits: Limits,
             parallelism: Parallelism, run_date: date, warm: WarmWorkers | None) -> None:
    """Process every chunk of every source (in parallel when there are several); a failed chunk fails its source."""
    latest = datetime.combine(run_date + timedelta(days=limits.future_days_allowed), time.max)
    jobs = [ChunkJob(n.source, chunk, work_dir / n.source / "out", crawl.departments, latest, limits)
            for n in nights for chunk in n.delta.chunks]
    if jobs:
        say(f"extract: {len(jobs)} chunk(s) of up to {parallelism.chunk_size} records")
        runner = chunk_runner(parallelism, len(jobs), sum(n.delta.changed for n in nights), warm)
        jobs_file = work_dir / "chunk_jobs.pickle"
        jobs_file.parent.mkdir(parents=True, exist_ok=True)
        jobs_file.write_bytes(pickle.dumps(jobs))
        with workers_report_here():
            results = process_chunks.with_options(task_runner=runner)(jobs_file)
        by_source = {n.source: n for n in nights}
        for job, result in zip(jobs, results):
            if isinstance(result, BaseException):
                run.sources[job.source].fail("transform", f"{job.chunk.name}: {one_line(result)}")
            else:
                by_source[job.source].outputs.append(result)
        run.workers = sorted({r.worker for r in results if isinstance(r, ChunkOutput)})
    if warm is not None:  # within the stage: their memory goes back before the load, their CPU time is the stage's
        problem = warm.close()
        if problem:
            run.problems.append(f"extract: the worker processes did not stop cleanly ({problem})")


def _settle(run: RunSummary, nights: list[SourceNight]) -> None:
    """Count what each source keeps; a failed source (crawl, transform or batch check) loads only its refusals."""
    for night in nights:
        outcome = run.sources[night.source]
        if outcome.status == FAILED:  # load none of this source's rows, only what was refused
            night.outputs = [ChunkOutput(o.source, o.chunk, {k: v for k, v in o.tables.items() if k == "quarantine"})
                             for o in night.outputs]
            night.delta.forget_unchanged()
            night.close_missing = False
            outcome.new = outcome.changed = outcome.skill_mentions = outcome.skills = 0
        outcome.transformed = sum(o.transformed for o in night.outputs)
        outcome.valid = sum(o.valid for o in night.outputs)
        quarantined = night.quarantined()
        outcome.quarantined = len(quarantined)
        run.count_quarantine(quarantined)


def _judge(run: RunSummary, source: str, checks: list[batch_checks.BatchCheck | None], quality: QualityLog) -> None:
    """Keep the checks; a failed one is a quality flag, and one that holds keeps the source's previous data."""
    outcome = run.sources[source]
    for check in filter(None, checks):
        quality.add([check.check])
        if check.check.success:
            continue
        run.quality_flags.append(f"{source} {check.reason}")
        if check.holds and outcome.status != FAILED:
            outcome.fail("quality", f"{check.reason}; its previous data is kept")
            say(f"quality: {source} held: {check.reason}")


def _check_crawls(run: RunSummary, crawls: dict[str, tuple[CrawlResult, Listing]], work: Path, quality: QualityLog,
                  run_date: date) -> None:
    """Each source's volume and missing fields against its recent nights, before anything of it is processed."""
    settings = QualityChecks()
    con = connect(work)
    try:
        for source, (crawl, listing) in crawls.items():
            try:
                expected = getattr(source_named(source).load("spider"), "expected_fields", ())
                kind = "volume" if listing.complete else "volume_new_records"  # compared with nights of its kind
                _judge(run, source, [batch_checks.volume(con, source, crawl.records, run_date, settings, kind)]
                       + batch_checks.missing_fields(con, source, crawl.stats, expected, crawl.records, run_date, settings), quality)
            except Exception as error:  # noqa: BLE001 - a check that cannot run is a problem, not a lost night
                run.problems.append(f"batch checks of {source}: {one_line(error)}")
    finally:
        con.close()


def _check_nights(run: RunSummary, nights: list[SourceNight], work: Path, quality: QualityLog, run_date: date) -> None:
    """The night's validation results, and each posting source's freshness and share of postings without a skill."""
    settings = QualityChecks()
    con = connect(work)
    try:
        for night in nights:
            quality.add(night_checks(night.source, (c for o in night.outputs for c in o.checks)))
            try:
                _count_documents(con, run.sources[night.source], night)
                if side_of(night.source) == POSTINGS:
                    _judge(run, night.source, _posting_checks(con, run.sources[night.source], night, run_date, settings), quality)
            except Exception as error:  # noqa: BLE001 - a check that cannot run is a problem, not a lost night
                run.problems.append(f"batch checks of {night.source}: {one_line(error)}")
    finally:
        con.close()


def _posting_checks(con, outcome: SourceOutcome, night: SourceNight, run_date: date,
                    settings: QualityChecks) -> list[batch_checks.BatchCheck | None]:
    newest = batch_checks.newest_posting(con, night.tables().get("postings", []), night.delta.unchanged_path)
    return [
        batch_checks.freshness(con, night.source, newest, run_date, settings, sample=outcome.origin == "bundled sample"),
        batch_checks.share_rise(con, night.source, "postings_without_skill_share", "", sum(o.skill_less for o in night.outputs),
                                sum(o.valid for o in night.outputs), run_date, settings, "new or changed postings without a skill"),
    ]


def _count_documents(con, outcome: SourceOutcome, night: SourceNight) -> None:
    """Tonight's valid documents new to the warehouse or changed, and the skill mentions found in them."""
    tables = night.tables()
    documents, key = ("postings", "posting_id") if side_of(night.source) == POSTINGS else ("trainings", "training_id")
    if tables.get(documents):
        outcome.new, outcome.changed = con.execute(
            f"select count(*) filter (where d.{key} is null), count(d.{key}) from read_parquet({batch_checks.parquet_files(tables[documents])}) t "
            f"left join landing.{documents} d on d.{key} = t.{key}").fetchall()[0]
    mentions = tables.get("posting_mentions" if documents == "postings" else "training_mentions")
    if mentions:
        outcome.skill_mentions, outcome.skills = con.execute(
            f"select count(*), count(distinct concept_id) from read_parquet({batch_checks.parquet_files(mentions)}, union_by_name = true) "
            "where kind = 'skill'").fetchall()[0]


def _load(run: RunSummary, work: Path, nights: list[SourceNight]) -> None:
    con = connect(work)
    try:
        load_taxonomy(con, *taxonomy_frames(default_taxonomy()))
    finally:
        con.close()
    for night in nights:
        outcome = run.sources[night.source]
        say(f"load: {night.source}")
        try:
            written = load_source(work, night, run.run_id, date.fromisoformat(run.run_date))
        except Exception as error:  # noqa: BLE001 - one source's load must not cost the others
            outcome.fail("load", one_line(error))
            continue
        if outcome.status != FAILED:
            outcome.loaded, outcome.closed, outcome.regrouped = written["loaded"], written["closed"], written.get("regrouped", 0)
        run.new_quarantine_rows += written["quarantine"]


@flow(name="nightly")
def nightly(run_date: date | None = None, languages: tuple[str, ...] = ("fr", "en"), download_delay: float | None = None,
            sources: list[str] | None = None, departments: list[str] | None = None, window_months: int | None = None,
            full: bool = False) -> RunSummary:
    """One night. Every parameter defaults from the configuration: `sources` (default: every configured one),
    `departments` (OBSERVATORY_DEPARTMENTS), `window_months` (the marts' window, warehouse/dbt_project.yml),
    `full` (process every record again and rebuild the incremental models whole, instead of only what changed)."""
    paths, crawl, limits, parallelism = Paths(), CrawlSettings(), Limits(), Parallelism()
    if departments:
        crawl = replace(crawl, departments=tuple(departments))
    for name in sources or ():
        source_named(name)  # an unknown source is an error, never a guess
    run_date = run_date or date.today()
    run = RunSummary.start(f"{run_date.isoformat()}-{uuid.uuid4().hex[:8]}", run_date)
    quality = QualityLog()
    work_dir = paths.data_dir / "work" / run.run_id
    try:
        with run_lock(paths.warehouse), WorkingCopy(paths.warehouse, in_background=True) as work:
            current = "crawl"
            try:
                with local_workers(parallelism) as warm:
                    with run.stage("crawl"):
                        crawls = _crawl(run, paths, crawl, limits, run_date, download_delay, work, sources,
                                        on_landed=_start_when_parallel(warm, parallelism))
                        _check_crawls(run, crawls, work.ready(), quality, run_date)
                    current = "transform"
                    with run.stage("transform"):
                        nights = _plan(run, crawls, work.path, work_dir, parallelism.chunk_size, crawl.departments, full)
                        _extract(run, nights, work_dir, crawl, limits, parallelism, run_date, warm)
                        _check_nights(run, nights, work.path, quality, run_date)
                        _settle(run, nights)
                current = "load"
                with run.stage("load"):
                    _load(run, work.path, nights)
                current = "build"
                with run.stage("build"):
                    say("build: warehouse models (dbt)")
                    gaps_before = clear_gaps(work.path)
                    built = build_warehouse(work.path, run_date, True if full else None,
                                            {"window_months": window_months} if window_months else None)
                    say(f"build: {len(built.models)} models, {built.tests_passed} tests passed"
                         + (" (incremental models rebuilt whole)" if built.full_refresh else ""))
                    run.gap_changes = gap_changes(gaps_before, clear_gaps(work.path))
            except Exception as error:  # noqa: BLE001 - a night-wide stage failed: publish only the run record
                run.error = f"{current}: {one_line(error)}"
                work.reset()
            if not run.error:
                try:
                    with run.stage("report"):
                        run.reports = [str(p) for p in write_reports(work.path, paths.reports_dir, run_date, languages)]
                except Exception as error:  # noqa: BLE001 - the data stands without its report
                    run.problems.append(f"report: {one_line(error)}")
            try:
                with run.stage("data docs"):
                    run.data_docs = str(build_data_docs(paths.data_dir / "data_docs", run.run_id, run.started_at, quality.checks))
            except Exception as error:  # noqa: BLE001 - the results stand in landing.quality_results without their pages
                run.problems.append(f"data docs: {one_line(error)}")
            run.finish()
            with run.stage("publish"):
                record_run(work.path, run, quality)
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
    # The same as `observatory serve`: the nightly deployment on its schedule (flows/deployment.py).
    from flows.deployment import serve

    serve()
