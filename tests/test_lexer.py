"""Tests for lnvideo.lexer: the Pygments lexer for rule files."""

from __future__ import annotations

from pathlib import Path

import pygments.lexers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pygments.token import (
    Comment,
    Error,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    _TokenType,
)
from strategies_rules import rule_files

from lnvideo.lexer import LnvideoLexer
from lnvideo.syntax.printer import format_rule_file, format_text

SAMPLE = Path(__file__).parent / "data" / "rules" / "sample.lnv"
RULES = Path(__file__).parent.parent / "rules"


def _tokens(text: str) -> list[tuple[_TokenType, str]]:
    return [(t, v) for t, v in LnvideoLexer().get_tokens(text) if v.strip()]


def _errors(text: str) -> list[tuple[_TokenType, str]]:
    return [(t, v) for t, v in LnvideoLexer().get_tokens(text) if t in Error]


@pytest.mark.parametrize(
    "find",
    [
        lambda: pygments.lexers.get_lexer_by_name("lnvideo"),
        lambda: pygments.lexers.get_lexer_by_name("lnv"),
        lambda: pygments.lexers.get_lexer_for_filename("rules.lnv"),
    ],
    ids=["name", "alias", "filename"],
)
def test_registered_with_pygments(find: object) -> None:
    """Pygments finds the lexer by name, alias and file name through the entry point."""
    assert callable(find)
    assert isinstance(find(), LnvideoLexer)


@pytest.mark.parametrize(
    "path",
    [SAMPLE, *sorted(RULES.rglob("*.lnv"))],
    ids=lambda p: p.name,
)
@pytest.mark.parametrize("lang", ["as-written", "en", "zh"])
def test_no_error_tokens_on_rule_files(path: Path, lang: str) -> None:
    """Rule files, as written and formatted in either language, lex without Error tokens."""
    text = path.read_text(encoding="utf-8")
    if lang != "as-written":
        formatted, _ = format_text(text, lang=lang)
        assert formatted is not None
        text = formatted
    assert _errors(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rule LN-14.1.7d", [(Keyword.Declaration, "rule"), (Name.Label, "LN-14.1.7d")]),
        ("as of 2026-05-01", [(Keyword, "as of"), (Literal.Date, "2026-05-01")]),
        (
            "on: 2026-04-01T20:00:00Z",
            [(Name.Attribute, "on"), (Literal.Date, "2026-04-01T20:00:00Z")],
        ),
        (
            "site.county_code",
            [(Name.Builtin, "site"), (Name.Attribute, "county_code")],
        ),
        ("场所.county_code", [(Name.Builtin, "场所"), (Name.Attribute, "county_code")]),
        ("filing.on", [(Name.Builtin, "filing"), (Name.Attribute, "on")]),
        ("source\n  ends at", [(Keyword, "source\n  ends at")]),
        ("not checkable", [(Keyword, "not checkable")]),
        ("a not in b", [(Name, "a"), (Operator.Word, "not"), (Operator.Word, "in"), (Name, "b")]),
        ("不可自动检查", [(Keyword, "不可自动检查")]),
        ("不存在", [(Keyword, "不存在")]),
        ("3 working days", [(Number.Integer, "3"), (Keyword.Type, "working days")]),
        ("3 个工作日", [(Number.Integer, "3"), (Keyword.Type, "个工作日")]),
        ("x >= -15", [(Name, "x"), (Operator, ">="), (Number.Integer, "-15")]),
        (
            "obligation on site",
            [(Keyword.Reserved, "obligation"), (Keyword, "on"), (Name.Builtin, "site")],
        ),
        ("# note", [(Comment.Single, "# note")]),
        ("nothing", [(Name, "nothing")]),
    ],
    ids=[
        "rule-id",
        "date",
        "datetime-field",
        "path",
        "path-zh",
        "path-binding",
        "multiword",
        "not-checkable",
        "not-in",
        "zh-keyword",
        "zh-longest",
        "unit",
        "unit-zh",
        "compare",
        "modality",
        "comment",
        "name-starting-with-keyword",
    ],
)
def test_token_kinds(text: str, expected: list[tuple[_TokenType, str]]) -> None:
    """Each construct gets its token type."""
    assert [tv for tv in _tokens(text) if tv[0] not in Punctuation] == expected


def test_string_with_escape() -> None:
    """A string's escapes are String.Escape and the rest String."""
    toks = _tokens(r'"a \"b\" c"')
    assert all(t in String for t, _ in toks)
    assert (String.Escape, '\\"') in toks


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule_files(), st.sampled_from(["en", "zh"]))
def test_generated_files_lex_cleanly(rf: object, lang: str) -> None:
    """Any formatted rule file lexes without Error tokens and loses no text."""
    text = format_rule_file(rf, lang=lang)  # type: ignore[arg-type]
    tokens = list(LnvideoLexer().get_tokens(text))
    assert [t for t in tokens if t[0] in Error] == []
    assert "".join(v for _, v in tokens) == text
