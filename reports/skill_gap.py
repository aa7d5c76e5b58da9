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
REGION = "geo_level = 'region' and scope = 'digital'"  # the report's default: digital jobs and programmes, the whole region

LABELS = {
    "fr": {
        "title": "Écarts entre compétences demandées et enseignées",
        "subtitle": "Observatoire des compétences numériques — Occitanie",
        "postings": "offres d'emploi", "jobs": "postes distincts", "programmes": "formations",
        "areas": "Domaines de compétences", "skills": "Compétences nommées les plus demandées",
        "under": "Demandées par les recruteurs, peu enseignées", "per_programme": "Par formation",
        "area": "Domaine", "skill": "Compétence", "demand": "Part des postes (IC 95 %)", "supply": "Part des certifications (IC 95 %)",
        "gap": "Écart (points)", "status": "Lecture", "score": "Alignement", "market": "Marché (postes)",
        "necessary": "Nécessaires, non enseignées", "frequent": "Fréquentes, non enseignées",
        "window": "Postes numériques publiés du {start} au {end} en Occitanie ; formations actives (sources : France Travail, "
                  "sites carrières, RNCP, LHEO).",
        "method": "Méthode", "quarantine": "Lignes mises en quarantaine (non chargées)",
        "method_text": "Les compétences sont extraites des offres et des formations avec la même taxonomie. Un poste "
        "republié ne compte qu'une fois ; une certification proposée par plusieurs formations aussi. Un domaine compte "
        "quand le texte le nomme ou quand assez de ses compétences spécifiques apparaissent (Python seul ne fait pas "
        "un poste « IA »). Chaque part a son intervalle de confiance à 95 % (Wilson) ; un écart n'est net que si les "
        "intervalles ne se chevauchent pas ; moins de 5 postes ou 3 certifications : petit effectif, à ne pas lire "
        "comme un fait. Le marché d'une formation : les postes des métiers (ROME) auxquels elle prépare. "
        "Définitions complètes : docs/method.md.",
        "statuses": {"asked_more_than_taught": "plus demandé qu'enseigné", "taught_more_than_asked": "plus enseigné que demandé",
                     "not_significant": "écart non significatif", "small_cell": "petit effectif", "no_data": "pas de données"},
        "small": "petit effectif",
        "none": "aucune",
    },
    "en": {
        "title": "Gap between skills asked for and skills taught",
        "subtitle": "Digital skills observatory — Occitanie",
        "postings": "job postings", "jobs": "distinct jobs", "programmes": "programmes",
        "areas": "Competence areas", "skills": "Most requested named skills",
        "under": "Asked for by recruiters, rarely taught", "per_programme": "Programme by programme",
        "area": "Area", "skill": "Skill", "demand": "Share of jobs (95 % CI)", "supply": "Share of certifications (95 % CI)",
        "gap": "Gap (points)", "status": "Reading", "score": "Alignment", "market": "Market (jobs)",
        "necessary": "Necessary, not taught", "frequent": "Frequent, not taught",
        "window": "Digital jobs posted from {start} to {end} in Occitanie; active programmes (sources: France Travail, "
                  "career sites, RNCP, LHEO).",
        "method": "Method", "quarantine": "Rows quarantined (not loaded)",
        "method_text": "Skills are extracted from postings and programmes with one taxonomy. A re-posted job counts "
        "once; so does a certification offered by several programmes. An area counts when the text names it or when "
        "enough of its specific skills appear (Python alone does not make an AI job). Every share has its 95 % "
        "(Wilson) interval; a gap is clear only when the intervals do not overlap; fewer than 5 jobs or 3 "
        "certifications is a small cell, not a fact. A programme's market: the jobs of the occupations (ROME) it "
        "leads to. Full definitions: docs/method.md.",
        "statuses": {"asked_more_than_taught": "asked more than taught", "taught_more_than_asked": "taught more than asked",
                     "not_significant": "not significant", "small_cell": "small cell", "no_data": "no data"},
        "small": "small cell",
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
    window = _rows(con, f"select min(window_start) as start, max(window_end) as end from marts.skill_gap where {REGION}")[0]
    areas = _rows(con, f"select {label} as label, * exclude ({label}) from marts.skill_gap where {REGION} and level = 'area' "
                       "and (jobs > 0 or certifications > 0) order by share_gap desc, concept_id")
    skills = _rows(con, f"select {label} as label, * exclude ({label}) from marts.skill_gap where {REGION} and level = 'skill' "
                        "and jobs > 0 order by jobs desc, concept_id limit ?", TOP_SKILLS)
    under = _rows(con, f"select {label} as label, * exclude ({label}) from marts.skill_gap where {REGION} and level = 'skill' "
                       "and gap_status = 'asked_more_than_taught' order by share_gap desc, concept_id limit 15")
    programmes = _rows(con, """
        select a.*, t.provider, t.city from marts.programme_alignment as a inner join core.trainings as t using (training_id)
        order by a.title, a.training_id""")
    quarantine = _rows(con, "select stage, reason, count(*) as rows from landing.quarantine group by all order by rows desc, reason limit 20")
    return {"totals": totals, "window": window, "areas": areas, "skills": skills, "under": under, "programmes": programmes,
            "quarantine": quarantine}


def render_report(con: duckdb.DuckDBPyConnection, out_dir: Path, run_date: date, language: str = "fr") -> ReportFile:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    html = environment.get_template("skill_gap.html.j2").render(
        t=LABELS[language], language=language, run_date=run_date.isoformat(), **report_data(con, language)
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"skill_gap_{run_date.isoformat()}.{language}.html"
    path.write_text(html, encoding="utf-8")
    return ReportFile(path, language)
