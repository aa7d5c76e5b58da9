"""The gap highlights that changed tonight: the skills and areas whose clear gap in the region (the two
intervals apart, `gap_status` of marts.skill_gap, docs/method.md) appeared or went away since the previous
night's marts. Read from the working copy before and after the build, for the run summary."""

from __future__ import annotations

from pathlib import Path

import duckdb

CLEAR = ("asked_more_than_taught", "taught_more_than_asked")
SHOWN = 12


def clear_gaps(warehouse: Path) -> dict[tuple[str, str], tuple[str, str, float | None, float | None]]:
    """(concept, scope) → (label, gap status, demand share, supply share) of the region's clear gaps."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        present = con.execute("select count(*) from duckdb_tables() where schema_name = 'marts' and table_name = 'skill_gap'").fetchall()
        if not present[0][0]:
            return {}
        rows = con.execute(
            "select concept_id, scope, coalesce(label_en, label_fr, concept_id), gap_status, demand_share, supply_share "
            "from marts.skill_gap where geo_level = 'region' and gap_status in (?, ?)", list(CLEAR)).fetchall()
    return {(concept, scope): (label, status, demand, supply) for concept, scope, label, status, demand, supply in rows}


def _share(value: float | None) -> str:
    return "?" if value is None else f"{value:.0%}"


def gap_changes(before: dict, after: dict) -> list[str]:
    """One line per clear gap that appeared, changed direction or went away."""
    lines = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old and new and old[1] == new[1]:
            continue
        label, scope = (new or old)[0], key[1]
        if new:
            verb = "now " + new[1].replace("_", " ")
            lines.append(f"{verb}: {label} ({scope} jobs; asked {_share(new[2])}, taught {_share(new[3])})")
        else:
            lines.append(f"no longer a clear gap: {label} ({scope} jobs; was {old[1].replace('_', ' ')})")
    return lines[:SHOWN] + ([f"... and {len(lines) - SHOWN} more"] if len(lines) > SHOWN else [])
