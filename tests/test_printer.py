"""Tests for lnvideo.syntax.printer (canonical layout) and the `lnvideo fmt` command."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies_rules import rule_files, with_comments

from lnvideo.cli import main
from lnvideo.syntax import ast
from lnvideo.syntax.from_tree import parse
from lnvideo.syntax.printer import WIDTH, format_rule_file, format_text

SAMPLE = Path(__file__).parent / "data" / "rules" / "sample.lnv"
RULES = Path(__file__).parent.parent / "rules"

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse(text: str) -> ast.RuleFile:
    rf, diags = parse(text, "t.lnv")
    assert rf is not None, "\n".join(d.render() for d in diags)
    return rf


def _fmt(text: str, lang: str = "en") -> str:
    out, diags = format_text(text, "t.lnv", lang=lang)
    assert out is not None, diags
    return out


# ---------------------------------------------------------------- golden
@pytest.mark.parametrize("lang", ["en", "zh"], ids=["en", "zh"])
def test_sample_round_trips(lang: str) -> None:
    """Formatting the sample file re-parses to the same AST, in either language."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert _parse(_fmt(text, lang)) == _parse(text)


def test_sample_layout() -> None:
    """The sample is laid out with the header first, clauses in canonical order and indented."""
    out = _fmt(SAMPLE.read_text(encoding="utf-8"))
    assert out.startswith('# header comment\npack liaoning version "1.0.0"\n  title zh ')
    assert (
        '  rule LN-12.1a title en "Register"\n'
        "    cites article 12 paragraph 1, article 14 last paragraph\n"
        "    obligation on site\n"
        "    severity error\n"
        "    applies when system_present and site.in_use_on >= effective\n"
        "    requires event registration_filed as filing\n"
        "      where filing.authority = site.county_code and filing.on >= 2008-01-01\n"
        "      within 30 days after site.in_use_on\n"
        "    interprets civil_code_periods\n"
        '    message en "Not registered by {due}"\n'
    ) in out
    assert "(count of event change_reported as r where r.change = event.id) > 0" in out
    assert _fmt(out) == out


def test_sample_zh_uses_chinese_keywords() -> None:
    """With lang="zh" the keywords are the Chinese spellings."""
    out = _fmt(SAMPLE.read_text(encoding="utf-8"), "zh")
    assert out.splitlines()[1].startswith("规则包 liaoning 版本")
    assert "    义务 对象 场所\n" in out
    assert "预期 LN-12.1a 满足 针对 场所 S1 到期 2026-04-01 履行于 2026-04-01" in out


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("(a or b) and c", "(a or b) and c"),
        ("a or (b and c)", "a or b and c"),
        ("not (a and b)", "not (a and b)"),
        ("not (a is present)", "not a is present"),
        ("(a and b) and c", "a and b and c"),
        ("a and (b and c)", "a and (b and c)"),
        ("(exists event t as x where x.a) and b", "(exists event t as x where x.a) and b"),
        ("b and (exists event t as x where x.a)", "b and exists event t as x where x.a"),
        ("exists event t as x and b", "exists event t as x and b"),
        ("(count of event t as x where x.a) >= 2", "(count of event t as x where x.a) >= 2"),
        ("(if a then b else c) or d", "(if a then b else c) or d"),
        ("x in {a,b,}", "x in {a, b}"),
        ('x = "q\\"uote\\\\"', 'x = "q\\"uote\\\\"'),
    ],
    ids=[
        "or-in-and",
        "and-in-or",
        "not-and",
        "not-predicate",
        "left-assoc",
        "right-nested",
        "where-followed",
        "where-last",
        "no-where",
        "count-compare",
        "if-in-or",
        "set",
        "escapes",
    ],
)
def test_minimal_parentheses(source: str, expected: str) -> None:
    """Conditions keep only the parentheses their structure needs."""
    out = _fmt(f'pack p version "1"\ncondition c = {source}\n')
    assert out.splitlines()[-1] == f"condition c = {expected}"
    assert _parse(out) == _parse(f'pack p version "1"\ncondition c = {source}\n')


def test_long_expression_breaks_before_and() -> None:
    """A condition longer than the width is broken before `and`, continuation indented."""
    parts = [f"site.field_number_{i} is present" for i in range(6)]
    out = _fmt('pack p version "1"\ncondition c = ' + " and ".join(parts) + "\n")
    lines = out.splitlines()[2:]
    assert len(lines) > 1
    assert all(line.startswith("  and ") for line in lines[1:])
    assert all(len(line) <= WIDTH for line in lines)


def test_long_set_wraps() -> None:
    """A set too long for one line is filled onto indented lines between braces."""
    words = ", ".join(f"place_kind_{i}" for i in range(20))
    out = _fmt(f'pack p version "1"\nset s = {{{words}}}\n')
    lines = out.splitlines()
    assert lines[2] == "set s = {"
    assert lines[-1] == "}"
    assert all(len(line) <= WIDTH for line in lines)


