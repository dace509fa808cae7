"""The engine registry: the same rules run by Python closures, DuckDB or Spark.

Input: an `api.Ruleset`, inputs (a directory of Parquet tables, or JSONL files
and directories of them), the as-of date and the message language.
Output: findings, streamed (`findings`), written to a Parquet or JSON Lines
file (`write`, returning counts per status), or only counted (`summary`).

Invariants:
- Every engine gives the same (rule, subject, status, due, fulfilled_on) for the
  same input (tests/test_engines_differential.py); message texts may differ
  between engines, and SQL engines leave the explanation empty.
- Input problems never stop a run: the diagnostics of the last run are in the
  engine's `last_diagnostics` and are appended to `diagnostics=` when a list is
  given; the records they name are left out, as the Python readers do.
- Memory is bounded by the engine, not by the number of findings: `write`
  streams (DuckDB `COPY ... TO`, Spark's writers), `findings` yields batch by batch.
- An engine whose optional dependency is missing raises LNV403 when used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from lnvideo.diagnostics import Diagnostic
from lnvideo.engines.duckdb_engine import DuckDBEngine
from lnvideo.engines.python_engine import PythonEngine
from lnvideo.engines.spark_engine import SparkEngine
from lnvideo.findings import Finding

Inputs = Sequence[str | Path]
OUTPUT_FORMATS = ("parquet", "jsonl")


class Engine(Protocol):
    """What every engine offers (`ENGINES[name]`)."""

    name: str
    last_diagnostics: list[Diagnostic]

    def findings(
        self,
        ruleset: Any,
        inputs: Inputs,
        *,
        as_of: dt.date,
        lang: str = "en",
        diagnostics: list[Diagnostic] | None = None,
    ) -> Iterator[Finding]: ...

    def write(
        self,
        ruleset: Any,
        inputs: Inputs,
        out_path: str | Path,
        *,
        as_of: dt.date,
        lang: str = "en",
        fmt: str = "parquet",
        diagnostics: list[Diagnostic] | None = None,
    ) -> dict[str, int]: ...

    def summary(
        self,
        ruleset: Any,
        inputs: Inputs,
        *,
        as_of: dt.date,
        lang: str = "en",
        diagnostics: list[Diagnostic] | None = None,
    ) -> dict[str, int]: ...


ENGINES: dict[str, Engine] = {
    "python": PythonEngine(),
    "duckdb": DuckDBEngine(),
    "spark": SparkEngine(),
}

__all__ = ["ENGINES", "OUTPUT_FORMATS", "DuckDBEngine", "Engine", "PythonEngine", "SparkEngine"]
