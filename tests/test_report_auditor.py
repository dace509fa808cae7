"""Tests for the auditor's reports (HTML, xlsx, ics) and the fixed terminal and machine formats."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.cells import cell_len

from lnvideo.counties import organ_name
from lnvideo.findings import Explanation, Finding, Status, Subject
from lnvideo.report import FORMATS, html, ics, junit, sarif, text, xlsx
from lnvideo.report.context import organ_label
from lnvideo.report.labels import display_message
from tests.report_support import AS_OF, demo_counties, demo_run, many_findings, site_county

VOID = {"meta", "br", "hr", "img", "input", "link", "source", "wbr", "rect"}


class Checker(HTMLParser):
    """A strict-enough parser: every non-void element is closed, in order; collects text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(page: str) -> str:
    checker = Checker()
    checker.feed(page)
    checker.close()
    assert not checker.errors, checker.errors[:5]
    assert checker.stack == [], checker.stack
    return " ".join(checker.text)


def _html(lang: str = "en", **kw: object) -> str:
    rs, findings = demo_run(lang)
    buf = io.StringIO()
    FORMATS["html"](
        findings,
        as_of=AS_OF,
        rules=rs.label,
        lang=lang,
        out=buf,
        engine="python",  # type: ignore[attr-defined]
        ruleset=rs,
        county_of=demo_counties(),
        **kw,
    )
    return buf.getvalue()


# --- HTML -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_parses_names_every_county_and_violated_subject(lang: str) -> None:
    """The page parses, and names every county organ and every violated subject of the demo."""
    page = _html(lang)
    shown = parse_html(page)
    _, findings = demo_run(lang)
    for code in set(demo_counties().values()):
        assert organ_label(code, lang) in shown
    for f in findings:
        if f.status is Status.VIOLATED:
            assert (f.subject.id or f.subject.site) in shown, f
    assert AS_OF.isoformat() in shown and "liaoning 1.0.0" in shown


def test_html_filters_offer_every_article_status_and_county() -> None:
    """The filter form lists the articles, statuses and organs; items carry what it filters on."""
    page = _html()
    for code in set(demo_counties().values()):
        assert f'<option value="{code}">' in page
    for article in ("6", "7", "12", "14"):
        assert f'<option value="{article}">' in page
    assert '<option value="violated">' in page and 'data-status="violated"' in page
    assert '<form class="filters" id="filters" hidden' in page  # shown by the script only


def test_html_has_no_external_reference() -> None:
    """No URL, protocol-relative link, CDN, external script, stylesheet or image."""
    page = _html()
    assert not re.search(r"https?://|//cdn|\bsrc=|<link\b|@import|url\(", page)


def test_html_zh_is_chinese_and_counts_use_separators() -> None:
    """With lang zh the headings are Chinese; the organ names are the zh organ names."""
    page = _html("zh")
    assert '<html lang="zh-CN">' in page
    for word in ("公共安全视频图像信息系统检查报告", "按县级公安机关汇总", "即将到期", "已逾期"):
        assert word in page
    assert organ_name("210102", "zh") in page
    buf = io.StringIO()
    html.write_html(many_findings(3000), buf, as_of=AS_OF, rules="r", county_of=site_county)
    assert "3,000" in buf.getvalue()


def test_html_lists_overdue_by_days_late_and_upcoming_within_30_days() -> None:
    """Overdue rows are sorted by days late, most first; upcoming are pending, due in 30 days."""
    buf = io.StringIO()
    digest = html.write_html(
        many_findings(5000),
        buf,
        as_of=AS_OF,
        rules="r",
        county_of=site_county,
        top=50,
        per_county=5,
    )
    late = [d for d, _, _ in digest.overdue()]
    assert late == sorted(late, reverse=True) and len(late) == 50
    for left, f, _ in digest.upcoming():
        assert f.status is Status.PENDING and 0 <= left <= 30
    page = buf.getvalue()
    parse_html(page)
    assert "more — see the xlsx or csv output" in page


def test_html_escapes_and_neutralises_record_text() -> None:
    """Markup and escape sequences from a record are shown as text, never obeyed."""
    evil = "<script>alert(1)</script>\x1b[2J\u202e"
    f = Finding("LN-6", "6", Subject("site", evil, evil), Status.VIOLATED, message=evil)
    buf = io.StringIO()
    html.render([f], as_of=AS_OF, rules="r", out=buf)
    page = buf.getvalue()
    parse_html(page)
    assert "<script>alert" not in page and "\x1b" not in page and "\u202e" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- xlsx -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_xlsx_has_summary_per_organ_and_a_filterable_findings_sheet(
    tmp_path: Path, lang: str
) -> None:
    """Summary per county organ; findings with a frozen header, autofilter and widths."""
    openpyxl = pytest.importorskip("openpyxl")
    rs, findings = demo_run(lang)
    out = tmp_path / "findings.xlsx"
    n = xlsx.write_xlsx(
        findings,
        out,
        as_of=AS_OF,
        rules=rs.label,
        lang=lang,
        ruleset=rs,
        county_of=demo_counties(),
    )
    assert n == len(findings)
    wb = openpyxl.load_workbook(out)
    summary, sheet = wb.worksheets
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:M{n + 1}"
    assert sheet.column_dimensions["M"].width == 80
    headers = [c.value for c in sheet[1]]
    if lang == "zh":
        assert summary.title == "汇总" and headers[:2] == ["县级公安机关", "行政区划代码"]
    else:
        assert headers[:2] == ["County organ", "County code"]
    organs = {row[0] for row in summary.iter_rows(values_only=True)}
    for code in set(demo_counties().values()):
        assert organ_label(code, lang) in organs
    total = next(r for r in summary.iter_rows(values_only=True) if r[0] in ("Total", "合计"))
    assert total[-1] == n


