"""Tonight's crawls from the configuration: live URLs, skipped sources with the reason, missing credentials."""

from __future__ import annotations

import pytest

from observatory.config import CrawlSettings, SourceUrls
from observatory.sources import POSTINGS, SOURCES, TRAININGS, plan_sources, side_of

API = "https://api.francetravail.io/partenaire/offresdemploi/v2/offres/search"
TOKEN = "https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=%2Fpartenaire"


def test_without_live_urls_every_source_crawls_the_bundled_sample():
    plans, not_crawled = plan_sources(SourceUrls("", "", "", "", ""), CrawlSettings(), "http://127.0.0.1:8000")
    assert [p.source for p in plans] == ["france_travail", "company_careers", "rncp", "lheo", "onisep", "school_courses"] and not_crawled == []
    assert plans[1].spider_args == {"urls": "http://127.0.0.1:8000/job_board/sitemap.xml"}
    assert {p.origin for p in plans} == {"bundled sample"}


def test_one_live_source_says_why_the_others_are_skipped():
    plans, not_crawled = plan_sources(SourceUrls("", "", "https://example.org/rncp.zip?token=secret", "", ""), CrawlSettings(), None)
    assert [(p.source, p.origin) for p in plans] == [("rncp", "https://example.org/rncp.zip")]  # no query shown
    assert [(n.source, n.status, n.reason) for n in not_crawled] == [
        ("france_travail", "skipped", "OBSERVATORY_FRANCE_TRAVAIL_API is not set"),
        ("company_careers", "skipped", "OBSERVATORY_COMPANY_CAREERS_URLS is not set"),
        ("lheo", "skipped", "OBSERVATORY_LHEO_EXPORT_URL is not set"),
        ("onisep", "skipped", "OBSERVATORY_ONISEP_EXPORT_URL is not set"),
        ("school_courses", "skipped", "OBSERVATORY_SCHOOL_COURSES_URLS is not set"),
    ]


def test_the_real_api_without_credentials_fails_with_the_variables_to_set(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("FRANCE_TRAVAIL_CLIENT_ID", raising=False)
    monkeypatch.setenv("FRANCE_TRAVAIL_CLIENT_SECRET", "s3cret")
    plans, not_crawled = plan_sources(SourceUrls(API, TOKEN, "", "", ""), CrawlSettings(), None)
    assert plans == []
    assert not_crawled[0].status == "failed"
    assert not_crawled[0].reason == "credentials missing: set FRANCE_TRAVAIL_CLIENT_ID in the environment"
    assert "s3cret" not in str(not_crawled)
    _, without_token = plan_sources(SourceUrls(API, "", "", "", ""), CrawlSettings(), None)
    assert without_token[0].reason.startswith("no token URL: set OBSERVATORY_FRANCE_TRAVAIL_TOKEN_URL")


def test_every_source_has_a_side_a_spider_and_a_parser_and_an_unknown_one_is_an_error():
    assert (side_of("france_travail"), side_of("company_careers"), side_of("rncp"), side_of("lheo")) == (POSTINGS, POSTINGS, TRAININGS, TRAININGS)
    for source in SOURCES:
        assert source.load("spider").name == source.name and callable(source.load("parser"))
    with pytest.raises(ValueError, match="unknown source 'indeed'"):
        side_of("indeed")
