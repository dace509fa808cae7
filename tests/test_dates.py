"""Tests for lnvideo.dates: ISO 8601 dates and instants, read in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from strategies_records import aware_datetimes, local_dates

from lnvideo.dates import (
    EXPECTED,
    TZ,
    format_instant,
    local_date_of,
    parse_date,
    parse_instant,
)

SHANGHAI = ZoneInfo(TZ)


@pytest.mark.parametrize(
    ("text", "day", "at"),
    [
        ("2026-03-02", dt.date(2026, 3, 2), None),
        ("2026-03-02T09:30", dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 9, 30)),
        ("2026-03-02T09:30:15", dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 9, 30, 15)),
        ("2026-03-02 09:30:15.25", dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 9, 30, 15, 250000)),
        ("2026-03-02T09:30:00+08:00", dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 9, 30)),
        ("2026-03-01T20:00:00Z", dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 4, 0)),
        ("2026-03-01T15:59:59Z", dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 23, 59, 59)),
        ("2026-03-02T01:00:00+0900", dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 0, 0)),
        ("2026-03-02T00:30:00+09", dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 23, 30)),
        ("2026-03-01T12:00:00-10:00", dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 6, 0)),
        ("1900-01-01", dt.date(1900, 1, 1), None),
        ("2200-12-31", dt.date(2200, 12, 31), None),
        ("2024-02-29", dt.date(2024, 2, 29), None),
    ],
    ids=[
        "bare-date",
        "local-minutes",
        "local-seconds",
        "space-and-fraction",
        "shanghai-offset",
        "utc-late-evening-next-day",
        "utc-just-before-midnight-local",
        "basic-offset",
        "hour-offset-previous-day",
        "negative-offset",
        "min-year",
        "max-year",
        "leap-day",
    ],
)
def test_parse_instant_accepts(text: str, day: dt.date, at: dt.datetime | None) -> None:
    """Accepted forms give the Shanghai local date and the instant as Shanghai wall time."""
    got_day, got_at = parse_instant(text)
    assert got_day == day
    if at is None:
        assert got_at is None
    else:
        assert got_at is not None
        assert got_at.tzinfo is not None and str(got_at.tzinfo) == TZ
        assert got_at.replace(tzinfo=None) == at
        assert type(got_at) is dt.datetime


@pytest.mark.parametrize(
    "text",
    [
        "",
        "garbage",
        "2026-02-30",
        "2026-13-01",
        "1899-12-31",
        "2201-01-01",
        "0001-01-01",
        "2026-W10-1",
        "2026-061",
        "20260302",
        "2026-3-2",
        "2026-03-02T24:00:00",
        "2026-03-02T09:60",
        "2026-03-02T23:59:60",
        "2026-03-02T09:30+25:00",
        "P1D",
        "2026-03-02/2026-03-05",
        "2026-03-02T",
        "２０２６-03-02",
    ],
    ids=lambda t: t or "empty",
)
def test_parse_instant_rejects(text: str) -> None:
    """Anything but the extended calendar form in 1900..2200 is a ValueError saying what was expected."""
    with pytest.raises(ValueError, match="expected an ISO 8601 date like 2026-03-02") as info:
        parse_instant(text)
    assert str(info.value).startswith(EXPECTED)
    assert repr(text) in str(info.value)


def test_parse_date_reduces_datetime_to_local_date() -> None:
    """A datetime given where a date is expected becomes its Shanghai local date."""
    assert parse_date("2026-03-01T20:00:00Z") == dt.date(2026, 3, 2)
    assert type(parse_date("2026-03-01T20:00:00Z")) is dt.date


def test_parse_rejects_non_strings() -> None:
    """A non-string value is a ValueError, not a TypeError."""
    with pytest.raises(ValueError, match="not a string"):
        parse_date(20260302)  # type: ignore[arg-type]


def test_local_date_of_naive_is_shanghai_wall_time() -> None:
    """A naive datetime is read as Shanghai wall time."""
    assert local_date_of(dt.datetime(2026, 3, 1, 23, 0)) == dt.date(2026, 3, 1)


@given(aware_datetimes)
def test_aware_datetime_round_trips(instant: dt.datetime) -> None:
    """Any aware datetime written as ISO text parses back to the same instant."""
    day, at = parse_instant(instant.isoformat())
    assert at == instant
    assert day == instant.astimezone(SHANGHAI).date()


@given(aware_datetimes)
def test_local_date_is_shanghai_date(instant: dt.datetime) -> None:
    """The local date of an instant is its date in Asia/Shanghai."""
    assert local_date_of(instant) == instant.astimezone(SHANGHAI).date()
    assert parse_instant(format_instant(instant))[1] == instant


@given(local_dates)
def test_bare_dates_parse_to_themselves(day: dt.date) -> None:
    """A bare date parses to itself, without an instant."""
    assert parse_instant(day.isoformat()) == (day, None)
    assert parse_date(day.isoformat()) == day
