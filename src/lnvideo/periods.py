"""Civil Code period counting: from a start date and a period to the period's last day.

Input: a start `date`, a `Period` (n days, working days, months or years) and a
`WorkCalendar`. Output: a `Deadline` that records the nominal last day, the
last day after any extension, and why — or, in bulk, rows of
`deadline_table` that SQL engines join so every engine counts alike.

Rules (SPEC §4; PRC Civil Code arts. 201–203, summarised):
- The start day is not counted; counting begins the next day (art. 201).
- Months and years end on the corresponding day of the final month, or on that
  month's last day when it has no such day (art. 202).
- Working days: the n-th working day after the start day, counting the State
  Council's make-up working days and skipping weekends and holidays.
- A deadline to act (`extend=True`) whose last day is a rest day moves to the
  first working day after it (art. 203). A minimum duration (`extend=False`,
  e.g. keeping footage) is never extended, and for days, months and years it
  never consults the calendar, so it can never fail for a missing year.
- n = 0 gives the start day itself as the nominal last day (then, for a
  deadline, the extension rule applies as usual).
- Hours are not a date period: use `add_hours` on aware datetimes.

Invariants: every function here is pure; `deadline_table` and `deadline` agree
row for row; no count raises `OverflowError`: one that would leave the dates
Python can hold (years 1..9999) raises `DateRangeError`, a `CalendarGapError`,
so every caller that turns a calendar gap into "unknown" does the same here.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Iterator

import attrs

from lnvideo.calendar import CalendarGapError, WorkCalendar
from lnvideo.clock import ZONE
from lnvideo.diagnostics import Diagnostic, LnvideoError

__all__ = [
    "SHANGHAI",
    "DateRangeError",
    "Deadline",
    "Period",
    "Unit",
    "add_hours",
    "deadline",
    "deadline_table",
    "minimum_end",
]

#: The zone of every local date and time (`lnvideo.clock.ZONE`; the old name, kept).
SHANGHAI = ZONE


class Unit(enum.StrEnum):
    """The unit a period counts in."""

    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"
    YEARS = "years"
    HOURS = "hours"


#: unit -> (singular, plural, Chinese suffix)
_WORDS: dict[Unit, tuple[str, str, str]] = {
    Unit.DAYS: ("day", "days", "日"),
    Unit.WORKING_DAYS: ("working day", "working days", "个工作日"),
    Unit.MONTHS: ("month", "months", "个月"),
    Unit.YEARS: ("year", "years", "年"),
    Unit.HOURS: ("hour", "hours", "小时"),
}

_PARSE_UNITS: dict[str, Unit] = {
    "day": Unit.DAYS,
    "days": Unit.DAYS,
    "working day": Unit.WORKING_DAYS,
    "working days": Unit.WORKING_DAYS,
    "working_day": Unit.WORKING_DAYS,
    "working_days": Unit.WORKING_DAYS,
    "month": Unit.MONTHS,
    "months": Unit.MONTHS,
    "year": Unit.YEARS,
    "years": Unit.YEARS,
    "hour": Unit.HOURS,
    "hours": Unit.HOURS,
    "日": Unit.DAYS,
    "天": Unit.DAYS,
    "个工作日": Unit.WORKING_DAYS,
    "工作日": Unit.WORKING_DAYS,
    "个月": Unit.MONTHS,
    "月": Unit.MONTHS,
    "年": Unit.YEARS,
    "小时": Unit.HOURS,
    "个小时": Unit.HOURS,
}

_PERIOD_RE = re.compile(r"^\s*(\d+)\s*([^\d\s].*?)\s*$")


def _check_n(instance: object, attribute: object, value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        msg = f"a period's n must be an int, not {value!r}"
        raise TypeError(msg)
    if value < 0:
        msg = f"a period cannot be negative (n = {value})"
        raise ValueError(msg)


@attrs.frozen
class Period:
    """A length of time: `n` units, n ≥ 0.

    Example:
        >>> p = Period.parse("3 working days")
        >>> str(p), p.zh()
        ('3 working days', '3个工作日')
    """

    n: int = attrs.field(validator=_check_n)
    unit: Unit = attrs.field(converter=Unit)

    def __str__(self) -> str:
        singular, plural, _ = _WORDS[self.unit]
        return f"{self.n} {singular if self.n == 1 else plural}"

    def zh(self) -> str:
        """The period in Chinese, e.g. "30日", "3个工作日", "1年"."""
        return f"{self.n}{_WORDS[self.unit][2]}"

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read "30 days", "1 year", "3 working days", "30日", "3个工作日", "6个月", "24 hours".

        Raises:
            LnvideoError: LNV303 when the text is not a period.

        Example:
            >>> Period.parse("30日")
            Period(n=30, unit=<Unit.DAYS: 'days'>)
        """
        m = _PERIOD_RE.match(text)
        unit = _PARSE_UNITS.get(re.sub(r"\s+", " ", m.group(2).lower())) if m else None
        if m is None or unit is None:
            msg = (
                f"{text!r} is not a period (write a whole number and a unit, e.g. "
                "'30 days', '3 working days', '6 months', '1 year', '30日', '3个工作日')"
            )
            raise LnvideoError([Diagnostic("LNV303", msg)])
        return cls(int(m.group(1)), unit)


