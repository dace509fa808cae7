"""DuckDB builders for the dialect table (`lnvideo.compile.dialects`).

Input/output: sqlglot expressions. Instants are BIGINT microseconds since the
Unix epoch (`epoch_us`): DuckDB's time-zone arithmetic goes through ICU and
costs about a microsecond a value, so the fixed UTC+8 offset Asia/Shanghai has
kept since its last daylight-saving change (September 1991) is applied with
integer arithmetic, and only older instants take the exact ICU path. Results
never depend on the connection's TimeZone setting.
"""

from __future__ import annotations

import datetime as dt

from sqlglot import exp

from lnvideo.clock import TZ_NAME as TZ
from lnvideo.semantics import lacking

_HOUR_US = 3_600_000_000
_OFFSET_US = 8 * _HOUR_US
#: From here on Asia/Shanghai is UTC+8 without exception (no DST since 1991-09-15).
FIXED_FROM = dt.date(1992, 1, 1)
_FIXED_FROM_US = (
    int(
        (
            dt.datetime(1992, 1, 1, tzinfo=dt.UTC) - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        ).total_seconds()
    )
    * 1_000_000
    - _OFFSET_US
)

#: what DuckDB cannot express: declared with each form in `lnvideo.semantics.forms`
UNSUPPORTED: dict[str, str] = lacking("duckdb")


def _n(v: int) -> exp.Expr:
    return exp.Literal.number(v)


def _fn(name: str, *args: exp.Expr) -> exp.Expr:
    return exp.Anonymous(this=name, expressions=list(args))


def instant(column: exp.Expr) -> exp.Expr:
    """A TIMESTAMPTZ column as epoch microseconds."""
    return _fn("epoch_us", column)


def local_date(us: exp.Expr) -> exp.Expr:
    """The Asia/Shanghai local date of an instant (epoch microseconds)."""
    fast = exp.cast(
        _fn("make_timestamp", exp.Add(this=exp.Paren(this=us), expression=_n(_OFFSET_US))), "DATE"
    )
    exact = exp.cast(
        _fn(
            "timezone",
            exp.Literal.string(TZ),
            _fn("timezone", exp.Literal.string("UTC"), _fn("make_timestamp", us.copy())),
        ),
        "DATE",
    )
    return (
        exp.Case()
        .when(exp.GTE(this=exp.Paren(this=us.copy()), expression=_n(_FIXED_FROM_US)), fast)
        .else_(exact)
    )


def midnight(day: exp.Expr) -> exp.Expr:
    """The instant 00:00 Asia/Shanghai of a local date, in epoch microseconds."""
    days = _fn(
        "date_diff",
        exp.Literal.string("day"),
        exp.cast(exp.Literal.string("1970-01-01"), "DATE"),
        day,
    )
    fast = exp.Sub(
        this=exp.Mul(this=days, expression=_n(86_400_000_000)), expression=_n(_OFFSET_US)
    )
    exact = _fn(
        "epoch_us", _fn("timezone", exp.Literal.string(TZ), exp.cast(day.copy(), "TIMESTAMP"))
    )
    since = exp.cast(exp.Literal.string(FIXED_FROM.isoformat()), "DATE")
    return (
        exp.Case()
        .when(exp.GTE(this=exp.Paren(this=day.copy()), expression=since), fast)
        .else_(exact)
    )


def plus_hours(us: exp.Expr, hours: int) -> exp.Expr:
    return exp.Add(this=exp.Paren(this=us), expression=_n(hours * _HOUR_US))


def list_join(values: exp.Expr, sep: str) -> exp.Expr:
    return _fn("array_to_string", values, exp.Literal.string(sep))


def epoch_us(us: exp.Expr) -> exp.Expr:
    """An instant (already epoch microseconds here) as epoch microseconds."""
    return us


def ordered_agg(value: exp.Expr, order: list[exp.Expr], cond: exp.Expr, sep: str) -> exp.Expr:
    """The text values of the rows where `cond` holds, in `order`, joined by `sep` (NULL: none)."""
    picked = exp.Case().when(cond, value)
    return exp.GroupConcat(
        this=exp.Order(this=picked, expressions=[exp.Ordered(this=o) for o in order]),
        separator=exp.Literal.string(sep),
    )
