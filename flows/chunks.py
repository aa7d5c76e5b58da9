"""One chunk of a source's new or changed records through transform → extraction → validation, on a worker.

A worker (a thread of this process, or a Dask worker process) loads the spaCy pipeline once and reuses it
for every chunk it is given. A chunk's rows, mentions and refused rows are written to Parquet files in the
run's work folder, and only their paths travel back: memory follows the chunk, not the night.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd

from expectations.gate import gate
from expectations.results import ExpectationCheck
from observatory.config import Limits
from observatory.failpoints import fault_point
from transforms.batch import transform_records
from transforms.delta import REFUSED_VERSION_COLUMNS, read_chunk, refusal_context, refused_for_good
from transforms.quarantine import QuarantinedRow
from transforms.skills.extractor import SkillExtractor

QUARANTINE_COLUMNS = ["quarantine_key", "source", "record_id", "stage", "reason", "payload"]


@dataclass(frozen=True)
class ChunkJob:
    source: str
    chunk: Path
    out_dir: Path
    region: tuple[str, ...]
    latest: datetime
    limits: Limits


@dataclass
class ChunkOutput:
    source: str
    chunk: str
    tables: dict[str, str] = field(default_factory=dict)  # landing table → Parquet file (non-empty tables only)
    transformed: int = 0
    valid: int = 0
    quarantined: int = 0
    worker: str = ""  # host:pid of the process that did it
    checks: list[ExpectationCheck] = field(default_factory=list)  # the validation results of the chunk
    skill_less: int = 0  # valid postings without a skill mention


@lru_cache(maxsize=1)
def shared_extractor() -> SkillExtractor:
    """The spaCy pipeline, loaded once per process."""
    return SkillExtractor()


def quarantine_frame(rows: list[QuarantinedRow]) -> pd.DataFrame:
    return pd.DataFrame([[r.key, r.source, r.record_id, r.stage, r.reason, r.payload] for r in rows], columns=QUARANTINE_COLUMNS)


def quarantined_rows(frame: pd.DataFrame) -> list[QuarantinedRow]:
    return [QuarantinedRow(r.source, None if pd.isna(r.record_id) else r.record_id, r.stage, r.reason, r.payload)
            for r in frame.itertuples(index=False)]


def _skill_less(gated) -> int:
    """Valid postings of the chunk with no skill mention (a batch-level check watches their share)."""
    if gated.postings.empty:
        return 0
    mentions = gated.posting_mentions
    with_skill = set(mentions.document_id[mentions.kind == "skill"]) if not mentions.empty else set()
    return int((~gated.postings.posting_id.isin(with_skill)).sum())


def process_chunk(job: ChunkJob) -> ChunkOutput:
    fault_point("chunk")  # crash tests: a chunk that fails once is tried again (flows/nightly.py)
    extractor = shared_extractor()
    records = read_chunk(job.chunk)
    batch = transform_records(job.source, records, extractor, job.limits)
    gated = gate(batch, list(extractor.taxonomy.by_id), job.region, job.latest)
    loaded = set(gated.postings.get("posting_id", ())) | set(gated.trainings.get("training_id", ()))
    refused = refused_for_good(job.source, records, loaded, gated.quarantined, refusal_context(job.region))
    del records
    frames = {
        "postings": gated.postings,
        "trainings": gated.trainings,
        "training_units": gated.training_units,
        "posting_mentions": gated.posting_mentions.rename(columns={"document_id": "posting_id"}),
        "training_mentions": gated.training_mentions.rename(columns={"document_id": "training_id"}),
        "quarantine": quarantine_frame(gated.quarantined),
        "refused_versions": pd.DataFrame(refused, columns=REFUSED_VERSION_COLUMNS),
    }
    output = ChunkOutput(job.source, job.chunk.name, transformed=batch.documents, valid=gated.documents,
                         quarantined=len(gated.quarantined), worker=f"{socket.gethostname()}:{os.getpid()}",
                         checks=gated.checks, skill_less=_skill_less(gated))
    job.out_dir.mkdir(parents=True, exist_ok=True)
    for table, frame in frames.items():
        if not frame.empty:
            path = job.out_dir / f"{job.chunk.stem}.{table}.parquet"
            frame.to_parquet(path, index=False)
            output.tables[table] = str(path)
    done = {k: v for k, v in output.__dict__.items() if k != "checks"}
    (job.out_dir / f"{job.chunk.stem}.done.json").write_text(json.dumps(done), encoding="utf-8")
    return output
