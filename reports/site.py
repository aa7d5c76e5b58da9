"""The skill-gap report site: an index of the region, one page per programme and a method page, in French (or
English), static HTML that reads offline and prints on A4. Everything comes from the published warehouse's
marts (reports/marts.py), read-only.

Layout, under the reports folder: `<night>/index.html`, `<night>/methode.html`, `<night>/formations/<id>.html`
in French; `<night>/en/index.html`, `<night>/en/method.html`, `<night>/en/programmes/<id>.html` in English.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from observatory.sources import LICENCES, SOURCES
from reports import marts
from reports.charts import Bar, bar_chart
from reports.labels import LABELS

TEMPLATES = Path(__file__).resolve().parent / "templates"
EXTRACTION_QUALITY = Path(__file__).resolve().parent / "extraction_quality.yaml"
TOP_SKILLS = 15
GAPS_SHOWN = 10  # per side: the clear gaps first, then the widest gaps that are not significant (labelled so)
TIERS = ("necessary", "frequent", "emerging")
CONSIDER_MAX = 5
LAYOUT = {
    "fr": {"index": "index.html", "method": "methode.html", "programmes": "formations"},
    "en": {"index": "en/index.html", "method": "en/method.html", "programmes": "en/programmes"},
}


class NoData(Exception):
    """The warehouse has nothing for the date asked (its message says which night it holds)."""


class UnknownProgramme(Exception):
    """No active programme has that id."""


@dataclass
class Site:
    language: str
    folder: Path  # <reports>/<night>
    index: Path
    method: Path
    programmes: list[Path] = field(default_factory=list)


def page_name(training_id: str) -> str:
    """A programme's file name: its id with anything but letters, digits, '_' and '.' as '-'."""
    return re.sub(r"[^A-Za-z0-9_.]+", "-", training_id).strip("-") + ".html"


def build_site(con: duckdb.DuckDBPyConnection, reports_dir: Path, languages: tuple[str, ...] = ("fr",),
               on: date | None = None, programme: str | None = None) -> list[Site]:
    """Render the site of the warehouse's night in each language. `on`: the night asked for (NoData when the
    warehouse holds another); `programme`: render only that programme's page."""
    night = marts.night_of(con)
    if night is None or (on is not None and on != night):
        asked = on or date.today()
        held = f"the published warehouse holds the night of {night.isoformat()}" if night else "the warehouse holds no data yet"
        kept = reports_dir / asked.isoformat() / LAYOUT[languages[0]]["index"]
        where = (f"the site rendered that night is {kept}" if kept.exists()
                 else f"no site was rendered that night under {reports_dir}")
        raise NoData(f"no data for {asked.isoformat()}: {held}; {where}")
    folder = reports_dir / night.isoformat()
    data = _site_data(con)
    if programme is not None and programme not in {p["training_id"] for p in data["programmes"]}:
        raise UnknownProgramme(f"no active programme {programme!r} in the warehouse: its id is in the index "
                               f"(e.g. {data['programmes'][0]['training_id'] if data['programmes'] else 'lheo:…'})")
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    pages = {language: _Pages(folder, language, languages) for language in languages}
    sites = [Site(language, folder, pages[language].path("index"), pages[language].path("method")) for language in languages]
    common = {language: {"t": LABELS[language], "language": language, "night": night, "fmt": _Formats(language),
                         "window": data["window"], "window_months": _window_months(data["window"]),
                         "sources": [{**s, "licence": LICENCES.get(s["source"], {}).get(language)} for s in data["sources"]]}
              for language in languages}
    ids = {p["training_id"] for p in data["programmes"]}
    for summary in data["programmes"]:
        if programme is not None and summary["training_id"] != programme:
            continue
        rows = _programme_rows(con, summary["training_id"])
        fiche = f"rncp:{summary['certification_id']}"  # the certification's own page, when its RNCP fiche is active
        for site in sites:
            at = pages[site.language]
            path = at.programme(summary["training_id"])
            certification_href = at.href(path, at.programme(fiche)) if fiche in ids and fiche != summary["training_id"] else None
            _write(path, environment.get_template("programme.html.j2").render(
                **common[site.language], links=at.links(path, summary["training_id"]), p=summary,
                certification_href=certification_href, **_programme_page(rows, summary, site.language)))
            site.programmes.append(path)
    if programme is None:
        for site in sites:
            at = pages[site.language]
            for stale in set(at.programmes().glob("*.html")) - set(site.programmes):
                stale.unlink()  # a programme no longer offered loses its page when the night is rendered again
            _write(site.index, environment.get_template("index.html.j2").render(
                **common[site.language], links=at.links(site.index), **_index_page(data, site.language, at, site.index)))
            _write(site.method, environment.get_template("method.html.j2").render(
                **common[site.language], links=at.links(site.method), queries=marts.QUERIES,
                quality=yaml.safe_load(EXTRACTION_QUALITY.read_text(encoding="utf-8"))))
    return sites


