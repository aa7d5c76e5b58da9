"""The sample server answers France Travail searches from an API answer (offres.json) or, for large replays such
as the benchmark's million offers, from one offer per line (offres.jsonl): the same bytes either way."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from observatory.france_travail_api import department_of
from observatory.sample_server import FRANCE_TRAVAIL_SEARCH_PATH, serve_sample_sources

BUNDLED = Path(__file__).resolve().parents[2] / "sample_sources" / "france_travail" / "offres.json"
QUERIES = ["range=0-149", "range=0-4&departement=34", "range=2-3&departement=34,30",
           "range=0-149&minCreationDate=2025-01-01T00:00:00Z&maxCreationDate=2027-01-01T00:00:00Z"]


def _answers(root: Path) -> list[tuple[int, str, bytes]]:
    answers = []
    with serve_sample_sources(root) as base:
        for query in QUERIES:
            with urllib.request.urlopen(f"{base}{FRANCE_TRAVAIL_SEARCH_PATH}?{query}") as reply:
                answers.append((reply.status, reply.headers.get("Content-Range", ""), reply.read()))
    return answers


def test_offers_one_per_line_are_served_exactly_as_an_api_answer(tmp_path: Path):
    offers = json.loads(BUNDLED.read_text(encoding="utf-8"))["resultats"]
    (tmp_path / "answer" / "france_travail").mkdir(parents=True)
    (tmp_path / "answer" / "france_travail" / "offres.json").write_text(json.dumps({"resultats": offers}), encoding="utf-8")
    (tmp_path / "lines" / "france_travail").mkdir(parents=True)
    (tmp_path / "lines" / "france_travail" / "offres.jsonl").write_text(
        "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in offers), encoding="utf-8")

    from_answer, from_lines = _answers(tmp_path / "answer"), _answers(tmp_path / "lines")

    assert from_lines == from_answer
    status, content_range, body = from_answer[1]
    in_herault = [o for o in offers if department_of(o) == "34"]
    assert in_herault and status in (200, 206) and len(json.loads(body)["resultats"]) == min(5, len(in_herault))
    assert content_range.endswith(f"/{len(in_herault)}") or status == 200
    assert len(offers) <= 150 and from_answer[0][0] == 200  # one page holds the whole bundled sample
    assert sorted(o["id"] for o in json.loads(from_answer[0][2])["resultats"]) == sorted(o["id"] for o in offers)
