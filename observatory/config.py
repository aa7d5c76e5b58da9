"""Every setting of the observatory, in one place.

Values come from environment variables (prefix ``OBSERVATORY_``) with defaults that run the bundled sample
sources, so a fresh clone works with no configuration and a live deployment changes only its environment.
Secrets (France Travail API credentials) are read here and nowhere else, and are never logged.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

#: Departments of Occitanie; the first five are ex-Languedoc-Roussillon, the cluster's core.
LANGUEDOC_ROUSSILLON_DEPARTMENTS = ("11", "30", "34", "48", "66")
OCCITANIE_DEPARTMENTS = LANGUEDOC_ROUSSILLON_DEPARTMENTS + ("09", "12", "31", "32", "46", "65", "81", "82")

BOT_USER_AGENT = "SkillsObservatoryBot/0.1 (+https://github.com/occitanie-skills-observatory; open data research)"


def _env(name: str, default: str) -> str:
    return os.environ.get(f"OBSERVATORY_{name}", default)


@dataclass(frozen=True)
class Paths:
    """Where each stage reads and writes; all under the repository unless overridden."""

    data_dir: Path = field(default_factory=lambda: Path(_env("DATA_DIR", str(REPO_ROOT / "data"))))
    warehouse: Path = field(
        default_factory=lambda: Path(_env("WAREHOUSE", str(REPO_ROOT / "warehouse" / "observatory.duckdb")))
    )
    reports_dir: Path = field(default_factory=lambda: Path(_env("REPORTS_DIR", str(REPO_ROOT / "reports" / "output"))))
    sample_sources: Path = REPO_ROOT / "sample_sources"

    @property
    def landing(self) -> Path:
        return self.data_dir / "landing"

    @property
    def dbt_dir(self) -> Path:
        """dbt's target/ (manifest, compiled SQL, partial parsing state) and logs/."""
        return Path(_env("DBT_DIR", str(self.data_dir / "dbt")))


@dataclass(frozen=True)
class SourceUrls:
    """Entry points of the crawls, one per source of observatory/sources.py. All empty: serve and crawl the
    bundled sample."""

    france_travail_api: str = field(default_factory=lambda: _env("FRANCE_TRAVAIL_API", ""))
    france_travail_token: str = field(default_factory=lambda: _env("FRANCE_TRAVAIL_TOKEN_URL", ""))
    rncp_export: str = field(default_factory=lambda: _env("RNCP_EXPORT_URL", ""))
    lheo_export: str = field(default_factory=lambda: _env("LHEO_EXPORT_URL", ""))
    #: Career pages of the cluster's companies: sitemaps or pages carrying schema.org JobPosting, comma-separated.
    company_careers_urls: str = field(default_factory=lambda: _env("COMPANY_CAREERS_URLS", ""))
    #: ONISEP Idéo initial trainings, the open-data CSV export (data.gouv.fr / opendata.onisep.fr).
    onisep_export: str = field(default_factory=lambda: _env("ONISEP_EXPORT_URL", ""))
    #: Programme pages of schools publishing schema.org Course / EducationalOccupationalProgram, comma-separated.
    school_courses_urls: str = field(default_factory=lambda: _env("SCHOOL_COURSES_URLS", ""))

    @property
    def is_live(self) -> bool:
        return bool(self.france_travail_api or self.rncp_export or self.lheo_export or self.onisep_export
                    or self.company_careers_urls or self.school_courses_urls)


@dataclass(frozen=True)
class CrawlSettings:
    """Politeness and robustness of the crawls (see spiders/settings.py for how they are applied)."""

    user_agent: str = field(default_factory=lambda: _env("USER_AGENT", BOT_USER_AGENT))
    download_delay: float = field(default_factory=lambda: float(_env("DOWNLOAD_DELAY", "1.0")))
    max_page_bytes: int = field(default_factory=lambda: int(_env("MAX_PAGE_BYTES", str(200 * 1024 * 1024))))
    departments: tuple[str, ...] = field(
        default_factory=lambda: tuple(d.strip() for d in _env("DEPARTMENTS", ",".join(OCCITANIE_DEPARTMENTS)).split(",") if d.strip())
    )
    #: Which nights list every active record of a source and which only its new ones (observatory/listing.py):
    #: "complete" (every night), "new" (new records only), "auto" (new, and complete every `complete_every_days`).
    mode: str = field(default_factory=lambda: _env("CRAWL_MODE", "complete"))
    #: A new-records listing starts this many days before the newest creation date the warehouse holds.
    new_overlap_days: int = field(default_factory=lambda: int(_env("NEW_OVERLAP_DAYS", "3")))
    #: In "auto" mode, a complete listing when the last one is this many days old.
    complete_every_days: int = field(default_factory=lambda: int(_env("COMPLETE_EVERY_DAYS", "7")))
    #: France Travail scope within the departments: ROME codes (comma-separated; empty: every occupation).
    rome_codes: str = field(default_factory=lambda: _env("FRANCE_TRAVAIL_ROME_CODES", ""))
    #: Retries of a page (HTTP 429/5xx, timeouts, cut bodies), waiting RETRY_BACKOFF × 2^attempt seconds, or
    #: what `Retry-After` asks, up to MAX_RETRY_AFTER (a longer wait is not waited for: the page is lost).
    retries: int = field(default_factory=lambda: int(_env("RETRIES", "4")))
    retry_backoff_s: float = field(default_factory=lambda: float(_env("RETRY_BACKOFF", "1.0")))
    max_retry_after_s: float = field(default_factory=lambda: float(_env("MAX_RETRY_AFTER", "120")))


