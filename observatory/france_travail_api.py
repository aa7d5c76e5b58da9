"""The contract of France Travail's "Offres d'emploi v2" search, answered from a list of offers.

The sample server (the demo) and the tests serve offers through it, so the spider is always exercised against
the behaviour documented in the official OpenAPI spec (../shared/samples/france_travail, checked 2026-11):

- `range=p-d`: at most 150 offers, `p` at most 3000 (so 3,150 offers per query at most); else 400;
- `departement` and `codeROME` (comma-separated lists), `minCreationDate` and `maxCreationDate`
  (`yyyy-MM-ddTHH:mm:ssZ`, given together, bounds included);
- 206 with `Content-Range: offres p-d/total` while offers remain after the page, 200 for a page that holds
  them all, 204 when nothing matches;
- with a token issuer: a Bearer token obtained by POSTing client credentials, refused with 401 once expired
  or revoked.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qs

PAGE_SIZE = 150
LAST_RANGE_START = 3000
REACHABLE = LAST_RANGE_START + PAGE_SIZE  # offers one query can return
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


def _error(status: int, message: str) -> Reply:
    return Reply(status, json.dumps({"message": message}, ensure_ascii=False).encode())


def department_of(offer: dict) -> str:
    label = (offer.get("lieuTravail") or {}).get("libelle", "")
    return str(label).split(" - ", 1)[0].strip()


def created_at(offer: dict) -> datetime | None:
    text = offer.get("dateCreation")
    if not text:
        return None
    return datetime.fromisoformat(str(text)).astimezone(UTC).replace(microsecond=0)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ServedOffer:
    """One offer as the index keeps it: what a query filters and sorts on, and its JSON, encoded once (a
    million offers held as dictionaries would take tens of GiB; as encoded JSON, about their size on disk)."""

    __slots__ = ("body", "created", "department", "id", "rome")

    def __init__(self, offer: dict, body: bytes | None = None) -> None:
        self.body = body if body is not None else json.dumps(offer, ensure_ascii=False).encode()
        self.created, self.id = created_at(offer), str(offer.get("id"))
        self.department, self.rome = department_of(offer), offer.get("romeCode")

    @classmethod
    def parse(cls, line: bytes) -> ServedOffer:
        """An offer from one line of JSON (one offer per line), kept as it is written."""
        return cls(json.loads(line), line.strip())


def _newest_first(offer: ServedOffer) -> tuple[datetime, str]:
    return (offer.created or _EPOCH, offer.id)


class OfferIndex:
    """Offers newest first (the API's `sort=1`), indexed by department and creation time, so that a page of a
    large replay is answered in logarithmic time (the benchmark serves a million offers this way)."""

    def __init__(self, offers: Iterable[dict | ServedOffer]) -> None:
        served = (o if isinstance(o, ServedOffer) else ServedOffer(o) for o in offers)
        self.offers = sorted(served, key=_newest_first, reverse=True)
        self.by_department: dict[str, list[ServedOffer]] = {}
        for offer in self.offers:
            self.by_department.setdefault(offer.department, []).append(offer)
        # ascending creation times per department, for bisection (undated offers: test fixtures, in every window)
        self.times = {d: [-(o.created or _EPOCH).timestamp() for o in pool] for d, pool in self.by_department.items()}

    def _window(self, department: str, window: tuple[datetime, datetime] | None) -> list[ServedOffer]:
        pool = self.by_department.get(department, [])
        if window is None or not pool:
            return pool
        times = self.times[department]  # negated, so ascending in the pool's newest-first order
        low, high = bisect_left(times, -window[1].timestamp()), bisect_right(times, -window[0].timestamp())
        return pool[low:high] + [o for o in pool[high:] if o.created is None]

    def matching(self, departments: set[str], rome_codes: set[str], window: tuple[datetime, datetime] | None) -> list[ServedOffer]:
        if departments:
            pool = [o for d in sorted(departments) for o in self._window(d, window)]
            if len(departments) > 1:
                pool.sort(key=_newest_first, reverse=True)
        else:
            pool = [o for o in self.offers if window is None or o.created is None or window[0] <= o.created <= window[1]]
        if rome_codes:
            pool = [o for o in pool if o.rome in rome_codes]
        return pool


def _values(query: dict[str, list[str]], name: str) -> set[str]:
    return {v for item in query.get(name, []) for v in item.split(",") if v}


def search(index: OfferIndex, query: dict[str, list[str]]) -> Reply:
    """Answer GET /offres/search as the real API does."""
    match = re.fullmatch(r"(\d+)-(\d+)", query.get("range", ["0-149"])[0])
    if not match:
        return _error(400, "Le paramètre range est invalide")
    first, last = int(match[1]), int(match[2])
    if last < first or last - first + 1 > PAGE_SIZE or first > LAST_RANGE_START:
        return _error(400, f"La plage de résultats demandée est trop importante (range={first}-{last})")
    departments = _values(query, "departement")
    if len(departments) > 5:
        return _error(400, "Le paramètre departement accepte 5 valeurs au plus")
    window = None
    bounds = [query.get(name, [None])[0] for name in ("minCreationDate", "maxCreationDate")]
    if any(bounds):
        if not all(bounds):
            return _error(400, "Les paramètres minCreationDate et maxCreationDate doivent être renseignés ensemble")
        try:
            low, high = (datetime.strptime(b, DATE_FORMAT).replace(tzinfo=UTC) for b in bounds)
        except ValueError:
            return _error(400, "Format de date invalide (yyyy-MM-dd'T'hh:mm:ss'Z')")
        window = (low, high)
    offers = index.matching(departments, _values(query, "codeROME"), window)
    if not offers:
        return Reply(204)
    page = offers[first : last + 1]
    if not page:
        return Reply(204)
    end = first + len(page) - 1
    status = 200 if first == 0 and end == len(offers) - 1 else 206
    body = b'{"resultats": [' + b", ".join(o.body for o in page) + b'], "filtresPossibles": []}'  # as json.dumps writes it
    return Reply(status, body, {"Content-Range": f"offres {first}-{end}/{len(offers)}"})


class TokenIssuer:
    """OAuth2 client credentials: POST grant_type, client_id, client_secret, scope → a Bearer token."""

    def __init__(self, client_id: str, client_secret: str, lifetime_s: int = 1499) -> None:
        self.client_id, self.client_secret, self.lifetime_s = client_id, client_secret, lifetime_s
        self.valid: dict[str, float] = {}  # token → expiry (monotonic seconds)
        self.issued = 0
        self.lock = threading.Lock()

    def issue(self, form_body: bytes) -> Reply:
        form = {k: v[0] for k, v in parse_qs(form_body.decode("utf-8")).items()}
        if form.get("grant_type") != "client_credentials" or (form.get("client_id"), form.get("client_secret")) != (self.client_id, self.client_secret):
            return _error(401, "invalid_client")
        token = secrets.token_hex(16)
        with self.lock:
            self.valid[token] = time.monotonic() + self.lifetime_s
            self.issued += 1
        body = {"access_token": token, "token_type": "Bearer", "expires_in": self.lifetime_s, "scope": form.get("scope", "")}
        return Reply(200, json.dumps(body).encode())

    def accepts(self, authorization: str | None) -> bool:
        token = (authorization or "").removeprefix("Bearer ").strip()
        with self.lock:
            expiry = self.valid.get(token)
        return expiry is not None and expiry > time.monotonic()

    def revoke_all(self) -> None:
        with self.lock:
            self.valid.clear()
