"""core.job_skills is built incrementally: a night rebuilds only the jobs its load touched — the groups its new or
changed postings joined or left and those the re-post regrouping changed — and gives what a rebuild from scratch gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tests.warehouse.test_build import CONCEPTS, SKILL_AREAS
from tests.warehouse.test_reposts import OTHER, TEXT, _offer
from transforms.deduplicate import as_candidate, group_reposts
from transforms.frames import postings_frame
from transforms.postings import parse_offers
from warehouse.build import build_models
from warehouse.load import connect, load_source_night, load_taxonomy

A = _offer("B100", TEXT, "2026-11-02T10:00:00Z")
UNRELATED = _offer("B150", OTHER, "2026-11-02T11:00:00Z") | {"intitule": "Administrateur systèmes"}
B = _offer("B200", TEXT + " Poste toujours à pourvoir.", "2026-11-20T10:00:00Z")  # a re-post of A
C = _offer("B050", "Poste toujours à pourvoir. " + TEXT, "2026-11-25T10:00:00Z")  # another, whose id names the group now
# B edited: another job now (another title, another text); it leaves the group it joined
B_EDITED = B | {"intitule": "Intégrateur web", "description": "Intégrateur React pour une agence de Nîmes, maquettes, accessibilité."}


@pytest.fixture(autouse=True)
def _dbt_state(dbt_state, monkeypatch):
    monkeypatch.setenv("OBSERVATORY_DBT_DIR", str(dbt_state))


def _night(path: Path, offers: list[dict], skills: dict[str, list[str]], night: date) -> None:
    """One night's postings and their skill mentions, loaded as the chunk workers hand them to the load, then built."""
    records = [{"source": "france_travail", "record_id": o["id"], "payload": o, "fetched_at": f"{night}T02:00:00+00:00"} for o in offers]
    postings, _ = parse_offers(records)
    candidates = [as_candidate(p) for p in postings]
    files = {"postings": path.with_name(f"{night}.postings.parquet"), "posting_mentions": path.with_name(f"{night}.mentions.parquet")}
    postings_frame(postings, group_reposts(candidates), candidates).to_parquet(files["postings"], index=False)
    pd.DataFrame([{"posting_id": posting, "unit_id": "description", "concept_id": concept, "kind": "skill", "start_offset": 10 * n,
                   "end_offset": 10 * n + 5, "surface": concept, "requirement": "required", "in_company_presentation": False}
                  for posting, concepts in skills.items() for n, concept in enumerate(concepts)]).to_parquet(files["posting_mentions"], index=False)
    con = connect(path)
    try:
        load_taxonomy(con, CONCEPTS, SKILL_AREAS)
        load_source_night(con, "france_travail", {k: [str(v)] for k, v in files.items()}, [], None, [], f"run-{night}", night)
    finally:
        con.close()
    build_models(path)


def _job_skills(path: Path) -> dict[str, set[str]]:
    con = connect(path)
    try:
        rows = con.execute("select job_id, concept_id, is_required from core.job_skills where concept_id not like 'area:%'").fetchall()
    finally:
        con.close()
    jobs: dict[str, set[str]] = {}
    for job, concept, required in rows:
        jobs.setdefault(job, set()).add(concept + ("" if required else " (wished)"))
    return jobs


def test_a_night_rebuilds_the_jobs_its_postings_joined_or_left_and_only_those(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    _night(path, [A, UNRELATED], {"B100": ["python"], "B150": ["python"]}, date(2026, 11, 2))
    assert _job_skills(path) == {"B100": {"python"}, "B150": {"python"}}

    _night(path, [B], {"B200": ["react"]}, date(2026, 11, 20))  # B joins A's job, which now asks for React too
    assert _job_skills(path) == {"B100": {"python", "react"}, "B150": {"python"}}

    _night(path, [C], {"B050": ["python"]}, date(2026, 11, 25))  # the regrouping renames the job: B100 is gone
    assert _job_skills(path) == {"B050": {"python", "react"}, "B150": {"python"}}

    con = connect(path)  # a row of a job no night touches again: an incremental build leaves it as it is
    con.execute("update core.job_skills set is_required = false where job_id = 'B150'")
    con.close()
    _night(path, [B_EDITED], {"B200": ["react"]}, date(2026, 12, 1))  # B leaves: its former job no longer asks for React
    incremental = _job_skills(path)
    assert incremental == {"B050": {"python"}, "B200": {"react"}, "B150": {"python (wished)"}}

    build_models(path, full_refresh=True)  # from scratch: the same jobs, and the untouched row as its postings say
    assert _job_skills(path) == incremental | {"B150": {"python"}}
    con = connect(path)  # the log of touched jobs keeps only what no build has covered yet: nothing here
    assert con.execute("select count(*) from landing.job_changes").fetchall() == [(0,)]
    con.close()
