"""schema.org Course / EducationalOccupationalProgram records → programmes with sessions, place and credential."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from extruct import extract
from lxml import html as lxml_html

from spiders.job_posting import items_of_type, read_json_ld
from transforms.trainings import Session, parse_trainings

SITE = Path(__file__).resolve().parent.parent.parent / "sample_sources" / "school_site"
TYPES = ("Course", "EducationalOccupationalProgram")


def _json_ld(name: str) -> dict:
    (block,) = lxml_html.fromstring((SITE / name).read_bytes()).xpath('//script[@type="application/ld+json"]/text()')
    (course,) = items_of_type(read_json_ld(block), TYPES)
    return course


def test_a_course_with_two_instances_and_a_syllabus():
    record = {"source": "school_courses", "record_id": "DWWM-NIM-2027", "payload": _json_ld("formation-developpeur-web.html")}
    (course,), rejected = parse_trainings([record])
    assert rejected == [] and course.training_id == "school_courses:DWWM-NIM-2027"
    assert (course.provider, course.certification, course.department, course.city) == ("Campus du code gardois (EXEMPLE)", "RNCP90001", "30", "Nîmes")
    assert course.sessions == [Session("NIM-2027-01", date(2027, 1, 11), date(2027, 7, 30), None, "30", "Nîmes", "mixed", 735.0),
                               Session("NIM-2025-02", date(2025, 2, 3), date(2025, 8, 29), None, "30", "Nîmes", "on_site", 735.0)]
    assert [(u.unit_id, u.label) for u in course.units] == [
        ("DWWM-NIM-2027-description", "Description"), ("DWWM-NIM-2027-teaches", "Enseignements"),
        ("DWWM-NIM-2027-syllabus1", "Front-end"), ("DWWM-NIM-2027-syllabus2", "Back-end")]
    assert course.units[3].text == "Back-end\nPHP, Symfony, API REST, conception de bases de données relationnelles et SQL."


def test_a_microdata_program_takes_its_place_from_its_provider_and_its_dates_as_one_session():
    data = extract((SITE / "bachelor-cybersecurite.html").read_text(encoding="utf-8"), syntaxes=["microdata"], uniform=True)
    (program,) = items_of_type(data["microdata"], TYPES)
    (training,), _ = parse_trainings([{"source": "school_courses", "record_id": "BACH-CYBER-TLS", "payload": json.loads(json.dumps(program))}])
    assert (training.title, training.certification, training.department) == ("Bachelor administrateur systèmes, réseaux et cybersécurité", "RNCP90003", "31")
    assert [(s.start, s.end, s.department, s.city) for s in training.sessions] == [(date(2026, 10, 5), date(2027, 9, 24), "31", "Toulouse")]
    assert [u.kind for u in training.units] == ["contents"]
