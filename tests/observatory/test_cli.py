"""The `observatory` command: every subcommand documented with an example, and the extract contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from observatory.cli import build_parser

REPO = Path(__file__).resolve().parents[2]


def _subcommands() -> dict:
    parser = build_parser()
    return next(a for a in parser._actions if a.dest == "command").choices


def test_every_command_has_help_ending_with_an_example_and_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, sub in _subcommands().items():
        assert sub.description, name
        assert sub.epilog.strip().splitlines()[0] == "Example:" and f"observatory {name}" in sub.epilog
        assert f"observatory {name}" in readme, f"README does not show `observatory {name}`"


def test_extract_streams_the_json_lines_contract():
    documents = [
        {"id": "a", "text": "Développeur Python/Django, Docker et K8s. PostgreSQL apprécié."},
        {"id": "b", "text": "Chef de projet : vue d'ensemble, tableau de bord, c'est les mes bon ce est."},
        {"id": "c", "text": ""},
    ]
    stdin = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents)
    done = subprocess.run([sys.executable, "-m", "observatory.cli", "extract"], input=stdin, capture_output=True,
                          text=True, cwd=REPO, timeout=300, check=True)
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "c"]
    text = documents[0]["text"]
    found = {(s["skill_id"], text[s["start"] : s["end"]]) for s in lines[0]["skills"]}
    assert {("python", "Python"), ("django", "Django"), ("docker", "Docker"), ("kubernetes", "K8s"), ("postgresql", "PostgreSQL")} <= found
    assert all(set(s) >= {"skill_id", "label", "start", "end"} for s in lines[0]["skills"])
    assert lines[1]["skills"] == [] and lines[2]["skills"] == []


def _observatory(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "observatory.cli", *arguments], capture_output=True, text=True, cwd=REPO,
                          timeout=300, env=os.environ | (env or {}), check=False)


def test_errors_are_one_line_that_says_what_to_do(tmp_path: Path):
    report = _observatory("report", "--warehouse", str(tmp_path / "none.duckdb"))
    assert report.returncode == 1
    assert report.stderr.strip().splitlines() == [f"observatory report: no warehouse at {tmp_path / 'none.duckdb'}: run `observatory run` first"]
    bad_date = _observatory("run", "--date", "28/11/2026")
    assert bad_date.returncode == 2 and "write it YYYY-MM-DD" in bad_date.stderr
    missing = _observatory("referentials", "--rome", str(tmp_path / "nowhere"), "--warehouse", str(tmp_path / "w.duckdb"))
    assert missing.returncode == 1 and missing.stderr.strip().endswith("is not a folder: give the folder of the unzipped CSV files")
    assert "Traceback" not in report.stderr + missing.stderr


def test_a_writer_holding_the_warehouse_is_explained_not_dumped(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('held', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        report = _observatory("report", "--warehouse", str(path))
        verbose = _observatory("report", "--warehouse", str(path), "--verbose")
    finally:
        holder.kill()
        holder.wait()
    assert report.returncode == 1 and len(report.stderr.strip().splitlines()) == 1
    assert "held by another process that writes to it" in report.stderr and "read_only=True" in report.stderr
    assert "Traceback" in verbose.stderr
