"""France Travail "Offres d'emploi v2": the official job-offer API, paged search per department.

The API answers 206 with `Content-Range: offres 0-149/1234` while more pages remain, 200 for the last or
only page, 204 when nothing matches; a range is at most 150 offers and cannot start beyond 3000
(OpenAPI spec, checked 2026-11). With credentials in the environment the spider first obtains an OAuth2
client-credentials token; the bundled sample server needs none.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.http import FormRequest, Request, Response
from twisted.python.failure import Failure

from observatory.config import france_travail_credentials
from spiders.items import RECORD, RawRecord, RejectedRecord, excerpt_of

PAGE_SIZE = 150
LAST_RANGE_START = 3000
TOKEN_SCOPE = "api_offresdemploiv2 o2dsoffre"


class FranceTravailSpider(scrapy.Spider):
    name = "france_travail"
    expected_fields = ("intitule", "description", "lieuTravail", "romeCode", "dateCreation")

    def __init__(self, api_url: str, departments: str = "34", token_url: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.api_url = api_url
        self.departments = [d for d in departments.split(",") if d]
        self.token_url = token_url
        self.auth_headers: dict[str, str] = {}

    async def start(self) -> AsyncIterator[Request]:
        credentials = france_travail_credentials()
        if self.token_url and credentials:
            client_id, secret = credentials
            form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
            yield FormRequest(self.token_url, formdata=form | {"scope": TOKEN_SCOPE}, callback=self.parse_token)
            return
        for request in self.first_pages():
            yield request

    def first_pages(self) -> list[Request]:
        return [self.search_page(department, 0) for department in self.departments]

    def parse_token(self, response: Response) -> Any:
        if response.status != 200:
            yield RejectedRecord(self.name, response.url, f"authentication failed: HTTP {response.status}")
            return
        self.auth_headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
        yield from self.first_pages()

    def search_page(self, department: str, first: int) -> Request:
        url = f"{self.api_url}?departement={department}&range={first}-{first + PAGE_SIZE - 1}"
        return Request(
            url,
            headers={"Accept": "application/json"} | self.auth_headers,
            callback=self.parse_search,
            errback=self.download_failed,
            cb_kwargs={"department": department, "first": first},
        )

    def download_failed(self, failure: Failure) -> Any:
        """Timeouts, refused connections, pages over DOWNLOAD_MAXSIZE: a rejected record says so."""
        yield RejectedRecord(self.name, failure.request.url, f"download failed: {failure.getErrorMessage()[:300]}")

    def parse_search(self, response: Response, department: str, first: int) -> Any:
        if response.status == 204:
            return
        if response.status >= 400:
            yield RejectedRecord(self.name, response.url, f"HTTP {response.status} on search page", excerpt=excerpt_of(response.body))
            return
        try:
            offers = response.json().get("resultats", [])
        except (ValueError, AttributeError):
            yield RejectedRecord(self.name, response.url, "malformed JSON search page", excerpt=excerpt_of(response.body))
            return
        for offer in offers:
            yield self.to_record(offer, response.url)
        total = content_range_total(response.headers.get("Content-Range", b"").decode())
        next_first = first + len(offers)
        if offers and total is not None and next_first < total and next_first <= LAST_RANGE_START:
            yield self.search_page(department, next_first)

    def to_record(self, offer: Any, url: str) -> RawRecord | RejectedRecord:
        if not isinstance(offer, dict) or not offer.get("id"):
            return RejectedRecord(self.name, url, "offer without an id", excerpt=excerpt_of(offer), scope=RECORD)
        return RawRecord(self.name, str(offer["id"]), url, offer)


def content_range_total(header: str) -> int | None:
    """`offres 0-149/1234` → 1234."""
    match = re.search(r"/(\d+)\s*$", header)
    return int(match[1]) if match else None
