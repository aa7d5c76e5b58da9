"""A real HTTP server on 127.0.0.1 standing in for live sources, with the faults live sources have.

Routes are declared per path: a file, a France Travail search endpoint and its token URL (the real API's
contract: observatory/france_travail_api.py), or a fault (an HTTP status with its headers, a delay on the first
hits, a malformed or cut body, a revoked token). Every request is counted per path.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from observatory.france_travail_api import OfferIndex, Reply, TokenIssuer, search


@dataclass(frozen=True)
class Exchange:
    """One request as a route sees it."""

    method: str
    query: dict[str, list[str]]
    hit: int  # how many requests this path has had, this one included
    headers: dict[str, str]
    body: bytes = b""


Route = Callable[[Exchange], Reply]


def file_route(body: bytes, content_type: str = "application/xml") -> Route:
    return lambda exchange: Reply(200, body, content_type=content_type)


def status_route(status: int, body: bytes = b'{"message": "erreur interne"}', headers: dict[str, str] | None = None) -> Route:
    return lambda exchange: Reply(status, body, headers or {})


def france_travail_route(offers: list[dict], slow_range_start: int | None = None, slow_seconds: float = 0,
                         slow_hits: int = 1, tokens: TokenIssuer | None = None,
                         fault: Callable[[Exchange], Reply | None] | None = None) -> Route:
    """/offres/search as the real API answers it (observatory/france_travail_api.py), newest offers first.
    The page starting at `slow_range_start` answers after `slow_seconds` on its first `slow_hits` requests;
    with `tokens`, a request without a valid Bearer token gets 401; `fault` may answer instead of the API."""
    index = OfferIndex(offers)
    served = Counter()

    def route(exchange: Exchange) -> Reply:
        if fault and (reply := fault(exchange)) is not None:
            return reply
        if tokens and not tokens.accepts(exchange.headers.get("Authorization")):
            return Reply(401, b'{"message": "Token invalide ou expire"}')
        first = int(exchange.query.get("range", ["0-149"])[0].split("-")[0] or 0)
        if first == slow_range_start:
            served[first] += 1
            if served[first] <= slow_hits:
                time.sleep(slow_seconds)
        return search(index, exchange.query)

    return route


def token_route(tokens: TokenIssuer) -> Route:
    """POST client credentials → a token (OAuth2 client credentials, as France Travail's token URL)."""
    return lambda exchange: tokens.issue(exchange.body) if exchange.method == "POST" else Reply(405)


class SourceServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {"/robots.txt": lambda e: Reply(200, b"User-agent: *\nAllow: /\n", content_type="text/plain")}
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
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
                self.answer("GET", b"")

            def do_POST(self) -> None:
                self.answer("POST", self.rfile.read(int(self.headers.get("Content-Length") or 0)))

            def answer(self, method: str, body: bytes) -> None:
                url = urlsplit(self.path)
                with server.lock:
                    server.hits[url.path] += 1
                    hit = server.hits[url.path]
                route = server.routes.get(url.path)
                exchange = Exchange(method, parse_qs(url.query), hit, dict(self.headers.items()), body)
                reply = route(exchange) if route else Reply(404, b"not found", content_type="text/plain")
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                headers = dict(reply.headers)
                length = headers.pop("X-Declared-Length", None)  # a body cut short: more bytes declared than sent
                self.send_header("Content-Length", length or str(len(reply.body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                if length:
                    self.close_connection = True

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
