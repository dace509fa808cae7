"""The working-day calendar: which days are working days under the State Council schedule.

Input: the bundled `chinese_calendar` data (2004 through its latest published
year) and/or user TOML files (docs/calendar-format.md, read and written by
`lnvideo.calendar_file`), one table per calendar year. Output: `WorkCalendar`, answering `is_working_day`, `rest_reason`,
`next_working_day` and `working_days_after` from tables precomputed once.

Invariants:
- A year is either covered completely or not at all. Weekends are rest days,
  a year's listed public-holiday days are rest days, and its listed make-up
  days (调休) are working days; nothing else is looked up.
- A question about a day in an uncovered year raises `CalendarGapError`
  naming the year. There is never a fallback to "weekends only".
- Calendars are immutable: the per-year tables are built in the constructor
  and only read afterwards, so one calendar can be shared between threads.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from bisect import bisect_right
from collections.abc import Iterable
from pathlib import Path

import attrs

from lnvideo.diagnostics import Diagnostic, LnvideoError

__all__ = ["CalendarGapError", "WorkCalendar", "YearTable", "describe_years"]

#: holiday names in English -> Chinese, for files that give no `name_zh`
KNOWN_NAMES_ZH: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
}

WEEKEND = {"en": "weekend", "zh": "周末"}
FORMAT_VERSION = 1
_FORMAT_VERSION = FORMAT_VERSION


def describe_years(years: Iterable[int]) -> str:
    """Compress years into ranges.

    Example:
        >>> describe_years([2004, 2005, 2006, 2009, 2011, 2012])
        '2004–2006, 2009, 2011–2012'
    """
    ordered = sorted(set(years))
    if not ordered:
        return "no years"
    parts: list[str] = []
    first = prev = ordered[0]
    for y in [*ordered[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(str(first) if first == prev else f"{first}–{prev}")
        if y is not None:
            first = prev = y
    return ", ".join(parts)


class CalendarGapError(LnvideoError):
    """A computation needed a year that the working-day calendar does not cover.

    Attributes:
        year: the first uncovered year the computation needed.
        covers: the covered years, as text (e.g. "2004–2026").
    """

    def __init__(self, year: int, covers: str) -> None:
        self.year = year
        self.covers = covers
        advice = "load a newer year" if _last_covered(covers) < year else "load that year"
        message = (
            f"the working-day calendar covers {covers}; {year} is not covered "
            f"({advice} with --calendar FILE)"
        )
        super().__init__([Diagnostic("LNV301", message)])

    def __reduce__(self) -> tuple[type[CalendarGapError], tuple[int, str]]:
        return (CalendarGapError, (self.year, self.covers))


def _last_covered(covers: str) -> int:
    found = re.findall(r"\d{4}", covers)
    return int(found[-1]) if found else -1


@attrs.frozen
class YearTable:
    """One calendar year's schedule: named rest days and make-up working days.

    `rest` holds `(day, name, name_zh)` for each public-holiday rest day (a
    weekend day inside a holiday block is listed too); `work` holds `(day,
    holiday name)` for each weekend day made a working day. Both sorted by day;
    every day lies in `year`. Days not listed follow the week: Monday–Friday
    work, Saturday and Sunday rest.
    """

    year: int
    rest: tuple[tuple[dt.date, str, str], ...] = attrs.field(
        converter=lambda v: tuple(sorted(tuple(x) for x in v))
    )
    work: tuple[tuple[dt.date, str], ...] = attrs.field(
        converter=lambda v: tuple(sorted(tuple(x) for x in v))
    )

    def __attrs_post_init__(self) -> None:
        rest_days = [r[0] for r in self.rest]
        work_days = [w[0] for w in self.work]
        for day in (*rest_days, *work_days):
            if day.year != self.year:
                msg = f"{day} is not in {self.year}"
                raise ValueError(msg)
        if len(set(rest_days)) != len(rest_days) or len(set(work_days)) != len(work_days):
            msg = f"a day is listed twice in {self.year}"
            raise ValueError(msg)
        if set(rest_days) & set(work_days):
            msg = f"a day of {self.year} is both a rest day and a working day"
            raise ValueError(msg)


@attrs.frozen
class _Index:
    """Precomputed lookups for one year (ordinals: `date.toordinal()`)."""

    first: int  # ordinal of 1 January
    working: bytes  # 1 per day of the year: 1 working, 0 rest
    work_ords: tuple[int, ...]  # sorted ordinals of the working days
    reasons: dict[int, tuple[str, str]]  # ordinal -> (name, name_zh) for holiday rest days


def _build_index(table: YearTable) -> _Index:
    first = dt.date(table.year, 1, 1).toordinal()
    size = dt.date(table.year, 12, 31).toordinal() - first + 1
    # date(year, 1, 1).weekday(): Monday 0 ... Sunday 6
    wd0 = dt.date(table.year, 1, 1).weekday()
    flags = bytearray(1 if (wd0 + i) % 7 < 5 else 0 for i in range(size))
    reasons: dict[int, tuple[str, str]] = {}
    for day, name, name_zh in table.rest:
        o = day.toordinal()
        flags[o - first] = 0
        reasons[o] = (name, name_zh)
    for day, _name in table.work:
        flags[day.toordinal() - first] = 1
    work_ords = tuple(first + i for i, f in enumerate(flags) if f)
    return _Index(first, bytes(flags), work_ords, reasons)


def _tables_converter(tables: Iterable[YearTable]) -> tuple[YearTable, ...]:
    by_year: dict[int, YearTable] = {}
    for t in tables:
        by_year[t.year] = t
    return tuple(by_year[y] for y in sorted(by_year))


@attrs.frozen(repr=False)
class WorkCalendar:
    """Working days and rest days for the years it covers.

    Build one with `bundled()`, `from_file()` or `from_tables()`; combine with
    `merged()`. Equality and hashing compare the data only, not the sources.

    Example:
        >>> cal = WorkCalendar.bundled()
        >>> cal.is_working_day(dt.date(2026, 10, 10)), cal.rest_reason(dt.date(2026, 10, 1))
        (True, 'National Day')
    """

    tables: tuple[YearTable, ...] = attrs.field(converter=_tables_converter)
    #: (label, years) per source, in load order; for `describe()` only
    sources: tuple[tuple[str, tuple[int, ...]], ...] = attrs.field(default=(), eq=False)
    _index: dict[int, _Index] = attrs.field(init=False, eq=False, repr=False)
    _covers_text: str = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", {t.year: _build_index(t) for t in self.tables})
        object.__setattr__(self, "_covers_text", describe_years(self.years))

    def __repr__(self) -> str:
        return f"<WorkCalendar {self.describe()}>"

    # --- construction ----------------------------------------------------------

    @classmethod
    def from_tables(cls, tables: Iterable[YearTable], *, source: str = "tables") -> WorkCalendar:
        """A calendar of the given year tables (a later table for the same year wins).

        Example:
            >>> cal = WorkCalendar.from_tables([YearTable(2030, (), ())], source="plain")
            >>> cal.years, cal.is_rest_day(dt.date(2030, 1, 5))
            ((2030,), True)
        """
        tables = _tables_converter(tables)
        return cls(tables, ((source, tuple(t.year for t in tables)),) if tables else ())

    @classmethod
    @functools.cache
    def bundled(cls) -> WorkCalendar:
        """The calendar built from the bundled `chinese_calendar` data (cached).

        Example:
            >>> WorkCalendar.bundled().first_year
            2004
        """
        import chinese_calendar
        from chinese_calendar import constants

        zh_of = {h.value: h.chinese for h in constants.Holiday}
        zh_of.update(KNOWN_NAMES_ZH)
        rest: dict[int, list[tuple[dt.date, str, str]]] = {}
        work: dict[int, list[tuple[dt.date, str]]] = {}
        for day, name in constants.holidays.items():
            rest.setdefault(day.year, []).append((day, name, zh_of.get(name, name)))
        for day, name in constants.workdays.items():
            work.setdefault(day.year, []).append((day, name))
        first, last = min(rest), max(rest)
        tables = [YearTable(y, rest.get(y, ()), work.get(y, ())) for y in range(first, last + 1)]
        version = getattr(chinese_calendar, "__version__", "?")
        return cls.from_tables(tables, source=f"bundled chinese-calendar {version}")

    @classmethod
    def from_file(cls, path: str | Path) -> WorkCalendar:
        """Load a calendar file (TOML, see docs/calendar-format.md).

        Raises:
            LnvideoError: LNV302 naming the file, the problem and, where it can
                be found, the line.
        """
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            msg = f"cannot read calendar file {p}: {getattr(exc, 'strerror', None) or exc}"
            raise LnvideoError([Diagnostic("LNV302", msg)]) from None
        from lnvideo.calendar_file import parse_calendar

        tables = parse_calendar(text, str(p))
        return cls.from_tables(tables, source=p.name)

    def merged(self, other: WorkCalendar) -> WorkCalendar:
        """A new calendar with the years of both; for a year in both, `other`'s table wins.

        Example:
            >>> extra = WorkCalendar.from_tables([YearTable(2027, (), ())], source="mine")
            >>> WorkCalendar.bundled().merged(extra).last_year
            2027
        """
        theirs = set(other.years)
        sources = [
            (label, tuple(y for y in years if y not in theirs)) for label, years in self.sources
        ]
        sources = [s for s in sources if s[1]] + list(other.sources)
        tables = [t for t in self.tables if t.year not in theirs] + list(other.tables)
        return WorkCalendar(tables, tuple(sources))

    # --- coverage --------------------------------------------------------------

    @property
    def years(self) -> tuple[int, ...]:
        """The covered years, ascending."""
        return tuple(t.year for t in self.tables)

    @property
    def first_year(self) -> int | None:
        return self.tables[0].year if self.tables else None

    @property
    def last_year(self) -> int | None:
        return self.tables[-1].year if self.tables else None

    def covers(self, year: int) -> bool:
        """Whether `year` is covered."""
        return year in self._index

    def table(self, year: int) -> YearTable:
        """The schedule of one covered year."""
        index = self._index.get(year)
        if index is None:
            raise CalendarGapError(year, self._covers_text)
        return next(t for t in self.tables if t.year == year)

    def describe(self) -> str:
        """The covered years and where they came from.

        Example:
            >>> WorkCalendar.bundled().describe()  # doctest: +ELLIPSIS
            '2004–2026 (bundled chinese-calendar ...)'
        """
        if not self.sources:
            return self._covers_text
        if len(self.sources) == 1:
            return f"{self._covers_text} ({self.sources[0][0]})"
        origin = "; ".join(f"{describe_years(ys)} from {label}" for label, ys in self.sources)
        return f"{self._covers_text} ({origin})"

    def fingerprint(self) -> str:
        """A stable hash of the data (years, rest days with names, make-up days).

        Example:
            >>> len(WorkCalendar.bundled().fingerprint())
            16
        """
        h = hashlib.sha256(f"lnvideo-calendar/{_FORMAT_VERSION}\n".encode())
        for t in self.tables:
            h.update(f"Y{t.year}\n".encode())
            for day, name, zh in t.rest:
                h.update(f"R{day.isoformat()}\t{name}\t{zh}\n".encode())
            for day, name in t.work:
                h.update(f"W{day.isoformat()}\t{name}\n".encode())
        return h.hexdigest()[:16]

    # --- queries ---------------------------------------------------------------

    def _year(self, year: int) -> _Index:
        index = self._index.get(year)
        if index is None:
            raise CalendarGapError(year, self._covers_text)
        return index

    def is_working_day(self, day: dt.date) -> bool:
        """Whether `day` is a working day (weekday not on holiday, or a make-up day).

        Example:
            >>> WorkCalendar.bundled().is_working_day(dt.date(2026, 2, 14))  # a make-up Saturday
            True
        """
        index = self._year(day.year)
        return index.working[day.toordinal() - index.first] == 1

    def is_rest_day(self, day: dt.date) -> bool:
        """Whether `day` is a rest day (weekend not made working, or a public holiday)."""
        return not self.is_working_day(day)

    def rest_reason(self, day: dt.date, lang: str = "en") -> str | None:
        """Why `day` is a rest day: the holiday's name, or "weekend"; None on a working day.

        Example:
            >>> WorkCalendar.bundled().rest_reason(dt.date(2026, 10, 3), lang="zh")
            '国庆节'
        """
        index = self._year(day.year)
        o = day.toordinal()
        if index.working[o - index.first]:
            return None
        names = index.reasons.get(o)
        if names is None:
            return WEEKEND["zh" if lang == "zh" else "en"]
        return names[1] if lang == "zh" else names[0]

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`.

        Example:
            >>> WorkCalendar.bundled().next_working_day(dt.date(2026, 10, 5))
            datetime.date(2026, 10, 8)
        """
        return self.working_days_after(day, 1)

    def working_days_after(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after `day` (`day` itself not counted); `day` when n is 0.

        Example:
            >>> WorkCalendar.bundled().working_days_after(dt.date(2026, 9, 30), 3)
            datetime.date(2026, 10, 10)
        """
        if n < 0:
            msg = f"n must be >= 0, not {n}"
            raise ValueError(msg)
        year = day.year
        index = self._year(year)
        if n == 0:
            return day
        pos = bisect_right(index.work_ords, day.toordinal())
        while True:
            available = len(index.work_ords) - pos
            if n <= available:
                return dt.date.fromordinal(index.work_ords[pos + n - 1])
            n -= available
            year += 1
            index = self._year(year)
            pos = 0

    def to_toml(self, years: Iterable[int] | None = None) -> str:
        """The calendar (or some of its years) as a calendar file that `from_file` reads back.

        Example:
            >>> print(WorkCalendar.bundled().to_toml([2026]).splitlines()[0])
            # lnvideo working-day calendar (docs/calendar-format.md)
        """
        from lnvideo.calendar_file import to_toml

        return to_toml(self, years)
