"""Tests for lnvideo.readers: JSONL and Parquet records, located errors, bundles, writing."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_records import cameras, events, records, sites

from lnvideo.diagnostics import CATALOGUE, Diagnostic, Level
from lnvideo.readers import (
    SiteBundle,
    group_by_site,
    read_jsonl,
    read_parquet_dir,
    read_records,
    write_jsonl,
)
from lnvideo.records import Camera, Event, Site
from lnvideo.source import Span

DATA = Path(__file__).parent / "data" / "records"


def split(items: list[Any]) -> tuple[list[Site | Camera | Event], list[Diagnostic]]:
    recs = [x for x in items if not isinstance(x, Diagnostic)]
    diags = [x for x in items if isinstance(x, Diagnostic)]
    return recs, diags


def read_text(text: str, name: str = "in.jsonl") -> tuple[list[Any], list[Diagnostic]]:
    return split(list(read_jsonl(io.StringIO(text), name=name)))


def one_line(obj: object) -> tuple[list[Any], list[Diagnostic]]:
    text = obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False)
    return read_text(text + "\n")


# --- good input --------------------------------------------------------------------------


def test_good_file_reads_every_record() -> None:
    """A valid file yields one record per non-blank line and no diagnostics."""
    recs, diags = split(list(read_jsonl(DATA / "good.jsonl")))
    assert diags == []
    assert [r.kind for r in recs] == ["site", "site", "camera", "camera"] + ["event"] * 8
    assert [r.origin.line for r in recs if r.origin] == [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    assert all(r.origin and r.origin.source == str(DATA / "good.jsonl") for r in recs)


def test_good_site_fields_are_typed() -> None:
    """Site fields get their schema types; null is absent; lists are tuples; unknown fields go to extra."""
    site = next(r for r in read_jsonl(DATA / "good.jsonl") if isinstance(r, Site))
    assert site == Site(
        id="S1",
        name="沈阳站广场",
        county_code="210102",
        place_category="square",
        designated=False,
        has_system=True,
        builder_kind="government",
        national_security=False,
        in_use_on=dt.date(2026, 3, 2),
        project_kind="new",
        main_project_in_use_on=dt.date(2026, 3, 1),
        captures_private_info=True,
        privacy_safeguards=("masking",),
        standards=("GB 50348", "GA/T 669"),
        government_invested=True,
        price_marked=True,
        retention_days=30,
        training=True,
        inspection_maintenance=True,
        emergency_response=True,
        duty_monitoring=True,
        access_log=True,
        om_outsourced=False,
        om_contract_security_terms=None,
    )
    assert site.extra == {"vendor_note": "kept"}
    assert site.origin == Span(str(DATA / "good.jsonl"), 1)


def test_good_events_keep_instants() -> None:
    """An event `on` datetime keeps its instant in `on_at`; a bare date has none."""
    evs = [r for r in read_jsonl(DATA / "good.jsonl") if isinstance(r, Event)]
    by_type = {e.type: e for e in evs}
    assert by_type["registration_filed"].on_at is None
    changed = by_type["system_changed"]
    assert changed.id == "CH1" and changed.on == dt.date(2026, 4, 1)
    assert changed.on_at is not None and changed.on_at.isoformat() == "2026-04-01T10:00:00+08:00"
    assert by_type["camera_changed"].change == "position"
    assert by_type["footage_deleted"].recorded_on == dt.date(2026, 4, 1)


def test_utc_late_evening_is_next_local_day() -> None:
    """An event at 20:00 UTC falls on the next Asia/Shanghai local day."""
    ev = [r for r in read_jsonl(DATA / "good.jsonl") if isinstance(r, Event)][-1]
    assert ev.type == "suspicious_observed"
    assert ev.on == dt.date(2026, 3, 2)
    assert ev.on_at is not None and ev.on_at.isoformat() == "2026-03-02T04:00:00+08:00"
    assert ev.reported_on is not None
    assert ev.reported_on - ev.on_at == dt.timedelta(hours=4)


def test_bare_date_reported_on_is_local_midnight() -> None:
    """A `reported_on` given as a bare date is 00:00 Asia/Shanghai that day."""
    recs, diags = one_line(
        {
            "kind": "event",
            "site": "S",
            "type": "suspicious_observed",
            "on": "2026-03-01",
            "reported_on": "2026-03-02",
        }
    )
    assert diags == []
    assert recs[0].reported_on.isoformat() == "2026-03-02T00:00:00+08:00"


def test_bom_and_crlf_are_tolerated() -> None:
    """A UTF-8 byte-order mark and CRLF line ends do not disturb reading."""
    recs, diags = split(list(read_jsonl(DATA / "bom_crlf.jsonl")))
    assert diags == []
    assert [r.id for r in recs] == ["BOM", "CRLF"]


def test_read_jsonl_accepts_binary_stream() -> None:
    """A binary stream is decoded as UTF-8 line by line."""
    stream = io.BytesIO('{"kind": "site", "id": "站"}\n'.encode())
    recs, diags = split(list(read_jsonl(stream, name="b.jsonl")))
    assert [r.id for r in recs] == ["站"] and diags == []


# --- errors: one per code, with the exact message shape ----------------------------------

SITE = {"kind": "site", "id": "S1"}
EVENT = {"kind": "event", "site": "S1", "type": "footage_accessed", "on": "2026-03-02"}

ERROR_CASES: list[tuple[str, object, str, str | None, str, str | None]] = [
    # id, line, code, field, message, hint (substring)
    (
        "invalid-json",
        '{"kind": "site", "id": }',
        "LNV001",
        None,
        "expected a JSON object, found invalid JSON (Expecting value at column 24)",
        "one complete JSON object",
    ),
    (
        "nan",
        '{"kind": "site", "id": "S1", "retention_days": NaN}',
        "LNV001",
        None,
        "expected a JSON object, found invalid JSON (NaN is not a JSON number)",
        None,
    ),
    ("not-object", "[1, 2]", "LNV002", None, "expected a JSON object, found a list", None),
    (
        "string-line",
        '"site"',
        "LNV002",
        None,
        'expected a JSON object, found the string "site"',
        None,
    ),
    (
        "no-kind",
        {"id": "S1"},
        "LNV003",
        "kind",
        "record has no `kind`; expected one of site, camera, event",
        '"kind": "site"',
    ),
    (
        "bad-kind",
        {"kind": "sites", "id": "S1"},
        "LNV003",
        "kind",
        'field `kind`: expected one of site, camera, event, found the string "sites"',
        "did you mean `site`?",
    ),
    (
        "no-id",
        {"kind": "site", "name": "x"},
        "LNV004",
        "id",
        "site: required field `id` is missing; expected a string",
        "every site record needs `id`",
    ),
    (
        "no-on",
        {"kind": "event", "site": "S1", "type": "footage_accessed"},
        "LNV004",
        "on",
        'event of site "S1": required field `on` is missing; expected an ISO 8601 date',
        None,
    ),
    (
        "int-as-string",
        {**SITE, "retention_days": "15"},
        "LNV005",
        "retention_days",
        'site "S1": field `retention_days`: expected a non-negative whole number, '
        'found the string "15"',
        "without quotes",
    ),
    (
        "bool-as-int",
        {**SITE, "retention_days": True},
        "LNV005",
        "retention_days",
        "expected a non-negative whole number, found `true`",
        None,
    ),
    (
        "float-as-int",
        {**SITE, "retention_days": 15.0},
        "LNV005",
        "retention_days",
        "expected a non-negative whole number, found the number 15.0",
        None,
    ),
    (
        "negative-int",
        {**SITE, "retention_days": -1},
        "LNV005",
        "retention_days",
        "expected a non-negative whole number up to 9223372036854775807, found the number -1",
        None,
    ),
    (
        "huge-int",
        {**SITE, "retention_days": 2**64},
        "LNV005",
        "retention_days",
        "found the number 18446744073709551616",
        None,
    ),
    (
        "very-huge-int",
        {**SITE, "retention_days": 10**100},
        "LNV005",
        "retention_days",
        "found a number of about 101 digits",
        None,
    ),
    (
        "bool-as-string",
        {**SITE, "designated": "true"},
        "LNV005",
        "designated",
        'expected `true` or `false`, found the string "true"',
        "write true or false",
    ),
    (
        "list-as-string",
        {**SITE, "standards": "GB 50348"},
        "LNV005",
        "standards",
        'expected a list of strings, found the string "GB 50348"',
        '["GB 50348"]',
    ),
    (
        "list-item",
        {**SITE, "standards": ["GB 50348", 7]},
        "LNV005",
        "standards",
        "expected a list of strings (item 2 is the number 7), found a list",
        None,
    ),
    ("empty-id", {"kind": "site", "id": " "}, "LNV005", "id", "expected a non-empty string", None),
    (
        "id-number",
        {"kind": "site", "id": 5},
        "LNV005",
        "id",
        "field `id`: expected a string, found the number 5",
        None,
    ),
    (
        "bad-date",
        {**SITE, "in_use_on": "2026-02-30"},
        "LNV006",
        "in_use_on",
        'site "S1": field `in_use_on`: expected an ISO 8601 date like 2026-03-02, '
        'found the string "2026-02-30"',
        "day is out of range for month",
    ),
    (
        "date-as-number",
        {**SITE, "in_use_on": 20260302},
        "LNV006",
        "in_use_on",
        "found the number 20260302",
        "as a string",
    ),
    (
        "bad-on",
        {**EVENT, "on": "03/02/2026"},
        "LNV006",
        "on",
        'event of site "S1": field `on`: expected an ISO 8601 date like 2026-03-02 or datetime '
        'like 2026-03-02T09:30:00+08:00, found the string "03/02/2026"',
        "YYYY-MM-DD",
    ),
    (
        "old-year",
        {**SITE, "in_use_on": "1899-01-01"},
        "LNV006",
        "in_use_on",
        'found the string "1899-01-01"',
        "year must be between 1900 and 2200",
    ),
    (
        # place_category is open to the packs' words (SPEC §8): tests/test_layered.py
        "bad-enum",
        {**SITE, "project_kind": "rebuit"},
        "LNV007",
        "project_kind",
        'field `project_kind`: expected one of new, rebuilt, expanded, found the string "rebuit"',
        "did you mean `rebuilt`?",
    ),
    (
        "bad-builder",
        {**SITE, "builder_kind": "Government"},
        "LNV007",
        "builder_kind",
        'expected one of government, unit, individual, found the string "Government"',
        "did you mean `government`?",
    ),
    (
        "bad-camera-change",
        {**EVENT, "type": "camera_changed", "change": "angle"},
        "LNV007",
        "change",
        'expected one of purpose, position, found the string "angle"',
        "allowed: purpose, position",
    ),
    (
        "unknown-type",
        {**EVENT, "type": "footage_acessed"},
        "LNV008",
        "type",
        'event of site "S1": field `type`: expected a known event type, '
        'found the string "footage_acessed"',
        "did you mean `footage_accessed`?",
    ),
    (
        "type-number",
        {**EVENT, "type": 3},
        "LNV005",
        "type",
        "field `type`: expected an event type word, found the number 3",
        "registration_filed",
    ),
    (
        "county-number",
        {**SITE, "county_code": 210102},
        "LNV013",
        "county_code",
        "field `county_code`: expected a 6-digit county code as a string, found the number 210102",
        'as a string, e.g. "210102"',
    ),
    (
        "county-short",
        {**SITE, "county_code": "21010"},
        "LNV013",
        "county_code",
        'expected a county code of exactly 6 digits, found the string "21010"',
        None,
    ),
    (
        "county-fullwidth",
        {**SITE, "county_code": "２１０１０２"},
        "LNV013",
        "county_code",
        "expected a county code of exactly 6 digits",
        None,
    ),
    (
        "authority-bad",
        {**EVENT, "type": "registration_filed", "authority": "x"},
        "LNV013",
        "authority",
        'found the string "x"',
        None,
    ),
]


@pytest.mark.parametrize(
    ("line", "code", "field", "message", "hint"),
    [c[1:] for c in ERROR_CASES],
    ids=[c[0] for c in ERROR_CASES],
)
def test_error_is_located_and_explained(
    line: object, code: str, field: str | None, message: str, hint: str | None
) -> None:
    """A bad record yields a located error naming the field, expected and found, and no record."""
    recs, diags = one_line(line)
    assert recs == []
    errors = [d for d in diags if d.is_error]
    assert len(errors) == 1, [d.render() for d in diags]
    d = errors[0]
    assert d.code == code
    assert code in CATALOGUE
    assert d.span is not None and d.span.source == "in.jsonl" and d.span.line == 1
    assert d.field == field
    assert message in d.message
    if hint is not None:
        assert d.hint is not None and hint in d.hint


def test_every_input_code_is_exercised() -> None:
    """The error cases above cover every record-level error code of the catalogue."""
    covered = {c[2] for c in ERROR_CASES}
    assert {
        "LNV001",
        "LNV002",
        "LNV003",
        "LNV004",
        "LNV005",
        "LNV006",
        "LNV007",
        "LNV008",
        "LNV013",
    } <= covered


def test_json_error_column_points_at_the_problem() -> None:
    """A JSON syntax error is located at its column."""
    _, diags = one_line('  {"kind": "site", "id": }')
    assert diags[0].span == Span("in.jsonl", 1, 26)


def test_several_errors_in_one_record_are_all_reported() -> None:
    """Every bad field of a record is reported, not only the first."""
    recs, diags = one_line({**SITE, "county_code": 1, "retention_days": "x", "in_use_on": "x"})
    assert recs == []
    assert sorted(d.field or "" for d in diags) == ["county_code", "in_use_on", "retention_days"]


def test_bad_line_between_good_lines_keeps_the_good_ones() -> None:
    """A bad record between good ones is reported and the good ones are still read."""
    recs, diags = split(list(read_jsonl(DATA / "mixed.jsonl")))
    assert [r.id for r in recs] == ["S1", "S3"]
    assert [(d.code, d.span.line if d.span else 0) for d in diags] == [("LNV013", 2)]


def test_garbage_lines_do_not_stop_reading() -> None:
    """Invalid JSON, invalid UTF-8 and non-objects each yield an error and reading goes on."""
    data = b'{"kind": "site", "id": "A"}\n\xff\xfe\n{oops\n42\n\n   \n{"kind": "site", "id": "B"}\n'
    recs, diags = split(list(read_jsonl(io.BytesIO(data), name="g.jsonl")))
    assert [r.id for r in recs] == ["A", "B"]
    assert [(d.code, d.span.line if d.span else 0) for d in diags] == [
        ("LNV001", 2),
        ("LNV001", 3),
        ("LNV002", 4),
    ]
    assert recs[1].origin == Span("g.jsonl", 7)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    """A pathologically nested line is invalid JSON, not a RecursionError."""
    _, diags = one_line("[" * 100_000 + "]" * 100_000)
    assert [d.code for d in diags] == ["LNV001"]


# --- unknown fields ----------------------------------------------------------------------


def test_near_miss_field_warns_and_keeps_record() -> None:
    """A field that looks like a misspelling of a known one is a warning; the record is read."""
    recs, diags = one_line({**SITE, "conty_code": "210102"})
    assert [r.id for r in recs] == ["S1"]
    assert recs[0].county_code is None and recs[0].extra == {"conty_code": "210102"}
    (d,) = diags
    assert (d.code, d.level, d.field) == ("LNV012", Level.WARNING, "conty_code")
    assert d.hint == "did you mean `county_code`?"
    assert "`conty_code` looks like a misspelling of `county_code`" in d.message


def test_unknown_field_is_kept_silently() -> None:
    """A field unlike any known one is kept in `extra` without a diagnostic."""
    recs, diags = one_line({**SITE, "vendor": {"a": [1, 2]}})
    assert diags == [] and recs[0].extra == {"vendor": {"a": [1, 2]}}


def test_field_of_another_event_type_warns_and_is_kept() -> None:
    """A known field of another event type is warning LNV014 and stays in `extra`."""
    recs, diags = one_line({**EVENT, "authority": "210102", "to": 5})
    assert len(recs) == 1
    assert recs[0].authority is None
    assert recs[0].extra == {"authority": "210102", "to": 5}
    assert [(d.code, d.field) for d in diags] == [("LNV014", "authority"), ("LNV014", "to")]
    assert "`registration_filed` and `change_reported` events" in (diags[0].hint or "")


def test_nulls_are_absent() -> None:
    """A null, even in a required field's place or an unknown field, means absent."""
    recs, diags = one_line({**SITE, "name": None, "conty_code": None})
    assert diags == [] and recs[0].name is None and recs[0].extra == {}
    _, diags = one_line({"kind": "site", "id": None})
    assert [d.code for d in diags] == ["LNV004"]


