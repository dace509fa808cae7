"""Dates and instants of input records, read as SPEC §2 says.

Input: ISO 8601 text — a calendar date (``2026-03-02``) or a date and time
(``2026-03-02T09:30``, ``2026-03-02T09:30:00.5``, ``...+08:00``, ``...Z``).
Output: plain ``datetime.date`` local dates and aware ``datetime.datetime``
instants whose ``tzinfo`` is the Asia/Shanghai zone (a ``zoneinfo.ZoneInfo``).

Invariants:
- A bare date is a local date in Asia/Shanghai; it has no instant.
- A datetime without offset is Asia/Shanghai wall-clock time; one with an
  offset (or ``Z``) is converted to Asia/Shanghai. Its local date is the date
  of that wall clock, so ``2026-03-01T20:00:00Z`` is local date 2026-03-02.
- Only the extended calendar form is accepted (``YYYY-MM-DD``, optionally
  ``T`` or a space and ``HH:MM[:SS[.fraction]]`` and an offset ``Z``,
  ``±HH:MM``, ``±HHMM``, ``±HH`` or ``±HH:MM:SS``). Week dates (``2026-W10-1``),
  ordinal dates (``2026-061``), basic forms (``20260302``), durations,
  intervals, leap seconds and ``24:00`` are rejected: data exports do not
  use them and accepting them invites misreadings.
- Years outside 1900..2200 are rejected, both as written and as the local
  date of the instant (the same rule `readers.from_row` applies to typed
  Parquet dates and timestamps).
- Every rejection is a ``ValueError`` whose message says what was expected.
"""

from __future__ import annotations

import datetime as dt
import re

import pendulum

from lnvideo.clock import TZ_NAME as TZ
from lnvideo.clock import ZONE as _ZONE

MIN_YEAR = 1900
MAX_YEAR = 2200

EXPECTED = "expected an ISO 8601 date like 2026-03-02 or datetime like 2026-03-02T09:30:00+08:00"

#: From this year on Asia/Shanghai is UTC+08:00 all year (no daylight saving since 1991).
SHANGHAI_FIXED_FROM = 1992
_SHANGHAI_OFFSETS = frozenset({None, "+08:00", "+0800", "+08"})
_PENDULUM_ZONE = pendulum.timezone(TZ)

_ISO = re.compile(
    r"""
    (?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})
    (?:
        [T ]
        (?P<hour>\d{2}):(?P<minute>\d{2})
        (?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?
        (?P<offset>
            Z
            | (?P<sign>[+-])(?P<oh>\d{2})(?::?(?P<om>\d{2})(?::(?P<os>\d{2}))?)?
        )?
    )?
    """,
    re.VERBOSE | re.ASCII,
)


def _fail(text: object, why: str = "") -> ValueError:
    shown = repr(text) if len(repr(text)) <= 60 else repr(text)[:57] + "..."
    extra = f" ({why})" if why else ""
    msg = f"{EXPECTED}, found {shown}{extra}"
    return ValueError(msg)


def _parse(text: str) -> tuple[dt.date, dt.datetime | None]:
    if not isinstance(text, str):
        raise _fail(text, "not a string")
    m = _ISO.fullmatch(text.strip())
    if m is None:
        raise _fail(text)
    year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _fail(text, f"year must be between {MIN_YEAR} and {MAX_YEAR}")
    try:
        date = dt.date(year, month, day)
    except ValueError as exc:
        raise _fail(text, str(exc)) from None
    if m["hour"] is None:
        return date, None
    hour, minute = int(m["hour"]), int(m["minute"])
    second = int(m["second"] or 0)
    micro = int((m["fraction"] or "0").ljust(6, "0")[:6])
    if hour > 23 or minute > 59 or second > 59:
        raise _fail(text, "time of day out of range")
    if year >= SHANGHAI_FIXED_FROM and m["offset"] in _SHANGHAI_OFFSETS:
        # Shanghai wall time itself (no offset, or +08:00 from 1992 on): nothing to convert.
        instant = dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=_ZONE)
        return date, instant
    return _convert(text, m, year, month, day, hour, minute, second, micro)


