"""The nightly flow: crawl → raw landing → skills → validation → DuckDB → marts → report.

Only wiring: every task is a thin call into a plain function of its stage's folder. Each source is crawled,
transformed, validated and loaded on its own, so one that fails costs only itself (it keeps its previous
data). The warehouse is loaded in a private working copy and published atomically at the end
(warehouse/publish.py), under a lock that refuses a second concurrent run. Whatever happens, the run is
recorded (flows/summary.py). Without live source URLs the flow serves the bundled sample on 127.0.0.1.
"""

from __future__ import annotations

import logging
import uuid
from contextlib import ExitStack
from datetime import date, datetime, time, timedelta
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import MissingContextError

from expectations.gate import GatedBatch, gate
from flows.summary import FAILED, PARTIAL, RunSummary, SourceOutcome, one_line, record_run, write_run_file
from observatory.config import CrawlSettings, Limits, Paths, SourceUrls
from observatory.failpoints import pause_point
from observatory.sample_server import serve_sample_sources
from observatory.sources import CrawlPlan, plan_sources
from reports.skill_gap import render_report
from spiders.crawl import CrawlResult, run_crawl
from transforms.batch import Batch, LandedSource, build_batch
from transforms.frames import taxonomy_frames
from transforms.skills.extractor import SkillExtractor
from warehouse.build import build_models
from warehouse.load import connect, load_gated, load_taxonomy
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
def transform_source(crawl: CrawlResult, extractor: SkillExtractor, limits: Limits) -> Batch:
    return build_batch(LandedSource(crawl.source, crawl.records_path, crawl.rejected_path), extractor, limits)


@task(cache_policy=NO_CACHE)
def validate_source(batch: Batch, concept_ids: list[str], region: tuple[str, ...], latest: datetime) -> GatedBatch:
    return gate(batch, concept_ids, region, latest)


@task(cache_policy=NO_CACHE)
def load_sources(work: Path, batches: list[GatedBatch], extractor: SkillExtractor, run: RunSummary) -> None:
    """Load each source in its own transaction: a source whose load fails is rolled back alone."""
    concepts, skill_areas = taxonomy_frames(extractor.taxonomy)
    con = connect(work)
    try:
        load_taxonomy(con, concepts, skill_areas)
        for gated in batches:
            outcome = run.sources[gated.source]
            _say(f"load: {gated.source}")
            try:
                written = load_gated(con, gated, run.run_id, date.fromisoformat(run.run_date))
            except Exception as error:  # noqa: BLE001 - one source's load must not cost the others
                outcome.fail("load", one_line(error))
                continue
            outcome.loaded = written["postings"] + written["trainings"]
            run.new_quarantine_rows += written["quarantine"]
            pause_point("load")
    finally:
        con.close()


@task(cache_policy=NO_CACHE)
def build_warehouse(work: Path) -> list[str]:
    con = connect(work)
    try:
        return build_models(con)
    finally:
        con.close()


@task(cache_policy=NO_CACHE)
def write_reports(work: Path, reports_dir: Path, run_date: date, languages: tuple[str, ...]) -> list[Path]:
    con = connect(work)
    try:
        return [render_report(con, reports_dir, run_date, language).path for language in languages]
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


def _collect(run: RunSummary, paths: Paths, crawl: CrawlSettings, limits: Limits, run_date: date,
             download_delay: float | None) -> tuple[list[GatedBatch], SkillExtractor]:
    """Crawl every planned source, then transform and validate each one that delivered, on its own."""
    with ExitStack() as stack:
        urls = SourceUrls()
        sample_base = None if urls.is_live else stack.enter_context(serve_sample_sources(paths.sample_sources))
        if sample_base:
            _say(f"no live source configured: crawling the bundled sample served at {sample_base}")
            download_delay = 0.0 if download_delay is None else download_delay
        plans, not_crawled = plan_sources(urls, crawl, sample_base)
        for skipped in not_crawled:
            run.sources[skipped.source] = SourceOutcome(skipped.source, status=skipped.status, reason=skipped.reason)
        with run.stage("crawl"):
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
    extractor = SkillExtractor()
    concept_ids = list(extractor.taxonomy.by_id)
    latest = datetime.combine(run_date + timedelta(days=limits.future_days_allowed), time.max)
    batches = []
    for source, result in crawls.items():
        outcome = run.sources[source]
        stage = "transform"
        try:
            with run.stage("transform"):
                _say(f"transform and extract: {source}")
                batch = transform_source(result, extractor, limits)
            stage = "validate"
            with run.stage("validate"):
                gated = validate_source(batch, concept_ids, crawl.departments, latest)
        except Exception as error:  # noqa: BLE001 - one source's defect must not cost the others
            outcome.fail(stage, one_line(error))
            continue
        outcome.transformed, outcome.valid = batch.documents, gated.documents
        outcome.quarantined = len(gated.quarantined)
        run.count_quarantine(gated.quarantined)
        if outcome.status == FAILED:  # nothing delivered: keep only the trace of what was refused
            gated = _only_quarantine(gated)
        batches.append(gated)
    return batches, extractor


def _only_quarantine(gated: GatedBatch) -> GatedBatch:
    return GatedBatch(gated.source, gated.postings.iloc[0:0], gated.trainings.iloc[0:0], gated.training_units.iloc[0:0],
                      gated.posting_mentions.iloc[0:0], gated.training_mentions.iloc[0:0], gated.quarantined)


@flow(name="nightly")
def nightly(run_date: date | None = None, languages: tuple[str, ...] = ("fr", "en"), download_delay: float | None = None) -> RunSummary:
    paths, crawl, limits = Paths(), CrawlSettings(), Limits()
    run_date = run_date or date.today()
    run = RunSummary.start(f"{run_date.isoformat()}-{uuid.uuid4().hex[:8]}", run_date)
    try:
        with run_lock(paths.warehouse), WorkingCopy(paths.warehouse) as work:
            current = "collect"
            try:
                batches, extractor = _collect(run, paths, crawl, limits, run_date, download_delay)
                current = "load"
                with run.stage("load"):
                    load_sources(work.path, batches, extractor, run)
                current = "build"
                with run.stage("build"):
                    _say("build: warehouse models")
                    build_warehouse(work.path)
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
    create_markdown_artifact(run.markdown(), key="nightly-run-summary", description="Nightly run summary")
    get_run_logger().info(run.text())
    return run


if __name__ == "__main__":
    # Serve the schedule: every night at 02:30 Paris time (a Prefect server or Cloud workspace is needed).
    nightly.serve(name="nightly", cron="30 2 * * *", parameters={})