def test_xlsx_neutralises_formulas_and_controls(tmp_path: Path) -> None:
    """A cell that would start a formula starts with an apostrophe; controls are visible."""
    openpyxl = pytest.importorskip("openpyxl")
    f = Finding(
        "LN-6",
        "6",
        Subject("site", "@SUM(A1)", "+1"),
        Status.VIOLATED,
        message="=cmd|' /C calc'!A0\x07\ud800",
    )
    out = tmp_path / "f.xlsx"
    xlsx.write_xlsx([f], out, as_of=AS_OF)
    row = [c.value for c in openpyxl.load_workbook(out).worksheets[1][2]]
    assert row[2] == "'+1" and row[4] == "'@SUM(A1)"
    assert row[12].startswith("'=cmd") and "\x07" not in row[12] and "\ud800" not in row[12]


# --- ics --------------------------------------------------------------------


def test_ics_has_one_all_day_event_per_pending_finding_with_stable_uids() -> None:
    """Every pending finding is an all-day event on its due date, per organ, with a stable UID."""
    icalendar = pytest.importorskip("icalendar")
    rs, findings = demo_run("zh")
    first, second = io.StringIO(), io.StringIO()
    for buf in (first, second):
        FORMATS["ics"](
            findings,
            as_of=AS_OF,
            rules=rs.label,
            lang="zh",
            out=buf,
            ruleset=rs,  # type: ignore[attr-defined]
            county_of=demo_counties(),
        )
    assert first.getvalue() == second.getvalue()
    cal = icalendar.Calendar.from_ical(first.getvalue())
    events = cal.walk("VEVENT")
    pending = [f for f in findings if f.status is Status.PENDING and f.due]
    assert len(events) == len(pending) > 0
    assert len({str(e["uid"]) for e in events}) == len(events)
    for f in pending:
        ev = next(e for e in events if str(e["uid"]) == ics.event_uid(f))
        assert ev.decoded("dtstart") == f.due
        assert ev.decoded("dtend") == f.due + dt.timedelta(days=1)
        organ = organ_label(demo_counties()[f.subject.site], "zh")
        assert organ in ev["categories"].to_ical().decode()


# --- text -------------------------------------------------------------------


def _text(lang: str, width: int, **kw: object) -> str:
    rs, findings = demo_run(lang)
    buf = io.StringIO()
    text.render(
        findings, as_of=AS_OF, rules=rs.label, lang=lang, out=buf, width=width, ruleset=rs, **kw
    )  # type: ignore[arg-type]
    return buf.getvalue()


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_fits_the_width_and_never_cuts_a_message(lang: str, width: int) -> None:
    """No line is wider than the width or ends in a space; every word of every message is there."""
    out = _text(lang, width, explain=True)
    for line in out.splitlines():
        assert cell_len(line) <= width, line
        assert line == line.rstrip(), repr(line)
    assert "…" not in out
    flat = re.sub(r"\s+", "", out)
    _, findings = demo_run(lang)
    for f in findings:
        if f.status in (Status.VIOLATED, Status.UNKNOWN):
            shown = display_message(f.message, f.status)
            for word in re.findall(r"[A-Za-z0-9_.]+|[\u4e00-\u9fff]", shown):
                assert word in flat


@pytest.mark.parametrize("width", [80, 120])
def test_text_prints_a_due_date_once(width: int) -> None:
    """A pending row shows its due date once, not again inside the message."""
    out = _text("en", width)
    for due in ("2026-12-10", "2026-10-08", "2026-11-19"):
        assert out.count(due) == 1


def test_text_unknown_says_what_is_unknown() -> None:
    """An unknown finding does not read as the assertion it could not judge."""
    out = _text("en", 120)
    assert "Privacy safeguards are in place: cannot be judged" not in out
    assert "cannot tell whether" in re.sub(r"\s+", " ", out)


