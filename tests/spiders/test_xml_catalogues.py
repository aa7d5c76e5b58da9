"""RNCP and LHEO spiders on real exports served locally, including broken and zipped ones."""

from __future__ import annotations

import json
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
