"""Training catalogues (RNCP/RS fiches, LHEO offers, ONISEP Idéo) → one row per programme and the texts to analyse.

A programme is analysed unit by unit: each RNCP bloc de compétences, or the objectives and the contents
of an LHEO offer, so a report can say which bloc teaches what. An RNCP/RS fiche keeps its status and its
old↔new certification links, its validity dates and its partners (organisations authorised to prepare it);
an LHEO offer keeps each session (dates, place, modality, hours, funders) of each of its actions.
"""

from __future__ import annotations

import html
import importlib
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
# LHEO dict-modalites-enseignement
LHEO_MODALITIES = {"0": "on_site", "1": "mixed", "2": "distance"}
# LHEO dict-financeurs
LHEO_FUNDERS = {
    "0": "Autre", "2": "Conseil régional", "3": "FSE", "4": "France Travail (Pôle emploi)", "5": "Entreprise",
    "6": "ACSÉ", "7": "AGEFIPH", "8": "Conseil départemental", "9": "Commune", "10": "Bénéficiaire",
    "11": "État - emploi", "12": "État - éducation nationale", "13": "État - autre", "14": "Fonds européens - autre",
    "15": "Collectivité territoriale - autre", "16": "OPCO", "17": "Transition Pro", "18": "LADOM",
    "19": "État - intérieur", "20": "OFII",
}
ACTIVE, INACTIVE, REPLACED = "active", "inactive", "replaced"


@dataclass
class TrainingUnit:
    unit_id: str
    kind: str  # bloc, objectives, contents, capacities
    label: str
    text: str


@dataclass
class Session:
    """One session of an offer (LHEO action × session): when, where and how it is taught."""

    session_id: str
    start: date | None
    end: date | None
    commune_code: str | None  # INSEE code of the place of training
    department: str | None
    city: str | None
    modality: str | None  # on_site, mixed, distance (LHEO modalites-enseignement)
    hours: float | None  # nombre-heures-total of its action
    funders: list[str] = field(default_factory=list)  # LHEO dict-financeurs labels


@dataclass
class Partner:
    """An organisation authorised to prepare an RNCP/RS certification (the fiche's PARTENAIRES)."""

    siret: str | None
    name: str
    habilitation: str | None  # HABILITATION_ORGA_FORM (prepares) or HABILITATION_FORMER_ORGANISER_EVALUER …
    is_active: bool  # ETAT_HABILITATION "Actif"
    department: str | None = None  # where the export gives it (the v4.1 flux does not)
    commune_code: str | None = None


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
    status: str | None = None  # RNCP/RS: active, inactive or replaced (a newer certification supersedes it)
    replaces: list[str] = field(default_factory=list)  # RNCP/RS: older certifications it succeeds
    replaced_by: list[str] = field(default_factory=list)  # RNCP/RS: newer certifications succeeding it
    registered_on: date | None = None  # RNCP/RS: registration in force from (DATE_EFFET, else DATE_DECISION)
    registered_until: date | None = None  # RNCP/RS: end of registration (DATE_FIN_ENREGISTREMENT)
    awarded_until: date | None = None  # RNCP/RS: last date it may still be awarded (DATE_LIMITE_DELIVRANCE)
    partners: list[Partner] = field(default_factory=list)  # RNCP/RS
    provider_siret: str | None = None  # LHEO: SIRET of the responsible organisation
    duration_hours: float | None = None  # LHEO: longest nombre-heures-total of its actions
    modalities: list[str] = field(default_factory=list)  # LHEO: on_site, mixed, distance
    funders: list[str] = field(default_factory=list)  # LHEO: every funder of its actions
    sessions: list[Session] = field(default_factory=list)  # LHEO
    diploma: str | None = None  # ONISEP: the type of diploma (BTS, licence professionnelle, diplôme d'ingénieur …)
    duration_label: str | None = None  # ONISEP: the duration as written ("2 ans")