@dataclass(frozen=True)
class Limits:
    """What the night accepts. A record beyond a limit is quarantined with the limit in its reason."""

    #: Longest text analysed (a posting's description, a programme unit). Real postings stay under 20,000
    #: characters; a longer one is a feed error, and spaCy refuses texts over 1,000,000.
    max_text_chars: int = field(default_factory=lambda: int(_env("MAX_TEXT_CHARS", "100000")))
    #: A crawl still running after this many seconds is stopped and retried (then the source fails).
    crawl_timeout_s: float = field(default_factory=lambda: float(_env("CRAWL_TIMEOUT", "3600")))
    #: DuckDB's memory for the night's writer (its default is 80 % of the machine): loads and builds spill to
    #: disk beyond it, so the night's peak memory stays bounded whatever the size of the warehouse.
    duckdb_memory_limit: str = field(default_factory=lambda: _env("DUCKDB_MEMORY_LIMIT", "512MB"))
    #: Days a creation or update date may lie ahead of the run date (clock skew), beyond which it is refused.
    future_days_allowed: int = 1


@dataclass(frozen=True)
class Parallelism:
    """How a night's new or changed records are processed: in chunks, by worker processes.

    A night with more than one chunk and at least `min_parallel_records` new or changed records runs its
    chunks on a Dask cluster: a `distributed.LocalCluster` of `workers` processes on this machine by default,
    or the cluster whose scheduler is at `dask_address` (e.g. `tcp://scheduler.example:8786`), through
    Prefect's DaskTaskRunner. Smaller nights run in-process: starting workers (each loads spaCy and Great
    Expectations) costs more than it saves below a few thousand records.
    """

    chunk_size: int = field(default_factory=lambda: int(_env("CHUNK_SIZE", "2000")))
    workers: int = field(default_factory=lambda: int(_env("WORKERS", str(os.cpu_count() or 1))))
    dask_address: str = field(default_factory=lambda: _env("DASK_ADDRESS", ""))
    min_parallel_records: int = field(default_factory=lambda: int(_env("PARALLEL_MIN_RECORDS", "5000")))


def france_travail_credentials() -> tuple[str, str] | None:
    """The OAuth2 client id and secret of the France Travail API, if the environment provides them."""
    client_id = os.environ.get("FRANCE_TRAVAIL_CLIENT_ID", "")
    secret = os.environ.get("FRANCE_TRAVAIL_CLIENT_SECRET", "")
    return (client_id, secret) if client_id and secret else None


@dataclass(frozen=True)
class Schedule:
    """When `observatory serve` runs the nightly deployment: a cron line read in an explicit time zone (a cron
    without one is UTC in Prefect, and 02:30 Paris would drift to 03:30 or 04:30 with daylight saving)."""

    cron: str = field(default_factory=lambda: _env("SCHEDULE_CRON", "30 2 * * *"))
    timezone: str = field(default_factory=lambda: _env("SCHEDULE_TIMEZONE", "Europe/Paris"))
    deployment: str = field(default_factory=lambda: _env("DEPLOYMENT_NAME", "nightly"))
    #: The Prefect API `observatory serve` registers with when PREFECT_API_URL is not set (`prefect server start`).
    local_api_url: str = field(default_factory=lambda: _env("LOCAL_PREFECT_API_URL", "http://127.0.0.1:4200/api"))


@dataclass(frozen=True)
class QualityChecks:
    """Batch-level checks of each source's night (expectations/batch_checks.py). A failed check keeps the
    source's previous data and makes the night partial, with the check as the reason."""

    #: Nights of history the volume and shares are compared with (their median).
    history_nights: int = field(default_factory=lambda: int(_env("QUALITY_HISTORY_NIGHTS", "7")))
    #: Tonight's volume is flagged at this many times the recent median (and at 0).
    volume_jump_factor: float = field(default_factory=lambda: float(_env("QUALITY_VOLUME_JUMP", "10")))
    #: The newest posting of a source older than this many days: the feed is stale.
    freshness_days: int = field(default_factory=lambda: int(_env("QUALITY_FRESHNESS_DAYS", "14")))
    #: A share (postings without a skill, records missing an expected field) flagged when it rises this much
    #: (absolute, 0.30 = 30 points) over its recent median, on at least `min_records` records.
    share_jump: float = field(default_factory=lambda: float(_env("QUALITY_SHARE_JUMP", "0.30")))
    min_records: int = field(default_factory=lambda: int(_env("QUALITY_MIN_RECORDS", "20")))
