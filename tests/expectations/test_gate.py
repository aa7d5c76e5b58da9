"""The quality gate with the real Great Expectations suites: bad rows are named, the rest passes."""

from __future__ import annotations

import pandas as pd

from expectations.gate import gate
from expectations.suites import postings_suite
from expectations.validate import validate
from transforms.batch import Batch


def _posting(posting_id, **changes) -> dict:
    row = {"posting_id": posting_id, "source": "france_travail", "title": "Développeur Python", "description": "x" * 50,
           "department": "34", "latitude": 43.6, "longitude": 3.9, "created_at": pd.Timestamp("2026-11-20")}
    return row | changes


def test_each_failing_row_is_named_with_its_reasons():
    frame = pd.DataFrame([_posting("A"), _posting("B", description=None), _posting("C", department="Occitanie"), _posting("D", latitude=99.0)])
    outcome = validate(frame, postings_suite())
    assert list(outcome.valid.posting_id) == ["A"]
    assert outcome.reasons[1] == ["expect_column_values_to_not_be_null on description"]
    assert outcome.reasons[2][0].startswith("expect_column_values_to_match_regex on department")
    assert outcome.reasons[3][0].startswith("expect_column_values_to_be_between on latitude")


def test_mentions_of_a_quarantined_posting_are_held_back_with_it():
    mentions = pd.DataFrame([
        {"document_id": "A", "unit_id": "description", "concept_id": "python", "kind": "skill", "start_offset": 0, "end_offset": 6, "surface": "Python", "requirement": "required"},
        {"document_id": "B", "unit_id": "description", "concept_id": "python", "kind": "skill", "start_offset": 0, "end_offset": 6, "surface": "Python", "requirement": "required"},
        {"document_id": "A", "unit_id": "title", "concept_id": "not_in_taxonomy", "kind": "skill", "start_offset": 0, "end_offset": 3, "surface": "Foo", "requirement": "required"},
    ])
    empty = pd.DataFrame(columns=["training_id", "source", "title", "unit_count"])
    batch = Batch(pd.DataFrame([_posting("A"), _posting("B", title=None)]), empty, pd.DataFrame(columns=["training_id"]), mentions, mentions.iloc[0:0])
    gated = gate(batch, ["python"])
    assert list(gated.postings.posting_id) == ["A"]
    assert list(gated.posting_mentions.concept_id) == ["python"]
    reasons = sorted(q.reason.split(" {")[0] for q in gated.quarantined)
    assert reasons == ["expect_column_values_to_be_in_set on concept_id", "expect_column_values_to_not_be_null on title"]
