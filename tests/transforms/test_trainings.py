"""RNCP fiches and LHEO offers → programmes and the units analysed, on real samples."""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree

from spiders.xml_catalogue import element_to_value, local_name
from transforms.trainings import parse_trainings


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


def test_an_lheo_offer_whose_sessions_have_all_ended_is_not_active(shared_samples: Path):
    records = _records(shared_samples / "lheo" / "trefle_intercarif_daeu_toulouse.xml", "formation", "lheo", lambda p: p["@numero"])
    (then,), _ = parse_trainings([r | {"fetched_at": "2019-03-01T02:00:00+00:00"} for r in records])
    (now,), _ = parse_trainings([r | {"fetched_at": "2026-12-03T02:00:00+00:00"} for r in records])
    assert (then.is_active, now.is_active) == (True, False)


def test_a_provider_written_as_a_dash_is_no_name():
    payload = {"intitule-formation": "Développeur web", "contenu-formation": "HTML, CSS", "organisme-formation-responsable": {"raison-sociale": "-"}}
    (training,), _ = parse_trainings([{"source": "lheo", "record_id": "2", "payload": payload}])
    assert (training.provider, training.certifiers) == (None, [])


def test_the_same_programme_twice_in_one_run_is_quarantined_once():
    record = {"source": "lheo", "record_id": "1", "payload": {"intitule-formation": "Développeur web", "contenu-formation": "HTML, CSS"}}
    trainings, rejected = parse_trainings([record, record])
    assert len(trainings) == 1 and [r.reason for r in rejected] == ["duplicate id: an earlier record of this run has the same id"]
