"""Training supply in the warehouse, from real exports crawled on a local server to the core models: sessions and
the window, certification status and links, partners and the regional offer rule, what a programme inherits with
the text it came from, what is quarantined and why, and that no contact of the samples is stored.

One night: the real RNCP and RS fiches and the bundled (fictitious) RNCP sample; the four real Intercarif LHEO
offers, their JSON variant, the real ONISEP LHEO BTS, the bundled LHEO sample and a hand-written digital offer of
Montpellier (tests/fixtures); the bundled ONISEP sample. Window: Dec 2025 – Nov 2026 (night of 2026-11-28).
"""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pytest

from expectations.gate import gate
from observatory.config import CrawlSettings
from observatory.sample_server import serve_sample_sources
from spiders.crawl import run_crawl
from transforms.batch import transform_records
from transforms.frames import taxonomy_frames
from warehouse.build import build_models
from warehouse.load import connect, load_source_night, load_taxonomy

NIGHT = date(2026, 11, 28)
REPO = Path(__file__).resolve().parent.parent.parent
FIXTURES = REPO / "tests" / "fixtures"
BUNDLED = REPO / "sample_sources"
TABLES = ("trainings", "training_units", "training_mentions")


def _exports(shared: Path, root: Path) -> dict[str, str]:
    """The night's exports as the sources would serve them: zipped documents, one URL a source."""
    with zipfile.ZipFile(root / "rncp.zip", "w") as archive:
        for path in (*sorted((shared / "rncp").glob("*.xml")), BUNDLED / "rncp" / "export_fiches_rncp_v4.1.xml"):
            archive.write(path, path.name)
    with zipfile.ZipFile(root / "lheo.zip", "w") as archive:
        lheo = [*sorted((shared / "lheo").glob("trefle_intercarif_*")), shared / "lheo" / "lheo-schema_exemple-bts-onisep.xml",
                BUNDLED / "lheo" / "offres_occitanie.xml", FIXTURES / "lheo_developpeur_web_montpellier.xml"]
        for path in lheo:
            archive.write(path, path.name)
    shutil.copy(BUNDLED / "onisep" / "ideo_formations_initiales.csv", root / "onisep.csv")
    return {"rncp": "rncp.zip", "lheo": "lheo.zip", "onisep": "onisep.csv"}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory, shared_samples: Path, extractor, dbt_state: Path) -> Path:
    folder = tmp_path_factory.mktemp("supply")
    root = folder / "www"
    root.mkdir()
    path = folder / "w.duckdb"
    con = connect(path)
    load_taxonomy(con, *taxonomy_frames(extractor.taxonomy))
    con.close()
    with serve_sample_sources(root) as base:
        for source, name in _exports(shared_samples, root).items():
            crawled = run_crawl(source, {"url": f"{base}/{name}"}, folder / "landing", NIGHT.isoformat(), "night", download_delay=0)
            records = [json.loads(line) for line in crawled.records_path.read_text(encoding="utf-8").splitlines()]
            batch = gate(transform_records(source, records, extractor), list(extractor.taxonomy.by_id), CrawlSettings().departments)
            tables = {}
            for table in TABLES:
                frame = getattr(batch, table).rename(columns={"document_id": "training_id"})
                tables[table] = [str(folder / f"{source}.{table}.parquet")]
                frame.to_parquet(tables[table][0], index=False)
            con = connect(path)
            load_source_night(con, source, tables, [], None, batch.quarantined, "night", NIGHT)
            con.close()
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("OBSERVATORY_DBT_DIR", str(dbt_state))
    try:
        build_models(path, window_end=NIGHT)
    finally:
        monkeypatch.undo()
    return path


