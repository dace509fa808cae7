"""Tests for lnvideo.calendar: the bundled working-day calendar and user calendar files."""

from __future__ import annotations

import datetime as dt
import pickle
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import FIRST_COVERED, LAST_COVERED, uncovered_years, year_tables

from lnvideo.calendar import CalendarGapError, WorkCalendar, YearTable
from lnvideo.diagnostics import LnvideoError

D = dt.date
CAL = WorkCalendar.bundled()

EXAMPLE_2027 = """\
# EXAMPLE dates only, not the real 2027 schedule
format = 1

[[year]]
year = 2027
source = "EXAMPLE notice"

[[year.holiday]]
name = "New Year's Day"
name_zh = "元旦"
from = 2027-01-01
to = 2027-01-03

[[year.holiday]]
name = "Spring Festival"
name_zh = "春节"
from = 2027-02-06
to = 2027-02-14
work = [2027-02-20]
"""


@pytest.fixture
def file_2027(tmp_path: Path) -> Path:
    path = tmp_path / "cal2027.toml"
    path.write_text(EXAMPLE_2027, encoding="utf-8")
    return path


def test_bundled_covers_2004_to_2026() -> None:
    """The bundled calendar covers 2004 through 2026 and says so."""
    assert CAL.first_year == FIRST_COVERED
    assert CAL.last_year == LAST_COVERED
    assert CAL.years == tuple(range(2004, 2027))
    assert CAL.covers(2026) and not CAL.covers(2027) and not CAL.covers(2003)
    assert CAL.describe().startswith("2004–2026 (bundled chinese-calendar ")


def test_bundled_is_cached() -> None:
    """`bundled()` returns the same object every time."""
    assert WorkCalendar.bundled() is CAL


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(D(2026, 2, 13), True, id="friday-before-spring-festival"),
        pytest.param(D(2026, 2, 14), True, id="saturday-made-working"),
        pytest.param(D(2026, 2, 15), False, id="spring-festival-first"),
        pytest.param(D(2026, 2, 18), False, id="spring-festival-weekday"),
        pytest.param(D(2026, 2, 23), False, id="spring-festival-last"),
        pytest.param(D(2026, 2, 24), True, id="after-spring-festival"),
        pytest.param(D(2026, 2, 28), True, id="saturday-made-working-after"),
        pytest.param(D(2026, 3, 1), False, id="ordinary-sunday"),
        pytest.param(D(2026, 9, 20), True, id="sunday-made-working-national-day"),
        pytest.param(D(2026, 10, 1), False, id="national-day-first"),
        pytest.param(D(2026, 10, 7), False, id="national-day-last"),
        pytest.param(D(2026, 10, 8), True, id="after-national-day"),
        pytest.param(D(2026, 10, 10), True, id="saturday-made-working-national-day"),
        pytest.param(D(2026, 10, 11), False, id="ordinary-sunday-after"),
    ],
)
def test_working_days_2026(day: dt.date, working: bool) -> None:
    """Spring Festival and National Day 2026 follow the State Council schedule."""
    assert CAL.is_working_day(day) is working
    assert CAL.is_rest_day(day) is not working


@pytest.mark.parametrize(
    ("day", "lang", "reason"),
    [
        pytest.param(D(2026, 10, 5), "en", "National Day", id="national-day-en"),
        pytest.param(D(2026, 10, 5), "zh", "国庆节", id="national-day-zh"),
        pytest.param(D(2026, 2, 17), "zh", "春节", id="spring-festival-zh"),
        pytest.param(D(2026, 3, 1), "en", "weekend", id="weekend-en"),
        pytest.param(D(2026, 3, 1), "zh", "周末", id="weekend-zh"),
        pytest.param(D(2026, 3, 2), "en", None, id="working-none"),
        pytest.param(D(2026, 10, 10), "en", None, id="make-up-none"),
    ],
)
def test_rest_reason(day: dt.date, lang: str, reason: str | None) -> None:
    """A rest day's reason names the holiday, or the weekend; a working day has none."""
    assert CAL.rest_reason(day, lang=lang) == reason


def test_next_working_day_skips_national_day() -> None:
    """The next working day after a day in the National Day holiday is 2026-10-08."""
    assert CAL.next_working_day(D(2026, 9, 30)) == D(2026, 10, 8)
    assert CAL.next_working_day(D(2026, 10, 5)) == D(2026, 10, 8)
    assert CAL.next_working_day(D(2026, 10, 8)) == D(2026, 10, 9)


