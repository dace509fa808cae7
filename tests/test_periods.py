"""Tests for lnvideo.periods: Civil Code period counting (SPEC §4)."""

from __future__ import annotations

import calendar as stdcal
import datetime as dt
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import (
    MAX_N,
    any_starts,
    covered_starts,
    periods,
    uncovered_years,
)

from lnvideo.calendar import CalendarGapError, WorkCalendar
from lnvideo.diagnostics import LnvideoError
from lnvideo.periods import (
    Deadline,
    Period,
    Unit,
    add_hours,
    deadline,
    deadline_table,
    minimum_end,
)

D = dt.date
CAL = WorkCalendar.bundled()
FAST = settings(max_examples=150, deadline=None)

# --- examples -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "period", "last"),
    [
        pytest.param(D(2026, 9, 5), Period(30, Unit.DAYS), D(2026, 10, 8), id="national-day-ext"),
        pytest.param(D(2026, 3, 2), Period(30, Unit.DAYS), D(2026, 4, 1), id="plain-30-days"),
        pytest.param(D(2024, 2, 29), Period(1, Unit.YEARS), D(2025, 2, 28), id="leap-day-year"),
        pytest.param(D(2026, 1, 31), Period(1, Unit.MONTHS), D(2026, 2, 28), id="jan31-month"),
        pytest.param(D(2024, 1, 31), Period(1, Unit.MONTHS), D(2024, 2, 29), id="jan31-leap"),
        pytest.param(D(2026, 3, 15), Period(2, Unit.MONTHS), D(2026, 5, 15), id="corresponding"),
        pytest.param(
            D(2026, 9, 30), Period(3, Unit.WORKING_DAYS), D(2026, 10, 10), id="working-make-up"
        ),
        pytest.param(
            D(2026, 2, 13), Period(1, Unit.WORKING_DAYS), D(2026, 2, 14), id="working-saturday"
        ),
        pytest.param(
            D(2026, 2, 14), Period(1, Unit.WORKING_DAYS), D(2026, 2, 24), id="working-festival"
        ),
        pytest.param(D(2026, 2, 10), Period(5, Unit.DAYS), D(2026, 2, 24), id="into-festival"),
        pytest.param(D(2026, 3, 2), Period(0, Unit.DAYS), D(2026, 3, 2), id="zero-days"),
        pytest.param(D(2026, 3, 1), Period(0, Unit.DAYS), D(2026, 3, 2), id="zero-days-sunday"),
    ],
)
def test_deadline_examples(start: dt.date, period: Period, last: dt.date) -> None:
    """Known deadlines on the real calendar."""
    assert deadline(start, period).last_day == last


def test_national_day_deadline_is_explained() -> None:
    """An extended deadline records its nominal day, its reason and says art. 203."""
    dl = deadline(D(2026, 9, 5), Period(30, Unit.DAYS))
    assert dl.nominal == D(2026, 10, 5)
    assert dl.extended and dl.rest_reason == "National Day"
    assert dl.explain() == (
        "30 days after 2026-09-05 ends 2026-10-05, a rest day (National Day); "
        "moved to 2026-10-08 (Civil Code art. 203)"
    )
    zh = dl.explain("zh")
    assert "国庆节" in zh and "2026-10-08" in zh and "第二百零三条" in zh


def test_plain_deadline_is_explained() -> None:
    """An unextended deadline says the start day is not counted."""
    dl = deadline(D(2026, 3, 2), Period(30, Unit.DAYS))
    assert not dl.extended and dl.nominal == dl.last_day
    assert dl.explain() == (
        "30 days after 2026-03-02 end on 2026-04-01 "
        "(Civil Code art. 201: the start day is not counted)"
    )
    assert "不计入" in dl.explain("zh")


def test_minimum_duration_is_explained_as_not_extended() -> None:
    """A minimum duration's explanation says it is not extended."""
    dl = deadline(D(2026, 9, 5), Period(30, Unit.DAYS), extend=False)
    assert dl.last_day == D(2026, 10, 5) and not dl.extended
    assert "not extended" in dl.explain()
    assert "不顺延" in dl.explain("zh")


def test_gap_2027_raises_naming_the_year() -> None:
    """2026-12-15 + 30 days needs 2027, which the bundled calendar does not cover."""
    with pytest.raises(CalendarGapError) as info:
        deadline(D(2026, 12, 15), Period(30, Unit.DAYS))
    assert info.value.year == 2027
    assert "2027" in info.value.diagnostics[0].message


def test_user_2027_file_makes_it_computable(tmp_path: Path) -> None:
    """With a user-loaded 2027 calendar, 2026-12-15 + 30 days is computed."""
    path = tmp_path / "cal2027.toml"
    path.write_text(
        '[[year]]\nyear = 2027\n\n[[year.holiday]]\nname = "New Year\'s Day"\n'
        "from = 2027-01-01\nto = 2027-01-03\n",
        encoding="utf-8",
    )
    cal = CAL.merged(WorkCalendar.from_file(path))
    dl = deadline(D(2026, 12, 15), Period(30, Unit.DAYS), cal)
    assert dl.last_day == D(2027, 1, 14)  # a Thursday
    dl2 = deadline(D(2026, 12, 3), Period(30, Unit.DAYS), cal)
    assert dl2.nominal == D(2027, 1, 2) and dl2.last_day == D(2027, 1, 4)
    assert dl2.rest_reason == "New Year's Day"


