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


def epoch_us(instant: exp.Expr) -> exp.Expr:
    """An instant as epoch microseconds (BIGINT), independent of the session zone."""
    return exp.Anonymous(this="unix_micros", expressions=[instant])


def ordered_agg(value: exp.Expr, order: list[exp.Expr], cond: exp.Expr, sep: str) -> exp.Expr:
    """The text values of the rows where `cond` holds, in `order`, joined by `sep` (NULL: none).

    Spark's `collect_list` keeps no order: the rows are collected as structs whose
    first fields are the order keys, sorted, and their text joined.
    """
    fields: list[exp.Expr] = []
    for i, o in enumerate(order):
        fields += [exp.Literal.string(f"k{i}"), o]
    fields += [exp.Literal.string("t"), value]
    picked = exp.Case().when(cond, exp.Anonymous(this="named_struct", expressions=fields))
    rows = exp.Anonymous(
        this="array_sort", expressions=[exp.Anonymous(this="collect_list", expressions=[picked])]
    )
    x = exp.to_identifier("x")
    texts = exp.Transform(
        this=rows,
        expression=exp.Lambda(
            this=exp.Dot(this=x.copy(), expression=exp.to_identifier("t")), expressions=[x]
        ),
    )
    joined = exp.Anonymous(this="array_join", expressions=[texts, exp.Literal.string(sep)])
    return exp.Nullif(this=joined, expression=exp.Literal.string(""))
