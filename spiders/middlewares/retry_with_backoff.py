"""Retry what a source fails to deliver, waiting as it asks: `Retry-After` on 429 and 503, exponential backoff
otherwise (5xx, timeouts, refused connections, bodies cut short).

Replaces Scrapy's RetryMiddleware, which retries at once. A wait longer than OBSERVATORY_MAX_RETRY_AFTER
is not waited for: the response goes to the spider, which records the page as lost with the reason.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response
from scrapy.utils.misc import load_object

logger = logging.getLogger(__name__)


def retry_after_seconds(header: bytes | None, now: datetime | None = None) -> float | None:
    """`Retry-After: 30` or an HTTP date → seconds to wait; None when absent or unreadable."""
    if not header:
        return None
    text = header.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryWithBackoffMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.max_retries = settings.getint("RETRY_TIMES")
        self.codes = {int(c) for c in settings.getlist("RETRY_HTTP_CODES")}
        self.exceptions = tuple(load_object(e) if isinstance(e, str) else e for e in settings.getlist("RETRY_EXCEPTIONS"))
        self.base_delay = settings.getfloat("OBSERVATORY_RETRY_BACKOFF_S", 1.0)
        self.max_wait = settings.getfloat("OBSERVATORY_MAX_RETRY_AFTER_S", 120.0)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryWithBackoffMiddleware:
        return cls(crawler)

    def backoff(self, request: Request) -> float:
        return self.base_delay * 2 ** request.meta.get("retry_times", 0)

    async def process_response(self, request: Request, response: Response, spider: Spider) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.codes:
            return response
        asked = retry_after_seconds(response.headers.get("Retry-After")) if response.status in (429, 503) else None
        if asked is not None and asked > self.max_wait:
            self.stats.inc_value("observatory/retry_after/too_long")
            logger.warning("%s asks to retry after %.0f s (more than OBSERVATORY_MAX_RETRY_AFTER_S=%.0f): not retried",
                           request.url, asked, self.max_wait)
            return response
        retry = get_retry_request(request, spider=spider, reason=f"HTTP {response.status}", max_retry_times=self.max_retries)
        if retry is None:
            return response
        wait = asked if asked is not None else self.backoff(request)
        if asked is not None:
            self.stats.inc_value("observatory/retry_after/honoured")
        await asyncio.sleep(wait)
        return retry

    async def process_exception(self, request: Request, exception: Exception, spider: Spider) -> Request | None:
        if request.meta.get("dont_retry") or not isinstance(exception, self.exceptions):
            return None
        retry = get_retry_request(request, spider=spider, reason=exception, max_retry_times=self.max_retries)
        if retry is None:
            return None
        await asyncio.sleep(self.backoff(request))
        return retry
