"""Great Expectations suites, one per table the warehouse loads. Plain functions: nothing registers on import.

Every expectation here is row-level (a failing row can be named), because a failing row is quarantined
with the expectation as its reason while the rest of the batch loads.
"""

from __future__ import annotations

import great_expectations as gx
from great_expectations import expectations as gxe

DEPARTMENT_CODE = r"^(?:0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$"


def postings_suite() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name="postings",
        expectations=[
            gxe.ExpectColumnValuesToNotBeNull(column="posting_id"),
            gxe.ExpectColumnValuesToBeUnique(column="posting_id"),
            gxe.ExpectColumnValuesToNotBeNull(column="title"),
            gxe.ExpectColumnValueLengthsToBeBetween(column="title", min_value=3, max_value=300),
            gxe.ExpectColumnValuesToNotBeNull(column="description"),
            gxe.ExpectColumnValueLengthsToBeBetween(column="description", min_value=30, max_value=100_000),
            gxe.ExpectColumnValuesToNotBeNull(column="department"),
            gxe.ExpectColumnValuesToMatchRegex(column="department", regex=DEPARTMENT_CODE),
            gxe.ExpectColumnValuesToBeBetween(column="latitude", min_value=-22.0, max_value=52.0),
            gxe.ExpectColumnValuesToBeBetween(column="longitude", min_value=-62.0, max_value=56.0),
            gxe.ExpectColumnValuesToNotBeNull(column="created_at"),
        ],
    )


def trainings_suite() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name="trainings",
        expectations=[
            gxe.ExpectColumnValuesToNotBeNull(column="training_id"),
            gxe.ExpectColumnValuesToBeUnique(column="training_id"),
            gxe.ExpectColumnValueLengthsToBeBetween(column="title", min_value=3, max_value=500),
            gxe.ExpectColumnValuesToBeBetween(column="unit_count", min_value=1),
            gxe.ExpectColumnValuesToBeInSet(column="source", value_set=["rncp", "lheo"]),
        ],
    )


def mentions_suite(concept_ids: list[str]) -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name="mentions",
        expectations=[
            gxe.ExpectColumnValuesToNotBeNull(column="document_id"),
            gxe.ExpectColumnValuesToBeInSet(column="concept_id", value_set=concept_ids),
            gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=["skill", "area"]),
            gxe.ExpectColumnValuesToBeInSet(column="requirement", value_set=["required", "wished"]),
            gxe.ExpectColumnValuesToBeBetween(column="start_offset", min_value=0),
            gxe.ExpectColumnValueLengthsToBeBetween(column="surface", min_value=1, max_value=200),
        ],
    )
