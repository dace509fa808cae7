"""The SQL compiler: sqlglot trees per dialect, calendar periods, and LNV402 for what a dialect lacks."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlglot

import lnvideo
from lnvideo.compile.to_sql import WHITESPACE, compile_ruleset, sample
from lnvideo.diagnostics import LnvideoError
from lnvideo.periods import Period, Unit
from lnvideo.semantics.texts import REASON_TEXTS

AS_OF = dt.date(2026, 11, 30)
RULES = lnvideo.load_rules()


@pytest.mark.parametrize("dialect", ["duckdb", "spark"], ids=["duckdb", "spark"])
def test_findings_query_parses_back(dialect: str) -> None:
    """The generated findings query is valid SQL of its dialect (sqlglot parses it back)."""
    q = compile_ruleset(RULES.ir, dialect, as_of=AS_OF)
    assert sqlglot.parse_one(q.findings_sql(), read=dialect) is not None
    assert q.rules[0] == "LN-3"


def test_periods_needed_by_the_pack() -> None:
    """The calendar table must hold 30 days and 3 working days (deadlines) and the retention minimums."""
    q = compile_ruleset(RULES.ir, "duckdb", as_of=AS_OF)
    assert set(q.periods) == {
        (Period(30, Unit.DAYS), True),
        (Period(3, Unit.WORKING_DAYS), True),
        (Period(1, Unit.YEARS), False),
        (Period(15, Unit.DAYS), False),
    }


def test_rule_text_is_never_spliced() -> None:
    """A message with a quote becomes an escaped SQL literal, not SQL text."""
    sql = sample(RULES.ir, "LN-12.1a", as_of=AS_OF)
    assert "Measures'' scope" in sql
    # working days are never computed in SQL (the calendar-gap reason's text names them)
    gap = REASON_TEXTS["gap"]["en"].split("{year}")
    code = sql.replace(gap[0], "").replace(gap[1], "")
    assert "lnv_calendar" in sql and "working" not in code


def test_whitespace_matches_python_strip() -> None:
    """`is present` trims exactly the characters Python's str.strip() removes."""
    assert all(c.isspace() for c in WHITESPACE) and "\u3000" in WHITESPACE


def test_exists_is_lnv402_on_spark() -> None:
    """A rule using `event ... where` as a condition cannot run on Spark: LNV402 at compile time."""
    text = (RULES.ir.sources.get(next(iter(RULES.ir.sources))) or "").replace(
        "requires site.training",
        "requires site.training or (exists event registration_filed as f where f.authority is present)",
    )
    custom = lnvideo.api.compile_sources({"measures.lnv": text})[0]
    assert custom is not None
    compile_ruleset(custom, "duckdb", as_of=AS_OF)
    with pytest.raises(LnvideoError) as err:
        compile_ruleset(custom, "spark", as_of=AS_OF)
    assert err.value.diagnostics[0].code == "LNV402"
    assert err.value.diagnostics[0].span is not None


def test_unknown_dialect() -> None:
    """An unknown dialect name is a user error, not a crash."""
    with pytest.raises(LnvideoError):
        compile_ruleset(RULES.ir, "oracle", as_of=AS_OF)
