"""The engine registry: the same rules run by Python closures, DuckDB or Spark.

Input: an `api.Ruleset`, inputs (a directory of Parquet tables, or JSONL files
and directories of them), the as-of date and the message language.
Output: findings, streamed (`findings`), written to a Parquet or JSON Lines
file (`write`, returning counts per status), or only counted (`summary`).

Invariants:
- Every engine gives the same (rule, subject, status, due, fulfilled_on), message
  and, with `explain=True`, explanation for the same input
  (tests/test_engines_differential.py, tests/test_engine_messages.py); the SQL
  engines render explanations in Python from the query's keys (`compile.sql_explain`).
- Input problems never stop a run: the diagnostics of the last run are in the
  engine's `last_diagnostics` and are appended to `diagnostics=` when a list is
  given; the records they name are left out, as the Python readers do.
- Memory is bounded by the engine, not by the number of findings: `write`
  streams (DuckDB `COPY ... TO`, Spark's writers), `findings` yields batch by batch.
- An engine whose optional dependency is missing raises LNV403 naming the extra
  (`pip install 'lnvideo[bulk]'`) when it is first looked up in `ENGINES`; the
  python engine needs no extra, so importing this package imports no engine.
- Engines import no report renderer and nothing from `synth`: findings go to
  files through `lnvideo.sink`, Arrow schemas come from `lnvideo.arrow_schema`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from lnvideo.diagnostics import Diagnostic
from lnvideo.findings import Finding
from lnvideo.sink import SINKS

if TYPE_CHECKING:  # pragma: no cover
    from lnvideo.engines.duckdb_engine import DuckDBEngine
    from lnvideo.engines.python_engine import PythonEngine
    from lnvideo.engines.spark_engine import SparkEngine

Inputs = Sequence[str | Path]
#: The output formats the SQL engines write themselves (`sink.SinkFormat.native`).
OUTPUT_FORMATS: tuple[str, ...] = tuple(name for name, f in SINKS.items() if f.native)


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

    def summary(self, ruleset: Any, inputs: Inputs, **options: Any) -> dict[str, int]:
        """Counts per status, every status present; `options` are `findings`' keywords."""


#: engine name -> (module, class, the extra it needs, the modules of that extra it imports).
_CLASSES: dict[str, tuple[str, str, str | None, tuple[str, ...]]] = {
    "python": ("lnvideo.engines.python_engine", "PythonEngine", None, ()),
    "duckdb": (
        "lnvideo.engines.duckdb_engine",
        "DuckDBEngine",
        "bulk",
        ("duckdb", "sqlglot", "pyarrow"),
    ),
    "spark": (
        "lnvideo.engines.spark_engine",
        "SparkEngine",
        "bulk",
        ("duckdb", "sqlglot", "pyarrow"),
    ),
}


def engine_class(name: str) -> type:
    """The class of engine `name`, imported now; LNV403 naming the extra when it is missing."""
    module, cls, extra, needs = _CLASSES[name]
    if extra is not None:
        from lnvideo.extras import require

        for dependency in needs:
            require(dependency, extra, f"--engine {name}")
    engine: type = getattr(importlib.import_module(module), cls)
    return engine


class _Registry(Mapping[str, Engine]):
    """`ENGINES`: one instance per engine, made on first lookup."""

    def __init__(self) -> None:
        self._made: dict[str, Engine] = {}

    def __getitem__(self, name: str) -> Engine:
        if name not in _CLASSES:
            raise KeyError(name)
        if name not in self._made:
            self._made[name] = engine_class(name)()
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(_CLASSES)

    def __len__(self) -> int:
        return len(_CLASSES)


ENGINES: Mapping[str, Engine] = _Registry()
#: engine name -> the output formats it writes natively (the others stream through `sink`).
NATIVE_OUTPUT: dict[str, frozenset[str]] = {
    "python": frozenset(),
    "duckdb": frozenset(OUTPUT_FORMATS),
    "spark": frozenset(OUTPUT_FORMATS),
}


def __getattr__(name: str) -> Any:
    for key, (_, cls, _extra, _needs) in _CLASSES.items():
        if cls == name:
            return engine_class(key)
    msg = f"module 'lnvideo.engines' has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = [
    "ENGINES",
    "NATIVE_OUTPUT",
    "OUTPUT_FORMATS",
    "DuckDBEngine",
    "Engine",
    "PythonEngine",
    "SparkEngine",
    "engine_class",
]
