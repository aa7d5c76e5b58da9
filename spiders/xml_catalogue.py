"""Shared base of the training-catalogue spiders: stream one XML export, yield one record per element.

Exports are large (the daily RNCP flux is hundreds of MB, often zipped). The downloaded body is read as a
stream: a zipped document is decompressed as it is parsed, never read whole; its encoding is checked chunk by
chunk first (which also verifies a zipped member's checksum before any of its records is landed); lxml's iterparse builds one record element at a time, which is converted, then cleared and removed from
the tree with the elements before it, so the parsed tree never holds more than one record. A malformed
document keeps every record parsed before the error and lands a rejected record with the parser's message.
Only a document that must be re-encoded (a wrong encoding declaration) is read whole, to be repaired.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any

from lxml import etree
from scrapy.http import Response

from spiders.export_spider import EXCERPT_BYTES, ExportSpider
from spiders.items import RECORD, RawRecord, RejectedRecord, excerpt_of

XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
UTF8_NAMES = {"utf-8", "utf8"}
SINGLE_BYTE_NAMES = {"iso-8859-1", "latin-1", "latin1", "iso-8859-15", "windows-1252", "cp1252"}


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


class XmlCatalogueSpider(ExportSpider):
    """Subclasses declare `name`, `record_tag` and `record_id(record)`."""

    record_tag: str = ""

    def record_id(self, record: dict[str, Any]) -> str | None:
        raise NotImplementedError

    def read_export(self, response: Response) -> Iterator[RawRecord | RejectedRecord]:
        try:
            documents = xml_documents(response.body)
            for open_document in documents:
                if needs_repair(open_document):
                    with open_document() as stream:
                        document, warning = as_declared_encoding(stream.read())
                    if warning:
                        self.warn(f"{response.url}: {warning}")
                    open_document = _opener(document)
                yield from self.parse_document(open_document, response.url)
        except (zipfile.BadZipFile, zlib.error) as error:  # a corrupt member fails the encoding check, before it is parsed
            yield RejectedRecord(self.name, response.url, f"malformed ZIP archive: {error}")

    def warn(self, message: str) -> None:
        """A problem the crawl worked around; it is listed in the run summary (stats `observatory/warnings`)."""
        self.logger.warning(message)
        stats = self.crawler.stats
        stats.set_value("observatory/warnings", [*(stats.get_value("observatory/warnings") or []), message])

    def parse_document(self, open_document: Callable[[], IO[bytes]], url: str) -> Iterator[RawRecord | RejectedRecord]:
        """One record per `record_tag` element (in any namespace), parsed from the stream one at a time."""
        with open_document() as stream:
            try:
                for _, element in etree.iterparse(stream, events=("end",), tag=(self.record_tag, f"{{*}}{self.record_tag}"),
                                                  huge_tree=True):
                    record = element_to_value(element)
                    forget(element)
                    record_id = self.record_id(record) if isinstance(record, dict) else None
                    if record_id:
                        yield RawRecord(self.name, record_id, url, record)
                    else:
                        yield RejectedRecord(self.name, url, f"<{self.record_tag}> without an id", excerpt=excerpt_of(record), scope=RECORD)
            except etree.XMLSyntaxError as error:
                yield RejectedRecord(self.name, url, f"malformed XML: {error}", excerpt=excerpt_of(head(open_document)))


def forget(element: etree._Element) -> None:
    """Free a parsed record: its children, and the (emptied) records before it that its parent still holds."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def head(open_document: Callable[[], IO[bytes]], size: int = EXCERPT_BYTES) -> bytes:
    with open_document() as stream:
        return stream.read(size)


def _opener(document: bytes) -> Callable[[], IO[bytes]]:
    return lambda: io.BytesIO(document)


def needs_repair(open_document: Callable[[], IO[bytes]], chunk_bytes: int = 1 << 20) -> bool:
    """Whether `as_declared_encoding` must repair the document, read chunk by chunk: bytes that are not UTF-8 under
    a UTF-8 declaration, or UTF-8 (non-ASCII) under a single-byte declaration. Nothing is kept but a decoder."""
    with open_document() as stream:
        first = stream.read(chunk_bytes)
        if first[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its byte-order mark: the parser knows it
            return False
        declared_match = XML_DECLARATION.match(first[:200])
        declared = declared_match[1].decode().lower() if declared_match else "utf-8"
        if declared not in UTF8_NAMES and declared not in SINGLE_BYTE_NAMES:
            return False
        decoder, ascii_only, chunk = codecs.getincrementaldecoder("utf-8")(), True, first
        try:
            while chunk:
                ascii_only = ascii_only and chunk.isascii()
                decoder.decode(chunk)
                chunk = stream.read(chunk_bytes)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return declared in UTF8_NAMES
        return declared in SINGLE_BYTE_NAMES and not ascii_only


def as_declared_encoding(document: bytes) -> tuple[bytes, str | None]:
    """The document in the encoding its XML declaration names, and a warning when it had to be repaired.

    Exports are sometimes re-encoded by a tool that keeps the old declaration: Windows-1252 bytes declared
    UTF-8 (every accented letter then breaks the parser) or UTF-8 declared Latin-1 (every accent becomes two
    wrong letters). Both are recognised and read as what they are; anything else is parsed as declared.
    """
    if document[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its byte-order mark: the parser knows it
        return document, None
    declared_match = XML_DECLARATION.match(document[:200])
    declared = declared_match[1].decode().lower() if declared_match else "utf-8"
    if declared in UTF8_NAMES:
        try:
            document.decode("utf-8")
            return document, None
        except UnicodeDecodeError as error:
            position = error.start
        try:
            text = document.decode("cp1252")
            actual = "Windows-1252"
        except UnicodeDecodeError:
            text, actual = document.decode("latin-1"), "Latin-1"
        warning = f"declared UTF-8 but is not (invalid byte at offset {position}); read as {actual}"
        return text.encode("utf-8"), warning
    if declared in SINGLE_BYTE_NAMES and not document.isascii():
        try:
            text = document.decode("utf-8")
        except UnicodeDecodeError:
            return document, None
        declaration = declared_match[0]
        fixed = declaration[: declared_match.start(1)] + b"utf-8" + declaration[declared_match.end(1) :]
        return fixed + text.encode("utf-8")[len(declaration) :], f"declared {declared_match[1].decode()} but is UTF-8; read as UTF-8"
    return document, None


def xml_documents(body: bytes) -> Iterator[Callable[[], IO[bytes]]]:
    """The documents of a response, each as a function opening it as a stream: the body itself, or each .xml (or
    .json) member of a ZIP archive, decompressed as it is read."""
    if body[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            for name in archive.namelist():
                if name.lower().endswith((".xml", ".json")):
                    yield lambda name=name: archive.open(name)
    else:
        yield _opener(body)