def test_comments_attach_to_next_node() -> None:
    """A comment goes on its own line before the next node, at that node's indentation."""
    text = (
        'pack p version "1"\n'
        "# about the article\n"
        "article 1 rule X-1\n"
        "  # why this message\n"
        '  message en "m" cites article 1 # trailing\n'
        "  severity info\n"
        "# the end\n"
    )
    out = _fmt(text)
    assert out == (
        'pack p version "1"\n'
        "\n"
        "# about the article\n"
        "article 1\n"
        "\n"
        "  rule X-1\n"
        "    cites article 1\n"
        "    # trailing\n"
        "    severity info\n"
        "    # why this message\n"
        '    message en "m"\n'
        "# the end\n"
    )
    assert _fmt(out) == out


def test_comment_in_header_stays_with_its_clause() -> None:
    """A comment before a pack header clause stays before that clause."""
    text = 'pack p version "1"\n  # adopted when?\n  adopted 2007-10-07\n  title en "T"\n'
    out = _fmt(text)
    assert out == ('pack p version "1"\n  title en "T"\n  # adopted when?\n  adopted 2007-10-07\n')


# ---------------------------------------------------------------- properties
@PROPERTY
@given(rule_files())
def test_format_round_trips(rf: ast.RuleFile) -> None:
    """Any rule file formats to text that parses back to the same AST."""
    assert _parse(format_rule_file(rf)) == rf


@PROPERTY
@given(rule_files())
def test_chinese_round_trips(rf: ast.RuleFile) -> None:
    """The Chinese layout parses back to the same AST as the English one."""
    zh = format_rule_file(rf, lang="zh")
    assert _parse(zh) == _parse(format_rule_file(rf)) == rf
    assert _fmt(zh, "zh") == zh


@PROPERTY
@given(st.data())
def test_format_is_idempotent_and_keeps_comments(data: st.DataObject) -> None:
    """With comments scattered in, fmt keeps every comment and fmt(fmt(x)) == fmt(x)."""
    rf = data.draw(rule_files())
    text, added = data.draw(with_comments(format_rule_file(rf)))
    once = _fmt(text)
    assert _parse(once) == rf
    kept = [m.group(0).lstrip() for m in re.finditer(r"(?m)^\s*#.*$", once)]
    assert Counter(kept) == Counter(added)
    assert _fmt(once) == once


@PROPERTY
@given(rule_files())
def test_layout_does_not_matter(rf: ast.RuleFile) -> None:
    """The same file written on one line formats to the same text."""
    text = format_rule_file(rf)
    one_line = re.sub(r"\n *", " ", text)
    assert _fmt(one_line) == text


# ---------------------------------------------------------------- lnvideo fmt
def test_fmt_rewrites_in_place(tmp_path: Path) -> None:
    """`lnvideo fmt DIR` rewrites every *.lnv file under it."""
    (tmp_path / "sub").mkdir()
    f = tmp_path / "sub" / "a.lnv"
    f.write_text('pack p   version "1"   parameter x = 3  days\n', encoding="utf-8")
    assert main(["fmt", str(tmp_path)]) == 0
    assert f.read_text(encoding="utf-8") == 'pack p version "1"\n\nparameter x = 3 days\n'


