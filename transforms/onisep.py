"""ONISEP Idéo initial trainings (open data CSV export) → programmes.

One row per initial training of the national catalogue: its diploma type, title, duration, RNCP code and
level where it is registered, its ministry, its domains, and its page on onisep.fr (whose FOR.nnnn slug is
its id). The catalogue gives no place: these programmes say what initial training exists, not where it
is taught, and are never counted as regional supply on their own. The domains are the text analysed.
"""

from __future__ import annotations

import re
from typing import Any

from transforms.trainings import Training, TrainingUnit, text_of

_LEVEL = re.compile(r"niveau\s*([1-8])\b", re.IGNORECASE)
NOT_GIVEN = {"", "non renseigné", "non inscrit au rncp"}


def _given(value: Any) -> str | None:
    text = text_of(value)
    return None if text.lower() in NOT_GIVEN else text


def parse_onisep(record: dict[str, Any]) -> Training:
    row = record["payload"]
    number = str(record["record_id"])
    title = text_of(row["libellé formation principal"])
    level_label = _given(row.get("libellé niveau RNCP"))
    level = _LEVEL.search(level_label or "")
    rncp = text_of(row.get("code RNCP"))
    ministry = _given(row.get("tutelle"))
    domains = [d.strip() for d in text_of(row.get("domaine/sous-domaine")).split("|") if d.strip()]
    diploma = _given(row.get("libellé type formation"))
    units = [TrainingUnit(f"{number}-domains", "domains", "Domaines", "\n".join(d.replace("/", " : ") for d in domains))] if domains else []
    return Training(
        training_id=f"onisep:{number}",
        source=record["source"],
        title=title,
        provider=None,  # the national catalogue names no establishment
        certification=f"RNCP{rncp}" if rncp.isdigit() else None,
        qualification_level=level_label,
        national_level=int(level[1]) if level else None,
        nsf_codes=[code] if (code := text_of(row.get("code CNIS"))) else [],
        certifiers=[ministry] if ministry else [],
        diploma=diploma,
        duration_label=_given(row.get("durée")),
        department=None,
        city=None,
        url=text_of(row.get("lien site onisep.fr")) or None,
        is_active=True,
        fetched_at=record.get("fetched_at", ""),
        content_hash=record.get("content_hash", ""),
        units=units,
    )
