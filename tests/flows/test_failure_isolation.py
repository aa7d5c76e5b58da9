"""Nights where a source fails, is not configured, or sends bad input: the others load, nothing is lost
silently, and yesterday's data of a failed source stays as it was. Real flow runs (Prefect), real spiders
against a real local HTTP server with faults, real Great Expectations suites, a real DuckDB file."""

from __future__ import annotations

import json
import socket
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest

from observatory.personal_data import EMAIL, PHONE
from tests.conftest import REPO, SHARED_SAMPLES
from tests.http_sources import file_route, france_travail_route, serve_sources, status_route

SAMPLE = REPO / "sample_sources"
NIGHT_1, NIGHT_2, NIGHT_3 = date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 28)


def _sample_offers() -> list[dict]:
    return json.loads((SAMPLE / "france_travail" / "offres.json").read_text(encoding="utf-8"))["resultats"]


def _catalogue_files() -> dict[str, bytes]:
    """Real public RNCP and LHEO files from ../shared/samples when present, else the bundled sample's."""
    real_rncp = SHARED_SAMPLES / "rncp" / "mcp-rncp_export_fiches_RNCP_fixture_v4.1.xml"
    real_lheo = SHARED_SAMPLES / "lheo" / "trefle_intercarif_daeu_toulouse.xml"  # Toulouse: in the region
    if real_rncp.exists() and real_lheo.exists():
        return {"rncp": real_rncp.read_bytes(), "lheo": real_lheo.read_bytes()}
    return {"rncp": (SAMPLE / "rncp" / "export_fiches_rncp_v4.1.xml").read_bytes(),
            "lheo": (SAMPLE / "lheo" / "offres_occitanie.xml").read_bytes()}


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/offres/search"