def _rows(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_an_offer_whose_sessions_ended_before_the_window_is_not_supply(warehouse: Path):
    assert _rows(warehouse, "select session_id, session_start, session_end, commune_code, department, modality, hours, funders, "
                            "is_regional, is_current from core.training_sessions where training_id = 'lheo:15_464888'") == [
        ("927411", date(2018, 10, 1), date(2019, 5, 24), "31555", "31", "on_site", 250.0, ["Conseil régional"], True, False)]
    assert _rows(warehouse, "select certification_id, is_regional, is_active, dated_sessions, current_sessions from core.trainings "
                            "where training_id = 'lheo:15_464888'") == [("RNCP28217", True, False, 1, 0)]


def test_lheo_texts_are_stored_as_plain_text(warehouse: Path):
    # the real DAEU offer's objectives list its aims with escaped <br /> tags: one line each, no markup left
    assert _rows(warehouse, "select text from landing.training_units where training_id = 'lheo:15_464888'") == [(
        ("* être titulaire d'un diplôme national équivalent au Baccalauréat\n- accéder à l'enseignement supérieur\n"
        "- présenter des concours de la fonction publique de catégorie B\n- faire une remise à niveau des connaissances"),)]
    assert _rows(warehouse, "select count(*) from landing.training_units where regexp_matches(text, '<[a-zA-Z/]|&[a-z]+;')") == [(0,)]


def test_the_montpellier_offer_is_regional_supply_of_its_certification(warehouse: Path):
    assert _rows(warehouse, "select session_id, is_current from core.training_sessions where training_id = 'lheo:76_F_TEST_0001' "
                            "order by 1") == [("S_TEST_0001", True), ("S_TEST_0002", True)]  # running; announced for Jan 2027
    assert _rows(warehouse, "select certification_id, department, commune_code, is_active, is_regional, is_digital, national_level, "
                            "duration_hours, modalities from core.trainings where training_id = 'lheo:76_F_TEST_0001'") == [
        ("RNCP37674", "34", "34172", True, True, True, 5, 805.0, ["mixed"])]
    assert _rows(warehouse, "select status, partners, regional_programmes, departments, is_offered_in_region from core.certifications "
                            "where certification_id = 'RNCP37674'") == [("active", 471, 1, ["34"], True)]


def test_a_programme_inherits_its_certification_blocs_with_the_bloc_they_came_from(warehouse: Path):
    skills = dict(_rows(warehouse, "select concept_id, struct_pack(taught_by, units) from core.programme_skills "
                                   "where training_id = 'lheo:76_F_TEST_0001'"))
    assert skills["nosql"] == {"taught_by": ["certification"], "units": ["RNCP37674BC02"]}
    assert skills["react"] == {"taught_by": ["programme"], "units": ["76_F_TEST_0001-contents"]}
    assert skills["area:backend_dev"]["taught_by"] == ["certification", "programme"]
    assert "RNCP37674BC02" in skills["area:backend_dev"]["units"]


def test_the_digital_blocs_of_two_real_certifications(warehouse: Path):
    def taught(fiche: str) -> dict[str, list[tuple[str, list[str]]]]:
        rows = _rows(warehouse, f"select level, concept_id, units from core.training_skills where training_id = 'rncp:{fiche}' order by 1, 2")
        return {level: [(c, u) for lv, c, u in rows if lv == level] for level in ("area", "skill")}

    assert taught("RNCP37674") == {
        "area": [("area:backend_dev", ["RNCP37674BC02"]), ("area:cicd_devops", ["RNCP37674BC02"]), ("area:frontend_web", ["RNCP37674BC01"]),
                 ("area:nosql_databases", ["RNCP37674BC02"]), ("area:relational_databases", ["RNCP37674BC02"]),
                 ("area:ux_ui_design", ["RNCP37674BC01"])],
        "skill": [("nosql", ["RNCP37674BC02"]), ("sql", ["RNCP37674BC02"])]}
    assert taught("RNCP36490") == {
        "area": [("area:cicd_devops", ["RNCP36490BC03"]), ("area:cybersecurity", ["RNCP36490BC03"]),
                 ("area:project_management_agile", ["RNCP36490BC03"]), ("area:relational_databases", ["RNCP36490BC01", "RNCP36490BC02"]),
                 ("area:software_architecture", ["RNCP36490BC01"]), ("area:testing_quality", ["RNCP36490BC02"])],
        "skill": [("design_patterns", ["RNCP36490BC01"]), ("merise", ["RNCP36490BC01"]), ("rgaa", ["RNCP36490BC02"]),
                  ("rgpd", ["RNCP36490BC01", "RNCP36490BC03"]), ("uml", ["RNCP36490BC01"]),
                  ("unit_testing", ["RNCP36490BC02"])]}  # "Elaborer des scénarii de tests unitaires, fonctionnels…"


def test_boilerplate_gives_a_non_digital_certification_no_digital_area(warehouse: Path):
    # the veterinary assistant's fiche names the RGPD: a skill, no area; the HR assistant's really teaches an HRIS
    # and payroll software (its blocs say so): that area only, and neither leads to a digital occupation
    assert _rows(warehouse, "select concept_id, level from core.training_skills where training_id = 'rncp:RNCP40344'") == [("rgpd", "skill")]
    assert _rows(warehouse, "select concept_id from core.training_skills where training_id = 'rncp:RNCP36612' and level = 'area'") == [
        ("area:erp_business_software",)]
    assert _rows(warehouse, "select certification_id, is_digital from core.certifications where certification_id in ('RNCP40344', 'RNCP36612') "
                            "order by 1") == [("RNCP36612", False), ("RNCP40344", False)]


def test_replaced_certifications_lead_to_their_successor(warehouse: Path):
    assert _rows(warehouse, "select certification_id, status, replaces, replaced_by, current_certification_id, registered_until "
                            "from core.certifications where certification_id in ('RNCP34762', 'RNCP39568', 'RNCP24998') order by 1") == [
        ("RNCP34762", "replaced", ["RNCP24998"], ["RNCP39568"], "RNCP39568", date(2024, 8, 31)),
        ("RNCP39568", "active", ["RNCP34762"], [], "RNCP39568", date(2029, 8, 31)),
    ]  # RNCP24998, only named by a link, is no certification of the export


def test_a_partner_located_by_a_regional_programme_offers_its_certification_in_the_region(warehouse: Path):
    partners = _rows(warehouse, "select certification_id, name, regional_departments, located_by from core.certification_partners "
                                "where is_in_region order by 1, 2")
    assert ("RNCP90001", "CODE CATALAN BOOTCAMP (EXEMPLE)", ["66"], "regional programme") in partners
    assert {p[0] for p in partners} == {"RNCP90001", "RNCP90002", "RNCP90003", "RNCP90004", "RNCP90005", "RNCP90007", "RNCP90009"}
    # no regional programme prepares the accountancy certification, but its partner teaches in Hérault and Aude
    assert ("RNCP90009", "GRETA HERAULT LITTORAL (EXEMPLE)", ["11", "34"], "regional programme") in partners
    assert _rows(warehouse, "select certification_id, regional_programmes, regional_partners from core.certifications "
                            "where is_offered_in_region and regional_programmes = 0") == [("RNCP90009", 0, 1)]
    # the real export gives its partners no place, and none of them runs a programme loaded here
    assert _rows(warehouse, "select count(*), count(*) filter (where is_in_region) from core.certification_partners "
                            "where certification_id = 'RNCP37674'") == [(471, 0)]


def test_offers_outside_the_region_are_quarantined_with_the_reason(warehouse: Path):
    refused = dict(_rows(warehouse, "select record_id, reason from landing.quarantine"))
    for offer in ("lheo:04_A815385", "lheo:07_10", "lheo:9436_18706", "lheo:24_162227"):
        assert "outside the configured region (OBSERVATORY_DEPARTMENTS)" in refused[offer]
    assert "no text to analyse" in refused["lheo:24_162227"]  # the real POEC offer's texts are "-"


def test_onisep_programmes_are_national(warehouse: Path):
    assert _rows(warehouse, "select training_id, certification_id, national_level, diploma, is_regional from core.trainings "
                            "where source = 'onisep' order by 1 limit 2") == [
        ("onisep:FOR.900001", "RNCP90002", 5, "brevet de technicien supérieur", False),
        ("onisep:FOR.900002", "RNCP90003", 6, "bachelor universitaire de technologie", False)]


def test_no_contact_of_the_samples_is_stored(warehouse: Path, shared_samples: Path):
    names = ["LEROY", "BERNOT", "DUBUC", "Michèle", "Delphine", "FICTIVENOM", "Camille", "04 65 71 80 12", "example.fr", "univ-tlse2.fr"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = con.execute("select table_name, column_name from duckdb_columns() where schema_name = 'landing' "
                              "and data_type = 'VARCHAR'").fetchall()
        found = [(t, c, n) for t, c in columns for n in names
                 if con.execute(f'select count(*) from landing."{t}" where contains("{c}", ?)', [n]).fetchall()[0][0]]
    assert found == []
