"""The quality gate with the real Great Expectations suites: bad rows are named, the rest passes."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from expectations.gate import gate
from expectations.suites import postings_suite
from expectations.validate import validate
from transforms.batch import Batch


def _posting(posting_id, **changes) -> dict:
    row = {"posting_id": posting_id, "source": "france_travail", "title": "Développeur Python", "description": "x" * 50,
           "department": "34", "latitude": 43.6, "longitude": 3.9, "created_at": pd.Timestamp("2026-11-20"),
           "updated_at": pd.Timestamp("2026-11-21")}
    return row | changes


def test_each_failing_row_is_named_with_a_readable_reason_and_its_expectation():
    frame = pd.DataFrame([_posting("A"), _posting("B", description=None), _posting("C", department="Occitanie"), _posting("D", latitude=99.0)])
    outcome = validate(frame, postings_suite())
    assert list(outcome.valid.posting_id) == ["A"]
    assert outcome.reasons[1] == ["no description (expect_column_values_to_not_be_null on description)"]
    assert outcome.reasons[2][0].startswith("not a French department code (expect_column_values_to_match_regex on department")
    assert outcome.reasons[3][0].startswith("latitude outside France (expect_column_values_to_be_between on latitude")


def test_postings_outside_the_region_or_from_the_future_are_refused():
    frame = pd.DataFrame([_posting("A"), _posting("Paris", department="75"), _posting("Lyon", department="69"),
                          _posting("Future", created_at=pd.Timestamp("2031-01-05")), _posting("Tomorrow", created_at=pd.Timestamp("2026-11-29 08:00"))])
    outcome = validate(frame, postings_suite(region=("11", "30", "34"), latest=datetime(2026, 11, 29, 23, 59)))
    assert list(outcome.valid.posting_id) == ["A", "Tomorrow"]  # a day of clock skew is accepted
    reasons = {frame.posting_id[i]: r for i, r in outcome.reasons.items()}
    assert reasons["Paris"][0].startswith("outside the configured region (OBSERVATORY_DEPARTMENTS)")
    assert reasons["Lyon"][0].startswith("outside the configured region")
    assert reasons["Future"][0].startswith("created_at in the future (after 2026-11-29)")
    # a date after the night may pass on a later night; the region does not change from one night to the next
    assert {frame.posting_id[i] for i in outcome.night_dependent} == {"Future"}


def test_a_refusal_is_final_unless_a_later_night_may_accept_the_same_content():
    empty = pd.DataFrame(columns=["training_id", "source", "title", "unit_count", "department"])
    postings = pd.DataFrame([_posting("Untitled", title="x"), _posting("Early", created_at=pd.Timestamp("2026-12-02"))])
    batch = Batch("france_travail", postings, empty, pd.DataFrame(columns=["training_id"]),
                  pd.DataFrame(columns=["document_id", "concept_id"]), pd.DataFrame(columns=["document_id", "concept_id"]))
    gated = gate(batch, ["python"], ("34",), datetime(2026, 11, 29, 23, 59))
    assert {q.record_id: q.final for q in gated.quarantined} == {"Untitled": True, "Early": False}


def test_mentions_of_a_quarantined_posting_are_held_back_with_it():
    mentions = pd.DataFrame([
        {"document_id": "A", "unit_id": "description", "concept_id": "python", "kind": "skill", "start_offset": 0, "end_offset": 6, "surface": "Python", "requirement": "required"},
        {"document_id": "B", "unit_id": "description", "concept_id": "python", "kind": "skill", "start_offset": 0, "end_offset": 6, "surface": "Python", "requirement": "required"},
        {"document_id": "A", "unit_id": "title", "concept_id": "not_in_taxonomy", "kind": "skill", "start_offset": 0, "end_offset": 3, "surface": "Foo", "requirement": "required"},
    ])
    empty = pd.DataFrame(columns=["training_id", "source", "title", "unit_count", "department"])
    batch = Batch("france_travail", pd.DataFrame([_posting("A"), _posting("B", title=None)]), empty,
                  pd.DataFrame(columns=["training_id"]), mentions, mentions.iloc[0:0])
    gated = gate(batch, ["python"])
    assert list(gated.postings.posting_id) == ["A"]
    assert list(gated.posting_mentions.concept_id) == ["python"]
    assert {q.source for q in gated.quarantined} == {"france_travail"}
    reasons = sorted(q.reason.split(" (")[0] for q in gated.quarantined)
    assert reasons == ["concept not in the taxonomy", "no title"]
