"""Every in-scope France Travail offer, exactly once, from a replay of the real API's contract with its faults.

Real offers of ../shared/samples are served three times under new ids (so one department holds more than the
3,150 offers one query can reach) by the API's contract (observatory/france_travail_api.py) on 127.0.0.1,
behind a token URL, with a 429 asking to wait, a 500, a body cut short and a revoked token on the way.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from observatory.france_travail_api import REACHABLE, Reply, TokenIssuer
from spiders.crawl import run_crawl
from tests.http_sources import Exchange, france_travail_route, serve_sources, token_route


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]  # not splitlines: U+2028 in texts


def replayed_offers(shared_samples: Path) -> list[dict]:
    """Each real IT offer, in Hérault, three times under new ids a few days apart; the Gard keeps its own."""
    real = json.loads((shared_samples / "france_travail" / "derived_ft_M18_all_unique_offres.json").read_text())["resultats"]
    offers = []
    for copy in range(3):
        for offer in real:
            created = datetime.fromisoformat(offer["dateCreation"]) + timedelta(days=3 * copy)
            department = "30" if offer["lieuTravail"]["libelle"].startswith("30") else "34"
            offers.append(offer | {"id": f"{offer['id']}-{copy}", "dateCreation": created.isoformat().replace("+00:00", "Z"),
                                   "lieuTravail": offer["lieuTravail"] | {"libelle": f"{department} - VILLE"}})
    return offers


class Faults:
    """A 429 asking to wait 2 s, a 500, a body cut short and a revoked token, on the way through the pages."""

    def __init__(self, tokens: TokenIssuer) -> None:
        self.tokens = tokens
        self.asked_to_wait: dict[str, float] = {}  # range query → when the 429 was sent
        self.waited: dict[str, float] = {}

    def __call__(self, exchange: Exchange) -> Reply | None:
        key = json.dumps(exchange.query, sort_keys=True)
        if key in self.asked_to_wait and key not in self.waited:
            self.waited[key] = time.monotonic() - self.asked_to_wait[key]
        if exchange.hit == 4:
            self.asked_to_wait[key] = time.monotonic()
            return Reply(429, b'{"message": "Too Many Requests"}', {"Retry-After": "2"})
        if exchange.hit == 6:
            return Reply(500, b'{"message": "erreur interne"}')
        if exchange.hit == 8:
            return Reply(206, b'{"resultats": [{"id": "cut', {"X-Declared-Length": "90000"})  # the connection drops
        if exchange.hit == 10:
            self.tokens.revoke_all()  # this request and the ones in flight get 401
        return None


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> TokenIssuer:
    monkeypatch.setenv("FRANCE_TRAVAIL_CLIENT_ID", "observatory-test")
    monkeypatch.setenv("FRANCE_TRAVAIL_CLIENT_SECRET", "not-a-real-secret")
    monkeypatch.setenv("OBSERVATORY_RETRY_BACKOFF", "0.2")
    return TokenIssuer("observatory-test", "not-a-real-secret")


def test_every_offer_once_despite_the_query_cap_and_the_faults(shared_samples: Path, tmp_path: Path, credentials: TokenIssuer):
    offers = replayed_offers(shared_samples)
    in_scope = {o["id"] for o in offers}
    assert sum(o["lieuTravail"]["libelle"].startswith("34") for o in offers) > REACHABLE  # one query cannot reach them all
    faults = Faults(credentials)
    with serve_sources() as server:
        api = server.route("/offres/search", france_travail_route(offers, tokens=credentials, fault=faults))
        token = server.route("/token", token_route(credentials))
        result = run_crawl("france_travail", {"api_url": api, "departments": "34,30", "token_url": token},
                           tmp_path, "2026-11-28", "run-1", download_delay=0)

    landed = [r["record_id"] for r in _lines(result.records_path)]
    assert sorted(landed) == sorted(in_scope)  # each offer once: nothing lost, nothing twice
    assert _lines(result.rejected_path) == []
    stats = result.stats
    assert stats["observatory/france_travail/slices_split"] >= 1
    assert stats["observatory/france_travail/announced"] == stats["observatory/france_travail/collected"] == len(in_scope)
    assert stats["observatory/retry_after/honoured"] == 1 and min(faults.waited.values()) >= 2.0
    assert stats["observatory/tokens_obtained"] >= 2 and stats["observatory/token_refused"] >= 1
    assert result.warnings == []


def test_a_page_that_stays_broken_is_a_rejected_record_and_the_others_load(shared_samples: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("OBSERVATORY_RETRY_BACKOFF", "0.1")
    offers = [o for o in replayed_offers(shared_samples) if o["lieuTravail"]["libelle"].startswith("34")][:400]

    def broken_second_page(exchange: Exchange) -> Reply | None:
        return Reply(500, b'{"message": "erreur interne"}') if exchange.query.get("range") == ["150-299"] else None

    with serve_sources() as server:
        api = server.route("/offres/search", france_travail_route(offers, fault=broken_second_page))
        result = run_crawl("france_travail", {"api_url": api, "departments": "34"}, tmp_path, "2026-11-28", "run-1", download_delay=0)

    rejected = _lines(result.rejected_path)
    assert [r["reason"].split(" (")[0] for r in rejected] == ["HTTP 500 on search page"]
    assert "range=150-299" in rejected[0]["url"]
    assert result.records == len(offers) - 150  # every other page
    assert result.stats["retry/count"] == 4  # retried with backoff before giving up


def test_a_retry_after_beyond_the_limit_is_not_waited_for(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("OBSERVATORY_MAX_RETRY_AFTER", "5")
    offers = [{"id": f"R{i}", "intitule": "Dev", "lieuTravail": {"libelle": "34 - MONTPELLIER"}, "description": "x",
               "dateCreation": "2026-11-01T10:00:00Z"} for i in range(10)]
    with serve_sources() as server:
        api = server.route("/offres/search", france_travail_route(offers, fault=lambda e: Reply(429, b"{}", {"Retry-After": "3600"})))
        started = time.monotonic()
        result = run_crawl("france_travail", {"api_url": api, "departments": "34"}, tmp_path, "2026-11-28", "run-1", download_delay=0)
    assert time.monotonic() - started < 60
    assert [r["reason"].split(" (")[0] for r in _lines(result.rejected_path)] == ["HTTP 429 on search page"]
    assert result.stats["observatory/retry_after/too_long"] == 1


def test_an_api_ignoring_the_date_window_is_reported_not_split_forever(shared_samples: Path, tmp_path: Path):
    offers = [o for o in replayed_offers(shared_samples) if o["lieuTravail"]["libelle"].startswith("34")]

    def without_dates(exchange: Exchange) -> Reply | None:
        query = {k: v for k, v in exchange.query.items() if k not in ("minCreationDate", "maxCreationDate")}
        return every_offer(replace(exchange, query=query))

    every_offer = france_travail_route(offers)
    with serve_sources() as server:
        api = server.route("/offres/search", france_travail_route([], fault=without_dates))
        result = run_crawl("france_travail", {"api_url": api, "departments": "34"}, tmp_path, "2026-11-28", "run-1", download_delay=0)
        requests = server.hits["/offres/search"]
    assert result.records == REACHABLE and requests < 60
    [rejected] = _lines(result.rejected_path)
    assert rejected["reason"].startswith(f"the API ignored minCreationDate/maxCreationDate for department 34: {len(offers) - REACHABLE} of")


def test_a_new_offers_listing_asks_only_for_offers_created_since_its_start(shared_samples: Path, tmp_path: Path):
    offers = [o for o in replayed_offers(shared_samples) if o["lieuTravail"]["libelle"].startswith("34")]
    created = {o["id"]: datetime.fromisoformat(o["dateCreation"]).replace(microsecond=0) for o in offers}
    since = sorted(created.values())[-200]  # the 200 newest offers (and any created the same second)
    asked: list[dict] = []
    with serve_sources() as server:
        api = server.route("/offres/search", france_travail_route(offers, fault=lambda e: asked.append(e.query)))
        result = run_crawl("france_travail", {"api_url": api, "departments": "34", "created_since": since.isoformat()},
                           tmp_path, "2026-11-28", "run-1", download_delay=0)
    newer = {i for i, moment in created.items() if moment >= since}
    assert sorted(r["record_id"] for r in _lines(result.records_path)) == sorted(newer)
    assert {q["minCreationDate"][0] for q in asked} == {since.strftime("%Y-%m-%dT%H:%M:%SZ")}
    assert len(asked) == -(-len(newer) // 150)  # its pages only: the cost follows the new offers
