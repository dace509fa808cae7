"""Tests for the text, SARIF, JUnit and CSV reports and the FORMATS table."""

from __future__ import annotations

import datetime as dt
import inspect
import io
import json
import xml.etree.ElementTree as ET

import pytest

from lnvideo.findings import Explanation, Finding, Status, Subject
from lnvideo.report import FORMATS
from lnvideo.report.text import render as render_text

AS_OF = dt.date(2026, 10, 1)
RULES = "liaoning@1.0.0"

FINDINGS = [
    Finding("LN-3", "3", Subject("site", "S1", "S1"), Status.SATISFIED, message="in scope"),
    Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED, message="no system"),
    Finding(
        "LN-12.1a",
        "12",
        Subject("site", "S1", "S1"),
        Status.PENDING,
        due=dt.date(2026, 10, 8),
        message="not yet registered",
        explanation=Explanation(reasons=("in use since 2026-09-05",)),
    ),
    Finding("LN-12.1b", "12", Subject("event", "E1", "S1"), Status.VIOLATED, message="late"),
    Finding("LN-9", "9", Subject("camera", "C1", "S1"), Status.UNKNOWN, message="place?"),
    Finding("LN-14.2", "14", Subject("site", "S2", "S2"), Status.NOT_APPLICABLE, message="not O&M"),
    Finding("LN-14.1.4e", "14", Subject("event", None, "S1"), Status.VIOLATED, message="no by"),
]


def _render(fmt: str, *, lang: str = "en", explain: bool = False, **kw: object) -> str:
    buf = io.StringIO()
    FORMATS[fmt](FINDINGS, as_of=AS_OF, rules=RULES, lang=lang, explain=explain, out=buf, **kw)  # type: ignore[arg-type]
    return buf.getvalue()


def test_formats_table_has_every_cli_format_with_one_signature() -> None:
    """FORMATS names the seven --format values and every renderer takes the same keywords."""
    assert set(FORMATS) == {"text", "json", "sarif", "junit", "csv", "html", "ics"}
    for fn in FORMATS.values():
        params = inspect.signature(fn).parameters
        for name in ("as_of", "rules", "lang", "explain", "out", "engine", "ruleset", "county_of"):
            assert params[name].kind is inspect.Parameter.KEYWORD_ONLY


# --- text -------------------------------------------------------------------


def test_text_groups_by_article_and_ends_with_the_summary() -> None:
    """Text shows one table per article in article order and the summary counts everything."""
    out = _render("text", width=140, engine="python")
    positions = [out.index(f"Article {a}") for a in ("6", "9", "12", "14")]
    assert positions == sorted(positions)
    last = out.rstrip("\n").splitlines()[-1]
    assert last == (
        "3 violated · 1 pending · 1 unknown · 1 satisfied · 1 not applicable"
        " — engine python · rules liaoning@1.0.0 · as of 2026-10-01"
    )


def test_text_hides_satisfied_and_not_applicable_by_default() -> None:
    """By default only violated, pending and unknown rows are listed."""
    out = _render("text", width=140)
    assert "LN-6" in out and "LN-12.1a" in out and "LN-9" in out
    assert "LN-3 " not in out and "LN-14.2" not in out
    assert "Article 3" not in out


def test_text_only_selects_statuses_but_summary_counts_all() -> None:
    """`only` chooses the rows; the summary still counts every finding."""
    out = _render("text", width=140, only=["satisfied"])
    assert "LN-3" in out and "LN-6" not in out
    assert "3 violated" in out


def test_text_rows_follow_rule_order_and_every_row_names_its_subject() -> None:
    """Issue 11: within an article rows are in rule order, and no Subject cell is blank."""
    findings = [
        Finding("LN-14.1.7d", "14", Subject("event", "D1", "S9"), Status.VIOLATED, message="m"),
        Finding("LN-14.1.2", "14", Subject("site", "S9", "S9"), Status.VIOLATED, message="m"),
        Finding("LN-14.1.1", "14", Subject("site", "S9", "S9"), Status.VIOLATED, message="m"),
        Finding("LN-14.1.10", "14", Subject("site", "S1", "S1"), Status.VIOLATED, message="m"),
    ]
    for width in (80, 120):
        buf = io.StringIO()
        render_text(findings, as_of=AS_OF, rules=RULES, out=buf, width=width)
        rows = [line for line in buf.getvalue().splitlines() if line.startswith("  LN-")]
        assert [r.split()[0] for r in rows] == [
            "LN-14.1.1",
            "LN-14.1.2",
            "LN-14.1.7d",
            "LN-14.1.10",
        ]
        assert all(("site S" in r) or ("event D1 @ S9" in r) for r in rows)


def test_text_explain_adds_reasons_under_the_row() -> None:
    """With explain, a finding's reasons follow its row."""
    out = _render("text", width=140, explain=True)
    lines = out.splitlines()
    row = next(i for i, line in enumerate(lines) if "LN-12.1a" in line)
    assert "in use since 2026-09-05" in lines[row + 1]


def test_text_without_a_terminal_has_no_ansi() -> None:
    """Writing to a non-terminal stream, or with no_color, emits no escape codes."""
    assert "\x1b[" not in _render("text", width=140)
    assert "\x1b[" not in _render("text", width=140, no_color=True)


def test_text_on_a_terminal_colours_unless_no_color() -> None:
    """On a terminal statuses are coloured, and no_color turns that off."""

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    coloured = Tty()
    render_text(FINDINGS, as_of=AS_OF, rules=RULES, out=coloured, width=140)
    assert "\x1b[" in coloured.getvalue()
    plain = Tty()
    render_text(FINDINGS, as_of=AS_OF, rules=RULES, out=plain, width=140, no_color=True)
    assert "\x1b[" not in plain.getvalue()


