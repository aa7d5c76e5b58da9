"""The SQL models on a real DuckDB file, built by dbt-duckdb: grain and key tests, documentation persisted as
comments, incremental posting × skill rows, idempotent loads (the gap marts: test_gap_marts.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from expectations.gate import GatedBatch
from transforms.deduplicate import repost_key, shingle_hashes, text_buckets
from transforms.quarantine import quarantine
from warehouse.build import BuildFailed, build_models
from warehouse.load import connect, load_source_night, load_taxonomy

CONCEPTS = pd.DataFrame([
    {"concept_id": "area:backend_dev", "level": "area", "label_fr": "Développement back-end", "label_en": "Back-end", "category": None, "esco_uri": None, "rome_codes": []},
    {"concept_id": "area:frontend_web", "level": "area", "label_fr": "Front", "label_en": "Front", "category": None, "esco_uri": None, "rome_codes": []},
    {"concept_id": "python", "level": "skill", "label_fr": "Python", "label_en": "Python", "category": "languages", "esco_uri": None, "rome_codes": []},
    {"concept_id": "react", "level": "skill", "label_fr": "React", "label_en": "React", "category": "frameworks", "esco_uri": None, "rome_codes": []},
])
SKILL_AREAS = pd.DataFrame([{"skill_id": "python", "area_id": "area:backend_dev", "weight": 1.0},
                            {"skill_id": "react", "area_id": "area:frontend_web", "weight": 1.0}])


def _mention(document_id, concept_id, kind="skill", requirement="required", start=0):
    return {"document_id": document_id, "unit_id": "description", "concept_id": concept_id, "kind": kind,
            "start_offset": start, "end_offset": start + 5, "surface": concept_id, "requirement": requirement}


def _batch() -> GatedBatch:
    texts = {"P1": "Développeur Python pour une équipe data à Montpellier, Django et PostgreSQL.",
             "P2": "Développeur Python pour une équipe data à Montpellier, Django et PostgreSQL.",  # P2 re-posts P1
             "P3": "Développeur back-end, Python souhaité, API REST pour un éditeur de logiciels.",
             "P4": "Développeur front-end React et TypeScript pour une agence web."}
    postings = pd.DataFrame([
        {"posting_id": p, "source": "france_travail", "title": "Dev", "description": text, "department": "34", "duplicate_group": p,
         "created_at": pd.Timestamp("2026-11-20"), "is_digital_job": True, "repost_key": repost_key("Dev", "ACME", "34172"),
         "lsh_buckets": text_buckets(shingle_hashes(text))}
        for p, text in texts.items()
    ])
    trainings = pd.DataFrame([{"training_id": t, "source": "rncp", "title": "Développeur", "is_active": True, "unit_count": 1} for t in ("T1", "T2")])
    units = pd.DataFrame([{"training_id": t, "unit_id": f"{t}BC01", "kind": "bloc", "label": "Bloc", "text": "…"} for t in ("T1", "T2")])
    posting_mentions = pd.DataFrame([_mention("P1", "python"), _mention("P2", "python"), _mention("P3", "python", requirement="wished"), _mention("P4", "react")])
    training_mentions = pd.DataFrame([_mention("T1", "area:backend_dev", kind="area")]).assign(unit_id="T1BC01")
    return GatedBatch("mixed", postings, trainings, units, posting_mentions, training_mentions,
                      [quarantine("france_travail", "P9", "validation", "expect_column_values_to_not_be_null on description", {})])


@pytest.fixture(autouse=True)
def _dbt_state(dbt_state, monkeypatch):
    monkeypatch.setenv("OBSERVATORY_DBT_DIR", str(dbt_state))  # dbt's target/ (partial parsing) shared by the tests


def _load(path: Path, batch: GatedBatch | None = None, run_id: str = "run", night: date = date(2026, 11, 28),
          build: bool = True) -> dict:
    """Load a batch as the night does: Parquet files as the chunk workers write them, one transaction; then
    build the models as the night's build task does."""
    batch = batch or _batch()
    frames = {"postings": batch.postings, "trainings": batch.trainings, "training_units": batch.training_units,
              "posting_mentions": batch.posting_mentions.rename(columns={"document_id": "posting_id"}),
              "training_mentions": batch.training_mentions.rename(columns={"document_id": "training_id"})}
    tables = {}
    for table, frame in frames.items():
        if not frame.empty:
            tables[table] = [str(path.with_name(f"{run_id}-{batch.source}-{table}.parquet"))]
            frame.to_parquet(tables[table][0], index=False)
    con = connect(path)
    load_taxonomy(con, CONCEPTS, SKILL_AREAS)
    written = load_source_night(con, batch.source, tables, [], None, batch.quarantined, run_id, night)
    con.close()
    if build:
        written["build"] = build_models(path)
    return written


