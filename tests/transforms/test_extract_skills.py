"""Mention rows of postings: the employer's presentation flagged, the employer's own name never a skill."""

from __future__ import annotations

from transforms.extract_skills import posting_mentions
from transforms.postings import Posting


def _posting(description: str, employer: str) -> Posting:
    return Posting(posting_id="P1", source="france_travail", title="Développeur", description=description, rome_code="M1805",
                   rome_label=None, department="34", city=None, commune_code=None, latitude=None, longitude=None,
                   employer=employer, contract_type="CDI", experience_required=None, created_at=None, updated_at=None,
                   url=None, is_digital_job=True, fetched_at="2026-12-03T00:00:00Z")


def test_rows_flag_the_employers_presentation_and_never_take_its_name_for_a_skill(toy_extractor):
    text = "Qui sommes-nous ?\nPython Software est un éditeur leader du cloud AWS.\nVos missions :\nDévelopper en Python et Java."
    rows = posting_mentions(toy_extractor, [_posting(text, "PYTHON SOFTWARE SAS")])
    assert [(r.concept_id, r.surface, r.in_company_presentation) for r in rows if r.kind == "skill"] == [
        ("aws", "AWS", True), ("python", "Python", False), ("java", "Java", False)]
