"""What changed tonight: a source's landing split into unchanged records and chunks of new or changed ones,
against the versions the warehouse holds of tonight's documents only."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from spiders.items import content_hash
from transforms.delta import plan_delta, read_chunk, version_key


def _landing(path: Path, offers: list[dict]) -> Path:
    path.write_text("".join(json.dumps({"source": "france_travail", "record_id": o["id"], "payload": o,
                                        "content_hash": content_hash(o)}) + "\n" for o in offers), encoding="utf-8")
    return path


def test_only_new_or_changed_records_are_chunked_and_the_warehouse_is_asked_about_tonights_ids_only(tmp_path: Path):
    offers = [{"id": "A1", "description": "Développeur Python"}, {"id": "B2", "description": "Administrateur Linux"},
              {"id": "C3", "description": "Technicien réseau"}]
    landing = _landing(tmp_path / "landing.jsonl", offers)
    asked: list[list[str]] = []

    def known(ids: Path) -> set[int]:
        """As warehouse/load.py known_versions(among=ids): the versions loaded before of the documents in `ids`."""
        asked.append(pq.read_table(ids).column("document_id").to_pylist())
        # A1 was loaded before as it is; B2 was loaded with another text; C3 is new
        return {version_key("A1", content_hash(offers[0])), version_key("B2", "an older text's hash")}

    delta = plan_delta("france_travail", landing, tmp_path / "rejected.jsonl", known, tmp_path / "work", chunk_size=1)
    assert asked == [["A1", "B2", "C3"]]  # one question, about tonight's documents
    assert (delta.returned, delta.unchanged, delta.changed) == (3, 1, 2)
    assert pq.read_table(delta.unchanged_path).column("document_id").to_pylist() == ["A1"]
    assert [[r["record_id"] for r in read_chunk(chunk)] for chunk in delta.chunks] == [["B2"], ["C3"]]


def test_the_changed_records_are_split_into_as_few_chunks_as_possible_of_equal_sizes(tmp_path: Path):
    """10 records in chunks of at most 4: 3, 3, 4 — not 4, 4, 2, whose small last chunk leaves a worker idle."""
    offers = [{"id": f"R{n}", "description": f"Offre {n}"} for n in range(10)]
    landing = _landing(tmp_path / "landing.jsonl", offers)

    delta = plan_delta("france_travail", landing, tmp_path / "rejected.jsonl", set(), tmp_path / "work", chunk_size=4)

    chunks = [[r["record_id"] for r in read_chunk(chunk)] for chunk in delta.chunks]
    assert [len(chunk) for chunk in chunks] == [3, 3, 4]
    assert [record for chunk in chunks for record in chunk] == [f"R{n}" for n in range(10)]  # every record once, in landing order


def test_a_night_with_nothing_new_or_changed_has_no_chunk(tmp_path: Path):
    offers = [{"id": "A1", "description": "Développeur Python"}]
    landing = _landing(tmp_path / "landing.jsonl", offers)

    delta = plan_delta("france_travail", landing, tmp_path / "rejected.jsonl", {version_key("A1", content_hash(offers[0]))},
                       tmp_path / "work", chunk_size=4)

    assert (delta.unchanged, delta.changed, delta.chunks) == (1, 0, [])
