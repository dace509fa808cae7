"""Rule text -> Lark parse tree, with syntax errors turned into diagnostics.

Input: the text of a rule file and its name. Output: a Lark `Tree` (positions
propagated) or a list of `Diagnostic` (code LNV102) that say, in words, what was
expected where. The LALR parser is built once per process (and Lark caches its
tables on disk), so parsing a file costs only the parse itself.
"""

from __future__ import annotations

import threading
from functools import cache

import lark
from lark import Lark, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from lnvideo.diagnostics import Diagnostic
from lnvideo.resources import grammar_path
from lnvideo.source import Span
from lnvideo.syntax import keywords

_lock = threading.Lock()


@cache
def grammar_text() -> str:
    return grammar_path().read_text(encoding="utf-8") + "\n" + keywords.terminal_definitions()


@cache
def _parser() -> Lark:
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        cache=False,
    )


def get_parser() -> Lark:
    with _lock:
        return _parser()


def parse_tree(text: str, name: str = "<string>") -> tuple[Tree | None, list[Diagnostic]]:
    """Parse rule text; on failure return None and one located, readable diagnostic."""
    comments: list[lark.Token] = []
    try:
        tree = get_parser().parse(text)
    except UnexpectedInput as exc:
        return None, [_describe(exc, text, name)]
    del comments
    return tree, []


def _expected_words(expected: set[str] | frozenset[str]) -> str:
    names = keywords.human_names()
    words = sorted({names.get(t, f"`{t.lower()}`") for t in expected if not t.startswith("__")})
    if not words:
        return "something else"
    if len(words) > 6:
        words = [*words[:6], "…"]
    return ", ".join(words)


def _describe(exc: UnexpectedInput, text: str, name: str) -> Diagnostic:
    line = getattr(exc, "line", 1) or 1
    column = getattr(exc, "column", 1) or 1
    if isinstance(exc, UnexpectedToken):
        tok = exc.token
        found = "the end of the file" if tok.type == "$END" else f"`{tok}`"
        if tok.type == "$END":
            line, column = _end_position(text)
        expected = _expected_words(exc.accepts or exc.expected)
        msg = f"unexpected {found}; expected {expected}"
        hint = _hint_for(str(tok), exc.accepts or exc.expected)
        end = column + max(len(str(tok)), 1) if tok.type != "$END" else column + 1
        span = Span(name, line, column, line, end)
        return Diagnostic("LNV102", msg, span, hint=hint)
    if isinstance(exc, UnexpectedCharacters):
        ch = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
        expected = _expected_words(exc.allowed or set())
        msg = f"unexpected character `{ch}`; expected {expected}"
        hint = None
        if ch in "“”":
            hint = 'use straight double quotes (") around text'
        elif ch == "'":
            hint = 'text goes in double quotes ("), not single quotes'
        return Diagnostic("LNV102", msg, Span(name, line, column, line, column + 1), hint=hint)
    if isinstance(exc, UnexpectedEOF):
        line, column = _end_position(text)
        msg = f"the file ends too early; expected {_expected_words(set(exc.expected))}"
        return Diagnostic("LNV102", msg, Span(name, line, column))
    return Diagnostic("LNV102", str(exc).splitlines()[0], Span(name, line, column))


def _end_position(text: str) -> tuple[int, int]:
    lines = text.splitlines() or [""]
    return len(lines), len(lines[-1]) + 1


def _hint_for(token: str, expected: set[str] | frozenset[str]) -> str | None:
    if "RULE_ID" in expected and token and token[0].isalpha():
        return "a rule id is letters, a dash and numbers, e.g. `LN-14.1.7`"
    if "DATE" in expected:
        return "write dates as YYYY-MM-DD"
    if token == "==":
        return "compare with a single `=`"
    if token in {"&&", "||", "!"}:
        return "use the words `and`, `or`, `not`"
    return None
