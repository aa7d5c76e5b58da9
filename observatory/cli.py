"""`observatory`: the one command-line entry point (run the nightly flow, extract skills, render reports)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

Command = Callable[[argparse.Namespace], int]


class UserError(Exception):
    """Something the user can fix; its message says what and how."""


EXIT_FAILED, EXIT_REFUSED = 1, 3


def _quiet_prefect(verbose: bool) -> None:
    """An ephemeral Prefect server, no telemetry; PREFECT_HOME defaults to the repo's data folder. Prefect's
    own console output (task tracebacks included) only with --verbose: the run prints its own progress."""
    from observatory.config import Paths

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_HOME", str(Paths().data_dir / "prefect"))
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)  # Prefect creates only the last level
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "CRITICAL")
    # A first start migrates a fresh database, which can take longer than Prefect's default 20 s.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


@contextmanager
def _progress_bars(enabled: bool) -> Iterator[None]:
    """Live bars for the crawl and the extraction on an interactive terminal; progress lines print above them."""
    if not enabled:
        yield
        return
    from flows.progress import bars_on_terminal

    progress = logging.getLogger("observatory.progress")
    plain = list(progress.handlers)
    with bars_on_terminal() as handler:
        for h in plain:
            progress.removeHandler(h)
        progress.addHandler(handler)
        try:
            yield
        finally:
            progress.removeHandler(handler)
            for h in plain:
                progress.addHandler(h)


def cmd_run(options: argparse.Namespace) -> int:
    from observatory.config import Paths
    from warehouse.publish import run_lock

    with run_lock(Paths().warehouse):  # refuse a second run at once, before starting Prefect
        _quiet_prefect(options.verbose)
        from flows.nightly import nightly

        for name in ("great_expectations", "great_expectations.data_context.types.base"):
            logging.getLogger(name).setLevel(logging.WARNING)  # it announces a temporary docs folder on INFO
        languages = tuple(options.language) if options.language else ("fr", "en")
        with _progress_bars(not options.quiet and sys.stderr.isatty()):
            summary = nightly(run_date=options.date, languages=languages, sources=options.source or None,
                              departments=options.departments.split(",") if options.departments else None,
                              window_months=options.window_months, full=options.full)
    print(summary.text())
    return EXIT_FAILED if summary.status == "failed" else 0


def _prefect_api_for_serving() -> str:
    """PREFECT_API_URL when set (a server or Cloud workspace), else the local server, which must be up."""
    import httpx

    from observatory.config import Schedule

    api = os.environ.get("PREFECT_API_URL") or Schedule().local_api_url
    if "PREFECT_API_URL" not in os.environ:
        try:
            httpx.get(api.rstrip("/") + "/health", timeout=5).raise_for_status()
        except httpx.HTTPError:
            raise UserError(f"no Prefect server answers at {api}: start one with `prefect server start` (it runs offline), "
                            "or set PREFECT_API_URL to your server or workspace") from None
    return api


def cmd_serve(options: argparse.Namespace) -> int:
    import asyncio

    from observatory.config import Schedule

    settings = Schedule()
    os.environ["PREFECT_API_URL"] = _prefect_api_for_serving()
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING" if options.quiet else "INFO")  # the runner says what it runs
    _quiet_prefect(options.verbose)
    from prefect.server.schemas.schedules import CronSchedule

    from flows.deployment import serve

    nights = asyncio.run(CronSchedule(cron=settings.cron, timezone=settings.timezone).get_dates(n=3))
    print(f"serving the nightly deployment `nightly/{settings.deployment}` on {os.environ['PREFECT_API_URL']}: "
          f"{settings.cron} ({settings.timezone}); next nights: {', '.join(d.isoformat(timespec='minutes') for d in nights)}; "
          "Ctrl-C stops serving", flush=True)
    serve(settings)
    return 0


def cmd_status(options: argparse.Namespace) -> int:
    from flows.status import read_status
    from observatory.config import Paths

    warehouse = options.warehouse or Paths().warehouse
    if not warehouse.exists():
        raise UserError(f"no warehouse at {warehouse}: run `observatory run` first")
    print(f"Observatory status: {warehouse}")
    print(read_status(warehouse).text(date.today()))
    return 0


def cmd_extract(options: argparse.Namespace) -> int:
    from transforms.skills.extractor import SkillExtractor

    extractor = SkillExtractor(options.taxonomy)
    lines = (line for line in sys.stdin if line.strip())
    documents = (json.loads(line) for line in lines)
    pending: list[dict] = []

    def flush() -> None:
        for document, mentions in zip(pending, extractor.extract(d.get("text") or "" for d in pending)):
            skills = [
                {"skill_id": m.concept_id, "label": m.label, "start": m.start, "end": m.end, "requirement": m.requirement,
                 "areas": list(m.areas)}
                for m in mentions
                if options.areas or m.kind == "skill"
            ]
            sys.stdout.write(json.dumps({"id": document.get("id"), "skills": skills}, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        pending.clear()

    for document in documents:
        pending.append(document)
        if len(pending) >= options.batch_size:
            flush()
    flush()
    return 0


def cmd_report(options: argparse.Namespace) -> int:
    import duckdb

    from observatory.config import Paths
    from reports.marts import has_marts
    from reports.site import NoData, UnknownProgramme, build_site

    paths = Paths()
    warehouse = options.warehouse or paths.warehouse
    if not warehouse.exists():
        raise UserError(f"no warehouse at {warehouse}: run `observatory run` first")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        if not has_marts(con):
            raise UserError(f"{warehouse} has no report marts yet: run `observatory run` first")
        try:
            sites = build_site(con, options.out or paths.reports_dir, (options.language,), options.date, options.programme)
        except (NoData, UnknownProgramme) as error:
            raise UserError(str(error)) from None
    for site in sites:
        print(site.programmes[0] if options.programme else site.index)
    return 0


def cmd_referentials(options: argparse.Namespace) -> int:
    from dataclasses import asdict

    import pandas as pd

    from observatory.config import Paths
    from transforms.skills.extractor import SkillExtractor
    from transforms.skills.referentials import link, read_esco, read_rome
    from warehouse.build import build_models
    from warehouse.load import connect, load_referentials
    from warehouse.publish import WorkingCopy, run_lock

    for folder in (options.rome, options.esco):
        if folder and not folder.is_dir():
            raise UserError(f"{folder} is not a folder: give the folder of the unzipped CSV files")
    items = (list(read_rome(options.rome)) if options.rome else []) + (list(read_esco(options.esco)) if options.esco else [])
    links = link(items, SkillExtractor())
    warehouse = options.warehouse or Paths().warehouse
    with run_lock(warehouse), WorkingCopy(warehouse) as work:  # like a night: never write the published file
        con = connect(work.path)
        try:
            load_referentials(con, pd.DataFrame([asdict(i) for i in items], columns=["referential", "code", "label"]),
                              pd.DataFrame([asdict(k) for k in links], columns=["referential", "code", "label", "concept_id", "match"]))
        finally:
            con.close()
        build_models(work.path)
        work.publish()
    for referential in sorted({i.referential for i in items}):
        codes = {i.code for i in items if i.referential == referential}
        linked = {k.code for k in links if k.referential == referential}
        print(f"{referential:16} {len(codes):6} items, {len(linked):6} linked to the taxonomy ({len(linked) / max(len(codes), 1):.0%})")
    return 0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it YYYY-MM-DD, e.g. 2026-11-28") from None


def build_parser() -> argparse.ArgumentParser:
    from observatory.sources import SOURCES

    parser = argparse.ArgumentParser(
        prog="observatory",
        description="Digital skills observatory of Occitanie: what recruiters ask for, what programmes teach.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example:\n  observatory run",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--verbose", action="store_true", help="show tracebacks and Prefect's own logs")
    common.add_argument("--quiet", action="store_true", help="no progress lines, only the result")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "run",
        parents=[common],
        help="run the nightly flow (crawl, extract, validate, load, report)",
        description="Run the nightly flow once. Without OBSERVATORY_*_URL settings it serves and crawls the bundled sample.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example:\n  observatory run --language fr",
    )
    run.add_argument("--date", type=_date, help="the night to run, YYYY-MM-DD (default: today)")
    run.add_argument("--language", action="append", choices=["fr", "en"], help="report language(s), default fr and en")
    run.add_argument("--source", action="append", choices=[s.name for s in SOURCES],
                     help="crawl only this source (repeatable; default: every configured one)")
    run.add_argument("--departments", help="department codes, comma-separated (default: OBSERVATORY_DEPARTMENTS)")
    run.add_argument("--window-months", type=int, help="the marts' window in months (default: warehouse/dbt_project.yml)")
    run.add_argument("--full", action="store_true", help="process every record again, not only new or changed ones")
    run.set_defaults(handler=cmd_run)

    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="serve the nightly deployment on its schedule (a Prefect server is needed)",
        description="Register the `nightly` deployment with Prefect and run it on its schedule until stopped: "
        "OBSERVATORY_SCHEDULE_CRON in OBSERVATORY_SCHEDULE_TIMEZONE (default 30 2 * * * Europe/Paris). The Prefect API is "
        "PREFECT_API_URL, else a local `prefect server start` on 127.0.0.1:4200.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example:\n  prefect server start &   # once, in its own terminal or as a service\n  observatory serve",
    )
    serve.set_defaults(handler=cmd_serve)

    status = commands.add_parser(
        "status",
        parents=[common],
        help="the last runs, each source's state and freshness, the open quality flags",
        description="Read the published warehouse (read-only, also during a night) and show the last runs, each source's "
        "last night and freshness, and the open quality flags.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example:\n  observatory status",
    )
    status.add_argument("--warehouse", type=Path)
    status.set_defaults(handler=cmd_status)

    extract = commands.add_parser(
        "extract",
        parents=[common],
        help="extract skills from JSON Lines on stdin",
        description='Read {"id", "text"} JSON Lines on stdin; write {"id", "skills": [{skill_id, label, start, end}]} per line.',
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='Example:\n  echo \'{"id": "1", "text": "Développeur Python/Django, Docker apprécié"}\' | observatory extract',
    )
    extract.add_argument("--areas", action="store_true", help="also report competence-area mentions")
    extract.add_argument("--taxonomy", type=Path, help="a taxonomy folder (areas.yaml, skills.yaml) instead of the bundled one")
    extract.add_argument("--batch-size", type=int, default=64, help="texts per batch (output is flushed per batch)")
    extract.set_defaults(handler=cmd_extract)

    referentials = commands.add_parser(
        "referentials",
        parents=[common],
        help="import ROME 4.0 / ESCO CSVs and link their items to the taxonomy",
        description="Import the digital items of ROME 4.0 (transition_num = O) and ESCO skills into the warehouse, "
        "linked to the taxonomy's named skills and competence areas (core.skill_referentials).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example:\n  observatory referentials --rome ~/data/rome_v460 --esco ~/data/esco_fr",
    )
    referentials.add_argument("--rome", type=Path, help="folder of the ROME 4.0 open-data CSVs (unix_*_utf8.csv)")
    referentials.add_argument("--esco", type=Path, help="folder of the ESCO CSVs (skills_fr.csv)")
    referentials.add_argument("--warehouse", type=Path)
    referentials.set_defaults(handler=cmd_referentials)

    report = commands.add_parser(
        "report",
        parents=[common],
        help="render the skill-gap report site from the warehouse",
        description="Render the skill-gap report site for colleges (an index, one page per programme, a method page) "
                    "from the published warehouse, read-only, into <reports>/<night>/.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example:\n  observatory report --language en --programme lheo:76_F2026000101",
    )
    report.add_argument("--language", choices=["fr", "en"], default="fr", help="the site's language (default: fr)")
    report.add_argument("--date", type=_date,
                        help="the night to report, YYYY-MM-DD (default: the warehouse's night; another night has no data)")
    report.add_argument("--programme", metavar="ID", help="render only this programme's page (its id, e.g. lheo:76_F2026000101)")
    report.add_argument("--warehouse", type=Path)
    report.add_argument("--out", type=Path)
    report.set_defaults(handler=cmd_report)
    return parser


def _explain(error: BaseException) -> tuple[str, int]:
    """One line that says what failed and what to do, and the exit code."""
    import duckdb

    from flows.summary import one_line
    from warehouse.publish import RunRefused

    if isinstance(error, UserError):
        return str(error), EXIT_FAILED
    if isinstance(error, RunRefused):
        return str(error), EXIT_REFUSED
    if isinstance(error, duckdb.IOException) and "lock" in str(error).lower():
        return ("the warehouse is held by another process that writes to it: close that connection "
                "(analysts: open it with read_only=True) and retry"), EXIT_FAILED
    return f"{one_line(error)} (run again with --verbose for the details)", EXIT_FAILED


def _show_progress(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s  %(message)s", "%H:%M:%S"))
    progress = logging.getLogger("observatory.progress")
    progress.addHandler(handler)
    progress.setLevel(logging.WARNING if quiet else logging.INFO)
    progress.propagate = False


def main(argv: list[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    _show_progress(options.quiet)
    try:
        return options.handler(options)
    except KeyboardInterrupt:
        print(f"observatory {options.command}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the one place errors become a line for a person
        if options.verbose:
            traceback.print_exc()
        message, code = _explain(error)
        print(f"observatory {options.command}: {message}", file=sys.stderr)
        return code


if __name__ == "__main__":
    sys.exit(main())
