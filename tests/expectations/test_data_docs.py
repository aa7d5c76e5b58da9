"""Data Docs of a night, rendered by Great Expectations' own renderer, read offline: not one reference to
the network (GE's pages load Bootstrap, jQuery and Font Awesome from CDNs), failing values shown redacted."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from expectations.data_docs import build_data_docs
from expectations.results import night_checks
from expectations.suites import postings_suite
from expectations.validate import validate

URL = re.compile(r"https?://", re.IGNORECASE)


def _postings() -> pd.DataFrame:
    row = {"posting_id": "P1", "title": "Développeur Python", "source": "france_travail", "department": "34",
           "description": "Développement d'API en Python et PostgreSQL pour une équipe produit.", "latitude": 43.6,
           "longitude": 3.9, "created_at": pd.Timestamp("2026-11-20")}
    bad = row | {"posting_id": "P2", "title": "Écrire à jean.dupont@example.com ou au 06 39 98 12 34. " * 6, "department": "75"}
    return pd.DataFrame([row, bad])


def test_a_nights_data_docs_read_offline(tmp_path: Path):
    outcome = validate(_postings(), postings_suite(region=["34"]))
    checks = night_checks("france_travail", outcome.checks)
    index = build_data_docs(tmp_path / "data_docs", "2026-11-28-abc", "2026-11-28T01:30:00+00:00", checks)

    night = index.parent
    assert sorted(p.name for p in night.iterdir()) == ["france_travail.postings.html", "index.html"]
    assert (tmp_path / "data_docs" / "index.html").read_text(encoding="utf-8").count("2026-11-28-abc/index.html") == 1
    for page in (tmp_path / "data_docs").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not URL.search(text), f"{page.name} refers to the network: {URL.search(text)}"
        assert "<script" not in text
    page = (night / "france_travail.postings.html").read_text(encoding="utf-8")
    assert "<style>" in page and ".table" in page  # styles inline
    assert "Unsuccessful Expectations" in page
    assert "[courriel]" in page and "[téléphone]" in page  # the overlong title, a failing value, shown redacted
    assert "jean.dupont" not in page and "06 39 98 12 34" not in page
    assert [(c.column, c.unexpected_count, c.sample) for c in checks if not c.success] == [
        ("title", 1, ("Écrire à [courriel] ou au [téléphone]. Écrire à [courriel] ou au [téléphone]. É…",)),  # 80 characters
        ("department", 1, ("75",)),
    ]
