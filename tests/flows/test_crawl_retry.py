"""A crawl that fails is retried by Prefect, and the retry never duplicates what the first attempt landed."""

from __future__ import annotations

import json
from pathlib import Path

from prefect import flow

from flows.nightly import crawl_source
from observatory.sources import CrawlPlan
from spiders.crawl import run_crawl
from tests.conftest import REPO
from tests.http_sources import france_travail_route, serve_sources


def _offers(count: int) -> list[dict]:
    """`count` offers in the Hérault, made from the bundled sample with fresh ids."""
    sample = json.loads((REPO / "sample_sources" / "france_travail" / "offres.json").read_text(encoding="utf-8"))["resultats"]
    sample = [o for o in sample if o.get("id") and o.get("description")]
    return [sample[i % len(sample)] | {"id": f"R{i:05d}", "lieuTravail": {"libelle": "34 - MONTPELLIER"}} for i in range(count)]


def _landed_ids(path: Path) -> list[str]:
    return [json.loads(line)["record_id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_a_crawl_retried_by_prefect_lands_each_record_once(tmp_path: Path, prefect_server):
    offers = _offers(600)
    with serve_sources() as server:
        # The fourth page hangs on its first request: the first attempt times out after landing 3 pages.
        api = server.route("/offres/search", france_travail_route(offers, slow_range_start=450, slow_seconds=20))
        plan = CrawlPlan("france_travail", {"api_url": api, "departments": "34"}, api)

        @flow
        def one_crawl():
            retried = crawl_source.with_options(retries=1, retry_delay_seconds=0)
            return retried(plan, tmp_path, "2026-11-28", "run-1", 0.0, 12.0)

        result = one_crawl()
        slow_page_requests = server.hits["/offres/search"]
    ids = _landed_ids(result.records_path)
    assert slow_page_requests >= 8  # 4 pages, twice: the first attempt was cut and retried
    assert len(ids) == 600 and len(set(ids)) == 600
    assert result.records == 600


def test_crawling_the_same_run_again_overwrites_its_landing(tmp_path: Path):
    with serve_sources() as server:
        api = server.route("/offres/search", france_travail_route(_offers(200)))
        for _ in range(2):
            result = run_crawl("france_travail", {"api_url": api, "departments": "34"}, tmp_path, "2026-11-28", "run-1", 0.0)
    assert sorted(_landed_ids(result.records_path)) == [f"R{i:05d}" for i in range(200)]