def _write(path: Path, html: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)


class _Pages:
    """Where each page of a language is, and the relative links between pages (so the folder can be moved)."""

    def __init__(self, folder: Path, language: str, rendered: tuple[str, ...]):
        self.folder, self.language = folder, language
        self.others = [other for other in LAYOUT if other != language
                       and (other in rendered or (folder / LAYOUT[other]["index"]).exists())]

    def path(self, page: str, language: str | None = None) -> Path:
        return self.folder / LAYOUT[language or self.language][page]

    def programmes(self, language: str | None = None) -> Path:
        return self.folder / LAYOUT[language or self.language]["programmes"]

    def programme(self, training_id: str, language: str | None = None) -> Path:
        return self.programmes(language) / page_name(training_id)

    def href(self, source: Path, target: Path) -> str:
        return Path(os.path.relpath(target, source.parent)).as_posix()

    def links(self, source: Path, training_id: str | None = None) -> dict:
        def same(language: str) -> Path:
            if training_id is not None:
                return self.programme(training_id, language)
            page = "method" if source == self.path("method") else "index"
            return self.path(page, language)

        return {"index": self.href(source, self.path("index")), "method": self.href(source, self.path("method")),
                "other": {o: self.href(source, same(o)) for o in self.others}}


class _Formats:
    """Numbers and dates as the reader's language writes them."""

    def __init__(self, language: str):
        self.language = language
        self.labels = LABELS[language]

    def pct(self, share: float | None) -> str:
        if share is None:
            return "—"
        text = f"{share * 100:.0f} %"
        return text if self.language == "fr" else text.replace(" %", "%")

    def interval(self, low: float | None, high: float | None) -> str:
        if low is None or high is None:
            return ""
        return f"{self.pct(low)} – {self.pct(high)}"

    def day(self, value: date | None) -> str:
        return "—" if value is None else self.labels["date_format"].format(d=value)

    def level(self, level: int | None) -> str:
        return self.labels["level_unknown"] if level is None else self.labels["level_n"].format(n=level)

    def trend(self, row: dict) -> str:
        if row.get("demand_trend") is None or (row.get("previous_jobs_total") or 0) < 5:
            return self.labels["trend_none"]
        return self.labels["trend_points"].format(points=row["demand_trend"] * 100)


def _site_data(con: duckdb.DuckDBPyConnection) -> dict:
    declared = {s.name: i for i, s in enumerate(SOURCES)}
    sources = sorted(marts.rows(con, "sources"), key=lambda s: (declared.get(s["source"], len(declared)), s["source"]))
    return {"sources": sources,
            "window": marts.rows(con, "window")[0], "programmes": marts.rows(con, "programmes"),
            "top_skills": marts.rows(con, "top_skills", TOP_SKILLS), "gaps": marts.rows(con, "region_gaps"),
            "places": marts.rows(con, "places")}


def _window_months(window: dict) -> int:
    start, end = window["window_start"], window["window_end"]
    if start is None or end is None:
        return 12
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _label(row: dict, language: str) -> str:
    return row[f"label_{language}"] or row["label_fr"]


