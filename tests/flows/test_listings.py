"""Tonight's listing is planned from the published warehouse while the night's working copy is still being made."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from flows.nightly import _listings
from observatory.config import CrawlSettings
from warehouse.load import connect
from warehouse.publish import WorkingCopy

REPO = Path(__file__).resolve().parents[2]
HOLD_FOR_WRITING = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])  # an analyst who opened the published file without read_only
print("holding", flush=True)
time.sleep(60)
"""


def _published(tmp_path: Path) -> Path:
    published = tmp_path / "observatory.duckdb"
    con = connect(published)
    con.execute("insert into landing.postings (posting_id, source, created_at) values "
                "('ft:1', 'france_travail', timestamp '2026-11-29 10:30')")
    con.close()
    return published


def test_a_new_offers_night_lists_from_the_newest_offer_held_without_waiting_for_the_copy(tmp_path):
    with WorkingCopy(_published(tmp_path), in_background=True) as work:
        listings = _listings(work, CrawlSettings(mode="new", new_overlap_days=3), date(2026, 11, 30))
        work.discard()
    assert listings["france_travail"].created_since == datetime(2026, 11, 26, 10, 30)


def test_a_published_file_held_open_for_writing_is_read_from_the_working_copy(tmp_path):
    published = _published(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_FOR_WRITING, str(published)], stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with WorkingCopy(published, in_background=True) as work:
            listings = _listings(work, CrawlSettings(mode="new", new_overlap_days=3), date(2026, 11, 30))
            work.discard()
    finally:
        holder.kill()
        holder.wait()
    assert listings["france_travail"].created_since == datetime(2026, 11, 26, 10, 30)


def test_the_first_night_lists_everything(tmp_path):
    with WorkingCopy(tmp_path / "observatory.duckdb", in_background=True) as work:
        listings = _listings(work, CrawlSettings(mode="new"), date(2026, 11, 30))
    assert listings["france_travail"].complete
