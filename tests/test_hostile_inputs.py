"""Issue 13 reproducers: hostile input never crashes, never loses a valid record silently,
and the python and duckdb engines give the same findings and the same diagnostics."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lnvideo
from lnvideo.periods import DateRangeError, Period, Unit, add_hours, deadline, deadline_table
from lnvideo.readers import group_by_site, read_jsonl, read_records
from lnvideo.records import Camera, Site
from lnvideo.source import SourceFile, Span, UndecodableSource
from tests.fuzz.harness import diagnostics_of, findings_of, run_cli

AS_OF = "2026-11-30"
SITE = {"id": "S1", "county_code": "210102", "place_category": "hotel", "has_system": True}


def both(target: Path, root: Path) -> dict[str, Any]:
    """Run `check` on both engines; assert no crash, same exit, findings and diagnostics."""
    got = {}
    for engine in ("python", "duckdb"):
        run = run_cli(
            [
                "check",
                "--as-of",
                AS_OF,
                "--format",
                "json",
                "--engine",
                engine,
                "--max-errors",
                "0",
                str(target),
            ]
        )
        assert run.crash is None, run.crash
        got[engine] = run
    py, duck = got["python"], got["duckdb"]
    assert py.code == duck.code
    assert findings_of(py.out) == findings_of(duck.out)
    assert diagnostics_of(py.err, root) == diagnostics_of(duck.err, root)
    return {"code": py.code, "findings": findings_of(py.out), "diags": diagnostics_of(py.err, root)}


def codes(result: dict[str, Any]) -> list[str]:
    return sorted(c for (c, *_), n in result["diags"].items() for _ in range(n))


def tables(
    d: Path, sites: pa.Table, cameras: pa.Table | None = None, events: pa.Table | None = None
) -> Path:
    d.mkdir(exist_ok=True)
    pq.write_table(sites, d / "sites.parquet")
    if cameras is not None:
        pq.write_table(cameras, d / "cameras.parquet")
    if events is not None:
        pq.write_table(events, d / "events.parquet")
    return d


def sites_table(**extra: Any) -> pa.Table:
    cols: dict[str, Any] = {k: [v] for k, v in SITE.items()}
    cols.update(extra)
    return pa.table(cols)


# --------------------------------------------------------------------------- duckdb input


def test_directory_without_events_is_an_empty_events_table(tmp_path: Path) -> None:
    """sites + cameras and no events.parquet: both engines judge it, nothing crashes."""
    d = tables(
        tmp_path / "d", sites_table(), pa.table({"id": ["C1"], "site": ["S1"], "place": ["toilet"]})
    )
    result = both(d, tmp_path)
    assert any(f[0] == "LN-9" and f[2] == "C1" for f in result["findings"])


def test_directory_with_sites_only(tmp_path: Path) -> None:
    """A directory with only sites.parquet is judged like one with empty tables."""
    both(tables(tmp_path / "d", sites_table()), tmp_path)


@pytest.mark.parametrize("tz", [None, "UTC", "Asia/Shanghai"], ids=["naive", "utc", "shanghai"])
def test_nanosecond_timestamps(tmp_path: Path, tz: str | None) -> None:
    """timestamp[ns] columns, naive or zoned (what pandas writes), are read by both engines."""
    on = pa.array([dt.datetime(2026, 3, 5, 9, 30)], pa.timestamp("us")).cast(
        pa.timestamp("ns", tz=tz)
    )
    events = pa.table(
        {"site": ["S1"], "type": ["footage_accessed"], "on": on, "by": ["x"], "purpose": ["y"]}
    )
    result = both(tables(tmp_path / "d", sites_table(), None, events), tmp_path)
    assert result["code"] in (0, 1)


@pytest.mark.parametrize(
    "value", [2**62, -(2**62), 253402300800 * 10**6 + 10**12, 7_500_000_000_000_000]
)
def test_out_of_range_timestamp_is_lnv006_on_both_engines(tmp_path: Path, value: int) -> None:
    """An event whose instant no calendar holds is reported (LNV006), never dropped silently."""
    ok = int(dt.datetime(2026, 3, 5, tzinfo=dt.UTC).timestamp() * 10**6)
    on = pa.array([ok, value], pa.int64()).cast(pa.timestamp("us", tz="UTC"))
    events = pa.table({"site": ["S1", "S1"], "type": ["system_changed"] * 2, "on": on})
    result = both(tables(tmp_path / "d", sites_table(), None, events), tmp_path)
    assert ("LNV006", "d/events.parquet", 2, "") in result["diags"] and result["code"] == 2


def test_year_2262_one_rule_for_text_and_parquet(tmp_path: Path) -> None:
    """A date in 2262 is refused from JSONL text and from a typed Parquet column alike."""
    text = tmp_path / "a.jsonl"
    text.write_text(json.dumps({"kind": "site", **SITE, "in_use_on": "2262-04-11"}) + "\n")
    d = tables(tmp_path / "d", sites_table(in_use_on=pa.array([dt.date(2262, 4, 11)])))
    assert codes(both(text, tmp_path)) == ["LNV006"]
    assert codes(both(d, tmp_path)) == ["LNV006"]


def test_corrupt_page_is_lnv011_on_both_engines(tmp_path: Path) -> None:
    """Damaged page data: LNV011 at the file from both engines, never a traceback."""
    n = 200
    events = pa.table(
        {
            "site": ["S1"] * n,
            "type": ["system_changed"] * n,
            "on": pa.array([dt.date(2026, 3, 1)] * n),
            "id": [f"E{i}" for i in range(n)],
        }
    )
    d = tables(tmp_path / "d", sites_table(), None, events)
    f = d / "events.parquet"
    data = bytearray(f.read_bytes())
    for i in range(40, 400, 7):
        data[i] ^= 0x5A
    f.write_bytes(bytes(data))
    result = both(d, tmp_path)
    assert "LNV011" in codes(result)


@pytest.mark.parametrize("table", ["sites", "cameras"])
def test_duplicate_column_names_are_refused_on_both_engines(tmp_path: Path, table: str) -> None:
    """Two columns of one name: LNV011 located at the file, the same on both engines."""
    cams = pa.table({"id": ["C1"], "site": ["S1"], "place": ["toilet"]})
    sites = sites_table()
    if table == "sites":
        sites = sites.append_column("county_code", pa.array(["999999"]))
    else:
        cams = cams.append_column("place", pa.array(["hall"]))
    result = both(tables(tmp_path / "d", sites, cams), tmp_path)
    assert (("LNV011", f"d/{table}.parquet", 1, "")) in result["diags"]


def test_misspelt_and_other_type_columns_warn_on_duckdb(tmp_path: Path) -> None:
    """LNV012 (a near-miss column) and LNV014 (another type's field) from Parquet on both engines."""
    events = pa.table(
        {
            "site": ["S1"],
            "type": ["footage_accessed"],
            "on": pa.array([dt.date(2026, 3, 1)]),
            "authority": ["210102"],
        }
    )
    d = tables(tmp_path / "d", sites_table(conty_code=["210102"]), None, events)
    assert codes(both(d, tmp_path)) == ["LNV012", "LNV014"]


def test_no_cap_per_code(tmp_path: Path) -> None:
    """1,500 bad county codes: 1,500 diagnostics on both engines (the CLI decides what to show)."""
    n = 1500
    sites = pa.table({"id": [f"S{i}" for i in range(n)], "county_code": ["21"] * n})
    result = both(tables(tmp_path / "d", sites), tmp_path)
    assert codes(result).count("LNV013") == n


# --------------------------------------------------------------------------- duplicates and orphans


def test_orphan_camera_never_hides_a_valid_one(tmp_path: Path) -> None:
    """An orphan camera sharing its id with a valid camera: LNV009 only; the valid one is judged."""
    lines = [
        {"kind": "camera", "id": "C1", "site": "NOWHERE", "place": "hall"},
        {"kind": "site", **SITE},
        {"kind": "camera", "id": "C1", "site": "S1", "place": "toilet"},
    ]
    f = tmp_path / "a.jsonl"
    f.write_text("".join(json.dumps(x) + "\n" for x in lines))
    result = both(f, tmp_path)
    assert codes(result) == ["LNV009"]
    assert any(
        x[0] == "LN-9" and x[2] == "C1" and x[3] == "S1" and x[4] == "violated"
        for x in result["findings"]
    )
    d = tables(
        tmp_path / "d",
        sites_table(),
        pa.table({"id": ["C1", "C1"], "site": ["NOWHERE", "S1"], "place": ["hall", "toilet"]}),
    )
    assert codes(both(d, tmp_path)) == ["LNV009"]


def test_camera_ids_are_unique_per_site() -> None:
    """The same camera id in two sites is two cameras; twice in one site is LNV010."""
    recs = [Site("A"), Site("B"), Camera("C", "A"), Camera("C", "B"), Camera("C", "B")]
    bundles, diags = group_by_site(recs)
    assert [len(b.cameras) for b in bundles] == [1, 1]
    assert [d.code for d in diags] == ["LNV010"]


# --------------------------------------------------------------------------- JSONL text


@pytest.mark.parametrize("escape", ["\\ud800", "\\udc80", "\\ud83d", "\\udfff\\ud800"])
def test_lone_surrogate_is_refused_at_the_reader(tmp_path: Path, escape: str) -> None:
    """A lone surrogate escape: LNV001 at its column naming the field; no output crashes."""
    line = '{"kind": "site", "id": "S' + escape + '"}'
    (diag,) = list(read_jsonl(__import__("io").StringIO(line + "\n"), name="a.jsonl"))
    assert diag.code == "LNV001" and diag.field == "id"
    assert diag.span == Span("a.jsonl", 1, line.index("\\u") + 1)
    f = tmp_path / "a.jsonl"
    f.write_text(line + "\n" + json.dumps({"kind": "site", **SITE}) + "\n")
    for fmt in ("text", "json", "sarif", "junit", "csv"):
        run = run_cli(["check", "--as-of", AS_OF, "--format", fmt, str(f)])
        assert run.crash is None and run.code == 2


def test_a_proper_surrogate_pair_is_read() -> None:
    """An escaped pair (an emoji) is ordinary text."""
    line = '{"kind": "site", "id": "S\\ud83d\\ude00"}\n'
    (rec,) = list(read_jsonl(__import__("io").StringIO(line), name="a.jsonl"))
    assert rec.id == "S\U0001f600"


def test_duplicate_key_is_a_located_warning() -> None:
    """A key given twice: LNV015 at the line, the last value used, the record read."""
    line = '{"kind": "site", "id": "S1", "county_code": "210102", "county_code": "210202"}\n'
    out = list(read_jsonl(__import__("io").StringIO(line), name="a.jsonl"))
    assert [type(x).__name__ for x in out] == ["Diagnostic", "Site"]
    assert (
        out[0].code == "LNV015"
        and out[0].field == "county_code"
        and out[0].span == Span("a.jsonl", 1)
    )
    assert out[1].county_code == "210202"


# --------------------------------------------------------------------------- rule files


@pytest.mark.parametrize(
    "period",
    ["3000000 days", "2147483648 days", "100000000000 hours", "100000 years", "12001 months"],
)
def test_out_of_range_durations_are_lint_errors(tmp_path: Path, period: str) -> None:
    """A duration past 1,000 years is LNV303 with the bound; lint exits 1, check 2, no traceback."""
    from lnvideo.api import bundled_pack_dir

    text = (Path(bundled_pack_dir()) / "measures.lnv").read_text(encoding="utf-8")
    f = tmp_path / "r.lnv"
    f.write_text(text.replace("= 15 days", f"= {period}", 1), encoding="utf-8")
    data = tmp_path / "a.jsonl"
    data.write_text(json.dumps({"kind": "site", **SITE}) + "\n")
    lint = run_cli(["lint", str(f)])
    check = run_cli(["check", "--rules", str(f), "--as-of", AS_OF, str(data)])
    for run, code in ((lint, 1), (check, 2)):
        assert run.crash is None and run.code == code
        assert "LNV303" in run.err and "expected at most" in run.err


def test_rule_file_not_utf8_is_lnv107_without_crash(tmp_path: Path) -> None:
    """A rule file that is not UTF-8: LNV107 from lint and check, rendering never re-crashes."""
    f = tmp_path / "r.lnv"
    f.write_bytes(b'pack "x"\n\xff\xfe\n')
    checks = [["check", "--engine", e, "--rules", str(f), str(f)] for e in ("python", "duckdb")]
    for argv in (["lint", str(f)], *checks):
        run = run_cli(argv)
        assert run.crash is None and run.code in (1, 2) and "LNV107" in run.err
    with pytest.raises(OSError, match="not valid UTF-8"):
        SourceFile.read(f)
    with pytest.raises(UnicodeDecodeError):  # the raw reason is still there for callers
        f.read_text(encoding="utf-8")
    assert isinstance(SourceFile.for_display(f), SourceFile)
    assert issubclass(UndecodableSource, OSError)


@pytest.mark.parametrize("ch", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_excerpt_stays_on_the_right_line(tmp_path: Path, ch: str) -> None:
    """Line separators other than \\n inside a line do not shift the quoted excerpt."""
    f = tmp_path / "r.lnv"
    f.write_text(f"pack x\n# a{ch}b\nrule @@@\n", encoding="utf-8")
    run = run_cli(["lint", str(f)])
    assert run.crash is None and run.code in (1, 2)
    assert "   3 | rule @@@" in run.err
    assert SourceFile("r", f"a{ch}b\nc\n").line(2) == "c"


# --------------------------------------------------------------------------- periods


@given(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from([Unit.DAYS, Unit.MONTHS, Unit.YEARS]),
)
@settings(max_examples=300, deadline=None)
def test_period_arithmetic_never_overflows(start: dt.date, n: int, unit: Unit) -> None:
    """Any start and any n: a date, or DateRangeError (a calendar gap: unknown); never OverflowError."""
    try:
        end = deadline(start, Period(n, unit), extend=False).last_day
    except DateRangeError as exc:
        assert exc.year > 9999 or exc.year < 1
    else:
        assert end >= start
    (row,) = deadline_table([start], [(Period(n, unit), False)])
    assert (row[3] is None) == (row[4] is not None)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_add_hours_never_overflows(hours: int) -> None:
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with contextlib.suppress(DateRangeError):
        add_hours(start, hours)


def test_read_records_never_raises_on_hostile_directory(tmp_path: Path) -> None:
    """A directory holding only junk named like Parquet tables is LNV011, not an exception."""
    d = tmp_path / "d"
    d.mkdir()
    (d / "sites.parquet").write_bytes(b"PAR1junkPAR1")
    assert [x.code for x in read_records([d]) if hasattr(x, "code")] == ["LNV011"]
    assert lnvideo  # the package imports cleanly with every fix in place


# --------------------------------------------------------------------------- output (item 6)

ENGINES = ["python", "duckdb"]
HOSTILE_IDS = [
    "C\u0000",
    "C\u001b[2J",
    "C\ufffe",
    '=HYPERLINK("http://x")',
    "+1",
    "-2+3",
    "@SUM(1)",
]


def hostile_data(tmp_path: Path) -> Path:
    """A site whose cameras carry ids a report must neither obey nor break on."""
    lines = [{"kind": "site", **SITE}] + [
        {"kind": "camera", "id": cid, "site": "S1", "place": "toilet"} for cid in HOSTILE_IDS
    ]
    f = tmp_path / "a.jsonl"
    f.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return f


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "csv"])
def test_every_format_is_well_formed_with_hostile_record_text(
    tmp_path: Path, engine: str, fmt: str
) -> None:
    """JUnit parses (no XML-illegal character), CSV starts no formula, text carries no raw
    escape, JSON and SARIF parse and are UTF-8: on both engines, with --explain too."""
    from tests.fuzz.harness import malformed, unsafe_text

    f = hostile_data(tmp_path)
    for extra in ([], ["--explain"]):
        run = run_cli(
            ["check", "--as-of", AS_OF, "--format", fmt, "--engine", engine, *extra, str(f)]
        )
        assert run.crash is None and run.code == 1, run.err
        assert malformed(fmt, run.out) is None, malformed(fmt, run.out)
        assert unsafe_text("stderr", run.err) is None
        assert run.out.count("LN-9") >= len(HOSTILE_IDS)  # every camera judged


