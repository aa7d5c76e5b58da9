"""The Intercarif JSON flavour of an LHEO offer → the same programme as its XML form.

Intercariforef also publishes offers as JSON ("catalogue": "Intercarif"): one object per offer with its
sessions inline (dates, hours, place by INSEE commune, funders), the responsible organisation, and the RNCP
code and exit level in LHEO's dictionaries. Its `uid` is the XML `<formation numero>`, so both forms of one
offer are one programme.
"""

from __future__ import annotations

from typing import Any

from transforms.trainings import (
    LHEO_FUNDERS,
    LHEO_MODALITIES,
    OfferFields,
    Session,
    Training,
    as_list,
    certification_code,
    hours_of,
    lheo_date,
    offer_programme,
    provider_name,
    siret_of,
    text_codes,
    text_of,
)


def department_of_commune(commune_code: str | None) -> str | None:
    """The department of an INSEE commune code: 34172 → 34, 2A004 → 2A, 97411 → 974."""
    if not commune_code or len(commune_code) != 5:
        return None
    return commune_code[:3] if commune_code.startswith("97") else commune_code[:2]


def _session(entry: dict[str, Any], index: int, modality: str | None) -> Session:
    place = ((entry.get("localisation") or {}).get("formation") or {}) if isinstance(entry.get("localisation"), dict) else {}
    commune = text_of(place.get("commune-insee")) or None
    funders = sorted({label for f in as_list(entry.get("financeurs")) if isinstance(f, dict)
                      if (label := LHEO_FUNDERS.get(text_of(f.get("code"))) or text_of(f.get("libelle")))})
    return Session(session_id=text_of(entry.get("uid") or entry.get("id")) or str(index), start=lheo_date(entry.get("debut")),
                   end=lheo_date(entry.get("fin")), commune_code=commune, department=department_of_commune(commune),
                   city=text_of(place.get("ville")) or None, modality=modality, hours=hours_of(entry.get("nombre-heures-total")),
                   funders=funders)


def parse_intercarif_json(record: dict[str, Any]) -> Training:
    offer = record["payload"]
    organisation = offer.get("organisme") if isinstance(offer.get("organisme"), dict) else {}
    modality = LHEO_MODALITIES.get(text_of(offer.get("modalite-enseignement")))
    return offer_programme(record, OfferFields(
        title=text_of(offer.get("intitule")),
        provider=provider_name(organisation.get("nom")),
        provider_siret=siret_of(organisation.get("siret")),
        certification=certification_code(offer.get("code-rncp"), offer.get("code-rs")),
        level=text_of(offer.get("niveau-sortie")),
        rome_codes=text_codes(offer.get("codes-rome-vises")),
        nsf_codes=text_codes(offer.get("codes-nsf")),
        formacodes=text_codes(offer.get("codes-formacode")),
        url=text_of(offer.get("url")) or None,
        sessions=[_session(s, i, modality) for i, s in enumerate(as_list(offer.get("sessions")), start=1) if isinstance(s, dict)],
        texts=[("objectives", "Objectifs", offer.get("objectif")), ("contents", "Contenu", offer.get("description"))],
    ))
