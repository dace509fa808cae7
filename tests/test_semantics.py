"""The semantics table: one declaration of each built-in, read by the checker and both compilers."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lnvideo
from lnvideo import semantics
from lnvideo.api import compile_sources
from lnvideo.cli import main
from lnvideo.compile.to_python import _lateness
from lnvideo.records import Event, Site
from lnvideo.semantics.texts import late_text

RULES = lnvideo.load_rules()
SH = dt.timezone(dt.timedelta(hours=8))


def _suspicious(on: dt.datetime, reported: dt.datetime | None, lang: str = "en") -> object:
    site = Site(id="S1", county_code="210102")
    ev = Event(
        site="S1", type="suspicious_observed", on=on.date(), on_at=on, id="E1", reported_on=reported
    )
    report = RULES.check_site(site, events=[ev], as_of=dt.date(2026, 6, 10), lang=lang)
    return report.finding("LN-14.1.3r", "E1")


def test_a_report_one_hour_late_says_one_hour_in_english() -> None:
    """An hour-based deadline missed by an hour reports `1 hour late`, never `0 days late`."""
    f = _suspicious(dt.datetime(2026, 6, 1, 10, tzinfo=SH), dt.datetime(2026, 6, 2, 11, tzinfo=SH))
    assert f.status.value == "violated"
    text = " | ".join(f.explanation.reasons)
    assert "1 hour late" in text and "0 days" not in text


def test_a_report_one_hour_late_says_one_hour_in_chinese() -> None:
    """The Chinese reason says 逾期1小时."""
    f = _suspicious(
        dt.datetime(2026, 6, 1, 10, tzinfo=SH), dt.datetime(2026, 6, 2, 11, tzinfo=SH), "zh"
    )
    text = " | ".join(f.explanation.reasons)
    assert "逾期1小时" in text and "逾期0日" not in text


def test_late_by_days_still_counts_days() -> None:
    """A day-based deadline keeps counting days."""
    site = Site(id="S1", county_code="210102", has_system=True, in_use_on=dt.date(2026, 9, 5))
    filed = Event(
        site="S1", type="registration_filed", on=dt.date(2026, 10, 12), id="R1", authority="210102"
    )
    report = RULES.check_site(site, events=[filed], as_of=dt.date(2026, 11, 1))
    f = report.finding("LN-12.1a", "S1")
    assert f.status.value == "violated"
    assert any("4 days late" in r for r in f.explanation.reasons)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (dt.date(2026, 7, 31), "2026-07-31"),
        (dt.datetime(2026, 7, 31, 9, 30, tzinfo=SH), "2026-07-31T09:30:00+08:00"),
        (True, "true"),
        (False, "false"),
        (15, "15"),
        ("210102", '"210102"'),
        (("GB/T 28181",), '["GB/T 28181"]'),
        (None, "missing"),
    ],
)
def test_values_are_shown_as_the_rule_language_writes_them(value: object, shown: str) -> None:
    """`semantics.show` never gives a Python repr."""
    assert semantics.show(value) == shown


def test_title_placeholder_is_accepted_by_the_checker() -> None:
    """`{title}` renders in both compilers, so the checker accepts it in a message."""
    assert "title" in semantics.PLACEHOLDER_FIXED
    src = RULES.ir.sources
    path = next(iter(src))
    text = src[path].replace(
        'message en "A suspicious matter seen {event.on}',
        'message en "{title}: a suspicious matter seen {event.on}',
    )
    assert text != src[path]
    ruleset, diags = compile_sources({**src, path: text})
    assert ruleset is not None, [str(d) for d in diags if d.is_error]


def test_every_comparison_has_python_and_sql_forms() -> None:
    """Each comparison operator is one entry with both lowerings and its mirror."""
    for symbol, op in semantics.COMPARISONS.items():
        assert op.symbol == symbol
        assert semantics.COMPARISONS[op.flipped].flipped == symbol
        assert op.sql is not None and callable(op.python)


def test_verdicts_cover_every_two_valued_requirement() -> None:
    """requires/permits/forbids/in scope each say what true and false mean."""
    assert semantics.VERDICTS["Forbids"] == ("violated", "satisfied")
    assert semantics.VERDICTS["InScope"] == ("satisfied", "not_applicable")


def test_every_text_has_english_and_chinese() -> None:
    """Status, reason and note texts are given in both languages."""
    for table in (semantics.STATUS_TEXTS, semantics.REASON_TEXTS, semantics.NOTE_TEXTS):
        for key, texts in table.items():
            assert set(texts) >= {"en", "zh"}, key


def test_lnvideo_test_shows_facts_as_the_rule_language_writes_them(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A failed expectation lists its facts with ISO dates, never `datetime.date(...)`."""
    pack = tmp_path / "local.lnv"
    pack.write_text(
        'pack local version "1" extends liaoning precedence 10\n\n'
        'example "wrong on purpose" as of 2026-11-30\n'
        '  site S1 {county_code: "210102", has_system: true, in_use_on: 2026-09-05}\n'
        "  expect LN-12.1a satisfied for site S1\n",
        encoding="utf-8",
    )
    main(["test", str(pack)])
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "fact: site.in_use_on = 2026-09-05" in text, text
    assert "datetime" not in text


@given(
    due=st.datetimes(
        min_value=dt.datetime(2008, 1, 1),
        max_value=dt.datetime(2030, 12, 31),
        timezones=st.just(SH),
    ),
    late_by=st.timedeltas(min_value=dt.timedelta(seconds=1), max_value=dt.timedelta(days=40)),
)
def test_hours_late_is_the_number_of_started_hours(due: dt.datetime, late_by: dt.timedelta) -> None:
    """A report `late_by` after an hour-based due is late by the hours begun since the due."""
    n, unit = _lateness(due + late_by, due)
    assert unit == "hours"
    assert dt.timedelta(hours=n - 1) < late_by <= dt.timedelta(hours=n)
    assert late_text(n, unit, "en") == f"{n} hour{'s' if n != 1 else ''} late"
    assert late_text(n, unit, "zh") == f"逾期{n}小时"


@given(
    due=st.dates(min_value=dt.date(2008, 1, 1), max_value=dt.date(2030, 12, 31)),
    days=st.integers(min_value=1, max_value=4000),
)
def test_days_late_counts_calendar_days(due: dt.date, days: int) -> None:
    """A day-based lateness is the number of calendar days after the due."""
    assert _lateness(due + dt.timedelta(days=days), due) == (days, "days")


def test_every_gate_is_tested_by_both_compilers() -> None:
    """A gate declared in semantics.GATES has a Python test and an SQL form, and a reason text."""
    import datetime as _dt

    from lnvideo.compile import to_python
    from lnvideo.compile.dialects import DIALECTS
    from lnvideo.compile.to_sql import SqlCompiler

    sql = SqlCompiler(RULES.ir, DIALECTS["duckdb"], as_of=_dt.date(2026, 11, 30), lang="en")
    for gate in semantics.GATES:
        if gate.name != "scope":
            assert gate.name in to_python._GATE_TESTS
            assert gate.reason in semantics.REASON_TEXTS
        # an event rule of the Measures: in force from 2008-01-01 (the event's date), area 21
        rule = RULES.ir.rule("LN-12.1b")
        assert rule is not None
        got = sql.gate(gate.name, rule)
        assert got is not None, gate.name
        holds, status, why, _ = got
        assert holds is not None and status is not None and why is not None
