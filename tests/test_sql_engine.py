"""What the DuckDB and Spark engines share (`engines.sql_engine`): one API, one calendar span."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lnvideo
from lnvideo.diagnostics import LnvideoError
from lnvideo.engines import sql_engine
from lnvideo.engines.duckdb_engine import DuckDBEngine
from lnvideo.engines.inputs import records_input
from lnvideo.engines.spark_engine import SparkEngine
from lnvideo.findings import Status
from lnvideo.records import Site

AS_OF = dt.date(2026, 10, 9)
days = st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31))
#: A date column's (min, max): both None for an empty column.
bound = st.none().map(lambda _: (None, None)) | st.tuples(days, days).map(
    lambda b: (min(b), max(b))
)


@given(st.lists(bound, max_size=6))
def test_every_day_covers_the_whole_span(
    bounds: list[tuple[dt.date | None, dt.date | None]],
) -> None:
    got = sql_engine.every_day(bounds, lambda: pytest.fail("the span is narrow"))
    lows = [lo for lo, _ in bounds if lo is not None]
    highs = [hi for _, hi in bounds if hi is not None]
    if not lows:
        assert got == set()
        return
    first, last = min(lows), max(highs)
    assert min(got) == first and max(got) == last
    assert len(got) == (last - first).days + 1


def test_every_day_falls_back_to_the_dates_present_for_a_wide_span() -> None:
    present = {dt.date(1900, 1, 1), dt.date(2100, 1, 1)}
    got = sql_engine.every_day([(dt.date(1900, 1, 1), dt.date(2100, 1, 1))], lambda: present)
    assert got == present


def test_counts_name_every_status() -> None:
    got = sql_engine.counts([("violated", 3)])
    assert got == {s.value: 3 if s is Status.VIOLATED else 0 for s in Status}


@pytest.mark.parametrize(
    ("engine", "option"), [(DuckDBEngine, "master"), (SparkEngine, "progress")]
)
def test_an_engine_refuses_the_other_engines_option(engine: type, option: str) -> None:
    rs = lnvideo.load_rules()
    with pytest.raises(TypeError, match=option):
        engine().summary(rs, [], as_of=AS_OF, **{option: None})


def test_write_refuses_an_unknown_format(tmp_path: object) -> None:
    with pytest.raises(LnvideoError, match="expected parquet or jsonl"):
        DuckDBEngine().write(lnvideo.load_rules(), [], "out.csv", as_of=AS_OF, fmt="csv")


def test_duckdb_takes_progress_and_reads_counties() -> None:
    seen: list[tuple[float, float]] = []
    eng = DuckDBEngine()
    site = Site(id="S1", county_code="210102", has_system=True, in_use_on=dt.date(2026, 9, 5))
    found = list(eng.findings_from_records(lnvideo.load_rules(), [site], as_of=AS_OF))
    assert any(f.rule == "LN-12.1a" and f.status is Status.VIOLATED for f in found)
    assert eng.county_of == {"S1": "210102"}
    inp = records_input([site])
    counts = eng.summary(
        lnvideo.load_rules(), inp, as_of=AS_OF, progress=lambda d, t: seen.append((d, t))
    )
    assert counts["violated"] >= 1
    assert seen[-1] == (100.0, 100.0)
