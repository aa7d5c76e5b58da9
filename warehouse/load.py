"""Load validated batches into the landing tables of the DuckDB warehouse, idempotently.

Rows are upserted on their natural keys and a document's mentions are replaced as a whole, inside one
transaction per source and night: a re-run of the same night leaves the same rows, and a source whose load
fails leaves its previous night intact while the others load. The nightly flow loads into a working copy
that is published only when complete (warehouse/publish.py). Only this module and warehouse/build.py write.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from transforms.quarantine import QuarantinedRow

LANDING_DDL = Path(__file__).resolve().parent / "landing.sql"


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute(LANDING_DDL.read_text(encoding="utf-8"))
    return con


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [row[0] for row in con.execute(f"describe {table}").fetchall()]


def upsert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, keys: list[str], run_date: date) -> int:
    """Insert new rows, update existing ones. `first_seen_on` keeps the earliest night a row was seen and
    `last_seen_on` the latest, so a backfill (a night earlier than the last one) never inverts them."""
    if frame.empty:
        return 0
    columns = _columns(con, table)
    batch = frame.assign(first_seen_on=run_date, last_seen_on=run_date) if "first_seen_on" in columns else frame
    batch = batch[[c for c in columns if c in batch.columns]]
    assignments = {c: f"excluded.{c}" for c in batch.columns if c not in keys}
    if "first_seen_on" in assignments:
        assignments["first_seen_on"] = "least(first_seen_on, excluded.first_seen_on)"
        assignments["last_seen_on"] = "greatest(last_seen_on, excluded.last_seen_on)"
    updates = ", ".join(f"{c} = {e}" for c, e in assignments.items())
    con.register("batch", batch)
    try:
        con.execute(
            f"insert into {table} ({', '.join(batch.columns)}) select * from batch "
            f"on conflict ({', '.join(keys)}) do update set {updates}"
        )
    finally:
        con.unregister("batch")
    return len(batch)


def replace_children(con: duckdb.DuckDBPyConnection, table: str, parent_key: str, parents: list[str], frame: pd.DataFrame) -> int:
    """Replace all rows of the given parents (a document's mentions, a programme's units)."""
    if parents:
        con.register("parents", pd.DataFrame({parent_key: pd.Series(parents, dtype="string")}))
        try:
            con.execute(f"delete from {table} where {parent_key} in (select {parent_key} from parents)")
        finally:
            con.unregister("parents")
    if frame.empty:
        return 0
    columns = _columns(con, table)
    con.register("batch", frame[columns])
    try:
        con.execute(f"insert or ignore into {table} select * from batch")
    finally:
        con.unregister("batch")
    return len(frame)


def replace_table(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    con.execute(f"delete from {table}")
    con.register("batch", frame[_columns(con, table)])
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


def load_gated(con: duckdb.DuckDBPyConnection, gated, run_id: str, run_date: date) -> dict[str, int]:
    """Load one source's validated batch in a single transaction; returns rows written per table."""

    def work() -> dict[str, int]:
        posting_mentions = gated.posting_mentions.rename(columns={"document_id": "posting_id"})
        training_mentions = gated.training_mentions.rename(columns={"document_id": "training_id"})
        posting_ids, training_ids = list(gated.postings.posting_id), list(gated.trainings.training_id)
        return {
            "postings": upsert(con, "landing.postings", gated.postings, ["posting_id"], run_date),
            "trainings": upsert(con, "landing.trainings", gated.trainings, ["training_id"], run_date),
            "training_units": replace_children(con, "landing.training_units", "training_id", training_ids, gated.training_units),
            "posting_mentions": replace_children(con, "landing.posting_mentions", "posting_id", posting_ids, posting_mentions),
            "training_mentions": replace_children(con, "landing.training_mentions", "training_id", training_ids, training_mentions),
            "quarantine": record_quarantine(con, gated.quarantined, run_id, run_date),
        }

    return in_transaction(con, work)


def load_referentials(con: duckdb.DuckDBPyConnection, items: pd.DataFrame, links: pd.DataFrame) -> dict[str, int]:
    """Replace the imported referentials (a user re-imports a newer ROME or ESCO as a whole)."""
    return in_transaction(con, lambda: {
        "referential_items": replace_table(con, "landing.referential_items", items),
        "referential_links": replace_table(con, "landing.referential_links", links),
    })
