"""What a night treats as unchanged: the same content, processed with the same parsing, extraction and taxonomy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
