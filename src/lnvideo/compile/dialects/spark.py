"""Spark SQL builders for the dialect table (`lnvideo.compile.dialects`).

Input/output: sqlglot expressions. Invariant: the Spark engine runs with
`spark.sql.session.timeZone = Asia/Shanghai`, so a cast between TIMESTAMP and
DATE is the Asia/Shanghai local date / local midnight.
"""

from __future__ import annotations

from sqlglot import exp

UNSUPPORTED: dict[str, str] = {
    "Exists": "Spark SQL cannot reference the outer row inside an aggregate of a correlated "
    "subquery, which three-valued `event ... where` tests need",
    "Count": "Spark SQL cannot reference the outer row inside an aggregate of a correlated "
    "subquery, which three-valued `count event ... where` needs",
}


def local_date(instant: exp.Expression) -> exp.Expression:
    return exp.cast(instant, "DATE")


def midnight(day: exp.Expression) -> exp.Expression:
    return exp.cast(day, "TIMESTAMP")


def list_join(values: exp.Expression, sep: str) -> exp.Expression:
    return exp.func("array_join", values, exp.Literal.string(sep), dialect="spark")