def as_list(value: Any) -> list[Any]:
    """XML → JSON gives a dict for one child and a list for several; always iterate a list."""
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def text_of(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("#text", "")
    return "" if value is None else str(value).strip()  # 0 is a code (LHEO modalities), not nothing


# Catalogue texts (LHEO, Intercarif JSON) carry HTML escaped into XML: "&lt;br /&gt;" arrives as "<br />",
# sometimes "&amp;eacute;" as "&eacute;". A line break tag or block tag is a line break; any other tag is nothing.
_LINE_BREAK_TAG = re.compile(r"<\s*(?:br|/?(?:p|div|li|ul|ol|tr|table|h[1-6]))\b[^<>]*>", re.IGNORECASE)
_OTHER_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def plain_text(value: Any) -> str:
    """A catalogue text as plain text: entities decoded (twice: exports escape them again), break and block tags
    as line breaks, other tags removed, spaces collapsed on each line, at most one blank line in a row."""
    text = text_of(value)
    if "&" in text:
        text = html.unescape(html.unescape(text))
    if "<" in text:
        text = _OTHER_TAG.sub("", _LINE_BREAK_TAG.sub("\n", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def codes(container: Any, item: str) -> list[str]:
    """The CODE of each item of an RNCP code list (CODES_ROME/ROME, FORMACODES/FORMACODE, CODES_NSF/NSF)."""
    found = [text_of(entry.get("CODE")) for entry in as_list((container or {}).get(item) if isinstance(container, dict) else None)
             if isinstance(entry, dict)]
    return sorted({code for code in found if code})


def rncp_level(fiche: dict[str, Any]) -> int | None:
    europe = fiche.get("NOMENCLATURE_EUROPE") or {}
    match = _RNCP_LEVEL.search(f"{text_of(europe.get('NIVEAU'))} {text_of(europe.get('LIBELLE'))}") if isinstance(europe, dict) else None
    return int(match.group(1)) if match else None


def french_date(value: Any) -> date | None:
    """dd/mm/yyyy (RNCP) → date; anything else → None."""
    match = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", text_of(value))
    try:
        return date(int(match[3]), int(match[2]), int(match[1])) if match else None
    except ValueError:
        return None


def linked_fiches(fiche: dict[str, Any], container: str, item: str, field_name: str) -> list[str]:
    """NOUVELLES_CERTIFICATIONS / ANCIENNES_CERTIFICATIONS → the linked fiche numbers."""
    block = fiche.get(container)
    entries = as_list(block.get(item)) if isinstance(block, dict) else []
    return sorted({number for e in entries if isinstance(e, dict) and (number := text_of(e.get(field_name)))})


def rncp_partners(fiche: dict[str, Any]) -> list[Partner]:
    block = fiche.get("PARTENAIRES")
    partners = []
    for entry in as_list(block.get("PARTENAIRE") if isinstance(block, dict) else None):
        if not isinstance(entry, dict) or not (name := text_of(entry.get("NOM_PARTENAIRE"))):
            continue
        partners.append(Partner(
            siret=siret_of(entry.get("SIRET_PARTENAIRE")), name=name,
            habilitation=text_of(entry.get("HABILITATION_PARTENAIRE")) or None,
            is_active=text_of(entry.get("ETAT_HABILITATION")).lower() in ("actif", ""),
            department=text_of(entry.get("DEPARTEMENT") or entry.get("CODE_DEPARTEMENT")) or None,
            commune_code=text_of(entry.get("CODE_COMMUNE") or entry.get("CODE_INSEE")) or None))
    return partners


def siret_of(value: Any) -> str | None:
    digits = re.sub(r"\s", "", text_of(value))
    return digits if re.fullmatch(r"\d{14}", digits) else None


def rncp_status(is_active: bool, replaced_by: list[str]) -> str:
    """active while registered; an inactive fiche with a newer certification is replaced, else inactive."""
    if is_active:
        return ACTIVE
    return REPLACED if replaced_by else INACTIVE


def certification_url(number: str) -> str:
    """France compétences' page of an RNCP or RS fiche."""
    register = "rs" if number.upper().startswith("RS") else "rncp"
    digits = re.sub(r"^(?:RNCP|RS)", "", number, flags=re.IGNORECASE)
    return f"https://www.francecompetences.fr/recherche/{register}/{digits}/"


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
    is_active = text_of(fiche.get("ACTIF")).lower() in ("oui", "true", "1", "")
    replaced_by = linked_fiches(fiche, "NOUVELLES_CERTIFICATIONS", "NOUVELLE_CERTIFICATION", "ID_FICHE_NOUVELLE_CERTIFICATION")
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
        url=certification_url(number),
        is_active=is_active,
        status=rncp_status(is_active, replaced_by),
        replaced_by=replaced_by,
        replaces=linked_fiches(fiche, "ANCIENNES_CERTIFICATIONS", "ANCIENNE_CERTIFICATION", "ID_FICHE_ANCIENNE_CERTIFICATION"),
        registered_on=french_date(fiche.get("DATE_EFFET")) or french_date(fiche.get("DATE_DECISION")),
        registered_until=french_date(fiche.get("DATE_FIN_ENREGISTREMENT")),
        awarded_until=french_date(fiche.get("DATE_LIMITE_DELIVRANCE")),
        partners=rncp_partners(fiche),
        fetched_at=record.get("fetched_at", ""),
        content_hash=record.get("content_hash", ""),
        units=[u for u in units if u.text not in EMPTY_TEXTS],
    )


def lheo_date(value: Any) -> date | None:
    """yyyymmdd (LHEO XML) or yyyy-mm-dd (Intercarif JSON) → date; 00000000 and the like → None."""
    digits = text_of(value).replace("-", "")
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])) if len(digits) == 8 and digits.isdigit() else None
    except ValueError:
        return None


