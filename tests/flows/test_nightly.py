"""One real end-to-end run of the nightly flow on the bundled sample, then the same night again: the
warehouse must not change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.conftest import forget_live_sources

NIGHT = date(2026, 11, 28)
TABLES = ["core.postings", "core.trainings", "core.skills", "core.posting_skills", "core.training_skills", "marts.skill_gap", "landing.quarantine"]


@pytest.fixture(scope="module")
def observatory_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("observatory")
    patch = pytest.MonkeyPatch()
    patch.setenv("OBSERVATORY_DATA_DIR", str(home / "data"))
    patch.setenv("OBSERVATORY_WAREHOUSE", str(home / "observatory.duckdb"))
    patch.setenv("OBSERVATORY_REPORTS_DIR", str(home / "reports"))
    forget_live_sources(patch)
    yield home
    patch.undo()


@pytest.fixture(scope="module")
def two_runs(observatory_home: Path, prefect_server):
    from flows.nightly import nightly

    first = nightly(run_date=NIGHT)
    snapshot = _snapshot(observatory_home / "observatory.duckdb")
    second = nightly(run_date=NIGHT)
    return first, snapshot, second


def _snapshot(path: Path) -> dict[str, list]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in TABLES}


def test_the_sample_night_fills_every_table(two_runs, observatory_home: Path):
    first, snapshot, _ = two_runs
    assert first.status == "complete"
    assert first.crawled["france_travail"] >= 60 and first.crawled["rncp"] + first.crawled["lheo"] >= 15
    assert first.crawled["company_careers"] == 4  # a career site's JobPostings, beside France Travail's offers
    assert all(o.origin == "bundled sample" for o in first.sources.values())
    for table in TABLES:
        assert snapshot[table], f"{table} is empty"
    with duckdb.connect(str(observatory_home / "observatory.duckdb"), read_only=True) as con:
        statuses = con.execute("select status from landing.runs").fetchall()
        per_source = con.execute("select distinct source, status from landing.run_sources order by source").fetchall()
        levels = dict(con.execute("select level, count(*) from core.skills group by level").fetchall())
    assert statuses == [("complete",), ("complete",)]
    assert per_source == [("company_careers", "complete"), ("france_travail", "complete"), ("lheo", "complete"), ("onisep", "complete"),
                          ("rncp", "complete"), ("school_courses", "complete")]
    assert levels["area"] >= 20 and levels["skill"] >= 300
    assert (observatory_home / "data" / "runs" / f"{first.run_id}.json").exists()


def test_defective_sample_records_are_quarantined_with_reasons(two_runs):
    _, snapshot, _ = two_runs
    reasons = " | ".join(row[6] for row in snapshot["landing.quarantine"])
    assert "duplicate id: superseded" in reasons
    assert "not_be_null on description" in reasons
    posting_ids = {row[0] for row in snapshot["core.postings"]}
    assert "201MWBU" not in posting_ids  # no description
    assert "201NMSL" not in posting_ids  # no place: no department search returns it


def test_reposted_jobs_share_a_duplicate_group(two_runs):
    _, snapshot, _ = two_runs
    groups = {row[0]: row[18] for row in snapshot["core.postings"]}
    assert groups["201MQXE"] == groups["201KBZA"]


def test_a_second_run_of_the_same_night_changes_nothing(two_runs, observatory_home: Path):
    _, snapshot, second = two_runs
    assert _snapshot(observatory_home / "observatory.duckdb") == snapshot
    assert second.new_quarantine_rows == 0 and sum(second.quarantined_by_reason.values()) >= 2


def test_the_report_is_written_in_french_and_english(two_runs, observatory_home: Path):
    first, _, _ = two_runs
    site = observatory_home / "reports" / NIGHT.isoformat()
    assert first.reports == [str(site / "index.html"), str(site / "en" / "index.html")]
    french, english = (Path(r).read_text(encoding="utf-8") for r in first.reports)
    assert "Compétences demandées et enseignées" in french and "Les formations, par lieu et niveau" in french
    assert "Skills asked for and skills taught" in english
