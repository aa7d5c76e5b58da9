"""The load and build stages at national scale, without the crawl and the extraction (minutes instead of hours).

A 1M first night takes about two hours here, almost all of it crawl and extraction; its load failed once, out of
memory, after all of that. This benchmark reaches the load in minutes: the corpus of benchmarks/corpus.py, each
offer parsed by the real transform (transforms/postings.py) with its real re-post key, LSH buckets and 3-gram
hashes (transforms/deduplicate.py), written as the chunk workers write them; the mentions are drawn (real concept
ids of the taxonomy, `--mentions-per-posting` per posting, 10.7 measured at 100k), since extracting them is what is
left out. Then, on one DuckDB file with the night's memory limit: the first night's load of the source in its one
transaction (warehouse/load.py: upserts, re-post regrouping across the warehouse, mentions), the dbt build
(warehouse/build.py, every model and test), and an incremental night of 1 % (half edited, half new postings) on top.

    .venv/bin/python benchmarks/load_scale.py --postings 1000000 [--root /tmp/load-scale]

Prints wall and CPU seconds per stage and the process's peak RSS at each stage's end (CPU of the parsing workers
counted when they end).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from datetime import date
from multiprocessing import Pool
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from benchmarks.corpus import make_offers
from flows.summary import cpu_seconds, peak_rss_mib
from transforms.deduplicate import as_candidate
from transforms.postings import parse_offer

NIGHT_1, NIGHT_2 = date(2026, 11, 28), date(2026, 11, 29)
CHUNK = 2000
SOURCE = "france_travail"


def posting_chunk(job: tuple[int, list[bytes], str, str]) -> str:
    """One chunk's postings file, with the columns the chunk workers write for the load."""
    number, offers, out_dir, suffix = job
    rows = []
    for raw in offers:
        offer = json.loads(raw)
        if suffix:  # an edited offer: its text changes
            offer["description"] += suffix
        posting = parse_offer({"source": SOURCE, "record_id": offer["id"], "payload": offer})
        candidate = as_candidate(posting)
        row = {name: getattr(posting, name) for name in ("posting_id", "source", "title", "description", "rome_code",
                                                         "department", "city", "commune_code", "employer", "created_at",
                                                         "updated_at", "content_hash", "is_digital_job")}
        rows.append(row | {"content_hash": hashlib.sha1(raw + suffix.encode()).hexdigest(), "duplicate_group": posting.posting_id,
                           "repost_key": candidate.key, "lsh_buckets": list(candidate.buckets),
                           "shingle_hashes": candidate.grams.tolist()})
    path = Path(out_dir) / f"chunk-{number:05d}.postings.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    return str(path)


def mention_files(con, postings: list[str], per_posting: int) -> list[str]:
    """Drawn mentions of real skills for each posting of each chunk file (deterministic)."""
    con.execute("create or replace temp table skill_ids as select concept_id, row_number() over (order by concept_id) - 1 as n "
                "from landing.taxonomy_concepts where level = 'skill'")
    skills = con.execute("select count(*) from skill_ids").fetchall()[0][0]
    paths = []
    for path in postings:
        out = path.replace(".postings.", ".posting_mentions.")
        con.execute(f"""copy (
            with drawn as (
                select posting_id, r, ((hash(posting_id) % {skills}) + r * 7919) % {skills} as n
                from read_parquet('{path}'), range({per_posting}) as t(r)
            )
            select posting_id, 'description' as unit_id, skill_ids.concept_id, 'skill' as kind,
                   (r * 53)::integer as start_offset, (r * 53 + 6)::integer as end_offset, 'Python' as surface,
                   case when r % 5 = 4 then 'wished' else 'required' end as requirement, false as in_company_presentation
            from drawn inner join skill_ids using (n)
        ) to '{out}' (format parquet)""")
        paths.append(out)
    return paths


class Stages:
    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, int]] = []

    def run(self, name: str, work):
        wall, cpu = time.perf_counter(), cpu_seconds()
        result = work()
        self.rows.append((name, time.perf_counter() - wall, cpu_seconds() - cpu, peak_rss_mib()))
        print(f"{name}: {self.rows[-1][1]:.1f} s wall, {self.rows[-1][2]:.1f} CPU-s, peak RSS {self.rows[-1][3]} MiB", flush=True)
        return result


def write_chunks(offers: list[bytes], out_dir: Path, suffix: str = "", first: int = 0) -> list[str]:
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(first + n, offers[start:start + CHUNK], str(out_dir), suffix) for n, start in enumerate(range(0, len(offers), CHUNK))]
    with Pool(2) as pool:
        return pool.map(posting_chunk, jobs, chunksize=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=1_000_000)
    parser.add_argument("--mentions-per-posting", type=int, default=11)
    parser.add_argument("--root", type=Path, default=None, help="working folder (default: a temporary one, removed)")
    args = parser.parse_args()
    from transforms.frames import taxonomy_frames
    from transforms.skills.taxonomy import default_taxonomy
    from warehouse.build import build_models
    from warehouse.load import connect, load_source_night, load_taxonomy

    root = args.root or Path(tempfile.mkdtemp(prefix="load-scale-"))
    database, stages = root / "observatory.duckdb", Stages()
    offers = stages.run("corpus", lambda: make_offers(args.postings, NIGHT_1))
    night1 = stages.run("parse + re-post candidates (2 processes)", lambda: write_chunks(offers, root / "night1"))
    con = connect(database)
    load_taxonomy(con, *taxonomy_frames(default_taxonomy()))
    mentions1 = stages.run("draw mentions", lambda: mention_files(con, night1, args.mentions_per_posting))
    stages.run("night 1: load", lambda: load_source_night(
        con, SOURCE, {"postings": night1, "posting_mentions": mentions1}, [], None, [], "night-1", NIGHT_1))
    counts = con.execute("select (select count(*) from landing.postings), (select count(*) from landing.posting_mentions), "
                         "(select count(distinct duplicate_group) from landing.postings)").fetchall()[0]
    con.close()
    stages.run("night 1: build", lambda: build_models(database, state_dir=root / "dbt", window_end=NIGHT_1))
    changed = max(1, args.postings // 200)  # 0.5 % edited, 0.5 % new: 1 %
    edited = offers[:changed]
    new = make_offers(changed, NIGHT_2, seed=99)
    new = [raw.replace(b'"id": "B', b'"id": "N') for raw in new]
    night2 = stages.run("night 2 (1 %): parse", lambda: write_chunks(edited, root / "night2", " Poste mis à jour.")
                        + write_chunks(new, root / "night2", first=10_000))
    con = connect(database)
    mentions2 = mention_files(con, night2, args.mentions_per_posting)
    stages.run("night 2 (1 %): load", lambda: load_source_night(
        con, SOURCE, {"postings": night2, "posting_mentions": mentions2}, [], None, [], "night-2", NIGHT_2))
    con.close()
    stages.run("night 2 (1 %): build", lambda: build_models(database, state_dir=root / "dbt", window_end=NIGHT_2))
    print(f"\n{args.postings:,} postings ({counts[0]:,} loaded, {counts[2]:,} jobs after re-posts), {counts[1]:,} mentions; "
          f"warehouse {database.stat().st_size / 2**20:,.0f} MiB\n")
    print("| stage | wall s | CPU s | peak RSS MiB |\n|---|---|---|---|")
    for name, wall, cpu, rss in stages.rows:
        print(f"| {name} | {wall:,.1f} | {cpu:,.1f} | {rss:,} |")
    if args.root is None:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
