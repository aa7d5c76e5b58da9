"""schema.org JobPosting, as sites write it → posting rows like France Travail's."""

from __future__ import annotations

from transforms.job_postings import department_of, parse_job_postings, text_of


def _record(payload: dict, record_id: str = "J1") -> dict:
    return {"source": "company_careers", "record_id": record_id, "payload": payload, "fetched_at": "2026-11-28T02:00:00+00:00"}


def test_the_shapes_of_location_employer_and_type_all_read():
    postings, rejected = parse_job_postings([
        _record({"title": "Dev", "description": "x" * 40, "datePosted": "2026-11-20", "employmentType": ["FULL_TIME", "PART_TIME"],
                 "hiringOrganization": "ACME", "jobLocation": [{"address": {"postalCode": "34070", "addressLocality": "MONTPELLIER"}}]}),
        _record({"title": "Admin", "description": "y" * 40, "hiringOrganization": {"name": "Corse Net"},
                 "jobLocation": {"address": "2 cours Napoléon, 20000 Ajaccio"}}, "J2"),
    ])
    assert rejected == []
    first, second = postings
    assert (first.posting_id, first.department, first.city, first.employer, first.contract_type) == (
        "company_careers:J1", "34", "Montpellier", "ACME", "FULL_TIME,PART_TIME")
    assert (second.department, second.city, second.employer) == ("2A", "Ajaccio", "Corse Net")


def test_html_in_descriptions_becomes_text_with_its_line_breaks():
    assert text_of("&lt;p&gt;React&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Node.js&lt;/li&gt;&lt;/ul&gt;") == "React\nNode.js"
    assert text_of("<p>Docker &amp; Kubernetes</p>") == "Docker & Kubernetes"


def test_departments_from_postal_codes_overseas_and_corsica():
    assert [department_of(c) for c in ("31000", "97400", "20200", "2000", "")] == ["31", "974", "2B", None, None]
