"""A Bearer token on every request of a spider that needs one, renewed before it expires and after a 401.

A spider opts in with `token_request()`, returning the request that obtains a token (OAuth2 client
credentials) or None when the source needs none. One token request is in flight at a time; a request
refused with 401 gets a fresh token and is sent again (twice at most, then the spider sees the 401).
"""

from __future__ import annotations

import asyncio
import json
import time

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

RENEW_BEFORE_S = 60  # renew a token this long before it expires
MAX_RENEWALS_PER_REQUEST = 2


class TokenUnavailable(IgnoreRequest):
    """The source refused to issue a token: the request cannot be sent."""


class OAuthTokenMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.token: str | None = None
        self.expires_at = 0.0
        self.lock = asyncio.Lock()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OAuthTokenMiddleware:
        return cls(crawler)

    async def _token(self, spider: Spider) -> str:
        async with self.lock:  # one renewal at a time; the others wait for it
            if self.token and time.monotonic() < self.expires_at - RENEW_BEFORE_S:
                return self.token
            request = spider.token_request().replace(meta={"observatory_token_request": True, "dont_obey_robotstxt": True})
            response = await self.crawler.engine.download_async(request)
            if response.status != 200:
                raise TokenUnavailable(f"authentication failed: HTTP {response.status} at the token URL")
            answer = json.loads(response.text)
            self.token = answer["access_token"]
            self.expires_at = time.monotonic() + float(answer.get("expires_in", 1499))
            self.crawler.stats.inc_value("observatory/tokens_obtained")
            return self.token

    def _needs_token(self, request: Request, spider: Spider) -> bool:
        return (not request.meta.get("observatory_token_request") and hasattr(spider, "token_request")
                and spider.token_request() is not None)

    async def process_request(self, request: Request, spider: Spider) -> None:
        if self._needs_token(request, spider):
            request.headers["Authorization"] = f"Bearer {await self._token(spider)}"

    async def process_response(self, request: Request, response: Response, spider: Spider) -> Request | Response:
        if response.status != 401 or not self._needs_token(request, spider):
            return response
        renewals = request.meta.get("observatory_token_renewals", 0)
        if renewals >= MAX_RENEWALS_PER_REQUEST:
            return response
        async with self.lock:
            if request.headers.get("Authorization", b"").decode() == f"Bearer {self.token}":
                self.token = None  # this token was refused: the next request obtains another
        self.crawler.stats.inc_value("observatory/token_refused")
        return request.replace(dont_filter=True, meta=request.meta | {"observatory_token_renewals": renewals + 1})
