"""The SQL models on a real DuckDB file: layering, dependency order, idempotent loads, the gap mart."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from expectations.gate import GatedBatch
from transforms.quarantine import quarantine
from warehouse.build import build_order, discover
from warehouse.load import connect, load_source_night, load_taxonomy

CONCEPTS = pd.DataFrame([
    {"concept_id": "area:backend_dev", "level": "area", "label_fr": "Développement back-end", "label_en": "Back-end", "category": None, "esco_uri": None, "rome_codes": []},
    {"concept_id": "area:frontend_web", "level": "area", "label_fr": "Front", "label_en": "Front", "category": None, "esco_uri": None, "rome_codes": []},
    {"concept_id": "python", "level": "skill", "label_fr": "Python", "label_en": "Python", "category": "languages", "esco_uri": None, "rome_codes": []},
    {"concept_id": "react", "level": "skill", "label_fr": "React", "label_en": "React", "category": "frameworks", "esco_uri": None, "rome_codes": []},
])
SKILL_AREAS = pd.DataFrame([{"skill_id": "python", "area_id": "area:backend_dev"}, {"skill_id": "react", "area_id": "area:frontend_web"}])


def _mention(document_id, concept_id, kind="skill", requirement="required", start=0):
    return {"document_id": document_id, "unit_id": "description", "concept_id": concept_id, "kind": kind,
            "start_offset": start, "end_offset": start + 5, "surface": concept_id, "requirement": requirement}


def _batch() -> GatedBatch:
    postings = pd.DataFrame([
        {"posting_id": p, "source": "france_travail", "title": "Dev", "description": "…", "department": "34", "duplicate_group": g,
         "created_at": pd.Timestamp("2026-11-20"), "is_digital_job": True}
        for p, g in (("P1", "P1"), ("P2", "P1"), ("P3", "P3"), ("P4", "P4"))  # P2 re-posts P1
    ])
    trainings = pd.DataFrame([{"training_id": t, "source": "rncp", "title": "Développeur", "is_active": True, "unit_count": 1} for t in ("T1", "T2")])
    units = pd.DataFrame([{"training_id": t, "unit_id": f"{t}BC01", "kind": "bloc", "label": "Bloc", "text": "…"} for t in ("T1", "T2")])
    posting_mentions = pd.DataFrame([_mention("P1", "python"), _mention("P2", "python"), _mention("P3", "python", requirement="wished"), _mention("P4", "react")])
    training_mentions = pd.DataFrame([_mention("T1", "area:backend_dev", kind="area")]).assign(unit_id="T1BC01")
    return GatedBatch("mixed", postings, trainings, units, posting_mentions, training_mentions,
                      [quarantine("france_travail", "P9", "validation", "expect_column_values_to_not_be_null on description", {})])


def _load(path: Path, batch: GatedBatch | None = None, run_id: str = "run", night: date = date(2026, 11, 28)) -> dict:
    """Load a batch as the night does: Parquet files as the chunk workers write them, one transaction."""
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
    from warehouse.build import build_models
    build_models(con)
    con.close()
    return written


def _gap(path: Path) -> dict[str, tuple]:
    con = connect(path)
    rows = con.execute("select concept_id, demand_postings, demand_required, supply_trainings, demand_share, supply_share, share_gap from marts.skill_gap").fetchall()
    con.close()
    return {r[0]: r[1:] for r in rows}


def test_models_are_built_after_what_they_read():
    order = [m.qualified for m in build_order(discover())]
    assert order.index("core.skill_areas") < order.index("core.posting_skills") < order.index("marts.skill_gap")
    assert all(name.split(".")[0] in ("staging", "core", "marts") for name in order)


def test_skill_gap_counts_jobs_once_and_areas_through_their_skills(tmp_path: Path):
    _load(tmp_path / "w.duckdb")
    gap = _gap(tmp_path / "w.duckdb")
    # 3 distinct jobs (P1 and P2 are one), 2 programmes
    assert gap["python"] == (2, 1, 0, 0.6667, 0.0, 0.6667)
    assert gap["area:backend_dev"] == (2, 1, 1, 0.6667, 0.5, 0.1667)
    assert gap["react"][:3] == (1, 1, 0)
    assert set(gap) == set(CONCEPTS.concept_id)


def test_loading_the_same_night_twice_changes_nothing(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    _load(path)
    con = connect(path)
    tables = ["landing.postings", "landing.posting_mentions", "landing.training_mentions", "landing.quarantine", "core.posting_skills", "marts.skill_gap"]
    first = {t: con.execute(f"select * from {t} order by all").fetchall() for t in tables}
    con.close()
    written = _load(path)
    con = connect(path)
    second = {t: con.execute(f"select * from {t} order by all").fetchall() for t in tables}
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
        _load(path, batch)
    con = connect(path)
    assert con.execute("select count(*) from landing.postings").fetchall() == [(4,)]
    assert con.execute("select count(*) from landing.training_mentions").fetchall() == [(1,)]
    con.close()


def test_a_backfill_night_never_puts_last_seen_before_first_seen(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    _load(path, night=date(2026, 11, 28))
    _load(path, night=date(2026, 11, 20), run_id="backfill")
    _load(path, night=date(2026, 11, 30), run_id="later")
    con = connect(path)
    seen = con.execute("select distinct first_seen_on, last_seen_on from landing.postings").fetchall()
    con.close()
    assert seen == [(date(2026, 11, 20), date(2026, 11, 30))]


def test_every_run_that_refuses_a_row_is_kept(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    first = _load(path, run_id="night-1")
    second = _load(path, run_id="night-2")
    assert (first["quarantine"], second["quarantine"]) == (1, 0)
    con = connect(path)
    refused_last_night = con.execute(
        "select q.record_id, q.run_id from landing.quarantine q join landing.quarantine_refusals r using (quarantine_key) "
        "where r.run_id = 'night-2'").fetchall()
    con.close()
    assert refused_last_night == [("P9", "night-1")]  # refused again last night; first refused on night 1