def test_text_honours_columns_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Piped output takes its width from COLUMNS."""
    monkeypatch.setenv("COLUMNS", "72")
    rs, findings = demo_run("en")
    buf = io.StringIO()
    text.render(findings, as_of=AS_OF, rules=rs.label, out=buf)
    assert max(cell_len(line) for line in buf.getvalue().splitlines()) <= 72


def test_text_summary_has_thousands_separators() -> None:
    """Counts in the summary line are written 12,345."""
    buf = io.StringIO()
    text.render(many_findings(14_000), as_of=AS_OF, rules="r", out=buf, only=[], width=200)
    assert "4,000 violated" in buf.getvalue().splitlines()[-1]


# --- SARIF and JUnit --------------------------------------------------------


def test_sarif_rules_are_described_by_their_titles_with_help() -> None:
    """Each rule's description is its title (not a finding's message), with helpUri and help."""
    rs, findings = demo_run("en")
    log = sarif.sarif_log(findings, as_of=AS_OF, rules=rs.label, ruleset=rs)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["LN-7"]["shortDescription"]["text"] == rs.ir.rule("LN-7").titles["en"]
    assert "not applicable" not in json.dumps(rules)
    for r in rules.values():
        assert r["helpUri"] and r["help"]["text"] and r["fullDescription"]["text"]
    results = log["runs"][0]["results"]
    assert results and all(r["message"]["text"] for r in results)
    ids = list(rules)
    assert all(ids[r["ruleIndex"]] == r["ruleId"] for r in results)


def test_junit_unknown_is_skipped_with_its_reason_and_messages_do_not_repeat() -> None:
    """Unknown findings are skipped with the reason; a pending case names status and due once."""
    rs, findings = demo_run("en")
    root = junit.junit_tree(findings, as_of=AS_OF, rules=rs.label, ruleset=rs)
    cases = root.iter("testcase")
    for case in cases:
        if case.get("name", "") == "LN-8 site AS-TX-203":
            skipped = case.find("skipped")
            assert skipped is not None and "privacy_safeguards" in skipped.get("message", "")
        if case.get("name", "").startswith("LN-12.1a site SY-HP-001"):
            out = case.findtext("system-out") or ""
            assert out.count("2026-10-08") == 1 and out.count("pending") == 1


# --- text safety in every format -------------------------------------------

EVIL = '=HYPERLINK("x")\x1b[31m\x00\x07\ufffe\ud800\udc80\u202e'


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_survives_hostile_text(fmt: str) -> None:
    """Controls, escapes, lone surrogates and formulas in ids and messages crash nothing."""
    f = Finding(
        "LN-12.1a",
        "12",
        Subject("site", EVIL, EVIL),
        Status.PENDING,
        due=AS_OF,
        message=EVIL,
        explanation=Explanation(reasons=(EVIL,)),
    )
    g = Finding("LN-6", "6", Subject("camera", EVIL, EVIL), Status.VIOLATED, message=EVIL)
    h = Finding("LN-9", "9", Subject("camera", EVIL, EVIL), Status.UNKNOWN, message=EVIL)
    buf = io.StringIO()
    FORMATS[fmt]([f, g, h], as_of=AS_OF, rules=EVIL, lang="en", explain=True, out=buf)
    out = buf.getvalue()
    out.encode("utf-8")  # valid UTF-8: no lone surrogate written
    if fmt != "json" and fmt != "sarif":
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\u202e]", out), fmt
    if fmt in ("json", "sarif"):
        assert json.loads(out)
    if fmt == "junit":
        ET.fromstring(out.encode("utf-8"))
    if fmt == "csv":
        for row in list(csv.reader(io.StringIO(out)))[1:]:
            assert all(not cell or cell[0] not in "=+-@\t\r" for cell in row)
    if fmt == "html":
        parse_html(out)


def test_json_keeps_a_lone_surrogate_as_an_escape() -> None:
    """JSON written is valid UTF-8 and a lone surrogate in an id round-trips as \\ud800."""
    f = Finding("LN-6", "6", Subject("site", "S\ud800", "S\ud800"), Status.VIOLATED)
    buf = io.StringIO()
    FORMATS["json"]([f], as_of=AS_OF, rules="r", out=buf)
    data = buf.getvalue().encode("utf-8")
    assert b"\\ud800" in data
    assert json.loads(data)["findings"][0]["subject"]["id"] == "S\ud800"


def test_xlsx_continues_on_a_new_sheet_past_the_row_limit(tmp_path: Path) -> None:
    """A province larger than one sheet goes on to "Findings 2" with the same header."""
    import datetime as dt

    import openpyxl

    from lnvideo.findings import Finding, Status, Subject
    from lnvideo.report import xlsx
    from lnvideo.report.context import ReportContext

    ctx = ReportContext(as_of=dt.date(2026, 10, 1), rules="liaoning@1")
    book = xlsx._Book(ctx, "en")
    fs = [
        Finding("LN-6", "6", Subject("site", f"S{i}", f"S{i}"), Status.SATISFIED) for i in range(5)
    ]
    assert xlsx._findings_sheet(book, fs, per_sheet=2) == 5
    xlsx._summary_sheet(book)
    out = tmp_path / "f.xlsx"
    book.wb.save(str(out))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary", "Findings", "Findings 2", "Findings 3"]
    assert [wb[n].max_row for n in wb.sheetnames[1:]] == [3, 3, 2]
    assert wb["Findings 3"]["A1"].value == wb["Findings"]["A1"].value
