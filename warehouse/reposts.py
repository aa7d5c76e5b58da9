"""Re-group tonight's postings with the re-posts already in the warehouse, in memory bounded by a batch.

The decision on a pair is transforms/deduplicate.py's (`required_similarity`, `similarity`); this module
only finds the pairs and the groups where the warehouse is, so that nothing proportional to the warehouse
or to the night is held in Python:

1. candidate pairs (a fresh posting, a posting sharing its re-post key, or one of its LSH buckets at its
   place, created within the re-post window) are listed by DuckDB into a temporary table;
2. they are read back `PAIR_BATCH` at a time; each batch fetches the texts of its postings, computes their
   3-gram hashes (tonight's come ready from the chunk workers) and keeps the pairs that are one job;
3. groups are the connected components of those pairs and of the earlier nights' groups of the postings
   not compared again (a virtual node per known group), found by label propagation in SQL: a node's label
   becomes the smallest label of its neighbours until nothing changes; each component is then named after
   its smallest posting id, as union-find does in memory (`group_reposts`).
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

import duckdb
import numpy as np
import pandas as pd

from transforms.deduplicate import (
    REPOST_WINDOW,
    RepostCandidate,
    required_similarity,
    shingle_hashes,
    similarity,
)

PAIR_BATCH = 20_000
GRAMS_KEPT = 20_000  # 3-gram hashes of recently compared postings kept between batches
PLACE = "split_part(coalesce({key}, ''), '|', 3)"  # the place part of a re-post key (transforms/deduplicate.py)
GROUP_NODE = "\x01"  # prefix of a known group's virtual node (sorts before every posting id)
TEMP_TABLES = ("regroup_fresh", "regroup_pairs", "regroup_edges", "regroup_nodes", "regroup_links", "regroup_labels",
               "regroup_step", "regroup_grams", "regroup_named")


def replace_buckets(con: duckdb.DuckDBPyConnection, view: str) -> None:
    """The LSH buckets of tonight's postings (in `view`) replace their previous ones, with the posting's place:
    a re-post is at the same place, so candidates are looked for in (bucket, place) only."""
    con.execute(f"delete from landing.posting_buckets where posting_id in (select posting_id from {view})")
    if "lsh_buckets" in _columns(con, view):
        con.execute(f"""insert into landing.posting_buckets (posting_id, bucket, place)
                        select posting_id, unnest(lsh_buckets), {PLACE.format(key='repost_key')} from {view}""")
    con.execute(f"""update landing.posting_buckets set place = {PLACE.format(key='postings.repost_key')} from landing.postings
                    where posting_buckets.place is null and postings.posting_id = posting_buckets.posting_id""")  # rows of older nights


def record_groups_left(con: duckdb.DuckDBPyConnection, view: str, stamp: datetime) -> None:
    """The groups tonight's postings (in `view`) belong to before they are loaded again: a changed posting may leave
    its group, whose other members then ask for less (landing.job_changes; read before the upsert replaces them)."""
    con.execute(f"""insert into landing.job_changes
                    select distinct coalesce(duplicate_group, posting_id), timestamp '{stamp}' from landing.postings
                    where posting_id in (select posting_id from {view})""")


def regroup_reposts(con: duckdb.DuckDBPyConnection, view: str, stamp: datetime, pair_batch: int | None = None) -> int:
    """Re-group tonight's postings (in `view`, already upserted into landing.postings) with their re-posts
    across nights; returns the number of postings whose group changed. Cost: tonight's postings × their
    candidates; memory: one batch of pairs."""
    try:
        _candidate_pairs(con, view)
        _accepted_edges(con, view, pair_batch or PAIR_BATCH)
        return _relabel(con, stamp)
    finally:
        for table in TEMP_TABLES:
            try:
                con.execute(f"drop table if exists {table}")
            except duckdb.TransactionException:  # the transaction failed: its rollback drops them, the first error stands
                break


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    return [row[0] for row in con.execute(f"describe {relation}").fetchall()]


def _candidate_pairs(con: duckdb.DuckDBPyConnection, view: str) -> None:
    """(a, b): a fresh, b sharing its key or a bucket at its place, within the window; a fresh pair once."""
    window = REPOST_WINDOW.days * 86400
    con.execute(f"create temp table regroup_fresh as select distinct posting_id from {view}")
    con.execute(f"""
        create temp table regroup_pairs as
        with fresh as (
            select posting_id, repost_key, {PLACE.format(key='repost_key')} as place
            from landing.postings where posting_id in (select posting_id from regroup_fresh)
        ),
        by_key as (
            select fresh.posting_id as a, other.posting_id as b
            from fresh inner join landing.postings as other on other.repost_key = fresh.repost_key
        ),
        fresh_buckets as (
            select buckets.posting_id, buckets.bucket, fresh.place
            from fresh inner join landing.posting_buckets as buckets using (posting_id)
        ),
        by_bucket as (
            select fresh_buckets.posting_id as a, others.posting_id as b
            from fresh_buckets inner join landing.posting_buckets as others
                on others.bucket = fresh_buckets.bucket and others.place = fresh_buckets.place
        ),
        candidates as (
            select a, b from by_key where a <> b
            union
            select a, b from by_bucket where a <> b
        )
        select row_number() over (order by candidates.a, candidates.b) as n, candidates.a, candidates.b
        from candidates
        inner join landing.postings as pa on pa.posting_id = candidates.a
        inner join landing.postings as pb on pb.posting_id = candidates.b
        where (candidates.a < candidates.b or candidates.b not in (select posting_id from regroup_fresh))
          and (pa.created_at is null or pb.created_at is null
               or abs(epoch(pa.created_at) - epoch(pb.created_at)) <= {window})
        order by n""")


def _accepted_edges(con: duckdb.DuckDBPyConnection, view: str, pair_batch: int) -> None:
    """The candidate pairs that are one job, decided batch by batch in Python."""
    con.execute("create temp table regroup_edges (a varchar, b varchar)")
    with_grams = "shingle_hashes" in _columns(con, view)
    if with_grams:  # computed by the chunk workers: read per batch from a table, not held in Python
        con.execute(f"create temp table regroup_grams as select posting_id, shingle_hashes from {view}")
    grams: OrderedDict[str, np.ndarray] = OrderedDict()
    total = con.execute("select count(*) from regroup_pairs").fetchall()[0][0]
    for start in range(1, total + 1, pair_batch):  # pairs are numbered in order: each batch reads its row groups
        batch = con.execute("select a, b from regroup_pairs where n >= ? and n < ?", [start, start + pair_batch]).fetchall()
        edges = _decide(con, batch, grams, with_grams)
        if edges:
            con.register("batch_edges", pd.DataFrame(edges, columns=["a", "b"], dtype="string"))
            try:
                con.execute("insert into regroup_edges select a, b from batch_edges")
            finally:
                con.unregister("batch_edges")


def _decide(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]], grams: OrderedDict[str, np.ndarray],
            with_grams: bool) -> list[tuple[str, str]]:
    ids = sorted({posting_id for pair in pairs for posting_id in pair})
    con.register("batch_ids", pd.DataFrame({"posting_id": ids}, dtype="string"))
    try:
        rows = con.execute("""select posting_id, repost_key, created_at from landing.postings
                              where posting_id in (select posting_id from batch_ids)""").fetchall()
        missing = [i for i in ids if i not in grams]
        if missing:
            con.register("missing_ids", pd.DataFrame({"posting_id": missing}, dtype="string"))
            try:
                ready = {}
                if with_grams:
                    ready = {p: np.asarray(g, dtype=np.uint32) for p, g in con.execute(
                        "select posting_id, shingle_hashes from regroup_grams where posting_id in (select posting_id from missing_ids)"
                    ).fetchall() if g is not None}
                texts = con.execute("""select posting_id, coalesce(description, '') from landing.postings
                                       where posting_id in (select posting_id from missing_ids)""").fetchall() if len(ready) < len(missing) else []
                for posting_id, text in texts:
                    if posting_id not in ready:
                        ready[posting_id] = shingle_hashes(text)
            finally:
                con.unregister("missing_ids")
            for posting_id, hashes in ready.items():
                grams[posting_id] = hashes
    finally:
        con.unregister("batch_ids")
    candidates = {row[0]: RepostCandidate(row[0], row[1], "", row[2]) for row in rows}
    edges = []
    for a, b in pairs:
        required = required_similarity(candidates[a], candidates[b])
        if required is not None and similarity(grams[a], grams[b]) >= required:
            edges.append((a, b))
    for posting_id in ids:  # most recently used last; the oldest leave first
        grams.move_to_end(posting_id)
    while len(grams) > GRAMS_KEPT:
        grams.popitem(last=False)
    return edges


def _relabel(con: duckdb.DuckDBPyConnection, stamp: datetime) -> int:
    """Connected components of the accepted pairs and of the known groups of the postings not compared again;
    each named after its smallest posting id. Returns how many postings changed group."""
    con.execute("""
        create temp table regroup_nodes as
        with touched as (
            select posting_id from regroup_fresh
            union select a from regroup_edges
            union select b from regroup_edges
        ),
        their_groups as (
            select distinct duplicate_group from landing.postings
            where posting_id in (select posting_id from touched) and duplicate_group is not null
        )
        select posting_id, duplicate_group, posting_id in (select posting_id from regroup_fresh) as is_fresh
        from landing.postings
        where posting_id in (select posting_id from touched)
           or duplicate_group in (select duplicate_group from their_groups)""")
    con.execute(f"""
        create temp table regroup_links as
        select a as node, b as neighbour from regroup_edges
        union all select b, a from regroup_edges
        union all select posting_id, '{GROUP_NODE}' || duplicate_group from regroup_nodes
            where not is_fresh and duplicate_group is not null
        union all select '{GROUP_NODE}' || duplicate_group, posting_id from regroup_nodes
            where not is_fresh and duplicate_group is not null""")
    con.execute("""create temp table regroup_labels as
                   select node, node as label from (select posting_id as node from regroup_nodes union select node from regroup_links)""")
    while True:
        con.execute("""create or replace temp table regroup_step as
                       select links.node, min(labels.label) as label
                       from regroup_links as links inner join regroup_labels as labels on labels.node = links.neighbour
                       group by links.node""")
        moved = con.execute("""update regroup_labels set label = step.label from regroup_step as step
                               where regroup_labels.node = step.node and step.label < regroup_labels.label""").fetchall()[0][0]
        if not moved:
            break
    con.execute("""
        create temp table regroup_named as
        select nodes.posting_id, min(nodes.posting_id) over (partition by labels.label) as duplicate_group
        from regroup_nodes as nodes inner join regroup_labels as labels on labels.node = nodes.posting_id""")
    # every group these postings were in or are now in: the jobs whose postings (and so whose demands) may differ
    con.execute(f"""insert into landing.job_changes
                    select job_id, timestamp '{stamp}' from (
                        select coalesce(duplicate_group, posting_id) as job_id from regroup_nodes
                        union select duplicate_group from regroup_named)""")
    return con.execute("""
        update landing.postings set duplicate_group = named.duplicate_group from regroup_named as named
        where landing.postings.posting_id = named.posting_id
          and landing.postings.duplicate_group is distinct from named.duplicate_group""").fetchall()[0][0]
