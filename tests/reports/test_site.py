"""The report site of the bundled sample night: one real night (the bundled sample sources served on 127.0.0.1 →
crawl → warehouse → site), then the pages read against the marts they come from; scraped text escaped;
nothing fetched from the internet; the `report` command rebuilding it read-only, and saying so when a date has
no data."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
from lxml import html

from observatory.cli import main
from reports.site import page_name
from tests.conftest import REPO, forget_live_sources
from tests.http_sources import file_route, france_travail_route, serve_sources

NIGHT = date(2026, 11, 28)
SAMPLE = REPO / "sample_sources"
#: The newest web-developer offer of the sample, as a hostile or broken job board could title it.
HOSTILE_OFFER, HOSTILE_TITLE = "201NAFZ", '<script>alert("x")</script>Intégrateur <b>web</b> & développeur front (H/F)'


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("observatory")
    patch = pytest.MonkeyPatch()
    patch.setenv("OBSERVATORY_DATA_DIR", str(home / "data"))
    patch.setenv("OBSERVATORY_WAREHOUSE", str(home / "observatory.duckdb"))
    patch.setenv("OBSERVATORY_REPORTS_DIR", str(home / "reports"))
    patch.setenv("OBSERVATORY_DOWNLOAD_DELAY", "0")
    forget_live_sources(patch)  # the night below serves France Travail, RNCP, LHEO and ONISEP as live sources
    yield home
    patch.undo()


@pytest.fixture(scope="module")
def night(home: Path, prefect_server):
    """The bundled sample's France Travail offers (one retitled with markup), RNCP, LHEO and ONISEP files, served as
    live sources."""
    from flows.nightly import nightly

    offers = json.loads((SAMPLE / "france_travail" / "offres.json").read_text(encoding="utf-8"))["resultats"]
    for offer in offers:
        if offer["id"] == HOSTILE_OFFER:
            offer["intitule"] = HOSTILE_TITLE
    patch = pytest.MonkeyPatch()
    with serve_sources() as server:
        patch.setenv("OBSERVATORY_FRANCE_TRAVAIL_API", server.route("/offres/search", france_travail_route(offers)))
        patch.setenv("OBSERVATORY_RNCP_EXPORT_URL", server.route(
            "/rncp.xml", file_route((SAMPLE / "rncp" / "export_fiches_rncp_v4.1.xml").read_bytes())))
        patch.setenv("OBSERVATORY_LHEO_EXPORT_URL", server.route(
            "/lheo.xml", file_route((SAMPLE / "lheo" / "offres_occitanie.xml").read_bytes())))
        patch.setenv("OBSERVATORY_ONISEP_EXPORT_URL", server.route(
            "/onisep.csv", file_route((SAMPLE / "onisep" / "ideo_formations_initiales.csv").read_bytes())))
        try:
            return nightly(run_date=NIGHT)
        finally:
            patch.undo()


@pytest.fixture(scope="module")
def site(night, home: Path) -> Path:
    assert night.status == "complete"
    return home / "reports" / NIGHT.isoformat()


def _rows(home: Path, sql: str, *params) -> list[dict]:
    with duckdb.connect(str(home / "observatory.duckdb"), read_only=True) as con:
        cursor = con.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


@pytest.fixture(scope="module")
def programme(site, home: Path) -> str:
    """The programme with the most missing named skills that has example postings."""
    return _rows(home, """
        select a.training_id from marts.programme_alignment as a
        where exists (select 1 from marts.programme_missing_examples as e where e.training_id = a.training_id)
        order by a.skills_missing desc, a.training_id limit 1""")[0]["training_id"]


def test_the_night_writes_the_site_and_its_summary_links_it(night, site: Path, home: Path):
    assert {name: o.status for name, o in night.sources.items()} == {
        "france_travail": "complete", "company_careers": "skipped", "rncp": "complete", "lheo": "complete",
        "onisep": "complete", "school_courses": "skipped"}
    assert night.reports == [str(site / "index.html"), str(site / "en" / "index.html")]
    assert "report:" in night.text() and str(site / "index.html") in night.text()
    programmes = [r["training_id"] for r in _rows(home, "select training_id from marts.programme_alignment")]
    assert sorted(p.name for p in (site / "formations").iterdir()) == sorted(page_name(p) for p in programmes)
    assert sorted(p.name for p in (site / "en" / "programmes").iterdir()) == sorted(page_name(p) for p in programmes)
    assert (site / "methode.html").exists() and (site / "en" / "method.html").exists()
    index = html.parse(str(site / "index.html")).getroot()
    assert index.get("lang") == "fr" and html.parse(str(site / "en" / "index.html")).getroot().get("lang") == "en"
    listed = index.xpath("//tr[@data-programme]/@data-programme")
    assert sorted(listed) == sorted(programmes)


def test_the_index_counts_the_regional_supply_as_the_marts_do(site: Path, home: Path):
    """The index's key figures are the marts' supply totals: the digital certifications offered in the region and the
    programmes taught there now; the national catalogue (ONISEP Idéo, no place) gets no page and no market."""
    totals = _rows(home, "select scope, certifications_total, programmes_total from marts.skill_gap "
                         "where geo_level = 'region' group by all order by scope")
    assert len(totals) == 2
    digital = next(t for t in totals if t["scope"] == "digital")
    everything = next(t for t in totals if t["scope"] == "all")
    keys = [li.text_content().split(" ", 1) for li in html.parse(str(site / "index.html")).getroot().xpath("//ul[@class='keys']/li")]
    programmes = _rows(home, "select count(*) as n from marts.programme_alignment where supply_role = 'programme'")[0]["n"]
    assert keys[1] == [str(digital["certifications_total"]), "certifications numériques proposées dans la région"]
    assert keys[2] == [str(everything["programmes_total"]), "formations proposées dans la région (sessions en cours ou à venir)"]
    assert programmes == everything["programmes_total"]
    assert _rows(home, "select count(*) as n, count(*) filter (where supply_scope = 'national_catalogue') as national "
                       "from core.trainings where source = 'onisep'") == [{"n": 5, "national": 5}]  # the sixth row is refused
    for mart in ("programme_alignment", "programme_occupations", "programme_skill_gaps", "programme_teaching"):
        assert _rows(home, f"select count(*) as n from marts.{mart} where training_id like 'onisep:%'") == [{"n": 0}], mart
    assert not list((site / "formations").glob("onisep*"))


def test_every_link_between_pages_leads_to_a_page(site: Path, home: Path):
    """Relative links only (the folder can be moved or mailed), between languages too; a programme that prepares
    an RNCP certification links to the certification's page."""
    for path in site.rglob("*.html"):
        for href in html.parse(str(path)).getroot().xpath("//a/@href"):
            if href.startswith(("http://", "https://")):
                continue  # a posting's own page, never an asset
            assert (path.parent / href.split("#")[0]).resolve().is_file(), (path, href)
    session = _rows(home, """
        select a.training_id, a.certification_id from marts.programme_alignment as a
        where a.training_id like 'lheo:%' and exists (
            select 1 from marts.programme_alignment as f where f.training_id = 'rncp:' || a.certification_id)
        order by a.training_id limit 1""")[0]
    page = html.parse(str(site / "formations" / page_name(session["training_id"]))).getroot()
    assert page.xpath(f'//a[text()="{session["certification_id"]}"]/@href') == [page_name(f"rncp:{session['certification_id']}")]


