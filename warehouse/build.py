"""Run the SQL models: staging views, then core and marts tables, each after the models it reads.

A model is one `.sql` file holding one select; its folder is its schema and its file name its table.
Dependencies are read from the SQL itself (a reference to `core.postings` means: build that first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

from observatory.failpoints import pause_point

MODELS_DIR = Path(__file__).resolve().parent / "models"
LAYERS = ("staging", "core", "marts")
MATERIALIZATION = {"staging": "view", "core": "table", "marts": "table"}


@dataclass(frozen=True)
class Model:
    schema: str
    name: str
    sql: str

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    def ddl(self) -> str:
        kind = MATERIALIZATION[self.schema]
        return f"create or replace {kind} {self.qualified} as\n{self.sql}"


def discover(models_dir: Path = MODELS_DIR) -> list[Model]:
    return [
        Model(layer, path.stem, path.read_text(encoding="utf-8").strip().rstrip(";"))
        for layer in LAYERS
        for path in sorted((models_dir / layer).glob("*.sql"))
    ]


def build_order(models: list[Model]) -> list[Model]:
    by_name = {m.qualified: m for m in models}
    graph = {}
    for model in models:
        referenced = set(re.findall(r"\b((?:staging|core|marts)\.\w+)", model.sql)) - {model.qualified}
        missing = referenced - by_name.keys()
        if missing:
            raise ValueError(f"{model.qualified} reads unknown models: {sorted(missing)}")
        graph[model.qualified] = referenced
    return [by_name[name] for name in TopologicalSorter(graph).static_order()]


def build_models(con: duckdb.DuckDBPyConnection, models_dir: Path = MODELS_DIR) -> list[str]:
    """Rebuild every model in one transaction, so readers never see half a rebuild."""
    built = []
    con.execute("begin transaction")
    try:
        for layer in LAYERS:
            con.execute(f"create schema if not exists {layer}")
        for model in build_order(discover(models_dir)):
            con.execute(model.ddl())
            built.append(model.qualified)
            pause_point("build")  # crash tests kill the run here, inside the transaction
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return built
