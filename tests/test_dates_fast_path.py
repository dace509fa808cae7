"""`dates._parse` reads Shanghai wall times without conversion from 1992 on; the result must
equal the general conversion through UTC for every accepted text (Hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lnvideo import dates
from lnvideo.clock import ZONE, in_zone

_OFFSETS = st.sampled_from(["", "+08:00", "+0800", "+08", "+08:00:00", "Z", "-05:00", "+09:00"])


@given(
    when=st.datetimes(
        min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 12, 31, 23, 59)
    ),
    offset=_OFFSETS,
    fraction=st.sampled_from(["", ".5", ".123456", ".1234567"]),
    sep=st.sampled_from(["T", " "]),
)
def test_fast_path_equals_general_conversion(when, offset, fraction, sep):
    text = when.strftime(f"%Y-%m-%d{sep}%H:%M:%S") + fraction + offset
    m = dates._ISO.fullmatch(text)
    assert m is not None
    micro = int((m["fraction"] or "0").ljust(6, "0")[:6])
    try:
        want = dates._convert(
            text, m, when.year, when.month, when.day, when.hour, when.minute, when.second, micro
        )
    except ValueError:
        want = None
    try:
        got = dates.parse_instant(text)
    except ValueError:
        got = None
    assert got == want
    if got is not None:
        assert got[1].isoformat() == want[1].isoformat()
        assert got[1].tzinfo is want[1].tzinfo


@given(
    st.datetimes(
        min_value=dt.datetime(1, 1, 1),
        max_value=dt.datetime(9999, 12, 31, 23, 59, 59, 999999),
        timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=8)), ZONE]),
        allow_imaginary=True,
    )
)
def test_in_zone_is_replace_with_the_zone(wall):
    # The pickled-state constructor gives what `replace` gives: same fields, fold, zone object.
    got, want = in_zone(wall), wall.replace(tzinfo=ZONE)
    assert got.tzinfo is ZONE
    assert (got, got.fold, got.isoformat()) == (want, want.fold, want.isoformat())
