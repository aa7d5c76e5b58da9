"""Great Expectations Data Docs of each night, readable offline.

Each source's suites of the night (expectations/results.py, summed over its chunks) are rendered with Great
Expectations' own Data Docs renderer, one page per source and suite, into `<data_dir>/data_docs/<run_id>/`,
with an index of the night and, one level up, an index of the nights. GE's pages load Bootstrap, jQuery,
Font Awesome and Vega from CDNs: those references are removed, and the pages carry their styles inline (GE's
own stylesheet from its installed package, and `static/data_docs_offline.css`, the few Bootstrap rules the
pages need). Nothing in them is fetched from the network; external links become plain text.
"""

from __future__ import annotations

import html
import re
import shutil
from collections import defaultdict
from pathlib import Path

import great_expectations
from great_expectations.core import ExpectationSuiteValidationResult, ExpectationValidationResult
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
from great_expectations.render.renderer import ValidationResultsPageRenderer
from great_expectations.render.view import DefaultJinjaPageView

from expectations.batch_checks import BATCH
from expectations.results import ExpectationCheck

GE_STYLES = Path(great_expectations.__file__).parent / "render" / "view" / "static" / "styles" / "data_docs_default_styles.css"
OFFLINE_STYLES = Path(__file__).parent / "static" / "data_docs_offline.css"
KEPT_RUNS = 60  # nights of Data Docs kept on disk (the results themselves stay in landing.quality_results)

_REMOTE_TAG = re.compile(r"<(?:link|script)\b[^>]*\b(?:href|src)\s*=\s*[\"']https?://[^>]*>(?:\s*</script>)?", re.IGNORECASE)
_REMOTE_IMG = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']https?://[^>]*>", re.IGNORECASE | re.DOTALL)
_REMOTE_LINK = re.compile(r"<a\b[^>]*\bhref\s*=\s*[\"']https?://[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_REMOTE_URL = re.compile(r"url\(\s*[\"']?https?://[^)]*\)", re.IGNORECASE)
_LOCAL_STATIC = re.compile(r"<link\b[^>]*href\s*=\s*[\"'][./]*static/[^>]*>", re.IGNORECASE)
_HOME = re.compile(r'href="(?:\.\./)+index\.html"')
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.IGNORECASE | re.DOTALL)


def offline(page: str) -> str:
    """A Data Docs page without a single network reference, its styles inline."""
    page = _SCRIPT.sub("", _REMOTE_TAG.sub("", page))  # the inline scripts only drive the CDN widgets
    page = _REMOTE_LINK.sub(r"\1", _REMOTE_IMG.sub("", _LOCAL_STATIC.sub("", page)))
    page = _HOME.sub('href="index.html"', page)  # GE's breadcrumbs point to its own site's root
    styles = GE_STYLES.read_text(encoding="utf-8") + "\n" + OFFLINE_STYLES.read_text(encoding="utf-8")
    return _REMOTE_URL.sub("none", page.replace("</head>", f"<style>{styles}</style>\n</head>", 1))


def _validation_result(run_id: str, run_time: str, source: str, suite: str, checks: list[ExpectationCheck]) -> ExpectationSuiteValidationResult:
    results = []
    for check in checks:
        kwargs = check.arguments or ({"column": check.column} if check.column else {})
        share = 100 * check.unexpected_count / check.element_count if check.element_count else 0.0
        answer = {"element_count": check.element_count, "unexpected_count": check.unexpected_count, "unexpected_percent": share,
                  "partial_unexpected_list": list(check.sample), "missing_count": 0}
        if check.observed_value is not None:
            answer["observed_value"] = check.observed_value
        meta = {"reason": check.detail} if check.detail else {}
        results.append(ExpectationValidationResult(
            success=check.success, result=answer,
            expectation_config=ExpectationConfiguration(type=check.expectation, kwargs=kwargs, meta=meta)))
    passed = sum(c.success for c in checks)
    return ExpectationSuiteValidationResult(
        success=passed == len(checks), results=results, suite_name=suite,
        statistics={"evaluated_expectations": len(checks), "successful_expectations": passed,
                    "unsuccessful_expectations": len(checks) - passed, "success_percent": 100 * passed / max(len(checks), 1)},
        meta={"run_id": {"run_name": run_id, "run_time": run_time},
              "active_batch_definition": {"datasource_name": source, "data_connector_name": "nightly", "data_asset_name": suite},
              "batch_spec": {}, "batch_markers": {}})


def build_data_docs(folder: Path, run_id: str, run_time: str, checks: list[ExpectationCheck]) -> Path:
    """Render the night's checks into `folder/<run_id>/`; returns the night's index page."""
    night = folder / run_id
    shutil.rmtree(night, ignore_errors=True)
    night.mkdir(parents=True)
    pages: dict[tuple[str, str], list[ExpectationCheck]] = defaultdict(list)
    for check in checks:
        pages[check.source, check.suite].append(check)
    rows = []
    for (source, suite), suite_checks in sorted(pages.items()):
        name = f"{source}.{suite}.html"
        if suite == BATCH:  # our own checks, not Great Expectations types: a plain page
            page = _batch_page(run_id, source, suite_checks)
        else:
            document = ValidationResultsPageRenderer().render(_validation_result(run_id, run_time, source, suite, suite_checks))
            page = offline(DefaultJinjaPageView().render(document))
        (night / name).write_text(page, encoding="utf-8")
        failed = sum(not c.success for c in suite_checks)
        rows.append(f"<tr><td>{html.escape(source)}</td><td><a href=\"{name}\">{html.escape(suite)}</a></td>"
                    f"<td>{len(suite_checks)}</td><td class=\"{'text-danger' if failed else 'text-success'}\">{failed}</td></tr>")
    index = night / "index.html"
    index.write_text(_page(f"Data Docs of the night {run_id}",
                           "<table class=\"table\"><tr><th>source</th><th>suite</th><th>expectations</th><th>failed</th></tr>"
                           + "".join(rows) + "</table><p><a href=\"../index.html\">every night</a></p>"), encoding="utf-8")
    _index_of_nights(folder)
    return index


def _batch_page(run_id: str, source: str, checks: list[ExpectationCheck]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(c.expectation)}</td><td>{html.escape(c.column)}</td>"
        f"<td class=\"{'text-success' if c.success else 'text-danger'}\">{'passed' if c.success else 'flagged'}</td>"
        f"<td>{'' if c.observed_value is None else f'{c.observed_value:g}'}</td><td>{html.escape(c.detail)}</td></tr>" for c in checks)
    return _page(f"Batch-level checks of {source}, night {run_id}",
                 "<table class=\"table\"><tr><th>check</th><th>field</th><th>result</th><th>observed</th><th>finding</th></tr>"
                 f"{rows}</table><p><a href=\"index.html\">the night</a></p>")


def _index_of_nights(folder: Path) -> None:
    nights = sorted((p for p in folder.iterdir() if (p / "index.html").exists()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in nights[KEPT_RUNS:]:
        shutil.rmtree(old, ignore_errors=True)
    links = "".join(f"<li><a href=\"{html.escape(p.name)}/index.html\">{html.escape(p.name)}</a></li>" for p in nights[:KEPT_RUNS])
    (folder / "index.html").write_text(_page("Data Docs of the observatory's nights", f"<ul>{links}</ul>"), encoding="utf-8")


def _page(title: str, body: str) -> str:
    styles = OFFLINE_STYLES.read_text(encoding="utf-8")
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>{styles}</style></head><body><div class=\"container-fluid\"><h1>{html.escape(title)}</h1>{body}</div></body></html>\n")