def test_escape_sequences_in_rule_text_reach_no_terminal(tmp_path: Path) -> None:
    """An ESC or NUL written into a rule's message is shown visibly by `check` (text,
    --explain), by `explain`, and in the excerpt of a diagnostic; never raw."""
    from lnvideo.api import bundled_pack_dir
    from tests.fuzz.harness import unsafe_text

    text = (Path(bundled_pack_dir()) / "measures.lnv").read_text(encoding="utf-8")
    start = text.index("rule LN-9")
    at = text.index('message en "', start) + len('message en "')
    rules = tmp_path / "r.lnv"
    rules.write_text(text[:at] + "\x1b[2J\x1b]0;pwned\x07" + text[at:], encoding="utf-8")
    camera = {"kind": "camera", "id": "C1", "site": "S1", "place": "toilet"}
    data = tmp_path / "a.jsonl"
    data.write_text(json.dumps({"kind": "site", **SITE}) + "\n" + json.dumps(camera) + "\n")
    runs = [
        run_cli(["check", "--rules", str(rules), "--as-of", AS_OF, "--explain", str(data)]),
        run_cli(["explain", "LN-9", "--rules", str(rules)]),
    ]
    for run in runs:
        assert run.crash is None and run.code in (0, 1), run.err
        assert "pwned" in run.out  # the message is shown ...
        assert unsafe_text("out", run.out) is None  # ... but its escapes are visible text
    bad = tmp_path / "bad.lnv"
    bad.write_text("pack x\n\x1b[2J\x00 rule\n", encoding="utf-8")
    lint = run_cli(["lint", str(bad)])
    assert lint.crash is None and lint.code in (1, 2) and "LNV1" in lint.err
    assert unsafe_text("stderr", lint.err) is None, lint.err


