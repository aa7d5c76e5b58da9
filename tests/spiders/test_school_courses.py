"""Schools' programme pages (schema.org Course / EducationalOccupationalProgram) crawled on a local server."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from observatory.sample_server import serve_sample_sources
from spiders.crawl import run_crawl
from spiders.pipelines.redact_personal_data import EMAIL, PHONE

SAMPLE = Path(__file__).resolve().parent.parent.parent / "sample_sources"


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_a_school_sitemap_gives_its_courses_in_json_ld_and_microdata_without_contacts(tmp_path: Path):
    with serve_sample_sources(SAMPLE) as base:
        result = run_crawl("school_courses", {"urls": f"{base}/school_site/sitemap.xml"}, tmp_path, "2026-11-28", "r", download_delay=0)
    records = {r["record_id"]: r["payload"] for r in _records(result.records_path)}
    assert sorted(records) == ["BACH-CYBER-TLS", "DWWM-NIM-2027"]  # the contact page holds no course
    assert records["BACH-CYBER-TLS"]["@type"] == "EducationalOccupationalProgram"  # microdata only
    assert [i["identifier"] for i in records["DWWM-NIM-2027"]["hasCourseInstance"]] == ["NIM-2027-01", "NIM-2025-02"]
    landed = result.records_path.read_text(encoding="utf-8")
    assert "contactPoint" not in landed and "Julie Exemple" not in landed and not EMAIL.search(landed) and not PHONE.search(landed)


def test_a_cut_json_ld_course_is_rejected_with_the_reason(file_server, tmp_path: Path):
    base, root = file_server
    page = (SAMPLE / "school_site" / "formation-developpeur-web.html").read_text(encoding="utf-8")
    (root / "cut.html").write_text(page[: page.index('"teaches"')] + "</script></head><body></body></html>", encoding="utf-8")
    shutil.copy(SAMPLE / "school_site" / "bachelor-cybersecurite.html", root / "bachelor.html")
    result = run_crawl("school_courses", {"urls": f"{base}/cut.html,{base}/bachelor.html"}, tmp_path, "2026-11-28", "r", download_delay=0)
    (rejected,) = _records(result.rejected_path)
    assert result.records == 1 and rejected["reason"] == "malformed JSON-LD block: not readable as JSON"
