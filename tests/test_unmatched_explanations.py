"""A filing or report the rule does not count says why: the first false comparison of the
rule's `where`, with both sides' values (county codes with their organ's name), in English and
Chinese, from the python and the SQL engines alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import lnvideo
from lnvideo import ir
from lnvideo.compile.unmatched import conjuncts, describable, from_text, unmatched_text
from lnvideo.engines import ENGINES
from lnvideo.readers import group_by_site

RULES = lnvideo.load_rules()
EXAMPLE = next(
    e for e in RULES.ir.examples if e.name.startswith("a change reported to another organ")
)

WRONG_ORGAN = {
    "en": (
        "change_reported on 2026-11-03 with the Shenhe District (Shenyang) public security organ "
        "does not count: the rule requires report.authority = site.county_code, but "
        'report.authority is "210103" (the Shenhe District (Shenyang) public security organ) '
        'and site.county_code is "210102" (the Heping District (Shenyang) public security organ)'
    ),
    "zh": (
        "change_reported 于 2026-11-03，备案机关：沈阳市沈河区公安机关，不予计入：规则要求 "
        'report.authority = site.county_code，而 report.authority 为 "210103"（沈阳市沈河区公安机关），'
        'site.county_code 为 "210102"（沈阳市和平区公安机关）'
    ),
}
OTHER_CHANGE = {
    "en": (
        "change_reported on 2026-11-04 with the Heping District (Shenyang) public security organ "
        'does not count: the rule requires report.change = event.id, but report.change is "CH9" '
        'and event.id is "CH1"'
    ),
    "zh": (
        "change_reported 于 2026-11-04，备案机关：沈阳市和平区公安机关，不予计入：规则要求 "
        'report.change = event.id，而 report.change 为 "CH9"，event.id 为 "CH1"'
    ),
}


def _reasons(engine: str, lang: str) -> tuple[str, ...]:
    records = list(EXAMPLE.records)
    if engine == "python":
        bundles, _ = group_by_site(records)
        found = list(RULES.iter_findings(bundles, as_of=EXAMPLE.as_of, lang=lang, explain=True))
    else:
        found = list(
            ENGINES[engine].findings_from_records(  # type: ignore[attr-defined]
                RULES, records, as_of=EXAMPLE.as_of, lang=lang, explain=True
            )
        )
    (f,) = [f for f in found if f.rule == "LN-12.1b" and f.subject.id == "CH1"]
    return f.explanation.reasons


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_wrong_organ_and_other_change_are_named(engine: str, lang: str) -> None:
    reasons = _reasons(engine, lang)
    assert WRONG_ORGAN[lang] in reasons
    assert OTHER_CHANGE[lang] in reasons


def test_demo_wrong_organ_filing_names_both_organs() -> None:
    """The demo's YK-ZQ-330 filed with Laobian District; its own organ is Zhanqian District."""
    from pathlib import Path

    from lnvideo.readers import read_records

    demo = Path(__file__).resolve().parents[1] / "examples" / "demo.jsonl"
    records = list(read_records([demo]))
    as_of = dt.date(2026, 11, 30)
    for engine in ("python", "duckdb"):
        if engine == "python":
            findings = RULES.check(records, as_of=as_of, explain=True).findings
        else:
            findings = ENGINES[engine].findings_from_records(  # type: ignore[attr-defined]
                RULES, records, as_of=as_of, lang="en", explain=True
            )
        (f,) = [f for f in findings if f.rule == "LN-12.1a" and f.subject.id == "YK-ZQ-330"]
        text = " ".join(f.explanation.reasons)
        assert '"210811" (the Laobian District (Yingkou) public security organ)' in text
        assert '"210802" (the Zhanqian District (Yingkou) public security organ)' in text
        assert "it does not meet the rule's conditions" not in text


def test_conditions_that_are_not_comparisons_keep_the_general_sentence() -> None:
    c = ir.Member(ir.Path("report", "change", "str"), ir.SetLit(("a",)))  # type: ignore[arg-type]
    assert not describable(c)
    assert unmatched_text("x on 2026-01-01", c, None, None, "en") == (
        "x on 2026-01-01 does not count: it does not meet the rule's conditions"
    )
    assert unmatched_text("x", None, None, None, "zh") == "x，不符合规则条件，不予计入"


def test_literal_side_is_not_repeated() -> None:
    c = ir.Compare("=", ir.Path("report", "change", "str"), ir.Literal("A", "str"))
    assert unmatched_text("x", c, "B", "A", "en") == (
        'x does not count: the rule requires report.change = "A", but report.change is "B"'
    )


@pytest.mark.parametrize(
    ("text", "type_", "value"),
    [
        ("210102", "county", "210102"),
        ("2026-10-28", "date", dt.date(2026, 10, 28)),
        ("false", "bool", False),
        ("12", "int", 12),
    ],
)
def test_sql_text_reads_back_as_python_holds_it(text: str, type_: str, value: Any) -> None:
    assert from_text(text, type_) == value


def test_conjuncts_flatten_in_source_order() -> None:
    rule = next(r for r in RULES.ir.rules if r.id == "LN-12.1b")
    where = rule.requirement.related.where  # type: ignore[attr-defined]
    assert [str(c.left) for c in conjuncts(where)] == ["report.change", "report.authority"]
