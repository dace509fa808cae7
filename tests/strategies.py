"""Hypothesis strategies shared by the tests: dates, periods, calendar year tables.

The bundled calendar covers 2004–2026; `covered_starts` leaves room after the
start so that a period of the generated size still ends inside the covered
years, while `uncovered_years` lies wholly outside them.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from lnvideo.calendar import YearTable
from lnvideo.periods import Period, Unit

FIRST_COVERED = 2004
LAST_COVERED = 2026

#: the date-period units (hours are instants, not dates)
DATE_UNITS = (Unit.DAYS, Unit.WORKING_DAYS, Unit.MONTHS, Unit.YEARS)

#: the largest n per unit that still ends inside the covered years from `covered_starts`
MAX_N = {Unit.DAYS: 400, Unit.WORKING_DAYS: 250, Unit.MONTHS: 12, Unit.YEARS: 1}


def dates(min_year: int = 1900, max_year: int = 2200) -> st.SearchStrategy[dt.date]:
    """Any date in the inclusive year range."""
    return st.dates(dt.date(min_year, 1, 1), dt.date(max_year, 12, 31))


def covered_starts() -> st.SearchStrategy[dt.date]:
    """Start dates from which every period up to `MAX_N` ends inside 2004–2026."""
    return st.dates(dt.date(FIRST_COVERED, 1, 1), dt.date(LAST_COVERED - 2, 12, 31))


def any_starts() -> st.SearchStrategy[dt.date]:
    """Start dates anywhere, covered or not (for minimum durations)."""
    return dates(1950, 2150)


def units(*allowed: Unit) -> st.SearchStrategy[Unit]:
    return st.sampled_from(allowed or DATE_UNITS)


@st.composite
def periods(draw: st.DrawFn, *allowed: Unit, min_n: int = 0) -> Period:
    """A date period whose size stays within `MAX_N` for its unit."""
    unit = draw(units(*allowed))
    n = draw(st.integers(min_value=min_n, max_value=MAX_N[unit]))
    return Period(n, unit)


def uncovered_years() -> st.SearchStrategy[int]:
    """Years the bundled calendar does not cover."""
    return st.one_of(
        st.integers(min_value=1950, max_value=FIRST_COVERED - 1),
        st.integers(min_value=LAST_COVERED + 1, max_value=2150),
    )


@st.composite
def dates_in_year(draw: st.DrawFn, year: int) -> dt.date:
    return draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)))


HOLIDAY_NAMES = ("New Year's Day", "Spring Festival", "National Day", "Founding Day (EXAMPLE)")


@st.composite
def year_tables(draw: st.DrawFn, year: int | None = None) -> YearTable:
    """A synthetic but well-formed year: some named rest days, some make-up working days."""
    if year is None:
        year = draw(st.integers(min_value=2027, max_value=2100))
    days = draw(st.sets(dates_in_year(year), max_size=30))
    ordered = sorted(days)
    split = draw(st.integers(min_value=0, max_value=len(ordered)))
    rest_days, work_days = ordered[:split], ordered[split:]
    zh = {
        "New Year's Day": "元旦",
        "Spring Festival": "春节",
        "National Day": "国庆节",
        "Founding Day (EXAMPLE)": "示例节",
    }
    rest = []
    for d in rest_days:
        name = draw(st.sampled_from(HOLIDAY_NAMES))
        rest.append((d, name, zh[name]))
    work = [(d, draw(st.sampled_from(HOLIDAY_NAMES))) for d in work_days]
    return YearTable(year, tuple(rest), tuple(work))
