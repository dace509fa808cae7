"""Fuzz tests: whatever the input, the readers yield records or located diagnostics, never raise."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lnvideo.diagnostics import CATALOGUE, Diagnostic
from lnvideo.readers import build_record, group_by_site, read_jsonl, read_parquet_dir
from lnvideo.records import Camera, Event, Site
from lnvideo.schema import (
    CAMERA_FIELDS,
    EVENT_TYPES,
    SITE_FIELDS,
    all_event_field_names,
)
from lnvideo.source import Span

FIELD_NAMES = sorted(
    {*SITE_FIELDS, *CAMERA_FIELDS, *all_event_field_names(), "kind", "conty_code", "typ"}
)
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**200), max_value=2**200),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.text(max_size=2000).map(lambda s: s * 3),
    st.sampled_from(
        [
            "2026-03-02",
            "2026-03-01T20:00:00Z",
            "2026-02-30",
            "210102",
            "site",
            "camera",
            "event",
            *EVENT_TYPES,
            "hotel",
            "true",
            "",
            "1899-01-01",
            "9999-12-31T23:59:59-23:59",
        ]
    ),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
#: Objects shaped like records: a likely kind and type, random known and unknown fields.
record_like = st.fixed_dictionaries(
    {"kind": st.sampled_from(["site", "camera", "event", "other"]) | json_values},
    optional={
        "id": json_values,
        "site": json_values,
        "type": st.sampled_from(EVENT_TYPES) | json_values,
        "on": json_values,
    },
).flatmap(
    lambda base: st.dictionaries(
        st.sampled_from(FIELD_NAMES) | st.text(max_size=12), json_values, max_size=6
    ).map(lambda more: {**more, **base})
)


def _check_items(items: list[Any], source: str) -> None:
    for item in items:
        if isinstance(item, Diagnostic):
            assert item.code in CATALOGUE
            assert item.span is not None and item.span.source == source and item.span.line >= 1
            assert item.message
            item.render()
            json.dumps(item.to_json())
        else:
            assert isinstance(item, Site | Camera | Event)
            assert item.origin is not None and item.origin.source == source


def _read(data: str | bytes) -> list[Any]:
    stream: io.StringIO | io.BytesIO = (
        io.StringIO(data, newline="") if isinstance(data, str) else io.BytesIO(data)
    )
    items = list(read_jsonl(stream, name="fuzz.jsonl"))
    _check_items(items, "fuzz.jsonl")
    group_by_site(items)
    return items


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    """Arbitrary bytes give only records and located diagnostics."""
    _read(data)


@FUZZ
@given(st.text(max_size=2000))
def test_arbitrary_text_never_raises(text: str) -> None:
    """Arbitrary text gives only records and located diagnostics."""
    _read(text)


@FUZZ
@given(st.lists(json_values, max_size=8))
def test_json_values_of_any_shape_never_raise(values: list[Any]) -> None:
    """Valid JSON lines of any shape give one diagnostic-or-record group per line."""
    text = "\n".join(json.dumps(v) for v in values)
    items = _read(text)
    lines = {(i.span.line if isinstance(i, Diagnostic) else i.origin.line) for i in items}  # type: ignore[union-attr]
    assert lines <= set(range(1, len(values) + 1))


@FUZZ
@given(st.lists(record_like, min_size=1, max_size=8))
def test_records_with_random_fields_never_raise(objs: list[dict[str, Any]]) -> None:
    """Record-shaped objects with random fields never raise; every line is accounted for."""
    text = "\n".join(json.dumps(o, ensure_ascii=bool(len(o) % 2)) for o in objs)
    items = _read(text)
    for number in range(1, len(objs) + 1):
        here = [
            i
            for i in items
            if (i.span if isinstance(i, Diagnostic) else i.origin) == Span("fuzz.jsonl", number)
        ]
        records = [i for i in here if not isinstance(i, Diagnostic)]
        errors = [i for i in here if isinstance(i, Diagnostic) and i.is_error]
        # exactly one of: a record, or at least one error
        assert (len(records) == 1) != bool(errors)


@FUZZ
@given(st.lists(record_like, min_size=1, max_size=4), st.integers(0, 3))
def test_broken_json_never_raises(objs: list[dict[str, Any]], cut: int) -> None:
    """Truncated or spliced JSON lines are errors on their own lines only."""
    lines = [json.dumps(o) for o in objs]
    broken = [line[: max(1, len(line) - 1 - cut)] for line in lines]
    _read("\n".join(x for pair in zip(lines, broken, strict=True) for x in pair))


@FUZZ
@given(st.dictionaries(st.sampled_from(FIELD_NAMES), scalars, max_size=10))
def test_build_record_from_parquet_like_rows_never_raises(row: dict[str, Any]) -> None:
    """Rows as the Parquet reader passes them never raise, whatever the kind."""
    for kind in ("site", "camera", "event"):
        record, diags = build_record(kind, row, Span("t.parquet", 1))
        assert (record is None) == any(d.is_error for d in diags)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.text(max_size=5), st.none() | st.sampled_from(["210102", "x", "21"])),
        min_size=1,
        max_size=5,
    )
)
def test_parquet_random_rows_never_raise(
    tmp_path: Path, rows: list[tuple[str, str | None]]
) -> None:
    """A sites table with random ids and county codes yields records or row-located errors."""
    directory = tmp_path / str(abs(hash(tuple(rows))))
    directory.mkdir(exist_ok=True)
    pq.write_table(
        pa.table(
            {"id": [r[0] for r in rows], "county_code": pa.array([r[1] for r in rows], pa.string())}
        ),
        directory / "sites.parquet",
    )
    items = list(read_parquet_dir(directory))
    _check_items(items, str(directory / "sites.parquet"))
    assert len([i for i in items if isinstance(i, Site)]) <= len(rows)