def test_open_enum_place_accepts_any_word() -> None:
    """`place` takes any string; a non-string is a type error."""
    recs, _ = one_line({"kind": "camera", "id": "C", "site": "S", "place": "lobby"})
    assert recs[0].place == "lobby"
    _, diags = one_line({"kind": "camera", "id": "C", "site": "S", "place": 1})
    assert [(d.code, d.field) for d in diags] == [("LNV005", "place")]


# --- grouping and orphans ----------------------------------------------------------------


def test_orphans_and_duplicates_are_located() -> None:
    """Orphan cameras/events are LNV009 at their line with a near site; a second site id is LNV010."""
    bundles, diags = group_by_site(read_jsonl(DATA / "orphans.jsonl"))
    assert [b.site.id for b in bundles] == ["SITE-001"]
    assert bundles[0].site.name is None
    assert len(bundles[0].events) == 1 and bundles[0].cameras == ()
    got = [(d.code, d.span.line if d.span else 0, d.field) for d in diags]
    assert got == [("LNV009", 2, "site"), ("LNV009", 3, "site"), ("LNV010", 5, "id")]
    assert diags[0].hint == "did you mean `SITE-001`?"
    assert diags[0].message == (
        'camera "C1": field `site`: expected the id of a site in the input, found "SITE-01"'
    )
    assert "add the site record" in (diags[1].hint or "")
    assert "orphans.jsonl:1:1" in diags[2].message


