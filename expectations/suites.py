"""Great Expectations suites, one per table the warehouse loads. Plain functions: nothing registers on import.

Every expectation here is row-level (a failing row can be named), because a failing row is quarantined
with the expectation as its reason while the rest of the batch loads. Each carries `meta["reason"]`, the
sentence a person reads in the quarantine; the expectation's own name follows it in brackets.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import great_expectations as gx
from great_expectations import expectations as gxe

from observatory.sources import POSTINGS, TRAININGS, names

DEPARTMENT_CODE = r"^(?:0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$"
MAX_DESCRIPTION_CHARS = 100_000


def _why(reason: str, depends_on_night: bool = False) -> dict[str, object]:
    """An expectation's readable reason; `depends_on_night`: its verdict changes with the run date, so a row it
    refuses may pass on a later night (expectations/validate.py `night_dependent`)."""
    return {"reason": reason, "depends_on_night": True} if depends_on_night else {"reason": reason}


def postings_suite(region: Sequence[str] | None = None, latest: datetime | None = None) -> gx.ExpectationSuite:
    """Postings; `region` (department codes) keeps postings elsewhere out, `latest` refuses dates in the future."""
    expectations = [
        gxe.ExpectColumnValuesToNotBeNull(column="posting_id", meta=_why("no id")),
        gxe.ExpectColumnValuesToBeUnique(column="posting_id", meta=_why("id not unique")),
        gxe.ExpectColumnValuesToNotBeNull(column="title", meta=_why("no title")),
        gxe.ExpectColumnValuesToBeInSet(column="source", value_set=names(POSTINGS), meta=_why("not a posting source")),
        gxe.ExpectColumnValueLengthsToBeBetween(column="title", min_value=3, max_value=300, meta=_why("title shorter than 3 or longer than 300 characters")),
        gxe.ExpectColumnValuesToNotBeNull(column="description", meta=_why("no description")),
        gxe.ExpectColumnValueLengthsToBeBetween(column="description", min_value=30, max_value=MAX_DESCRIPTION_CHARS,
                                                meta=_why("description shorter than 30 characters or too long")),
        gxe.ExpectColumnValuesToNotBeNull(column="department", meta=_why("no place (department)")),
        gxe.ExpectColumnValuesToMatchRegex(column="department", regex=DEPARTMENT_CODE, meta=_why("not a French department code")),
        gxe.ExpectColumnValuesToBeBetween(column="latitude", min_value=-22.0, max_value=52.0, meta=_why("latitude outside France")),
        gxe.ExpectColumnValuesToBeBetween(column="longitude", min_value=-62.0, max_value=56.0, meta=_why("longitude outside France")),
        gxe.ExpectColumnValuesToNotBeNull(column="created_at", meta=_why("no creation date")),
    ]
    if region:
        expectations.append(gxe.ExpectColumnValuesToBeInSet(
            column="department", value_set=sorted(region),
            meta=_why("outside the configured region (OBSERVATORY_DEPARTMENTS)")))
    if latest:
        for column in ("created_at", "updated_at"):
            expectations.append(gxe.ExpectColumnValuesToBeBetween(
                column=column, max_value=latest, meta=_why(f"{column} in the future (after {latest:%Y-%m-%d})", depends_on_night=True)))
    return gx.ExpectationSuite(name="postings", expectations=expectations)


def trainings_suite(region: Sequence[str] | None = None) -> gx.ExpectationSuite:
    """Programmes; a programme with a place must be in `region` (a national RNCP certification has none)."""
    expectations = [
        gxe.ExpectColumnValuesToNotBeNull(column="training_id", meta=_why("no id")),
        gxe.ExpectColumnValuesToBeUnique(column="training_id", meta=_why("id not unique")),
        gxe.ExpectColumnValueLengthsToBeBetween(column="title", min_value=3, max_value=500, meta=_why("title shorter than 3 or longer than 500 characters")),
        gxe.ExpectColumnValuesToBeBetween(column="unit_count", min_value=1, meta=_why("no text to analyse (no bloc, objectives or contents)")),
        gxe.ExpectColumnValuesToBeInSet(column="source", value_set=names(TRAININGS), meta=_why("not a training source")),
    ]
    if region:
        expectations.append(gxe.ExpectColumnValuesToBeInSet(
            column="department", value_set=sorted(region),
            meta=_why("outside the configured region (OBSERVATORY_DEPARTMENTS)")))
    return gx.ExpectationSuite(name="trainings", expectations=expectations)


def mentions_suite(concept_ids: list[str]) -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name="mentions",
        expectations=[
            gxe.ExpectColumnValuesToNotBeNull(column="document_id", meta=_why("no document")),
            gxe.ExpectColumnValuesToBeInSet(column="concept_id", value_set=concept_ids, meta=_why("concept not in the taxonomy")),
            gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=["skill", "area"], meta=_why("unknown kind")),
            gxe.ExpectColumnValuesToBeInSet(column="requirement", value_set=["required", "wished"], meta=_why("unknown requirement")),
            gxe.ExpectColumnValuesToBeBetween(column="start_offset", min_value=0, meta=_why("negative offset")),
            gxe.ExpectColumnValueLengthsToBeBetween(column="surface", min_value=1, max_value=200, meta=_why("empty or overlong surface")),
        ],
    )
