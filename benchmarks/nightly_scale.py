"""The night at scale: wall, CPU and peak memory per stage, for a first night and an incremental night.

For each scale, a France Travail–shaped corpus (benchmarks/corpus.py) is served on 127.0.0.1 by the API's
contract (observatory/france_travail_api.py, indexed so that the server is not the bottleneck), crawled by
the real spider (politeness delay 0, every department of Occitanie, windows split until each fits the API's
3,150-offer cap) in the real nightly flow (flows/nightly.py: batch checks, extraction on a Dask LocalCluster,
load, dbt build, reports, Data Docs, publish), France Travail its only source: night 1 on an empty warehouse, night 2 (1 % new or changed, as many
withdrawn) on top of it listing every offer, night 3 (another 1 %) listing only the offers created since the
newest one held (OBSERVATORY_CRAWL_MODE=new, observatory/listing.py); above --complete-incremental-up-to
postings night 2 is skipped and night 3 follows night 1. Each night runs in its own process so that its peak RSS is its own (the server runs
in the benchmark's parent process); CPU time includes the crawl's process and the chunk workers (Dask worker
processes), counted when they exit. The night's peak RSS is its VmHWM; a worker's is ru_maxrss of the
night's children (an upper bound: Linux starts a child's ru_maxrss at its parent's resident set at fork).

    .venv/bin/python benchmarks/nightly_scale.py --scales 10000,100000 [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

NIGHT_1, NIGHT_2, NIGHT_3 = date(2026, 11, 28), date(2026, 11, 29), date(2026, 11, 30)
NIGHTS = ("first night", "incremental night (1 %)", "new offers night (1 %)")
# Above this scale the complete incremental night is skipped: its cost is a crawl of every offer (≈ 0.9 ms CPU each,
# measured at 10k and 100k), which the weekly complete listing pays, not the nightly one (observatory/listing.py).
COMPLETE_INCREMENTAL_UP_TO = 100_000
ANALYSIS = "## Reading these figures"
MARTS_QUERIES = {  # what the report and an analyst ask most: the gap in the region, the demand in a department
    "top digital areas by gap in the region": "select label_fr, demand_share, supply_share, share_gap, gap_status from marts.skill_gap "
    "where level = 'area' and scope = 'digital' and geo_level = 'region' order by share_gap desc limit 10",
    "required digital skills in one department": "select label_fr, required_jobs, jobs_total, demand_low, demand_high, demand_small_cell "
    "from marts.skill_gap where level = 'skill' and scope = 'digital' and geo_level = 'department' and geo_code = '34' "
    "order by required_jobs desc limit 20",
    "one programme's missing skills": "select label_fr, tier, jobs, market_jobs, share_low, share_high from marts.programme_skill_gaps "
    "where training_id = (select min(training_id) from marts.programme_skill_gaps) and not is_taught order by jobs desc limit 20",
}


def run_one_night(home: Path, api_url: str, night: date, mode: str) -> dict:
    """One night of the real nightly flow (France Travail only, crawled from `api_url`), in this process; returns
    its stages' wall and CPU seconds and its peak RSS, from the run record the flow writes.
    `mode`: "complete" (every offer listed) or "new" (only the offers created since the newest one held)."""
    (home / "prefect").mkdir(parents=True, exist_ok=True)  # Prefect creates only the last level of its home
    os.environ |= {"OBSERVATORY_DATA_DIR": str(home / "data"), "OBSERVATORY_WAREHOUSE": str(home / "observatory.duckdb"),
                   "OBSERVATORY_REPORTS_DIR": str(home / "reports"), "OBSERVATORY_DBT_DIR": str(home / "dbt"),
                   "OBSERVATORY_FRANCE_TRAVAIL_API": api_url, "OBSERVATORY_CRAWL_MODE": mode,
                   "PREFECT_HOME": str(home / "prefect"), "PREFECT_LOGGING_LEVEL": "CRITICAL",
                   "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DASK_LOGGING__DISTRIBUTED": "error",
                   "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300"}
    from flows.nightly import nightly

    started = time.perf_counter()
    run = nightly(run_date=night, download_delay=0, sources=["france_travail"])
    total = time.perf_counter() - started
    outcome = run.sources["france_travail"]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"stages": {name: {"wall_s": round(wall, 1), "cpu_s": round(run.stage_cpu.get(name, 0.0), 1)}
                       for name, wall in run.stages.items()},
            "total_wall_s": round(total, 1), "peak_rss_mib": run.peak_rss_mib,
            "peak_worker_rss_mib": round(children.ru_maxrss / 1024),
            "records": outcome.collected, "lost_pages": outcome.lost_pages, "unchanged": outcome.unchanged,
            "processed": outcome.transformed, "loaded": outcome.loaded, "closed": outcome.closed,
            "workers": len(run.workers), "status": run.status, "reason": outcome.reason or run.error,
            "warehouse_mib": round((home / "observatory.duckdb").stat().st_size / 2**20, 1)}


def query_times(warehouse: Path) -> dict[str, float]:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        times = {}
        for name, sql in MARTS_QUERIES.items():
            con.execute(sql).fetchall()  # warm
            started = time.perf_counter()
            for _ in range(5):
                con.execute(sql).fetchall()
            times[name] = round((time.perf_counter() - started) / 5 * 1000, 1)
    return times


def bench_scale(postings: int, root: Path, complete_incremental_up_to: int) -> dict:
    from benchmarks.corpus import make_offers, next_night, write_answer
    from observatory.sample_server import FRANCE_TRAVAIL_SEARCH_PATH, serve_sample_sources

    started = time.perf_counter()
    offers = make_offers(postings, NIGHT_1)
    plan = [(NIGHTS[0], NIGHT_1, "complete")]
    served = {NIGHTS[0]: len(offers)}  # ids are fresh: one offer per id
    write_answer(offers, root / f"api-{NIGHT_1}" / "france_travail" / "offres.jsonl")
    offers = next_night(offers, NIGHT_2, 0.01)
    if postings <= complete_incremental_up_to:  # a complete listing costs a crawl of every offer
        plan.append((NIGHTS[1], NIGHT_2, "complete"))
        served[NIGHTS[1]] = len(offers)
        write_answer(offers, root / f"api-{NIGHT_2}" / "france_travail" / "offres.jsonl")
    offers = next_night(offers, NIGHT_3, 0.01, seed=12)
    plan.append((NIGHTS[2], NIGHT_3, "new"))
    served[NIGHTS[2]] = len(offers)
    write_answer(offers, root / f"api-{NIGHT_3}" / "france_travail" / "offres.jsonl")
    del offers
    result = {"postings": postings, "corpus_s": round(time.perf_counter() - started, 1)}
    for name, night, mode in plan:
        with serve_sample_sources(root / f"api-{night}") as base:
            done = subprocess.run([sys.executable, __file__, "--one-night", str(root / "home"), base + FRANCE_TRAVAIL_SEARCH_PATH,
                                   night.isoformat(), mode], capture_output=True, text=True, cwd=REPO, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{name} at {postings} failed:\n{done.stderr[-3000:]}")
        result[name] = json.loads(done.stdout.strip().splitlines()[-1])
        if result[name]["status"] == "failed":  # a failed night's figures measure nothing: say why, stop
            raise SystemExit(f"{name} at {postings} failed: {result[name]['reason']}")
        result[name]["served"] = served[name]
        print(f"  {postings:>9,} {name}: {json.dumps(result[name])}", file=sys.stderr, flush=True)
    result["marts query ms (warm)"] = query_times(root / "home" / "observatory.duckdb")
    return result


def markdown(results: list[dict], command: str) -> str:
    cpu = f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}"
    lines = ["# Benchmarks: the night at scale", "",
             (f"Measured {date.today().isoformat()} on this project's machine ({cpu}, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
             "shared and virtualised: CPU seconds are steadier than wall seconds), one run each, with:"), "",
             f"    {command}", "",
             ("Corpus: France Travail–shaped offers generated from the real offers of `../shared/samples` "
             "(benchmarks/corpus.py), served by the API's contract on 127.0.0.1 and crawled by the real spider. Night 1 "
             "loads an empty warehouse; night 2 changes 1 % of the offers (half edited, half new, published the day before) and "
             "withdraws 0.5 %, and lists every offer; night 3 does the same again but lists only the offers created since "
             "the newest one held, minus 3 days (`OBSERVATORY_CRAWL_MODE=new`): it sees the new offers, not the edits or "
             "withdrawals, which wait for the next complete listing. Above "
             f"{COMPLETE_INCREMENTAL_UP_TO:,} postings night 2 is not run (its cost is a crawl of every offer, measured at the "
             "smaller scales): night 3 then follows night 1, and its new offers are those of two days."), ""]
    lines += ["| postings | night | served | crawled | processed | unchanged | wall s | CPU s | peak RSS MiB (main / largest worker) | warehouse MiB |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        for name in (name for name in NIGHTS if name in r):
            n = r[name]
            lines.append(f"| {r['postings']:,} | {name} | {n['served']:,} | {n['records']:,} | {n['processed']:,} | {n['unchanged']:,} | "
                         f"{n['total_wall_s']} | {sum(s['cpu_s'] for s in n['stages'].values()):.0f} | "
                         f"{n['peak_rss_mib']} / {n['peak_worker_rss_mib']} | {n['warehouse_mib']} |")
    names = list(dict.fromkeys(stage for r in results for name in NIGHTS if name in r for stage in r[name]["stages"]))
    lines += ["", "Per stage of the flow (wall s / CPU s):", "", "| postings | night | " + " | ".join(names) + " |",
              "|---|---|" + "---|" * len(names)]
    for r in results:
        for name in (name for name in NIGHTS if name in r):
            stages = r[name]["stages"]
            lines.append(f"| {r['postings']:,} | {name} | " + " | ".join(
                f"{stages[s]['wall_s']} / {stages[s]['cpu_s']}" if s in stages else "–" for s in names) + " |")
    lines += ["", "Analyst queries on the published file (warm, mean of 5, ms):", "", "| postings | " + " | ".join(MARTS_QUERIES) + " |",
              "|---|" + "---|" * len(MARTS_QUERIES)]
    for r in results:
        lines.append(f"| {r['postings']:,} | " + " | ".join(str(v) for v in r["marts query ms (warm)"].values()) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--one-night":
        print(json.dumps(run_one_night(Path(sys.argv[2]), sys.argv[3], date.fromisoformat(sys.argv[4]), sys.argv[5])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="10000", help="comma-separated numbers of postings")
    parser.add_argument("--write", type=Path, help="write the results as Markdown (e.g. docs/benchmarks.md)")
    parser.add_argument("--complete-incremental-up-to", type=int, default=COMPLETE_INCREMENTAL_UP_TO, metavar="N",
                        help="run the complete incremental night (a crawl of every offer) only up to N postings")
    options = parser.parse_args()
    results = []
    for postings in (int(s) for s in options.scales.split(",")):
        with tempfile.TemporaryDirectory(prefix=f"bench-{postings}-") as root:
            results.append(bench_scale(postings, Path(root), options.complete_incremental_up_to))
    command = "make bench" if options.scales == "10000" else f".venv/bin/python benchmarks/nightly_scale.py --scales {options.scales}"
    text = markdown(results, command + (f" --write {options.write}" if options.write and options.scales != "10000" else ""))
    if options.write:
        kept = options.write.read_text(encoding="utf-8") if options.write.exists() else ""
        analysis = kept[kept.index(ANALYSIS):] if ANALYSIS in kept else ""  # the hand-written reading stays
        options.write.write_text(text + ("\n" + analysis if analysis else ""), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
