"""France compétences RNCP export (XML flux v4.1): one record per <FICHE>, with its blocs de compétences."""

from __future__ import annotations

from typing import Any

from spiders.xml_catalogue import XmlCatalogueSpider


class RncpSpider(XmlCatalogueSpider):
    name = "rncp"
    record_tag = "FICHE"
    expected_fields = ("INTITULE", "BLOCS_COMPETENCES", "CODES_ROME", "ACTIF")

    def record_id(self, record: dict[str, Any]) -> str | None:
        return record.get("NUMERO_FICHE") or None