def test_models_are_built_after_what_they_read_and_document_every_column(tmp_path: Path):
    order = _load(tmp_path / "w.duckdb")["build"].models
    assert order.index("core.skill_areas") < order.index("core.posting_skills") < order.index("marts.skill_gap")
    assert {name.split(".")[0] for name in order} == {"staging", "core", "marts"}
    con = connect(tmp_path / "w.duckdb")
    undocumented = con.execute(
        "select schema_name || '.' || table_name || '.' || column_name from duckdb_columns() "
        "where schema_name in ('staging', 'core', 'marts') and coalesce(comment, '') = ''").fetchall()
    grain = con.execute("select comment from duckdb_tables() where schema_name = 'core' and table_name = 'posting_skills'").fetchall()
    con.close()
    assert undocumented == []
    assert "Grain: one row per posting_id and concept_id" in grain[0][0]


def test_mentions_in_the_employers_presentation_are_kept_but_not_demand(tmp_path: Path):
    batch = _batch()
    # P4 names React only in its employer's presentation; P1..P3 were extracted before the flag existed (null)
    mentions = batch.posting_mentions.assign(in_company_presentation=[None, None, None, True])
    _load(tmp_path / "w.duckdb", replace(batch, posting_mentions=mentions))
    con = connect(tmp_path / "w.duckdb")
    flags = con.execute("select posting_id, in_company_presentation from staging.stg_extraction__posting_mentions order by posting_id").fetchall()
    asked = con.execute("select posting_id, concept_id from core.posting_skills order by posting_id, concept_id").fetchall()
    con.close()
    assert flags == [("P1", False), ("P2", False), ("P3", False), ("P4", True)]
    assert asked == [("P1", "area:backend_dev"), ("P1", "python"), ("P2", "area:backend_dev"), ("P2", "python"),
                     ("P3", "area:backend_dev"), ("P3", "python")]


