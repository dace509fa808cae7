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
from zoneinfo import ZoneInfo

__all__ = ["TZ_NAME", "UTC_OFFSET_SECONDS", "ZONE", "today"]

#: The IANA name of the zone every date and instant of a record is read in.
TZ_NAME = "Asia/Shanghai"
ZONE = ZoneInfo(TZ_NAME)
#: No daylight saving since 1991: one fixed offset.
UTC_OFFSET_SECONDS = 8 * 3600


def today() -> dt.date:
    """Today's date in Asia/Shanghai (the default as-of day of a check)."""
    return dt.datetime.now(ZONE).date()
