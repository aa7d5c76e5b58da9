"""Shared base of the spiders that download one export (a file of a catalogue) from a URL of configuration.

A download failure (timeout, refused connection, export over DOWNLOAD_MAXSIZE) or an HTTP error is one
rejected document with the reason; subclasses read the body in `read_export`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from spiders.items import RawRecord, RejectedRecord, excerpt_of

EXCERPT_BYTES = 600


class ExportSpider(scrapy.Spider):
    """Subclasses declare `name` and `read_export(response)`."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.url, callback=self.parse_export, errback=self.download_failed)

    def download_failed(self, failure: Failure) -> Iterator[RejectedRecord]:
        """Timeouts, refused connections, exports over DOWNLOAD_MAXSIZE: a rejected record says so."""
        yield RejectedRecord(self.name, failure.request.url, f"download failed: {failure.getErrorMessage()[:300]}")

    def parse_export(self, response: Response) -> Iterator[RawRecord | RejectedRecord]:
        if response.status >= 400:
            yield RejectedRecord(self.name, response.url, f"HTTP {response.status} on export", excerpt=excerpt_of(response.body[:EXCERPT_BYTES]))
            return
        yield from self.read_export(response)

    def read_export(self, response: Response) -> Iterator[RawRecord | RejectedRecord]:
        raise NotImplementedError
