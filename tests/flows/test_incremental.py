"""Nights whose cost follows what changed: unchanged records are only seen again, changed ones are processed
again, absent ones are closed; and the same night on a Dask LocalCluster of worker processes."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from tests.conftest import REPO
from tests.http_sources import france_travail_route, serve_sources

NIGHT_1, NIGHT_2, NIGHT_3 = date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 28)


def _offers() -> list[dict]:
    offers = json.loads((REPO / "sample_sources" / "france_travail" / "offres.json").read_text(encoding="utf-8"))["resultats"]
    return [o for o in offers if o.get("id") and o.get("description") and o.get("lieuTravail")][:30]


def _rows(home: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(home / "warehouse" / "observatory.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_only_new_or_changed_records_are_processed_and_absent_ones_are_closed(observatory_home, prefect_server, monkeypatch):
    from flows.nightly import nightly

    offers = _offers()
    changed_id, closed_id, kept_id = offers[0]["id"], offers[1]["id"], offers[2]["id"]
    untitled = offers[4] | {"id": "BAD0001", "intitule": "x"}  # refused whatever the night: a title of one letter
    early = offers[5] | {"id": "FUT0001", "dateCreation": "2026-11-28T09:00:00.000Z", "dateActualisation": "2026-11-28T09:00:00.000Z"}
    offers += [untitled, early]  # created after night 1 (plus a day of clock skew): refused on night 1, not on night 2
    tonight = [dict(o) for o in offers if o["id"] != closed_id]
    tonight[0] = tonight[0] | {"description": tonight[0]["description"] + " Vous maîtrisez Kubernetes et Terraform.",
                               "dateActualisation": "2026-11-27T08:00:00.000Z"}
    new = offers[3] | {"id": "NEW0001"}  # yesterday's offers[3], re-posted under a new id
    with serve_sources() as server:
        monkeypatch.setenv("OBSERVATORY_FRANCE_TRAVAIL_API", server.route("/offres/search", france_travail_route(offers)))
        first = nightly(run_date=NIGHT_1, languages=("fr",))
        mentions_before = _rows(observatory_home, f"select * from landing.posting_mentions where posting_id = '{kept_id}' order by all")
        server.route("/offres/search", france_travail_route(tonight + [new]))
        second = nightly(run_date=NIGHT_2, languages=("fr",))

    ft_first, ft = first.sources["france_travail"], second.sources["france_travail"]
    assert ft_first.unchanged == 0 and ft_first.transformed == len(offers) and ft_first.quarantined == 2
    # all but the changed one, the absent one and the two refused on night 1
    assert ft.collected == len(offers) and ft.unchanged == len(offers) - 4
    # processed: the changed one, the new one and the early one (its refusal depended on the night), not the untitled one
    assert ft.transformed == 3 and ft.loaded == 3 and ft.closed == 1
    assert ft.quarantined == 1  # the untitled one, refused again from its stored reason without being processed
    refusals = _rows(observatory_home, "select q.record_id, q.reason, r.run_date from landing.quarantine q "
                                       "join landing.quarantine_refusals r using (quarantine_key) order by all")
    untitled_reason = "title shorter than 3 or longer than 300 characters"
    assert [(r[0], r[2]) for r in refusals] == [("BAD0001", NIGHT_1), ("BAD0001", NIGHT_2), ("FUT0001", NIGHT_1)]
    assert refusals[0][1].startswith(untitled_reason) and refusals[1][1] == refusals[0][1]
    assert "created_at in the future" in refusals[2][1]
    seen = {r[0]: r[1:] for r in _rows(observatory_home, "select posting_id, first_seen_on, last_seen_on, closed_on from landing.postings")}
    assert seen[kept_id] == (NIGHT_1, NIGHT_2, None)  # unchanged: seen again, not processed
    assert seen[closed_id] == (NIGHT_1, NIGHT_1, NIGHT_2)  # closed, its last day kept
    assert seen["NEW0001"] == (NIGHT_2, NIGHT_2, None)
    assert seen["FUT0001"] == (NIGHT_2, NIGHT_2, None) and "BAD0001" not in seen
    changed_skills = {r[0] for r in _rows(observatory_home, f"select concept_id from landing.posting_mentions where posting_id = '{changed_id}'")}
    assert {"kubernetes", "terraform"} <= changed_skills  # re-extracted
    assert _rows(observatory_home, f"select * from landing.posting_mentions where posting_id = '{kept_id}' order by all") == mentions_before
    groups = dict(_rows(observatory_home, "select posting_id, duplicate_group from landing.postings"))
    assert groups["NEW0001"] == groups[offers[3]["id"]] == min("NEW0001", offers[3]["id"])  # a re-post across nights


def test_new_records_nights_ask_only_for_recent_offers_and_a_complete_one_closes_the_withdrawn(observatory_home, prefect_server, monkeypatch):
    from flows.nightly import nightly

    monkeypatch.setenv("OBSERVATORY_CRAWL_MODE", "auto")  # new records nightly, every offer once a week
    offers = _offers()
    withdrawn = offers[1]["id"]
    newest = max(datetime.fromisoformat(o["dateCreation"]) for o in offers).replace(microsecond=0, tzinfo=None)
    new = offers[3] | {"id": "NEW0002", "dateCreation": "2026-11-27T06:00:00.000Z", "dateActualisation": "2026-11-27T06:00:00.000Z"}
    tonight = [o for o in offers if o["id"] != withdrawn] + [new]
    asked: list[str] = []
    with serve_sources() as server:
        monkeypatch.setenv("OBSERVATORY_FRANCE_TRAVAIL_API", server.route("/offres/search", france_travail_route(offers)))
        first = nightly(run_date=NIGHT_1, languages=("fr",))  # nothing loaded yet: complete
        server.route("/offres/search", france_travail_route(tonight, fault=lambda e: asked.append(e.query["minCreationDate"][0])))
        second = nightly(run_date=NIGHT_2, languages=("fr",))
        asked_on_night_2, asked[:] = list(asked), []
        monkeypatch.setenv("OBSERVATORY_COMPLETE_EVERY_DAYS", "2")  # the last complete listing is now old enough
        third = nightly(run_date=NIGHT_3, languages=("fr",))

    assert first.sources["france_travail"].listing == "every active record"
    since = newest - timedelta(days=3)
    assert second.sources["france_travail"].listing == f"records created since {since:%Y-%m-%d %H:%M}"
    assert set(asked_on_night_2) == {since.strftime("%Y-%m-%dT%H:%M:%SZ")}  # every query of night 2 starts there
    assert set(asked) == {"2000-01-01T00:00:00Z"}  # night 3 lists every offer again
    recent = [o for o in tonight if datetime.fromisoformat(o["dateCreation"]).replace(tzinfo=None) >= since]
    ft = second.sources["france_travail"]
    assert ft.collected == len(recent) < len(offers) and ft.loaded == 1 and ft.closed == 0  # only NEW0002 is new
    assert third.sources["france_travail"].listing == "every active record" and third.sources["france_travail"].closed == 1
    seen = {r[0]: r[1:] for r in _rows(observatory_home, "select posting_id, last_seen_on, closed_on from landing.postings")}
    assert seen[withdrawn] == (NIGHT_1, NIGHT_3) and seen["NEW0002"] == (NIGHT_3, None)
    assert _rows(observatory_home, "select source, complete_on from landing.source_listings where source = 'france_travail'") == [
        ("france_travail", NIGHT_3)]


def test_a_partial_crawl_closes_nothing(observatory_home, prefect_server, monkeypatch):
    from flows.nightly import nightly
    from tests.http_sources import Reply

    offers = _offers()
    with serve_sources() as server:
        monkeypatch.setenv("OBSERVATORY_FRANCE_TRAVAIL_API", server.route("/offres/search", france_travail_route(offers)))
        nightly(run_date=NIGHT_1, languages=("fr",))
        some = france_travail_route(offers[:5])  # Hérault answers with 5 offers, the Gard fails: a partial crawl
        server.route("/offres/search", lambda exchange: Reply(500) if exchange.query.get("departement") == ["30"] else some(exchange))
        night = nightly(run_date=NIGHT_2, languages=("fr",))
    assert night.sources["france_travail"].status == "partial" and night.sources["france_travail"].closed == 0
    assert _rows(observatory_home, "select count(*) from landing.postings where closed_on is not null") == [(0,)]


def test_a_night_on_a_local_dask_cluster_of_worker_processes_gives_the_same_warehouse(observatory_home, prefect_server, monkeypatch):
    """The cluster's night also loses a chunk once, in a worker process: the chunk is tried again and nothing is lost."""
    from flows.nightly import nightly

    mentions = "select posting_id, unit_id, concept_id, start_offset, end_offset, requirement from landing.posting_mentions order by all"
    in_process = nightly(run_date=NIGHT_3, languages=("fr",))
    expected = _rows(observatory_home, mentions)

    monkeypatch.setenv("OBSERVATORY_WAREHOUSE", str(observatory_home / "cluster" / "observatory.duckdb"))
    monkeypatch.setenv("OBSERVATORY_CHUNK_SIZE", "20")  # the bundled sample in 6 chunks
    monkeypatch.setenv("OBSERVATORY_PARALLEL_MIN_RECORDS", "0")
    monkeypatch.setenv("OBSERVATORY_WORKERS", "2")
    faults = observatory_home / "faults"
    faults.mkdir()
    monkeypatch.setenv("OBSERVATORY_TEST_FAIL", f"chunk:1:{faults}")  # the first chunk's first try fails
    on_cluster = nightly(run_date=NIGHT_3, languages=("fr",))

    assert in_process.status == on_cluster.status == "complete"
    assert {w.split(":")[1] for w in in_process.workers} == {str(os.getpid())}
    worker_pids = {w.split(":")[1] for w in on_cluster.workers}
    assert worker_pids and str(os.getpid()) not in worker_pids  # the chunks ran in other processes
    with duckdb.connect(str(observatory_home / "cluster" / "observatory.duckdb"), read_only=True) as con:
        assert con.execute(mentions).fetchall() == expected and len(expected) > 1000
    # Prefect sends a flow run's parameters with each task it submits: the chunk subflow gets a file, not the
    # list of every job, or N chunks would hold N x N jobs in the night's process
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName, FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        chunk_runs = client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["process-chunks"])))
        assert chunk_runs and all(set(run.parameters) == {"jobs_file"} for run in chunk_runs)
        chunk_tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[r.id for r in chunk_runs])))
    assert [p.name for p in faults.iterdir()] == ["chunk.0"]  # the injected fault happened, once
    tried_again = [t for t in chunk_tasks if t.run_count > 1]
    assert len(tried_again) == 1 and tried_again[0].run_count == 2 and tried_again[0].state.is_completed()
    assert all(t.state.is_completed() for t in chunk_tasks)
