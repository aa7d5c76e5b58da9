"""Base of the structured-data spiders: every schema.org item of the declared types on a site's pages —
JobPosting for job boards and career pages, Course / EducationalOccupationalProgram for schools' pages.

A site is declared by a subclass of about ten lines (spiders/job_boards/): its name and, if its sitemaps list
more than postings, the pattern of posting URLs. The spider is given entry URLs: sitemaps (an index, or a
list of pages) or pages. From each page it reads JSON-LD first (a posting alone, a list, an `@graph`, a
`@type` list, HTML-escaped text), then microdata and RDFa (extruct) when the page has no JSON-LD posting.
A JSON-LD block that cannot be read is a rejected record with the reason; a page with no posting lands nothing.
robots.txt, throttling and the bot's name come from the shared settings (spiders/settings.py).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import extruct
import scrapy
from scrapy.http import Request, Response
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from spiders.items import RECORD, RawRecord, RejectedRecord, excerpt_of

JSON_LD = '//script[@type="application/ld+json"]/text()'
TRAILING_COMMA = re.compile(r",\s*([}\]])")


def is_of_type(node: Any, types: tuple[str, ...]) -> bool:
    """A JSON-LD node whose @type (one or a list, a bare name, a URL or a prefixed name) is one of `types`."""
    kinds = node.get("@type") if isinstance(node, dict) else None
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] in types for k in kinds)


def items_of_type(data: Any, types: tuple[str, ...] = ("JobPosting",)) -> Iterator[dict]:
    """Every object of one of `types` in a JSON-LD value: alone, in a list, in an @graph, nested in another object."""
    if isinstance(data, list):
        for item in data:
            yield from items_of_type(item, types)
    elif isinstance(data, dict):
        if is_of_type(data, types):
            yield data
            return
        for key in ("@graph", "mainEntity", "itemListElement", "item"):
            if key in data:
                yield from items_of_type(data[key], types)


def read_json_ld(text: str) -> Any:
    """A JSON-LD block as sites write it: sometimes HTML-escaped, sometimes with trailing commas."""
    for candidate in (text, html.unescape(text)):
        for cleaned in (candidate, TRAILING_COMMA.sub(r"\1", candidate)):
            try:
                return json.loads(cleaned, strict=False)  # strict=False: raw line breaks inside strings
            except ValueError:
                continue
    raise ValueError("not readable as JSON")


class JobPostingSpider(scrapy.Spider):
    schema_types: tuple[str, ...] = ("JobPosting",)  # the schema.org types landed, one record each
    identifier_fields: tuple[str, ...] = ("identifier",)  # where an item's own id is, first found wins
    posting_url_pattern = ""  # URLs of posting pages among a sitemap's (empty: every URL)
    expected_fields = ("title", "description", "datePosted", "hiringOrganization", "jobLocation")

    def __init__(self, urls: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entry_urls = [u.strip() for u in urls.split(",") if u.strip()]
        self.posting_url = re.compile(self.posting_url_pattern) if self.posting_url_pattern else None

    async def start(self) -> AsyncIterator[Request]:
        for url in self.entry_urls:
            yield Request(url, callback=self.parse_entry, errback=self.download_failed)

    def download_failed(self, failure: Failure) -> Any:
        yield RejectedRecord(self.name, failure.request.url, f"download failed: {failure.getErrorMessage()[:300]}")

    def parse_entry(self, response: Response) -> Any:
        """A sitemap (index or list of pages), or a page."""
        if response.status >= 400:
            yield RejectedRecord(self.name, response.url, f"HTTP {response.status}", excerpt=excerpt_of(response.body))
            return
        sitemap = self.sitemap_of(response)
        if sitemap is None:
            yield from self.parse_page(response)
            return
        for entry in sitemap:
            url = entry.get("loc", "").strip()
            if sitemap.type == "sitemapindex":
                yield Request(url, callback=self.parse_entry, errback=self.download_failed)
            elif url and (self.posting_url is None or self.posting_url.search(url)):
                yield Request(url, callback=self.parse_page, errback=self.download_failed)

    @staticmethod
    def sitemap_of(response: Response) -> Sitemap | None:
        head = response.body[:2000].lstrip()
        if not head.startswith(b"<?xml") and b"<urlset" not in head and b"<sitemapindex" not in head:
            return None
        try:
            sitemap = Sitemap(response.body)
        except Exception:  # noqa: BLE001 - lxml's errors vary; not a sitemap, then
            return None
        return sitemap if sitemap.type in ("urlset", "sitemapindex") else None

    def parse_page(self, response: Response) -> Any:
        if response.status >= 400:
            yield RejectedRecord(self.name, response.url, f"HTTP {response.status}", excerpt=excerpt_of(response.body))
            return
        postings: list[dict] = []
        for block in response.xpath(JSON_LD).getall():
            try:
                postings.extend(items_of_type(read_json_ld(block), self.schema_types))
            except ValueError as error:
                yield RejectedRecord(self.name, response.url, f"malformed JSON-LD block: {error}", excerpt=excerpt_of(block), scope=RECORD)
        if not postings:
            postings = self.embedded_postings(response)
        for posting in postings:
            yield self.to_record(posting, response.url)

    def embedded_postings(self, response: Response) -> list[dict]:
        """Items written as microdata or RDFa, in JSON-LD shape (extruct's uniform output)."""
        data = extruct.extract(response.text, base_url=response.url, syntaxes=["microdata", "rdfa"], uniform=True, errors="ignore")
        return [item for syntax in ("microdata", "rdfa") for item in items_of_type(data.get(syntax, []), self.schema_types)]

    def to_record(self, posting: dict, page_url: str) -> RawRecord | RejectedRecord:
        url = posting.get("url") if isinstance(posting.get("url"), str) else page_url
        identifier = next((posting[f] for f in self.identifier_fields if posting.get(f)), None)
        if isinstance(identifier, dict):
            identifier = identifier.get("value") or identifier.get("@id")
        if not identifier:
            title = str(posting.get("title") or posting.get("name") or "")
            if not title:
                kind = "/".join(self.schema_types)
                return RejectedRecord(self.name, page_url, f"{kind} without a title or an identifier", excerpt=excerpt_of(posting), scope=RECORD)
            identifier = hashlib.sha1(f"{url}|{title}".encode()).hexdigest()[:16]  # stable across nights
        return RawRecord(self.name, str(identifier), url, posting)  # the page's URL is the record's, not the content's
