"""The warehouse's documentation and lineage for analysts: `dbt docs generate` on a copy of the published file.

The copy keeps the published file untouched (it is only ever replaced by a night). The site is written to
data/dbt/docs/target/: static_index.html opens from the disk in a browser, with no server and no network.

    .venv/bin/python -m warehouse.docs        # or: make docs
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from observatory.config import Paths
from warehouse.build import _close_dbt_database, _database_env, dbt_arguments


def generate_docs(warehouse: Path, out_dir: Path) -> Path:
    from dbt.cli.main import dbtRunner

    if not warehouse.exists():
        raise FileNotFoundError(f"{warehouse} does not exist: run `make run` first")
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / warehouse.name
        shutil.copyfile(warehouse, copy)
        arguments = dbt_arguments("docs", out_dir)
        arguments[1:1] = ["generate", "--static"]  # static_index.html: manifest and catalog inside, opens offline
        with _database_env(copy):
            try:
                result = dbtRunner().invoke(arguments)
            finally:
                _close_dbt_database()
    if not result.success:
        raise RuntimeError(f"dbt docs generate failed: {result.exception}; details in {out_dir / 'logs' / 'dbt.log'}")
    return out_dir / "target" / "static_index.html"


def main() -> int:
    paths = Paths()
    try:
        index = generate_docs(paths.warehouse, paths.dbt_dir / "docs")
    except (FileNotFoundError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"warehouse documentation: {index}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