def test_fmt_check_lists_and_does_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--check` lists the files that would change, writes nothing and exits 1."""
    messy = tmp_path / "messy.lnv"
    tidy = tmp_path / "tidy.lnv"
    messy.write_text('pack p version "1" parameter x = 3\n', encoding="utf-8")
    tidy.write_text('pack p version "1"\n', encoding="utf-8")
    assert main(["fmt", "--check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert str(messy) in out
    assert str(tidy) not in out
    assert messy.read_text(encoding="utf-8") == 'pack p version "1" parameter x = 3\n'
    assert main(["fmt", "--check", str(tidy)]) == 0


def test_fmt_lang_zh(tmp_path: Path) -> None:
    """`--lang zh` writes the Chinese keywords."""
    f = tmp_path / "a.lnv"
    f.write_text('pack p version "1"\n', encoding="utf-8")
    assert main(["fmt", "--lang", "zh", str(f)]) == 0
    assert f.read_text(encoding="utf-8") == '规则包 p 版本 "1"\n'


def test_fmt_syntax_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file with a syntax error is reported with its source line, left alone, exit 2."""
    f = tmp_path / "bad.lnv"
    f.write_text('pack p version "1"\nparameter = 3\n', encoding="utf-8")
    assert main(["fmt", str(f)]) == 2
    err = capsys.readouterr().err
    assert "error[LNV102]" in err
    assert "parameter = 3" in err
    assert "Traceback" not in err
    assert f.read_text(encoding="utf-8") == 'pack p version "1"\nparameter = 3\n'


def test_fmt_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist is a diagnostic and exit 2."""
    assert main(["fmt", str(tmp_path / "nope.lnv")]) == 2
    assert "LNV107" in capsys.readouterr().err


@pytest.mark.parametrize(
    "path",
    sorted(RULES.rglob("*.lnv")) or [SAMPLE],
    ids=lambda p: p.name,
)
def test_bundled_rules_round_trip(path: Path) -> None:
    """Every bundled rule file formats to the same AST, idempotently."""
    text = path.read_text(encoding="utf-8")
    out = _fmt(text)
    assert _parse(out) == _parse(text)
    assert _fmt(out) == out


# ---------------------------------------------------------------- layered law (issue 10)
LAYERED = """\
pack trades version "1"
  title zh "辽宁省治安特业服务管理办法" en "Liaoning Special Trades Measures"
  instrument "Liaoning Provincial People's Government rules"
  level provincial rules
  effective 2020-01-01
  ceased 2099-12-31
  area "21"
  published in en "quoted in a Shenyang PSB notice" zh "沈阳市公安局通知转引"

value pawnshop for site.place_category en "Pawnshops" zh "典当行"

field site.signage is bool en "Notice signs are up" zh "已设置提示标识"

article 17

  rule TR-17.2b
    cites article 17 paragraph 2
    obligation on site
    requires site.retention_days >= 60
    message en "less than 60"
    displaces LN-14.1.7 as special law

unnumbered provision title en "Prohibited areas"

  rule NR-PRIV
    cites unnumbered provision
    obligation on event system_changed or system_stopped
    requires event.authorized
    due site.main_project_in_use_on
"""


def test_layered_constructs_parse_to_their_nodes() -> None:
    """The instrument header, displacement, vocabulary, due, several event types and an
    unnumbered provision are read into their AST nodes."""
    rf = _parse(LAYERED)
    h = rf.header
    assert (h.level, h.effective, h.ceased, h.area) == (
        "provincial_rules",
        dt.date(2020, 1, 1),
        dt.date(2099, 12, 31),
        ("21",),
    )
    assert h.published_in is not None and h.published_in.get("zh") == "沈阳市公安局通知转引"
    value, field, article, provision = rf.items
    assert value == ast.ValueDecl(
        "pawnshop",
        ast.Path("site", ("place_category",)),
        ast.Text((("en", "Pawnshops"), ("zh", "典当行"))),
    )
    assert isinstance(field, ast.FieldDecl) and field.type == "bool"
    assert isinstance(article, ast.Article)
    assert article.rules[0].displaces == ast.Displacement("LN-14.1.7", "special_law")
    assert isinstance(provision, ast.Provision)
    rule = provision.rules[0]
    assert rule.cites == (ast.Citation(None),)
    assert rule.subject is not None
    assert rule.subject.event_types == ("system_changed", "system_stopped")
    assert rule.due == ast.Path("site", ("main_project_in_use_on",))


def test_layered_constructs_format_canonically_in_both_languages() -> None:
    """The example above is already in `fmt` layout; its Chinese form reads back equal."""
    assert _fmt(LAYERED) == LAYERED
    zh = _fmt(LAYERED, "zh")
    assert "  效力层级 地方政府规章\n" in zh
    assert "    排除适用 LN-14.1.7 理由为 特别法优先\n" in zh
    assert "    义务 对象 事件 system_changed 或 system_stopped\n" in zh
    assert "未编号条款 标题" in zh and "    依据 未编号条款\n" in zh
    assert "取值 pawnshop 针对 场所.place_category" in zh
    assert "字段 场所.signage 是 布尔" in zh
    assert _parse(zh) == _parse(LAYERED)


@pytest.mark.parametrize(
    ("written", "fix"),
    [("2020-1-1", "2020-01-01"), ("2020-01-1", "2020-01-01"), ("2020-1-15", "2020-01-15")],
)
def test_short_date_is_named_as_a_date(written: str, fix: str) -> None:
    """A date not in YYYY-MM-DD form is called a date, with the fix (not "the number -1")."""
    for text in (
        f'pack p version "1"\n  effective {written}\n',
        f'pack p version "1"\ncondition c = site.in_use_on >= {written}\n',
        f'pack p version "1"\nexample "e"\n  site S {{in_use_on: {written}}}\n',
    ):
        rf, diags = parse(text, "t.lnv")
        assert rf is None and len(diags) == 1
        assert diags[0].message == f"the date `{written}` is not written as YYYY-MM-DD"
        assert diags[0].hint == f"write `{fix}`"


def test_unified_diff_shows_what_fmt_would_change() -> None:
    """`unified_diff` gives the lines `fmt` would change, and nothing for a formatted file."""
    from lnvideo.syntax.printer import unified_diff

    messy = 'pack p version "1"\nparameter  x =  3 days\n'
    out = unified_diff(messy, _fmt(messy), "p.lnv")
    assert out.startswith("--- p.lnv\n+++ p.lnv (formatted)\n")
    assert "-parameter  x =  3 days\n" in out and "+parameter x = 3 days\n" in out
    assert unified_diff(_fmt(messy), _fmt(messy), "p.lnv") == ""
