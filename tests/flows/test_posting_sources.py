"""Postings from France Travail and from a career site in the same nights: every in-scope offer loaded once,
whatever the API's query cap and faults, and no recruiter's e-mail, phone or name stored anywhere."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import duckdb

from observatory.france_travail_api import TokenIssuer
from observatory.personal_data import EMAIL, PHONE
from observatory.sample_server import serve_sample_sources
from tests.conftest import REPO
from tests.http_sources import france_travail_route, serve_sources, token_route
from tests.spiders.test_france_travail_completeness import Faults, replayed_offers

NIGHT_1, NIGHT_2 = date(2026, 11, 27), date(2026, 11, 28)


def _rows(home: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(home / "warehouse" / "observatory.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_two_nights_load_every_in_scope_offer_once_with_a_career_site(observatory_home, prefect_server, monkeypatch, shared_samples, tmp_path):
    from flows.nightly import nightly

    replayed = replayed_offers(shared_samples)
    offers = [o for o in replayed if o["lieuTravail"]["libelle"].startswith("34")][:3300]  # beyond one query's reach
    offers += [o for o in replayed if o["lieuTravail"]["libelle"].startswith("30")]
    contacts = [str((o.get("contact") or {}).get("nom") or "") for o in offers]
    recruiters = {m[1] for c in contacts if (m := re.search(r" - (?:M\.|Mme) (\w+ \w+)$", c))}  # "SOCIETE - Mme First Last"
    assert len(recruiters) > 20
    tokens = TokenIssuer("observatory-test", "not-a-real-secret")
    monkeypatch.setenv("FRANCE_TRAVAIL_CLIENT_ID", "observatory-test")
    monkeypatch.setenv("FRANCE_TRAVAIL_CLIENT_SECRET", "not-a-real-secret")
    monkeypatch.setenv("OBSERVATORY_RETRY_BACKOFF", "0.2")
    monkeypatch.setenv("OBSERVATORY_PARALLEL_MIN_RECORDS", "100000")  # in this process: the Dask path has its own test
    monkeypatch.setenv("OBSERVATORY_DEPARTMENTS", "30,31,34,66")  # the offers' and the career site's
    site = tmp_path / "site"
    (site / "job_board").mkdir(parents=True)
    for page in (REPO / "sample_sources" / "job_board").iterdir():
        (site / "job_board" / page.name).write_bytes(page.read_bytes())
    with serve_sources() as server, serve_sample_sources(site) as site_base:
        monkeypatch.setenv("OBSERVATORY_FRANCE_TRAVAIL_API", server.route("/offres/search", france_travail_route(offers, tokens=tokens, fault=Faults(tokens))))
        monkeypatch.setenv("OBSERVATORY_FRANCE_TRAVAIL_TOKEN_URL", server.route("/token", token_route(tokens)))
        monkeypatch.setenv("OBSERVATORY_COMPANY_CAREERS_URLS", site_base + "/job_board/sitemap.xml")
        first = nightly(run_date=NIGHT_1, languages=("fr",))
        server.route("/offres/search", france_travail_route(offers, tokens=tokens, fault=Faults(tokens)))  # the faults again
        second = nightly(run_date=NIGHT_2, languages=("fr",))

    ids = {o["id"] for o in offers}
    for night in (first, second):
        ft, careers = night.sources["france_travail"], night.sources["company_careers"]
        assert (ft.status, careers.status) == ("complete", "complete"), (ft.reason, careers.reason)
        assert ft.collected == len(ids) and ft.lost_pages == 0
    refused_tonight = second.sources["france_travail"].quarantined  # refused rows are looked at again each night
    assert second.sources["france_travail"].unchanged == len(ids) - refused_tonight
    loaded = _rows(observatory_home, "select posting_id from landing.postings where source = 'france_travail'")
    refused = _rows(observatory_home, "select distinct record_id from landing.quarantine where source = 'france_travail'")
    assert len(loaded) == len({r[0] for r in loaded})  # once each
    assert {r[0] for r in loaded} | {r[0] for r in refused} == ids and len(refused) < len(ids) * 0.02  # every one, loaded or refused with a reason
    assert _rows(observatory_home, "select count(*) from core.postings where source = 'company_careers'") == [(4,)]
    landed = [json.loads(line) for path in (observatory_home / "data" / "landing").rglob("*.jsonl")
              for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    stored = "\n".join(json.dumps([r.get("payload"), r.get("excerpt")], ensure_ascii=False) for r in landed)  # not the hex digests
    stored += "\n".join(str(r) for r in _rows(observatory_home, "select title, description, employer from landing.postings")
                        + _rows(observatory_home, "select reason, payload from landing.quarantine"))
    assert not EMAIL.search(stored) and not PHONE.search(stored)
    assert not [name for name in recruiters if re.search(rf"\b{re.escape(name)}\b", stored)]
