"""The nightly flow: crawl → raw landing → skills → validation → DuckDB → marts → report.

Only wiring: every task is a thin call into a plain function of its stage's folder. Without live source
URLs in the environment, the flow serves the bundled sample sources on 127.0.0.1 and crawls them.
"""

from __future__ import annotations

import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from expectations.gate import GatedBatch, gate
from flows.summary import RunSummary, record_run
from observatory.config import CrawlSettings, Paths, SourceUrls
from observatory.sample_server import FRANCE_TRAVAIL_SEARCH_PATH, serve_sample_sources
from reports.skill_gap import render_report
from spiders.crawl import CrawlResult, run_crawl
from transforms.batch import Batch, LandedSource, build_batch
from transforms.frames import taxonomy_frames
from transforms.skills.extractor import SkillExtractor
from warehouse.build import build_models
from warehouse.load import connect, load_gated

SAMPLE_FILES = {"rncp": "/rncp/export_fiches_rncp_v4.1.xml", "lheo": "/lheo/offres_occitanie.xml"}


@dataclass(frozen=True)
class CrawlPlan:
    source: str
    spider_args: dict[str, str]


def crawl_plans(urls: SourceUrls, crawl: CrawlSettings, sample_base: str | None) -> list[CrawlPlan]:
    """Which spiders run with which arguments: live URLs from the environment, or the sample server."""
    departments = ",".join(crawl.departments)
    if sample_base:
        return [
            CrawlPlan("france_travail", {"api_url": sample_base + FRANCE_TRAVAIL_SEARCH_PATH, "departments": departments}),
            *(CrawlPlan(source, {"url": sample_base + path}) for source, path in SAMPLE_FILES.items()),
        ]
    plans = []
    if urls.france_travail_api:
        args = {"api_url": urls.france_travail_api, "departments": departments, "token_url": urls.france_travail_token}
        plans.append(CrawlPlan("france_travail", args))
    plans += [CrawlPlan(s, {"url": u}) for s, u in (("rncp", urls.rncp_export), ("lheo", urls.lheo_export)) if u]
    return plans


@task(retries=2, retry_delay_seconds=30, cache_policy=NO_CACHE)
def crawl_source(plan: CrawlPlan, landing: Path, run_date: str, run_id: str, download_delay: float | None) -> CrawlResult:
    return run_crawl(plan.source, plan.spider_args, landing, run_date, run_id, download_delay)


@task(cache_policy=NO_CACHE)
def transform_and_extract(crawls: list[CrawlResult], extractor: SkillExtractor) -> Batch:
    return build_batch([LandedSource(c.source, c.records_path, c.rejected_path) for c in crawls], extractor)


@task(cache_policy=NO_CACHE)
def validate_batch(batch: Batch, extractor: SkillExtractor) -> GatedBatch:
    return gate(batch, list(extractor.taxonomy.by_id))


@task(retries=2, retry_delay_seconds=10, cache_policy=NO_CACHE)
def load_and_build(gated: GatedBatch, extractor: SkillExtractor, warehouse: Path, run_id: str, run_date: date) -> dict[str, int]:
    concepts, skill_areas = taxonomy_frames(extractor.taxonomy)
    con = connect(warehouse)
    try:
        written = load_gated(con, gated, concepts, skill_areas, run_id, run_date)
        build_models(con)
        return written
    finally:
        con.close()


@task(cache_policy=NO_CACHE)
def write_reports(warehouse: Path, reports_dir: Path, run_date: date, languages: tuple[str, ...]) -> list[Path]:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [render_report(con, reports_dir, run_date, language).path for language in languages]


@flow(name="nightly")
def nightly(run_date: date | None = None, languages: tuple[str, ...] = ("fr", "en"), download_delay: float | None = None) -> RunSummary:
    logger = get_run_logger()
    paths, urls, crawl = Paths(), SourceUrls(), CrawlSettings()
    run_date = run_date or date.today()
    run_id = f"{run_date.isoformat()}-{uuid.uuid4().hex[:8]}"
    started = datetime.now(UTC)
    with ExitStack() as stack:
        sample_base = None if urls.is_live else stack.enter_context(serve_sample_sources(paths.sample_sources))
        if sample_base:
            logger.info("No live source configured: crawling the bundled sample served at %s", sample_base)
            download_delay = 0.0 if download_delay is None else download_delay
        plans = crawl_plans(urls, crawl, sample_base)
        futures = [crawl_source.submit(p, paths.landing, run_date.isoformat(), run_id, download_delay) for p in plans]
        crawls = [f.result() for f in futures]
    extractor = SkillExtractor()
    batch = transform_and_extract(crawls, extractor)
    gated = validate_batch(batch, extractor)
    written = load_and_build(gated, extractor, paths.warehouse, run_id, run_date)
    reports = write_reports(paths.warehouse, paths.reports_dir, run_date, languages)
    summary = RunSummary.of(run_id, run_date, started, crawls, batch, gated, written, reports)
    record_run(paths.warehouse, summary)
    create_markdown_artifact(summary.markdown(), key="nightly-run-summary", description="Nightly run summary")
    logger.info(summary.text())
    return summary


if __name__ == "__main__":
    # Serve the schedule: every night at 02:30 Paris time (a Prefect server or Cloud workspace is needed).
    nightly.serve(name="nightly", cron="30 2 * * *", parameters={})