def test_a_broken_key_fails_the_build_and_names_the_test(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    _load(path)
    con = connect(path)
    con.execute("insert into landing.posting_mentions values ('P404', 'description', 'python', 'skill', 0, 6, 'Python', 'required', false)")
    con.close()
    with pytest.raises(BuildFailed, match=r"relationships_stg_extraction__posting_mentions_posting_id.* fail"):
        build_models(path)


def _posting_skills(path: Path) -> dict[tuple[str, str], tuple]:
    con = connect(path)
    rows = con.execute("select posting_id, concept_id, requirement, loaded_at from core.posting_skills").fetchall()
    con.close()
    return {(r[0], r[1]): r[2:] for r in rows}


def test_posting_skills_are_rebuilt_only_for_postings_loaded_since_the_last_build(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    first = _load(path)
    before = _posting_skills(path)
    full = _batch()
    changed = GatedBatch("france_travail", full.postings[full.postings.posting_id.isin(["P3", "P4"])],
                         full.trainings.iloc[0:0], full.training_units.iloc[0:0],
                         pd.DataFrame([_mention("P3", "react", requirement="required")]),  # P3 now asks for React; P4 for nothing
                         full.training_mentions.iloc[0:0], [])
    second = _load(path, changed, run_id="night-2", night=date(2026, 11, 29))
    after = _posting_skills(path)
    assert (first["build"].full_refresh, second["build"].full_refresh) == (True, False)
    assert {k for k in after if k[0] in ("P3", "P4")} == {("P3", "react"), ("P3", "area:frontend_web")}
    assert {k: v for k, v in after.items() if k[0] in ("P1", "P2")} == {k: v for k, v in before.items() if k[0] in ("P1", "P2")}
    build_models(path, full_refresh=True)  # the incremental result is what a rebuild from scratch gives
    assert {k: v[0] for k, v in _posting_skills(path).items()} == {k: v[0] for k, v in after.items()}


def test_the_grain_tests_read_the_rows_loaded_since_the_last_build_that_passed(tmp_path: Path):
    """A night's build tests the grain of what its loads wrote, not of the whole history again (rows of a posting
    are replaced whole); a full refresh tests every row."""
    path = tmp_path / "w.duckdb"
    _load(path)
    duplicate = "insert into landing.posting_mentions select * from landing.posting_mentions where posting_id = '{}' limit 1"
    con = connect(path)
    con.execute(duplicate.format("P1"))  # a broken grain in the rows of a posting tested by the last build
    con.close()
    build_models(path)  # not read again
    full = _batch()
    _load(path, replace(full, source="france_travail", postings=full.postings[full.postings.posting_id == "P3"],
                        posting_mentions=full.posting_mentions[full.posting_mentions.document_id == "P3"],
                        trainings=full.trainings.iloc[0:0], training_units=full.training_units.iloc[0:0],
                        training_mentions=full.training_mentions.iloc[0:0], quarantined=[]),
          run_id="night-2", night=date(2026, 11, 29), build=False)
    con = connect(path)
    con.execute(duplicate.format("P3"))  # the same defect in a posting loaded tonight
    con.close()
    with pytest.raises(BuildFailed, match="unique_combination_stg_extraction__posting_mentions"):
        build_models(path)
    con = connect(path)
    con.execute("delete from landing.posting_mentions where posting_id = 'P3'")
    con.close()
    with pytest.raises(BuildFailed, match="unique_combination_stg_extraction__posting_mentions"):
        build_models(path, full_refresh=True)  # every row read: P1's duplicate too


def test_a_load_is_newer_than_the_last_build_whatever_the_clock_said_before(tmp_path: Path):
    """Loads are stamped in UTC and after every earlier stamp: rows stamped by a run in a time zone ahead of UTC (or
    before the clock went back an hour) never hide the next night's rows from the incremental models."""
    path = tmp_path / "w.duckdb"
    _load(path)
    con = connect(path)
    con.execute("update landing.postings set loaded_at = loaded_at + interval 9 hour")  # a run in Tokyo's local time
    con.close()
    build_models(path, full_refresh=True)  # the watermark is now 9 hours ahead of UTC
    full = _batch()
    changed = GatedBatch("france_travail", full.postings[full.postings.posting_id == "P3"], full.trainings.iloc[0:0],
                         full.training_units.iloc[0:0], pd.DataFrame([_mention("P3", "react")]),
                         full.training_mentions.iloc[0:0], [])
    _load(path, changed, run_id="night-2", night=date(2026, 11, 29))
    assert {k for k in _posting_skills(path) if k[0] == "P3"} == {("P3", "react"), ("P3", "area:frontend_web")}


def test_a_change_of_the_taxonomy_links_rebuilds_posting_skills_whole(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    _load(path)
    con = connect(path)
    load_taxonomy(con, CONCEPTS, pd.concat([SKILL_AREAS, pd.DataFrame([{"skill_id": "react", "area_id": "area:backend_dev", "weight": 1.0}])]))
    con.close()
    result = build_models(path)
    assert result.full_refresh
    assert ("P4", "area:backend_dev") in _posting_skills(path)  # P4 asks for React, now also a back-end skill


def test_loading_the_same_night_twice_changes_nothing(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    _load(path)
    con = connect(path)
    tables = ["landing.postings", "landing.posting_mentions", "landing.training_mentions", "landing.quarantine", "core.posting_skills", "marts.skill_gap"]
    # loaded_at: this test loads the rows again (a night would find them unchanged and not load them)
    first = {t: con.execute(f"select * exclude (loaded_at) from {t} order by all" if t in (tables[0], tables[4])
                            else f"select * from {t} order by all").fetchall() for t in tables}
    con.close()
    written = _load(path)
    con = connect(path)
    second = {t: con.execute(f"select * exclude (loaded_at) from {t} order by all" if t in (tables[0], tables[4])
                             else f"select * from {t} order by all").fetchall() for t in tables}
    con.close()
    assert first == second
    assert written["quarantine"] == 0  # already recorded


def test_an_empty_side_is_a_normal_night(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    _load(path)
    full = _batch()
    catalogues_only = GatedBatch("rncp", full.postings.iloc[0:0], full.trainings, full.training_units,
                                 full.posting_mentions.iloc[0:0], full.training_mentions, [])
    postings_only = GatedBatch("france_travail", full.postings, full.trainings.iloc[0:0], full.training_units.iloc[0:0],
                               full.posting_mentions, full.training_mentions.iloc[0:0], [])
    nothing = GatedBatch("lheo", *(frame.iloc[0:0] for frame in (full.postings, full.trainings, full.training_units,
                                                                   full.posting_mentions, full.training_mentions)), [])
    for batch in (catalogues_only, postings_only, nothing):
        _load(path, batch, build=batch is nothing)
    con = connect(path)
    assert con.execute("select count(*) from landing.postings").fetchall() == [(4,)]
    assert con.execute("select count(*) from landing.training_mentions").fetchall() == [(1,)]
    con.close()


def test_a_backfill_night_never_puts_last_seen_before_first_seen(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    _load(path, night=date(2026, 11, 28), build=False)
    _load(path, night=date(2026, 11, 20), run_id="backfill", build=False)
    _load(path, night=date(2026, 11, 30), run_id="later", build=False)
    con = connect(path)
    seen = con.execute("select distinct first_seen_on, last_seen_on from landing.postings").fetchall()
    con.close()
    assert seen == [(date(2026, 11, 20), date(2026, 11, 30))]


def test_every_run_that_refuses_a_row_is_kept(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    first = _load(path, run_id="night-1", build=False)
    second = _load(path, run_id="night-2", build=False)
    assert (first["quarantine"], second["quarantine"]) == (1, 0)
    con = connect(path)
    refused_last_night = con.execute(
        "select q.record_id, q.run_id from landing.quarantine q join landing.quarantine_refusals r using (quarantine_key) "
        "where r.run_id = 'night-2'").fetchall()
    con.close()
    assert refused_last_night == [("P9", "night-1")]  # refused again last night; first refused on night 1
