"""schema.org Course / EducationalOccupationalProgram (schools' programme pages) → programmes.

A page gives the programme's name, description, provider (an Organization with its address), what it teaches
(`teaches`, `syllabusSections`), the credential it leads to (`educationalCredentialAwarded`,
`occupationalCredentialAwarded`: an RNCP or RS code is read from their text or identifier), and its sessions
(`hasCourseInstance`: dates, `courseMode`, `courseWorkload`, location; a programme's own `startDate`/`endDate`).
The place is the postal code's department (schema.org gives no INSEE commune). Each text is one unit, each
syllabus section its own, so a report can quote the section a skill came from.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from transforms.job_postings import department_of, first
from transforms.job_postings import text_of as plain_text
from transforms.trainings import (
    EMPTY_TEXTS,
    Session,
    Training,
    TrainingUnit,
    as_list,
    provider_name,
    with_sessions,
)

CERTIFICATION = re.compile(r"\b(RNCP|RS)\s?(\d{3,6})\b", re.IGNORECASE)
WORKLOAD_HOURS = re.compile(r"^PT(\d+(?:\.\d+)?)H$", re.IGNORECASE)
MODES = {"onsite": "on_site", "on-site": "on_site", "inperson": "on_site", "présentiel": "on_site", "presentiel": "on_site",
         "online": "distance", "distance": "distance", "distanciel": "distance", "blended": "mixed", "mixed": "mixed",
         "hybrid": "mixed", "hybride": "mixed"}


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(first(value) or "")[:10])
    except ValueError:
        return None


def _address(node: Any) -> dict:
    node = first(node)
    if isinstance(node, dict) and isinstance(first(node.get("address")), dict):
        return first(node["address"])
    return node if isinstance(node, dict) and node.get("postalCode") else {}


def certification_in(course: dict[str, Any]) -> str | None:
    """The RNCP/RS code named by the credential it awards, its identifier, or else its name."""
    for field in ("educationalCredentialAwarded", "occupationalCredentialAwarded", "identifier", "courseCode", "name"):
        for value in as_list(course.get(field)):
            text = " ".join(str(v) for v in value.values()) if isinstance(value, dict) else str(value)
            if match := CERTIFICATION.search(text):
                return f"{match[1].upper()}{match[2]}"
    return None


def _session(instance: dict[str, Any], index: int, fallback: dict) -> Session:
    address = _address(instance.get("location")) or fallback
    modes = [MODES.get(str(m).strip().lower().replace(" ", "")) for m in as_list(instance.get("courseMode"))]
    workload = WORKLOAD_HOURS.match(str(first(instance.get("courseWorkload")) or ""))
    return Session(session_id=str(instance.get("identifier") or instance.get("@id") or index), start=_date(instance.get("startDate")),
                   end=_date(instance.get("endDate")), commune_code=None, department=department_of(str(address.get("postalCode") or "")),
                   city=plain_text(address.get("addressLocality")) or None, modality=next((m for m in modes if m), None),
                   hours=float(workload[1]) if workload else None)


def _units(number: str, course: dict[str, Any]) -> list[TrainingUnit]:
    units = [TrainingUnit(f"{number}-description", "contents", "Description", plain_text(course.get("description"))),
             TrainingUnit(f"{number}-teaches", "contents", "Enseignements", plain_text(course.get("teaches")))]
    for index, section in enumerate(as_list(course.get("syllabusSections")), start=1):
        if isinstance(section, dict):
            label = plain_text(section.get("name")) or f"Section {index}"
            units.append(TrainingUnit(f"{number}-syllabus{index}", "section", label, "\n".join(filter(None, [label, plain_text(section.get("description"))]))))
    return [u for u in units if u.text not in EMPTY_TEXTS]


def parse_course(record: dict[str, Any]) -> Training:
    course = record["payload"]
    number = str(record["record_id"])
    provider = first(course.get("provider"))
    provider_address = _address(provider)
    instances = [i for i in as_list(course.get("hasCourseInstance")) if isinstance(i, dict)]
    if not instances and (course.get("startDate") or course.get("endDate")):  # a program gives its own dates
        instances = [course]
    return with_sessions(Training(
        training_id=f"{record['source']}:{number}",
        source=record["source"],
        title=plain_text(course.get("name")),
        provider=provider_name(plain_text(provider.get("name")) if isinstance(provider, dict) else plain_text(provider)),
        certification=certification_in(course),
        qualification_level=None,
        department=None,
        city=None,
        url=str(course.get("url")) if isinstance(course.get("url"), str) else record.get("url"),
        is_active=True,
        fetched_at=record.get("fetched_at", ""),
        content_hash=record.get("content_hash", ""),
        sessions=[_session(instance, index, provider_address) for index, instance in enumerate(instances, start=1)],
        units=_units(number, course),
    ))
