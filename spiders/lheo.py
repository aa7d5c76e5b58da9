"""LHEO 2.2 training offers (Carif-Oref / Intercariforef exports): one record per <formation>."""

from __future__ import annotations

from typing import Any

from spiders.xml_catalogue import XmlCatalogueSpider


class LheoSpider(XmlCatalogueSpider):
    name = "lheo"
    record_tag = "formation"
    expected_fields = ("intitule-formation", "objectif-formation", "contenu-formation", "action")

    def record_id(self, record: dict[str, Any]) -> str | None:
        return record.get("@numero") or None
