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