def test_a_programme_page_shows_exactly_the_missing_skills_tiers_and_examples_of_the_marts(site: Path, home: Path, programme: str):
    page = html.parse(str(site / "formations" / page_name(programme))).getroot()
    shown = {(tr.get("data-concept"), tr.get("data-tier")) for tr in page.xpath('//div[@id="missing-tables"]//tr[@data-tier]')}
    expected = {(r["concept_id"], r["tier"]) for r in _rows(home, """
        select concept_id, tier from marts.programme_skill_gaps
        where training_id = ? and level = 'skill' and tier is not null""", programme)}
    assert shown == expected and expected

    alignment = _rows(home, "select * from marts.programme_alignment where training_id = ?", programme)[0]
    for tier in ("necessary", "frequent", "emerging"):
        labels = [tr.xpath("./td[1]")[0].text_content().strip()
                  for tr in page.xpath(f'//section[@data-tier="{tier}"]//tr[@data-tier="{tier}"]')]
        assert labels == list(alignment[f"{tier}_missing"])  # same skills, same order (most asked for first)
        assert len(labels) == alignment[f"skills_{tier}_missing"]

    gaps = {r["concept_id"]: r for r in _rows(home, "select * from marts.programme_skill_gaps where training_id = ?", programme)}
    examples = _rows(home, "select * from marts.programme_missing_examples where training_id = ? order by concept_id, example_rank",
                     programme)
    for concept, tier in expected:
        row = page.xpath(f'//div[@id="missing-tables"]//tr[@data-concept="{concept}"]')[0]
        text = " ".join(row.text_content().split())
        assert f"{gaps[concept]['jobs']}/{gaps[concept]['market_jobs']}" in text  # counts always beside the share
        assert ("petit effectif" in text) == gaps[concept]["is_small_cell"]  # small cells flagged
        own = [e for e in examples if e["concept_id"] == concept]
        assert row.xpath(".//li/@data-job") == [e["job_id"] for e in own]
        for item, example in zip(row.xpath(".//li"), own):
            assert example["title"] in item.text_content()
            assert (item.xpath(".//a/@href") or [None])[0] == example["url"]
    assert len(examples) >= 3


