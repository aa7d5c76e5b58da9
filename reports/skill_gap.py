"""The skill-gap report for colleges: an HTML page in French (English on request) read from the marts.

It answers three questions for a programme director: which competence areas recruiters of the region ask
for more than programmes teach; which named tools they ask for; and, programme by programme, which
frequently requested areas it does not cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).resolve().parent / "templates"
TOP_SKILLS = 25
MISSING_AREAS_PER_PROGRAMME = 5
MIN_SHARE_OF_MATCHING_JOBS = 0.2  # an area asked for by at least one in five of the matching jobs

LABELS = {
    "fr": {
        "title": "Écarts entre compétences demandées et enseignées",
        "subtitle": "Observatoire des compétences numériques — Occitanie",
        "postings": "offres d'emploi", "jobs": "postes distincts", "programmes": "formations",
        "areas": "Domaines de compétences", "skills": "Compétences nommées les plus demandées",
        "under": "Demandées par les recruteurs, peu enseignées", "per_programme": "Par formation",
        "area": "Domaine", "skill": "Compétence", "demand": "Part des offres", "supply": "Part des formations",
        "gap": "Écart (points)", "covers": "Couvre", "missing": "Demandé par les offres proches, non couvert (part de ces offres)",
        "method": "Méthode", "quarantine": "Lignes mises en quarantaine (non chargées)",
        "method_text": "Les compétences sont extraites des offres (titre, description, compétences structurées) et des "
        "formations (blocs de compétences RNCP, objectifs et contenus LHEO) avec la même taxonomie. Un domaine est "
        "compté quand il est nommé par une phrase d'activité ou via l'une de ses compétences. Les offres republiées "
        "ne comptent qu'une fois. Écart = part des offres − part des formations. Pour chaque formation, les offres "
        "proches sont celles qui demandent au moins un domaine qu'elle couvre.",
        "none": "aucun",
    },
    "en": {
        "title": "Gap between skills asked for and skills taught",
        "subtitle": "Digital skills observatory — Occitanie",
        "postings": "job postings", "jobs": "distinct jobs", "programmes": "programmes",
        "areas": "Competence areas", "skills": "Most requested named skills",
        "under": "Asked for by recruiters, rarely taught", "per_programme": "Programme by programme",
        "area": "Area", "skill": "Skill", "demand": "Share of postings", "supply": "Share of programmes",
        "gap": "Gap (points)", "covers": "Covers", "missing": "Asked for by matching jobs, not covered (share of those jobs)",
        "method": "Method", "quarantine": "Rows quarantined (not loaded)",
        "method_text": "Skills are extracted from postings (title, description, structured competences) and from "
        "programmes (RNCP blocs de compétences, LHEO objectives and contents) with one taxonomy. An area counts when "
        "an activity phrase names it or through one of its skills. Re-posted jobs count once. "
        "Gap = share of postings − share of programmes. For each programme, matching jobs are those asking for at "
        "least one area it covers.",
        "none": "none",
    },
}


@dataclass(frozen=True)
class ReportFile:
    path: Path
    language: str


def _rows(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def report_data(con: duckdb.DuckDBPyConnection, language: str) -> dict:
    label = "label_fr" if language == "fr" else "label_en"
    totals = _rows(con, "select count(*) as postings, count(distinct duplicate_group) as jobs from core.postings")[0]
    totals["programmes"] = con.execute("select count(*) from core.trainings where is_active").fetchall()[0][0]
    areas = _rows(con, f"select {label} as label, * exclude ({label}) from marts.skill_gap where level = 'area' order by share_gap desc")
    skills = _rows(con, f"select {label} as label, * exclude ({label}) from marts.skill_gap where level = 'skill' and demand_postings > 0 "
                        "order by demand_postings desc, concept_id limit ?", TOP_SKILLS)
    under = _rows(con, f"select {label} as label, * exclude ({label}) from marts.skill_gap where level = 'skill' "
                       "and demand_postings >= 2 and share_gap > 0 order by share_gap desc, concept_id limit 15")
    programmes = _rows(con, f"""
        select t.training_id, t.title, t.provider, t.city,
               list(s.{label} order by s.{label}) filter (where s.level = 'area') as covers,
        from core.trainings as t
        left join core.training_skills as ts using (training_id)
        left join core.skills as s using (concept_id)
        where t.is_active
        group by all
        order by t.title, t.training_id""")
    gaps = _rows(con, f"""
        select g.training_id, s.{label} as label, g.share_of_matching_jobs, g.matching_jobs
        from marts.programme_gaps as g
        inner join core.skills as s using (concept_id)
        where g.share_of_matching_jobs >= ?
        order by g.training_id, g.share_of_matching_jobs desc, label""", MIN_SHARE_OF_MATCHING_JOBS)
    for p in programmes:
        own = [g for g in gaps if g["training_id"] == p["training_id"]][:MISSING_AREAS_PER_PROGRAMME]
        p["missing"] = [f"{g['label']} ({g['share_of_matching_jobs']:.0%})" for g in own]
    quarantine = _rows(con, "select stage, reason, count(*) as rows from landing.quarantine group by all order by rows desc, reason limit 20")
    return {"totals": totals, "areas": areas, "skills": skills, "under": under, "programmes": programmes, "quarantine": quarantine}


def render_report(con: duckdb.DuckDBPyConnection, out_dir: Path, run_date: date, language: str = "fr") -> ReportFile:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    html = environment.get_template("skill_gap.html.j2").render(
        t=LABELS[language], language=language, run_date=run_date.isoformat(), **report_data(con, language)
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"skill_gap_{run_date.isoformat()}.{language}.html"
    path.write_text(html, encoding="utf-8")
    return ReportFile(path, language)
