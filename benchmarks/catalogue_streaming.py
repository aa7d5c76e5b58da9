"""Peak memory of reading a large catalogue export: a real sample enlarged to a national-size export, crawled
by the real spider (Scrapy, a local HTTP server) with two versions of the code side by side.

The export is generated under /tmp (never committed): the records of a real sample repeated under new ids
until the file reaches --megabytes, written plain and zipped (the daily RNCP flux is published zipped). rncp:
the 12 real fiches of ../shared/samples/rncp/mcp-rncp_export_fiches_RNCP_fixture_v4.1.xml; lheo: the real
Intercarif offers of ../shared/samples/lheo (DAEU Toulouse, plaquiste, paysan-boulanger Millau, POEC paie).
Each version of the code (a git revision, extracted under /tmp by `git archive`, and this working tree) crawls
each file in a fresh process; the figures are that process's children: the crawl subprocess's peak RSS, its CPU
seconds (user + system) and the wall seconds of the crawl.

    .venv/bin/python benchmarks/catalogue_streaming.py --before c671a86 --megabytes 200
    .venv/bin/python benchmarks/catalogue_streaming.py --before c671a86 --megabytes 100 --source lheo
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tarfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO.parent / "shared" / "samples"
WORK = Path("/tmp") / f"{os.environ.get('USER', 'observatory')}-catalogue-streaming"


@dataclass(frozen=True)
class Export:
    """How to enlarge one source's real sample: its files, its record element, the root around the records, and
    how a copy of a record gets a new id."""

    files: tuple[str, ...]
    record_tag: str
    opening: bytes
    closing: bytes
    renumber: Callable[[bytes, int], bytes]


def _suffixed(before: bytes, after: bytes) -> Callable[[bytes, int], bytes]:
    """The id written between `before` and `after` (its first occurrence) gets the copy's number."""
    def renumber(record: bytes, copy: int) -> bytes:
        start = record.index(before) + len(before)
        end = record.index(after, start)
        return record[:end] + b"-%05d" % copy + record[end:]
    return renumber


EXPORTS = {
    "rncp": Export(("rncp/mcp-rncp_export_fiches_RNCP_fixture_v4.1.xml",), "FICHE",
                   b'<?xml version="1.0" encoding="UTF-8"?>\n<FICHES>\n', b"</FICHES>\n", _suffixed(b"<NUMERO_FICHE>", b"</NUMERO_FICHE>")),
    "lheo": Export(tuple(f"lheo/trefle_intercarif_{name}.xml" for name in ("daeu_toulouse", "formation_plaquiste_centre",
                                                                          "paysan_boulanger_millau", "poec_gestionnaire_paie")),
                   "{*}formation", b'<?xml version="1.0" encoding="UTF-8"?>\n<lheo xmlns="http://www.lheo.org/2.2"><offres>\n',
                   b"</offres></lheo>\n", _suffixed(b'numero="', b'"')),
}


def enlarged_export(source: str, megabytes: int) -> tuple[Path, Path, int]:
    """The sample's records repeated under new ids (RNCP37674 → RNCP37674-00042) up to `megabytes`; its zip."""
    from lxml import etree

    export = EXPORTS[source]
    plain, zipped = WORK / f"{source}_{megabytes}mb.xml", WORK / f"{source}_{megabytes}mb.zip"
    records = [etree.tostring(r, encoding="utf-8") for name in export.files
               for r in etree.parse(str(SAMPLES / name)).getroot().iter(export.record_tag)]
    if not plain.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        with plain.open("wb") as out:
            out.write(export.opening)
            copy = 0
            while out.tell() < megabytes * 1024 * 1024:
                for record in records:
                    out.write(export.renumber(record, copy) + b"\n")
                    copy += 1
            out.write(export.closing)
        with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(plain, plain.name)
    count = sum(1 for _ in etree.iterparse(str(plain), tag=export.record_tag))
    return plain, zipped, count


def code_at(revision: str) -> Path:
    """The repository's files at `revision`, extracted under /tmp (once)."""
    tree = WORK / f"code-{revision}"
    if not tree.exists():
        tree.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", revision], capture_output=True, check=True).stdout
        tar_path = WORK / f"code-{revision}.tar"
        tar_path.write_bytes(archive)
        with tarfile.open(tar_path) as tar:
            tar.extractall(tree, filter="data")
        tar_path.unlink()
    return tree


def measure_one(tree: Path, source: str, url: str) -> dict:
    """Crawl `url` with the code of `tree` (this runs in a process of its own: its children are that crawl)."""
    sys.path.insert(0, str(tree))
    from spiders.crawl import run_crawl

    landing = WORK / "landing"
    started = time.perf_counter()
    result = run_crawl(source, {"url": url}, landing, "2026-12-03", f"bench-{os.getpid()}", download_delay=0)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    records = sum(1 for _ in result.records_path.open(encoding="utf-8"))
    result.records_path.unlink()
    result.rejected_path.unlink(missing_ok=True)
    import spiders.crawl

    return {"records": records, "rejected": result.rejected, "wall_s": round(wall, 1), "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
            "peak_rss_mib": round(usage.ru_maxrss / 1024), "code": str(Path(spiders.crawl.__file__).parent.parent)}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="git revision of the code to compare with this working tree")
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--source", choices=sorted(EXPORTS), default="rncp")
    parser.add_argument("--measure-one", nargs=2, metavar=("TREE", "URL"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure_one:
        print(json.dumps(measure_one(Path(options.measure_one[0]), options.source, options.measure_one[1])))
        return
    plain, zipped, records = enlarged_export(options.source, options.megabytes)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(WORK)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    env = {**os.environ, "OBSERVATORY_MAX_PAGE_BYTES": str(4 * 1024**3)}  # the national flux is over the 200 MiB default
    print(f"{options.source} export: {records:,} records, {plain.stat().st_size / 1024**2:.0f} MiB plain, {zipped.stat().st_size / 1024**2:.0f} MiB zipped")
    print("| code | export | records | wall s | CPU s | peak RSS MiB |")
    print("|---|---|---|---|---|---|")
    for label, tree in ((options.before, code_at(options.before)), ("this tree", REPO)):
        for path in (plain, zipped):
            done = subprocess.run([sys.executable, __file__, "--before", options.before, "--source", options.source, "--measure-one", str(tree), f"{base}/{path.name}"],
                                  capture_output=True, text=True, env=env, cwd=tree, check=True)
            row = json.loads(done.stdout.strip().splitlines()[-1])
            assert Path(row["code"]) == tree.resolve(), row["code"]  # the crawl ran the code asked for
            print(f"| {label} | {path.suffix[1:]} | {row['records']:,} | {row['wall_s']} | {row['cpu_s']} | {row['peak_rss_mib']} |", flush=True)
    server.shutdown()


if __name__ == "__main__":
    main()
