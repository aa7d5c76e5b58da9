"""Scrapy settings of every crawl: polite by default, quiet, and landing JSON Lines per source and run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from observatory.config import CrawlSettings


def landing_paths(landing_dir: Path, source: str, run_date: str, run_id: str) -> tuple[Path, Path]:
    """The files of one source and run: accepted records, and rejected ones. A retried crawl of the same run
    overwrites them (`FEEDS` overwrite), so each record is landed once whatever the number of attempts."""
    folder = landing_dir / source / run_date
    return folder / f"{run_id}.jsonl", folder / f"{run_id}.rejected.jsonl"


def scrapy_settings(crawl: CrawlSettings, records_path: Path, rejected_path: Path) -> dict[str, Any]:
    return {
        "BOT_NAME": "skills_observatory",
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": True,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "AUTOTHROTTLE_ENABLED": crawl.download_delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(crawl.download_delay, 0.1),
        "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "DOWNLOAD_WARNSIZE": min(crawl.max_page_bytes, 32 * 1024 * 1024),
        "RETRY_TIMES": crawl.retries,
        "RETRY_HTTP_CODES": [429, 500, 502, 503, 504, 522, 524, 408],
        "OBSERVATORY_RETRY_BACKOFF_S": crawl.retry_backoff_s,
        "OBSERVATORY_MAX_RETRY_AFTER_S": crawl.max_retry_after_s,
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,  # retries at once: replaced by
            "spiders.middlewares.retry_with_backoff.RetryWithBackoffMiddleware": 550,  # Retry-After and backoff
            "spiders.middlewares.oauth_token.OAuthTokenMiddleware": 560,
        },
        "HTTPERROR_ALLOWED_CODES": [400, 401, 403, 404, 408, 429, 500, 502, 503, 504],
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "ITEM_PIPELINES": {
            "spiders.pipelines.redact_personal_data.RedactPersonalDataPipeline": 100,
            "spiders.pipelines.content_hash.ContentHashPipeline": 150,
            "spiders.pipelines.count_missing_fields.CountMissingFieldsPipeline": 200,
            "spiders.pipelines.count_rejections.CountRejectionsPipeline": 300,
        },
        "FEEDS": {
            str(records_path): {"format": "jsonlines", "encoding": "utf-8", "overwrite": True,
                                  "item_classes": ["spiders.items.RawRecord"]},
            str(rejected_path): {
                "format": "jsonlines",
                "encoding": "utf-8",
                "overwrite": True,
                "item_classes": ["spiders.items.RejectedRecord"],
            },
        },
        "FEED_STORE_EMPTY": True,
    }
