"""Arrow record batches of cameras or events -> records, column by column.

Input: one Arrow record batch of a Parquet table of cameras or events, the
file name and the 1-based row of its first row. Output: the same values, in
the same order, that `from_row.build_record` gives row by row: records, and
for rows it cannot vouch for, whatever `build_record` says about them.

Invariants: a row is built here only when the Arrow types and a vectorised
check per batch (`pyarrow.compute`) guarantee that `build_record` would accept
it with no diagnostic and build the same record; every other row (a null
required field, a word outside its set, a date outside 1900..2200 or before
1992 (the years Asia/Shanghai had other offsets), a field of another event
type, …) is handed to `build_record` unchanged, so the diagnostics stay the
row path's. A table whose columns are not all known schema fields of plain
types (`plan` is None) is read row by row. Asia/Shanghai is UTC+08:00 with no
daylight saving from 1992 on (tzdata), so local dates and instants there are
computed by adding eight hours.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from lnvideo import dates
from lnvideo.clock import from_state, in_zone
from lnvideo.records import Camera, Event, Record
from lnvideo.schema import (
    EVENT_COMMON_FIELDS,
    EVENT_TYPE_FIELDS,
    EVENT_TYPES,
    FieldSpec,
    Type,
)
from lnvideo.source import Span


@functools.cache
def _numpy() -> Any:
    """numpy, imported on first use (None when it is not installed: the conversions below
    then go value by value); JSON Lines reading, which imports this module, never asks."""
    try:
        import numpy
    except ImportError:
        return None
    return numpy


#: Local wall times from here on have offset +08:00 and no gaps (checked by the tests).
SAFE_FROM = dt.datetime(1992, 1, 1)
SAFE_TO = dt.datetime(dates.MAX_YEAR + 1, 1, 1)
_DAY_FROM = dt.date(dates.MIN_YEAR, 1, 1)
_DAY_TO = dt.date(dates.MAX_YEAR, 12, 31)
_EIGHT_HOURS_US = 8 * 3600 * 1_000_000
_ZONE = dates._ZONE  # the one zone object every instant carries

_STRINGS = ("string", "large_string")
_INTS = ("int8", "int16", "int32", "int64")


@attrs.frozen
class Plan:
    """How to read the batches of one table: its kind and, per column, the specs to check."""

    kind: str
    #: column -> ((event type or None for every row, spec), ...)
    checks: Mapping[str, tuple[tuple[str | None, FieldSpec], ...]]
    #: the record class's fields in order (without extra and origin)
    fields: tuple[str, ...]


def _accepts(spec: FieldSpec, arrow_type: Any, *, is_on: bool) -> bool:
    import pyarrow as pa

    name = str(arrow_type)
    if spec.type in (Type.STR, Type.ENUM, Type.OPEN_ENUM, Type.COUNTY):
        return name in _STRINGS
    if spec.type is Type.BOOL:
        return name == "bool"
    if spec.type is Type.INT:
        return name in _INTS
    if spec.type is Type.DATE and not is_on:
        return name == "date32[day]"
    if spec.type is Type.INSTANT or is_on:
        return name == "date32[day]" or pa.types.is_timestamp(arrow_type)
    return False  # lists and anything else: row by row


def plan(kind: str, schema: Any, specs: Mapping[str, FieldSpec]) -> Plan | None:
    """The plan for a table of `kind` ("camera" or "event"), or None to read it row by row.

    `specs` are the fields of a camera (`from_row._specs_for`); events use the schema's.
    """
    checks: dict[str, tuple[tuple[str | None, FieldSpec], ...]] = {}
    if kind == "camera":
        owners: dict[str, list[tuple[str | None, FieldSpec]]] = {
            n: [(None, s)] for n, s in specs.items()
        }
        cls: type[Camera] | type[Event] = Camera
    elif kind == "event":
        owners = {n: [(None, s)] for n, s in EVENT_COMMON_FIELDS.items()}
        for etype, own in EVENT_TYPE_FIELDS.items():
            for n, s in own.items():
                owners.setdefault(n, []).append((etype, s))
        cls = Event
    else:
        return None
    for field in schema:
        if field.name == "kind":
            return None
        specs_of = owners.get(field.name)
        if specs_of is None or not all(
            _accepts(s, field.type, is_on=(kind, field.name) == ("event", "on"))
            for _, s in specs_of
        ):
            return None
        checks[field.name] = tuple(specs_of)
    if len(set(schema.names)) != len(schema.names):
        return None
    for name, specs_of in owners.items():
        if any(s.required for _, s in specs_of) and name not in checks:
            return None
    names = tuple(f.name for f in attrs.fields(cls) if f.name not in ("extra", "origin"))
    return Plan(kind, checks, names)


def _valid(spec: FieldSpec, column: Any, pa: Any, pc: Any) -> Any:
    """Where a non-null value of `spec` is one `build_record` accepts silently (nulls: False)."""
    t = spec.type
    if t is Type.STR and spec.required:
        # Any printable ASCII character makes `value.strip()` non-empty; other rows go the row way.
        ok = pc.match_substring_regex(column, "[!-~]")
    elif t is Type.ENUM:
        ok = pc.is_in(column, value_set=pa.array(spec.values, pa.string()))
    elif t is Type.COUNTY:
        ok = pc.match_substring_regex(column, "^[0-9]{6}$")
    elif t is Type.INT:
        ok = pc.greater_equal(column, 0)
    elif pa.types.is_date32(column.type):
        ok = pc.and_(
            pc.greater_equal(column, pa.scalar(_DAY_FROM, pa.date32())),
            pc.less_equal(column, pa.scalar(_DAY_TO, pa.date32())),
        )
    elif pa.types.is_timestamp(column.type):
        # Compared in the column's own unit and zone: no cast can overflow first.
        lo, hi = SAFE_FROM, SAFE_TO
        if column.type.tz is not None:
            lo, hi = (t.replace(tzinfo=_ZONE).astimezone(dt.UTC) for t in (lo, hi))
        ok = pc.and_(
            pc.greater_equal(column, pa.scalar(lo, column.type)),
            pc.less(column, pa.scalar(hi, column.type)),
        )
    else:  # STR (optional), OPEN_ENUM, BOOL: Arrow's type is the whole check
        return pc.is_valid(column)
    return pc.fill_null(ok, False)


def _wall(column: Any, pa: Any, pc: Any) -> Any:
    """Timestamps as Asia/Shanghai wall time (naive, µs), +08:00 assumed (valid in the safe range)."""
    us = column.cast(pa.timestamp("us", tz=column.type.tz), safe=False)
    if column.type.tz is None:
        return us  # naive: already Asia/Shanghai wall time
    return pc.add(us.cast(pa.int64()), _EIGHT_HOURS_US).cast(pa.timestamp("us"))


def read_batch(
    p: Plan,
    batch: Any,
    name: str,
    first_row: int,
    slow: Callable[[Any, int, Span], Iterator[Record | Any]],
) -> Iterator[Record | Any]:
    """The records of one batch; rows the checks cannot vouch for go to `slow(batch, i, span)`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = batch.num_rows
    cols = dict(zip(batch.schema.names, batch.columns, strict=True))
    etype = cols.get("type") if p.kind == "event" else None
    ok = pa.array([True] * n, pa.bool_()) if n else pa.array([], pa.bool_())
    for col_name, specs_of in p.checks.items():
        column = cols[col_name]
        valid: Any = None
        for owner, spec in specs_of:
            v = _valid(spec, column, pa, pc)
            if owner is not None:
                v = pc.and_(v, pc.fill_null(pc.equal(etype, owner), False))
            valid = v if valid is None else pc.or_(valid, v)
        if p.kind == "event" and col_name == "type":
            valid = pc.fill_null(pc.is_in(column, value_set=pa.array(EVENT_TYPES)), False)
        if not any(s.required for _, s in specs_of):
            valid = pc.or_(valid, pc.is_null(column))
        ok = pc.and_(ok, valid)

    values: dict[str, list[Any]] = {}
    for col_name, column in cols.items():
        typ = column.type
        if pa.types.is_timestamp(typ):
            wall = pc.if_else(ok, _wall(column, pa, pc), pa.scalar(None, pa.timestamp("us")))
            if col_name == "on":
                values["on"] = _dates(wall.cast(pa.date32()))
                values["on_at"] = _instants(wall, pa, pc)
            else:
                values[col_name] = _instants(wall, pa, pc)
        elif pa.types.is_date32(typ):
            values[col_name] = _dates(pc.if_else(ok, column, pa.scalar(None, typ)))
        else:
            values[col_name] = column.to_pylist()
    nones = [None] * n
    ordered = [values.get(f, nones) for f in p.fields]
    cls: Any = Camera if p.kind == "camera" else Event
    at = Span.at
    spans = [at(name, row) for row in range(first_row, first_row + n)]
    goods = ok.to_pylist()
    if all(goods):
        yield from map(cls, *ordered, [{} for _ in range(n)], spans)
        return
    for i, (good, *fields) in enumerate(zip(goods, *ordered, strict=True)):
        if good:
            yield cls(*fields, {}, spans[i])
        else:
            yield from slow(batch, i, spans[i])


