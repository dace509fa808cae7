"""A Parquet directory read in place by DuckDB reports input errors as the Python readers do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import lnvideo
from lnvideo.cli import main
from lnvideo.engines import ENGINES, parquet_checks
from lnvideo.synth import CAMERA_SCHEMA, EVENT_SCHEMA, SITE_SCHEMA

AS_OF = dt.date(2026, 11, 30)
RULES = lnvideo.load_rules()
SH = dt.timezone(dt.timedelta(hours=8))


def key(f: Any) -> tuple[Any, ...]:
    return (
        f.rule,
        f.subject.kind,
        f.subject.id,
        f.subject.site,
        f.status.value,
        f.due,
        f.fulfilled_on,
    )


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(tzinfo=SH)


def nullable(schema: pa.Schema) -> pa.Schema:
    return pa.schema([f.with_nullable(True) for f in schema])


def write(directory: Path, sites: list[dict], cameras: list[dict], events: list[dict]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        pa.Table.from_pylist(sites, schema=nullable(SITE_SCHEMA)), directory / "sites.parquet"
    )
    pq.write_table(
        pa.Table.from_pylist(cameras, schema=nullable(CAMERA_SCHEMA)), directory / "cameras.parquet"
    )
    pq.write_table(
        pa.Table.from_pylist(events, schema=nullable(EVENT_SCHEMA)), directory / "events.parquet"
    )
    return directory


def good_site(sid: str, **kw: Any) -> dict:
    row = {
        "id": sid,
        "county_code": "210102",
        "has_system": True,
        "place_category": "hotel",
        "in_use_on": dt.date(2026, 9, 5),
        "retention_days": 30,
        "training": True,
    }
    row.update(kw)
    return row


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_bad_dir(tmp_path_factory.mktemp("bad"))


def make_bad_dir(directory: Path) -> Path:
    """Sites S1-S3 good; row 4 a bad county code; row 5 a duplicate of S1; row 6 a bad enum."""
    sites = [
        good_site("S1"),
        good_site("S2", retention_days=5),
        good_site("S3", in_use_on=dt.date(2026, 11, 20)),
        good_site("S4", county_code="2101"),
        good_site("S1", county_code="210103"),
        good_site("S5", place_category="hotell"),
    ]
    cameras = [
        {"id": "C1", "site": "S1", "place": "lobby"},
        {"id": "C2", "site": "S2", "place": "toilet"},
        {"id": "C3", "site": "S9", "place": "lobby"},  # orphan
        {"id": "C1", "site": "S1", "place": "lobby"},  # duplicate camera id within its site
    ]
    events = [
        {
            "id": "E1",
            "site": "S1",
            "type": "registration_filed",
            "on": at("2026-10-08"),
            "authority": "210102",
        },
        {"id": "E2", "site": "S2", "type": "footage_accessed", "on": at("2026-10-01"), "by": "W"},
        {"id": "E3", "site": "S4", "type": "footage_accessed", "on": at("2026-10-01")},  # orphan
        {
            "id": "E4",
            "site": "S3",
            "type": "camera_changed",
            "on": at("2026-10-01"),
            "change": "colour",
            "authorized": True,
        },  # bad enum
        {"id": "E1", "site": "S1", "type": "footage_accessed", "on": at("2026-10-02")},  # dup
        {
            "id": "E5",
            "site": "S2",
            "type": "registration_filed",
            "on": at("2026-10-02"),
            "authority": "21010X",
        },  # bad county code
        {"id": "E6", "site": "S3", "type": "footage_disclosed", "on": None},  # missing `on`
    ]
    return write(directory, sites, cameras, events)


def codes_at(diags: list[Any]) -> list[tuple[str, str, int]]:
    return sorted((d.code, Path(d.span.source).name, d.span.line) for d in diags)


def test_same_diagnostics_as_python_reader(bad_dir: Path) -> None:
    """Every input error of the Python readers is found in place, same code, file, row and text."""
    py_engine, dk_engine = ENGINES["python"], ENGINES["duckdb"]
    py = {key(f) for f in py_engine.findings(RULES, [bad_dir], as_of=AS_OF)}
    dk = {key(f) for f in dk_engine.findings(RULES, [bad_dir], as_of=AS_OF)}
    assert codes_at(dk_engine.last_diagnostics) == codes_at(py_engine.last_diagnostics)
    assert {(d.code, d.message, d.hint) for d in dk_engine.last_diagnostics} == {
        (d.code, d.message, d.hint) for d in py_engine.last_diagnostics
    }
    assert py == dk
    # S5's misspelt place category is a warning (SPEC §8, LNV016): the site is kept
    assert {k[2] for k in dk if k[1] == "site"} == {"S1", "S2", "S3", "S5"}
    assert ("LNV016", "S5") in {
        (d.code, d.message.split('"')[1]) for d in dk_engine.last_diagnostics
    }


def test_cli_exits_2_names_file_and_row(bad_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI exits 2, prints file:row for each bad row, and still reports the good rows."""
    code = main(
        [
            "check",
            "--engine",
            "duckdb",
            "--format",
            "json",
            str(bad_dir),
            "--as-of",
            AS_OF.isoformat(),
        ]
    )
    out = capsys.readouterr()
    assert code == 2
    sites = str(bad_dir / "sites.parquet")
    events = str(bad_dir / "events.parquet")
    cameras = str(bad_dir / "cameras.parquet")
    for where in (
        f"{sites}:4:1",
        f"{sites}:5:1",
        f"{sites}:6:1",
        f"{cameras}:3:1",
        f"{cameras}:4:1",
        f"{events}:3:1",
        f"{events}:4:1",
        f"{events}:5:1",
    ):
        assert where in out.err
    assert "LNV009" in out.err and "LNV010" in out.err and "LNV013" in out.err
    assert "LNV007" in out.err and "LNV004" in out.err
    import json

    report = json.loads(out.out)
    assert any(
        f["rule"] == "LN-14.1.7" and f["subject"]["id"] == "S2" and f["status"] == "violated"
        for f in report["findings"]
    )


def test_clean_directory_has_no_diagnostics(tmp_path: Path) -> None:
    """A clean directory gives no diagnostics and drops no rows."""
    d = write(
        tmp_path,
        [good_site("S1")],
        [{"id": "C1", "site": "S1"}],
        [{"site": "S1", "type": "system_changed", "on": at("2026-10-01"), "id": "X"}],
    )
    list(ENGINES["duckdb"].findings(RULES, [d], as_of=AS_OF))
    assert ENGINES["duckdb"].last_diagnostics == []


def test_many_errors_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the cap, one summary diagnostic says how many more rows have the problem."""
    monkeypatch.setattr(parquet_checks, "CAP", 3)
    sites = [good_site("S1")] + [good_site(f"B{i}", county_code="x") for i in range(10)]
    events = [{"site": "NOPE", "type": "system_changed", "on": at("2026-10-01")}] * 7
    d = write(tmp_path, sites, [], events)
    list(ENGINES["duckdb"].findings(RULES, [d], as_of=AS_OF))
    diags = ENGINES["duckdb"].last_diagnostics
    by_code = {c: [x for x in diags if x.code == c] for c in ("LNV013", "LNV009")}
    assert len(by_code["LNV013"]) == 4 and "7 more rows" in by_code["LNV013"][-1].message
    assert len(by_code["LNV009"]) == 4 and "4 more rows" in by_code["LNV009"][-1].message
