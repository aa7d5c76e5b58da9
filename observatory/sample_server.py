"""A real HTTP server for the bundled sample sources, on 127.0.0.1.

`observatory run` crawls it with the same spiders, settings and pipelines as a live run, so the demo and the
tests exercise the real network path (robots.txt, paging, HTTP errors) instead of reading files directly.
The France Travail endpoint answers as the real /offres/search does (observatory/france_travail_api.py).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from observatory.france_travail_api import OfferIndex, ServedOffer, search
from observatory.sources import FRANCE_TRAVAIL_SEARCH_PATH

__all__ = ["FRANCE_TRAVAIL_SEARCH_PATH", "serve_sample_sources"]

ROBOTS_TXT = b"User-agent: *\nDisallow: /private/\n"
SAMPLE_SITE = b"http://sample-site.invalid"  # the sample career site's links, served as this server's address


class SampleSources:
    """The files served, read once: a search corpus of France Travail offers and static files."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @cached_property
    def offers(self) -> OfferIndex:
        """The offers of `france_travail/offres.json` (an API answer), or of `offres.jsonl` (one offer per line,
        read line by line: the benchmark's million offers are never one JSON document in memory)."""
        folder = self.root / "france_travail"
        if (folder / "offres.jsonl").exists():
            with (folder / "offres.jsonl").open("rb") as lines:
                return OfferIndex(ServedOffer.parse(line) for line in lines if line.strip())
        path = folder / "offres.json"
        return OfferIndex(json.loads(path.read_text(encoding="utf-8"))["resultats"] if path.exists() else [])


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
            reply = search(sources.offers, query)
            self._send(reply.status, reply.body, reply.content_type, reply.headers)

        def _static(self, path: str) -> None:
            target = (sources.root / path.lstrip("/")).resolve()
            if sources.root.resolve() not in target.parents or not target.is_file():
                return self._send(404, b"not found", "text/plain")
            kind = {".xml": "application/xml", ".html": "text/html"}.get(target.suffix, "application/octet-stream")
            body = target.read_bytes().replace(SAMPLE_SITE, f"http://{self.headers.get('Host', '')}".encode())
            self._send(200, body, kind)

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
    """Serve `root` on an ephemeral 127.0.0.1 port for the duration of the block; yields the base URL. The offers
    are indexed before the server answers: a client's first request does not wait for it (a million offers of the
    benchmark take about 20 s to index here, which a crawl timed from its start would count as its own)."""
    sources = SampleSources(root)
    sources.offers  # noqa: B018 - the index, built now
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(sources))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
