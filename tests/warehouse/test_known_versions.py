"""What a night treats as unchanged: the same content, processed with the same parsing, extraction and taxonomy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from transforms.delta import processing_version, version_key
from warehouse.load import connect, known_versions, load_source_night


def test_a_record_processed_with_another_version_is_processed_again(tmp_path: Path):
    parquet = tmp_path / "postings.parquet"
    pd.DataFrame([{"posting_id": "P1", "source": "france_travail", "title": "Dev", "description": "Python",
                   "content_hash": "abc", "created_at": pd.Timestamp("2026-11-20")}]).to_parquet(parquet, index=False)
    con = connect(tmp_path / "w.duckdb")
    load_source_night(con, "france_travail", {"postings": [str(parquet)]}, [], None, [], "run", date(2026, 11, 28))
    assert con.execute("select processed_with from landing.postings").fetchall() == [(processing_version(),)]
    assert known_versions(con, "france_travail") == {version_key("P1", "abc")}
    con.execute("update landing.postings set processed_with = 'an older taxonomy'")
    assert known_versions(con, "france_travail") == set()  # tonight it is new or changed again
    con.close()


def test_a_night_reads_the_versions_of_its_own_documents_only(tmp_path: Path):
    """What the delta reads of the warehouse follows the night (the ids it landed), not the history."""
    parquet, tonight = tmp_path / "postings.parquet", tmp_path / "tonight.parquet"
    pd.DataFrame([{"posting_id": p, "source": "france_travail", "title": "Dev", "description": "Python", "content_hash": f"h{p}",
                   "created_at": pd.Timestamp("2026-11-20")} for p in ("P1", "P2", "P3")]).to_parquet(parquet, index=False)
    pd.DataFrame({"document_id": ["P2", "P9"]}).to_parquet(tonight, index=False)  # P9: new tonight
    con = connect(tmp_path / "w.duckdb")
    load_source_night(con, "france_travail", {"postings": [str(parquet)]}, [], None, [], "run", date(2026, 11, 28))
    assert known_versions(con, "france_travail", tonight) == {version_key("P2", "hP2")}
    assert len(known_versions(con, "france_travail")) == 3
    con.close()


def test_mentions_keep_their_grain_without_a_key_index_and_an_older_warehouse_loses_its_index(tmp_path: Path):
    """The mention tables have no primary key (an index over a national night's tens of millions of mentions is
    held in memory by the loading transaction): the load keeps one row per grain and replaces a document's rows."""
    database = tmp_path / "w.duckdb"
    with duckdb.connect(str(database)) as old:  # a warehouse created while the mention table had its key
        old.execute("create schema landing")
        old.execute("create table landing.posting_mentions (posting_id varchar, unit_id varchar, concept_id varchar, kind varchar, "
                    "start_offset integer, end_offset integer, surface varchar, requirement varchar, "
                    "primary key (posting_id, unit_id, concept_id, start_offset))")
        old.execute("insert into landing.posting_mentions values ('P0', 'description', 'skill:sql', 'skill', 0, 3, 'SQL', 'required')")
    postings, mentions = tmp_path / "postings.parquet", tmp_path / "mentions.parquet"
    pd.DataFrame([{"posting_id": "P1", "source": "france_travail", "title": "Dev", "description": "Python, Python",
                   "content_hash": "abc", "created_at": pd.Timestamp("2026-11-20")}]).to_parquet(postings, index=False)
    row = {"posting_id": "P1", "unit_id": "description", "concept_id": "skill:python", "kind": "skill", "start_offset": 0,
           "end_offset": 6, "surface": "Python", "requirement": "required", "in_company_presentation": False}
    pd.DataFrame([row, row, row | {"start_offset": 8, "end_offset": 14}]).to_parquet(mentions, index=False)

    con = connect(database)
    keys = "select count(*) from duckdb_constraints() where table_name like '%mentions' and constraint_type = 'PRIMARY KEY'"
    assert con.execute(keys).fetchall() == [(0,)]
    assert con.execute("select posting_id from landing.posting_mentions").fetchall() == [("P0",)]  # rows kept
    tables = {"postings": [str(postings)], "posting_mentions": [str(mentions)]}
    for night in (date(2026, 11, 28), date(2026, 11, 28), date(2026, 11, 29)):  # a re-run, then the next night
        load_source_night(con, "france_travail", tables, [], None, [], "run", night)
        assert con.execute("select posting_id, start_offset from landing.posting_mentions order by all").fetchall() == [
            ("P0", 0), ("P1", 0), ("P1", 8)]
    con.close()
