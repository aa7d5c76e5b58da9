"""Shared base of the training-catalogue spiders: stream one XML export, yield one record per element.

Exports are large (the daily RNCP flux is ~200 MB, often zipped), so elements are parsed one at a time
with lxml's iterparse and freed as they go. A malformed document keeps every record parsed before the
error and lands a rejected record with the parser's message.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from lxml import etree
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from spiders.items import RawRecord, RejectedRecord


def local_name(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def element_to_value(element: etree._Element) -> Any:
    """Convert an element to plain JSON: text for leaves, dicts for parents, lists for repeated children.

    Attributes are kept under "@name" keys; a leaf with attributes becomes {"#text": ..., "@attr": ...}.
    """
    attributes = {f"@{local_name(k) or k}": v for k, v in element.attrib.items()}
    children = [c for c in element if isinstance(c.tag, str)]
    if not children:
        text = (element.text or "").strip()
        return {"#text": text} | attributes if attributes else text
    value: dict[str, Any] = dict(attributes)
    for child in children:
        key, child_value = local_name(child.tag), element_to_value(child)
        if key in value:
            value[key] = value[key] if isinstance(value[key], list) else [value[key]]
            value[key].append(child_value)
        else:
            value[key] = child_value
    return value


class XmlCatalogueSpider(scrapy.Spider):
    """Subclasses declare `name`, `record_tag` and `record_id(record)`."""

    record_tag: str = ""

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.url, callback=self.parse_export, errback=self.download_failed)

    def download_failed(self, failure: Failure) -> Iterator[RejectedRecord]:
        """Timeouts, refused connections, exports over DOWNLOAD_MAXSIZE: a rejected record says so."""
        yield RejectedRecord(self.name, failure.request.url, f"download failed: {failure.getErrorMessage()[:300]}")

    def record_id(self, record: dict[str, Any]) -> str | None:
        raise NotImplementedError

    def parse_export(self, response: Response) -> Iterator[RawRecord | RejectedRecord]:
        if response.status >= 400:
            yield RejectedRecord(self.name, response.url, f"HTTP {response.status} on export")
            return
        for document in xml_documents(response.body):
            yield from self.parse_document(document, response.url)

    def parse_document(self, document: bytes, url: str) -> Iterator[RawRecord | RejectedRecord]:
        try:
            for _, element in etree.iterparse(io.BytesIO(document), events=("end",), huge_tree=True):
                if local_name(element.tag) != self.record_tag:
                    continue
                record = element_to_value(element)
                element.clear()
                record_id = self.record_id(record) if isinstance(record, dict) else None
                if record_id:
                    yield RawRecord(self.name, record_id, url, record)
                else:
                    yield RejectedRecord(self.name, url, f"<{self.record_tag}> without an id", excerpt=str(record)[:300])
        except etree.XMLSyntaxError as error:
            yield RejectedRecord(self.name, url, f"malformed XML: {error}", excerpt=document[:200].decode(errors="replace"))


def xml_documents(body: bytes) -> Iterator[bytes]:
    """The XML documents of a response: the body itself, or each .xml member of a ZIP archive."""
    if body[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            for name in archive.namelist():
                if name.lower().endswith(".xml"):
                    yield archive.read(name)
    else:
        yield body
