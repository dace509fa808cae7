"""Tests for lnvideo.syntax.printer (canonical layout) and the `lnvideo fmt` command."""

from __future__ import annotations

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
