"""France Travail offers → clean posting rows (one per offer), the input of extraction and validation.

Structural problems (no description, no place) are not decided here: the row keeps empty fields and the
Great Expectations suite of postings quarantines it with the reason. Only the latest version of an offer id
is kept; older copies are quarantined as superseded, so nothing disappears silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from transforms.quarantine import QuarantinedRow, quarantine
from transforms.salary import parse_salary

DIGITAL_ROME_PREFIXES = ("M18",)  # ROME 4.0 "Systèmes d'information et de télécommunication"


@dataclass
class Posting:
    posting_id: str
    source: str
    title: str
    description: str | None  # None when the source sent none: the postings suite quarantines it
    rome_code: str | None
    rome_label: str | None
    department: str | None
    city: str | None
    commune_code: str | None
    latitude: float | None
    longitude: float | None
    employer: str | None
    contract_type: str | None
    experience_required: str | None
    created_at: datetime | None
    updated_at: datetime | None
    url: str | None
    is_digital_job: bool
    fetched_at: str
    structured_skills: list[dict[str, str]] = field(default_factory=list)  # France Travail `competences`
    content_hash: str = ""  # of the landed record: tomorrow, the same hash means unchanged
    salary_min: float | None = None  # offered gross salary (transforms/salary.py)
    salary_max: float | None = None
    salary_period: str | None = None  # annual, monthly, hourly
    salary_currency: str | None = None
    sector_code: str | None = None  # the employer's sector: NAF division (2 digits, France Travail secteurActivite)
    sector_label: str | None = None


def _timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


def _place(lieu: dict[str, Any]) -> tuple[str | None, str | None]:
    """`"34 - MONTPELLIER"` → ("34", "Montpellier"); `"Occitanie"` → (None, None)."""
    label = str(lieu.get("libelle") or "")
    department, _, city = label.partition(" - ")
    department = department.strip()
    if not (department[:2].isdigit() or department[:2] in ("2A", "2B")):
        return None, None
    return department, city.strip().title() or None


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def parse_offer(record: dict[str, Any]) -> Posting:
    offer = record["payload"]
    lieu = offer.get("lieuTravail") or {}
    department, city = _place(lieu)
    rome = offer.get("romeCode")
    salary = parse_salary((offer.get("salaire") or {}).get("libelle") if isinstance(offer.get("salaire"), dict) else None)
    return Posting(
        posting_id=str(record["record_id"]),
        source=record["source"],
        title=str(offer.get("intitule") or "").strip(),
        description=offer.get("description"),
        rome_code=rome,
        rome_label=offer.get("romeLibelle"),
        department=department or (lieu.get("codePostal") or "")[:2] or None,
        city=city,
        commune_code=lieu.get("commune"),
        latitude=_float(lieu.get("latitude")),
        longitude=_float(lieu.get("longitude")),
        employer=(offer.get("entreprise") or {}).get("nom"),
        contract_type=offer.get("typeContrat"),
        experience_required=offer.get("experienceExige"),
        created_at=_timestamp(offer.get("dateCreation")),
        updated_at=_timestamp(offer.get("dateActualisation") or offer.get("dateCreation")),
        url=(offer.get("origineOffre") or {}).get("urlOrigine"),
        is_digital_job=bool(rome and rome.startswith(DIGITAL_ROME_PREFIXES)),
        fetched_at=record.get("fetched_at", ""),
        content_hash=record.get("content_hash", ""),
        **salary.posting_fields(),
        sector_code=str(offer["secteurActivite"]) if offer.get("secteurActivite") else None,
        sector_label=offer.get("secteurActiviteLibelle"),
        structured_skills=[
            {"code": str(c.get("code", "")), "label": str(c.get("libelle", "")), "exigence": str(c.get("exigence", ""))}
            for c in offer.get("competences") or []
            if isinstance(c, dict) and c.get("libelle")
        ],
    )


def latest_versions(postings: list[Posting]) -> tuple[list[Posting], list[QuarantinedRow]]:
    """Keep one posting per id, the most recently updated; quarantine the superseded copies."""
    latest: dict[str, Posting] = {}
    superseded: list[QuarantinedRow] = []
    for posting in postings:
        current = latest.get(posting.posting_id)
        if current is None:
            latest[posting.posting_id] = posting
            continue
        newer, older = (posting, current) if (posting.updated_at or datetime.min) > (current.updated_at or datetime.min) else (current, posting)
        latest[posting.posting_id] = newer
        reason = f"duplicate id: superseded by the version updated {newer.updated_at}"
        superseded.append(quarantine(older.source, older.posting_id, "transform", reason,
                                     {"title": older.title, "updated_at": str(older.updated_at)}, final=False))
    return list(latest.values()), superseded


def parse_offers(records: list[dict[str, Any]]) -> tuple[list[Posting], list[QuarantinedRow]]:
    postings, rejected = [], []
    for record in records:
        try:
            postings.append(parse_offer(record))
        except (KeyError, TypeError, AttributeError) as error:
            rejected.append(quarantine(record.get("source", "france_travail"), record.get("record_id"), "transform", f"unreadable offer: {error!r}", record))
    kept, superseded = latest_versions(postings)
    return kept, rejected + superseded
