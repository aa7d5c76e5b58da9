"""Job boards and career pages: schema.org JobPosting read from real-shaped pages served on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from observatory.personal_data import EMAIL, PHONE
from observatory.sample_server import serve_sample_sources
from spiders.crawl import run_crawl
from tests.conftest import REPO

SAMPLE_SITE = REPO / "sample_sources" / "job_board"


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def _site(tmp_path: Path) -> Path:
    root = tmp_path / "sources"
    shutil.copytree(SAMPLE_SITE, root / "job_board")
    return root


def test_every_posting_of_a_sitemap_in_json_ld_graphs_and_microdata(tmp_path: Path):
    with serve_sample_sources(_site(tmp_path)) as base:
        result = run_crawl("company_careers", {"urls": base + "/job_board/sitemap.xml"}, tmp_path, "2026-11-28", "run-1", download_delay=0)
    landed = {r["record_id"]: r["payload"] for r in _lines(result.records_path)}
    assert set(landed) == {"GN-2026-031", "CMD-DATA-7", "CMD-SUP-2", "CAT-ASR-14"}  # one alone, two in an @graph, one in microdata
    assert landed["CAT-ASR-14"]["jobLocation"]["address"]["postalCode"] == "66000"
    assert [(r["reason"], r["scope"]) for r in _lines(result.rejected_path)] == [("malformed JSON-LD block: not readable as JSON", "record")]
    text = result.records_path.read_text(encoding="utf-8")
    assert "applicationContact" not in text and "Fabre" not in text
    assert not EMAIL.search(text) and not PHONE.search(text)


def test_a_sitemap_index_is_followed_and_a_pattern_keeps_posting_pages(tmp_path: Path):
    root = _site(tmp_path)
    (root / "job_board" / "index.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>http://sample-site.invalid/job_board/sitemap.xml</loc></sitemap></sitemapindex>\n")
    with serve_sample_sources(root) as base:
        result = run_crawl("company_careers", {"urls": base + "/job_board/index.xml"}, tmp_path, "2026-11-28", "run-1", download_delay=0)
    assert result.records == 4


def test_a_page_without_job_posting_lands_nothing(shared_samples: Path, tmp_path: Path):
    """A real job-board results page whose JSON-LD holds no JobPosting (its terms forbid scraping: fixture only)."""
    root = tmp_path / "sources" / "board"
    root.mkdir(parents=True)
    page = next(p for p in (shared_samples / "jobposting_jsonld").iterdir() if p.suffix in (".html", ".htm"))
    shutil.copy(page, root / "results.html")
    with serve_sample_sources(root.parent) as base:
        result = run_crawl("company_careers", {"urls": base + "/board/results.html"}, tmp_path, "2026-11-28", "run-1", download_delay=0)
    assert result.records == 0 and _lines(result.rejected_path) == []
    assert result.stats["downloader/response_status_count/200"] >= 1
