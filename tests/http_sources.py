"""A real HTTP server on 127.0.0.1 standing in for live sources, with the faults live sources have.

Routes are declared per path: a file, a France Travail search endpoint (paged like the real API), or a fault
(an HTTP status, a delay on the first hits, a malformed body). Every request is counted per path.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PAGE = 150


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


Route = Callable[[dict[str, list[str]], int], Reply]  # (query, hit number starting at 1) → reply


def file_route(body: bytes, content_type: str = "application/xml") -> Route:
    return lambda query, hit: Reply(200, body, content_type=content_type)


def status_route(status: int, body: bytes = b'{"message": "erreur interne"}') -> Route:
    return lambda query, hit: Reply(status, body)


def france_travail_route(offers: list[dict], slow_range_start: int | None = None, slow_seconds: float = 0,
                         slow_hits: int = 1) -> Route:
    """/offres/search: `departement` filter on the offer's label, `range` paging, 206 + Content-Range, 204.
    The page starting at `slow_range_start` answers after `slow_seconds` on its first `slow_hits` requests."""
    served = Counter()

    def route(query: dict[str, list[str]], hit: int) -> Reply:
        departments = {d for v in query.get("departement", []) for d in v.split(",") if d}
        matching = [o for o in offers if not departments or str((o.get("lieuTravail") or {}).get("libelle", ""))[:2] in departments]
        first, last = (int(x) for x in re.fullmatch(r"(\d+)-(\d+)", query.get("range", ["0-149"])[0]).groups())
        if first == slow_range_start:
            served[first] += 1
            if served[first] <= slow_hits:
                time.sleep(slow_seconds)
        page = matching[first : last + 1]
        if not page:
            return Reply(204)
        end = first + len(page) - 1
        status = 200 if first == 0 and end == len(matching) - 1 else 206
        body = json.dumps({"resultats": page}, ensure_ascii=False).encode()
        return Reply(status, body, {"Content-Range": f"offres {first}-{end}/{len(matching)}"})

    return route


class SourceServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {"/robots.txt": lambda q, h: Reply(200, b"User-agent: *\nAllow: /\n", content_type="text/plain")}
        self.hits: Counter[str] = Counter()
        self.base = ""

    def route(self, path: str, route: Route) -> str:
        """Declare (or replace) what `path` answers; returns its URL."""
        self.routes[path] = route
        return self.base + path

    def handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                server.hits[url.path] += 1
                route = server.routes.get(url.path)
                reply = route(parse_qs(url.query), server.hits[url.path]) if route else Reply(404, b"not found", content_type="text/plain")
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


@contextmanager
def serve_sources() -> Iterator[SourceServer]:
    sources = SourceServer()
    http = ThreadingHTTPServer(("127.0.0.1", 0), sources.handler())
    http.daemon_threads = True
    sources.base = f"http://127.0.0.1:{http.server_address[1]}"
    threading.Thread(target=http.serve_forever, daemon=True).start()
    try:
        yield sources
    finally:
        http.shutdown()
        http.server_close()
