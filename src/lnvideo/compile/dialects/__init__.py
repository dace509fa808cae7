"""The per-dialect table of the SQL generator: the few functions that differ.

Input: a dialect name (`duckdb`, `spark`). Output: a `Dialect`, a frozen table of
builders from sqlglot expressions to sqlglot expressions, plus the set of
constructs the dialect cannot express. `to_sql` uses nothing dialect-specific
except through this table, and sqlglot renders the tree in the dialect.

Invariants: every builder returns a sqlglot expression (never SQL text with
values spliced in); a construct named in `unsupported` makes `to_sql` raise a
located LNV402 at compile time, never an approximation.

Time: instants are `TIMESTAMP WITH TIME ZONE` (DuckDB) or Spark `TIMESTAMP`
(an instant, shown in the session time zone, which the Spark engine sets to
Asia/Shanghai); local dates are the Asia/Shanghai calendar date of an instant.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
from sqlglot import exp

from lnvideo.compile.dialects import duckdb, spark

Build = Callable[..., exp.Expression]


@attrs.frozen
class Dialect:
    """One SQL dialect: its sqlglot name, its builders, and what it cannot express.

    Example:
        >>> from sqlglot import exp
        >>> DIALECTS["duckdb"].local_date(exp.column("on_ts")).sql("duckdb")
        "CAST(TIMEZONE('Asia/Shanghai', on_ts) AS DATE)"
    """

    name: str
    local_date: Build  # instant -> its Asia/Shanghai local date
    midnight: Build  # local date -> the instant 00:00 Asia/Shanghai that day
    list_join: Build  # list[str], separator -> text
    unsupported: dict[str, str]  # construct (IR class name) -> why


DIALECTS: dict[str, Dialect] = {
    "duckdb": Dialect(
        "duckdb", duckdb.local_date, duckdb.midnight, duckdb.list_join, duckdb.UNSUPPORTED
    ),
    "spark": Dialect("spark", spark.local_date, spark.midnight, spark.list_join, spark.UNSUPPORTED),
}

__all__ = ["DIALECTS", "Dialect"]