def test_caret_counts_the_visible_form_of_a_control() -> None:
    """The excerpt shows a control as its visible form and the caret still points at the token."""
    from lnvideo.source import snippet

    out = snippet(Span("r.lnv", 3, 3, 3, 6), "\x1b\x00abc")
    assert out.splitlines() == ["   3 | \u241b\u2400abc", "     |   ^^^"]


# --------------------------------------------------------------------------- parity (items 7, 8)


def test_hidden_count_is_the_same_on_both_engines(tmp_path: Path) -> None:
    """With the default --max-errors, the '... and N more' count is the same on both engines."""
    n = 1_200
    sites = pa.table({"id": [f"S{i}" for i in range(n)], "county_code": ["21"] * n})
    d = tables(tmp_path / "d", sites)
    errs = {}
    for engine in ENGINES:
        run = run_cli(["check", "--as-of", AS_OF, "--engine", engine, "--format", "json", str(d)])
        assert run.crash is None and run.code == 2
        errs[engine] = run.err
    assert errs["python"].count("error[LNV013]") == errs["duckdb"].count("error[LNV013]") == 100
    more = [ln for ln in errs["python"].splitlines() if "more input problem" in ln]
    assert more and more == [ln for ln in errs["duckdb"].splitlines() if "more input problem" in ln]
    assert "1,100" in more[0] or "1100" in more[0]