def test_working_days_after_counts_make_up_days() -> None:
    """Three working days after 2026-09-30 end on the make-up Saturday 2026-10-10."""
    assert CAL.working_days_after(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert CAL.working_days_after(D(2026, 9, 30), 0) == D(2026, 9, 30)


def test_working_days_after_crosses_years() -> None:
    """Counting working days crosses a year boundary inside the covered years."""
    start = D(2024, 12, 20)
    end = CAL.working_days_after(start, 300)
    days = [start + dt.timedelta(i) for i in range(1, (end - start).days + 1)]
    assert sum(CAL.is_working_day(d) for d in days) == 300
    assert CAL.is_working_day(end)


def test_gap_error_names_the_year() -> None:
    """A day in an uncovered year raises CalendarGapError naming the year and the coverage."""
    with pytest.raises(CalendarGapError) as info:
        CAL.is_working_day(D(2027, 1, 4))
    assert info.value.year == 2027
    assert info.value.diagnostics[0].code == "LNV301"
    message = info.value.diagnostics[0].message
    assert "2027" in message and "2004–2026" in message and "--calendar" in message


def test_working_days_after_runs_into_gap() -> None:
    """Counting past the last covered year raises for the first missing year."""
    with pytest.raises(CalendarGapError) as info:
        CAL.working_days_after(D(2026, 12, 1), 40)
    assert info.value.year == 2027


def test_gap_error_pickles() -> None:
    """CalendarGapError survives pickling (engines may run in other processes)."""
    err = pickle.loads(pickle.dumps(CalendarGapError(2027, "2004–2026")))
    assert err.year == 2027 and "2027" in str(err)


@settings(max_examples=60, deadline=None)
@given(year=uncovered_years(), data=st.data())
def test_every_uncovered_year_raises(year: int, data: st.DataObject) -> None:
    """Every calendar query about a day in an uncovered year raises, naming that year."""
    day = data.draw(st.dates(D(year, 1, 1), D(year, 12, 31)))
    for query in (CAL.is_working_day, CAL.is_rest_day, CAL.rest_reason, CAL.next_working_day):
        with pytest.raises(CalendarGapError) as info:
            query(day)
        assert info.value.year == year
        assert str(year) in info.value.diagnostics[0].message


def test_from_file_loads_a_year(file_2027: Path) -> None:
    """A user file adds its year; weekends are off unless listed as make-up working days."""
    cal = WorkCalendar.from_file(file_2027)
    assert cal.years == (2027,)
    assert cal.rest_reason(D(2027, 2, 10)) == "Spring Festival"
    assert cal.rest_reason(D(2027, 2, 10), lang="zh") == "春节"
    assert cal.is_working_day(D(2027, 2, 20))  # an EXAMPLE make-up Saturday
    assert cal.is_rest_day(D(2027, 2, 27))  # an ordinary Saturday
    assert cal.is_working_day(D(2027, 1, 4))
    assert "cal2027.toml" in cal.describe()


def test_merged_adds_years_and_other_wins(file_2027: Path) -> None:
    """Merging adds the other's years and its version of a shared year wins."""
    merged = CAL.merged(WorkCalendar.from_file(file_2027))
    assert merged.years == tuple(range(2004, 2028))
    assert merged.is_rest_day(D(2027, 2, 8))
    assert "cal2027.toml" in merged.describe() and "2004–2027" in merged.describe()
    plain_2026 = WorkCalendar.from_tables([YearTable(2026, (), ())], source="test")
    overridden = CAL.merged(plain_2026)
    assert overridden.is_working_day(D(2026, 10, 5))  # a Monday, no holiday any more
    assert CAL.is_rest_day(D(2026, 10, 5))  # the original is unchanged


def test_fingerprint_is_stable_and_data_sensitive(file_2027: Path) -> None:
    """The fingerprint depends on the data only, not on object identity or sources."""
    assert CAL.fingerprint() == WorkCalendar.bundled().fingerprint()
    merged = CAL.merged(WorkCalendar.from_file(file_2027))
    assert merged.fingerprint() != CAL.fingerprint()
    again = WorkCalendar.from_tables(CAL.tables, source="copy")
    assert again.fingerprint() == CAL.fingerprint()
    assert again == CAL and hash(again) == hash(CAL)


@settings(max_examples=40, deadline=None)
@given(table=year_tables())
def test_file_round_trip_synthetic(
    table: YearTable, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A calendar written to a file and read back has the same year table."""
    cal = WorkCalendar.from_tables([table], source="generated")
    path = tmp_path_factory.mktemp("cal") / "cal.toml"
    path.write_text(cal.to_toml(), encoding="utf-8")
    back = WorkCalendar.from_file(path)
    assert back.table(table.year) == table
    assert back.fingerprint() == cal.fingerprint()


@settings(max_examples=23, deadline=None)
@given(year=st.integers(min_value=FIRST_COVERED, max_value=LAST_COVERED))
def test_file_round_trip_bundled(year: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each bundled year written to a file and read back equals the bundled year."""
    path = tmp_path_factory.mktemp("cal") / f"cal{year}.toml"
    path.write_text(CAL.to_toml([year]), encoding="utf-8")
    assert WorkCalendar.from_file(path).table(year) == CAL.table(year)


def test_thread_safe_queries() -> None:
    """Concurrent queries on one calendar agree with sequential ones."""
    days = [D(2026, 1, 1) + dt.timedelta(i) for i in range(365)]
    expected = [CAL.is_working_day(d) for d in days]
    results: list[list[bool]] = []

    def work() -> None:
        results.append([CAL.is_working_day(d) for d in days])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


BAD_FILES = [
    pytest.param("[[year]\nyear = 2027\n", "line 1", id="toml-syntax"),
    pytest.param("format = 1\n", "no [[year]]", id="no-year"),
    pytest.param("[[year]]\nyear = '2027'\n", "year", id="year-not-int"),
    pytest.param(
        "[[year]]\nyear = 2027\n[[year.holiday]]\nname = 'X'\nfrom = 2028-01-01\nto = 2028-01-02\n",
        "not in 2027",
        id="date-outside-year",
    ),
    pytest.param(
        "[[year]]\nyear = 2027\n[[year.holiday]]\nname = 'X'\nfrom = 2027-01-03\nto = 2027-01-01\n",
        "before",
        id="range-backwards",
    ),
    pytest.param(
        "[[year]]\nyear = 2027\n[[year.holiday]]\nname = 'X'\ndays = [2027-01-01]\nwork = [2027-01-01]\n",
        "both",
        id="rest-and-work",
    ),
    pytest.param(
        "[[year]]\nyear = 2027\n[[year.holiday]]\nnmae = 'X'\ndays = [2027-01-01]\n",
        "name",
        id="misspelt-key",
    ),
    pytest.param(
        "[[year]]\nyear = 2027\n[[year]]\nyear = 2027\n",
        "twice",
        id="duplicate-year",
    ),
    pytest.param(
        "[[year]]\nyear = 2027\n[[year.holiday]]\nname = 'X'\ndays = ['2027-02-30']\n",
        "2027-02-30",
        id="bad-date-string",
    ),
]


@pytest.mark.parametrize(("text", "needle"), BAD_FILES)
def test_bad_file_is_a_diagnostic(text: str, needle: str, tmp_path: Path) -> None:
    """A malformed calendar file raises LnvideoError LNV302 naming the file and the problem."""
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LnvideoError) as info:
        WorkCalendar.from_file(path)
    diags = info.value.diagnostics
    assert diags and all(d.code == "LNV302" for d in diags)
    rendered = str(info.value)
    assert "bad.toml" in rendered
    assert needle in rendered


def test_bad_file_locates_the_line(tmp_path: Path) -> None:
    """A problem with a date is reported at the line that holds the date."""
    path = tmp_path / "bad.toml"
    path.write_text(
        "[[year]]\nyear = 2027\n[[year.holiday]]\nname = 'X'\ndays = [2028-01-01]\n",
        encoding="utf-8",
    )
    with pytest.raises(LnvideoError) as info:
        WorkCalendar.from_file(path)
    span = info.value.diagnostics[0].span
    assert span is not None and span.line == 5


def test_missing_file_is_a_diagnostic(tmp_path: Path) -> None:
    """A calendar file that cannot be read is LNV302, not an OSError."""
    with pytest.raises(LnvideoError) as info:
        WorkCalendar.from_file(tmp_path / "nope.toml")
    assert info.value.diagnostics[0].code == "LNV302"
    assert "nope.toml" in str(info.value)


def test_bundled_tables_are_fast() -> None:
    """Ten thousand working-day lookups take well under a second."""
    import time

    days = [D(2004, 1, 1) + dt.timedelta(i) for i in range(8000)]
    t0 = time.perf_counter()
    for d in days:
        CAL.is_working_day(d)
        CAL.working_days_after(d, 20)
    assert time.perf_counter() - t0 < 1.0
