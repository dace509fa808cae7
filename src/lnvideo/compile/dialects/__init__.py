"""The per-dialect table of the SQL generator: the few functions that differ.

Input: a dialect name (`duckdb`, `spark`). Output: a `Dialect`, a frozen table of
builders from sqlglot expressions to sqlglot expressions, plus the set of
constructs the dialect cannot express. `to_sql` uses nothing dialect-specific
except through this table, and sqlglot renders the tree in the dialect.

Invariants: every builder returns a sqlglot expression (never SQL text with
values spliced in); a construct named in `unsupported` makes `to_sql` raise a
located LNV402 at compile time, never an approximation.

Time: an instant column goes through `instant` first (DuckDB: epoch
microseconds; Spark: TIMESTAMP in the session zone, Asia/Shanghai); local dates
are the Asia/Shanghai calendar date of an instant.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
from sqlglot import exp

from lnvideo.compile.dialects import duckdb, spark

Build = Callable[..., exp.Expr]


@attrs.frozen
class Dialect:
    """One SQL dialect: its sqlglot name, its builders, and what it cannot express.

    Example:
        >>> from sqlglot import exp
        >>> DIALECTS["spark"].local_date(exp.column("on_ts")).sql("spark")
        'CAST(on_ts AS DATE)'
    """

    name: str
    instant: Build  # an instant column -> the dialect's instant value
    local_date: Build  # instant -> its Asia/Shanghai local date
    midnight: Build  # local date -> the instant 00:00 Asia/Shanghai that day
    plus_hours: Build  # instant, n -> the instant n hours later
    list_join: Build  # list[str], separator -> text
    epoch_us: Build  # instant -> BIGINT microseconds since the Unix epoch (for Python)
    ordered_agg: Build  # text, order keys, condition, separator -> the texts joined in order
    unsupported: dict[str, str]  # construct (IR class name) -> why


DIALECTS: dict[str, Dialect] = {
    m.__name__.rsplit(".", 1)[-1]: Dialect(
        m.__name__.rsplit(".", 1)[-1],
        m.instant,
        m.local_date,
        m.midnight,
        m.plus_hours,
        m.list_join,
        m.epoch_us,
        m.ordered_agg,
        m.UNSUPPORTED,
    )
    for m in (duckdb, spark)
}

__all__ = ["DIALECTS", "Dialect"]