def _convert(
    text: str,
    m: re.Match[str],
    year: int,
    month: int,
    day: int,
    hour: int,
    minute: int,
    second: int,
    micro: int,
) -> tuple[dt.date, dt.datetime]:
    """The general case of `_parse`: any offset, any year, through UTC."""
    if m["offset"] is None:
        # Wall-clock time in Asia/Shanghai; pendulum resolves DST gaps forward.
        local = pendulum.datetime(year, month, day, hour, minute, second, micro, tz=_PENDULUM_ZONE)
        utc = dt.datetime.fromtimestamp(local.timestamp(), dt.UTC)
    else:
        if m["offset"] == "Z":
            offset = dt.timedelta(0)
        else:
            oh, om, osec = int(m["oh"]), int(m["om"] or 0), int(m["os"] or 0)
            if oh > 23 or om > 59 or osec > 59:
                raise _fail(text, "offset out of range")
            offset = dt.timedelta(hours=oh, minutes=om, seconds=osec)
            if m["sign"] == "-":
                offset = -offset
        given = dt.datetime(
            year, month, day, hour, minute, second, micro, tzinfo=dt.timezone(offset)
        )
        utc = given.astimezone(dt.UTC)
    instant = local_instant(utc)
    if not MIN_YEAR <= instant.year <= MAX_YEAR:
        raise _fail(text, f"year must be between {MIN_YEAR} and {MAX_YEAR}")
    return instant.date(), instant


def local_instant(instant: dt.datetime) -> dt.datetime:
    """The same instant with Asia/Shanghai as its zone; naive input is Shanghai wall time.

    Example:
        >>> local_instant(dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)).isoformat()
        '2026-03-02T04:00:00+08:00'
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        local = pendulum.instance(instant, tz=_PENDULUM_ZONE)
        instant = dt.datetime.fromtimestamp(local.timestamp(), dt.UTC)
    # Go through UTC with plain datetime arithmetic so subclasses (pendulum) drop out.
    utc = instant.astimezone(dt.UTC)
    plain = dt.datetime(
        utc.year,
        utc.month,
        utc.day,
        utc.hour,
        utc.minute,
        utc.second,
        utc.microsecond,
        tzinfo=dt.UTC,
    )
    return plain.astimezone(_ZONE)


def local_date_of(instant: dt.datetime) -> dt.date:
    """The Asia/Shanghai local date of an instant (naive input is Shanghai wall time).

    Example:
        >>> local_date_of(dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC))
        datetime.date(2026, 3, 2)
    """
    return local_instant(instant).date()


def parse_instant(text: str) -> tuple[dt.date, dt.datetime | None]:
    """Parse a date or datetime; return its local date and the instant (None for a bare date).

    Example:
        >>> parse_instant("2026-03-02")
        (datetime.date(2026, 3, 2), None)
        >>> day, at = parse_instant("2026-03-01T20:00:00Z")
        >>> day, at.isoformat()
        (datetime.date(2026, 3, 2), '2026-03-02T04:00:00+08:00')

    Raises:
        ValueError: the text is not an accepted ISO 8601 date or datetime.
    """
    return _parse(text)


def parse_date(text: str) -> dt.date:
    """Parse a date; a datetime is accepted and reduced to its Asia/Shanghai local date.

    Example:
        >>> parse_date("2026-03-02")
        datetime.date(2026, 3, 2)
        >>> parse_date("2026-03-01T16:30:00Z")
        datetime.date(2026, 3, 2)

    Raises:
        ValueError: the text is not an accepted ISO 8601 date or datetime.
    """
    return _parse(text)[0]


def format_instant(instant: dt.datetime) -> str:
    """ISO text of an instant in Asia/Shanghai, with its offset (``+08:00`` today).

    Example:
        >>> format_instant(dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC))
        '2026-03-02T04:00:00+08:00'
    """
    return local_instant(instant).isoformat()