def test_group_keeps_site_order_and_sorts_events() -> None:
    """Bundles follow site input order; events are sorted by (on, on_at), date-only first."""
    day = dt.date(2026, 3, 2)
    at = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)
    recs: list[Site | Camera | Event] = [
        Site("B"),
        Event("A", "footage_accessed", day, at, id="late"),
        Site("A"),
        Event("A", "footage_accessed", day, None, id="dateonly"),
        Event("A", "footage_accessed", dt.date(2026, 3, 1), None, id="first"),
        Camera("C1", "A"),
    ]
    bundles, diags = group_by_site(recs)
    assert diags == []
    assert [b.site.id for b in bundles] == ["B", "A"]
    assert [e.id for e in bundles[1].events] == ["first", "dateonly", "late"]
    assert bundles[1].cameras == (Camera("C1", "A"),)
    assert isinstance(bundles[0], SiteBundle) and bundles[0].events == ()


def test_group_reports_duplicate_cameras_and_event_ids() -> None:
    """A camera id seen twice, or an event id seen twice within a site, is LNV010."""
    day = dt.date(2026, 3, 2)
    recs: list[Site | Camera | Event] = [
        Site("S"),
        Camera("C", "S"),
        Camera("C", "S"),
        Event("S", "system_changed", day, id="E"),
        Event("S", "system_changed", day, id="E"),
        Event("S", "system_changed", day),
        Event("S", "system_changed", day),
    ]
    bundles, diags = group_by_site(recs)
    assert [d.code for d in diags] == ["LNV010", "LNV010"]
    assert len(bundles[0].cameras) == 1 and len(bundles[0].events) == 3


