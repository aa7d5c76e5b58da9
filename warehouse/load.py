"""Load validated batches into the landing tables of the DuckDB warehouse, idempotently.

Rows are upserted on their natural keys and a document's mentions are replaced as a whole, inside one
transaction per source and night: a re-run of the same night leaves the same rows, and a source whose load
fails leaves its previous night intact while the others load. The nightly flow loads into a working copy
that is published only when complete (warehouse/publish.py). Only this module and the dbt build write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from observatory.config import Limits
from transforms.delta import processing_version, version_key
from transforms.quarantine import QuarantinedRow
from warehouse.reposts import record_groups_left, regroup_reposts, replace_buckets

LANDING_DDL = Path(__file__).resolve().parent / "landing.sql"


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), config={"memory_limit": Limits().duckdb_memory_limit})
    con.execute(LANDING_DDL.read_text(encoding="utf-8"))
    _drop_mention_keys(con)
    return con


def _drop_mention_keys(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse created before the mention tables lost their primary key (landing.sql) is rebuilt without it,
    once: same columns, same rows."""
    keyed = [row[0] for row in con.execute(
        "select table_name from duckdb_constraints() where schema_name = 'landing' and constraint_type = 'PRIMARY KEY' "
        "and list_contains(?, table_name)", [list(MENTION_GRAIN)]).fetchall()]
    for table in keyed:
        def rebuild(table: str = table) -> None:
            con.execute(f"create table landing.{table}_unkeyed as select * from landing.{table}")
            con.execute(f"drop table landing.{table}")
            con.execute(f"alter table landing.{table}_unkeyed rename to {table}")
        in_transaction(con, rebuild)


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [row[0] for row in con.execute(f"describe {table}").fetchall()]


def load_stamp(con: duckdb.DuckDBPyConnection) -> datetime:
    """When a load happens, the incremental models' watermark (`loaded_at`, `job_changes.changed_at`): in UTC, not
    in the process's time zone (which may differ from one run to the next, or go back an hour in autumn), and
    after every stamp already given, so that a load is always newer than the last build's watermark."""
    return con.execute("select greatest(get_current_timestamp()::timestamp, "
                       "(select max(loaded_at) from landing.postings) + interval 1 microsecond)").fetchall()[0][0]


def upsert_view(con: duckdb.DuckDBPyConnection, table: str, view: str, keys: list[str], run_date: date,
                stamp: datetime) -> int:
    """Insert the rows of `view` into `table`, replacing existing ones. `first_seen_on` keeps the earliest night
    a row was seen and `last_seen_on` the latest, so a backfill (a night earlier than the last one) never
    inverts them; a row seen again is open again (`closed_on` cleared); `loaded_at` is the load's `stamp`; a column
    the view lacks keeps its stored value (a posting's `duplicate_group`). Call it inside a transaction: the
    replacement is two statements.

    A replaced row is deleted and inserted again, never updated in place: DuckDB rewrites every row group in which
    an update changed a column, so updating 10,000 postings scattered over a 1M-posting table rewrote the whole
    table at the checkpoint (4.8 s, 2.9 GB of new blocks, the file 4 → 6.5 GB); deleting and inserting them writes
    the new rows and the deletions only (0.6 s, no growth)."""
    columns = _columns(con, table)
    available = set(_columns(con, view))
    day = f"date '{run_date.isoformat()}'"
    tonight = {"first_seen_on": f"least(stored.first_seen_on, {day})", "last_seen_on": f"greatest(stored.last_seen_on, {day})",
               "closed_on": "null", "processed_with": f"'{processing_version()}'",  # what it was processed with (transforms/delta.py)
               "loaded_at": f"timestamp '{stamp}'"}  # the watermark of the incremental models (warehouse/models)
    expressions = [f"{tonight[c]} as {c}" if c in tonight else f"night.{c}" if c in available else f"stored.{c}"
                   for c in columns]
    matched = " and ".join(f"stored.{k} = night.{k}" for k in keys)
    con.execute(f"create or replace temp table upserted as select {', '.join(expressions)} "
                f"from {view} as night left join {table} as stored on {matched}")
    key_list = ", ".join(keys)
    con.execute(f"delete from {table} where ({key_list}) in (select ({key_list}) from upserted)")
    upserted = con.execute(f"insert into {table} by name select * from upserted").fetchall()[0][0]  # a key twice: a violation
    con.execute("drop table upserted")  # on success only: after a failure the transaction is aborted (and rolled back)
    return upserted


def parquet_view(con: duckdb.DuckDBPyConnection, name: str, paths: list[str]) -> None:
    """A temporary view over Parquet files written by the chunk workers (types unified by column name)."""
    files = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
    con.execute(f"create or replace temp view {name} as select * from read_parquet([{files}], union_by_name = true)")


