"""The sources of the observatory, declared once: which side they feed, where their live URL is set, and
which bundled sample stands in for them in the demo.

`plan_sources` turns the configuration into tonight's crawls. A source without a live URL is *skipped* with
the reason when other sources are live (configuring one source never silently switches the others off: the
run summary says so); with no live URL at all, every source crawls its bundled sample on 127.0.0.1. A
configured source that cannot run (credentials missing) is planned as failed with what to do.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from observatory.config import CrawlSettings, SourceUrls, france_travail_credentials

POSTINGS, TRAININGS = "postings", "trainings"
FRANCE_TRAVAIL_SEARCH_PATH = "/partenaire/offresdemploi/v2/offres/search"


@dataclass(frozen=True)
class Source:
    name: str  # also the spider's name and the `source` column of every row it feeds
    side: str  # POSTINGS or TRAININGS
    url_variable: str  # the environment variable holding its live URL
    sample_path: str  # its bundled sample on the sample server


SOURCES = (
    Source("france_travail", POSTINGS, "OBSERVATORY_FRANCE_TRAVAIL_API", FRANCE_TRAVAIL_SEARCH_PATH),
    Source("rncp", TRAININGS, "OBSERVATORY_RNCP_EXPORT_URL", "/rncp/export_fiches_rncp_v4.1.xml"),
    Source("lheo", TRAININGS, "OBSERVATORY_LHEO_EXPORT_URL", "/lheo/offres_occitanie.xml"),
)
BY_NAME = {s.name: s for s in SOURCES}


def side_of(source: str) -> str:
    """POSTINGS or TRAININGS; an unknown source is an error, never a guess."""
    try:
        return BY_NAME[source].side
    except KeyError:
        raise ValueError(f"unknown source {source!r}: declare it in observatory/sources.py") from None


@dataclass(frozen=True)
class CrawlPlan:
    source: str
    spider_args: dict[str, str] = field(hash=False)
    origin: str  # what the summary shows: the live URL (without credentials or query) or the bundled sample


@dataclass(frozen=True)
class NotCrawled:
    source: str
    status: str  # "skipped" (not configured) or "failed" (configured but cannot run)
    reason: str


def _shown(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}{parts.path}"


def _live_url(source: Source, urls: SourceUrls) -> str:
    return {"france_travail": urls.france_travail_api, "rncp": urls.rncp_export, "lheo": urls.lheo_export}[source.name]


def plan_sources(urls: SourceUrls, crawl: CrawlSettings, sample_base: str | None) -> tuple[list[CrawlPlan], list[NotCrawled]]:
    """Tonight's crawls, and the sources that will not be crawled with the reason."""
    departments = ",".join(crawl.departments)
    plans: list[CrawlPlan] = []
    not_crawled: list[NotCrawled] = []
    for source in SOURCES:
        if sample_base:
            url, origin = sample_base + source.sample_path, "bundled sample"
        else:
            url = _live_url(source, urls)
            if not url:
                not_crawled.append(NotCrawled(source.name, "skipped", f"{source.url_variable} is not set"))
                continue
            origin = _shown(url)
        if source.name == "france_travail":
            args = {"api_url": url, "departments": departments, "rome_codes": crawl.rome_codes}
            if not sample_base:
                problem = _france_travail_access_problem(urls)
                if problem:
                    not_crawled.append(NotCrawled(source.name, "failed", problem))
                    continue
                args["token_url"] = urls.france_travail_token
            plans.append(CrawlPlan(source.name, args, origin))
        else:
            plans.append(CrawlPlan(source.name, {"url": url}, origin))
    return plans, not_crawled


def _france_travail_access_problem(urls: SourceUrls) -> str | None:
    """The real API needs an OAuth2 token: say which setting is missing before crawling for nothing."""
    host = urlsplit(urls.france_travail_api).hostname or ""
    needs_token = bool(urls.france_travail_token) or host.endswith("francetravail.io")
    if needs_token and not urls.france_travail_token:
        return "no token URL: set OBSERVATORY_FRANCE_TRAVAIL_TOKEN_URL (see the README)"
    if needs_token and france_travail_credentials() is None:
        missing = [v for v in ("FRANCE_TRAVAIL_CLIENT_ID", "FRANCE_TRAVAIL_CLIENT_SECRET") if not os.environ.get(v)]
        return f"credentials missing: set {' and '.join(missing)} in the environment"
    return None
