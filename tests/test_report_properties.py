"""Properties of every report format over arbitrary text, and memory that does not grow with the run."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tracemalloc
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lnvideo.findings import Explanation, Finding, Status, Subject
from lnvideo.report import FORMATS, safe
from tests.report_support import AS_OF, many_findings, site_county
from tests.test_report_auditor import parse_html

#: Any text at all, surrogates and controls included.
TEXT = st.text(st.characters(codec=None, categories=None), max_size=40)


@st.composite
def findings(draw: st.DrawFn) -> list[Finding]:
    out = []
    for _ in range(draw(st.integers(1, 4))):
        site = draw(TEXT)
        out.append(
            Finding(
                draw(st.sampled_from(["LN-6", "LN-9", "LN-12.1a", draw(TEXT) or "X"])),
                draw(st.sampled_from(["6", "9", "12", "14"])),
                Subject(
                    draw(st.sampled_from(["site", "camera", "event"])), draw(st.none() | TEXT), site
                ),
                draw(st.sampled_from(list(Status))),
                due=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))),
                message=draw(TEXT),
                explanation=Explanation(reasons=tuple(draw(st.lists(TEXT, max_size=2)))),
            )
        )
    return out


def _write(fmt: str, items: list[Finding], lang: str = "en") -> str:
    buf = io.StringIO()
    FORMATS[fmt](items, as_of=AS_OF, rules="liaoning@1.0.0", lang=lang, explain=True, out=buf)
    out = buf.getvalue()
    out.encode("utf-8")  # every format writes valid UTF-8
    return out


PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(findings())
def test_json_and_sarif_always_parse(items: list[Finding]) -> None:
    """For any text in ids and messages, the JSON and SARIF output parses back."""
    obj = json.loads(_write("json", items))
    assert [f["message"] for f in obj["findings"]] == [f.message for f in items]
    assert json.loads(_write("sarif", items))["version"] == "2.1.0"


@PROPS
@given(findings(), st.sampled_from(["en", "zh"]))
def test_junit_always_parses(items: list[Finding], lang: str) -> None:
    """For any text, the JUnit output is well-formed XML with one case per finding."""
    root = ET.fromstring(_write("junit", items, lang).encode("utf-8"))
    assert len(list(root.iter("testcase"))) == len(items)


@PROPS
@given(findings())
def test_csv_has_no_live_formula(items: list[Finding]) -> None:
    """For any text, no CSV cell starts a formula and the row count is right."""
    rows = list(csv.reader(io.StringIO(_write("csv", items))))
    assert len(rows) == len(items) + 1
    for row in rows[1:]:
        for cell in row:
            assert not cell or cell.lstrip(" ")[:1] not in ("=", "+", "-", "@", "\t", "\r")


@PROPS
@given(findings(), st.sampled_from(["en", "zh"]))
def test_html_always_parses_and_text_has_no_controls(items: list[Finding], lang: str) -> None:
    """For any text, the HTML page parses and neither it nor the text table holds a control."""
    parse_html(_write("html", items, lang))
    table = _write("text", items, lang)
    assert not any(ch in table for ch in "\x1b\x00\x07\x9b\u202e")


@given(TEXT)
def test_safe_line_leaves_nothing_unsafe(value: str) -> None:
    """`safe.line` output has no control, surrogate or bidi override, and is idempotent."""
    out = safe.line(value)
    out.encode("utf-8")
    assert safe.line(out) == out
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in out)


# --- memory -----------------------------------------------------------------


class Null(io.TextIOBase):
    def write(self, s: str) -> int:
        return len(s)


def _peak(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["json", "csv", "sarif", "junit", "html", "ics"], ids=str)
def test_every_format_streams(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Peak memory for ten times the findings is about the same: nothing holds the run.

    (A list of the findings alone would add several MB; JUnit's per-rule spools
    are made small so that they reach their bound inside the smaller run.)
    """
    from lnvideo.report import junit

    monkeypatch.setattr(junit, "SPOOL_BYTES", 8 * 1024)

    def run(n: int) -> Callable[[], object]:
        return lambda: FORMATS[fmt](
            many_findings(n, reasons=False),
            as_of=AS_OF,
            rules="r",
            out=Null(),
            county_of=lambda site: site_county(site)[:2] + "0102",  # a few organs: caps fill early
        )

    n = 500 if fmt == "ics" else 1_000  # icalendar is slow under tracemalloc
    small, big = _peak(run(n)), _peak(run(10 * n))
    assert big < 1.5 * small + 512 * 1024, (small, big)


@pytest.mark.slow
def test_xlsx_streams(tmp_path: object) -> None:
    """The workbook is written in write-only mode: memory for 3,000 rows is about that for 300."""
    pytest.importorskip("openpyxl")
    from pathlib import Path

    from lnvideo.report.xlsx import write_xlsx

    def run(n: int) -> Callable[[], object]:
        return lambda: write_xlsx(
            many_findings(n, reasons=False), Path(str(tmp_path)) / f"{n}.xlsx", as_of=AS_OF
        )

    small, big = _peak(run(300)), _peak(run(3_000))
    assert big < 1.5 * small + 512 * 1024, (small, big)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=12,
)


@given(JSON_VALUES)
def test_pretty_is_json_dumps_with_indent(value: object) -> None:
    """The fast indenting encoder writes exactly what `json.dumps(indent=2)` writes."""
    from lnvideo.report.json import pretty

    assert pretty(value) == json.dumps(value, ensure_ascii=False, indent=2)
