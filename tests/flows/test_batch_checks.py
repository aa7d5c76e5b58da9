"""Batch-level checks on real nights (Prefect flow runs, real spiders against a local HTTP server, a real
DuckDB file): a source whose volume jumps tenfold or drops to 0 is flagged and keeps its previous data
while the others load; every validation result of a night is in landing.quality_results."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import duckdb

from tests.conftest import REPO
from tests.flows.test_failure_isolation import _configure
from tests.http_sources import file_route, france_travail_route, serve_sources

SAMPLE = REPO / "sample_sources"
NIGHTS = date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 28)


def _rows(home: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(home / "warehouse" / "observatory.duckdb"), read_only=True) as con:
        return con.execute(sql, parameters or []).fetchall()


def test_a_source_whose_volume_jumps_or_drops_to_zero_keeps_its_previous_data(observatory_home, prefect_server, monkeypatch):
    from flows.nightly import nightly
    from flows.status import read_status

    offers = json.loads((SAMPLE / "france_travail" / "offres.json").read_text(encoding="utf-8"))["resultats"]
    monkeypatch.setenv("OBSERVATORY_DEPARTMENTS", "34")
    in_herault = [o for o in offers if (o.get("lieuTravail") or {}).get("libelle", "").startswith("34") and o.get("description")]
    few, many = in_herault[:2], in_herault  # the sample has 29 such offers in Hérault: over 10 × 2
    assert len(many) >= 10 * len(few)
    with serve_sources() as server:
        rncp = server.route("/rncp.xml", file_route((SAMPLE / "rncp" / "export_fiches_rncp_v4.1.xml").read_bytes()))
        api = server.route("/offres/search", france_travail_route(few))
        _configure(monkeypatch, france_travail=api, rncp=rncp)
        first = nightly(run_date=NIGHTS[0], languages=("fr",))
        postings_sql = "select posting_id, last_seen_on, closed_on from landing.postings order by posting_id"
        postings_before = _rows(observatory_home, postings_sql)

        server.route("/offres/search", france_travail_route(many))  # a feed that suddenly returns 12 times more
        jump = nightly(run_date=NIGHTS[1], languages=("fr",))
        server.route("/offres/search", france_travail_route([]))  # then nothing at all
        empty = nightly(run_date=NIGHTS[2], languages=("fr",))

    assert first.status == "complete" and first.sources["france_travail"].collected == 2
    assert [p[0] for p in postings_before] == sorted(o["id"] for o in few)
    for night in (jump, empty):
        assert night.status == "partial"
        assert night.sources["france_travail"].status == "failed" and night.sources["france_travail"].loaded == 0
        assert night.sources["rncp"].status == "complete" and night.sources["rncp"].unchanged == 9  # the others load
    reason, collected = jump.sources["france_travail"].reason, jump.sources["france_travail"].collected
    assert collected == len(many)
    assert reason.startswith(f"quality: volume: {collected} records collected, {collected / 2:.1f}× the recent median 2 over 1 night(s)")
    assert reason.endswith("its previous data is kept")
    assert any(flag.startswith("france_travail volume: 0 records collected (recent median 2") for flag in empty.quality_flags)
    assert "quality flag:  france_travail volume: 0 records collected" in empty.text()
    assert _rows(observatory_home, postings_sql) == postings_before  # yesterday's postings: not replaced, not closed
    assert _rows(observatory_home, "select distinct last_seen_on from landing.trainings") == [(NIGHTS[2],)]

    volumes = _rows(observatory_home, """
        select r.run_date, q.observed_value, q.success from landing.quality_results q join landing.runs r using (run_id)
        where q.source = 'france_travail' and q.suite = 'batch' and q.expectation = 'volume' order by r.run_date""")
    assert volumes == [(NIGHTS[0], 2.0, True), (NIGHTS[1], float(len(many)), False), (NIGHTS[2], 0.0, False)]

    # The status screen shows the last runs and the open flag of the source's last night.
    status = read_status(observatory_home / "warehouse" / "observatory.duckdb")
    assert [run[2] for run in status.runs] == ["partial", "partial", "complete"]
    assert [(flag[0], flag[1], flag[2]) for flag in status.flags] == [("france_travail", NIGHTS[2], "volume")]
    france_travail = next(s for s in status.sources if s.source == "france_travail")
    assert (france_travail.status, france_travail.last_loaded, france_travail.documents) == ("failed", NIGHTS[0], 2)


def test_every_validation_result_of_a_night_is_kept(observatory_home, prefect_server, monkeypatch):
    from flows.nightly import nightly

    offers = json.loads((SAMPLE / "france_travail" / "offres.json").read_text(encoding="utf-8"))["resultats"]
    good = [o for o in offers if o.get("description") and (o.get("lieuTravail") or {}).get("libelle", "")[:2] == "34"][:10]
    bad = dict(good[0], id="NODESC1", description=None)
    with serve_sources() as server:
        _configure(monkeypatch, france_travail=server.route("/offres/search", france_travail_route(good + [bad])))
        monkeypatch.setenv("OBSERVATORY_DEPARTMENTS", "34")
        night = nightly(run_date=NIGHTS[2], languages=("fr",))

    france_travail = night.sources["france_travail"]
    assert france_travail.status == "complete"
    assert (france_travail.new, france_travail.changed) == (france_travail.valid, 0) and france_travail.valid == 10
    assert france_travail.skill_mentions >= france_travail.skills > 0
    assert "| france_travail | complete | 11 | 10 | 0 | 0 | 0 | 10 | 1 |" in night.markdown()
    rows = _rows(observatory_home, """
        select suite, expectation, column_name, success, element_count, unexpected_count, unexpected_sample, detail
        from landing.quality_results where run_id = ? and source = 'france_travail' order by all""", [night.run_id])
    by_check = {(suite, expectation, column): rest for suite, expectation, column, *rest in rows}
    postings = night.sources["france_travail"].transformed
    assert by_check["postings", "expect_column_values_to_not_be_null", "description"] == [False, postings, 1, '["null"]', "no description"]
    assert by_check["postings", "expect_column_values_to_not_be_null", "title"] == [True, postings, 0, "[]", "no title"]
    assert {suite for suite, *_ in by_check} == {"postings", "mentions", "batch"}
    assert len([key for key in by_check if key[0] == "postings"]) == 15  # every expectation of the suite, one row each
    assert by_check["batch", "volume", ""][:3] == [True, 11, 0]

    # ... and rendered as the night's Data Docs, read offline.
    docs = Path(night.data_docs)
    assert docs == observatory_home / "data" / "data_docs" / night.run_id / "index.html"
    assert sorted(p.name for p in docs.parent.glob("*.html")) == [
        "france_travail.batch.html", "france_travail.mentions.html", "france_travail.postings.html", "index.html"]
    assert not any(re.search(r"https?://", page.read_text(encoding="utf-8")) for page in docs.parent.parent.rglob("*.html"))
