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
