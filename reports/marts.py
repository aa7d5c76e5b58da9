"""What the report site reads: named queries, each on one table of the warehouse's `marts` schema and nothing
else (the method page prints them as they are). The connection is read-only; nothing here writes."""

from __future__ import annotations

from datetime import date

import duckdb

#: The region as a whole, digital jobs and digital certifications: the index's default scope.
REGION_DIGITAL = "scope = 'digital' and geo_level = 'region'"

QUERIES = {
    "sources": """
        select * from marts.source_coverage order by side, source""",
    "window": f"""
        select min(window_start) as window_start, max(window_end) as window_end, max(jobs_total) as jobs_total,
               max(previous_jobs_total) as previous_jobs_total, max(certifications_total) as certifications_total
        from marts.skill_gap where {REGION_DIGITAL}""",
    "top_skills": f"""
        select * from marts.skill_gap
        where {REGION_DIGITAL} and level = 'skill' and jobs > 0
        order by jobs desc, required_jobs desc, concept_id limit ?""",
    "region_gaps": f"""
        select *, case when share_gap > 0 then 'under' else 'over' end as side from marts.skill_gap
        where {REGION_DIGITAL} and gap_status in ('asked_more_than_taught', 'taught_more_than_asked', 'not_significant')
          and share_gap <> 0
        order by gap_status = 'not_significant', abs(share_gap) desc, concept_id""",
    "places": """
        select geo_level, geo_code, geo_name, max(jobs_total) as jobs_total,
               max(certifications_total) as certifications_total,
               list(label_fr order by share_gap desc, concept_id) filter (where gap_status = 'asked_more_than_taught') as under_fr,
               list(label_en order by share_gap desc, concept_id) filter (where gap_status = 'asked_more_than_taught') as under_en,
               list(label_fr order by share_gap, concept_id) filter (where gap_status = 'taught_more_than_asked') as over_fr,
               list(label_en order by share_gap, concept_id) filter (where gap_status = 'taught_more_than_asked') as over_en,
        from marts.skill_gap
        where scope = 'digital' and geo_level in ('former_region', 'department')
        group by geo_level, geo_code, geo_name
        order by geo_level desc, geo_code""",
    "programmes": """
        select * from marts.programme_alignment order by department nulls last, city, national_level, title, training_id""",
    "programme": """
        select * from marts.programme_alignment where training_id = ?""",
    "occupations": """
        select * from marts.programme_occupations where training_id = ? order by similarity desc, rome_code""",
    "programme_gaps": """
        select * from marts.programme_skill_gaps where training_id = ?
        order by share desc nulls last, jobs desc, concept_id""",
    "examples": """
        select * from marts.programme_missing_examples where training_id = ? order by concept_id, example_rank""",
    "teaching": """
        select * from marts.programme_teaching where training_id = ?
        order by level desc, label_fr, taught_by desc, unit_id""",
}


def rows(con: duckdb.DuckDBPyConnection, query: str, *params: object) -> list[dict]:
    """The rows of one named query, as dicts."""
    cursor = con.execute(QUERIES[query], list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def has_marts(con: duckdb.DuckDBPyConnection) -> bool:
    needed = {"source_coverage", "skill_gap", "programme_alignment", "programme_occupations", "programme_skill_gaps",
              "programme_missing_examples", "programme_teaching"}
    found = {r[0] for r in con.execute("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()}
    return needed <= found


def night_of(con: duckdb.DuckDBPyConnection) -> date | None:
    """The night the published marts are built for; None when no source has any record."""
    sources = rows(con, "sources")
    return sources[0]["built_for"] if sources else None
