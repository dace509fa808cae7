"""Chinese article headings read 第十二条, not 第12条, in every report that names an article."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lnvideo.report import FORMATS
from lnvideo.report.labels import article_label
from tests.report_support import AS_OF, demo_counties, demo_run

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _read_zh(text: str) -> int:
    """Chinese numerals (as articles are numbered, below 1000) back to an int."""
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch == "百":
            total, digit = total + digit * 100, 0
        elif ch == "十":
            total, digit = total + (digit or 1) * 10, 0
        else:
            raise ValueError(ch)
    return total + digit


@pytest.mark.parametrize(
    ("n", "zh"),
    [
        ("1", "第一条"),
        ("10", "第十条"),
        ("12", "第十二条"),
        ("14", "第十四条"),
        ("20", "第二十条"),
        ("33", "第三十三条"),
        ("99", "第九十九条"),
        ("100", "第一百条"),
        ("105", "第一百零五条"),
        ("110", "第一百一十条"),
        ("14-1", "第十四条之一"),
    ],
)
def test_known_headings(n: str, zh: str) -> None:
    assert article_label(n, "zh") == zh


@given(st.integers(min_value=1, max_value=999))
def test_heading_round_trips(n: int) -> None:
    """Every article number 1..999 is written 第…条 in Chinese numerals that read back as n."""
    head = article_label(str(n), "zh")
    assert head.startswith("第") and head.endswith("条")
    body = head[1:-1]
    assert not any(c.isascii() for c in body)
    assert _read_zh(body) == n
    # no "一十" at the start, no doubled zero, no trailing zero
    assert not body.startswith("一十") and "零零" not in body and not body.endswith("零")
    assert article_label(str(n), "en") == f"Article {n}"


def test_not_a_number_keeps_its_text() -> None:
    assert article_label("A", "zh") == "第A条"
    assert article_label("1000", "zh") == "第1000条"


def _render(fmt: str, lang: str = "zh") -> str:
    rs, findings = demo_run(lang)
    out = io.StringIO()
    kwargs = {"width": 140} if fmt == "text" else {}
    FORMATS[fmt](
        findings,
        as_of=AS_OF,
        rules=rs.label,  # type: ignore[attr-defined]
        lang=lang,
        out=out,
        ruleset=rs,
        county_of=demo_counties(),
        **kwargs,
    )
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_zh_reports_write_chinese_article_numbers(fmt: str) -> None:
    out = _render(fmt)
    assert "第十二条" in out and "第十四条" in out
    assert "第12条" not in out and "第14条" not in out


def test_zh_ics_names_articles_in_chinese() -> None:
    pytest.importorskip("icalendar")
    out = _render("ics").replace("\r\n ", "")  # unfold
    assert "第十二条" in out or "第十四条" in out
    assert "第12条" not in out and "第14条" not in out


def test_zh_sarif_falls_back_to_chinese_article_heading() -> None:
    from lnvideo.report.sarif import rule_descriptor

    assert rule_descriptor("LN-6", None, "6", "zh")["shortDescription"] == {"text": "LN-6 (第六条)"}
    doc = json.loads(_render("sarif"))
    assert "第12条" not in json.dumps(doc, ensure_ascii=False)


def test_en_reports_keep_arabic_numbers() -> None:
    out = _render("html", "en")
    assert "Art. 12" in out
    assert "Article 12" in _render("text", "en")