def _index_page(data: dict, language: str, pages: _Pages, source: Path) -> dict:
    t, fmt = LABELS[language], _Formats(language)
    top = [{**s, "label": _label(s, language)} for s in data["top_skills"]]
    charted = [s for s in top if not s["demand_small_cell"]]  # a small cell is never drawn as a fact
    chart = bar_chart(
        [Bar(s["label"], s["demand_share"], s["demand_low"], s["demand_high"], part=s["required_share"]) for s in charted],
        t["chart_top"], "; ".join(f"{s['label']} {fmt.pct(s['demand_share'])}" for s in charted),
        part_label=t["required"], rest_label=t["wished"]) if charted else None
    gaps = {side: [{**g, "label": _label(g, language)} for g in data["gaps"] if g["side"] == side][:GAPS_SHOWN]
            for side in ("under", "over")}
    places = [{**p, "under": (p[f"under_{language}"] or [])[:4], "over": (p[f"over_{language}"] or [])[:4]}
              for p in data["places"]]
    department_names = {p["geo_code"]: p["geo_name"] for p in data["places"] if p["geo_level"] == "department"}
    groups: dict[str | None, list[dict]] = defaultdict(list)
    for p in data["programmes"]:
        groups[p["department"]].append({**p, "href": pages.href(source, pages.programme(p["training_id"]))})
    programme_groups = [
        {"code": code, "name": t["national"] if code is None else f"{department_names.get(code, code)} ({code})",
         "programmes": sorted(rows, key=lambda r: (r["city"] or "", -(r["national_level"] or 0), r["title"] or ""))}
        for code, rows in sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or ""))]
    return {"top_skills": top, "top_chart": chart, "gaps": gaps, "places": places, "programme_groups": programme_groups}


def _programme_rows(con: duckdb.DuckDBPyConnection, training_id: str) -> dict[str, list[dict]]:
    """A programme's rows of the marts, read once for every language."""
    return {query: marts.rows(con, query, training_id) for query in ("programme_gaps", "examples", "teaching", "occupations")}


def _programme_page(rows: dict[str, list[dict]], summary: dict, language: str) -> dict:
    examples: dict[str, list[dict]] = defaultdict(list)
    for example in rows["examples"]:
        examples[example["concept_id"]].append(example)
    gaps = [{**g, "label": _label(g, language), "examples": examples.get(g["concept_id"], [])} for g in rows["programme_gaps"]]
    tiers = {tier: [g for g in gaps if g["level"] == "skill" and g["tier"] == tier] for tier in TIERS}
    status = {g["concept_id"]: g["status"] for g in gaps}
    teaching: dict[str, dict] = {}
    for row in rows["teaching"]:
        entry = teaching.setdefault(row["concept_id"], {"label": _label(row, language), "level": row["level"],
                                                        "status": status.get(row["concept_id"]), "units": []})
        entry["units"].append(row)
    return {"occupations": rows["occupations"], "tiers": tiers,
            "areas_missing": [g for g in gaps if g["level"] == "area" and g["tier"] is not None],
            "teaching": sorted(teaching.values(), key=lambda e: (e["level"] != "skill", e["label"].lower())),
            "taught_not_asked": [g for g in gaps if g["level"] == "skill" and g["status"] == "taught_not_asked"],
            "consider": _consider(summary, tiers, language)}


def _consider(summary: dict, tiers: dict[str, list[dict]], language: str) -> list[str]:
    """A few plain sentences: the most asked-for missing skills, necessary first, small cells left out."""
    t, fmt = LABELS[language], _Formats(language)
    if summary["is_small_market"]:
        return [t["consider_small"].format(jobs=summary["market_jobs"])]
    lines = []
    for tier in TIERS:
        for g in tiers[tier]:
            if g["is_small_cell"] or len(lines) >= CONSIDER_MAX:
                continue
            required = t["consider_required"].format(n=g["required_jobs"]) if g["required_jobs"] else ""
            lines.append(t["consider_line"].format(skill=g["label"], jobs=g["jobs"], total=g["market_jobs"],
                                                   share=fmt.pct(g["share"]), low=fmt.pct(g["share_low"]),
                                                   high=fmt.pct(g["share_high"]), required=required))
    return lines or [t["consider_none"]]
