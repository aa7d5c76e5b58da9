"""The crawl's progress counts landed records by reading only what was appended since it last looked."""

from __future__ import annotations

from pathlib import Path

from flows.nightly import _LandedCount


def test_records_are_counted_as_their_lines_end_and_a_retried_landing_starts_again(tmp_path: Path):
    landing = tmp_path / "france_travail.jsonl"
    count = _LandedCount(landing)
    assert count() == 0  # the crawl has not written yet
    landing.write_bytes(b'{"id": 1}\n{"id": 2}\n{"id": ')
    assert count() == 2  # the third line is still being written
    with landing.open("ab") as more:
        more.write(b'3}\n{"id": 4}\n')
    assert count() == 4 and count.offset == landing.stat().st_size
    landing.write_bytes(b'{"id": 1}\n')  # Prefect retried the crawl: its landing is written again
    assert count() == 1
