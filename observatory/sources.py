"""The sources of the observatory, declared once: which side they feed, the spider that crawls them and the
parser that reads their records, where their live URL is set, which bundled sample stands in for them in the
demo, and whether they are crawled by default. The crawl plans, the spiders' registry (spiders/crawl.py), the
transforms' dispatch (transforms/batch.py), the validation value sets (expectations/suites.py) and the
warehouse's staging (dbt vars, warehouse/build.py) are derived from this list; an unknown source is an error.

Adding a job board that publishes schema.org JobPosting pages: a spider of about ten lines in
spiders/job_boards/ (see the README) and one `Source` line here.

`plan_sources` turns the configuration into tonight's crawls. A source without a live URL is *skipped* with
the reason when other sources are live (configuring one source never silently switches the others off: the
run summary says so); with no live URL at all, every source crawls its bundled sample on 127.0.0.1. A
configured source that cannot run (credentials missing) is planned as failed with what to do.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from observatory.config import CrawlSettings, SourceUrls, france_travail_credentials
from observatory.listing import Listing

POSTINGS, TRAININGS = "postings", "trainings"
FRANCE_TRAVAIL_SEARCH_PATH = "/partenaire/offresdemploi/v2/offres/search"


FRANCE_TRAVAIL_API, JOB_POSTING, XML_EXPORT, CSV_EXPORT = "France Travail API", "schema.org JobPosting", "XML export", "CSV export"
COURSE_PAGES = "schema.org Course"


@dataclass(frozen=True)
class Source:
    name: str  # also the spider's name and the `source` column of every row it feeds
    side: str  # POSTINGS or TRAININGS
    form: str  # FRANCE_TRAVAIL_API, JOB_POSTING, XML_EXPORT, CSV_EXPORT or COURSE_PAGES: what its spider reads
    spider: str  # module:class of its Scrapy spider
    parser: str  # module:function, landed records → (rows, quarantined rows)
    url_variable: str  # the environment variable holding its live URL
    url_field: str  # the field of SourceUrls (observatory/config.py) reading that variable
    sample_path: str  # its bundled sample on the sample server
    url_argument: str = "url"  # the spider argument that receives the URL
    updated_fields: tuple[str, ...] = ()  # payload keys telling when a version was updated (latest kept)
    created_since_argument: str = ""  # the spider argument listing only records created since an instant, if any

    def load(self, what: str) -> Any:
        module, _, name = getattr(self, what).partition(":")
        return getattr(importlib.import_module(module), name)

    def document_id(self, record_id: str) -> str:
        """The warehouse id of a record: France Travail offer ids as they are (they are unique and already
        known to the warehouse), `<source>:<id>` for every other source."""
        return record_id if self.name == "france_travail" else f"{self.name}:{record_id}"


SOURCES = (
    Source("france_travail", POSTINGS, FRANCE_TRAVAIL_API, "spiders.france_travail:FranceTravailSpider",
           "transforms.postings:parse_offers", "OBSERVATORY_FRANCE_TRAVAIL_API", "france_travail_api", FRANCE_TRAVAIL_SEARCH_PATH,
           url_argument="api_url", updated_fields=("dateActualisation", "dateCreation"), created_since_argument="created_since"),
    Source("company_careers", POSTINGS, JOB_POSTING, "spiders.job_boards.company_careers:CompanyCareersSpider",
           "transforms.job_postings:parse_job_postings", "OBSERVATORY_COMPANY_CAREERS_URLS", "company_careers_urls", "/job_board/sitemap.xml",
           url_argument="urls", updated_fields=("dateModified", "datePosted")),
    Source("rncp", TRAININGS, XML_EXPORT, "spiders.rncp:RncpSpider", "transforms.trainings:parse_trainings",
           "OBSERVATORY_RNCP_EXPORT_URL", "rncp_export", "/rncp/export_fiches_rncp_v4.1.xml", updated_fields=("@datemaj",)),
    Source("lheo", TRAININGS, XML_EXPORT, "spiders.lheo:LheoSpider", "transforms.trainings:parse_trainings",
           "OBSERVATORY_LHEO_EXPORT_URL", "lheo_export", "/lheo/offres_occitanie.xml", updated_fields=("@datemaj",)),
    Source("onisep", TRAININGS, CSV_EXPORT, "spiders.onisep:OnisepSpider", "transforms.trainings:parse_trainings",
           "OBSERVATORY_ONISEP_EXPORT_URL", "onisep_export", "/onisep/ideo_formations_initiales.csv"),
    Source("school_courses", TRAININGS, COURSE_PAGES, "spiders.school_courses:SchoolCoursesSpider", "transforms.trainings:parse_trainings",
           "OBSERVATORY_SCHOOL_COURSES_URLS", "school_courses_urls", "/school_site/sitemap.xml", url_argument="urls"),
)
BY_NAME = {s.name: s for s in SOURCES}

#: Each source's terms of reuse, in French and English, as the report site states them (reports/site.py); a
#: source missing here is shown without one.
LICENCES = {
    "france_travail": {
        "fr": "France Travail — licence de réutilisation de la base de données des offres d'emploi (API Offres d'emploi v2)",
        "en": "France Travail — reuse licence of its job offers database (API Offres d'emploi v2)"},
    "company_careers": {
        "fr": "Pages carrières des employeurs (schema.org JobPosting), sans licence de réutilisation : non republiées, "
              "seuls le titre, l'employeur, le lieu, la date et le lien sont montrés",
        "en": "Employers' career pages (schema.org JobPosting), no reuse licence: not republished, only the title, "
              "employer, place, date and link are shown"},
    "rncp": {
        "fr": "France compétences — répertoire national des certifications professionnelles, Licence Ouverte / Etalab 2.0",
        "en": "France compétences — national register of professional certifications, Licence Ouverte / Etalab 2.0"},
    "lheo": {
        "fr": "Offres de formation LHEO du Carif-Oref (Intercarif), conditions de réutilisation de l'éditeur du flux",
        "en": "Carif-Oref (Intercarif) LHEO training offers, under the reuse terms of the feed's publisher"},
}


def source_named(name: str) -> Source:
    """The declared source; an unknown source is an error, never a guess."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown source {name!r}: declare it in observatory/sources.py") from None


