"""Training catalogues (RNCP fiches, LHEO offers) → one row per programme and the texts to analyse.

A programme is analysed unit by unit: each RNCP bloc de compétences, or the objectives and the contents
of an LHEO offer, so a report can say which bloc teaches what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from transforms.quarantine import QuarantinedRow, quarantine

EMPTY_TEXTS = {"", "-", "."}


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
    qualification_level: str | None  # e.g. "Niveau 5" (RNCP) or the LHEO code-niveau-sortie
    department: str | None
    city: str | None
    url: str | None
    is_active: bool
    fetched_at: str
    units: list[TrainingUnit] = field(default_factory=list)
    content_hash: str = ""  # of the landed record: tomorrow, the same hash means unchanged


def as_list(value: Any) -> list[Any]:
    """XML → JSON gives a dict for one child and a list for several; always iterate a list."""
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def text_of(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("#text", "")
    return str(value or "").strip()


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


def parse_lheo(record: dict[str, Any]) -> Training:
    formation = record["payload"]
    number = str(record["record_id"])
    address = _first_address(formation)
    provider = formation.get("organisme-formation-responsable") or {}
    rncp = text_of((formation.get("certification") or {}).get("code-RNCP")) if isinstance(formation.get("certification"), dict) else ""
    texts = [("objectives", "Objectifs", formation.get("objectif-formation")), ("contents", "Contenu", formation.get("contenu-formation"))]
    return Training(
        training_id=f"lheo:{number}",
        source=record["source"],
        title=text_of(formation.get("intitule-formation")),
        provider=text_of(provider.get("raison-sociale") or provider.get("nom-organisme")) or None if isinstance(provider, dict) else None,
        certification=f"RNCP{rncp}" if rncp else None,
        qualification_level=text_of(formation.get("code-niveau-sortie")) or None,
        department=text_of(address.get("departement")) or None,
        city=text_of(address.get("ville")) or None,
        url=text_of((formation.get("url-formation") or {}).get("urlweb")) or None if isinstance(formation.get("url-formation"), dict) else None,
        is_active=True,
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
