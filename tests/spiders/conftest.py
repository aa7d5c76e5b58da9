"""A real HTTP server on 127.0.0.1 for spider tests: the sample server, or plain files (for broken inputs)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from observatory.sample_server import serve_sample_sources


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def file_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Serve tmp_path/www as plain files (query strings ignored); yields (base URL, folder)."""
    root = tmp_path / "www"
    root.mkdir()
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()


@pytest.fixture
def france_travail_server(tmp_path: Path, shared_samples: Path) -> Iterator[str]:
    """The sample server holding 2,381 real IT offers (France Travail API shape) from ../shared/samples."""
    root = tmp_path / "sources"
    (root / "france_travail").mkdir(parents=True)
    shutil.copy(shared_samples / "france_travail" / "derived_ft_M18_all_unique_offres.json", root / "france_travail" / "offres.json")
    with serve_sample_sources(root) as base:
        yield base
