"""Shared fixtures: the real public samples in ../shared (skipped when absent) and the real extractor."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_SAMPLES = REPO.parent / "shared" / "samples"
TOY_TAXONOMY = Path(__file__).resolve().parent / "transforms" / "skills" / "toy_taxonomy"

# Prefect never phones home and never touches the user's ~/.prefect during tests.
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="observatory-prefect-")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


@pytest.fixture(scope="session")
def shared_samples() -> Path:
    if not SHARED_SAMPLES.is_dir():
        pytest.skip(f"real public samples not found at {SHARED_SAMPLES} (../shared/samples is only beside a checkout)")
    return SHARED_SAMPLES


@pytest.fixture(scope="session")
def extractor():
    """The production extractor: fr_core_news_sm tokenizer + the bundled taxonomy."""
    from transforms.skills.extractor import SkillExtractor

    return SkillExtractor()


@pytest.fixture(scope="session")
def toy_extractor():
    """The same component on a tiny taxonomy, for exact assertions on spans and ids."""
    from transforms.skills.extractor import SkillExtractor

    return SkillExtractor(TOY_TAXONOMY)


@pytest.fixture(scope="session")
def prefect_server():
    """One real, temporary Prefect server (API + database) for every flow run of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def dbt_state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One dbt target folder for the session, so that dbt parses the project once and then only what changed."""
    return tmp_path_factory.mktemp("dbt")


def forget_live_sources(patch: pytest.MonkeyPatch) -> None:
    """No live source for the test's nights: every source's URL variable (declared once, observatory/sources.py),
    the France Travail token URL and credentials are unset, so a night serves only what the test serves."""
    from observatory.sources import SOURCES

    for name in [s.url_variable for s in SOURCES] + ["OBSERVATORY_FRANCE_TRAVAIL_TOKEN_URL", "FRANCE_TRAVAIL_CLIENT_ID",
                                                      "FRANCE_TRAVAIL_CLIENT_SECRET"]:
        patch.delenv(name, raising=False)


@pytest.fixture
def observatory_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dbt_state: Path) -> Path:
    """A private data folder, warehouse and reports folder; no live source configured; no politeness delay."""
    monkeypatch.setenv("OBSERVATORY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OBSERVATORY_DBT_DIR", str(dbt_state))
    monkeypatch.setenv("OBSERVATORY_WAREHOUSE", str(tmp_path / "warehouse" / "observatory.duckdb"))
    monkeypatch.setenv("OBSERVATORY_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.setenv("OBSERVATORY_DOWNLOAD_DELAY", "0")
    forget_live_sources(monkeypatch)
    return tmp_path