@attrs.frozen
class Deadline:
    """The result of counting a period: the nominal last day and the last day after extension.

    `extend` says whether this is a deadline to act (True) or a minimum
    duration (False); `rest_reason` (and `rest_reason_zh`) say why the nominal
    day was a rest day when the deadline was extended.
    """

    start: dt.date
    period: Period
    nominal: dt.date
    last_day: dt.date
    extended: bool
    rest_reason: str | None = None
    rest_reason_zh: str | None = None
    extend: bool = True

    def explain(self, lang: str = "en") -> str:
        """One sentence saying how the last day was reached.

        Example:
            >>> print(deadline(dt.date(2026, 9, 5), Period(30, Unit.DAYS)).explain())
            30 days after 2026-09-05 ends 2026-10-05, a rest day (National Day); moved to 2026-10-08 (Civil Code art. 203)
        """
        return _explain_zh(self) if lang == "zh" else _explain_en(self)


_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _clamped(d: Deadline) -> bool:
    return d.period.unit in (Unit.MONTHS, Unit.YEARS) and d.nominal.day != d.start.day


def _explain_en(d: Deadline) -> str:
    p, start, last = d.period, d.start.isoformat(), d.last_day.isoformat()
    if d.extended:
        return (
            f"{p} after {start} ends {d.nominal.isoformat()}, a rest day ({d.rest_reason}); "
            f"moved to {last} (Civil Code art. 203)"
        )
    if p.unit is Unit.WORKING_DAYS:
        why = (
            "the start day is not counted; weekends and public holidays are skipped "
            "and make-up working days count"
        )
    elif _clamped(d):
        why = (
            f"Civil Code art. 202: {_MONTHS_EN[d.nominal.month - 1]} has no day {d.start.day}, "
            "so the period ends on the month's last day"
        )
    elif p.unit in (Unit.MONTHS, Unit.YEARS):
        why = "Civil Code arts. 201–202: the start day is not counted; the corresponding day"
    else:
        why = "Civil Code art. 201: the start day is not counted"
    verb = "ends on" if p.n == 1 else "end on"
    if not d.extend:
        return (
            f"a minimum duration of {p} after {start} ends on "
            f"{last} ({why}); a minimum duration is not extended to a working day "
            "(Civil Code art. 203 applies only to deadlines to act)"
        )
    return f"{p} after {start} {verb} {last} ({why})"


def _explain_zh(d: Deadline) -> str:
    p, start, last = d.period.zh(), d.start.isoformat(), d.last_day.isoformat()
    if d.extended:
        return (
            f"自{start}起{p}，届满日{d.nominal.isoformat()}为休息日（{d.rest_reason_zh}），"
            f"顺延至{last}（《民法典》第二百零三条）"
        )
    if d.period.unit is Unit.WORKING_DAYS:
        why = "开始的当日不计入；周末和法定节假日不计，调休上班日计入"
    elif _clamped(d):
        why = f"《民法典》第二百零二条：{d.nominal.month}月没有{d.start.day}日，以该月最后一日为期间最后一日"
    elif d.period.unit in (Unit.MONTHS, Unit.YEARS):
        why = "《民法典》第二百零一条、第二百零二条：开始的当日不计入，到期月的对应日为最后一日"
    else:
        why = "《民法典》第二百零一条：开始的当日不计入"
    if not d.extend:
        return (
            f"自{start}起{p}的最短期限至{last}届满（{why}）；"
            "最短期限不顺延（《民法典》第二百零三条只适用于须在期限内作出行为的期限）"
        )
    return f"自{start}起{p}，届满日为{last}（{why}）"


# --- counting -----------------------------------------------------------------


class DateRangeError(CalendarGapError):
    """A count would reach a year outside 1..9999 (the dates that can be computed).

    A `CalendarGapError` for that year, so callers treat it as a gap: unknown.
    """

    def __init__(self, year: int, covers: str = "1–9999") -> None:
        self.year = year
        self.covers = covers
        message = (
            f"counting the period reaches the year {year}, beyond the dates that can be computed"
        )
        LnvideoError.__init__(self, [Diagnostic("LNV301", message)])

    def __reduce__(self) -> tuple[type[DateRangeError], tuple[int, str]]:
        return (DateRangeError, (self.year, self.covers))


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _add_months(start: dt.date, months: int) -> dt.date:
    total = start.year * 12 + start.month - 1 + months
    year, m0 = divmod(total, 12)
    last = _DAYS_IN_MONTH[m0]
    if m0 == 1 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        last = 29
    if not 1 <= year <= 9999:
        raise DateRangeError(year)
    return dt.date(year, m0 + 1, min(start.day, last))