def side_of(source: str) -> str:
    """POSTINGS or TRAININGS."""
    return source_named(source).side


def names(side: str | None = None, form: str | None = None) -> list[str]:
    return [s.name for s in SOURCES if (side is None or s.side == side) and (form is None or s.form == form)]


@dataclass(frozen=True)
class CrawlPlan:
    source: str
    spider_args: dict[str, str] = field(hash=False)
    origin: str  # what the summary shows: the live URL (without credentials or query) or the bundled sample
    listing: Listing = field(default_factory=Listing)  # complete, or new records only (then absent records are not closed)


@dataclass(frozen=True)
class NotCrawled:
    source: str
    status: str  # "skipped" (not configured) or "failed" (configured but cannot run)
    reason: str


def _shown(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}{parts.path}"


def _live_url(source: Source, urls: SourceUrls) -> str:
    return getattr(urls, source.url_field)

def plan_sources(urls: SourceUrls, crawl: CrawlSettings, sample_base: str | None,
                 listings: dict[str, Listing] | None = None) -> tuple[list[CrawlPlan], list[NotCrawled]]:
    """Tonight's crawls, and the sources that will not be crawled with the reason. `listings`: the sources that
    list only their new records tonight (observatory/listing.py); the others are listed completely."""
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
            origin = ", ".join(_shown(u.strip()) for u in url.split(","))  # a list for career sites
        args = {source.url_argument: url}
        if source.name == "france_travail":
            args |= {"departments": departments, "rome_codes": crawl.rome_codes}
            if not sample_base:
                problem = _france_travail_access_problem(urls)
                if problem:
                    not_crawled.append(NotCrawled(source.name, "failed", problem))
                    continue
                args["token_url"] = urls.france_travail_token
        listing = (listings or {}).get(source.name, Listing())
        if not listing.complete and source.created_since_argument:
            args[source.created_since_argument] = listing.created_since.isoformat()
        else:
            listing = Listing()
        plans.append(CrawlPlan(source.name, args, origin, listing))
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