def _rows(home: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(home / "warehouse" / "observatory.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def _configure(monkeypatch: pytest.MonkeyPatch, **urls: str) -> None:
    names = {"france_travail": "OBSERVATORY_FRANCE_TRAVAIL_API", "rncp": "OBSERVATORY_RNCP_EXPORT_URL", "lheo": "OBSERVATORY_LHEO_EXPORT_URL"}
    for source, variable in names.items():
        if source in urls:
            monkeypatch.setenv(variable, urls[source])
        else:
            monkeypatch.delenv(variable, raising=False)


def test_a_failing_france_travail_keeps_its_data_while_the_catalogues_load(observatory_home, prefect_server, monkeypatch):
    from flows.nightly import nightly

    files = _catalogue_files()
    with serve_sources() as server:
        catalogues = {"rncp": server.route("/rncp.xml", file_route(files["rncp"])),
                      "lheo": server.route("/lheo.xml", file_route(files["lheo"]))}
        api = server.route("/offres/search", france_travail_route(_sample_offers()))
        _configure(monkeypatch, france_travail=api, **catalogues)
        first = nightly(run_date=NIGHT_1, languages=("fr",))
        postings_sql = "select * from landing.postings order by posting_id"
        postings_before = _rows(observatory_home, postings_sql)

        server.route("/offres/search", status_route(500))  # the API breaks down
        second = nightly(run_date=NIGHT_2, languages=("fr",))

        _configure(monkeypatch, france_travail=_closed_port_url(), **catalogues)  # then is unreachable
        third = nightly(run_date=NIGHT_3, languages=("fr",))

    assert first.status == "complete" and len(postings_before) >= 60
    for night in (second, third):
        assert night.status == "partial"
        assert night.sources["france_travail"].status == "failed"
        assert (night.sources["rncp"].status, night.sources["lheo"].status) == ("complete", "complete")
        assert night.sources["rncp"].unchanged > 0 and night.sources["lheo"].unchanged > 0  # seen again, dates refreshed
    assert "HTTP 500" in second.sources["france_travail"].reason and "/offres/search" in second.sources["france_travail"].reason
    assert "refused" in third.sources["france_travail"].reason.lower() and "127.0.0.1" in third.sources["france_travail"].reason
    assert _rows(observatory_home, postings_sql) == postings_before  # yesterday's postings, untouched
    assert _rows(observatory_home, "select distinct last_seen_on from landing.trainings") == [(NIGHT_3,)]
    assert _rows(observatory_home, "select status from landing.runs order by run_date") == [("complete",), ("partial",), ("partial",)]
    assert _rows(observatory_home, f"select status from landing.run_sources where run_id = '{third.run_id}' and source = 'france_travail'") == [("failed",)]
    refused_last_night = _rows(observatory_home, f"""
        select q.stage, q.reason from landing.quarantine q join landing.quarantine_refusals r using (quarantine_key)
        where r.run_id = '{third.run_id}' and q.source = 'france_travail'""")
    assert refused_last_night and all(stage == "crawl" for stage, _ in refused_last_night)
    assert "france_travail   failed" in third.text() and third.sources["france_travail"].reason in third.text()


def test_a_night_with_catalogues_only(observatory_home, prefect_server, monkeypatch):
    from flows.nightly import nightly

    files = _catalogue_files()
    with serve_sources() as server:
        _configure(monkeypatch, rncp=server.route("/rncp.xml", file_route(files["rncp"])),
                   lheo=server.route("/lheo.xml", file_route(files["lheo"])))
        night = nightly(run_date=NIGHT_1, languages=("fr",))
    assert night.status == "complete"
    assert night.sources["france_travail"].status == "skipped"
    assert night.sources["france_travail"].reason == "OBSERVATORY_FRANCE_TRAVAIL_API is not set"
    assert _rows(observatory_home, "select count(*) from core.postings") == [(0,)]
    assert _rows(observatory_home, "select count(*) > 0 from core.trainings") == [(True,)]
    assert _rows(observatory_home, "select max(jobs) from marts.skill_gap") == [(0,)]
    assert "skipped   OBSERVATORY_FRANCE_TRAVAIL_API is not set" in night.text()
    # what the night cost, stage by stage, is in its record: wall and CPU seconds, and the peak memory
    assert set(night.stage_cpu) == set(night.stages) >= {"crawl", "transform", "load", "build", "publish"}
    assert night.stage_cpu["build"] > 0 and night.peak_rss_mib > 100
    assert f"build {night.stages['build']:.1f} s (CPU {night.stage_cpu['build']:.1f} s)" in night.text()


def test_a_night_with_postings_only(observatory_home, prefect_server, monkeypatch):
    from flows.nightly import nightly

    with serve_sources() as server:
        _configure(monkeypatch, france_travail=server.route("/offres/search", france_travail_route(_sample_offers())))
        night = nightly(run_date=NIGHT_1, languages=("fr",))
    assert night.status == "complete"
    assert {name: o.status for name, o in night.sources.items()} == {"france_travail": "complete", "company_careers": "skipped",
                                                                 "rncp": "skipped", "lheo": "skipped", "onisep": "skipped",
                                                                 "school_courses": "skipped"}
    assert _rows(observatory_home, "select count(*) from core.trainings") == [(0,)]
    assert _rows(observatory_home, "select count(*) >= 60 from core.postings") == [(True,)]
    assert night.reports and Path(night.reports[0]).exists()


def _bad_offers() -> list[dict]:
    offers = _sample_offers()[:20]
    template = offers[0]

    def variant(offer_id: str, **changes) -> dict:
        return json.loads(json.dumps(template)) | {"id": offer_id} | changes

    return offers + [
        variant("HUGE1", description="Développeur Python. " * 60_000),  # 1.2 million characters
        variant("FUTURE1", dateCreation="2031-03-01T10:00:00.000Z", dateActualisation="2031-03-01T10:00:00.000Z"),
        variant("PARIS1", lieuTravail={"libelle": "75 - PARIS 11", "codePostal": "75011"}),
        variant("LYON1", lieuTravail={"libelle": "69 - LYON 03", "codePostal": "69003"}),
        {"intitule": "Offre sans identifiant", "lieuTravail": {"libelle": "34 - MONTPELLIER"},
         "contact": {"nom": "M. Jean Dupont", "courriel": "jean.dupont@example.com", "telephone": "04 65 71 12 34"},
         "description": "Écrire à Mme Claire Martin, claire.martin@example.fr, 06 39 98 12 34."},
    ]


def test_bad_input_is_quarantined_with_a_reason_and_the_rest_of_the_night_loads(observatory_home, prefect_server, monkeypatch):
    from flows.nightly import nightly

    lheo_utf8 = (SAMPLE / "lheo" / "offres_occitanie.xml").read_text(encoding="utf-8")
    lheo_mislabelled = lheo_utf8.encode("cp1252", errors="replace")  # Windows-1252 bytes, declared UTF-8
    broken_rncp = b'<?xml version="1.0"?>\n<FICHES><FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE><INTITULE>Dev</FICH'
    with serve_sources() as server:
        # The offers are served whatever department is asked: a mis-filtered API answer.
        offers = _bad_offers()
        every_offer, none = france_travail_route(offers), france_travail_route([])
        server.route("/offres/search", lambda exchange: every_offer(replace(exchange, query={"range": exchange.query["range"]}))
                     if exchange.query.get("departement") == ["34"] else none(exchange))
        _configure(monkeypatch, france_travail=server.base + "/offres/search",
                   rncp=server.route("/rncp.xml", file_route(broken_rncp)),
                   lheo=server.route("/lheo.xml", file_route(lheo_mislabelled)))
        monkeypatch.setenv("OBSERVATORY_DEPARTMENTS", "11,30,34,48,66")
        night = nightly(run_date=NIGHT_3, languages=("fr",))
        again = nightly(run_date=NIGHT_3, languages=("fr",))

    ft, rncp, lheo = (night.sources[s] for s in ("france_travail", "rncp", "lheo"))
    assert night.status == "partial"
    assert rncp.status == "failed" and "malformed XML" in rncp.reason and "/rncp.xml" in rncp.reason
    assert lheo.status == "complete" and lheo.loaded == 12
    assert any("declared UTF-8 but is not" in w for w in lheo.warnings)
    assert ft.status == "complete" and ft.loaded >= 15
    reasons = dict(_rows(observatory_home, "select coalesce(record_id, '?'), reason from landing.quarantine where source = 'france_travail'"))
    assert reasons["HUGE1"].startswith("text too long: description of 1,200,000 characters, over the 100,000 limit")
    assert "created_at in the future" in reasons["FUTURE1"]
    assert "outside the configured region" in reasons["PARIS1"] and "outside the configured region" in reasons["LYON1"]
    assert "offer without an id" in reasons["?"]
    assert _rows(observatory_home, "select count(*) from core.postings where posting_id in ('HUGE1', 'FUTURE1', 'PARIS1', 'LYON1')") == [(0,)]
    assert _rows(observatory_home, "select count(*) from landing.quarantine where source = 'rncp' and reason like 'malformed XML%'") == [(1,)]

    # Nothing personal in what was refused: not in the warehouse, not in the landed rejection files.
    stored = " ".join(str(row) for row in _rows(observatory_home, "select * from landing.quarantine"))
    stored += " ".join(p.read_text(encoding="utf-8") for p in (observatory_home / "data" / "landing").rglob("*.jsonl"))
    assert not EMAIL.search(stored) and not PHONE.search(stored)
    assert "Dupont" not in stored and "Martin" not in stored

    # Quarantine keys are stable: the same night again refuses the same rows, adds none.
    assert again.new_quarantine_rows == 0 and sum(again.quarantined_by_reason.values()) == sum(night.quarantined_by_reason.values())
