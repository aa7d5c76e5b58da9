"""A real HTTP server for the bundled sample sources, on 127.0.0.1.

`observatory run` crawls it with the same spiders, settings and pipelines as a live run, so the demo and the
tests exercise the real network path (robots.txt, paging, HTTP errors) instead of reading files directly.
The France Travail endpoint mimics the documented behaviour of /offres/search: `departement` filter, `range`
paging with 206 + Content-Range, 204 when nothing matches, 400 on a bad range.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from observatory.sources import FRANCE_TRAVAIL_SEARCH_PATH

__all__ = ["FRANCE_TRAVAIL_SEARCH_PATH", "serve_sample_sources"]

FRANCE_TRAVAIL_MAX_PAGE = 150  # the API refuses ranges wider than 150 offers (OpenAPI spec)
ROBOTS_TXT = b"User-agent: *\nDisallow: /private/\n"


class SampleSources:
    """The files served, read once: a search corpus of France Travail offers and static files."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @cached_property
    def offers(self) -> list[dict]:
        path = self.root / "france_travail" / "offres.json"
        return json.loads(path.read_text(encoding="utf-8"))["resultats"] if path.exists() else []

    def search(self, departments: set[str]) -> list[dict]:
        if not departments:
            return self.offers
        return [o for o in self.offers if _department_of(o) in departments]


def _department_of(offer: dict) -> str:
    label = (offer.get("lieuTravail") or {}).get("libelle", "")
    return label.split(" - ", 1)[0].strip()


def _handler_for(sources: SampleSources) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "ObservatorySample/1.0"

        def log_message(self, format: str, *args: object) -> None:  # quiet: the crawl logs every request
            pass

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/robots.txt":
                self._send(200, ROBOTS_TXT, "text/plain")
            elif url.path == FRANCE_TRAVAIL_SEARCH_PATH:
                self._search(parse_qs(url.query))
            else:
                self._static(url.path)

        def _search(self, query: dict[str, list[str]]) -> None:
            departments = {d for v in query.get("departement", []) for d in v.split(",") if d}
            offers = sources.search(departments)
            match = re.fullmatch(r"(\d+)-(\d+)", query.get("range", ["0-149"])[0])
            if not match:
                return self._send(400, b'{"message": "range invalide"}', "application/json")
            first, last = int(match[1]), int(match[2])
            if last < first or last - first + 1 > FRANCE_TRAVAIL_MAX_PAGE:
                return self._send(400, b'{"message": "range invalide"}', "application/json")
            page = offers[first : last + 1]
            if not page:
                return self._send(204, b"", "application/json")
            body = json.dumps({"resultats": page, "filtresPossibles": []}, ensure_ascii=False).encode()
            end = first + len(page) - 1
            status = 200 if first == 0 and end == len(offers) - 1 else 206
            self._send(status, body, "application/json", {"Content-Range": f"offres {first}-{end}/{len(offers)}"})

        def _static(self, path: str) -> None:
            target = (sources.root / path.lstrip("/")).resolve()
            if sources.root.resolve() not in target.parents or not target.is_file():
                return self._send(404, b"not found", "text/plain")
            kind = "application/xml" if target.suffix == ".xml" else "application/octet-stream"
            self._send(200, target.read_bytes(), kind)

        def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def serve_sample_sources(root: Path) -> Iterator[str]:
    """Serve `root` on an ephemeral 127.0.0.1 port for the duration of the block; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(SampleSources(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
