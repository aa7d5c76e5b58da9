"""The run summary's gap highlights: the region's clear gaps that appeared, turned or went away tonight."""

from __future__ import annotations

from flows.gap_changes import gap_changes


def test_gaps_that_appeared_turned_or_went_away_are_listed_and_steady_ones_are_not():
    before = {("python", "digital"): ("Python", "asked_more_than_taught", 0.31, 0.12),
              ("css", "all"): ("CSS", "taught_more_than_asked", 0.07, 0.40),
              ("sql", "all"): ("SQL", "asked_more_than_taught", 0.20, 0.05)}
    after = {("python", "digital"): ("Python", "asked_more_than_taught", 0.33, 0.12),  # steady: not news
             ("css", "all"): ("CSS", "asked_more_than_taught", 0.45, 0.20),
             ("docker", "digital"): ("Docker", "asked_more_than_taught", 0.18, None)}
    assert gap_changes(before, after) == [
        "now asked more than taught: CSS (all jobs; asked 45%, taught 20%)",
        "now asked more than taught: Docker (digital jobs; asked 18%, taught ?)",
        "no longer a clear gap: SQL (all jobs; was asked more than taught)",
    ]
    assert gap_changes(after, after) == []