def test_group_passes_diagnostics_through() -> None:
    """Diagnostics in the input come out in the diagnostics list, first."""
    bad = Diagnostic("LNV001", "x", Span("f", 1))
    bundles, diags = group_by_site([bad, Site("S")])
    assert diags == [bad] and len(bundles) == 1


# --- read_records --------------------------------------------------------------------------


def test_read_records_missing_path_is_a_diagnostic() -> None:
    """A path that does not exist is LNV011, not an exception."""
    (d,) = list(read_records(["/no/such/dir/x.jsonl"]))
    assert isinstance(d, Diagnostic) and d.code == "LNV011"
    assert d.span == Span("/no/such/dir/x.jsonl", 1)
    assert "no such file or directory" in d.message


def test_read_records_stdin_and_directories(tmp_path: Path) -> None:
    """`-` reads the given stdin; a directory of JSONL files is read in name order."""
    (tmp_path / "b.jsonl").write_text('{"kind": "site", "id": "B"}\n', encoding="utf-8")
    (tmp_path / "a.jsonl").write_text('{"kind": "site", "id": "A"}\n', encoding="utf-8")
    stdin = io.StringIO('{"kind": "site", "id": "IN"}\n')
    recs, diags = split(list(read_records(["-", tmp_path], stdin=stdin)))
    assert diags == []
    assert [r.id for r in recs] == ["IN", "A", "B"]
    assert recs[0].origin == Span("<stdin>", 1)


