"""Some landed records of one source → clean postings or programmes and their skill mentions.

This is the whole transform stage as a plain function over a chunk of one source's records (see
transforms/delta.py for how a night is cut into chunks), so the flow only wires it and tests call it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from observatory.config import Limits
from observatory.sources import POSTINGS, source_named
from transforms.deduplicate import as_candidate, group_reposts
from transforms.extract_skills import posting_mentions, training_mentions
from transforms.frames import mentions_frame, postings_frame, training_units_frame, trainings_frame
from transforms.quarantine import QuarantinedRow
from transforms.skills.extractor import SkillExtractor
from transforms.text_limit import refuse_oversized_postings, refuse_oversized_trainings


@dataclass
class Batch:
    source: str
    postings: pd.DataFrame
    trainings: pd.DataFrame
    training_units: pd.DataFrame
    posting_mentions: pd.DataFrame
    training_mentions: pd.DataFrame
    quarantined: list[QuarantinedRow] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return len(self.postings) + len(self.trainings)


def transform_records(source: str, records: list[dict], extractor: SkillExtractor, limits: Limits | None = None) -> Batch:
    """Parse, de-duplicate and extract some landed records of one source; refused rows go to `quarantined`."""
    limits = limits or Limits()
    declared = source_named(source)
    parse = declared.load("parser")  # the source's parser (observatory/sources.py)
    if declared.side == POSTINGS:
        postings, rejected = parse(records)
        postings, oversized = refuse_oversized_postings(postings, limits.max_text_chars)
        trainings = []
    else:
        trainings, rejected = parse(records)
        trainings, oversized = refuse_oversized_trainings(trainings, limits.max_text_chars)
        postings = []
    candidates = [as_candidate(p) for p in postings]
    return Batch(
        source=source,
        postings=postings_frame(postings, group_reposts(candidates), candidates),
        trainings=trainings_frame(trainings),
        training_units=training_units_frame(trainings),
        posting_mentions=mentions_frame(posting_mentions(extractor, postings)),
        training_mentions=mentions_frame(training_mentions(extractor, trainings)),
        quarantined=rejected + oversized,
    )
