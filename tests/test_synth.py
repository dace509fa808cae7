"""Tests for lnvideo.synth and `lnvideo synth`: shape, determinism, formats, violations."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lnvideo import schema, synth
from lnvideo.cli import main
from lnvideo.counties import COUNTIES
from lnvideo.diagnostics import LnvideoError
from lnvideo.records import Camera, Event, Site

N = synth.CHUNK_SITES  # one full chunk: 2,000 sites


def _tables(n: int, seed: int, **kw: int) -> tuple[pa.Table, pa.Table, pa.Table]:
    triples = list(synth.generate(n, seed, **kw))
    sites, cameras, events = zip(*triples, strict=True)
    return (
        pa.Table.from_batches(sites, synth.SITE_SCHEMA),
        pa.Table.from_batches(cameras, synth.CAMERA_SCHEMA),
        pa.Table.from_batches(events, synth.EVENT_SCHEMA),
    )


@pytest.fixture(scope="module")
def province() -> tuple[pa.Table, pa.Table, pa.Table]:
    return _tables(N, seed=1)


@pytest.fixture(scope="module")
def db(province: tuple[pa.Table, pa.Table, pa.Table]) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'Asia/Shanghai'")
    sites, cameras, events = province
    con.register("sites", sites)
    con.register("cameras", cameras)
    con.register("events", events)
    yield con
    con.close()


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


# --- determinism -----------------------------------------------------------


def test_same_seed_same_data() -> None:
    """The same arguments give equal tables."""
    assert _tables(300, seed=5) == _tables(300, seed=5)


def test_different_seed_different_data() -> None:
    """Another seed gives other data."""
    a, b = _tables(300, seed=5), _tables(300, seed=6)
    assert a[0] != b[0] and a[2] != b[2]


def test_longer_run_starts_with_shorter_run(province: tuple[pa.Table, ...]) -> None:
    """Whole chunks do not depend on how many sites follow them."""
    first = next(synth.generate(N + 10, seed=1))
    assert [pa.Table.from_batches([b]) for b in first] == [t.combine_chunks() for t in province]


def test_files_are_identical_for_the_same_arguments(tmp_path: Path) -> None:
    """Writing twice gives byte-identical Parquet files."""
    synth.write(tmp_path / "a", 120, seed=3)
    synth.write(tmp_path / "b", 120, seed=3)
    for name in synth.PARQUET_FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


# --- shape -----------------------------------------------------------------


def test_row_counts(province: tuple[pa.Table, ...]) -> None:
    """N sites, about 10 cameras and 50 events per site with a system."""
    sites, cameras, events = province
    assert sites.num_rows == N
    assert 0.85 * 10 * N < cameras.num_rows < 1.05 * 10 * N
    assert 0.85 * 50 * N < events.num_rows < 1.05 * 50 * N


def test_counts_follow_the_options() -> None:
    """--cameras-per-site and --events-per-site set the means; 0 gives none."""
    _, cameras, events = _tables(200, seed=2, cameras_per_site=0, events_per_site=0)
    assert cameras.num_rows == 0 and events.num_rows == 0
    _, cameras, events = _tables(200, seed=2, cameras_per_site=3, events_per_site=10)
    assert 400 < cameras.num_rows < 800 and 1500 < events.num_rows < 2500


def _expected_types(fields: dict[str, schema.FieldSpec]) -> dict[str, pa.DataType]:
    arrow = {
        schema.Type.STR: pa.string(),
        schema.Type.ENUM: pa.string(),
        schema.Type.OPEN_ENUM: pa.string(),
        schema.Type.COUNTY: pa.string(),
        schema.Type.INT: pa.int64(),
        schema.Type.BOOL: pa.bool_(),
        schema.Type.DATE: pa.date32(),
        schema.Type.INSTANT: pa.timestamp("us", tz="Asia/Shanghai"),
        schema.Type.STR_LIST: pa.list_(pa.string()),
    }
    return {name: arrow[f.type] for name, f in fields.items()}


def _event_types() -> dict[str, pa.DataType]:
    out = _expected_types(dict(schema.EVENT_COMMON_FIELDS))
    out["on"] = pa.timestamp("us", tz="Asia/Shanghai")
    for fields in schema.EVENT_TYPE_FIELDS.values():
        out.update(_expected_types(dict(fields)))
    return out


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("sites.parquet", _expected_types(dict(schema.SITE_FIELDS)), id="sites"),
        pytest.param("cameras.parquet", _expected_types(dict(schema.CAMERA_FIELDS)), id="cameras"),
        pytest.param("events.parquet", _event_types(), id="events"),
    ],
)
def test_parquet_columns_and_types(
    parquet_dir: Path, name: str, expected: dict[str, pa.DataType]
) -> None:
    """Each table has exactly the SPEC §2 fields as columns, with their Arrow types."""
    got = pq.read_schema(parquet_dir / name)
    assert {f.name: f.type for f in got} == expected


@pytest.fixture(scope="module")
def parquet_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synth.write(out, 150, seed=11)
    return out


def test_county_codes_are_valid(db: duckdb.DuckDBPyConnection) -> None:
    """Every county code is a real Liaoning county or one of the listed outside codes."""
    known = set(COUNTIES) | set(synth.OUTSIDE_COUNTIES)
    codes = {r[0] for r in db.execute("SELECT DISTINCT county_code FROM sites").fetchall()}
    codes |= {r[0] for r in db.execute("SELECT DISTINCT authority FROM events").fetchall()}
    assert codes - {None} <= known
    outside = _count(db, "SELECT count(*) FROM sites WHERE county_code NOT LIKE '21%'")
    assert 0.005 * N < outside < 0.04 * N


def test_camera_ids_are_gb28181_like(db: duckdb.DuckDBPyConnection) -> None:
    """Most camera ids are 20 digits starting with a county code; all are unique."""
    total = _count(db, "SELECT count(*) FROM cameras")
    assert _count(db, "SELECT count(DISTINCT id) FROM cameras") == total
    gb = _count(db, "SELECT count(*) FROM cameras WHERE regexp_full_match(id, '\\d{20}')")
    assert gb > 0.9 * total
    bad_prefix = _count(
        db,
        "SELECT count(*) FROM cameras c JOIN sites s ON c.site = s.id "
        "WHERE length(c.id) = 20 AND s.county_code IS NOT NULL "
        "AND substr(c.id, 1, 6) <> s.county_code",
    )
    assert bad_prefix == 0


ENUMS = [
    pytest.param("sites", "place_category", schema.PLACE_CATEGORIES, "TRUE", id="place_category"),
    pytest.param("sites", "builder_kind", schema.BUILDER_KINDS, "TRUE", id="builder_kind"),
    pytest.param("sites", "project_kind", schema.PROJECT_KINDS, "TRUE", id="project_kind"),
    pytest.param("events", "type", schema.EVENT_TYPES, "TRUE", id="event_type"),
    pytest.param(
        "events",
        "change",
        schema.CAMERA_CHANGE_KINDS,
        "type = 'camera_changed'",
        id="camera_change",
    ),
]


@pytest.mark.parametrize(("table", "column", "allowed", "where"), ENUMS)
def test_enum_values_are_allowed(
    db: duckdb.DuckDBPyConnection, table: str, column: str, allowed: tuple[str, ...], where: str
) -> None:
    """Every enum field takes only its SPEC §2 values, and each value appears."""
    rows = db.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {where}").fetchall()
    values = {r[0] for r in rows} - {None}
    assert values <= set(allowed)
    if column != "type":
        assert values == set(allowed)


def test_type_specific_fields_only_on_their_types(db: duckdb.DuckDBPyConnection) -> None:
    """An event carries only the fields of its own type; the rest are null."""
    for column in sorted(schema.all_event_field_names() - set(schema.EVENT_COMMON_FIELDS)):
        owners = [t for t, f in schema.EVENT_TYPE_FIELDS.items() if column in f]
        in_list = ", ".join(f"'{t}'" for t in owners)
        stray = _count(
            db,
            f'SELECT count(*) FROM events WHERE "{column}" IS NOT NULL AND type NOT IN ({in_list})',
        )
        assert stray == 0, column


def test_change_reports_name_a_change_of_the_same_site(db: duckdb.DuckDBPyConnection) -> None:
    """Every change_reported names a system_changed id of its own site."""
    dangling = _count(
        db,
        "SELECT count(*) FROM events r LEFT JOIN events c ON c.type = 'system_changed' "
        "AND c.id = r.change AND c.site = r.site "
        "WHERE r.type = 'change_reported' AND c.id IS NULL",
    )
    assert dangling == 0


def test_event_ids_unique_and_cameras_exist(db: duckdb.DuckDBPyConnection) -> None:
    """Event ids are unique and a camera_changed names a camera of its site."""
    assert _count(db, "SELECT count(*) - count(DISTINCT id) FROM events") == 0
    assert (
        _count(
            db,
            "SELECT count(*) FROM events e LEFT JOIN cameras c ON c.id = e.camera AND c.site = e.site "
            "WHERE e.camera IS NOT NULL AND c.id IS NULL",
        )
        == 0
    )


# --- deliberate violations and missing data ---------------------------------

ART6 = ", ".join(f"'{c}'" for c in schema.PLACE_CATEGORIES if c != "other")
FIRST_FILING = (
    '(SELECT site, min("on")::DATE AS filed FROM events '
    "WHERE type = 'registration_filed' GROUP BY site)"
)
CASES = [
    ("outside_liaoning", "SELECT count(*) FROM sites WHERE county_code NOT LIKE '21%'"),
    ("national_security", "SELECT count(*) FROM sites WHERE national_security"),
    ("no_county_code", "SELECT count(*) FROM sites WHERE county_code IS NULL"),
    (
        "art6_without_system",
        f"SELECT count(*) FROM sites WHERE place_category IN ({ART6}) AND NOT has_system",
    ),
    (
        "designated_other",
        "SELECT count(*) FROM sites WHERE place_category = 'other' AND designated",
    ),
    (
        "road_not_government",
        "SELECT count(*) FROM sites WHERE place_category IN ('main_road', 'traffic_intersection', 'square') "
        "AND builder_kind <> 'government'",
    ),
    (
        "private_without_safeguards",
        "SELECT count(*) FROM sites WHERE captures_private_info AND len(privacy_safeguards) = 0",
    ),
    ("no_standard", "SELECT count(*) FROM sites WHERE len(standards) = 0"),
    ("project_late", "SELECT count(*) FROM sites WHERE in_use_on > main_project_in_use_on"),
    ("project_on_time", "SELECT count(*) FROM sites WHERE in_use_on <= main_project_in_use_on"),
    ("in_use_before_2008", "SELECT count(*) FROM sites WHERE in_use_on < DATE '2008-01-01'"),
    (
        "price_not_marked",
        "SELECT count(*) FROM sites WHERE government_invested AND NOT price_marked",
    ),
    ("retention_too_short", "SELECT count(*) FROM sites WHERE retention_days < 15"),
    ("retention_missing", "SELECT count(*) FROM sites WHERE retention_days IS NULL"),
    ("no_training", "SELECT count(*) FROM sites WHERE NOT training"),
    ("no_access_log", "SELECT count(*) FROM sites WHERE NOT access_log"),
    (
        "outsourced_without_terms",
        "SELECT count(*) FROM sites WHERE om_outsourced AND NOT om_contract_security_terms",
    ),
    ("camera_art9_place", f"SELECT count(*) FROM cameras WHERE place IN {schema.CAMERA_PLACES}"),
    ("camera_private_area", "SELECT count(*) FROM cameras WHERE private_area"),
    (
        "never_registered",
        f"SELECT count(*) FROM sites s LEFT JOIN {FIRST_FILING} f ON f.site = s.id "
        "WHERE s.has_system AND f.site IS NULL",
    ),
    (
        "registered_late",
        f"SELECT count(*) FROM sites s JOIN {FIRST_FILING} f ON f.site = s.id "
        "WHERE s.in_use_on >= DATE '2008-01-01' AND f.filed > s.in_use_on + 45",
    ),
    (
        "registered_near_deadline",
        f"SELECT count(*) FROM sites s JOIN {FIRST_FILING} f ON f.site = s.id "
        "WHERE s.in_use_on >= DATE '2008-01-01' AND f.filed - s.in_use_on BETWEEN 29 AND 36",
    ),
    (
        "registered_before_in_use",
        f"SELECT count(*) FROM sites s JOIN {FIRST_FILING} f ON f.site = s.id WHERE f.filed < s.in_use_on",
    ),
    (
        "pre2008_registered_2008",
        f"SELECT count(*) FROM sites s JOIN {FIRST_FILING} f ON f.site = s.id "
        "WHERE s.in_use_on < DATE '2008-01-01' AND f.filed BETWEEN DATE '2008-01-01' AND DATE '2008-02-15'",
    ),
    (
        "registered_wrong_county",
        "SELECT count(*) FROM events e JOIN sites s ON e.site = s.id "
        "WHERE e.type = 'registration_filed' AND e.authority <> s.county_code",
    ),
    (
        "registered_no_authority",
        "SELECT count(*) FROM events WHERE type = 'registration_filed' AND authority IS NULL",
    ),
    (
        "change_never_reported",
        "SELECT count(*) FROM events c LEFT JOIN events r ON r.type = 'change_reported' AND r.change = c.id "
        "WHERE c.type = 'system_changed' AND r.id IS NULL",
    ),
    (
        "change_reported_late",
        "SELECT count(*) FROM events c JOIN events r ON r.type = 'change_reported' AND r.change = c.id "
        'WHERE r."on"::DATE - c."on"::DATE > 15',
    ),
    (
        "change_reported_within_3_days",
        "SELECT count(*) FROM events c JOIN events r ON r.type = 'change_reported' AND r.change = c.id "
        'WHERE r."on"::DATE - c."on"::DATE <= 3',
    ),
    (
        "change_reported_wrong_organ",
        "SELECT count(*) FROM events e JOIN sites s ON e.site = s.id "
        "WHERE e.type = 'change_reported' AND e.authority <> s.county_code",
    ),
    (
        "change_reported_no_organ",
        "SELECT count(*) FROM events WHERE type = 'change_reported' AND authority IS NULL",
    ),
    (
        "access_without_by",
        "SELECT count(*) FROM events WHERE type = 'footage_accessed' AND \"by\" IS NULL",
    ),
    (
        "access_without_purpose",
        "SELECT count(*) FROM events WHERE type = 'footage_accessed' AND \"purpose\" IS NULL",
    ),
    (
        "disclosed_unauthorized",
        "SELECT count(*) FROM events WHERE type = 'footage_disclosed' AND NOT authorized",
    ),
    (
        "disclosed_authorization_missing",
        "SELECT count(*) FROM events WHERE type = 'footage_disclosed' AND authorized IS NULL",
    ),
    (
        "camera_changed_unauthorized",
        "SELECT count(*) FROM events WHERE type = 'camera_changed' AND NOT authorized",
    ),
    (
        "deleted_too_early",
        "SELECT count(*) FROM events WHERE type = 'footage_deleted' AND NOT important "
        'AND "on"::DATE - recorded_on < 16',
    ),
    (
        "deleted_on_day_16",
        "SELECT count(*) FROM events WHERE type = 'footage_deleted' AND \"on\"::DATE - recorded_on = 16",
    ),
    (
        "important_deleted_early",
        "SELECT count(*) FROM events WHERE type = 'footage_deleted' AND important "
        'AND "on"::DATE - recorded_on BETWEEN 16 AND 364',
    ),
    (
        "important_kept_a_year",
        "SELECT count(*) FROM events WHERE type = 'footage_deleted' AND important AND \"on\"::DATE - recorded_on > 366",
    ),
    (
        "deleted_important_missing",
        "SELECT count(*) FROM events WHERE type = 'footage_deleted' AND important IS NULL",
    ),
    (
        "deleted_recorded_on_missing",
        "SELECT count(*) FROM events WHERE type = 'footage_deleted' AND recorded_on IS NULL",
    ),
    (
        "suspicious_reported_late",
        "SELECT count(*) FROM events WHERE type = 'suspicious_observed' AND reported_on > \"on\" + INTERVAL 24 HOUR",
    ),
    (
        "suspicious_reported_at_24h",
        "SELECT count(*) FROM events WHERE type = 'suspicious_observed' AND reported_on = \"on\" + INTERVAL 24 HOUR",
    ),
    (
        "suspicious_not_reported",
        "SELECT count(*) FROM events WHERE type = 'suspicious_observed' AND reported_on IS NULL",
    ),
    ("event_after_horizon", "SELECT count(*) FROM events WHERE \"on\"::DATE > DATE '2026-11-30'"),
    ("event_before_2008", "SELECT count(*) FROM events WHERE \"on\"::DATE < DATE '2008-01-01'"),
    ("event_at_midnight", 'SELECT count(*) FROM events WHERE epoch("on")::BIGINT % 86400 = 57600'),
]


@pytest.mark.parametrize(("case", "sql"), [pytest.param(c, s, id=c) for c, s in CASES])
def test_each_deliberate_case_occurs(db: duckdb.DuckDBPyConnection, case: str, sql: str) -> None:
    """A 2,000-site province contains every kind of deliberate violation and edge case."""
    assert _count(db, sql) > 0, case


SITE_OPTIONAL = [f for f, spec in schema.SITE_FIELDS.items() if not spec.required]


@pytest.mark.parametrize("column", SITE_OPTIONAL, ids=SITE_OPTIONAL)
def test_site_fields_are_sometimes_missing(db: duckdb.DuckDBPyConnection, column: str) -> None:
    """About 5% of each optional site field is missing (more where it only sometimes applies)."""
    missing = _count(db, f'SELECT count(*) FROM sites WHERE "{column}" IS NULL')
    assert missing > 0.02 * N
    if column not in ("project_kind", "main_project_in_use_on", "om_contract_security_terms"):
        assert missing < 0.09 * N


def test_future_events_are_about_one_percent(db: duckdb.DuckDBPyConnection) -> None:
    """About 1% of events fall after the horizon."""
    total = _count(db, "SELECT count(*) FROM events")
    late = _count(db, "SELECT count(*) FROM events WHERE \"on\"::DATE > DATE '2026-11-30'")
    assert 0.005 * total < late < 0.02 * total


def test_most_deadlines_near_holidays_exist(db: duckdb.DuckDBPyConnection) -> None:
    """Some registration deadlines (in_use_on + 30) fall in a Spring Festival or National Day week."""
    anchors = [dt.date.fromisoformat(d) for d in synth._SPRING_FESTIVAL] + [
        dt.date(y, 10, 1) for y in range(2008, 2027)
    ]
    rows = db.execute("SELECT in_use_on FROM sites WHERE in_use_on IS NOT NULL").fetchall()
    hits = sum(
        1 for (d,) in rows if any(0 <= (d + dt.timedelta(days=30) - a).days <= 7 for a in anchors)
    )
    assert hits > 0.02 * N


# --- formats and records ---------------------------------------------------


def test_jsonl_lines_are_records(tmp_path: Path) -> None:
    """Every JSONL line is a JSON object with a kind; sites precede their cameras and events."""
    summary = synth.write(tmp_path, 60, seed=4, fmt="jsonl")
    lines = (tmp_path / synth.JSONL_FILE).read_text(encoding="utf-8").splitlines()
    assert len(lines) == summary.sites + summary.cameras + summary.events
    seen: set[str] = set()
    for line in lines:
        obj = json.loads(line)
        assert obj["kind"] in schema.RECORD_KINDS
        if obj["kind"] == "site":
            seen.add(obj["id"])
            if "in_use_on" in obj:
                dt.date.fromisoformat(obj["in_use_on"])
        else:
            assert obj["site"] in seen
        if obj["kind"] == "event":
            assert dt.datetime.fromisoformat(obj["on"]).utcoffset() == dt.timedelta(hours=8)
            assert all(v is not None for v in obj.values())


def test_jsonl_and_parquet_hold_the_same_data(tmp_path: Path) -> None:
    """The JSONL file has the same events as the Parquet table."""
    synth.write(tmp_path / "j", 40, seed=9, fmt="jsonl")
    synth.write(tmp_path / "p", 40, seed=9)
    lines = (tmp_path / "j" / synth.JSONL_FILE).read_text(encoding="utf-8").splitlines()
    ids = [json.loads(x)["id"] for x in lines if '"kind":"event"' in x]
    assert ids == pq.read_table(tmp_path / "p" / "events.parquet").column("id").to_pylist()


def test_generate_records_matches_batches() -> None:
    """generate_records yields Site, Camera and Event records for the same rows."""
    sites, cameras, events = _tables(50, seed=8)
    recs = list(synth.generate_records(50, seed=8))
    assert sum(isinstance(r, Site) for r in recs) == sites.num_rows
    assert sum(isinstance(r, Camera) for r in recs) == cameras.num_rows
    evs = [r for r in recs if isinstance(r, Event)]
    assert len(evs) == events.num_rows
    for e in evs:
        assert e.on_at is not None and e.on == e.on_at.date()
        assert e.on_at.utcoffset() == dt.timedelta(hours=8)
    site = next(r for r in recs if isinstance(r, Site) and r.standards)
    assert isinstance(site.standards, tuple)


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"n_sites": 0, "seed": 1}, id="no-sites"),
        pytest.param({"n_sites": 5, "seed": -1}, id="negative-seed"),
        pytest.param({"n_sites": 5, "seed": 1, "cameras_per_site": 100}, id="too-many-cameras"),
        pytest.param({"n_sites": 5, "seed": 1, "events_per_site": -2}, id="negative-events"),
    ],
)
def test_bad_arguments_raise(kwargs: dict[str, int]) -> None:
    """Out-of-range arguments are an LnvideoError, not a crash."""
    with pytest.raises(LnvideoError):
        next(synth.generate(**kwargs))


def test_readers_accept_the_output(tmp_path: Path) -> None:
    """lnvideo.readers reads both formats with no error diagnostic."""
    from lnvideo.diagnostics import Diagnostic
    from lnvideo.readers import group_by_site, read_records

    synth.write(tmp_path / "p", 100, seed=12)
    synth.write(tmp_path / "j", 100, seed=12, fmt="jsonl")
    for where in (tmp_path / "p", tmp_path / "j" / synth.JSONL_FILE):
        out = list(read_records([where]))
        errors = [d for d in out if isinstance(d, Diagnostic) and d.is_error]
        assert errors == [], errors[:3]
        bundles, diags = group_by_site(out)
        assert [d for d in diags if d.is_error] == []
        assert len(bundles) == 100


# --- command line ----------------------------------------------------------


def test_cli_writes_and_summarises(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`lnvideo synth` writes the three tables and one summary line on stderr."""
    code = main(["synth", "--sites", "30", "--seed", "2", "--out", str(tmp_path)])
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(synth.PARQUET_FILES)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "30 sites" in err[0]


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--sites", "0"], id="zero-sites"),
        pytest.param(["--sites", "-3"], id="negative-sites"),
        pytest.param(["--sites", "5", "--format", "csv"], id="bad-format"),
        pytest.param(["--sites", "5", "--out", "FILE"], id="out-is-a-file"),
    ],
)
def test_cli_bad_arguments_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """Bad arguments and unwritable directories exit 2 with a short message, no traceback."""
    a_file = tmp_path / "file"
    a_file.write_text("x")
    argv = [str(a_file) if a == "FILE" else a for a in argv]
    if "--out" not in argv:
        argv += ["--out", str(tmp_path / "out")]
    with pytest.raises(SystemExit) as exc:
        raise SystemExit(main(["synth", "--seed", "1", *argv]))
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()
    assert not (tmp_path / "out").exists()