def test_hours_are_refused_for_dates() -> None:
    """`deadline` refuses an hours period: hours count instants, not dates."""
    with pytest.raises(ValueError, match="add_hours"):
        deadline(D(2026, 3, 2), Period(24, Unit.HOURS))


def test_add_hours_uses_shanghai_local_date() -> None:
    """Adding hours works on instants and returns Asia/Shanghai local time."""
    start = dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)  # 2026-03-02 04:00 in Shanghai
    due = add_hours(start, 24)
    assert due == start + dt.timedelta(hours=24)
    assert due.tzinfo == ZoneInfo("Asia/Shanghai")
    assert due.date() == D(2026, 3, 3)


def test_add_hours_refuses_naive() -> None:
    """A naive datetime is ambiguous and refused."""
    with pytest.raises(ValueError, match="aware"):
        add_hours(dt.datetime(2026, 3, 1, 20, 0), 24)


def test_negative_period_is_refused() -> None:
    """A period cannot be negative."""
    with pytest.raises(ValueError, match="negative"):
        Period(-1, Unit.DAYS)


@pytest.mark.parametrize(
    ("text", "period", "en", "zh"),
    [
        pytest.param("30 days", Period(30, Unit.DAYS), "30 days", "30日", id="days"),
        pytest.param("1 day", Period(1, Unit.DAYS), "1 day", "1日", id="day"),
        pytest.param(
            "3 working days", Period(3, Unit.WORKING_DAYS), "3 working days", "3个工作日", id="wd"
        ),
        pytest.param("1 year", Period(1, Unit.YEARS), "1 year", "1年", id="year"),
        pytest.param("6 months", Period(6, Unit.MONTHS), "6 months", "6个月", id="months"),
        pytest.param("24 hours", Period(24, Unit.HOURS), "24 hours", "24小时", id="hours"),
        pytest.param("30日", Period(30, Unit.DAYS), "30 days", "30日", id="zh-days"),
        pytest.param(
            "3个工作日", Period(3, Unit.WORKING_DAYS), "3 working days", "3个工作日", id="zh-wd"
        ),
        pytest.param(
            "2 working_days",
            Period(2, Unit.WORKING_DAYS),
            "2 working days",
            "2个工作日",
            id="snake",
        ),
    ],
)
def test_period_text(text: str, period: Period, en: str, zh: str) -> None:
    """Periods parse from English or Chinese text and print both ways."""
    assert Period.parse(text) == period
    assert str(period) == en
    assert period.zh() == zh
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize("text", ["thirty days", "30", "30 weeks", "-3 days", ""], ids=str)
def test_period_parse_rejects(text: str) -> None:
    """Text that is not a period is a diagnostic, not a crash."""
    with pytest.raises(LnvideoError) as info:
        Period.parse(text)
    assert info.value.diagnostics[0].code == "LNV303"


# --- properties ----------------------------------------------------------------


def _working_between(a: dt.date, b: dt.date) -> int:
    """The number of working days in (a, b]."""
    return sum(CAL.is_working_day(a + dt.timedelta(i)) for i in range(1, (b - a).days + 1))


@FAST
@given(start=covered_starts(), period=periods(min_n=1))
def test_start_day_never_counted(start: dt.date, period: Period) -> None:
    """The start day is not counted: a period of n ≥ 1 ends strictly after its start."""
    dl = deadline(start, period, extend=False)
    assert dl.last_day > start
    if period.unit is Unit.DAYS:
        assert (dl.last_day - start).days == period.n


@FAST
@given(a=covered_starts(), b=covered_starts(), period=periods())
def test_monotone_in_start(a: dt.date, b: dt.date, period: Period) -> None:
    """A later start never gives an earlier last day (deadlines and minimum durations)."""
    a, b = min(a, b), max(a, b)
    for extend in (True, False):
        assert (
            deadline(a, period, extend=extend).last_day
            <= deadline(b, period, extend=extend).last_day
        )


@FAST
@given(start=covered_starts(), period=periods(), extra=st.integers(0, 30))
def test_monotone_in_n(start: dt.date, period: Period, extra: int) -> None:
    """A longer period never gives an earlier last day."""
    longer = Period(min(period.n + extra, MAX_N[period.unit]), period.unit)
    for extend in (True, False):
        assert (
            deadline(start, period, extend=extend).last_day
            <= deadline(start, longer, extend=extend).last_day
        )


@FAST
@given(start=covered_starts(), period=periods(Unit.DAYS, Unit.MONTHS, Unit.YEARS))
def test_extension_lands_on_first_working_day(start: dt.date, period: Period) -> None:
    """An extended deadline is a working day, not before the nominal day, none in between."""
    dl = deadline(start, period)
    assert CAL.is_working_day(dl.last_day)
    assert dl.last_day >= dl.nominal
    assert dl.extended == (dl.last_day != dl.nominal)
    assert dl.extended == CAL.is_rest_day(dl.nominal)
    day = dl.nominal + dt.timedelta(1)
    while day < dl.last_day:
        assert CAL.is_rest_day(day)
        day += dt.timedelta(1)
    if dl.extended:
        assert dl.rest_reason == CAL.rest_reason(dl.nominal)


