"""The quality gate between transforms and the warehouse: validate each table, keep what passes.

A posting or programme that fails its suite is quarantined with the failed expectations as its reason, and
its mentions and units are held back with it; a mention that fails its own suite is quarantined alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from expectations.results import ExpectationCheck
from expectations.suites import mentions_suite, postings_suite, trainings_suite
from expectations.validate import ValidationOutcome, validate
from transforms.batch import Batch
from transforms.quarantine import QuarantinedRow, quarantine


@dataclass
class GatedBatch(Batch):
    """A batch after the gate: only rows that passed, and every refused row in `quarantined`."""

    statistics: dict[str, dict[str, int]] = field(default_factory=dict)
    checks: list[ExpectationCheck] = field(default_factory=list)  # every expectation's answer (expectations/results.py)


def _quarantined(outcome: ValidationOutcome, source: str, id_column: str) -> list[QuarantinedRow]:
    rows = []
    for index, reasons in outcome.reasons.items():
        row = outcome.rejected.loc[index]
        payload = json.loads(row.to_json(date_format="iso", force_ascii=False))
        for bulky in ("description", "text", "shingle_hashes", "lsh_buckets"):  # the raw landing has the text;
            payload.pop(bulky, None)  # the re-post fingerprints say nothing to a reader
        rows.append(quarantine(source, None if pd.isna(row[id_column]) else str(row[id_column]), "validation", "; ".join(reasons), payload,
                               final=index not in outcome.night_dependent))
    return rows


def gate(batch: Batch, concept_ids: list[str], region: Sequence[str] | None = None, latest: datetime | None = None) -> GatedBatch:
    """Validate one source's batch. `region`: department codes a row must be in; `latest`: the last
    acceptable creation or update time (the run date, plus a day of clock skew)."""
    postings = validate(batch.postings, postings_suite(region, latest))
    trainings = validate(batch.trainings, trainings_suite(region))
    posting_mentions = batch.posting_mentions[batch.posting_mentions.document_id.isin(postings.valid.posting_id)]
    training_mentions = batch.training_mentions[batch.training_mentions.document_id.isin(trainings.valid.training_id)]
    posting_checked = validate(posting_mentions, mentions_suite(concept_ids))
    training_checked = validate(training_mentions, mentions_suite(concept_ids))
    quarantined = list(batch.quarantined)
    quarantined += _quarantined(postings, batch.source, "posting_id") + _quarantined(trainings, batch.source, "training_id")
    quarantined += _quarantined(posting_checked, batch.source, "document_id") + _quarantined(training_checked, batch.source, "document_id")
    return GatedBatch(
        source=batch.source,
        postings=postings.valid,
        trainings=trainings.valid,
        training_units=batch.training_units[batch.training_units.training_id.isin(trainings.valid.training_id)],
        posting_mentions=posting_checked.valid,
        training_mentions=training_checked.valid,
        quarantined=quarantined,
        statistics={o.suite + suffix: o.statistics for o, suffix in
                    ((postings, ""), (trainings, ""), (posting_checked, "/postings"), (training_checked, "/trainings"))},
        checks=postings.checks + trainings.checks + posting_checked.checks + training_checked.checks,
    )
