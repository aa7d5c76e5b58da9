"""Which nights list every active record, and which only the new ones (observatory/listing.py)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from observatory.config import CrawlSettings, SourceUrls
from observatory.listing import Listing, plan_listing
from observatory.sources import plan_sources

NIGHT = date(2026, 12, 3)
NEWEST = datetime(2026, 12, 2, 17, 45, 12, 500)


def test_complete_mode_lists_everything_every_night():
    assert plan_listing("complete", NIGHT, NEWEST, date(2026, 11, 1), 3, 7).complete


def test_new_mode_starts_a_few_days_before_the_newest_offer_held():
    listing = plan_listing("new", NIGHT, NEWEST, None, 3, 7)
    assert listing.created_since == datetime(2026, 11, 29, 17, 45, 12)
    assert listing.describe() == "records created since 2026-11-29 17:45"


def test_the_first_night_is_complete_whatever_the_mode_and_all_of_it_new():
    for mode in ("new", "complete", "auto"):
        first = plan_listing(mode, NIGHT, None, None, 3, 7)
        assert first.complete and first.nothing_held
    assert not plan_listing("complete", NIGHT, NEWEST, None, 3, 7).nothing_held


@pytest.mark.parametrize(("last_complete", "complete"), [(None, True), (date(2026, 11, 26), True), (date(2026, 11, 27), False)])
def test_auto_mode_lists_everything_once_the_last_complete_listing_is_old_enough(last_complete, complete):
    assert plan_listing("auto", NIGHT, NEWEST, last_complete, 3, 7).complete is complete


def test_an_unknown_mode_says_which_ones_exist():
    with pytest.raises(ValueError, match="use one of complete, new, auto"):
        plan_listing("delta", NIGHT, NEWEST, None, 3, 7)


def test_only_a_source_that_can_filter_on_creation_dates_lists_new_records():
    since = Listing(datetime(2026, 11, 29, 17, 45, 12))
    plans, _ = plan_sources(SourceUrls("", "", "", "", ""), CrawlSettings(), "http://127.0.0.1:8000",
                            {"france_travail": since, "rncp": since})
    by_source = {p.source: p for p in plans}
    assert by_source["france_travail"].spider_args["created_since"] == "2026-11-29T17:45:12"
    assert by_source["france_travail"].listing == since
    assert "created_since" not in by_source["rncp"].spider_args and by_source["rncp"].listing.complete
