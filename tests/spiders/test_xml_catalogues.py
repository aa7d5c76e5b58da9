"""RNCP and LHEO spiders on real exports served locally, including broken and zipped ones."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

from spiders.crawl import run_crawl
from spiders.pipelines.redact_personal_data import EMAIL, PHONE


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_rncp_export_gives_one_record_per_fiche_with_its_blocs(file_server, shared_samples: Path, tmp_path: Path):
    base, root = file_server
    shutil.copy(shared_samples / "rncp" / "mcp-rncp_export_fiches_RNCP_fixture_v4.1.xml", root / "rncp.xml")
    result = run_crawl("rncp", {"url": f"{base}/rncp.xml"}, tmp_path, "2026-11-28", "r", download_delay=0)
    records = {r["record_id"]: r["payload"] for r in _records(result.records_path)}
    assert len(records) == 12
    blocs = records["RNCP37674"]["BLOCS_COMPETENCES"]["BLOC_COMPETENCES"]
    assert [b["CODE"] for b in blocs] == ["RNCP37674BC01", "RNCP37674BC02"]
    assert "base de données relationnelle" in blocs[1]["LISTE_COMPETENCES"]


def test_zipped_export_is_read_like_the_plain_one(file_server, shared_samples: Path, tmp_path: Path):
    base, root = file_server
    with zipfile.ZipFile(root / "export.zip", "w") as archive:
        archive.write(shared_samples / "rncp" / "mcp-rncp_export_fiches_RNCP_fixture_v4.1.xml", "export.xml")
    result = run_crawl("rncp", {"url": f"{base}/export.zip"}, tmp_path, "2026-11-28", "r", download_delay=0)
    assert result.records == 12


def test_a_zipped_member_with_a_wrong_encoding_declaration_is_repaired_and_the_others_streamed(file_server, shared_samples: Path,
                                                                                             tmp_path: Path):
    """The members of an archive are decompressed as they are parsed; the one whose Windows-1252 bytes are declared
    UTF-8 is found by the chunked check, read whole and repaired, with a warning."""
    base, root = file_server
    daeu = (shared_samples / "lheo" / "trefle_intercarif_daeu_toulouse.xml").read_text(encoding="utf-8")
    with zipfile.ZipFile(root / "lheo.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("daeu.xml", daeu.encode("cp1252"))
        archive.write(shared_samples / "lheo" / "trefle_intercarif_formation_plaquiste_centre.xml", "plaquiste.xml")
    result = run_crawl("lheo", {"url": f"{base}/lheo.zip"}, tmp_path, "2026-11-28", "r", download_delay=0)
    records = {r["record_id"]: r["payload"] for r in _records(result.records_path)}
    assert sorted(records) == ["07_10", "15_464888"]
    assert records["15_464888"]["intitule-formation"].startswith("Diplôme d'accès aux études universitaires")
    assert len(result.warnings) == 1 and "declared UTF-8 but is not" in result.warnings[0]
    assert result.warnings[0].endswith("read as Windows-1252")


def test_a_zipped_member_failing_its_checksum_lands_nothing_and_says_why(file_server, shared_samples: Path, tmp_path: Path):
    """The encoding check decompresses a member once before it is parsed: its checksum is verified then, so a
    corrupt member is refused before any of its records is landed."""
    base, root = file_server
    with zipfile.ZipFile(root / "export.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(shared_samples / "rncp" / "mcp-rncp_export_fiches_RNCP_fixture_v4.1.xml", "export.xml")
    archive = bytearray((root / "export.zip").read_bytes())
    crc = archive.index(b"PK\x01\x02") + 16  # the central directory's CRC-32 of the member
    archive[crc : crc + 4] = bytes(b ^ 0xFF for b in archive[crc : crc + 4])
    (root / "export.zip").write_bytes(bytes(archive))
    result = run_crawl("rncp", {"url": f"{base}/export.zip"}, tmp_path, "2026-11-28", "r", download_delay=0)
    assert result.records == 0
    rejected = _records(result.rejected_path)
    assert [r["reason"] for r in rejected] == ["malformed ZIP archive: Bad CRC-32 for file 'export.xml'"]


def test_truncated_export_keeps_what_was_parsed_and_says_why(file_server, shared_samples: Path, tmp_path: Path):
    base, root = file_server
    whole = (shared_samples / "rncp" / "mcp-rncp_export_fiches_RNCP_fixture_v4.1.xml").read_bytes()
    cut = whole.index(b"<FICHE>", whole.index(b"RNCP37674"))  # stop in the middle of the export
    (root / "truncated.xml").write_bytes(whole[: cut + 200])
    result = run_crawl("rncp", {"url": f"{base}/truncated.xml"}, tmp_path, "2026-11-28", "r", download_delay=0)
    assert 0 < result.records < 12
    rejected = _records(result.rejected_path)
    assert len(rejected) == 1 and rejected[0]["reason"].startswith("malformed XML")


def test_lheo_offers_are_landed_without_contacts(file_server, shared_samples: Path, tmp_path: Path):
    base, root = file_server
    for name in ("trefle_intercarif_daeu_toulouse.xml", "trefle_intercarif_formation_plaquiste_centre.xml"):
        shutil.copy(shared_samples / "lheo" / name, root / name)
    for name in ("trefle_intercarif_daeu_toulouse.xml", "trefle_intercarif_formation_plaquiste_centre.xml"):
        run_crawl("lheo", {"url": f"{base}/{name}"}, tmp_path, "2026-11-28", name, download_delay=0)
    landed = tmp_path / "lheo" / "2026-11-28"
    daeu = _records(landed / "trefle_intercarif_daeu_toulouse.xml.jsonl")
    assert [r["record_id"] for r in daeu] == ["15_464888"]
    text = "".join(p.read_text() for p in landed.glob("*.jsonl"))
    assert '"courriel"' not in text and '"numtel"' not in text
    assert not EMAIL.search(text) and not PHONE.search(text)
    assert daeu[0]["payload"]["intitule-formation"].startswith("Diplôme d'accès aux études universitaires")


def test_an_export_over_the_size_limit_is_refused_with_a_reason(file_server, shared_samples: Path, tmp_path: Path, monkeypatch):
    base, root = file_server
    shutil.copy(shared_samples / "rncp" / "mcp-rncp_export_fiches_RNCP_fixture_v4.1.xml", root / "rncp.xml")
    monkeypatch.setenv("OBSERVATORY_MAX_PAGE_BYTES", "100000")  # the fixture is ~500 kB
    result = run_crawl("rncp", {"url": f"{base}/rncp.xml"}, tmp_path, "2026-11-28", "r", download_delay=0)
    assert result.records == 0
    (rejected,) = _records(result.rejected_path)
    assert rejected["reason"].startswith("download failed") and "100000" in rejected["reason"]


def test_the_intercarif_json_variant_is_read_as_the_same_offer_without_its_contact(file_server, shared_samples: Path, tmp_path: Path):
    base, root = file_server
    shutil.copy(shared_samples / "lheo" / "trefle_intercarif_formation_plaquiste_json_variant.json", root / "offre.json")
    result = run_crawl("lheo", {"url": f"{base}/offre.json"}, tmp_path, "2026-11-28", "r", download_delay=0)
    (record,) = _records(result.records_path)
    assert record["record_id"] == "07_10"  # the XML form's <formation numero="07_10">: one programme
    assert [s["debut"] for s in record["payload"]["sessions"]] == ["2018-05-14", "2018-06-18"]
    assert all("contact" not in s for s in record["payload"]["sessions"]) and "contact" not in record["payload"]["organisme"]
    assert "39 36" not in result.records_path.read_text()


def test_a_broken_json_export_is_rejected_with_the_parser_message(file_server, tmp_path: Path):
    base, root = file_server
    (root / "cut.json").write_text('{"catalogue": "Intercarif", "uid": "07_10", "intitule": "Dével')
    result = run_crawl("lheo", {"url": f"{base}/cut.json"}, tmp_path, "2026-11-28", "r", download_delay=0)
    (rejected,) = _records(result.rejected_path)
    assert result.records == 0 and rejected["reason"].startswith("malformed JSON: Unterminated string")


def test_no_contact_name_of_the_real_lheo_samples_is_landed(file_server, shared_samples: Path, tmp_path: Path):
    base, root = file_server
    with zipfile.ZipFile(root / "lheo.zip", "w") as archive:
        for path in sorted((shared_samples / "lheo").glob("trefle_intercarif_*")) + [shared_samples / "lheo" / "lheo-schema_exemple-bts-onisep.xml"]:
            archive.write(path, path.name)
    result = run_crawl("lheo", {"url": f"{base}/lheo.zip"}, tmp_path, "2026-11-28", "r", download_delay=0)
    assert result.records == 6  # four Intercarif XML offers, the JSON one, the ONISEP BTS
    landed = result.records_path.read_text()
    raw = "".join(p.read_text(encoding="utf-8") for p in (shared_samples / "lheo").glob("*.xml") if "language" not in p.name)
    people = set(re.findall(r"<nom>([^<]+)</nom>\s*<prenom>([^<]+)</prenom>", raw))
    assert len(people) >= 3 and not [p for p in people if p[0] in landed or p[1] in landed]
    assert '"civilite"' not in landed and not EMAIL.search(landed) and not PHONE.search(landed)


def test_onisep_export_gives_one_record_per_row_keyed_by_its_onisep_id(file_server, shared_samples: Path, tmp_path: Path):
    base, root = file_server
    shutil.copy(shared_samples / "onisep" / "ideo-formations_initiales_en_france.csv", root / "ideo.csv")
    result = run_crawl("onisep", {"url": f"{base}/ideo.csv"}, tmp_path, "2026-11-28", "r", download_delay=0)
    assert (result.records, result.rejected) == (6086, 0)
    first = _records(result.records_path)[0]
    assert first["record_id"] == "FOR.6913"
    assert first["payload"]["libellé formation principal"] == "Chargé d'accompagnement social et professionnel"
    assert (first["payload"]["code RNCP"], first["payload"]["libellé niveau RNCP"]) == ("7426", "niveau 5 (bac + 2)")


def test_a_broken_onisep_row_is_rejected_with_its_line_and_the_rest_load(file_server, shared_samples: Path, tmp_path: Path):
    base, root = file_server
    lines = (shared_samples / "onisep" / "ideo-formations_initiales_en_france.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[3] = lines[3].rsplit(";", 2)[0]  # the fourth line loses its last two fields
    (root / "ideo.csv").write_text("\n".join(lines[:11]) + "\n", encoding="utf-8")
    result = run_crawl("onisep", {"url": f"{base}/ideo.csv"}, tmp_path, "2026-11-28", "r", download_delay=0)
    (rejected,) = _records(result.rejected_path)
    assert result.records == 9 and rejected["reason"] == "line 4: 10 fields where the header has 12"