def _nominal(start: dt.date, unit: Unit, n: int, cal: WorkCalendar | None) -> dt.date:
    if unit is Unit.DAYS:
        try:
            return start + dt.timedelta(days=n)
        except OverflowError:
            raise DateRangeError(start.year + n // 365) from None
    if unit is Unit.MONTHS:
        return _add_months(start, n)
    if unit is Unit.YEARS:
        return _add_months(start, 12 * n)
    if unit is Unit.WORKING_DAYS:
        assert cal is not None
        return cal.working_days_after(start, n)
    msg = f"{unit.value} is not a date period; use add_hours() for instants"
    raise ValueError(msg)


def _needs_calendar(unit: Unit, extend: bool) -> bool:
    return extend or unit is Unit.WORKING_DAYS


def deadline(
    start: dt.date,
    period: Period,
    calendar: WorkCalendar | None = None,
    *,
    extend: bool = True,
) -> Deadline:
    """Count `period` from `start` under the Civil Code rules (see the module docstring).

    Args:
        start: the day the period runs from (not itself counted).
        period: days, working days, months or years; n ≥ 0.
        calendar: the working-day calendar; None for `WorkCalendar.bundled()`.
        extend: True for a deadline to act (art. 203 extension), False for a
            minimum duration (never extended; days/months/years need no calendar).

    Raises:
        CalendarGapError: the count needs a year the calendar does not cover.
        ValueError: `period` is in hours (use `add_hours`).

    Example:
        >>> deadline(dt.date(2026, 9, 5), Period(30, Unit.DAYS)).last_day
        datetime.date(2026, 10, 8)
        >>> deadline(dt.date(2024, 2, 29), Period(1, Unit.YEARS)).last_day
        datetime.date(2025, 2, 28)
    """
    unit = period.unit
    if unit is Unit.HOURS:
        msg = f"{period} is not a date period; use add_hours() for instants"
        raise ValueError(msg)
    cal = None
    if _needs_calendar(unit, extend):
        cal = calendar if calendar is not None else WorkCalendar.bundled()
    nominal = _nominal(start, unit, period.n, cal)
    if not extend or cal is None or cal.is_working_day(nominal):
        return Deadline(start, period, nominal, nominal, False, extend=extend)
    return Deadline(
        start,
        period,
        nominal,
        cal.next_working_day(nominal),
        True,
        cal.rest_reason(nominal, "en"),
        cal.rest_reason(nominal, "zh"),
        extend=extend,
    )


def minimum_end(start: dt.date, period: Period) -> dt.date:
    """The last day of a minimum duration (never extended; needs no calendar for days/months/years).

    Keeping footage recorded on day D for N days is met by deleting it on
    `minimum_end(D, N days) + 1 day` or later.

    Example:
        >>> minimum_end(dt.date(2026, 9, 5), Period(30, Unit.DAYS))
        datetime.date(2026, 10, 5)
    """
    return deadline(start, period, extend=False).last_day


def add_hours(instant: dt.datetime, hours: int) -> dt.datetime:
    """`instant` plus `hours` as an Asia/Shanghai aware datetime; `.date()` is the due date.

    Hours are exact elapsed time: no day counting, no extension.

    Raises:
        ValueError: `instant` is naive (convert local times with `SHANGHAI` first).
        DateRangeError: the result would be beyond the year 9999.

    Example:
        >>> add_hours(dt.datetime(2026, 3, 1, 20, tzinfo=dt.UTC), 24).isoformat()
        '2026-03-03T04:00:00+08:00'
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        msg = f"add_hours needs an aware datetime, got naive {instant.isoformat()}"
        raise ValueError(msg)
    try:
        return (instant + dt.timedelta(hours=hours)).astimezone(SHANGHAI)
    except OverflowError:
        raise DateRangeError(instant.year + hours // 8766) from None


def deadline_table(
    starts: Iterable[dt.date],
    periods: Iterable[tuple[Period, bool]],
    calendar: WorkCalendar | None = None,
) -> Iterator[tuple[dt.date, str, bool, dt.date | None, int | None]]:
    """Rows (start, str(period), extend, last_day or None, gap_year or None), start by start.

    A row whose count needs an uncovered year has last_day None and the year in
    gap_year. The rows equal what `deadline` gives; SQL engines join them so that
    every engine counts periods alike.

    Example:
        >>> rows = deadline_table([dt.date(2026, 12, 15)], [(Period(30, Unit.DAYS), True)])
        >>> next(rows)
        (datetime.date(2026, 12, 15), '30 days', True, None, 2027)
    """
    plan = [(p.unit, p.n, str(p), bool(ext)) for p, ext in periods]
    for unit, _n, label, _ext in plan:
        if unit is Unit.HOURS:
            msg = f"{label} is not a date period"
            raise ValueError(msg)
    cal = calendar if calendar is not None else WorkCalendar.bundled()
    is_working = cal.is_working_day
    next_working = cal.next_working_day
    for start in starts:
        for unit, n, label, ext in plan:
            try:
                nominal = _nominal(start, unit, n, cal)
                if ext and not is_working(nominal):
                    nominal = next_working(nominal)
            except CalendarGapError as exc:
                yield (start, label, ext, None, exc.year)
                continue
            yield (start, label, ext, nominal, None)