def test_text_zh_labels() -> None:
    """In zh, headings, article titles and status names are Chinese."""
    out = _render("text", lang="zh", width=140)
    for word in ("第十二条", "规则", "状态", "违反", "待履行", "未知"):
        assert word in out
    assert (
        out.rstrip("\n")
        .splitlines()[-1]
        .startswith("违反 3 · 待履行 1 · 未知 1 · 满足 1 · 不适用 1")
    )


def test_text_with_nothing_to_show_says_so() -> None:
    """When every finding is filtered out the report says so and still summarizes."""
    buf = io.StringIO()
    render_text(FINDINGS[:1], as_of=AS_OF, rules=RULES, out=buf, width=120)
    assert "Nothing to show (1 findings hidden)." in buf.getvalue()
    assert "1 satisfied" in buf.getvalue()


# --- SARIF ------------------------------------------------------------------


def test_sarif_has_the_required_structure() -> None:
    """The SARIF log has version 2.1.0, one run, a driver named lnvideo and valid results."""
    log = json.loads(_render("sarif"))
    assert log["version"] == "2.1.0"
    assert "$schema" in log
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "lnvideo"
    ids = [r["id"] for r in driver["rules"]]
    assert ids == ["LN-3", "LN-6", "LN-9", "LN-12.1a", "LN-12.1b", "LN-14.1.4e", "LN-14.2"]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
    for result in run["results"]:
        assert set(result) >= {"ruleId", "message", "level", "locations"}
        assert result["message"]["text"]
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        (loc,) = result["locations"]
        assert loc["logicalLocations"][0]["fullyQualifiedName"].startswith("site/")


def test_sarif_levels_follow_status() -> None:
    """Violated is an error, pending a note, unknown a warning; others make no result."""
    run = json.loads(_render("sarif"))["runs"][0]
    levels = {(r["ruleId"], r["level"]) for r in run["results"]}
    assert levels == {
        ("LN-6", "error"),
        ("LN-12.1a", "note"),
        ("LN-12.1b", "error"),
        ("LN-9", "warning"),
        ("LN-14.1.4e", "error"),
    }
    camera = next(r for r in run["results"] if r["ruleId"] == "LN-9")
    assert camera["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == (
        "site/S1/camera/C1"
    )
    assert run["properties"] == {"as_of": "2026-10-01", "rules": RULES}


# --- JUnit ------------------------------------------------------------------


def test_junit_has_a_suite_per_article_and_a_case_per_finding() -> None:
    """JUnit XML parses, with suites per article and counts that match the cases."""
    root = ET.fromstring(_render("junit"))
    assert root.tag == "testsuites"
    # The unknown LN-9 is skipped with its reason, not passed.
    assert root.get("tests") == "7" and root.get("failures") == "3" and root.get("skipped") == "2"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["Article 3", "Article 6", "Article 9", "Article 12", "Article 14"]
    art14 = suites["Article 14"]
    cases = art14.findall("testcase")
    assert len(cases) == int(art14.get("tests", "0")) == 2
    by_rule = {c.get("classname"): c for c in cases}
    assert by_rule["article14.LN-14.1.4e"].find("failure") is not None
    assert by_rule["article14.LN-14.2"].find("skipped") is not None
    pending = suites["Article 12"].find("testcase[@classname='article12.LN-12.1a']")
    assert pending is not None and pending.find("failure") is None
    assert "2026-10-08" in (pending.findtext("system-out") or "")


def test_junit_zh_suite_names() -> None:
    """In zh, suites are named 第N条."""
    root = ET.fromstring(_render("junit", lang="zh"))
    assert root.find("testsuite").get("name") == "第3条"  # type: ignore[union-attr]


# --- CSV --------------------------------------------------------------------


def test_csv_matches_golden() -> None:
    """CSV has the fixed header and one row per finding, blanks for missing values."""
    assert _render("csv").splitlines() == [
        "rule,article,subject_kind,subject_id,site,status,due,fulfilled_on,severity,message",
        "LN-3,3,site,S1,S1,satisfied,,,error,in scope",
        "LN-6,6,site,S1,S1,violated,,,error,no system",
        "LN-12.1a,12,site,S1,S1,pending,2026-10-08,,error,not yet registered",
        "LN-12.1b,12,event,E1,S1,violated,,,error,late",
        "LN-9,9,camera,C1,S1,unknown,,,error,place?",
        "LN-14.2,14,site,S2,S2,not_applicable,,,error,not O&M",
        "LN-14.1.4e,14,event,,S1,violated,,,error,no by",
    ]


def test_csv_quotes_commas_and_newlines() -> None:
    """A message with a comma or newline is quoted, so the row count stays right."""
    f = Finding("LN-6", "6", Subject("site", "S,1", "S,1"), Status.VIOLATED, message='a, "b"\nc')
    buf = io.StringIO()
    FORMATS["csv"]([f], as_of=AS_OF, rules=RULES, lang="en", explain=False, out=buf)
    import csv

    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert rows[1][3] == "S,1" and rows[1][-1] == 'a, "b"\nc'


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "csv"], ids=str)
def test_every_format_accepts_an_iterator(fmt: str) -> None:
    """Each renderer consumes a one-shot iterator without error and writes something."""
    buf = io.StringIO()
    FORMATS[fmt](iter(FINDINGS), as_of=AS_OF, rules=RULES, lang="en", explain=True, out=buf)
    assert buf.getvalue()
