"""The python and duckdb engines agree on every finding: rule, subject, status, due,
fulfilled_on, and the message and explanation (clauses, facts, reasons) in English and Chinese."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lnvideo
from lnvideo import synth
from lnvideo.engines import ENGINES
from lnvideo.readers import group_by_site
from lnvideo.records import Camera, Event, Site
from lnvideo.schema import CAMERA_PLACES, EVENT_TYPES, PLACE_CATEGORIES
from tests.strategies_records import events as any_events
from tests.strategies_records import sites as any_sites

AS_OF = dt.date(2026, 11, 30)
RULES = lnvideo.load_rules()


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


def full(f: Any) -> tuple[Any, ...]:
    """The finding as JSON (message and explanation included), keyed for set comparison."""
    return (*key(f), json.dumps(f.to_json(explain=True), ensure_ascii=False, sort_keys=True))


def python_keys(records: list[Any], as_of: dt.date, lang: str = "en") -> set[tuple[Any, ...]]:
    bundles, _ = group_by_site(records)
    return {full(f) for f in RULES.iter_findings(bundles, as_of=as_of, lang=lang, explain=True)}


def duckdb_keys(records: list[Any], as_of: dt.date, lang: str = "en") -> set[tuple[Any, ...]]:
    engine = ENGINES["duckdb"]
    found = engine.findings_from_records(RULES, records, as_of=as_of, lang=lang, explain=True)  # type: ignore[attr-defined]
    return {full(f) for f in found}


def assert_agree(py: set[tuple[Any, ...]], dk: set[tuple[Any, ...]]) -> None:
    only_py, only_dk = sorted(py - dk, key=repr)[:10], sorted(dk - py, key=repr)[:10]
    assert not only_py and not only_dk, f"python only: {only_py}\nduckdb only: {only_dk}"


def test_fixed_synthetic_province(tmp_path: Any) -> None:
    """On 300 synthetic sites (seed 7) written as Parquet, both engines give the same findings,
    messages and explanations."""
    synth.write(tmp_path, 300, seed=7)
    py = {full(f) for f in ENGINES["python"].findings(RULES, [tmp_path], as_of=AS_OF)}
    dk = {full(f) for f in ENGINES["duckdb"].findings(RULES, [tmp_path], as_of=AS_OF, explain=True)}  # type: ignore[call-arg]
    assert len(py) > 10_000
    assert_agree(py, dk)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_output_file_with_explain_carries_python_explanations(tmp_path: Any, lang: str) -> None:
    """`check --output f.jsonl --explain` writes the same lines from duckdb as from python."""
    synth.write(tmp_path / "in", 20, seed=3)
    lines = {}
    for name in ("python", "duckdb"):
        out = tmp_path / f"{name}.jsonl"
        lnvideo.api.run(
            RULES, [tmp_path / "in"], as_of=AS_OF, engine=name, lang=lang, explain=True, output=out
        )
        lines[name] = sorted(out.read_text(encoding="utf-8").splitlines())
    assert lines["duckdb"] == lines["python"]
    assert all('"explanation"' in line for line in lines["duckdb"])


def test_summary_and_write_count_alike(tmp_path: Any) -> None:
    """`summary` and `write` (Parquet and JSON Lines) count the same statuses as the python engine."""
    synth.write(tmp_path / "in", 50, seed=11)
    inputs = [tmp_path / "in"]
    expected = ENGINES["python"].summary(RULES, inputs, as_of=AS_OF)
    assert ENGINES["duckdb"].summary(RULES, inputs, as_of=AS_OF) == expected
    for fmt in ("parquet", "jsonl"):
        out = tmp_path / f"findings.{fmt}"
        assert ENGINES["duckdb"].write(RULES, inputs, out, as_of=AS_OF, fmt=fmt) == expected


def test_jsonl_input_reports_diagnostics(tmp_path: Any) -> None:
    """A JSONL input with an orphan camera is reported and the other findings still agree."""
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"kind": "site", "id": "S1", "county_code": "210102", "in_use_on": "2026-09-05"}\n'
        '{"kind": "camera", "id": "C1", "site": "S9"}\n'
        '{"kind": "event", "site": "S1", "type": "registration_filed", "on": "2026-10-08",'
        ' "authority": "210102"}\n',
        encoding="utf-8",
    )
    diags: list[Any] = []
    dk = {key(f) for f in ENGINES["duckdb"].findings(RULES, [src], as_of=AS_OF, diagnostics=diags)}
    py = {key(f) for f in ENGINES["python"].findings(RULES, [src], as_of=AS_OF)}
    assert [d.code for d in diags] == ["LNV009"]
    assert_agree(py, dk)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("example", RULES.ir.examples, ids=lambda e: e.name)
def test_pack_examples(example: Any, lang: str) -> None:
    """Every example of the bundled pack gives the same findings, messages and explanations
    in both engines."""
    records = list(example.records)
    assert_agree(
        python_keys(records, example.as_of, lang), duckdb_keys(records, example.as_of, lang)
    )


# ---------------------------------------------------------------- Hypothesis
DAYS = st.sampled_from(
    [
        dt.date(2007, 12, 30),
        dt.date(2008, 1, 1),
        dt.date(2008, 1, 31),
        dt.date(2008, 2, 4),
        dt.date(2024, 2, 29),
        dt.date(2025, 2, 28),
        dt.date(2026, 6, 1),
        dt.date(2026, 6, 16),
        dt.date(2026, 6, 17),
        dt.date(2026, 9, 5),
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 8),
        dt.date(2026, 10, 9),
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 1),
        dt.date(2027, 12, 20),
    ]
)
NEAR = st.builds(lambda d, k: d + dt.timedelta(days=k), DAYS, st.integers(-3, 40))
COUNTIES = st.sampled_from(["210102", "210103", "110101", None])


def maybe(s: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | s


@st.composite
def province(draw: st.DrawFn) -> list[Any]:
    """A handful of sites with events around deadlines, holidays and missing fields."""
    out: list[Any] = []
    n = draw(st.integers(1, 4))
    for i in range(n):
        sid = f"S{i}"
        out.append(
            Site(
                sid,
                county_code=draw(COUNTIES),
                place_category=draw(maybe(st.sampled_from(PLACE_CATEGORIES))),
                designated=draw(maybe(st.booleans())),
                has_system=draw(maybe(st.booleans())),
                national_security=draw(maybe(st.booleans())),
                in_use_on=draw(maybe(NEAR)),
                project_kind=draw(maybe(st.sampled_from(["new", "rebuilt"]))),
                main_project_in_use_on=draw(maybe(NEAR)),
                retention_days=draw(maybe(st.integers(0, 40))),
                standards=draw(
                    maybe(st.lists(st.sampled_from(["GB 50348", " ", ""]), max_size=2).map(tuple))
                ),
                training=draw(maybe(st.booleans())),
            )
        )
        for j in range(draw(st.integers(0, 2))):
            out.append(
                Camera(
                    f"C{i}-{j}",
                    sid,
                    place=draw(maybe(st.sampled_from([*CAMERA_PLACES, "lobby"]))),
                    private_area=draw(maybe(st.booleans())),
                )
            )
        for j in range(draw(st.integers(0, 6))):
            etype = draw(st.sampled_from(EVENT_TYPES))
            on = draw(NEAR)
            at = draw(maybe(st.integers(0, 24 * 60 - 1)))
            on_at = None
            if at is not None:
                on_at = dt.datetime(
                    on.year, on.month, on.day, at // 60, at % 60, tzinfo=lnvideo.periods.SHANGHAI
                )
            reported = draw(maybe(st.integers(0, 60)))
            out.append(
                Event(
                    sid,
                    etype,
                    on,
                    on_at=on_at,
                    id=draw(maybe(st.sampled_from([f"E{j}", "CH1", "CH2"]))),
                    authority=draw(COUNTIES)
                    if etype in {"registration_filed", "change_reported"}
                    else None,
                    change=draw(maybe(st.sampled_from(["CH1", "CH2"])))
                    if etype == "change_reported"
                    else None,
                    by=draw(maybe(st.sampled_from(["Wang", " ", "\u3000"])))
                    if etype == "footage_accessed"
                    else None,
                    purpose=draw(maybe(st.just("case"))) if etype == "footage_accessed" else None,
                    authorized=draw(maybe(st.booleans()))
                    if etype in {"camera_changed", "footage_disclosed"}
                    else None,
                    recorded_on=draw(maybe(NEAR)) if etype == "footage_deleted" else None,
                    important=draw(maybe(st.booleans())) if etype == "footage_deleted" else None,
                    reported_on=(
                        (
                            on_at
                            or dt.datetime(
                                on.year, on.month, on.day, tzinfo=lnvideo.periods.SHANGHAI
                            )
                        )
                        + dt.timedelta(hours=reported)
                        if reported is not None and etype == "suspicious_observed"
                        else None
                    ),
                )
            )
    return out


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    province(),
    st.sampled_from([dt.date(2008, 1, 15), dt.date(2026, 10, 9), AS_OF]),
    st.sampled_from(["en", "zh"]),
)
def test_generated_provinces(records: list[Any], as_of: dt.date, lang: str) -> None:
    """On generated small provinces (deadlines, holidays, missing data), both engines agree,
    messages and explanations included."""
    assert_agree(python_keys(records, as_of, lang), duckdb_keys(records, as_of, lang))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(any_sites(), min_size=1, max_size=3), st.data(), st.sampled_from(["en", "zh"]))
def test_arbitrary_valid_records(sites: list[Site], data: st.DataObject, lang: str) -> None:
    """On arbitrary valid records (any dates from 1901 to 2199, any text), both engines agree,
    messages and explanations included."""
    records: list[Any] = list(sites)
    for s in sites:
        records += data.draw(st.lists(any_events(site=s.id), max_size=3))
    assert_agree(python_keys(records, AS_OF, lang), duckdb_keys(records, AS_OF, lang))


# ---------------------------------------------------------------- layered law (SPEC §8)
ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
#: the Measures, the Special Trades Measures, Decree No. 799, the Dalian overlay and the
#: stricter trade rule: every gate (in force, area, displacement) and declared word
LAYERED = lnvideo.load_rules(
    "liaoning_trades",
    "national",
    ROOT / "examples" / "dalian-designations",
    ROOT / "examples" / "stricter-trade",
)


def layered_keys(records: list[Any], as_of: dt.date) -> tuple[set[Any], set[Any]]:
    bundles, _ = group_by_site(records)
    py = {key(f) for f in LAYERED.iter_findings(bundles, as_of=as_of, explain=False)}
    engine = ENGINES["duckdb"]
    dk = {key(f) for f in engine.findings_from_records(LAYERED, records, as_of=as_of)}  # type: ignore[attr-defined]
    return py, dk


@pytest.mark.parametrize("example", LAYERED.ir.examples, ids=lambda e: f"{e.pack}:{e.name}")
def test_layered_pack_examples(example: Any) -> None:
    """Every example of every layered pack gives the same findings in both engines."""
    assert_agree(*layered_keys(list(example.records), example.as_of or AS_OF))


#: each instrument's first day, and the day before it
STARTS = [
    dt.date(2019, 12, 31),
    dt.date(2020, 1, 1),
    dt.date(2025, 3, 31),
    dt.date(2025, 4, 1),
    dt.date(2025, 12, 31),
    dt.date(2026, 1, 1),
    dt.date(2026, 5, 31),
    dt.date(2026, 6, 1),
    dt.date(2026, 11, 30),
]
LAYERED_CATEGORIES = st.sampled_from(
    ["hotel", "pawnshop", "massage_parlour", "government_service_hall", "border_port",
     "pharmacy", "kindergarten", "mall", "school", "other"]
)  # fmt: skip
LAYERED_PLACES = st.sampled_from(
    ["hotel_room", "nursing_room", "fitting_room", "private_dining_room", "lobby", "toilet"]
)
LAYERED_COUNTIES = st.sampled_from(["210102", "210202", "210204", "110101", None])


@st.composite
def layered_province(draw: st.DrawFn) -> list[Any]:
    """Sites of the three packs' categories in Dalian, Shenyang and Beijing, around the starts."""
    out: list[Any] = []
    near = st.builds(
        lambda d, k: d + dt.timedelta(days=k), st.sampled_from(STARTS), st.integers(-70, 70)
    )
    for i in range(draw(st.integers(1, 4))):
        sid = f"L{i}"
        signage = draw(maybe(st.booleans()))
        out.append(
            Site(
                sid,
                county_code=draw(LAYERED_COUNTIES),
                place_category=draw(maybe(LAYERED_CATEGORIES)),
                has_system=draw(maybe(st.booleans())),
                retention_days=draw(maybe(st.sampled_from([14, 15, 30, 59, 60, 89, 90]))),
                designated=draw(maybe(st.booleans())),
                extra={} if signage is None else {"signage": signage},
            )
        )
        for j in range(draw(st.integers(0, 2))):
            out.append(
                Camera(
                    f"L{i}-C{j}",
                    sid,
                    place=draw(maybe(LAYERED_PLACES)),
                    private_area=draw(maybe(st.booleans())),
                )
            )
        for j in range(draw(st.integers(0, 3))):
            etype = draw(st.sampled_from(["footage_deleted", "system_stopped", "system_changed"]))
            on = draw(near)
            out.append(
                Event(
                    sid,
                    etype,
                    on,
                    id=f"L{i}-E{j}",
                    recorded_on=draw(maybe(near)) if etype == "footage_deleted" else None,
                    important=draw(maybe(st.booleans())) if etype == "footage_deleted" else None,
                )
            )
    return out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layered_province(), st.sampled_from(STARTS))
def test_generated_layered_provinces(records: list[Any], as_of: dt.date) -> None:
    """Mixed packs, dates either side of each instrument's start: both engines agree."""
    assert_agree(*layered_keys(records, as_of))