@FAST
@given(start=covered_starts(), period=periods(Unit.WORKING_DAYS, min_n=1))
def test_working_day_deadline(start: dt.date, period: Period) -> None:
    """A working-day deadline is a working day with exactly n working days in (start, result]."""
    dl = deadline(start, period)
    assert CAL.is_working_day(dl.last_day)
    assert not dl.extended and dl.nominal == dl.last_day
    assert _working_between(start, dl.last_day) == period.n
    assert dl.last_day == deadline(start, period, extend=False).last_day


@FAST
@given(start=any_starts(), period=periods(Unit.MONTHS, Unit.YEARS))
def test_month_year_corresponding_day(start: dt.date, period: Period) -> None:
    """Month and year periods end on the corresponding day, or the month's last day."""
    months = period.n * (12 if period.unit is Unit.YEARS else 1)
    end = minimum_end(start, period)
    total = start.year * 12 + start.month - 1 + months
    assert (end.year * 12 + end.month - 1) == total
    last = stdcal.monthrange(end.year, end.month)[1]
    assert end.day == min(start.day, last)


@FAST
@given(start=any_starts(), period=periods(Unit.DAYS, Unit.MONTHS, Unit.YEARS))
def test_minimum_durations_never_extended_never_need_calendar(
    start: dt.date, period: Period
) -> None:
    """A minimum duration is not extended and needs no calendar, even in uncovered years."""
    empty = WorkCalendar.from_tables([], source="empty")
    dl = deadline(start, period, empty, extend=False)
    assert not dl.extended and dl.last_day == dl.nominal and dl.rest_reason is None
    assert minimum_end(start, period) == dl.last_day


@settings(max_examples=80, deadline=None)
@given(year=uncovered_years(), data=st.data())
def test_uncovered_year_raises_for_deadlines(year: int, data: st.DataObject) -> None:
    """A deadline whose last day falls in an uncovered year raises, naming that year."""
    nominal = data.draw(st.dates(D(year, 1, 1), D(year, 12, 31)))
    n = data.draw(st.integers(0, 60))
    start = nominal - dt.timedelta(n)
    with pytest.raises(CalendarGapError) as info:
        deadline(start, Period(n, Unit.DAYS))
    assert info.value.year == year
    assert str(year) in info.value.diagnostics[0].message
    with pytest.raises(CalendarGapError) as info2:
        deadline(nominal, Period(max(n, 1), Unit.WORKING_DAYS))
    assert info2.value.year == year


# --- table ---------------------------------------------------------------------


def test_deadline_table_matches_deadline() -> None:
    """Every row of the table equals what `deadline` says, gaps as years."""
    starts = [D(2026, 9, 5), D(2026, 12, 15), D(2024, 2, 29)]
    plan = [
        (Period(30, Unit.DAYS), True),
        (Period(30, Unit.DAYS), False),
        (Period(1, Unit.YEARS), True),
    ]
    rows = list(deadline_table(starts, plan, CAL))
    assert len(rows) == 9
    assert rows[0] == (D(2026, 9, 5), "30 days", True, D(2026, 10, 8), None)
    assert rows[3] == (D(2026, 12, 15), "30 days", True, None, 2027)
    assert rows[4] == (D(2026, 12, 15), "30 days", False, D(2027, 1, 14), None)
    assert rows[8] == (D(2024, 2, 29), "1 year", True, D(2025, 2, 28), None)


def test_deadline_table_is_fast() -> None:
    """7,000 start dates × 5 periods are tabulated well under a second."""
    starts = [D(2007, 1, 1) + dt.timedelta(i) for i in range(7000)]
    plan = [
        (Period(30, Unit.DAYS), True),
        (Period(30, Unit.DAYS), False),
        (Period(5, Unit.WORKING_DAYS), True),
        (Period(1, Unit.MONTHS), True),
        (Period(1, Unit.YEARS), False),
    ]
    t0 = time.perf_counter()
    rows = list(deadline_table(starts, plan, CAL))
    elapsed = time.perf_counter() - t0
    assert len(rows) == 35000
    assert elapsed < 0.8
    for start, label, extend, last, gap in rows[::997]:
        period = Period.parse(label)
        try:
            expected: dt.date | None = deadline(start, period, CAL, extend=extend).last_day
        except CalendarGapError as exc:
            assert gap == exc.year
            expected = None
        assert last == expected


def test_deadline_is_frozen() -> None:
    """Deadline values are immutable and comparable."""
    a = deadline(D(2026, 9, 5), Period(30, Unit.DAYS))
    assert isinstance(a, Deadline)
    assert a == deadline(D(2026, 9, 5), Period(30, Unit.DAYS))
    with pytest.raises(AttributeError):
        a.last_day = D(2026, 1, 1)  # type: ignore[misc]