def replace_table(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    con.execute(f"delete from {table}")
    con.register("batch", frame.reindex(columns=_columns(con, table)))  # a column the frame lacks is null
    try:
        con.execute(f"insert into {table} select * from batch")
    finally:
        con.unregister("batch")
    return len(frame)


def record_quarantine(con: duckdb.DuckDBPyConnection, rows: list[QuarantinedRow], run_id: str, run_date: date) -> int:
    """Record refused rows: a new row once (with the first run that refused it), and every refusal per run.
    Returns the number of rows refused for the first time."""
    if not rows:
        return 0
    frame = pd.DataFrame(
        [{"quarantine_key": r.key, "run_id": run_id, "run_date": run_date, "source": r.source, "record_id": r.record_id,
          "stage": r.stage, "reason": r.reason, "payload": r.payload} for r in rows]
    ).drop_duplicates("quarantine_key")
    before = con.execute("select count(*) from landing.quarantine").fetchall()[0][0]
    con.register("batch", frame)
    try:
        con.execute("insert or ignore into landing.quarantine select * from batch")
        con.execute("insert or ignore into landing.quarantine_refusals select quarantine_key, run_id, run_date from batch")
    finally:
        con.unregister("batch")
    return con.execute("select count(*) from landing.quarantine").fetchall()[0][0] - before


def in_transaction(con: duckdb.DuckDBPyConnection, work) -> object:
    con.execute("begin transaction")
    try:
        result = work()
        con.execute("commit")
        return result
    except BaseException:
        con.execute("rollback")
        raise


def load_taxonomy(con: duckdb.DuckDBPyConnection, concepts: pd.DataFrame, skill_areas: pd.DataFrame) -> dict[str, int]:
    return in_transaction(con, lambda: {
        "taxonomy_concepts": replace_table(con, "landing.taxonomy_concepts", concepts),
        "taxonomy_skill_areas": replace_table(con, "landing.taxonomy_skill_areas", skill_areas),
    })


DOCUMENTS = {"postings": ("posting_id", ("posting_mentions",)), "trainings": ("training_id", ("training_units", "training_mentions"))}
# The grain of the mention tables, which have no primary key (landing.sql).
MENTION_GRAIN = {f"{kind}_mentions": (f"{kind}_id", "unit_id", "concept_id", "start_offset") for kind in ("posting", "training")}


def load_source_night(con: duckdb.DuckDBPyConnection, source: str, tables: dict[str, list[str]], unchanged: Ids,
                      returned: Ids | None, quarantined: list[QuarantinedRow], run_id: str, run_date: date) -> dict[str, int]:
    """Load one source's night in a single transaction, from the chunk workers' Parquet files.

    `tables`: landing table → Parquet files of new or changed documents (their children are replaced whole);
    `unchanged`: documents loaded before with the same content (only seen again); `returned`: every document
    the source returned tonight, given only when its crawl was complete: the others are closed (kept, with
    `closed_on`), unless this night is a backfill older than what the warehouse has seen. Both are document
    ids, or a Parquet file of them (column `document_id`, as transforms/delta.py writes them).
    """

    def work() -> dict[str, int]:
        written = {"loaded": 0, "refreshed": 0, "closed": 0}
        stamp = load_stamp(con)
        for documents, (key, children) in DOCUMENTS.items():
            if tables.get(documents):
                if documents == "postings":
                    parquet_view(con, "night_documents", tables[documents])
                    record_groups_left(con, "night_documents", stamp)
                for path in tables[documents]:  # one chunk's file at a time: the upsert's memory follows the chunk
                    parquet_view(con, "night_documents", [path])
                    written["loaded"] += upsert_view(con, f"landing.{documents}", "night_documents", [key], run_date, stamp)
                parquet_view(con, "night_documents", tables[documents])
                if documents == "postings":
                    replace_buckets(con, "night_documents")
                    written["regrouped"] = regroup_reposts(con, "night_documents", stamp)
                for child in children:
                    con.execute(f"delete from landing.{child} where {key} in (select {key} from night_documents)")
                    for path in tables.get(child, []):  # a chunk's rows; a row repeating another's grain is dropped
                        parquet_view(con, "night_children", [path])
                        if child in MENTION_GRAIN:
                            con.execute(f"insert into landing.{child} by name select * from night_children qualify row_number() "
                                        f"over (partition by {', '.join(MENTION_GRAIN[child])} order by end_offset, kind) = 1")
                        else:
                            con.execute(f"insert or ignore into landing.{child} by name select * from night_children")
            written["refreshed"] += _refresh(con, documents, key, unchanged, run_date)
            if returned is not None:
                written["closed"] += _close_missing(con, source, documents, key, returned, run_date)
        for path in tables.get("refused_versions", []):
            parquet_view(con, "night_refused", [path])
            con.execute("insert or ignore into landing.refused_versions by name select * from night_refused")
        if returned is not None:
            con.execute("insert into landing.source_listings values (?, ?) on conflict (source) "
                        "do update set complete_on = greatest(complete_on, excluded.complete_on)", [source, run_date])
        written["quarantine"] = record_quarantine(con, quarantined, run_id, run_date)
        return written

    return in_transaction(con, work)


Ids = Path | list[str] | set[str] | None  # document ids, or a Parquet file of them (column document_id)


@contextmanager
def _ids(con: duckdb.DuckDBPyConnection, name: str, key: str, ids: Ids) -> Iterator[None]:
    """Document ids as a one-column view `name` for the block; a Parquet file is read where it is, not in memory."""
    if isinstance(ids, (Path, str)):
        con.execute(f"create or replace temp view {name} as select document_id as {key} from read_parquet('{str(ids).replace(chr(39), chr(39) * 2)}')")
        try:
            yield
        finally:
            con.execute(f"drop view if exists {name}")
        return
    con.register(name, pd.DataFrame({key: pd.Series(sorted(ids or ()), dtype="string")}))
    try:
        yield
    finally:
        con.unregister(name)


def _refresh(con: duckdb.DuckDBPyConnection, documents: str, key: str, unchanged: Ids, run_date: date) -> int:
    """Unchanged documents were seen again tonight: only their dates move."""
    if not unchanged:
        return 0
    with _ids(con, "unchanged_ids", key, unchanged):
        return con.execute(
            f"update landing.{documents} set last_seen_on = greatest(last_seen_on, ?), first_seen_on = least(first_seen_on, ?), "
            f"closed_on = null where {key} in (select {key} from unchanged_ids)", [run_date, run_date]).fetchall()[0][0]


def _close_missing(con: duckdb.DuckDBPyConnection, source: str, documents: str, key: str, returned: Ids, run_date: date) -> int:
    newest = con.execute(f"select max(last_seen_on) from landing.{documents} where source = ?", [source]).fetchall()[0][0]
    if newest is not None and newest > run_date:  # a backfill night knows less than the warehouse
        return 0
    with _ids(con, "returned_ids", key, returned):
        return con.execute(
            f"update landing.{documents} set closed_on = ? where source = ? and closed_on is null "
            f"and {key} not in (select {key} from returned_ids)", [run_date, source]).fetchall()[0][0]


def listing_state(con: duckdb.DuckDBPyConnection, source: str) -> tuple[datetime | None, date | None]:
    """What tonight's listing of `source` starts from (observatory/listing.py): the newest creation date of its
    postings, and the night of its last complete listing."""
    newest = con.execute("select max(created_at) from landing.postings where source = ?", [source]).fetchall()[0][0]
    complete = con.execute("select complete_on from landing.source_listings where source = ?", [source]).fetchall()
    return newest, (complete[0][0] if complete else None)


def known_versions(con: duckdb.DuckDBPyConnection, source: str, among: Path | None = None) -> set[int]:
    """The version keys (transforms/delta.py `version_key`: document id and content hash) of one source's
    documents as loaded with the current processing version: 64-bit integers, a few tens of bytes a document.
    `among`: only those of the documents in this Parquet file of ids (column `document_id`), e.g. tonight's."""
    def versions(table: str, key: str) -> str:
        among_ids = f" and {key} in (select document_id from among_ids)" if among is not None else ""
        return (f"select {key}, content_hash from landing.{table} "
                f"where source = ? and content_hash is not null and processed_with = ?{among_ids}")

    with _ids(con, "among_ids", "document_id", among) if among is not None else nullcontext():
        cursor = con.execute(f"{versions('postings', 'posting_id')} union all {versions('trainings', 'training_id')}",
                             [source, processing_version(), source, processing_version()])
        known: set[int] = set()
        while rows := cursor.fetchmany(100_000):
            known.update(version_key(document_id, content) for document_id, content in rows)
    return known


def refused_versions(con: duckdb.DuckDBPyConnection, source: str, context: str) -> dict[int, list[str]]:
    """The version keys of one source's records refused for good under `context` (transforms/delta.py
    `refusal_context`), each with the keys of the quarantine rows it was refused with."""
    refused: dict[int, list[str]] = {}
    cursor = con.execute("select document_id, content_hash, quarantine_key from landing.refused_versions "
                         "where source = ? and processed_with = ? order by all", [source, context])
    while rows := cursor.fetchmany(100_000):
        for document_id, content, key in rows:
            refused.setdefault(version_key(document_id, content), []).append(key)
    return refused


def stored_quarantine(con: duckdb.DuckDBPyConnection, keys: list[str]) -> list[QuarantinedRow]:
    """The quarantine rows of these keys as first recorded, to refuse them again tonight."""
    if not keys:
        return []
    con.register("refused_keys", pd.DataFrame({"quarantine_key": pd.Series(sorted(set(keys)), dtype="string")}))
    try:
        rows = con.execute("select source, record_id, stage, reason, payload from landing.quarantine "
                           "where quarantine_key in (select quarantine_key from refused_keys) order by quarantine_key").fetchall()
    finally:
        con.unregister("refused_keys")
    return [QuarantinedRow(*row) for row in rows]


def load_referentials(con: duckdb.DuckDBPyConnection, items: pd.DataFrame, links: pd.DataFrame) -> dict[str, int]:
    """Replace the imported referentials (a user re-imports a newer ROME or ESCO as a whole)."""
    return in_transaction(con, lambda: {
        "referential_items": replace_table(con, "landing.referential_items", items),
        "referential_links": replace_table(con, "landing.referential_links", links),
    })
