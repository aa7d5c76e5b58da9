"""Training catalogues (RNCP fiches, LHEO offers) → one row per programme and the texts to analyse.

A programme is analysed unit by unit: each RNCP bloc de compétences, or the objectives and the contents
of an LHEO offer, so a report can say which bloc teaches what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from transforms.quarantine import QuarantinedRow, quarantine

EMPTY_TEXTS = {"", "-", "."}
# LHEO dict-niveaux → the national 1–8 scale of 2019 (cadre national des certifications, aligned on the EQF):
# 11–18 are that scale already; the 1969 levels map by the decree's correspondence (V → 3, IV → 4, III → 5,
# II → 6, I → 7); 0 (not given) and 1 (no specific level) have none.
LHEO_LEVELS = {"2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6, "8": 7} | {str(10 + n): n for n in range(1, 9)}
_RNCP_LEVEL = re.compile(r"(?:NIV|Niveau)\s*([1-8])\b", re.IGNORECASE)


@dataclass
class TrainingUnit:
    unit_id: str
    kind: str  # bloc, objectives, contents, capacities
    label: str
    text: str


@dataclass
class Training:
    training_id: str
    source: str
    title: str
    provider: str | None
    certification: str | None  # RNCP code, e.g. RNCP37674
    qualification_level: str | None  # as the source writes it: "Niveau 5" (RNCP) or the LHEO code-niveau-sortie "15"
    department: str | None
    city: str | None
    url: str | None
    is_active: bool
    fetched_at: str
    units: list[TrainingUnit] = field(default_factory=list)
    content_hash: str = ""  # of the landed record: tomorrow, the same hash means unchanged
    national_level: int | None = None  # the national 1–8 scale (5 = bac+2, 6 = licence, 7 = master)
    rome_codes: list[str] = field(default_factory=list)  # occupations it leads to (ROME)
    nsf_codes: list[str] = field(default_factory=list)
    formacodes: list[str] = field(default_factory=list)
    certifiers: list[str] = field(default_factory=list)  # every certifier (RNCP); the provider (LHEO)
    commune_code: str | None = None  # INSEE code of the place of its first action (LHEO)
    session_start: date | None = None  # earliest session start (LHEO)
    session_end: date | None = None  # latest session end (LHEO)


def as_list(value: Any) -> list[Any]:
    """XML → JSON gives a dict for one child and a list for several; always iterate a list."""
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def text_of(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("#text", "")
    return str(value or "").strip()


def codes(container: Any, item: str) -> list[str]:
    """The CODE of each item of an RNCP code list (CODES_ROME/ROME, FORMACODES/FORMACODE, CODES_NSF/NSF)."""
    found = [text_of(entry.get("CODE")) for entry in as_list((container or {}).get(item) if isinstance(container, dict) else None)
             if isinstance(entry, dict)]
    return sorted({code for code in found if code})


def rncp_level(fiche: dict[str, Any]) -> int | None:
    europe = fiche.get("NOMENCLATURE_EUROPE") or {}
    match = _RNCP_LEVEL.search(f"{text_of(europe.get('NIVEAU'))} {text_of(europe.get('LIBELLE'))}") if isinstance(europe, dict) else None
    return int(match.group(1)) if match else None


def parse_rncp(record: dict[str, Any]) -> Training:
    fiche = record["payload"]
    number = str(record["record_id"])
    certifiers = as_list((fiche.get("CERTIFICATEURS") or {}).get("CERTIFICATEUR"))
    blocs = as_list((fiche.get("BLOCS_COMPETENCES") or {}).get("BLOC_COMPETENCES"))
    units = [
        TrainingUnit(text_of(b.get("CODE")) or f"{number}-bloc{i}", "bloc", text_of(b.get("LIBELLE")),
                     "\n".join(filter(None, [text_of(b.get("LIBELLE")), text_of(b.get("LISTE_COMPETENCES"))])))
        for i, b in enumerate(blocs, start=1)
        if isinstance(b, dict)
    ]
    if not units and text_of(fiche.get("CAPACITES_ATTESTEES")):
        units = [TrainingUnit(f"{number}-capacites", "capacities", "Capacités attestées", text_of(fiche["CAPACITES_ATTESTEES"]))]
    digits = number.removeprefix("RNCP").removeprefix("RS")
    return Training(
        training_id=f"rncp:{number}",
        source=record["source"],
        title=text_of(fiche.get("INTITULE")),
        provider=text_of(certifiers[0].get("NOM_CERTIFICATEUR")) if certifiers and isinstance(certifiers[0], dict) else None,
        certification=number,
        qualification_level=text_of((fiche.get("NOMENCLATURE_EUROPE") or {}).get("LIBELLE")) or None,
        national_level=rncp_level(fiche),
        rome_codes=codes(fiche.get("CODES_ROME"), "ROME"),
        nsf_codes=codes(fiche.get("CODES_NSF"), "NSF"),
        formacodes=codes(fiche.get("FORMACODES"), "FORMACODE"),
        certifiers=[name for c in certifiers if isinstance(c, dict) and (name := text_of(c.get("NOM_CERTIFICATEUR")))],
        department=None,
        city=None,
        url=f"https://www.francecompetences.fr/recherche/rncp/{digits}/",
        is_active=text_of(fiche.get("ACTIF")).lower() in ("oui", "true", "1", ""),
        fetched_at=record.get("fetched_at", ""),
        content_hash=record.get("content_hash", ""),
        units=[u for u in units if u.text not in EMPTY_TEXTS],
    )


def _first_address(formation: dict[str, Any]) -> dict[str, Any]:
    for action in as_list(formation.get("action")):
        if not isinstance(action, dict):
            continue
        address = ((action.get("lieu-de-formation") or {}).get("coordonnees") or {}).get("adresse")
        if isinstance(address, dict):
            return address
    return {}


def _lheo_date(value: Any) -> date | None:
    digits = text_of(value)
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])) if len(digits) == 8 and digits.isdigit() else None
    except ValueError:
        return None


def _sessions(formation: dict[str, Any]) -> list[tuple[date | None, date | None]]:
    periods = []
    for action in as_list(formation.get("action")):
        for session in as_list(action.get("session") if isinstance(action, dict) else None):
            period = session.get("periode") if isinstance(session, dict) else None
            if isinstance(period, dict):
                periods.append((_lheo_date(period.get("debut")), _lheo_date(period.get("fin"))))
    return periods


def _fetched_on(record: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(record.get("fetched_at", ""))[:10])
    except ValueError:
        return None


def _text_codes(values: Any) -> list[str]:
    return sorted({code for value in as_list(values) if (code := text_of(value))})


def parse_lheo(record: dict[str, Any]) -> Training:
    formation = record["payload"]
    number = str(record["record_id"])
    address = _first_address(formation)
    provider = formation.get("organisme-formation-responsable") or {}
    domain = formation.get("domaine-formation") if isinstance(formation.get("domaine-formation"), dict) else {}
    sessions = _sessions(formation)
    starts = [start for start, _ in sessions if start]
    ends = [end for _, end in sessions if end]
    fetched = _fetched_on(record)
    provider_name = (text_of(provider.get("raison-sociale") or provider.get("nom-organisme")) if isinstance(provider, dict) else "")
    provider_name = None if provider_name in EMPTY_TEXTS else provider_name
    rncp = text_of((formation.get("certification") or {}).get("code-RNCP")) if isinstance(formation.get("certification"), dict) else ""
    texts = [("objectives", "Objectifs", formation.get("objectif-formation")), ("contents", "Contenu", formation.get("contenu-formation"))]
    return Training(
        training_id=f"lheo:{number}",
        source=record["source"],
        title=text_of(formation.get("intitule-formation")),
        provider=provider_name,
        certification=f"RNCP{rncp}" if rncp else None,
        qualification_level=text_of(formation.get("code-niveau-sortie")) or None,
        national_level=LHEO_LEVELS.get(text_of(formation.get("code-niveau-sortie"))),
        rome_codes=_text_codes(domain.get("code-ROME")),
        nsf_codes=_text_codes(domain.get("code-NSF")),
        formacodes=_text_codes(domain.get("code-FORMACODE")),
        certifiers=[provider_name] if provider_name else [],
        department=text_of(address.get("departement")) or None,
        city=text_of(address.get("ville")) or None,
        commune_code=text_of(address.get("code-INSEE-commune")) or None,
        session_start=min(starts, default=None),
        session_end=max(ends, default=None),
        url=text_of((formation.get("url-formation") or {}).get("urlweb")) or None if isinstance(formation.get("url-formation"), dict) else None,
        # offered while a session runs or is to come; without session dates, as long as its catalogue lists it
        is_active=not ends or fetched is None or max(ends) >= fetched,
        fetched_at=record.get("fetched_at", ""),
        content_hash=record.get("content_hash", ""),
        units=[TrainingUnit(f"{number}-{kind}", kind, label, text_of(value)) for kind, label, value in texts if text_of(value) not in EMPTY_TEXTS],
    )


PARSERS = {"rncp": parse_rncp, "lheo": parse_lheo}


def parse_trainings(records: list[dict[str, Any]]) -> tuple[list[Training], list[QuarantinedRow]]:
    trainings: dict[str, Training] = {}
    rejected = []
    for record in records:
        try:
            training = PARSERS[record["source"]](record)
        except (KeyError, TypeError, AttributeError) as error:
            rejected.append(quarantine(record.get("source", "?"), record.get("record_id"), "transform", f"unreadable programme: {error!r}", record))
            continue
        if training.training_id in trainings:
            rejected.append(quarantine(training.source, training.training_id, "transform", "duplicate id: an earlier record of this run has the same id", record))
            continue
        trainings[training.training_id] = training
    return list(trainings.values()), rejected
