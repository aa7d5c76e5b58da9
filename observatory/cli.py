"""`observatory`: the one command-line entry point (run the nightly flow, extract skills, render reports)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

Command = Callable[[argparse.Namespace], int]


def _quiet_prefect() -> None:
    """An ephemeral Prefect server, no telemetry; PREFECT_HOME defaults to the repo's data folder."""
    from observatory.config import Paths

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_HOME", str(Paths().data_dir / "prefect"))
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)  # Prefect creates only the last level
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # A first start migrates a fresh database, which can take longer than Prefect's default 20 s.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


def cmd_run(options: argparse.Namespace) -> int:
    _quiet_prefect()
    from flows.nightly import nightly

    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).setLevel(logging.WARNING)  # it announces a temporary docs folder on INFO
    languages = tuple(options.language) if options.language else ("fr", "en")
    summary = nightly(run_date=options.date, languages=languages)
    print(summary.text())
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
    from reports.skill_gap import render_report

    paths = Paths()
    with duckdb.connect(str(options.warehouse or paths.warehouse), read_only=True) as con:
        report = render_report(con, options.out or paths.reports_dir, options.date or date.today(), options.language)
    print(report.path)
    return 0


def cmd_referentials(options: argparse.Namespace) -> int:
    from dataclasses import asdict

    import pandas as pd

    from observatory.config import Paths
    from transforms.skills.extractor import SkillExtractor
    from transforms.skills.referentials import link, read_esco, read_rome
    from warehouse.build import build_models
    from warehouse.load import connect, load_referentials

    items = (list(read_rome(options.rome)) if options.rome else []) + (list(read_esco(options.esco)) if options.esco else [])
    links = link(items, SkillExtractor())
    con = connect(options.warehouse or Paths().warehouse)
    try:
        load_referentials(con, pd.DataFrame([asdict(i) for i in items], columns=["referential", "code", "label"]),
                          pd.DataFrame([asdict(k) for k in links], columns=["referential", "code", "label", "concept_id", "match"]))
        build_models(con)
    finally:
        con.close()
    for referential in sorted({i.referential for i in items}):
        codes = {i.code for i in items if i.referential == referential}
        linked = {k.code for k in links if k.referential == referential}
        print(f"{referential:16} {len(codes):6} items, {len(linked):6} linked to the taxonomy ({len(linked) / max(len(codes), 1):.0%})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="observatory",
        description="Digital skills observatory of Occitanie: what recruiters ask for, what programmes teach.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example:\n  observatory run",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "run",
        help="run the nightly flow (crawl, extract, validate, load, report)",
        description="Run the nightly flow once. Without OBSERVATORY_*_URL settings it serves and crawls the bundled sample.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example:\n  observatory run --language fr",
    )
    run.add_argument("--date", type=date.fromisoformat, help="the night to run (default: today)")
    run.add_argument("--language", action="append", choices=["fr", "en"], help="report language(s), default fr and en")
    run.set_defaults(handler=cmd_run)

    extract = commands.add_parser(
        "extract",
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
        help="render the skill-gap report from the warehouse",
        description="Render the HTML skill-gap report for colleges from an existing warehouse (read-only).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example:\n  observatory report --language en",
    )
    report.add_argument("--language", choices=["fr", "en"], default="fr")
    report.add_argument("--date", type=date.fromisoformat)
    report.add_argument("--warehouse", type=Path)
    report.add_argument("--out", type=Path)
    report.set_defaults(handler=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    return options.handler(options)


if __name__ == "__main__":
    sys.exit(main())