def test_read_records_empty_dir_and_single_parquet(tmp_path: Path) -> None:
    """An empty directory and a lone Parquet file are LNV011 with a hint."""
    empty = tmp_path / "empty"
    empty.mkdir()
    lone = tmp_path / "x.parquet"
    pq.write_table(pa.table({"id": ["S"]}), lone)
    codes = [d.code for d in read_records([empty, lone]) if isinstance(d, Diagnostic)]
    assert codes == ["LNV011", "LNV011"]


def test_read_jsonl_on_a_directory_is_a_diagnostic(tmp_path: Path) -> None:
    """A path that cannot be read as a file is LNV011, not an exception."""
    (d,) = list(read_jsonl(tmp_path))
    assert isinstance(d, Diagnostic) and d.code == "LNV011"
    assert d.span == Span(str(tmp_path), 1)


# --- Parquet -------------------------------------------------------------------------------


def _write_parquet_dir(directory: Path, on: pa.Array) -> None:
    pq.write_table(
        pa.table(
            {
                "id": ["S1", "S2", "S3"],
                "county_code": ["210102", "21", None],
                "in_use_on": pa.array(
                    [dt.date(2026, 3, 2), None, dt.date(2020, 1, 1)], type=pa.date32()
                ),
                "standards": pa.array([["GB 50348"], None, []], type=pa.list_(pa.string())),
                "retention_days": pa.array([30, 15, None], type=pa.int64()),
                "has_system": [True, False, None],
            }
        ),
        directory / "sites.parquet",
    )
    pq.write_table(
        pa.table({"id": ["C1"], "site": ["S1"], "place": ["toilet"], "private_area": [None]}),
        directory / "cameras.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "site": ["S1", "S1"],
                "type": ["suspicious_observed", "footage_accessed"],
                "on": on,
                "reported_on": pa.array(
                    [dt.datetime(2026, 3, 1, 21, 0), None], type=pa.timestamp("us", tz="UTC")
                ),
                "by": pa.array([None, "officer"], type=pa.string()),
                "authority": pa.array([None, None], type=pa.string()),
            }
        ),
        directory / "events.parquet",
    )


