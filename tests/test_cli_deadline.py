"""Tests for `lnvideo deadline` through `lnvideo.cli.main`."""

from __future__ import annotations

from pathlib import Path

import pytest

from lnvideo.cli import main

CAL_2027 = """\
# EXAMPLE dates only, not the real 2027 schedule
[[year]]
year = 2027

[[year.holiday]]
name = "New Year's Day"
name_zh = "元旦"
from = 2027-01-01
to = 2027-01-03
"""


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param(["--from", "2026-09-30", "--working-days", "3"], "2026-10-10", id="working"),
        pytest.param(["--from", "2026-09-05", "--days", "30"], "2026-10-08", id="extended"),
        pytest.param(
            ["--from", "2026-09-05", "--days", "30", "--no-extend"], "2026-10-05", id="no-extend"
        ),
        pytest.param(["--from", "2024-02-29", "--years", "1"], "2025-02-28", id="leap-year"),
        pytest.param(["--from", "2026-01-31", "--months", "1"], "2026-02-28", id="month-end"),
        pytest.param(
            ["--from", "2026-12-15", "--days", "30", "--no-extend"], "2027-01-14", id="no-cal"
        ),
    ],
)
def test_prints_last_day(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command prints the ISO last day and exits 0."""
    assert main(["deadline", *argv]) == 0
    out, err = capsys.readouterr()
    assert out == expected + "\n" and err == ""


def test_explain_prints_second_line(capsys: pytest.CaptureFixture[str]) -> None:
    """With --explain the reasoning follows on a second line."""
    assert main(["deadline", "--from", "2026-09-05", "--days", "30", "--explain"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "2026-10-08"
    assert "National Day" in lines[1] and "art. 203" in lines[1]


def test_explain_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """--lang zh explains in Chinese."""
    argv = ["deadline", "--from", "2026-09-05", "--days", "30", "--explain", "--lang", "zh"]
    assert main(argv) == 0
    assert "国庆节" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        pytest.param(["--from", "2026-12-15", "--days", "30"], "2027", id="uncovered-year"),
        pytest.param(["--from", "2026-13-01", "--days", "3"], "not a date", id="bad-date"),
        pytest.param(["--from", "2026-09-01", "--days", "-3"], "negative", id="negative"),
        pytest.param(["--from", "2026-09-01", "--days", "x"], "whole number", id="not-number"),
        pytest.param(["--from", "2026-09-01"], "one of", id="no-period"),
        pytest.param(["--days", "3"], "--from", id="no-start"),
        pytest.param(
            ["--from", "2026-09-01", "--days", "3", "--months", "1"], "only one", id="two-periods"
        ),
        pytest.param(
            ["--from", "2026-09-01", "--days", "3", "--calendar", "/nonexistent/cal.toml"],
            "cal.toml",
            id="missing-calendar",
        ),
    ],
)
def test_errors_are_one_line(
    argv: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every mistake exits 2 with one clear line on stderr and nothing on stdout."""
    assert main(["deadline", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert needle in err and "Traceback" not in err


def test_bad_calendar_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A calendar file with one problem gives one line naming the file and line."""
    path = tmp_path / "bad.toml"
    path.write_text("[[year]]\nyear = 2027\n[[year.holiday]]\nname = 'X'\ndays = [2028-01-01]\n")
    argv = ["deadline", "--from", "2026-09-01", "--days", "3", "--calendar", str(path)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert f"{path}:5" in err and "LNV302" in err


def test_calendar_file_makes_2027_computable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--calendar with a 2027 file lets 2026-12-15 + 30 days be counted."""
    path = tmp_path / "cal2027.toml"
    path.write_text(CAL_2027, encoding="utf-8")
    argv = ["deadline", "--from", "2026-12-15", "--days", "30", "--calendar", str(path)]
    assert main(argv) == 0
    assert capsys.readouterr().out == "2027-01-14\n"