def hours_of(value: Any) -> float | None:
    try:
        hours = float(text_of(value).replace(",", "."))
    except ValueError:
        return None
    return hours if hours > 0 else None


def _address_of(action: dict[str, Any]) -> dict[str, Any]:
    address = ((action.get("lieu-de-formation") or {}).get("coordonnees") or {}).get("adresse")
    return address if isinstance(address, dict) else {}


def _funders(action: dict[str, Any]) -> list[str]:
    found = (LHEO_FUNDERS.get(text_of(f.get("code-financeur"))) for f in as_list(action.get("organisme-financeur")) if isinstance(f, dict))
    return sorted({f for f in found if f})


def lheo_sessions(formation: dict[str, Any]) -> list[Session]:
    """Every session of every action of an LHEO <formation>, with its action's place, modality, hours and funders."""
    sessions = []
    for action in as_list(formation.get("action")):
        if not isinstance(action, dict):
            continue
        address = _address_of(action)
        shared = {"commune_code": text_of(address.get("code-INSEE-commune")) or None,
                  "department": text_of(address.get("departement")) or None, "city": text_of(address.get("ville")) or None,
                  "modality": LHEO_MODALITIES.get(text_of(action.get("modalites-enseignement"))),
                  "hours": hours_of(action.get("nombre-heures-total")), "funders": _funders(action)}
        action_sessions = [s for s in as_list(action.get("session")) if isinstance(s, dict)] or [{}]
        for index, session in enumerate(action_sessions, start=1):
            period = session.get("periode") if isinstance(session.get("periode"), dict) else {}
            session_id = text_of(session.get("@numero")) or f"{text_of(action.get('@numero')) or 'action'}-{index}"
            sessions.append(Session(session_id, lheo_date(period.get("debut")), lheo_date(period.get("fin")), **shared))
    return sessions


def provider_name(value: Any) -> str | None:
    """A provider's name, or None for the placeholders exports use ("-", ".", empty)."""
    name = text_of(value)
    return None if name in EMPTY_TEXTS else name


def certification_code(rncp: Any, rs: Any) -> str | None:
    """RNCP37674 / RS5568 from the bare numbers an offer gives."""
    if number := text_of(rncp).upper().removeprefix("RNCP"):
        return f"RNCP{number}"
    if number := text_of(rs).upper().removeprefix("RS"):
        return f"RS{number}"
    return None


def with_sessions(training: Training) -> Training:
    """The place, dates, modalities, hours and funders a programme takes from its sessions."""
    sessions = training.sessions
    placed = next((s for s in sessions if s.department or s.commune_code), None)
    if placed and not training.department:
        training.department, training.city, training.commune_code = placed.department, placed.city, placed.commune_code
    training.session_start = min((s.start for s in sessions if s.start), default=None)
    training.session_end = max((s.end for s in sessions if s.end), default=None)
    training.modalities = sorted({s.modality for s in sessions if s.modality})
    training.duration_hours = max((s.hours for s in sessions if s.hours), default=training.duration_hours)
    training.funders = sorted({f for s in sessions for f in s.funders})
    return training


@dataclass
class OfferFields:
    """What an LHEO offer says, in either of its forms (XML, Intercarif JSON)."""

    title: str
    provider: str | None
    provider_siret: str | None
    certification: str | None
    level: str  # LHEO dict-niveaux code
    rome_codes: list[str]
    nsf_codes: list[str]
    formacodes: list[str]
    url: str | None
    sessions: list[Session]
    texts: list[tuple[str, str, Any]]  # (kind, label, text) of the sections analysed