def _dates(days: Any) -> list[dt.date | None]:
    """A date32 array -> dates (None for nulls); through numpy when it is installed
    (pyarrow's own conversion makes a scalar object per value: many times slower)."""
    values: list[dt.date | None] = (
        days.to_pylist() if _numpy() is None else days.to_numpy(zero_copy_only=False).tolist()
    )
    return values


def _instants(wall: Any, pa: Any, pc: Any) -> list[Any]:
    """Naive Asia/Shanghai wall times (µs) -> aware datetimes in `dates`' zone object.

    (Arrow's own conversion of zoned timestamps asks the zone per value: many times
    slower.) With numpy, the fields of every value are computed at once, as the ten
    bytes of a datetime's pickled state, and each datetime is made from its bytes
    (`clock.from_state`); without it, value by value (`clock.in_zone`).
    """
    n = len(wall)
    if wall.null_count == n:
        return [None] * n
    np = _numpy()
    if np is None:
        return [None if w is None else in_zone(w) for w in wall.to_pylist()]
    present = wall.drop_null() if wall.null_count else wall
    made = _zoned(present.cast(pa.int64()).to_numpy())
    if not wall.null_count:
        return made
    out: list[Any] = [None] * n
    for at, value in zip(
        np.flatnonzero(wall.is_valid().to_numpy(zero_copy_only=False)).tolist(), made, strict=True
    ):
        out[at] = value
    return out


def _zoned(us: Any) -> list[dt.datetime]:
    """µs since 1970-01-01 of naive wall times (a numpy int64 array) -> aware datetimes."""
    np = _numpy()
    stamp = us.astype("datetime64[us]")
    day = stamp.astype("datetime64[D]")
    month_start = day.astype("datetime64[M]")
    year_start = month_start.astype("datetime64[Y]")
    year = year_start.astype(np.int64) + 1970
    rest = (stamp - day).astype(np.int64)
    state = np.empty((len(us), 10), np.uint8)
    state[:, 0] = year >> 8
    state[:, 1] = year & 0xFF
    state[:, 2] = (month_start - year_start).astype(np.int64) + 1
    state[:, 3] = (day - month_start).astype(np.int64) + 1
    state[:, 4] = rest // 3_600_000_000
    state[:, 5] = rest // 60_000_000 % 60
    state[:, 6] = rest // 1_000_000 % 60
    micro = rest % 1_000_000
    state[:, 7] = micro >> 16
    state[:, 8] = (micro >> 8) & 0xFF
    state[:, 9] = micro & 0xFF
    raw = state.tobytes()
    return [from_state(raw[i : i + 10]) for i in range(0, len(raw), 10)]
