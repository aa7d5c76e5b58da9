"""France Travail "Offres d'emploi v2": every in-scope offer of the official API, whatever the volume.

One query returns 3,150 offers at most (ranges of 150, starting at 3000 at most: OpenAPI spec, checked
2026-11), so the spider cuts its scope into slices, one per department (and ROME codes when configured),
bounded by creation dates. A slice whose total (`Content-Range: offres p-d/total`) is more than one query
can reach is split in two halves of its creation-date window, again and again, until each slice fits; its
pages are then computed from the total and requested together. Windows end at the crawl's start, so offers
published during the crawl do not shift the pages (they come the next night). Neighbouring windows share
their boundary second and offers are kept once per id, so the split loses nothing whether the API counts its
bounds in or out. Each slice's announced total is compared with what was collected; a slice that cannot be
read whole (more than 3,150 offers created in one second) or a page that stays broken after its retries
becomes a rejected record with the reason, and the other pages go on.

Faults are handled by the downloader middlewares: `Retry-After` and backoff (retry_with_backoff.py), a
token renewed before it expires and after a 401 (oauth_token.py). A truncated or malformed body is retried
like a failed download.

The API cannot list what changed since a date (it filters on creation dates only), so a *complete* listing
reads every active in-scope offer: it alone can tell which offers were withdrawn. With `created_since`, the
spider reads only the offers created since that instant (a *new-offers* listing, whose cost follows the
night's new offers, not the warehouse: observatory/listing.py decides which nights do which).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import FormRequest, Request, Response
from twisted.python.failure import Failure

from observatory.config import france_travail_credentials
from spiders.items import RECORD, RawRecord, RejectedRecord, excerpt_of

PAGE_SIZE = 150
LAST_RANGE_START = 3000
REACHABLE = LAST_RANGE_START + PAGE_SIZE  # offers one query can return
TOKEN_SCOPE = "api_offresdemploiv2 o2dsoffre"
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)  # before any active offer
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Slice:
    """Offers of one department (and ROME codes), created within [start, end], bounds included."""

    department: str
    rome_codes: str
    start: datetime
    end: datetime
    parent: Slice | None = field(default=None, compare=False, repr=False)

    def query(self, first: int) -> dict[str, str]:
        query = {"departement": self.department, "minCreationDate": self.start.strftime(DATE_FORMAT),
                 "maxCreationDate": self.end.strftime(DATE_FORMAT), "sort": "1",
                 "range": f"{first}-{first + PAGE_SIZE - 1}"}
        return query | ({"codeROME": self.rome_codes} if self.rome_codes else {})

    def halves(self) -> tuple[Slice, Slice] | None:
        """Two windows sharing their middle second; None when the window is one second."""
        if self.end - self.start < timedelta(seconds=1):
            return None
        middle = self.start + timedelta(seconds=int((self.end - self.start).total_seconds()) // 2)
        return (Slice(self.department, self.rome_codes, self.start, middle, self),
                Slice(self.department, self.rome_codes, middle, self.end, self))

    @property
    def top(self) -> Slice:
        return self if self.parent is None else self.parent.top

    def __str__(self) -> str:
        rome = f" ROME {self.rome_codes}" if self.rome_codes else ""
        return f"department {self.department}{rome}, created {self.start:%Y-%m-%d %H:%M:%S}–{self.end:%Y-%m-%d %H:%M:%S}"


class FranceTravailSpider(scrapy.Spider):
    name = "france_travail"
    expected_fields = ("intitule", "description", "lieuTravail", "romeCode", "dateCreation")

    def __init__(self, api_url: str, departments: str = "34", token_url: str = "", rome_codes: str = "",
                 created_since: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # a new-offers listing starts its windows here (ISO 8601); a complete one before any active offer
        self.earliest = _utc(datetime.fromisoformat(created_since)) if created_since else EARLIEST
        self.api_url = api_url
        self.departments = [d for d in departments.split(",") if d]
        self.rome_codes = ",".join(c for c in rome_codes.split(",") if c)
        self.token_url = token_url
        self.started = datetime.now(UTC).replace(microsecond=0)
        self.seen: dict[str, bytes] = {}  # offer id → digest of its content, to drop the copies windows share
        self.announced: dict[Slice, int] = {}  # slices read page by page → their total
        self.totals: dict[Slice, int] = {}  # every slice asked, split ones included
        self.collected: Counter[Slice] = Counter()
        self.unfiltered: set[str] = set()  # departments for which the API ignored the creation-date window

    def token_request(self) -> Request | None:
        """The OAuth2 client-credentials request (used by spiders/middlewares/oauth_token.py); None without credentials."""
        credentials = france_travail_credentials()
        if not self.token_url or not credentials:
            return None
        client_id, secret = credentials
        form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret, "scope": TOKEN_SCOPE}
        return FormRequest(self.token_url, formdata=form, dont_filter=True)

    async def start(self) -> AsyncIterator[Request]:
        for department in self.departments:
            yield self.page(Slice(department, self.rome_codes, min(self.earliest, self.started), self.started), 0)

    def page(self, piece: Slice, first: int) -> Request:
        return Request(f"{self.api_url}?{urlencode(piece.query(first))}", headers={"Accept": "application/json"},
                       callback=self.parse_search, errback=self.download_failed,
                       cb_kwargs={"piece": piece, "first": first}, dont_filter=True)

    def download_failed(self, failure: Failure) -> Any:
        """Timeouts, refused connections, pages over DOWNLOAD_MAXSIZE, after their retries."""
        yield RejectedRecord(self.name, failure.request.url, f"download failed: {failure.getErrorMessage()[:300]}")

    def parse_search(self, response: Response, piece: Slice, first: int) -> Any:
        if response.status == 204:
            if first == 0:
                self.announced[piece] = 0
            return
        if response.status >= 400:
            yield RejectedRecord(self.name, response.url, f"HTTP {response.status} on search page ({piece})", excerpt=excerpt_of(response.body))
            return
        try:
            offers = response.json().get("resultats", [])
        except (ValueError, AttributeError):
            retry = get_retry_request(response.request, spider=self, reason="malformed or truncated JSON")
            if retry is not None:
                yield retry
            else:
                yield RejectedRecord(self.name, response.url, "malformed JSON search page", excerpt=excerpt_of(response.body))
            return
        if first == 0:
            yield from self.plan_slice(response, piece, len(offers))
        for offer in offers:
            record = self.to_record(offer, response.url)
            if isinstance(record, RawRecord):
                self.collected[piece] += 1
                digest = hashlib.blake2b(json.dumps(offer, sort_keys=True).encode(), digest_size=8).digest()
                if self.seen.get(record.record_id) == digest:  # the same offer in two neighbouring windows
                    self.crawler.stats.inc_value("observatory/france_travail/seen_twice")
                    continue
                self.seen[record.record_id] = digest  # another version of an id is landed: the transform keeps the latest
            yield record

    def plan_slice(self, response: Response, piece: Slice, on_first_page: int) -> Any:
        """After a slice's first page: split it if one query cannot reach all its offers, else request its pages."""
        total = content_range_total(response.headers.get("Content-Range", b"").decode())
        total = on_first_page if total is None else total
        self.totals[piece] = total
        if total > REACHABLE:
            if piece.department in self.unfiltered:
                return  # already reported; its first page is collected
            if self.window_ignored(piece):
                yield from self.read_what_one_query_reaches(response, piece.top)
                return
            halves = piece.halves()
            if halves:
                self.crawler.stats.inc_value("observatory/france_travail/slices_split")
                for half in halves:
                    yield self.page(half, 0)
                return
            yield RejectedRecord(self.name, response.url, f"{total} offers created within one second ({piece}): "
                                 f"the API gives {REACHABLE} at most per query; the rest cannot be collected")
        self.announced[piece] = total
        for first in range(PAGE_SIZE, min(total, REACHABLE), PAGE_SIZE):
            yield self.page(piece, first)

    def window_ignored(self, piece: Slice) -> bool:
        """Both halves of a window announce all of its offers: the API did not apply the creation-date window
        (a replay or a version that ignores it). Splitting further would only multiply the queries."""
        if piece.parent is None or piece.parent not in self.totals:
            return False
        siblings = [s for s in (piece.parent.halves() or ()) if s in self.totals]
        return len(siblings) == 2 and all(self.totals[s] >= self.totals[piece.parent] for s in siblings)

    def read_what_one_query_reaches(self, response: Response, top: Slice) -> Any:
        self.unfiltered.add(top.department)
        total = self.totals[top]
        yield RejectedRecord(self.name, response.url, f"the API ignored minCreationDate/maxCreationDate for department "
                             f"{top.department}: {total - REACHABLE} of its {total} offers cannot be collected "
                             f"(one query reaches {REACHABLE})")
        self.announced[top] = REACHABLE
        for first in range(PAGE_SIZE, REACHABLE, PAGE_SIZE):
            yield self.page(top, first)

    def to_record(self, offer: Any, url: str) -> RawRecord | RejectedRecord:
        if not isinstance(offer, dict) or not offer.get("id"):
            return RejectedRecord(self.name, url, "offer without an id", excerpt=excerpt_of(offer), scope=RECORD)
        return RawRecord(self.name, str(offer["id"]), url, offer)

    def closed(self, reason: str) -> None:
        """Announced versus collected, per slice (a slice's first page is also collected when it is split)."""
        stats = self.crawler.stats
        short = []
        for piece, announced in sorted(self.announced.items(), key=lambda item: str(item[0])):
            collected = self.collected[piece]
            logger.info("slice %s: announced %d, collected %d", piece, announced, collected)
            if collected < announced:
                short.append(f"{piece}: announced {announced}, collected {collected}")
        stats.set_value("observatory/france_travail/slices", len(self.announced))
        stats.set_value("observatory/france_travail/announced", sum(self.announced.values()))
        stats.set_value("observatory/france_travail/collected", len(self.seen))
        if short:
            stats.set_value("observatory/warnings", (stats.get_value("observatory/warnings") or [])
                            + [f"{len(short)} slices short of their announced total, e.g. {short[0]}"])


def _utc(moment: datetime) -> datetime:
    return (moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)).replace(microsecond=0)


def content_range_total(header: str) -> int | None:
    """`offres 0-149/1234` → 1234."""
    match = re.search(r"/(\d+)\s*$", header)
    return int(match[1]) if match else None
