"""What changed tonight, per source: split a landing into unchanged records and chunks of new or changed ones.

One streaming pass over the landing keeps, per record id, only where its latest version lies in the file
(an offset, its update stamp and a 64-bit key of its id and content hash, not the record), so memory follows
the number of ids, not the size of the texts. A record whose content hash equals the one loaded before is
*unchanged*: the load only refreshes its `last_seen_on`. The ids returned and the unchanged ones are written to
Parquet files for the load to read in SQL (nothing per id stays in memory after the split). The others are
written, `chunk_size` at a time, to chunk files that workers transform, extract and validate independently.
A record refused before (by the transform or the validation) whose content has not changed is not processed
again: it is refused again with the reasons it was refused for, unless the verdict depended on the night (a
date after the run date) or the processing version or region changed. Older copies of an id are quarantined as
superseded; unreadable lines and the spider's rejections are quarantined as well. Nothing is dropped without a trace.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from observatory.sources import source_named
from spiders.items import content_hash
from transforms.quarantine import QuarantinedRow, quarantine

DEFAULT_CHUNK_SIZE = 2000
# Bump when the parsing, extraction or validation of records changes what is loaded: every record is then
# processed again once (as is every record after a change of the taxonomy files).
TRANSFORM_REVISION = "2026-12-04-taxonomy-breadth-round6"  # sixth round: 603 named skills and 220 written forms of the field added to the taxonomy


@lru_cache(maxsize=1)
def processing_version() -> str:
    """What a loaded record was processed with: this revision and the taxonomy files. A record loaded with
    another version is not *unchanged*, whatever its content hash (warehouse/load.py `known_versions`)."""
    from transforms.skills.taxonomy import TAXONOMY_DIR

    digest = hashlib.sha256(TRANSFORM_REVISION.encode())
    for path in sorted(TAXONOMY_DIR.glob("*.yaml")):
        digest.update(path.name.encode() + b"\x00" + path.read_bytes())
    return digest.hexdigest()[:16]


def refusal_context(region: tuple[str, ...] | list[str]) -> str:
    """What a refusal was decided with: the processing version and the region's departments (a record refused
    as outside the region may be inside a wider one). A refused version is refused again, unprocessed, only
    while its content and this context stay the same (warehouse/load.py `refused_versions`)."""
    return f"{processing_version()}:{hashlib.sha256(','.join(sorted(region)).encode()).hexdigest()[:8]}"


@dataclass
class SourceDelta:
    source: str
    returned_path: Path | None = None  # Parquet of the document ids the source returned tonight (for closing)
    unchanged_path: Path | None = None  # Parquet of the document ids loaded before with the same content
    returned: int = 0
    unchanged: int = 0
    chunks: list[Path] = field(default_factory=list)  # JSON Lines of new or changed records
    changed: int = 0  # records in the chunks
    quarantined: list[QuarantinedRow] = field(default_factory=list)
    refused_again: list[str] = field(default_factory=list)  # quarantine keys of refused versions seen again, unprocessed
    refused_records: int = 0  # records refused before with the same content, not processed again

    def forget_unchanged(self) -> None:
        """Nothing of this source is seen again tonight (its night failed): unchanged records keep their dates."""
        self.unchanged_path, self.unchanged, self.chunks = None, 0, []


def version_key(document_id: str, content_hash: str) -> int:
    """A 64-bit key of one version of one document: equal keys, same document with the same content."""
    return int.from_bytes(hashlib.blake2b(f"{document_id}\x00{content_hash}".encode(), digest_size=8).digest(), "little")


class _Version:
    __slots__ = ("key", "offset", "stamp")

    def __init__(self, offset: int, stamp: str, key: int):
        self.offset, self.stamp, self.key = offset, stamp, key


def _stamp(source: str, record: dict[str, Any]) -> str:
    """When a version was updated, to keep the latest of duplicated ids ("" when the source does not say)."""
    payload = record.get("payload") or {}
    return str(next((payload[k] for k in source_named(source).updated_fields if payload.get(k)), ""))


def _lines(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """(line number, byte offset, raw line) of a landing file."""
    if not path.exists():
        return
    with path.open("rb") as landing:
        offset = 0
        for number, line in enumerate(landing, start=1):
            yield number, offset, line
            offset += len(line)


def plan_delta(source: str, records_path: Path, rejected_path: Path, known: set[int] | Callable[[Path], set[int]],
               work_dir: Path, chunk_size: int = DEFAULT_CHUNK_SIZE, refused: dict[int, list[str]] | None = None) -> SourceDelta:
    """Split `source`'s landing against `known`, the version keys (`version_key`) of the documents loaded before
    (or a function giving those of the documents in a Parquet file of tonight's ids, column `document_id`: what
    is read of the warehouse then follows the night, not the history), and `refused`, the version keys of records
    refused before (with their quarantine keys): a refused record whose content has not changed is refused again
    without being processed."""
    refused = refused or {}
    delta = SourceDelta(source)
    registry = source_named(source)
    latest: dict[str, _Version] = {}
    for number, offset, line in _lines(records_path):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            record_id = str(record["record_id"])
        except (ValueError, KeyError, TypeError) as error:
            reason = f"landing line is not a JSON record: {error} ({records_path.name}:{number})"
            delta.quarantined.append(quarantine(source, None, "landing", reason, line[:2000].decode("utf-8", "replace")))
            continue
        version = _Version(offset, _stamp(source, record), version_key(*_version(registry, record_id, record)))
        current = latest.get(record_id)
        if current is None or version.stamp > current.stamp:
            if current is not None:
                delta.quarantined.append(_superseded(source, record_id, current.stamp, version.stamp))
            latest[record_id] = version
        else:
            delta.quarantined.append(_superseded(source, record_id, version.stamp, current.stamp))
    delta.quarantined += _spider_rejections(source, rejected_path)

    work_dir.mkdir(parents=True, exist_ok=True)
    returned = [registry.document_id(record_id) for record_id in latest]
    delta.returned, delta.returned_path = len(returned), _write_ids(returned, work_dir / f"{source}.returned.parquet")
    if callable(known):
        known = known(delta.returned_path)
    unchanged, changed_offsets = [], []
    for doc_id, version in zip(returned, latest.values(), strict=True):
        if version.key in known:
            unchanged.append(doc_id)
        elif version.key in refused:
            delta.refused_again += refused[version.key]
            delta.refused_records += 1
        else:
            changed_offsets.append(version.offset)
    del latest, returned
    delta.unchanged, delta.unchanged_path = len(unchanged), _write_ids(unchanged, work_dir / f"{source}.unchanged.parquet")
    delta.changed = len(changed_offsets)
    delta.chunks = _write_chunks(source, records_path, sorted(changed_offsets), work_dir, chunk_size)
    return delta


def _version(registry, record_id: str, record: dict[str, Any]) -> tuple[str, str]:
    """(document id, content hash) of a landed record: what `version_key` is made of."""
    return registry.document_id(record_id), record.get("content_hash") or content_hash(record.get("payload"))


REFUSED_VERSION_COLUMNS = ["source", "document_id", "content_hash", "processed_with", "quarantine_key"]


def refused_for_good(source: str, records: list[dict[str, Any]], loaded: set[str], refusals: list[QuarantinedRow],
                     context: str) -> list[tuple[str, str, str, str, str]]:
    """The versions of a chunk's records that were refused whatever the night (REFUSED_VERSION_COLUMNS, one row per
    quarantine key): a record none of whose documents was loaded and whose every refusal is `final`. A record
    refused with no quarantine row of its own is not remembered (it is processed again, never skipped unseen)."""
    registry = source_named(source)
    by_record: dict[str, list[QuarantinedRow]] = {}
    for row in refusals:
        if row.record_id is not None:
            by_record.setdefault(str(row.record_id), []).append(row)
    rows = []
    for record in records:
        record_id = str(record.get("record_id"))
        document_id, content = _version(registry, record_id, record)
        if document_id in loaded:
            continue
        own = by_record.get(record_id, []) + (by_record.get(document_id, []) if document_id != record_id else [])
        if own and all(row.final for row in own):
            rows += [(source, document_id, content, context, key) for key in dict.fromkeys(row.key for row in own)]
    return rows


def _write_ids(ids: list[str], path: Path) -> Path:
    pq.write_table(pa.table({"document_id": pa.array(ids, type=pa.string())}), path)
    return path


def _superseded(source: str, record_id: str, older: str, newer: str) -> QuarantinedRow:
    reason = f"duplicate id: superseded by the version updated {newer}" if newer else "duplicate id: an earlier record of this run has the same id"
    return quarantine(source, record_id, "transform", reason, {"updated": older})


def _spider_rejections(source: str, rejected_path: Path) -> list[QuarantinedRow]:
    rows = []
    for number, _, line in _lines(rejected_path):
        if not line.strip():
            continue
        try:
            rejected = json.loads(line)
        except ValueError:
            rejected = {"reason": f"unreadable rejection ({rejected_path.name}:{number})"}
        reason = rejected.get("reason") or "rejected by the spider"
        rows.append(quarantine(source, rejected.get("record_id"), "crawl", reason, {"url": rejected.get("url"), "excerpt": rejected.get("excerpt", "")}))
    return rows


def _write_chunks(source: str, records_path: Path, offsets: list[int], work_dir: Path, chunk_size: int) -> list[Path]:
    """As few chunks of at most `chunk_size` records as possible, of equal sizes (one apart at most): a night's last
    chunk is not a small remainder while another worker does a whole chunk more (10,152 records in chunks of 2,000
    kept one of two workers busy for 6,000 of them, and the other for 4,152)."""
    work_dir.mkdir(parents=True, exist_ok=True)
    count = -(-len(offsets) // chunk_size)  # ceiling
    if count == 0:  # nothing new or changed tonight
        return []
    bounds = [len(offsets) * number // count for number in range(count + 1)]
    chunks = []
    with records_path.open("rb") as landing:
        for number, (start, end) in enumerate(pairwise(bounds)):
            path = work_dir / f"{source}.chunk{number:05d}.jsonl"
            with path.open("wb") as chunk:
                for offset in offsets[start:end]:
                    landing.seek(offset)
                    chunk.write(landing.readline())
            chunks.append(path)
    return chunks


def read_chunk(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as chunk:
        return [json.loads(line) for line in chunk if line.strip()]
