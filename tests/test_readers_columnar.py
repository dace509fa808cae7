"""The column-by-column Parquet reading gives exactly what the row-by-row reading gives.

Hypothesis builds camera and event tables mixing good rows with every kind of
row the vectorised checks must hand back to `build_record` (nulls in required
fields, unknown words, county codes of the wrong shape, dates outside
1900..2200, instants before 1992 or near the ends of the range, naive and zoned
timestamps of every unit, fields of another event type); both readings must
yield the same records (with origins, instants and zone objects) and the same
diagnostics, in the same order.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lnvideo.readers import columnar, parquet
from lnvideo.schema import EVENT_TYPES

UTC = dt.UTC

_STRS = st.sampled_from(["S1", "S2", "", "  ", " x ", "中文", "\u3000", None])
_WORDS = st.sampled_from([*EVENT_TYPES, "registration_filedd", "", None])
_CHANGE = st.sampled_from(["purpose", "position", "moved", "", None])
_COUNTY = st.sampled_from(["210102", "21010", "2101021", "21o102", "２１０１０２", None])
_BOOL = st.sampled_from([True, False, None])
_DAYS = st.sampled_from(
    [
        dt.date(2026, 3, 2),
        dt.date(1900, 1, 1),
        dt.date(1899, 12, 31),
        dt.date(2200, 12, 31),
        dt.date(2201, 1, 1),
        dt.date(1, 1, 1),
        dt.date(9999, 12, 31),
        None,
    ]
)
_INSTANTS = st.one_of(
    st.none(),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    st.datetimes(min_value=dt.datetime(1985, 1, 1), max_value=dt.datetime(1993, 1, 1)),
    st.sampled_from(
        [
            dt.datetime(1991, 12, 31, 15, 59, 59),
            dt.datetime(1991, 12, 31, 16, 0),
            dt.datetime(1992, 1, 1),
            dt.datetime(2200, 12, 31, 15, 59, 59, 999999),
            dt.datetime(2200, 12, 31, 16, 0),
            dt.datetime(2200, 12, 31, 23, 59, 59),
            dt.datetime(2026, 3, 1, 20, 0),
        ]
    ),
)
_TS_TYPES = st.sampled_from(
    [
        pa.timestamp("us", tz="Asia/Shanghai"),
        pa.timestamp("us", tz="UTC"),
        pa.timestamp("ms", tz="+05:00"),
        pa.timestamp("s"),
        pa.timestamp("ns"),
        pa.timestamp("us"),
        pa.date32(),
    ]
)


def _read_both(path, kind):
    fast = list(parquet.read_parquet_table(path, kind))
    saved = parquet._plan
    parquet._plan = lambda k, s: None
    try:
        slow = list(parquet.read_parquet_table(path, kind))
    finally:
        parquet._plan = saved
    return fast, slow


def _same(fast, slow):
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        assert type(a) is type(b)
        assert a == b
        assert repr(a) == repr(b)
        assert getattr(a, "origin", None) == getattr(b, "origin", None)
        assert getattr(a, "extra", None) == getattr(b, "extra", None)
        for name in ("on_at", "reported_on"):
            x, y = getattr(a, name, None), getattr(b, name, None)
            if x is not None:
                assert x.isoformat() == y.isoformat()
                assert x.tzinfo is y.tzinfo


def _ts_array(values, typ):
    if pa.types.is_date32(typ):
        return pa.array([None if v is None else v.date() for v in values], typ)
    if typ.tz is not None:
        values = [None if v is None else v.replace(tzinfo=UTC) for v in values]
    # out-of-range values for the unit are left out (pyarrow refuses them)
    out = []
    for v in values:
        try:
            pa.array([v], typ)
        except (pa.ArrowException, OverflowError, ValueError):
            v = None
        out.append(v)
    return pa.array(out, typ)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(_STRS, _STRS, _WORDS, _INSTANTS, _COUNTY, _CHANGE, _BOOL, _DAYS, _INSTANTS),
        min_size=1,
        max_size=25,
    ),
    on_type=_TS_TYPES,
    reported_type=_TS_TYPES,
    batch=st.sampled_from([1, 3, 8192]),
    with_numpy=st.booleans(),
)
def test_events_read_alike(tmp_path, monkeypatch, rows, on_type, reported_type, batch, with_numpy):
    monkeypatch.setattr(parquet, "BATCH_ROWS", batch)
    if not with_numpy:  # numpy is optional: the conversions then go value by value
        monkeypatch.setattr(columnar, "_numpy", lambda: None)
    cols = list(zip(*rows, strict=True))
    table = pa.table(
        {
            "id": pa.array(cols[0], pa.string()),
            "site": pa.array(cols[1], pa.string()),
            "type": pa.array(cols[2], pa.string()),
            "on": _ts_array(cols[3], on_type),
            "authority": pa.array(cols[4], pa.string()),
            "change": pa.array(cols[5], pa.string()),
            "authorized": pa.array(cols[6], pa.bool_()),
            "recorded_on": pa.array(cols[7], pa.date32()),
            "reported_on": _ts_array(cols[8], reported_type),
        }
    )
    path = tmp_path / "events.parquet"
    pq.write_table(table, path)
    assert parquet._plan("event", pq.ParquetFile(path).schema_arrow) is not None
    _same(*_read_both(path, "event"))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(_STRS, _STRS, st.sampled_from(["toilet", "gate", "", None]), _BOOL),
        min_size=1,
        max_size=20,
    )
)
def test_cameras_read_alike(tmp_path, rows):
    cols = list(zip(*rows, strict=True))
    table = pa.table(
        {
            "id": pa.array(cols[0], pa.string()),
            "site": pa.array(cols[1], pa.string()),
            "place": pa.array(cols[2], pa.string()),
            "private_area": pa.array(cols[3], pa.bool_()),
        }
    )
    path = tmp_path / "cameras.parquet"
    pq.write_table(table, path)
    assert parquet._plan("camera", pq.ParquetFile(path).schema_arrow) is not None
    _same(*_read_both(path, "camera"))


@pytest.mark.parametrize(
    ("columns", "planned"),
    [
        ({"site": pa.string(), "type": pa.string(), "on": pa.date32()}, True),
        ({"site": pa.string(), "type": pa.string()}, False),  # `on` missing: LNV004 per row
        ({"site": pa.string(), "type": pa.string(), "on": pa.string()}, False),  # text dates
        (
            {"site": pa.string(), "type": pa.string(), "on": pa.date32(), "colour": pa.string()},
            False,
        ),
        ({"site": pa.string(), "type": pa.string(), "on": pa.date32(), "kind": pa.string()}, False),
        ({"site": pa.int64(), "type": pa.string(), "on": pa.date32()}, False),
    ],
)
def test_plan_only_for_plain_known_columns(columns, planned):
    schema = pa.schema(list(columns.items()))
    assert (parquet._plan("event", schema) is not None) is planned


def test_asia_shanghai_is_plus_eight_from_1992():
    from zoneinfo import ZoneInfo

    from lnvideo.readers.columnar import SAFE_FROM, SAFE_TO

    zone = ZoneInfo("Asia/Shanghai")
    day = SAFE_FROM
    while day < SAFE_TO:
        for hour in (0, 12):
            assert day.replace(hour=hour, tzinfo=zone).utcoffset() == dt.timedelta(hours=8)
        day += dt.timedelta(days=13)
