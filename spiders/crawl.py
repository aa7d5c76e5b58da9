"""Run one spider in its own process and land its output.

Twisted's reactor cannot be restarted inside a process, so the nightly flow calls `run_crawl`, which starts
`python -m spiders.crawl` as a subprocess; the child writes the JSON Lines landing files and a stats file.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from observatory.config import CrawlSettings
from observatory.sources import SOURCES, source_named
from spiders.settings import landing_paths, scrapy_settings


@dataclass(frozen=True)
class CrawlResult:
    source: str
    records_path: Path
    rejected_path: Path
    stats: dict

    @property
    def records(self) -> int:
        """Records landed (rejected records are counted apart)."""
        return int(self.stats.get(f"observatory/records/{self.source}", 0))

    @property
    def rejected(self) -> int:
        """Everything the spider refused: single records and lost pages."""
        return int(self.stats.get("item_scraped_count", 0)) - self.records

    @property
    def lost_pages(self) -> int:
        """Pages or documents the source did not deliver (HTTP errors, download failures, malformed pages)."""
        return int(self.stats.get("observatory/rejected/page", 0))

    @property
    def first_lost_page(self) -> str:
        return str(self.stats.get("observatory/first_lost_page", ""))

    @property
    def warnings(self) -> list[str]:
        return list(self.stats.get("observatory/warnings") or [])


class CrawlFailed(RuntimeError):
    pass


def run_crawl(
    source: str,
    spider_args: dict[str, str],
    landing_dir: Path,
    run_date: str,
    run_id: str,
    download_delay: float | None = None,
    timeout_s: float = 3600,
) -> CrawlResult:
    """Crawl `source` in a subprocess; raises CrawlFailed, with the child's last error line, if it crashes or
    times out. Every attempt starts from empty landing files, so a retried crawl lands each record once."""
    records_path, rejected_path = landing_paths(landing_dir, source, run_date, run_id)
    stats_path = records_path.with_suffix(".stats.json")
    for path in (records_path, rejected_path, stats_path):
        path.unlink(missing_ok=True)
    command = [sys.executable, "-m", "spiders.crawl", source, "--landing-dir", str(landing_dir)]
    command += ["--run-date", run_date, "--run-id", run_id]
    command += [f"--arg={key}={value}" for key, value in spider_args.items()]
    if download_delay is not None:
        command += ["--download-delay", str(download_delay)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, cwd=Path(__file__).parent.parent, check=False)
    except subprocess.TimeoutExpired:
        raise CrawlFailed(f"crawl of {source} stopped after {timeout_s:.0f} s (OBSERVATORY_CRAWL_TIMEOUT)") from None
    if done.returncode != 0 or not stats_path.exists():
        raise CrawlFailed(f"crawl of {source} crashed (exit {done.returncode}): {last_error_line(done.stderr)}")
    return CrawlResult(source, records_path, rejected_path, json.loads(stats_path.read_text()))


def last_error_line(log: str) -> str:
    """The line of a crawl's log that says what went wrong (the exception, else the last line)."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    for line in reversed(lines):
        if "Error" in line or "Exception" in line or "ERROR" in line:
            return line[:300]
    return lines[-1][:300] if lines else "no output"


def crawl_in_this_process(source: str, spider_args: dict[str, str], records: Path, rejected: Path, crawl: CrawlSettings) -> dict:
    from scrapy.crawler import CrawlerProcess

    records.parent.mkdir(parents=True, exist_ok=True)
    process = CrawlerProcess(scrapy_settings(crawl, records, rejected), install_root_handler=True)
    crawler = process.create_crawler(source_named(source).load("spider"))
    process.crawl(crawler, **spider_args)
    process.start()
    return {key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in crawler.stats.get_stats().items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run one spider and land its records (used by the nightly flow).")
    parser.add_argument("source", choices=sorted(s.name for s in SOURCES))
    parser.add_argument("--landing-dir", type=Path, required=True)
    parser.add_argument("--run-date", required=True)
    parser.add_argument("--run-id", required=True)
    parser.add_argument("--arg", action="append", default=[], help="spider argument KEY=VALUE")
    parser.add_argument("--download-delay", type=float)
    options = parser.parse_args(argv)
    crawl = CrawlSettings()
    if options.download_delay is not None:
        crawl = replace(crawl, download_delay=options.download_delay)
    spider_args = dict(item.split("=", 1) for item in options.arg)
    records, rejected = landing_paths(options.landing_dir, options.source, options.run_date, options.run_id)
    stats = crawl_in_this_process(options.source, spider_args, records, rejected, crawl)
    records.with_suffix(".stats.json").write_text(json.dumps(stats, indent=1, default=str))


if __name__ == "__main__":
    main()
