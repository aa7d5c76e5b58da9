"""schema.org JobPosting (job boards, career pages) → the same clean posting rows as France Travail's offers.

JobPosting is written many ways: `jobLocation` an object or a list, `address` an object or a string,
`employmentType` a string or a list, `hiringOrganization` an object or a name, HTML in `description`. The
department comes from the postal code (Corsica: 20000–20199 → 2A, 20200–20999 → 2B; overseas: three digits).
The posting id is `<source>:<identifier>` (observatory/sources.py). Structural problems are left to the
postings suite, as for France Travail.
"""

from __future__ import annotations

import html
import re
from typing import Any

import lxml.html

from observatory.sources import source_named
from transforms.postings import DIGITAL_ROME_PREFIXES, Posting, _float, _timestamp, latest_versions
from transforms.quarantine import QuarantinedRow, quarantine
from transforms.salary import salary_from_schema_org

ROME_CODE = re.compile(r"\b([A-N]\d{4})\b")
BLOCK_TAGS = ("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr")


def first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def text_of(value: Any) -> str:
    """Plain text of a value that may hold HTML (escaped or not), line breaks kept between blocks."""
    if isinstance(value, list):
        return "\n".join(text_of(v) for v in value)
    if isinstance(value, dict):
        return text_of(value.get("@value") or value.get("name") or "")
    text = str(value or "")
    if "&lt;" in text or "&amp;" in text or "&#" in text:
        text = html.unescape(text)  # HTML written escaped inside the JSON-LD
    if "<" not in text:
        return text.strip()
    document = lxml.html.fromstring(f"<div>{text}</div>")
    for element in document.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return re.sub(r"\n\s*\n+", "\n", document.text_content()).strip()


def department_of(postal_code: str) -> str | None:
    code = re.sub(r"\s", "", postal_code or "")
    if not re.fullmatch(r"\d{5}", code):
        return None
    if code.startswith(("97", "98")):
        return code[:3]
    if code.startswith("20"):
        return "2A" if int(code) < 20200 else "2B"
    return code[:2]


def _place(posting: dict) -> tuple[str | None, str | None, float | None, float | None]:
    location = first(posting.get("jobLocation")) or {}
    if not isinstance(location, dict):
        return None, None, None, None
    address = location.get("address") or {}
    geo = location.get("geo") or {}
    if isinstance(address, str):
        match = re.search(r"\b(\d{5})\s+([^\d,]+)", address)
        postal, city = (match[1], match[2].strip()) if match else ("", None)
    else:
        postal, city = str(address.get("postalCode") or ""), address.get("addressLocality")
    latitude = _float(geo.get("latitude")) if isinstance(geo, dict) else None
    longitude = _float(geo.get("longitude")) if isinstance(geo, dict) else None
    return department_of(postal), (text_of(city).title() or None) if city else None, latitude, longitude


def parse_job_posting(record: dict[str, Any]) -> Posting:
    posting = record["payload"]
    department, city, latitude, longitude = _place(posting)
    employer = posting.get("hiringOrganization")
    employer = employer.get("name") if isinstance(employer, dict) else employer
    category = text_of(posting.get("occupationalCategory"))
    rome = ROME_CODE.search(category)
    kinds = posting.get("employmentType")
    experience = posting.get("experienceRequirements")
    skills = posting.get("skills")
    salary = salary_from_schema_org(posting.get("baseSalary"))
    return Posting(
        posting_id=source_named(record["source"]).document_id(str(record["record_id"])),
        source=record["source"],
        title=text_of(posting.get("title") or posting.get("name")),
        description=text_of(posting.get("description")) or None,
        rome_code=rome[1] if rome else None,
        rome_label=category or None,
        department=department,
        city=city,
        commune_code=None,
        latitude=latitude,
        longitude=longitude,
        employer=text_of(employer) or None,
        contract_type=",".join(kinds) if isinstance(kinds, list) else kinds,
        experience_required=text_of(experience) or None,
        created_at=_timestamp(posting.get("datePosted")),
        updated_at=_timestamp(posting.get("dateModified") or posting.get("datePosted")),
        url=posting.get("url") if isinstance(posting.get("url"), str) else record.get("url"),
        is_digital_job=bool(rome and rome[1].startswith(DIGITAL_ROME_PREFIXES)),
        fetched_at=record.get("fetched_at", ""),
        content_hash=record.get("content_hash", ""),
        **salary.posting_fields(),
        structured_skills=[{"code": str(i), "label": text_of(s), "exigence": "E"}
                           for i, s in enumerate(skills if isinstance(skills, list) else [skills] if skills else [])
                           if text_of(s)],
    )


def parse_job_postings(records: list[dict[str, Any]]) -> tuple[list[Posting], list[QuarantinedRow]]:
    postings, rejected = [], []
    for record in records:
        try:
            postings.append(parse_job_posting(record))
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            rejected.append(quarantine(record.get("source", "?"), record.get("record_id"), "transform", f"unreadable JobPosting: {error!r}", record))
    kept, superseded = latest_versions(postings)
    return kept, rejected + superseded