@pytest.mark.parametrize("engine", ENGINES)
def test_duplicate_key_warns_through_the_cli(tmp_path: Path, engine: str) -> None:
    """A JSON object with a key twice: LNV015 at its line from both engines; the record is checked."""
    f = tmp_path / "a.jsonl"
    f.write_text('{"kind": "site", "id": "S1", "county_code": "210102", "county_code": "210202"}\n')
    run = run_cli(["check", "--as-of", AS_OF, "--format", "json", "--engine", engine, str(f)])
    assert run.crash is None and run.code in (0, 1)
    assert ("LNV015", "a.jsonl", 1, "") in diagnostics_of(run.err, tmp_path)
    assert any(x[2] == "S1" for x in findings_of(run.out) or ())


# --------------------------------------------------------------------------- both engines (items 4, 5)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("escape", ["\\ud800", "\\udc80"])
def test_lone_surrogate_on_both_engines_writes_valid_utf8(
    tmp_path: Path, engine: str, escape: str
) -> None:
    """A lone surrogate escape: LNV001 located, exit 2, and every format still valid UTF-8."""
    from tests.fuzz.harness import malformed

    f = tmp_path / "a.jsonl"
    f.write_text(
        '{"kind": "site", "id": "S' + escape + '"}\n' + json.dumps({"kind": "site", **SITE}) + "\n"
    )
    for fmt in ("text", "json", "sarif", "junit", "csv"):
        run = run_cli(["check", "--as-of", AS_OF, "--engine", engine, "--format", fmt, str(f)])
        assert run.crash is None and run.code == 2
        assert ("LNV001", "a.jsonl", 1) in {k[:3] for k in diagnostics_of(run.err, tmp_path)}
        assert malformed(fmt, run.out) is None
        assert "S1" in run.out  # the valid site is still reported


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("period", ["3000000 days", "100000 years", "100000000000 hours"])
def test_out_of_range_durations_stop_check_on_both_engines(
    tmp_path: Path, engine: str, period: str
) -> None:
    """`check --engine E` with a duration past the bound: LNV303, exit 2, never a crash."""
    from lnvideo.api import bundled_pack_dir

    text = (Path(bundled_pack_dir()) / "measures.lnv").read_text(encoding="utf-8")
    f = tmp_path / "r.lnv"
    f.write_text(text.replace("= 15 days", f"= {period}", 1), encoding="utf-8")
    data = tmp_path / "a.jsonl"
    data.write_text(json.dumps({"kind": "site", **SITE}) + "\n")
    run = run_cli(["check", "--rules", str(f), "--engine", engine, "--as-of", AS_OF, str(data)])
    assert run.crash is None and run.code == 2 and "LNV303" in run.err
