"""The gap marts on a tiny hand-computed warehouse: scope, window and trend, places, intervals, small cells,
areas with evidence, certifications counted once, each programme's own market, alignment, tiers, examples.

The seed (computed by hand below, window = Dec 2025 – Nov 2026, previous = Dec 2024 – Nov 2025):

    job  postings  ROME (digital?)       dept  created     asks for
    J1   P1 + P2   M1855 web dev (yes)   34    2026-11     python (required), react (required)
    P3   P3        M1805 developer (yes) 34    2026-10     python (wished), tensorflow (required)
    P4   P4        M1805                 31    2026-06     python (required)
    P5   P5        M1203 accountant (no) 34    2026-09     python (wished), rgpd (required)
    P6   P6        M1855                 34    2025-11     react (required)        ← previous window
    P7   P7        M1855                 30    2025-03     python (required)       ← previous window

    programme  certification  dept  ROME    teaches                          active
    F1 (RNCP)  RNCP90001      —     M1805   react, area:frontend_web (bloc)  yes
    L1         RNCP90001      34    M1805   python, tensorflow               yes
    L2         RNCP90001      30    M1805   react                            yes
    L3         RNCP90001      66    M1805   rgpd                             yes
    L4         RNCP90010      34    M1501   rgpd (payroll)                   yes
    L5         RNCP90002      34    M1805   python                           no (ended; SIRET S5)
    L6         —              31    M1855   react                            yes (SIRET S6)
    L7         —              34    —       python, tensorflow               yes
    L8         RNCP90011      30    M1805   react                            yes: a 2018 session in 30, a current one in 34
    F2 (RNCP)  RNCP90003      —     M1805   python                           yes; partners S6 (teaches in 31) and S5 (ended)
    F3 (RNCP)  RNCP90004      —     M1805   react                            inactive fiche; a partner placed in 34
    O1 (ONISEP) RNCP90010     —     —       python, two areas named          national catalogue, no place
    L9         RNCP90010      34    M1805   tensorflow                       no (its sessions ended in 2019)

Where certifications are offered (core.certification_offers): RNCP90001 by L1 (34), L2 (30), L3 (66); RNCP90003 by
its partner S6 (31), located by L6; RNCP90010 by L4 (34); RNCP90011 by L8 in 34 only; L6 (31) and L7 (34) as their
own. Not: RNCP90002 (L5 ended), S5 (located only by an ended offer), RNCP90004 (inactive), O1 (no place).
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from transforms.deduplicate import repost_key, shingle_hashes, text_buckets
from warehouse.build import build_models
from warehouse.load import connect, load_source_night, load_taxonomy

NIGHT = date(2026, 11, 28)
AREAS = ["area:backend_dev", "area:data_engineering", "area:machine_learning_ai", "area:frontend_web", "area:cybersecurity"]
SKILLS = {"python": ["area:backend_dev", "area:data_engineering", "area:machine_learning_ai"],
          "tensorflow": ["area:machine_learning_ai"], "react": ["area:frontend_web"], "rgpd": ["area:cybersecurity"]}
WEIGHTS = {"python": 1 / 3, "tensorflow": 1.0, "react": 1.0, "rgpd": 0.0}  # Skill.area_weight: RGPD is no area evidence
CONCEPTS = pd.DataFrame(
    [{"concept_id": a, "level": "area", "label_fr": a, "label_en": a, "category": None, "esco_uri": None, "rome_codes": []} for a in AREAS]
    + [{"concept_id": s, "level": "skill", "label_fr": s.capitalize(), "label_en": s, "category": "languages", "esco_uri": None,
        "rome_codes": []} for s in SKILLS])
SKILL_AREAS = pd.DataFrame([{"skill_id": s, "area_id": a, "weight": WEIGHTS[s]} for s, areas in SKILLS.items() for a in areas])

POSTINGS = [  # id, group, rome, department, created, {skill: requirement}
    ("P1", "P1", "M1855", "34", "2026-11-10", {"python": "required", "react": "required"}),
    ("P2", "P1", "M1855", "34", "2026-11-20", {"python": "required", "react": "required"}),
    ("P3", "P3", "M1805", "34", "2026-10-05", {"python": "wished", "tensorflow": "required"}),
    ("P4", "P4", "M1805", "31", "2026-06-01", {"python": "required"}),
    ("P5", "P5", "M1203", "34", "2026-09-01", {"python": "wished", "rgpd": "required"}),
    ("P6", "P6", "M1855", "34", "2025-11-15", {"react": "required"}),
    ("P7", "P7", "M1855", "30", "2025-03-01", {"python": "required"}),
]
TRAININGS = [  # id, source, certification, department, rome codes, active, taught skills, taught areas (named in the text)
    ("F1", "rncp", "RNCP90001", None, ["M1805"], True, ["react"], ["area:frontend_web"]),
    ("L1", "lheo", "RNCP90001", "34", ["M1805"], True, ["python", "tensorflow"], []),
    ("L2", "lheo", "RNCP90001", "30", ["M1805"], True, ["react"], []),
    ("L3", "lheo", "RNCP90001", "66", ["M1805"], True, ["rgpd"], []),
    ("L4", "lheo", "RNCP90010", "34", ["M1501"], True, ["rgpd"], []),
    ("L5", "lheo", "RNCP90002", "34", ["M1805"], False, ["python"], []),
    ("L6", "lheo", None, "31", ["M1855"], True, ["react"], []),
    ("L7", "lheo", None, "34", [], True, ["python", "tensorflow"], []),
    ("L8", "lheo", "RNCP90011", "30", ["M1805"], True, ["react"], []),
    ("F2", "rncp", "RNCP90003", None, ["M1805"], True, ["python"], []),
    ("F3", "rncp", "RNCP90004", None, ["M1805"], False, ["react"], []),
    ("O1", "onisep", "RNCP90010", None, [], True, ["python"], ["area:frontend_web", "area:backend_dev"]),
    ("L9", "lheo", "RNCP90010", "34", ["M1805"], True, ["tensorflow"], []),
]
S5, S6 = "55555555500055", "66666666600066"


def _partner(siret: str | None, name: str, department: str | None = None) -> dict:
    return {"siret": siret, "name": name, "habilitation": "HABILITATION_ORGA_FORM", "is_active": True,
            "department": department, "commune_code": None}


def _session(session_id: str, start: str, end: str, department: str) -> dict:
    return {"session_id": session_id, "start": start, "end": end, "commune_code": None, "department": department,
            "city": None, "modality": "on_site", "hours": 400.0, "funders": []}


EXTRA = {  # what some programmes add: the responsible organisation's SIRET, a fiche's status and partners, sessions
    "L5": {"provider_siret": S5, "sessions": [_session("L5-1", "2018-01-08", "2018-06-29", "34")]},
    "L6": {"provider_siret": S6},
    "L9": {"sessions": [_session("L9-1", "2018-09-03", "2019-06-28", "34")]},
    "L8": {"sessions": [_session("L8-1", "2018-01-08", "2018-06-29", "30"), _session("L8-2", "2026-09-07", "2027-03-26", "34")]},
    "F1": {"status": "active"},
    "F2": {"status": "active", "partners": [_partner(S6, "École L6"), _partner(S5, "Organisme L5")]},
    "F3": {"status": "inactive", "partners": [_partner(None, "Centre héraultais", "34")]},
}


def _mention(document_id: str, concept_id: str, kind: str, requirement: str | None, unit: str, start: int) -> dict:
    return {"document_id": document_id, "unit_id": unit, "concept_id": concept_id, "kind": kind,
            "start_offset": start, "end_offset": start + 5, "surface": concept_id, "requirement": requirement}


TEXTS = {
    "P1": "Agence web montpelliéraine cherche développeur pour sites e-commerce, intégration de maquettes et API.",
    "P3": "Éditeur de logiciels médicaux recrute ingénieur pour modèles de vision sur images radiologiques.",
    "P4": "Société toulousaine d'aéronautique renforce son équipe outillage de calcul et scripts de traitement.",
    "P5": "Cabinet d'expertise comptable recherche collaborateur pour bilans, liasses fiscales et révision.",
    "P6": "Startup nîmoise lance une application de réservation et cherche un profil interface utilisateur.",
    "P7": "Laboratoire public gardois propose un contrat pour automatiser l'analyse de relevés hydrologiques.",
}


def _text(group: str) -> str:
    """The description of a job's postings: a re-post (P2) repeats its first posting's text word for word."""
    return TEXTS[group]


def _frames() -> dict[str, pd.DataFrame]:
    postings = pd.DataFrame([
        {"posting_id": p, "source": "france_travail", "title": f"Poste {group}", "description": _text(group), "rome_code": rome,
         "department": dept, "duplicate_group": group, "created_at": pd.Timestamp(created), "is_digital_job": False,
         "url": f"https://example.org/{p}", "repost_key": repost_key(f"Poste {group}", "", dept),
         "lsh_buckets": text_buckets(shingle_hashes(_text(group)))}
        for p, group, rome, dept, created, _ in POSTINGS])
    posting_mentions = pd.DataFrame([_mention(p, skill, "skill", requirement, "description", i * 10)
                                     for p, *_, asks in POSTINGS for i, (skill, requirement) in enumerate(asks.items())])
    trainings = pd.DataFrame([
        {"training_id": t, "source": source, "title": f"Formation {t}", "certification": certification, "department": dept,
         "rome_codes": rome, "is_active": active, "unit_count": 1, "national_level": 5,
         "provider_siret": EXTRA.get(t, {}).get("provider_siret"), "status": EXTRA.get(t, {}).get("status"),
         **{key: json.dumps(EXTRA.get(t, {}).get(key, [])) for key in ("partners", "sessions")}}
        for t, source, certification, dept, rome, active, *_ in TRAININGS])
    units = pd.DataFrame([{"training_id": t, "unit_id": f"{t}-u", "kind": "contents", "label": "Contenu", "text": "…"} for t, *_ in TRAININGS])
    training_mentions = pd.DataFrame(
        [_mention(t, s, "skill", None, f"{t}-u", i * 10) for t, *_, skills, _ in TRAININGS for i, s in enumerate(skills)]
        + [_mention(t, a, "area", None, f"{t}-u", 100 + i) for t, *_, areas in TRAININGS for i, a in enumerate(areas)])
    return {"postings": postings, "posting_mentions": posting_mentions.rename(columns={"document_id": "posting_id"}),
            "trainings": trainings, "training_units": units,
            "training_mentions": training_mentions.rename(columns={"document_id": "training_id"})}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory, dbt_state: Path) -> Path:
    folder = tmp_path_factory.mktemp("gap")
    path = folder / "w.duckdb"
    tables = {}
    for table, frame in _frames().items():
        tables[table] = [str(folder / f"{table}.parquet")]
        frame.to_parquet(tables[table][0], index=False)
    con = connect(path)
    load_taxonomy(con, CONCEPTS, SKILL_AREAS)
    load_source_night(con, "seed", tables, [], None, [], "run", NIGHT)
    con.close()
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("OBSERVATORY_DBT_DIR", str(dbt_state))
    try:  # small cells at their defaults (5 jobs, 3 programmes); 1 job suffices for a 'nearest' occupation here
        build_models(path, window_end=NIGHT, variables={"nearest_occupations": 2, "nearest_min_jobs": 1})
    finally:
        monkeypatch.undo()
    return path


def _rows(path: Path, sql: str) -> list[dict]:
    con = duckdb_connect(path)
    try:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
    finally:
        con.close()


def duckdb_connect(path: Path):
    import duckdb

    return duckdb.connect(str(path), read_only=True)


def _gap(path: Path, concept: str, scope: str = "digital", geo_level: str = "region", geo_code: str = "76") -> dict:
    rows = _rows(path, f"select * from marts.skill_gap where concept_id = '{concept}' and scope = '{scope}' "
                       f"and geo_level = '{geo_level}' and geo_code = '{geo_code}'")
    assert len(rows) == 1
    return rows[0]


def wilson(k: int, n: int) -> tuple[float, float]:
    """The 95 % Wilson interval, written out independently of the SQL macro."""
    p, z = k / n, 1.96
    centre, spread = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return round(max(0.0, (centre - spread) / (1 + z * z / n)), 4), round(min(1.0, (centre + spread) / (1 + z * z / n)), 4)


def test_wilson_written_out_matches_published_values():
    assert wilson(1, 3) == (0.0615, 0.7923)
    assert wilson(0, 10) == (0.0, 0.2775)


def test_demand_counts_digital_jobs_of_the_window_once(warehouse: Path):
    python = _gap(warehouse, "python")
    # digital jobs of the window: J1 (P1 + P2, one job), P3, P4; P5 is an accountant, P6 and P7 are older
    assert (python["window_start"], python["window_end"]) == (date(2025, 12, 1), date(2026, 11, 30))
    assert (python["jobs_total"], python["jobs"], python["required_jobs"]) == (3, 3, 2)
    assert (python["demand_share"], python["required_share"]) == (1.0, 0.6667)
    assert (python["demand_low"], python["demand_high"]) == wilson(3, 3)
    react = _gap(warehouse, "react")
    assert (react["jobs"], react["demand_share"], react["demand_low"], react["demand_high"]) == (1, 0.3333, *wilson(1, 3))


def test_a_non_digital_job_enters_only_the_all_jobs_scope(warehouse: Path):
    assert _rows(warehouse, "select job_id from core.jobs where not is_digital_job") == [{"job_id": "P5"}]
    rgpd_digital, rgpd_all = _gap(warehouse, "rgpd"), _gap(warehouse, "rgpd", scope="all")
    assert (rgpd_digital["jobs"], rgpd_digital["jobs_total"]) == (0, 3)
    assert (rgpd_all["jobs"], rgpd_all["jobs_total"], rgpd_all["demand_share"]) == (1, 4, 0.25)


def test_python_alone_is_no_evidence_of_an_ml_or_data_area(warehouse: Path):
    areas = {(r["job_id"], r["concept_id"]) for r in _rows(warehouse, "select job_id, concept_id from core.job_skills where level = 'area'")}
    assert ("P4", "area:machine_learning_ai") not in areas and ("P4", "area:backend_dev") not in areas  # Python alone
    assert ("P3", "area:machine_learning_ai") in areas  # TensorFlow names the area
    assert ("P5", "area:cybersecurity") not in areas  # RGPD is a legal mention, not an area
    assert _gap(warehouse, "area:machine_learning_ai")["jobs"] == 1
    assert _gap(warehouse, "area:backend_dev")["jobs"] == 0
    taught = {(r["training_id"], r["concept_id"]) for r in _rows(warehouse, "select training_id, concept_id from core.training_skills where level = 'area'")}
    assert ("L3", "area:cybersecurity") not in taught and ("L1", "area:machine_learning_ai") in taught


def test_trend_against_the_previous_window(warehouse: Path):
    python, react = _gap(warehouse, "python"), _gap(warehouse, "react")
    assert (python["previous_jobs_total"], python["previous_jobs"], python["previous_demand_share"], python["demand_trend"]) == (2, 1, 0.5, 0.5)
    assert (react["previous_jobs"], react["demand_trend"]) == (1, -0.1667)


def test_places_department_and_former_region(warehouse: Path):
    assert (_gap(warehouse, "python", geo_level="department", geo_code="34")["jobs_total"]) == 2  # J1, P3
    assert (_gap(warehouse, "python", geo_level="department", geo_code="31")["jobs_total"]) == 1  # P4
    lr = _gap(warehouse, "python", geo_level="former_region", geo_code="Languedoc-Roussillon")
    # RNCP90001 by L1 (34), L2 (30), L3 (66); RNCP90011 by L8 in 34 (its 2018 session in 30 is no supply)
    assert (lr["jobs_total"], lr["certifications_total"], lr["programmes_total"]) == (2, 2, 4)


def test_one_certification_with_three_programmes_counts_once_in_supply(warehouse: Path):
    react, python = _gap(warehouse, "react"), _gap(warehouse, "python")
    # digital certifications offered in the region: RNCP90001 (L1, L2, L3), L6's own, RNCP90011 (L8) and RNCP90003
    # (by its partner in 31); programmes L1, L2, L3, L6, L8 (a partner adds a certification, no programme)
    assert (react["certifications_total"], react["certifications"], react["supply_share"]) == (4, 3, 0.75)
    assert (react["programmes_total"], react["programmes"]) == (5, 5)  # L1 and L3 inherit React from the RNCP blocs
    assert (python["certifications"], python["supply_share"], python["programmes"]) == (2, 0.5, 1)  # RNCP90001, RNCP90003
    assert (python["supply_low"], python["supply_high"]) == wilson(2, 4)
    everything = _gap(warehouse, "python", scope="all")  # + the payroll certification and L7 (no ROME code, one area)
    assert (everything["certifications_total"], everything["programmes_total"]) == (6, 7)


def test_small_cells_are_flagged_and_never_called_a_clear_gap(warehouse: Path):
    react, backend = _gap(warehouse, "react"), _gap(warehouse, "area:backend_dev")
    assert react["demand_small_cell"] and not react["supply_small_cell"]  # 3 jobs; 3 of 4 certifications
    assert _gap(warehouse, "react", geo_level="department", geo_code="31")["supply_small_cell"]  # 2 certifications
    assert {react["gap_status"], backend["gap_status"]} == {"small_cell"}
    statuses = _rows(warehouse, "select distinct gap_status from marts.skill_gap where jobs_total > 0 and certifications_total > 0")
    assert statuses == [{"gap_status": "small_cell"}]


def test_a_programme_market_is_its_occupations_not_any_job_sharing_an_area(warehouse: Path):
    market = _rows(warehouse, "select rome_code, match, similarity, window_jobs from marts.programme_occupations "
                              "where training_id = 'L2' order by rome_code")
    # its ROME code M1805, and the web developer sheet of that family, close to what it teaches (react)
    assert market == [{"rome_code": "M1805", "match": "rome", "similarity": 0.0, "window_jobs": 2},
                      {"rome_code": "M1855", "match": "rome_family", "similarity": 0.7071, "window_jobs": 1}]
    nearest = _rows(warehouse, "select rome_code, match, similarity from marts.programme_occupations where training_id = 'L7' order by similarity desc, rome_code")
    assert nearest == [{"rome_code": "M1805", "match": "nearest", "similarity": 0.9487},
                       {"rome_code": "M1203", "match": "nearest", "similarity": 0.5}]


def test_alignment_tiers_and_examples_of_a_programme(warehouse: Path):
    alignment = _rows(warehouse, "select * from marts.programme_alignment where training_id = 'L2'")[0]
    # market: J1, P3, P4; required demand python 2 + react 1 + tensorflow 1; L2 teaches react → 1/4
    assert (alignment["market_jobs"], alignment["alignment_score"], alignment["is_small_market"]) == (3, 0.25, True)
    assert (alignment["market_rule"], alignment["market_occupations"]) == ("rome_family", ["M1855", "M1805"])
    assert (alignment["necessary_missing"], alignment["frequent_missing"]) == (["Python"], ["Tensorflow"])
    assert alignment["areas_missing"] == ["area:machine_learning_ai"]
    gaps = {r["concept_id"]: r for r in _rows(warehouse, "select * from marts.programme_skill_gaps where training_id = 'L2'")}
    assert (gaps["python"]["share"], gaps["python"]["tier"], gaps["python"]["status"]) == (1.0, "necessary", "missing")
    assert (gaps["tensorflow"]["share"], gaps["tensorflow"]["tier"]) == (0.3333, "frequent")
    assert (gaps["react"]["status"], gaps["react"]["taught_by"]) == ("taught_and_asked", ["certification", "programme"])
    assert (gaps["react"]["share_low"], gaps["react"]["share_high"]) == wilson(1, 3)
    assert all(g["tier"] != "emerging" for g in gaps.values())  # no previous window of 5 jobs: nothing is called emerging
    examples = _rows(warehouse, "select example_rank, job_id, posting_id, created_on from marts.programme_missing_examples "
                                "where training_id = 'L2' and concept_id = 'python' order by example_rank")
    assert [(e["job_id"], e["posting_id"], e["created_on"]) for e in examples] == [
        ("P1", "P1", date(2026, 11, 10)), ("P3", "P3", date(2026, 10, 5)), ("P4", "P4", date(2026, 6, 1))]
    assert _rows(warehouse, "select alignment_score, market_jobs from marts.programme_alignment where training_id = 'L4'") == [
        {"alignment_score": None, "market_jobs": 0}]  # payroll: no job of its occupations, no score
    assert _rows(warehouse, "select count(*) as n from marts.programme_alignment where training_id = 'L5'") == [{"n": 0}]  # ended


def test_a_certification_is_offered_where_a_programme_is_taught_now_or_a_partner_is_located(warehouse: Path):
    offers = _rows(warehouse, "select certification_id, department_code, offered_by, offer_id from core.certification_offers order by all")
    assert [tuple(o.values()) for o in offers] == [
        ("L6", "31", "programme", "L6"), ("L7", "34", "programme", "L7"),
        ("RNCP90001", "30", "programme", "L2"), ("RNCP90001", "34", "programme", "L1"), ("RNCP90001", "66", "programme", "L3"),
        ("RNCP90003", "31", "partner", S6),  # its partner runs L6 in Haute-Garonne
        ("RNCP90010", "34", "programme", "L4"),
        ("RNCP90011", "34", "programme", "L8"),  # its 2018 session in Gard is over: offered in Hérault only
    ]
    # the one rule, read by the certifications too: RNCP90002 (its only offer ended), RNCP90004 (inactive, though a
    # partner is placed in Hérault) and what the ONISEP entry prepares (RNCP90010 is offered by L4, not by it)
    offered = _rows(warehouse, "select certification_id, regional_programmes, regional_partners, departments from core.certifications "
                               "where is_offered_in_region order by 1")
    assert [tuple(o.values()) for o in offered] == [
        ("L6", 1, 0, ["31"]), ("L7", 1, 0, ["34"]), ("RNCP90001", 3, 0, ["30", "34", "66"]), ("RNCP90003", 0, 1, ["31"]),
        ("RNCP90010", 1, 0, ["34"]), ("RNCP90011", 1, 0, ["34"])]


def test_a_partner_offered_certification_is_supply_of_its_place(warehouse: Path):
    python = _gap(warehouse, "python", geo_level="department", geo_code="31")
    # Haute-Garonne: L6's own certification and RNCP90003 (its partner); RNCP90003's fiche teaches Python
    assert (python["certifications_total"], python["certifications"], python["programmes_total"], python["programmes"]) == (2, 1, 1, 0)


def test_an_ended_offer_is_supply_nowhere(warehouse: Path):
    assert _rows(warehouse, "select training_id, department_code from core.programme_places where training_id in ('L5', 'L8')") == [
        {"training_id": "L8", "department_code": "34"}]
    # S5 runs only L5, whose sessions ended in 2018: it locates no partner in the region
    assert _rows(warehouse, "select partner_key, is_in_region, regional_departments from core.certification_partners "
                            "where certification_id = 'RNCP90003' order by 1") == [
        {"partner_key": S5, "is_in_region": False, "regional_departments": []},
        {"partner_key": S6, "is_in_region": True, "regional_departments": ["31"]}]
    assert _rows(warehouse, "select count(*) as n from marts.programme_alignment where training_id = 'L5'") == [{"n": 0}]


def test_the_programme_marts_describe_the_regional_supply_only(warehouse: Path):
    supply = _rows(warehouse, "select training_id, role, departments from core.supply_programmes order by role, training_id")
    assert [tuple(r.values()) for r in supply] == [
        ("F1", "certification", ["30", "34", "66"]), ("F2", "certification", ["31"]),
        ("L1", "programme", ["34"]), ("L2", "programme", ["30"]), ("L3", "programme", ["66"]), ("L4", "programme", ["34"]),
        ("L6", "programme", ["31"]), ("L7", "programme", ["34"]), ("L8", "programme", ["34"])]
    aligned = _rows(warehouse, "select training_id from marts.programme_alignment order by 1")
    assert [r["training_id"] for r in aligned] == [r["training_id"] for r in sorted(supply, key=lambda r: r["training_id"])]
    # F3's certification is inactive and offered nowhere: no page
    assert _rows(warehouse, "select count(*) as n from marts.programme_occupations where training_id in ('F3', 'O1')") == [{"n": 0}]


def test_an_ended_offer_says_nothing_of_its_certification(warehouse: Path):
    # L9 led to developers (digital) and taught TensorFlow until 2019: the payroll certification is neither now
    assert _rows(warehouse, "select is_active, is_digital, describes_certification from core.trainings where training_id = 'L9'") == [
        {"is_active": False, "is_digital": True, "describes_certification": False}]
    assert _rows(warehouse, "select is_digital from core.certifications where certification_id = 'RNCP90010'") == [{"is_digital": False}]
    assert _gap(warehouse, "tensorflow", scope="all")["certifications"] == 2  # RNCP90001 (L1) and L7, not RNCP90010


def test_a_national_catalogue_entry_is_no_supply(warehouse: Path):
    assert _rows(warehouse, "select training_id, supply_scope from core.trainings where training_id in ('F2', 'L5', 'L8', 'O1') "
                            "order by 1") == [
        {"training_id": "F2", "supply_scope": "certification_register"}, {"training_id": "L5", "supply_scope": "regional"},
        {"training_id": "L8", "supply_scope": "regional"}, {"training_id": "O1", "supply_scope": "national_catalogue"}]
    # its domains name two areas (a digital programme by itself) and Python: neither reaches the payroll certification
    assert _rows(warehouse, "select is_digital from core.trainings where training_id = 'O1'") == [{"is_digital": True}]
    assert _rows(warehouse, "select is_digital from core.certifications where certification_id = 'RNCP90010'") == [{"is_digital": False}]
    assert _rows(warehouse, "select concept_id from core.certification_skills where certification_id = 'RNCP90010'") == [
        {"concept_id": "rgpd"}]
    assert _gap(warehouse, "python", scope="all")["certifications"] == 3  # RNCP90001, RNCP90003, L7: not RNCP90010