def test_the_programme_page_says_where_its_teaching_comes_from(site: Path, home: Path, programme: str):
    page = html.parse(str(site / "formations" / page_name(programme))).getroot()
    teaching = _rows(home, "select * from marts.programme_teaching where training_id = ?", programme)
    assert teaching
    assert set(page.xpath("//tr[@data-taught]/@data-taught")) == {r["concept_id"] for r in teaching}
    quoted = {" ".join(q.text_content().split()) for q in page.xpath("//tr[@data-taught]//blockquote")}
    assert quoted == {" ".join(r["excerpt"].split()) for r in teaching}
    for r in teaching:  # the passage shown holds the words the extraction read
        assert r["surface"] in r["excerpt"] or "…" in r["excerpt"]


def test_scraped_text_is_always_escaped(site: Path, home: Path):
    """A posting titled with markup reaches the example postings as text, never as markup."""
    shown_in = [r["training_id"] for r in _rows(
        home, "select distinct training_id from marts.programme_missing_examples where title = ? order by 1", HOSTILE_TITLE)]
    assert shown_in, "the retitled offer is an example posting of some programme"
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;Intégrateur &lt;b&gt;web&lt;/b&gt; &amp; développeur front (H/F)"
    for training_id in shown_in:
        for path in (site / "formations" / page_name(training_id), site / "en" / "programmes" / page_name(training_id)):
            source = path.read_text(encoding="utf-8")
            assert escaped in source and "<script>alert" not in source
            page = html.fromstring(source)
            assert not page.xpath("//script | //b[text()='web']")
            assert HOSTILE_TITLE in [li.xpath("./b")[0].text for li in page.xpath("//li[@data-job]")]
    for path in site.rglob("*.html"):  # the index's search script is the site's only script
        scripts = html.parse(str(path)).getroot().xpath("//script")
        assert len(scripts) == (1 if path.name == "index.html" else 0) and not any(s.get("src") for s in scripts), path


ASSETS = "//script[@src] | //link[@href] | //img | //iframe | //embed | //object | //source | //video | //audio"


def test_no_page_references_a_remote_asset_and_pages_print_on_a4(site: Path):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 4
    for path in pages:
        text = path.read_text(encoding="utf-8")
        page = html.fromstring(text)
        assert not page.xpath(ASSETS), path  # everything is inline: no stylesheet, script, image or font file
        for style in page.xpath("//style"):
            assert not re.search(r"url\(|@import", style.text), path
        for svg_link in re.findall(r'(?:xlink:)?href="([^"]*)"', "".join(html.tostring(s, encoding="unicode")
                                                                          for s in page.xpath("//svg"))):
            assert svg_link.startswith("#"), (path, svg_link)
        style = page.xpath("//style")[0].text
        assert "size: A4" in style and "counter(page)" in style  # A4 with page numbers
        assert "thead { display: table-header-group; }" in style and "break-inside: avoid" in style


def test_charts_are_inline_svg_with_a_text_alternative(site: Path):
    index = html.parse(str(site / "index.html")).getroot()
    charts = index.xpath("//figure/*[local-name()='svg']")
    assert charts, "the index has its chart of the most demanded skills"
    for chart in charts:
        assert chart.get("role") == "img"
        assert chart.xpath("./*[local-name()='title']")[0].text and chart.xpath("./*[local-name()='desc']")[0].text
        table = index.get_element_by_id(chart.getparent().get("aria-describedby"))
        assert table.tag == "table"  # the same figures as a table


def test_the_report_command_rebuilds_the_site_read_only(site: Path, home: Path, programme: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture):
    warehouse = home / "observatory.duckdb"
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    out = tmp_path / "reports"

    assert main(["report", "--language", "en", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out / NIGHT.isoformat() / "en" / "index.html")
    english = (out / NIGHT.isoformat() / "en" / "index.html").read_text(encoding="utf-8")
    assert "The most demanded digital skills" in english and 'lang="en"' in english

    assert main(["report", "--out", str(out), "--programme", programme]) == 0
    assert capsys.readouterr().out.strip() == str(out / NIGHT.isoformat() / "formations" / page_name(programme))
    assert not (out / NIGHT.isoformat() / "index.html").exists()  # one programme: its page alone

    assert main(["report", "--out", str(out), "--date", "2026-10-01"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"observatory report: no data for 2026-10-01: the published warehouse holds the night of {NIGHT.isoformat()}; "
        f"no site was rendered that night under {out}")
    assert not (out / "2026-10-01").exists()
    (out / "2026-10-02").mkdir()
    (out / "2026-10-02" / "index.html").write_text("an earlier night's site", encoding="utf-8")
    assert main(["report", "--out", str(out), "--date", "2026-10-02"]) == 1
    assert capsys.readouterr().err.strip().endswith(f"; the site rendered that night is {out / '2026-10-02' / 'index.html'}")
    assert (out / "2026-10-02" / "index.html").read_text(encoding="utf-8") == "an earlier night's site"  # never relabelled

    assert main(["report", "--out", str(out), "--date", NIGHT.isoformat()]) == 0
    assert (out / NIGHT.isoformat() / "index.html").exists()
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before
