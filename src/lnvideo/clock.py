"""The one declaration of local time: the Asia/Shanghai zone and "today" there.

Input: nothing but the system clock. Output: `TZ_NAME` (the IANA name, for
SQL engines and Spark sessions), `ZONE` (a `zoneinfo.ZoneInfo`), `UTC_OFFSET_SECONDS`
and `today()`, the current local date.

Invariants: every other module takes the zone from here; Asia/Shanghai has had a
fixed UTC+8 offset since 1991, which the SQL dialects rely on (`UTC_OFFSET_SECONDS`).

Example:
    >>> import datetime as dt
    >>> TZ_NAME, isinstance(today(), dt.date)
    ('Asia/Shanghai', True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast
from zoneinfo import ZoneInfo

__all__ = ["TZ_NAME", "UTC_OFFSET_SECONDS", "ZONE", "from_state", "in_zone", "today"]

#: The IANA name of the zone every date and instant of a record is read in.
TZ_NAME = "Asia/Shanghai"
ZONE = ZoneInfo(TZ_NAME)
#: No daylight saving since 1991: one fixed offset.
UTC_OFFSET_SECONDS = 8 * 3600


#: ``datetime(state, tzinfo)``: the constructor `pickle` uses, from the ten bytes of a
#: datetime's state (year as two bytes, month, day, hour, minute, second, microsecond
#: as three; big-endian), a layout Python has kept since 2.x.
_FROM_STATE: Callable[[bytes, dt.tzinfo], dt.datetime] = cast("Any", dt.datetime)


def from_state(state: bytes) -> dt.datetime:
    """The datetime in `ZONE` whose wall fields are the ten bytes `state` (see `_FROM_STATE`).

    Example:
        >>> from_state(bytes([7, 234, 3, 2, 9, 30, 0, 0, 0, 1])).isoformat()
        '2026-03-02T09:30:00.000001+08:00'
    """
    return _FROM_STATE(state, ZONE)


def in_zone(wall: dt.datetime) -> dt.datetime:
    """The same wall time (date, time, fold) in `ZONE`, whatever zone `wall` had:
    ``wall.replace(tzinfo=ZONE)``, several times faster (readers call it per record).

    It passes the ten bytes of the datetime's pickled state (its fields and fold, not its
    zone) back to the constructor with `ZONE`, the path `pickle` takes, rather
    than `replace`, which parses its keyword arguments on every call.

    Example:
        >>> at = in_zone(dt.datetime.fromisoformat("2026-03-02T09:30:00+08:00"))
        >>> at == dt.datetime(2026, 3, 2, 9, 30, tzinfo=ZONE), at.tzinfo is ZONE
        (True, True)
    """
    state = cast("bytes", wall.__reduce_ex__(4)[1][0])  # protocol 4 keeps the fold
    return _FROM_STATE(state, ZONE)


def today() -> dt.date:
    """Today's date in Asia/Shanghai (the default as-of day of a check)."""
    return dt.datetime.now(ZONE).date()