ON_COLUMNS = [
    (
        "timestamp-utc",
        pa.array([dt.datetime(2026, 3, 1, 20, 0)] * 2, type=pa.timestamp("us", tz="UTC")),
        dt.date(2026, 3, 2),
        "2026-03-02T04:00:00+08:00",
    ),
    (
        "timestamp-naive",
        pa.array([dt.datetime(2026, 3, 1, 20, 0)] * 2, type=pa.timestamp("ms")),
        dt.date(2026, 3, 1),
        "2026-03-01T20:00:00+08:00",
    ),
    (
        "timestamp-shanghai",
        pa.array([dt.datetime(2026, 3, 1, 20, 0)] * 2, type=pa.timestamp("us", tz="Asia/Shanghai")),
        dt.date(2026, 3, 2),
        "2026-03-02T04:00:00+08:00",
    ),
    ("date32", pa.array([dt.date(2026, 3, 2)] * 2, type=pa.date32()), dt.date(2026, 3, 2), None),
    (
        "iso-string",
        pa.array(["2026-03-01T20:00:00Z"] * 2),
        dt.date(2026, 3, 2),
        "2026-03-02T04:00:00+08:00",
    ),
]


@pytest.mark.parametrize(
    ("on", "day", "at"), [c[1:] for c in ON_COLUMNS], ids=[c[0] for c in ON_COLUMNS]
)
def test_parquet_dir_reads_tables_and_locates_bad_rows(
    tmp_path: Path, on: pa.Array, day: dt.date, at: str | None
) -> None:
    """Parquet tables give the same records as JSONL; a bad row is located by file and row."""
    _write_parquet_dir(tmp_path, on)
    recs, diags = split(list(read_parquet_dir(tmp_path)))
    sites_file = str(tmp_path / "sites.parquet")
    assert [(d.code, d.span, d.field) for d in diags] == [
        ("LNV013", Span(sites_file, 2), "county_code")
    ]
    sites_ = [r for r in recs if isinstance(r, Site)]
    assert sites_[0] == Site(
        "S1",
        county_code="210102",
        in_use_on=dt.date(2026, 3, 2),
        standards=("GB 50348",),
        retention_days=30,
        has_system=True,
    )
    assert sites_[1].id == "S3" and sites_[1].standards == ()
    assert sites_[1].origin == Span(sites_file, 3)
    cams = [r for r in recs if isinstance(r, Camera)]
    assert cams == [Camera("C1", "S1", place="toilet")]
    evs = [r for r in recs if isinstance(r, Event)]
    assert [e.on for e in evs] == [day, day]
    assert [e.on_at.isoformat() if e.on_at else None for e in evs] == [at, at]
    assert evs[0].reported_on is not None
    assert evs[0].reported_on.isoformat() == "2026-03-02T05:00:00+08:00"
    assert evs[1].by == "officer" and evs[1].extra == {}
    assert evs[1].origin == Span(str(tmp_path / "events.parquet"), 2)


