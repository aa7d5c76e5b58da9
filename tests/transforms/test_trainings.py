"""RNCP/RS fiches, LHEO offers (XML and Intercarif JSON) and ONISEP rows → programmes, their sessions, partners
and links, and the units analysed, on real samples."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from lxml import etree

from spiders.xml_catalogue import element_to_value, local_name
from transforms.trainings import Partner, Session, parse_trainings, plain_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _records(path: Path, tag: str, source: str, id_of) -> list[dict]:
    records = []
    for _, element in etree.iterparse(io.BytesIO(path.read_bytes()), events=("end",)):
        if local_name(element.tag) == tag:
            payload = element_to_value(element)
            records.append({"source": source, "record_id": id_of(payload), "payload": payload})
    return records


def test_rncp_blocs_become_units(shared_samples: Path):
    records = _records(shared_samples / "rncp" / "mcp-rncp_export_fiches_RNCP_fixture_v4.1.xml", "FICHE", "rncp", lambda p: p["NUMERO_FICHE"])
    trainings, rejected = parse_trainings(records)
    assert rejected == [] and len(trainings) == 12
    web = next(t for t in trainings if t.training_id == "rncp:RNCP37674")
    assert web.title == "Développeur web et web mobile" and web.qualification_level == "Niveau 5"
    assert [u.unit_id for u in web.units] == ["RNCP37674BC01", "RNCP37674BC02"]
    assert (web.national_level, web.rome_codes, web.nsf_codes) == (5, ["M1805"], ["326t"])  # "Niveau 5": bac+2
    assert web.formacodes == ["31006", "31090", "46357", "70710"]
    assert web.certifiers == ["MINISTERE DU TRAVAIL DU PLEIN EMPLOI ET DE L' INSERTION"]
    assert web.units[1].text.startswith("Développer la partie back-end d'une application web ou web mobile sécurisée\nMettre en place")


def test_lheo_offer_keeps_place_and_texts(shared_samples: Path):
    records = _records(shared_samples / "lheo" / "trefle_intercarif_daeu_toulouse.xml", "formation", "lheo", lambda p: p["@numero"])
    (training,), _ = parse_trainings(records)
    assert (training.training_id, training.department, training.city, training.certification) == ("lheo:15_464888", "31", "Toulouse", "RNCP28217")
    assert [u.kind for u in training.units] == ["objectives"]  # the contents are "-" in this real export
    assert (training.commune_code, training.session_start.isoformat(), training.session_end.isoformat()) == ("31555", "2018-10-01", "2019-05-24")
    assert training.national_level == 4  # LHEO "5" is the old niveau IV (bac), level 4 of the national scale


def test_lheo_texts_are_stored_as_plain_text_with_their_line_breaks(shared_samples: Path):
    """The real DAEU offer writes its list with escaped <br /> tags; the real ONISEP BTS its contents with <p>, <b>
    and breaks: each becomes a line, nothing of the markup is left."""
    records = _records(shared_samples / "lheo" / "trefle_intercarif_daeu_toulouse.xml", "formation", "lheo", lambda p: p["@numero"])
    (daeu,), _ = parse_trainings(records)
    assert [u.text for u in daeu.units] == [
        ("* être titulaire d'un diplôme national équivalent au Baccalauréat\n- accéder à l'enseignement supérieur\n"
        "- présenter des concours de la fonction publique de catégorie B\n- faire une remise à niveau des connaissances")]
    records = _records(shared_samples / "lheo" / "lheo-schema_exemple-bts-onisep.xml", "formation", "lheo", lambda p: p["@numero"])
    (bts,), _ = parse_trainings(records)
    contents = bts.units[1].text
    assert contents.startswith("En plus des enseignements généraux (français, langue vivante étrangère, économie, droit, management), "
                               "la formation comporte des enseignements professionnels :\n\nGestion de clientèles ( 5 heures")
    assert not any(mark in u.text for u in bts.units + daeu.units for mark in ("<", ">", "&lt;", "&amp;", "  "))


def test_plain_text_decodes_entities_and_keeps_one_blank_line():
    assert plain_text("Java &amp;eacute;l&eacute;ments<br/><br /><br>\r\n<b>Spring</b>&nbsp;Boot <i>et</i> SQL&lt;br /&gt;fin") == (
        "Java éléments\n\nSpring Boot et SQL\nfin")
    assert plain_text("Bac < 2 ans, salaire > SMIC") == "Bac < 2 ans, salaire > SMIC"  # no tag: left as written


def _fiches(shared_samples: Path) -> dict[str, object]:
    records = [r for name in ("RNCP", "RS") for r in _records(shared_samples / "rncp" / f"mcp-rncp_export_fiches_{name}_fixture_v4.1.xml",
                                                               "FICHE", "rncp", lambda p: p["NUMERO_FICHE"])]
    trainings, rejected = parse_trainings(records)
    assert rejected == []
    return {t.certification: t for t in trainings}


def test_an_rncp_fiche_keeps_its_partners_validity_and_links(shared_samples: Path):
    web = _fiches(shared_samples)["RNCP37674"]
    assert (web.status, web.replaces, web.replaced_by) == ("active", ["RNCP31114"], [])
    assert (web.registered_on, web.registered_until, web.awarded_until) == (date(2023, 9, 1), date(2028, 9, 1), None)
    assert len(web.partners) == 471 and sum(p.is_active for p in web.partners) == 471
    assert web.partners[0] == Partner("88055223700047", "10MENTIONWEB FORMATION", "HABILITATION_ORGA_FORM", True)


def test_status_follows_the_old_and_new_certification_links(shared_samples: Path):
    fiches = _fiches(shared_samples)
    # ACTIF Non with a newer certification: replaced; the newer one names it back as the one it succeeds
    assert (fiches["RNCP34762"].status, fiches["RNCP34762"].replaced_by) == ("replaced", ["RNCP39568"])
    assert (fiches["RNCP39568"].status, fiches["RNCP39568"].replaces) == ("active", ["RNCP34762"])
    assert fiches["RNCP39568"].awarded_until == date(2034, 8, 31)
    # still registered while its successor is announced: active
    assert (fiches["RNCP35809"].status, fiches["RNCP35809"].replaced_by) == ("active", ["RNCP41827"])
    assert sorted(c for c, f in fiches.items() if f.status == "replaced") == ["RNCP34762", "RNCP35419", "RNCP35625", "RS5000", "RS6232"]
    assert not [c for c, f in fiches.items() if f.status == "inactive"]


def test_rs_certifications_get_their_own_register_address(shared_samples: Path):
    fiches = _fiches(shared_samples)
    assert fiches["RS5568"].url == "https://www.francecompetences.fr/recherche/rs/5568/"
    assert fiches["RNCP37674"].url == "https://www.francecompetences.fr/recherche/rncp/37674/"
    assert (fiches["RS5568"].national_level, len(fiches["RS5719"].partners)) == (None, 377)


def test_an_lheo_offer_keeps_each_session_with_place_hours_modality_and_funders(shared_samples: Path):
    records = _records(shared_samples / "lheo" / "trefle_intercarif_formation_plaquiste_centre.xml", "formation", "lheo", lambda p: p["@numero"])
    (offer,), _ = parse_trainings(records)
    assert offer.sessions == [  # the first action gives no hours
        Session("114782", date(2017, 12, 4), date(2018, 6, 1), "37266", "37", "Veigné", "on_site", None, ["Bénéficiaire", "Entreprise"]),
        Session("123324", date(2017, 10, 30), date(2018, 6, 1), "37266", "37", "Veigné", "on_site", 697.0, ["Conseil régional"]),
    ]
    assert (offer.certification, offer.provider_siret, offer.duration_hours, offer.modalities) == ("RNCP320", "82422814200660", 697.0, ["on_site"])
    assert offer.funders == ["Bénéficiaire", "Conseil régional", "Entreprise"]
    assert (offer.is_active, offer.session_start, offer.session_end) == (True, date(2017, 10, 30), date(2018, 6, 1))  # the window decides


def test_the_intercarif_json_variant_is_the_same_programme_as_its_xml(shared_samples: Path):
    payload = json.loads((shared_samples / "lheo" / "trefle_intercarif_formation_plaquiste_json_variant.json").read_text(encoding="utf-8"))
    (offer,), rejected = parse_trainings([{"source": "lheo", "record_id": payload["uid"], "payload": payload}])
    assert rejected == [] and offer.training_id == "lheo:07_10"
    assert (offer.title, offer.provider, offer.provider_siret) == ("Titre professionnel plaquiste", "DRAFPA d'Olivet", "82436343600497")
    assert (offer.certification, offer.national_level, offer.rome_codes, offer.formacodes) == ("RNCP320", 3, ["F1604"], ["22402", "22403"])
    assert [(s.session_id, s.start, s.end, s.commune_code, s.department) for s in offer.sessions] == [
        ("152199", date(2018, 5, 14), date(2018, 12, 14), "37266", "37"), ("164050", date(2018, 6, 18), date(2018, 12, 14), "37266", "37")]
    assert (offer.duration_hours, offer.modalities, offer.funders) == (697.0, ["on_site"], ["Conseil régional"])
    assert [u.kind for u in offer.units] == ["objectives", "contents"]


def test_the_hand_written_montpellier_web_developer_offer():
    (offer,), _ = parse_trainings(_records(FIXTURES / "lheo_developpeur_web_montpellier.xml", "formation", "lheo", lambda p: p["@numero"]))
    assert (offer.certification, offer.department, offer.commune_code, offer.national_level) == ("RNCP37674", "34", "34172", 5)
    assert [(s.session_id, s.start, s.end) for s in offer.sessions] == [
        ("S_TEST_0001", date(2026, 9, 14), date(2027, 6, 25)), ("S_TEST_0002", date(2027, 1, 11), date(2027, 9, 30))]
    assert (offer.duration_hours, offer.modalities, offer.funders) == (805.0, ["mixed"], ["Conseil régional", "France Travail (Pôle emploi)"])


def _onisep_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return [{"source": "onisep", "record_id": row["lien site onisep.fr"].rsplit("/", 1)[-1], "payload": row}
                for row in csv.DictReader(file, delimiter=";")]


def test_an_onisep_row_becomes_a_national_programme_with_its_level_and_rncp_code(shared_samples: Path):
    records = _onisep_rows(shared_samples / "onisep" / "ideo-formations_initiales_en_france.csv")
    trainings, rejected = parse_trainings(records)
    assert (len(trainings), rejected) == (6086, [])
    first = trainings[0]
    assert (first.training_id, first.title, first.certification) == ("onisep:FOR.6913", "Chargé d'accompagnement social et professionnel", "RNCP7426")
    assert (first.national_level, first.qualification_level, first.diploma, first.duration_label) == (5, "niveau 5 (bac + 2)", "formation d'école spécialisée", "2 ans")
    assert (first.department, first.provider, first.certifiers) == (None, None, [])  # national catalogue: no place, ministry not given
    assert [(u.kind, u.text) for u in first.units] == [("domains", "santé - social - sport : travail social")]
    unregistered = trainings[1]
    assert (unregistered.certification, unregistered.national_level, unregistered.qualification_level) == (None, None, None)
    assert sum(1 for t in trainings if any("informatique, internet" in u.text for u in t.units)) == 724


def test_a_malformed_entry_is_quarantined_with_the_reason_and_the_rest_load(shared_samples: Path):
    records = _records(shared_samples / "rncp" / "mcp-rncp_export_fiches_RNCP_fixture_v4.1.xml", "FICHE", "rncp", lambda p: p["NUMERO_FICHE"])
    records[3] = records[3] | {"payload": ["not", "a", "fiche"]}
    trainings, rejected = parse_trainings(records)
    assert len(trainings) == 11 and [(r.record_id, r.stage) for r in rejected] == [("RNCP35419", "transform")]
    assert rejected[0].reason == "unreadable programme: the record is list, not an object of fields"


def test_a_provider_written_as_a_dash_is_no_name():
    payload = {"intitule-formation": "Développeur web", "contenu-formation": "HTML, CSS", "organisme-formation-responsable": {"raison-sociale": "-"}}
    (training,), _ = parse_trainings([{"source": "lheo", "record_id": "2", "payload": payload}])
    assert (training.provider, training.certifiers) == (None, [])


def test_the_same_programme_twice_in_one_run_is_quarantined_once():
    record = {"source": "lheo", "record_id": "1", "payload": {"intitule-formation": "Développeur web", "contenu-formation": "HTML, CSS"}}
    trainings, rejected = parse_trainings([record, record])
    assert len(trainings) == 1 and [r.reason for r in rejected] == ["duplicate id: an earlier record of this run has the same id"]
