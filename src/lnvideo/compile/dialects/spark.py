"""Spark SQL builders for the dialect table (`lnvideo.compile.dialects`).

Input/output: sqlglot expressions. Instants are Spark TIMESTAMPs. Invariant:
the Spark engine runs with `spark.sql.session.timeZone = Asia/Shanghai`, so a
cast between TIMESTAMP and DATE is the Asia/Shanghai local date / midnight.
"""

from __future__ import annotations

from sqlglot import exp

from lnvideo.semantics import lacking

#: what Spark SQL cannot express: declared with each form in `lnvideo.semantics.forms`
UNSUPPORTED: dict[str, str] = lacking("spark")


def instant(column: exp.Expr) -> exp.Expr:
    return column


def local_date(instant: exp.Expr) -> exp.Expr:
    return exp.cast(instant, "DATE")


def midnight(day: exp.Expr) -> exp.Expr:
    return exp.cast(day, "TIMESTAMP")


def plus_hours(instant: exp.Expr, hours: int) -> exp.Expr:
    interval = exp.Interval(this=exp.Literal.string(str(hours)), unit=exp.var("HOUR"))
    return exp.Add(this=exp.Paren(this=instant), expression=interval)


def list_join(values: exp.Expr, sep: str) -> exp.Expr:
    return exp.Anonymous(this="array_join", expressions=[values, exp.Literal.string(sep)])