def test_parquet_dir_through_read_records(tmp_path: Path) -> None:
    """read_records reads a directory of Parquet tables; sites.parquet is required."""
    _write_parquet_dir(tmp_path, ON_COLUMNS[0][1])
    assert sum(1 for r in read_records([tmp_path]) if not isinstance(r, Diagnostic)) == 5
    (tmp_path / "sites.parquet").unlink()
    diags = [d for d in read_records([tmp_path]) if isinstance(d, Diagnostic)]
    assert diags[0].code == "LNV011" and "sites.parquet" in diags[0].message


def test_parquet_bad_column_types_are_row_errors(tmp_path: Path) -> None:
    """A column of the wrong type is reported per row, located, not raised."""
    pq.write_table(
        pa.table({"id": ["S1"], "retention_days": [1.5], "designated": ["yes"]}),
        tmp_path / "sites.parquet",
    )
    recs, diags = split(list(read_parquet_dir(tmp_path)))
    assert recs == []
    assert sorted((d.code, d.field) for d in diags) == [
        ("LNV005", "designated"),
        ("LNV005", "retention_days"),
    ]


def test_parquet_unconvertible_cells_are_row_errors(tmp_path: Path) -> None:
    """Nanosecond timestamps are read; a timestamp beyond Python's range is an error on its row."""
    pq.write_table(pa.table({"id": ["S1"]}), tmp_path / "sites.parquet")
    pq.write_table(
        pa.table(
            {
                "site": ["S1", "S1"],
                "type": ["footage_deleted", "footage_deleted"],
                "on": pa.array([1_772_395_200_000_000_001, 0], type=pa.timestamp("ns", tz="UTC")),
                "recorded_on": pa.array([0, 10**17], type=pa.timestamp("ms")),
            }
        ),
        tmp_path / "events.parquet",
    )
    recs, diags = split(list(read_parquet_dir(tmp_path)))
    evs = [r for r in recs if isinstance(r, Event)]
    assert [e.on for e in evs] == [dt.date(2026, 3, 2)]
    assert evs[0].on_at is not None and evs[0].on_at.isoformat() == "2026-03-02T04:00:00+08:00"
    assert [(d.code, d.span.line if d.span else 0, d.field) for d in diags] == [
        ("LNV006", 2, "recorded_on")
    ]
    assert "found an out-of-range timestamp[ms] value" in diags[0].message


