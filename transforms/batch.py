"""One night's data between landing and validation: clean postings and programmes, their skill mentions.

This is the whole transform stage as a plain function, so the flow only wires it and tests call it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from transforms.deduplicate import duplicate_groups
from transforms.extract_skills import posting_mentions, training_mentions
from transforms.frames import mentions_frame, postings_frame, training_units_frame, trainings_frame
from transforms.landing import read_source
from transforms.postings import parse_offers
from transforms.quarantine import QuarantinedRow
from transforms.skills.extractor import SkillExtractor
from transforms.trainings import parse_trainings

POSTING_SOURCES = ("france_travail",)
TRAINING_SOURCES = ("rncp", "lheo")


@dataclass(frozen=True)
class LandedSource:
    source: str
    records_path: Path
    rejected_path: Path


@dataclass
class Batch:
    postings: pd.DataFrame
    trainings: pd.DataFrame
    training_units: pd.DataFrame
    posting_mentions: pd.DataFrame
    training_mentions: pd.DataFrame
    quarantined: list[QuarantinedRow] = field(default_factory=list)


def build_batch(landed: list[LandedSource], extractor: SkillExtractor) -> Batch:
    posting_records, training_records, quarantined = [], [], []
    for source in landed:
        records, rejected = read_source(source.records_path, source.rejected_path, source.source)
        quarantined += rejected
        (posting_records if source.source in POSTING_SOURCES else training_records).extend(records)
    postings, rejected_postings = parse_offers(posting_records)
    trainings, rejected_trainings = parse_trainings(training_records)
    return Batch(
        postings=postings_frame(postings, duplicate_groups(postings)),
        trainings=trainings_frame(trainings),
        training_units=training_units_frame(trainings),
        posting_mentions=mentions_frame(posting_mentions(extractor, postings)),
        training_mentions=mentions_frame(training_mentions(extractor, trainings)),
        quarantined=quarantined + rejected_postings + rejected_trainings,
    )
