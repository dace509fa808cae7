"""The SQL engines give the python engine's message and explanation, in English and Chinese.

Both compilers render statuses and reasons from `lnvideo.semantics`; the SQL
generator computes which reasons hold (`compile/sql_reasons.py`) and returns the
keys and values an explanation needs, which `compile/sql_explain.py` renders in
Python with the same text functions (clauses, facts, reasons, deadline notes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import lnvideo
from lnvideo.engines.duckdb_engine import DuckDBEngine
from lnvideo.readers import group_by_site

RULES = lnvideo.load_rules()
LOCAL = lnvideo.load_rules(Path(__file__).parent / "golden" / "good" / "local_pack.lnv")
ENGINE = DuckDBEngine()


def _compare(rules: Any, lang: str) -> int:
    """Compare every finding of every example of `rules`; how many were compared."""
    checked = 0
    for ex in rules.ir.examples:
        records = list(ex.records)
        bundles, _ = group_by_site(records)
        assert ex.as_of is not None
        py = {
            (f.rule, f.subject.kind, f.subject.id): f
            for f in rules.iter_findings(bundles, as_of=ex.as_of, lang=lang, explain=True)
        }
        db = {
            (f.rule, f.subject.kind, f.subject.id): f
            for f in ENGINE.findings_from_records(
                rules, records, as_of=ex.as_of, lang=lang, explain=True
            )
        }
        assert db.keys() == py.keys(), ex.name
        for key, f in py.items():
            checked += 1
            assert db[key].message == f.message, (ex.name, key)
            assert db[key].explanation == f.explanation, (ex.name, key)
    return checked


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_duckdb_messages_and_explanations_equal_python_on_every_pack_example(lang: str) -> None:
    """Every finding of every bundled example: same message, clauses, facts and reasons."""
    assert _compare(RULES, lang) > 770


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overrides_explain_alike_in_both_engines(lang: str) -> None:
    """A local pack's examples (overriding rules): same messages and explanations."""
    assert _compare(LOCAL, lang) > 700


def test_explanations_are_empty_unless_asked() -> None:
    """Without `explain` the SQL engines return no explanation (the cheaper query)."""
    ex = RULES.ir.examples[0]
    found = list(ENGINE.findings_from_records(RULES, list(ex.records), as_of=ex.as_of))
    assert found and all(not f.explanation.reasons and not f.explanation.facts for f in found)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_undecided_where_names_the_event_and_the_missing_field(lang: str) -> None:
    """A filing naming no organ: the unknown finding says which filing and what is missing."""
    import datetime as dt

    from lnvideo.records import Event, Site

    records = [
        Site("S1", county_code="210102", in_use_on=dt.date(2026, 9, 5)),
        Event("S1", "registration_filed", dt.date(2026, 10, 1)),
    ]
    as_of = dt.date(2026, 11, 30)
    bundles, _ = group_by_site(records)
    py = next(
        f for f in RULES.iter_findings(bundles, as_of=as_of, lang=lang) if f.rule == "LN-12.1a"
    )
    db = next(
        f
        for f in ENGINE.findings_from_records(RULES, records, as_of=as_of, lang=lang, explain=True)
        if f.rule == "LN-12.1a"
    )
    assert py.status.value == "unknown" and "2026-10-01" in py.message
    assert "authority" in py.message
    assert (db.message, db.explanation) == (py.message, py.explanation)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_overriding_rule_reports_with_its_own_message_in_both_engines(lang: str) -> None:
    """A finding an override decided carries the override's message, from either engine."""
    ex = next(e for e in LOCAL.ir.examples if e.name == "Shenyang keeps footage longer")
    assert ex.as_of is not None
    records = list(ex.records)
    bundles, _ = group_by_site(records)
    py = {
        f.subject.id: f.message
        for f in LOCAL.iter_findings(bundles, as_of=ex.as_of, lang=lang, explain=False)
        if f.rule == "LN-14.1.7"
    }
    db = {
        f.subject.id: f.message
        for f in ENGINE.findings_from_records(LOCAL, records, as_of=ex.as_of, lang=lang)
        if f.rule == "LN-14.1.7"
    }
    assert db == py
    assert ("less than 30" if lang == "en" else "少于30日") in py["S1"]
