"""Loading a new version of stored postings: what the row keeps, and what the file writes.

A night's changed postings are scattered over the whole history. Replacing them must write their new rows, not
rewrite the stored table: DuckDB rewrites every row group in which an update changed a column, so an in-place update
of a few thousand postings rewrote the whole table (and doubled the file) every night.
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pytest

from warehouse.load import connect, in_transaction, upsert_view

STAMP = datetime(2026, 12, 4, 3, 0)


def _stored(con, rows: int) -> None:
    """`rows` postings first seen on 2026-11-01, each with a description long enough to fill real storage blocks."""
    con.execute(f"""insert into landing.postings (posting_id, source, title, description, duplicate_group, first_seen_on,
                                                  last_seen_on, closed_on, content_hash)
                    select 'ft:' || i, 'france_travail', 'Développeur ' || i,
                           repeat('Vous développerez des API en Python et en Java, offre ' || i || '. ', 12),
                           'group-' || (i // 2), date '2026-11-01', date '2026-11-20', date '2026-11-21', 'v1-' || i
                    from range({rows}) as r(i)""")
    con.execute("checkpoint")


def _night(con, ids: list[int]) -> None:
    """Tonight's changed versions, as the chunk workers write them: no duplicate group yet (regrouping follows)."""
    con.execute(f"""create or replace temp table night as
                    select 'ft:' || i as posting_id, 'france_travail' as source, 'Développeur senior ' || i as title,
                           'Nouvelle description ' || i as description, 'v2-' || i as content_hash
                    from unnest({ids}) as r(i)""")


def test_a_changed_posting_takes_tonights_content_and_keeps_its_history(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    _stored(con, 10)
    _night(con, [3, 42])  # one stored posting changed, one new

    assert upsert_view(con, "landing.postings", "night", ["posting_id"], date(2026, 12, 4), STAMP) == 2

    changed = con.execute("""select title, description, content_hash, duplicate_group, first_seen_on, last_seen_on,
                                    closed_on, loaded_at from landing.postings where posting_id = 'ft:3'""").fetchall()
    assert changed == [("Développeur senior 3", "Nouvelle description 3", "v2-3", "group-1", date(2026, 11, 1),
                        date(2026, 12, 4), None, STAMP)]  # open again; its group and first night kept
    new = con.execute("select first_seen_on, last_seen_on, duplicate_group from landing.postings "
                      "where posting_id = 'ft:42'").fetchall()
    assert new == [(date(2026, 12, 4), date(2026, 12, 4), None)]
    assert con.execute("select count(*) from landing.postings").fetchall() == [(11,)]
    untouched = con.execute("select title, closed_on from landing.postings where posting_id = 'ft:4'").fetchall()
    assert untouched == [("Développeur 4", date(2026, 11, 21))]


def test_a_backfill_night_never_moves_the_last_night_back(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    _stored(con, 5)
    _night(con, [2])

    upsert_view(con, "landing.postings", "night", ["posting_id"], date(2026, 10, 15), STAMP)

    assert con.execute("select first_seen_on, last_seen_on from landing.postings where posting_id = 'ft:2'").fetchall() == [
        (date(2026, 10, 15), date(2026, 11, 20))]


def test_changed_postings_scattered_over_the_history_do_not_rewrite_the_stored_table(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    _stored(con, 300_000)  # three row groups of 122,880 rows
    before = _description_blocks(con)
    used_before = _used_blocks(con)
    _night(con, list(range(0, 300_000, 150)))  # 2,000 changed postings, in every row group

    upsert_view(con, "landing.postings", "night", ["posting_id"], date(2026, 12, 4), STAMP)
    con.execute("checkpoint")

    kept = len(before & _description_blocks(con)) / len(before)
    assert kept > 0.9, f"only {kept:.0%} of the stored descriptions' blocks were kept: the table was rewritten"
    assert _used_blocks(con) < used_before * 1.1


def _description_blocks(con) -> set[int]:
    return {row[0] for row in con.execute("select block_id from pragma_storage_info('landing.postings') "
                                          "where column_name = 'description' and block_id >= 0").fetchall()}


def _used_blocks(con) -> int:
    return con.execute("select used_blocks from pragma_database_size()").fetchall()[0][0]


def test_a_failed_replacement_says_why_and_leaves_the_stored_rows(tmp_path):
    """Two versions of one posting in a night's view: the key's violation is the error, not an aborted transaction."""
    con = connect(tmp_path / "w.duckdb")
    _stored(con, 5)
    _night(con, [1, 1])

    with pytest.raises(duckdb.ConstraintException, match="ft:1"):
        in_transaction(con, lambda: upsert_view(con, "landing.postings", "night", ["posting_id"], date(2026, 12, 4), STAMP))

    assert con.execute("select title from landing.postings where posting_id = 'ft:1'").fetchall() == [("Développeur 1",)]
