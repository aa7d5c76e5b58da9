"""The France Travail spider against a real local HTTP server, through the real Scrapy stack (subprocess)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from observatory.sample_server import FRANCE_TRAVAIL_SEARCH_PATH
from spiders.crawl import run_crawl
from spiders.pipelines.redact_personal_data import EMAIL, PHONE


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_pages_through_every_offer_of_each_department(france_travail_server: str, shared_samples: Path, tmp_path: Path):
    offers = json.loads((shared_samples / "france_travail" / "derived_ft_M18_all_unique_offres.json").read_text())["resultats"]
    per_department = Counter(o["lieuTravail"]["libelle"].split(" - ")[0] for o in offers)
    busiest = per_department.most_common(1)[0]
    assert busiest[1] > 150, "the test needs a department spanning several API pages"
    departments = [busiest[0], "34", "30"]

    result = run_crawl("france_travail", {"api_url": france_travail_server + FRANCE_TRAVAIL_SEARCH_PATH,
                                           "departments": ",".join(departments)}, tmp_path, "2026-11-28", "run1", download_delay=0)

    landed = _lines(result.records_path)
    assert len(landed) == sum(per_department[d] for d in departments)
    assert len({r["record_id"] for r in landed}) == len(landed)
    assert result.stats["robotstxt/response_status_count/200"] == 1
    assert result.stats["downloader/response_status_count/206"] >= 1  # a partial page, then the rest
    assert _lines(result.rejected_path) == []


def test_personal_data_never_reaches_the_landing(france_travail_server: str, tmp_path: Path):
    result = run_crawl("france_travail", {"api_url": france_travail_server + FRANCE_TRAVAIL_SEARCH_PATH, "departments": "31,34"},
                       tmp_path, "2026-11-28", "run1", download_delay=0)
    text = result.records_path.read_text(encoding="utf-8")
    assert '"contact"' not in text
    assert not EMAIL.search(text) and not PHONE.search(text)
    assert "@Clarance" not in text  # a recruiter's signature handle in one real offer
    assert result.records > 100


def test_broken_answers_become_rejected_records(file_server: tuple[str, Path], tmp_path: Path):
    base, root = file_server
    (root / "malformed.json").write_text('{"resultats": [{"id": "1", "intitule": "Dév')
    (root / "ok.json").write_text(json.dumps({"resultats": [{"id": "A1", "intitule": "Dev"}, {"intitule": "no id"}]}))
    for name in ("malformed.json", "missing.json", "ok.json"):
        run_crawl("france_travail", {"api_url": f"{base}/{name}", "departments": "34"}, tmp_path, "2026-11-28", name, download_delay=0)

    def rejected(name: str) -> list[str]:
        return [r["reason"] for r in _lines(tmp_path / "france_travail" / "2026-11-28" / f"{name}.rejected.jsonl")]

    assert rejected("malformed.json") == ["malformed JSON search page"]
    assert [r.split(" (")[0] for r in rejected("missing.json")] == ["HTTP 404 on search page"]  # (the slice follows)
    assert rejected("ok.json") == ["offer without an id"]
    assert [r["record_id"] for r in _lines(tmp_path / "france_travail" / "2026-11-28" / "ok.json.jsonl")] == ["A1"]


def test_robots_txt_is_obeyed(file_server: tuple[str, Path], tmp_path: Path):
    base, root = file_server
    (root / "private").mkdir()
    (root / "private" / "offres.json").write_text(json.dumps({"resultats": [{"id": "X"}]}))
    result = run_crawl("france_travail", {"api_url": f"{base}/private/offres.json", "departments": "34"}, tmp_path, "d", "r", download_delay=0)
    assert result.records == 0
    assert result.stats.get("robotstxt/forbidden") == 1
