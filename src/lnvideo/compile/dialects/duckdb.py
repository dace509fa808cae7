"""DuckDB builders for the dialect table (`lnvideo.compile.dialects`).

Input/output: sqlglot expressions. Invariant: time zone conversions name
Asia/Shanghai explicitly (DuckDB's ICU `timezone()`), so results do not depend
on the connection's TimeZone setting.
"""

from __future__ import annotations

from sqlglot import exp

TZ = "Asia/Shanghai"

UNSUPPORTED: dict[str, str] = {}


def local_date(instant: exp.Expression) -> exp.Expression:
    """`CAST(timezone('Asia/Shanghai', x) AS DATE)`: the local date of an instant."""
    return exp.cast(exp.func("timezone", exp.Literal.string(TZ), instant, dialect="duckdb"), "DATE")


def midnight(day: exp.Expression) -> exp.Expression:
    """The instant 00:00 Asia/Shanghai of a local date."""
    naive = exp.cast(day, "TIMESTAMP")
    return exp.func("timezone", exp.Literal.string(TZ), naive, dialect="duckdb")


def list_join(values: exp.Expression, sep: str) -> exp.Expression:
    return exp.func("array_to_string", values, exp.Literal.string(sep), dialect="duckdb")