def test_corrupt_parquet_is_a_diagnostic(tmp_path: Path) -> None:
    """A file that is not Parquet is LNV011."""
    (tmp_path / "sites.parquet").write_bytes(b"not parquet at all")
    (d,) = list(read_parquet_dir(tmp_path))
    assert isinstance(d, Diagnostic) and d.code == "LNV011"


# --- writing -------------------------------------------------------------------------------


def test_write_jsonl_round_trips_the_good_file() -> None:
    """Reading, writing and reading the good file gives equal records and extras."""
    first = [r for r in read_jsonl(DATA / "good.jsonl") if not isinstance(r, Diagnostic)]
    buf = io.StringIO()
    assert write_jsonl(first, buf) == len(first)
    buf.seek(0)
    again = split(list(read_jsonl(buf, name="out.jsonl")))[0]
    assert again == first
    assert [r.extra for r in again] == [r.extra for r in first]
    line = buf.getvalue().splitlines()[5]
    assert json.loads(line)["on"] == "2026-04-01T10:00:00+08:00"


@settings(max_examples=150, deadline=None)
@given(st.lists(records, max_size=5))
def test_write_read_round_trip(recs: list[Site | Camera | Event]) -> None:
    """Any valid records written as JSONL read back equal, extras included, with no diagnostics."""
    buf = io.StringIO()
    write_jsonl(recs, buf)
    buf.seek(0)
    again = list(read_jsonl(buf, name="rt.jsonl"))
    assert [d for d in again if isinstance(d, Diagnostic) and d.is_error] == []
    got = [r for r in again if not isinstance(r, Diagnostic)]
    assert got == recs
    assert [r.extra for r in got] == [r.extra for r in recs]
    assert [r.origin.line for r in got if r.origin] == list(range(1, len(recs) + 1))


@settings(max_examples=50, deadline=None)
@given(sites(), st.lists(cameras(site="S"), max_size=3), st.lists(events(site="S"), max_size=4))
def test_group_bundles_every_valid_record(site: Site, cams: list[Camera], evs: list[Event]) -> None:
    """Valid cameras and events of a site land in its bundle, events sorted by date."""
    site = Site("S", **{k: getattr(site, k) for k in ("county_code", "in_use_on")})
    cams = list({c.id: c for c in cams}.values())
    evs = [e for i, e in enumerate(evs) if e.id is None or e.id not in {x.id for x in evs[:i]}]
    bundles, diags = group_by_site([*evs, site, *cams])
    assert diags == []
    (b,) = bundles
    assert b.cameras == tuple(cams)
    assert sorted(b.events, key=lambda e: e.on) == list(b.events)
    assert len(b.events) == len(evs)
