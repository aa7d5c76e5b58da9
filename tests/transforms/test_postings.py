"""France Travail offers → postings, on real offers from ../shared/samples."""

from __future__ import annotations

import json
from pathlib import Path

from transforms.postings import parse_offer, parse_offers


def _record(offer: dict) -> dict:
    return {"source": "france_travail", "record_id": offer.get("id"), "payload": offer, "fetched_at": "2026-11-28T02:00:00+00:00"}


def test_real_offers_parse_into_postings(shared_samples: Path):
    offers = json.loads((shared_samples / "france_travail" / "derived_ft_M18_occitanie_offres.json").read_text())["resultats"]
    postings, rejected = parse_offers([_record(o) for o in offers])
    assert len(postings) == len(offers) and rejected == []
    first = next(p for p in postings if p.posting_id == "185QTMM")
    assert (first.department, first.city, first.rome_code, first.is_digital_job) == ("34", "Montpellier", "M1811", True)
    assert (first.salary_min, first.salary_max, first.salary_period, first.salary_currency) == (30000, 32000, "annual", "EUR")
    assert (first.sector_code, first.sector_label) == ("71", "Ingénierie, études techniques")
    assert first.structured_skills[0] == {"code": "300067", "label": "Analyser, exploiter, structurer des données", "exigence": "S"}


def test_the_latest_version_of_a_duplicated_id_wins_and_the_other_is_quarantined():
    old = {"id": "X1", "intitule": "Dev", "dateActualisation": "2026-11-01T10:00:00Z", "description": "old"}
    new = {"id": "X1", "intitule": "Dev", "dateActualisation": "2026-11-20T10:00:00Z", "description": "new"}
    postings, rejected = parse_offers([_record(new), _record(old)])
    assert [p.description for p in postings] == ["new"]
    assert len(rejected) == 1 and rejected[0].reason.startswith("duplicate id: superseded")


def test_a_region_instead_of_a_department_leaves_the_department_empty():
    posting = parse_offer(_record({"id": "Y", "intitule": "Dev", "lieuTravail": {"libelle": "Occitanie"}}))
    assert posting.department is None and posting.city is None
