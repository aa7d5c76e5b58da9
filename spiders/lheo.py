"""LHEO 2.2 training offers (Carif-Oref / Intercariforef exports): one record per <formation>.

Intercariforef also serves offers in its JSON flavour (one object per offer, or a list of them, or an object
listing them under "formations"/"offres"); such a document is recognised by its first character and yields
one record per offer, keyed by its `uid` (the XML form's `numero`), so both forms of one offer are one record.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import IO, Any

from spiders.export_spider import EXCERPT_BYTES
from spiders.items import RECORD, RawRecord, RejectedRecord, excerpt_of
from spiders.xml_catalogue import XmlCatalogueSpider, head

OFFER_LISTS = ("formations", "offres", "results", "data")


def json_offers(document: Any) -> list[Any]:
    """The offers of an Intercarif JSON document, whichever of its wrappings it uses."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in OFFER_LISTS:
            if isinstance(document.get(key), list):
                return document[key]
        return [document]
    return []


class LheoSpider(XmlCatalogueSpider):
    name = "lheo"
    record_tag = "formation"
    expected_fields = ("intitule-formation", "objectif-formation", "contenu-formation", "action")

    def record_id(self, record: dict[str, Any]) -> str | None:
        return record.get("@numero") or None

    def parse_document(self, open_document: Callable[[], IO[bytes]], url: str) -> Iterator[RawRecord | RejectedRecord]:
        if head(open_document).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] not in (b"{", b"["):
            yield from super().parse_document(open_document, url)
            return
        with open_document() as stream:  # JSON is parsed whole: Intercarif serves it offer by offer or in small lists
            document = stream.read()
        try:
            offers = json_offers(json.loads(document.decode("utf-8-sig")))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            yield RejectedRecord(self.name, url, f"malformed JSON: {error}", excerpt=excerpt_of(document[:EXCERPT_BYTES]))
            return
        for offer in offers:
            offer_id = str(offer.get("uid") or offer.get("id") or "") if isinstance(offer, dict) else ""
            if offer_id:
                yield RawRecord(self.name, offer_id, url, offer)
            else:
                yield RejectedRecord(self.name, url, "Intercarif JSON offer without an id (uid)", excerpt=excerpt_of(offer), scope=RECORD)
