"""The DuckDB engine gives the python engine's messages, in English and Chinese.

Both compilers render statuses and reasons from `lnvideo.semantics`; the SQL
generator computes which reasons hold (`compile/sql_reasons.py`). One case is
still generic in SQL: an unknown `requires event … within` whose in-time event
has an undecidable `where` (python names the event and the missing field).
"""

from __future__ import annotations

from typing import Any

import pytest

import lnvideo
from lnvideo import ir
from lnvideo.engines.duckdb_engine import DuckDBEngine
from lnvideo.readers import group_by_site

RULES = lnvideo.load_rules()
ENGINE = DuckDBEngine()


def _where_undecided(f: Any) -> bool:
    rule = RULES.ir.rule(f.rule)
    return (
        rule is not None
        and isinstance(rule.requirement, ir.RequiresEventBy)
        and f.status.value == "unknown"
        and f.due is not None
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_duckdb_messages_equal_python_messages_on_every_pack_example(lang: str) -> None:
    """Every finding of every bundled example has the same message from both engines."""
    checked = 0
    for ex in RULES.ir.examples:
        records = list(ex.records)
        bundles, _ = group_by_site(records)
        assert ex.as_of is not None
        py = {
            (f.rule, f.subject.kind, f.subject.id): f
            for f in RULES.iter_findings(bundles, as_of=ex.as_of, lang=lang, explain=False)
        }
        db = {
            (f.rule, f.subject.kind, f.subject.id): f.message
            for f in ENGINE.findings_from_records(RULES, records, as_of=ex.as_of, lang=lang)
        }
        for key, f in py.items():
            if _where_undecided(f):
                continue
            checked += 1
            assert db.get(key) == f.message, (ex.name, key)
    assert checked > 700


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_overriding_rule_reports_with_its_own_message_in_both_engines(lang: str) -> None:
    """A finding an override decided carries the override's message, from either engine."""
    from pathlib import Path

    local = Path(__file__).parent / "golden" / "good" / "local_pack.lnv"
    rules = lnvideo.load_rules(local)
    ex = next(e for e in rules.ir.examples if e.name == "Shenyang keeps footage longer")
    assert ex.as_of is not None
    records = list(ex.records)
    bundles, _ = group_by_site(records)
    py = {
        f.subject.id: f.message
        for f in rules.iter_findings(bundles, as_of=ex.as_of, lang=lang, explain=False)
        if f.rule == "LN-14.1.7"
    }
    db = {
        f.subject.id: f.message
        for f in ENGINE.findings_from_records(rules, records, as_of=ex.as_of, lang=lang)
        if f.rule == "LN-14.1.7"
    }
    assert db == py
    assert ("less than 30" if lang == "en" else "少于30日") in py["S1"]
