"""The spark engine agrees with the python engine (local mode; skipped without pyspark or Java)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import lnvideo
from lnvideo import synth
from lnvideo.engines import ENGINES
from lnvideo.engines.spark_engine import spark_available

WHY = spark_available()
pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(WHY is not None, reason=f"spark engine unavailable: {WHY}"),
]
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


@pytest.fixture(scope="module")
def spark() -> Any:
    from lnvideo.engines.spark_engine import session

    return session("local[2]")


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("province")
    synth.write(out, 30, seed=5)
    return out


def test_spark_agrees_on_synthetic_province(spark: Any, province: Any) -> None:
    """On 30 synthetic sites, spark gives exactly the python engine's findings."""
    py = {key(f) for f in ENGINES["python"].findings(RULES, [province], as_of=AS_OF)}
    sp = {key(f) for f in ENGINES["spark"].findings(RULES, [province], as_of=AS_OF)}
    assert sorted(py - sp, key=repr)[:5] == [] and sorted(sp - py, key=repr)[:5] == []


def test_spark_agrees_on_pack_examples(spark: Any) -> None:
    """On the pack's working-day example (a make-up working day), spark agrees with python."""
    from lnvideo.readers import group_by_site

    for example in RULES.ir.examples:
        if not example.name.startswith("a change reported across"):
            continue
        bundles, _ = group_by_site(example.records)
        py = {key(f) for f in RULES.iter_findings(bundles, as_of=example.as_of, explain=False)}
        engine = ENGINES["spark"]
        sp = {
            key(f)
            for f in engine.findings_from_records(RULES, example.records, as_of=example.as_of)
        }  # type: ignore[attr-defined]
        assert py == sp, example.name


def _full(f: Any) -> tuple[Any, ...]:
    return (*key(f), f.message, f.explanation)


def test_spark_gives_python_messages_and_explanations_on_every_pack_example(spark: Any) -> None:
    """Every pack example (alternately in English and Chinese): spark gives each finding the
    python engine's message and explanation (clauses, facts, reasons)."""
    from lnvideo.readers import group_by_site

    engine = ENGINES["spark"]
    checked = 0
    for i, example in enumerate(RULES.ir.examples):
        lang = ("en", "zh")[i % 2]
        bundles, _ = group_by_site(example.records)
        py = {
            _full(f)
            for f in RULES.iter_findings(bundles, as_of=example.as_of, lang=lang, explain=True)
        }
        sp = {
            _full(f)
            for f in engine.findings_from_records(  # type: ignore[attr-defined]
                RULES, example.records, as_of=example.as_of, lang=lang, explain=True
            )
        }
        assert sorted(py - sp, key=repr)[:3] == sorted(sp - py, key=repr)[:3] == [], example.name
        checked += len(py)
    assert checked > 700


def test_spark_explains_the_synthetic_province_as_python(spark: Any, province: Any) -> None:
    """On 30 synthetic sites, spark's messages and explanations are python's."""
    py = {_full(f) for f in ENGINES["python"].findings(RULES, [province], as_of=AS_OF, lang="zh")}
    found = ENGINES["spark"].findings(RULES, [province], as_of=AS_OF, lang="zh", explain=True)  # type: ignore[call-arg]
    sp = {_full(f) for f in found}
    assert sorted(py - sp, key=repr)[:3] == [] and sorted(sp - py, key=repr)[:3] == []


def test_spark_write_counts(spark: Any, province: Any, tmp_path: Any) -> None:
    """`write` produces one Parquet file whose counts match the python engine's summary."""
    out = tmp_path / "findings.parquet"
    counts = ENGINES["spark"].write(RULES, [province], out, as_of=AS_OF)
    assert out.is_file()
    assert counts == ENGINES["python"].summary(RULES, [province], as_of=AS_OF)


def test_spark_bad_parquet_rows_reported_and_left_out(spark: Any, tmp_path: Any) -> None:
    """A Parquet directory with bad rows: spark reports the readers' diagnostics and agrees."""
    from tests.test_duckdb_inputs import make_bad_dir

    d = make_bad_dir(tmp_path / "bad")
    py_engine, sp_engine = ENGINES["python"], ENGINES["spark"]
    py = {key(f) for f in py_engine.findings(RULES, [d], as_of=AS_OF)}
    sp = {key(f) for f in sp_engine.findings(RULES, [d], as_of=AS_OF)}
    assert py == sp
    codes = sorted(x.code for x in sp_engine.last_diagnostics)
    assert codes == sorted(x.code for x in py_engine.last_diagnostics)
    assert "LNV009" in codes and "LNV010" in codes


def test_spark_agrees_on_layered_packs(spark: Any, tmp_path: Any) -> None:
    """Three instruments, the Dalian overlay and the stricter trade rule (SPEC §8), either side
    of the decree's start: spark gives the python engine's findings, LNV016 and `signage` too."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    rules = lnvideo.load_rules(
        "liaoning_trades",
        "national",
        root / "examples" / "dalian-designations",
        root / "examples" / "stricter-trade",
    )
    rows = [
        {"kind": "site", "id": "H30", "county_code": "210102", "place_category": "hotel",
         "has_system": True, "retention_days": 30},
        {"kind": "site", "id": "P60", "county_code": "210202", "place_category": "pawnshop",
         "has_system": True, "retention_days": 60},
        {"kind": "site", "id": "PH", "county_code": "210202", "place_category": "pharmacy"},
        {"kind": "site", "id": "SY", "county_code": "210102", "place_category": "pharmacy",
         "has_system": False},
        {"kind": "site", "id": "HALL", "county_code": "210102",
         "place_category": "government_service_hall", "has_system": True, "signage": False},
        {"kind": "site", "id": "X", "county_code": "210102", "place_category": "moon_base"},
        {"kind": "camera", "id": "C1", "site": "HALL", "place": "nursing_room"},
        {"kind": "event", "type": "system_stopped", "site": "HALL", "id": "ST", "on": "2025-03-20"},
        {"kind": "event", "type": "footage_deleted", "site": "P60", "id": "D1",
         "on": "2026-07-31", "recorded_on": "2026-06-01"},
    ]  # fmt: skip
    src = tmp_path / "mix.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    for as_of in (dt.date(2025, 3, 31), AS_OF):
        py = {key(f) for f in ENGINES["python"].findings(rules, [src], as_of=as_of)}
        sp = {key(f) for f in ENGINES["spark"].findings(rules, [src], as_of=as_of)}
        assert sorted(py - sp, key=repr)[:5] == [] and sorted(sp - py, key=repr)[:5] == []