def offer_programme(record: dict[str, Any], offer: OfferFields) -> Training:
    """An LHEO offer as a programme: listed, so active until the window says otherwise (core.trainings)."""
    number = str(record["record_id"])
    return with_sessions(Training(
        training_id=f"lheo:{number}",
        source=record["source"],
        title=" ".join(plain_text(offer.title).split()),
        provider=offer.provider,
        provider_siret=offer.provider_siret,
        certification=offer.certification,
        qualification_level=offer.level or None,
        national_level=LHEO_LEVELS.get(offer.level),
        rome_codes=offer.rome_codes,
        nsf_codes=offer.nsf_codes,
        formacodes=offer.formacodes,
        certifiers=[offer.provider] if offer.provider else [],
        department=None,
        city=None,
        url=offer.url,
        is_active=True,
        fetched_at=record.get("fetched_at", ""),
        content_hash=record.get("content_hash", ""),
        sessions=offer.sessions,
        units=[TrainingUnit(f"{number}-{kind}", kind, label, text)
               for kind, label, value in offer.texts if (text := plain_text(value)) not in EMPTY_TEXTS],
    ))


def parse_lheo(record: dict[str, Any]) -> Training:
    formation = record["payload"]
    if "intitule" in formation and "intitule-formation" not in formation:  # the Intercarif JSON flavour
        return importlib.import_module("transforms.intercarif_json").parse_intercarif_json(record)
    provider = formation.get("organisme-formation-responsable") or {}
    provider = provider if isinstance(provider, dict) else {}
    domain = formation.get("domaine-formation") if isinstance(formation.get("domaine-formation"), dict) else {}
    certification = formation.get("certification") if isinstance(formation.get("certification"), dict) else {}
    siret = provider.get("SIRET-organisme-formation")
    url = formation.get("url-formation")
    return offer_programme(record, OfferFields(
        title=text_of(formation.get("intitule-formation")),
        provider=provider_name(provider.get("raison-sociale") or provider.get("nom-organisme")),
        provider_siret=siret_of(siret.get("SIRET") if isinstance(siret, dict) else siret),
        certification=certification_code(certification.get("code-RNCP"), certification.get("code-RS")),
        level=text_of(formation.get("code-niveau-sortie")),
        rome_codes=text_codes(domain.get("code-ROME")),
        nsf_codes=text_codes(domain.get("code-NSF")),
        formacodes=text_codes(domain.get("code-FORMACODE")),
        url=(text_of(url.get("urlweb")) or None) if isinstance(url, dict) else None,
        sessions=lheo_sessions(formation),
        texts=[("objectives", "Objectifs", formation.get("objectif-formation")), ("contents", "Contenu", formation.get("contenu-formation"))],
    ))


def text_codes(values: Any) -> list[str]:
    return sorted({code for value in as_list(values) if (code := text_of(value))})


# The parser of each training source's records (module:function, imported when first used).
PARSERS = {"rncp": "transforms.trainings:parse_rncp", "lheo": "transforms.trainings:parse_lheo",
           "onisep": "transforms.onisep:parse_onisep", "school_courses": "transforms.school_courses:parse_course"}


def _parser(source: str):
    module, _, name = PARSERS[source].partition(":")
    return getattr(importlib.import_module(module), name)


def parse_trainings(records: list[dict[str, Any]]) -> tuple[list[Training], list[QuarantinedRow]]:
    """Landed records → programmes; an unreadable record or a second record with the same id is quarantined
    with the reason, and the others load."""
    trainings: dict[str, Training] = {}
    rejected = []
    for record in records:
        payload = record.get("payload")
        if not isinstance(payload, dict):
            reason = f"unreadable programme: the record is {type(payload).__name__}, not an object of fields"
            rejected.append(quarantine(record.get("source", "?"), record.get("record_id"), "transform", reason, record))
            continue
        try:
            training = _parser(record["source"])(record)
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            rejected.append(quarantine(record.get("source", "?"), record.get("record_id"), "transform", f"unreadable programme: {error!r}", record))
            continue
        if training.training_id in trainings:
            rejected.append(quarantine(training.source, training.training_id, "transform",
                                       "duplicate id: an earlier record of this run has the same id", record, final=False))
            continue
        trainings[training.training_id] = training
    return list(trainings.values()), rejected
