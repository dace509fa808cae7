"""The calendar table SQL engines join: every deadline the pack needs, from `periods`.

Input: the start dates found in the data (plus the rules' date literals), the
(period, extend) pairs a compiled query needs (`CompiledSql.periods`), and the
`WorkCalendar`. Output: an Arrow table `start, period, extend, last_day,
gap_year`, one row per (start, period, extend).

Invariants: the rows are exactly `periods.deadline_table` (the one source of
truth for Civil Code periods and working days); a start whose count needs a
year the calendar does not cover has a null `last_day` and the year in
`gap_year`, which the SQL reads as unknown with no due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from lnvideo.periods import Period, deadline_table

SCHEMA_FIELDS = ("start", "period", "extend", "last_day", "gap_year")


def calendar_table(
    starts: Iterable[dt.date], periods: Sequence[tuple[Period, bool]], calendar: Any = None
) -> Any:
    """An Arrow table of the deadlines of `periods` from each of `starts`.

    Example:
        >>> from lnvideo.periods import Unit
        >>> t = calendar_table([dt.date(2026, 9, 5)], [(Period(30, Unit.DAYS), True)])
        >>> t.to_pylist()[0]["last_day"]
        datetime.date(2026, 10, 8)
    """
    import pyarrow as pa

    days = sorted(set(starts))
    cols: list[list[Any]] = [[], [], [], [], []]
    if periods:
        for row in deadline_table(days, list(periods), calendar):
            for c, v in zip(cols, row, strict=True):
                c.append(v)
    schema = pa.schema(
        [
            ("start", pa.date32()),
            ("period", pa.string()),
            ("extend", pa.bool_()),
            ("last_day", pa.date32()),
            ("gap_year", pa.int32()),
        ]
    )
    return pa.Table.from_arrays(
        [pa.array(c, type=f.type) for c, f in zip(cols, schema, strict=True)], schema=schema
    )
