"""ONISEP Idéo initial trainings, open-data CSV export (";"-separated, UTF-8 with BOM): one record per row.

The row's id is the FOR.nnnn slug of its onisep.fr link (the export has no other stable id). A row whose
field count differs from the header's (a broken quote, a cut line) is rejected with its line number and the
rest load; a body that is not CSV at all is one rejected document.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator

from scrapy.http import Response

from spiders.export_spider import EXCERPT_BYTES, ExportSpider
from spiders.items import RECORD, RawRecord, RejectedRecord, excerpt_of

ONISEP_ID = re.compile(r"(FOR\.\d+)")
LINK_FIELD, TITLE_FIELD = "lien site onisep.fr", "libellé formation principal"


class OnisepSpider(ExportSpider):
    name = "onisep"
    expected_fields = (TITLE_FIELD, "libellé type formation", "code RNCP", "libellé niveau RNCP", "domaine/sous-domaine")

    def read_export(self, response: Response) -> Iterator[RawRecord | RejectedRecord]:
        body = response.body
        if body[:4] == b"PK\x03\x04":  # a zipped export: its CSV member
            try:
                body = next(_zip_members(body), b"")
            except zipfile.BadZipFile as error:
                yield RejectedRecord(self.name, response.url, f"malformed ZIP archive: {error}")
                return
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = body.decode("cp1252", errors="replace")
        yield from self.parse_rows(text, response.url)

    def parse_rows(self, text: str, url: str) -> Iterator[RawRecord | RejectedRecord]:
        reader = csv.reader(io.StringIO(text), delimiter=";")
        header = next(reader, None)
        if not header or LINK_FIELD not in header or TITLE_FIELD not in header:
            yield RejectedRecord(self.name, url, f"not an ONISEP Idéo export: the header lacks {LINK_FIELD!r} or {TITLE_FIELD!r}",
                                 excerpt=excerpt_of(text[:EXCERPT_BYTES]))
            return
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            if len(row) != len(header):
                yield RejectedRecord(self.name, url, f"line {line}: {len(row)} fields where the header has {len(header)}",
                                     excerpt=excerpt_of(";".join(row)), scope=RECORD)
                continue
            record = dict(zip(header, (cell.strip() for cell in row), strict=True))
            match = ONISEP_ID.search(record[LINK_FIELD])
            if match:
                yield RawRecord(self.name, match[1], url, record)
            else:
                yield RejectedRecord(self.name, url, f"line {line}: no FOR.nnnn id in its onisep.fr link", excerpt=excerpt_of(record), scope=RECORD)


def _zip_members(body: bytes) -> Iterator[bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for name in archive.namelist():
            if name.lower().endswith(".csv"):
                yield archive.read(name)
