"""Rule text -> Lark parse tree, with syntax errors turned into diagnostics.

Input: the text of a rule file and its name. Output: a Lark `Tree` (positions
propagated) or a list of `Diagnostic` (code LNV102) that say, in words, what was
expected where. The LALR parser is built once per process (and Lark caches its
tables on disk), so parsing a file costs only the parse itself.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from functools import cache

import lark
from lark import Lark, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from lnvideo.diagnostics import Diagnostic, did_you_mean
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
    try:
        tree = get_parser().parse(text)
    except UnexpectedInput as exc:
        return None, [_describe(exc, text, name)]
    return tree, []


#: Groups of terminals named together, so an error lists a few ideas, not every token.
#: (terminals, how many of them must be expected, the words used instead)
_GROUPS: tuple[tuple[frozenset[str], int, str], ...] = (
    (
        frozenset(
            {
                "NAME",
                "INT",
                "STRING",
                "DATE",
                "LPAR",
                "LBRACE",
                "SITE",
                "CAMERA",
                "EVENT",
                "TRUE",
                "FALSE",
                "COUNT_OF",
                "EFFECTIVE",
                "NOT",
                "EXISTS",
                "NO",
                "IF",
            }
        ),
        4,
        "a value or a condition (a field like `site.retention_days`, a number, a date, "
        "text in double quotes, or `{a, b}`)",
    ),
    (
        frozenset(
            {
                "AND",
                "OR",
                "COMPARE",
                "IN",
                "IS",
                "NOT",
                "STARTS_WITH",
                "DOT",
                "COMMA",  # between a function's arguments
                "THEN",
                "ELSE",
                "RPAR",
                "WITHIN",
            }
        ),
        4,
        "more of the condition (`and`, `or`, a comparison like `>=`, `is`, `in`, …)",
    ),
    (
        frozenset(
            {
                "CITES",
                "MODALITY",
                "SEVERITY",
                "APPLIES",
                "REQUIRES",
                "FORBIDS",
                "PERMITS",
                "SCOPE_WHEN",
                "INTERPRETS",
                "MESSAGE",
                "OVERRIDES",
                "DISPLACES",
                "DUE",
            }
        ),
        4,
        "another line of the rule (`cites`, `applies when`, `requires`, `message`, …)",
    ),
    (
        frozenset(
            {
                "RULE",
                "ARTICLE",
                "EXAMPLE",
                "SUMMARY",
                "NOT_CHECKABLE",
                "INTERPRETATION",
                "PARAMETER",
                "SET",
                "EXTEND",
                "CONDITION",
                "VALUE",
                "FIELD",
                "UNNUMBERED",
                "$END",
            }
        ),
        3,
        "a new `rule`, `article` or `example`",
    ),
    (
        frozenset(
            {
                "INSTRUMENT",
                "ADOPTED",
                "PROMULGATED",
                "EFFECTIVE",
                "PRECEDENCE",
                "EXTENDS",
                "SOURCE_ENDS",
                "TITLE",
                "RANK_KW",
                "CEASED",
                "AREA",
                "PUBLISHED_IN",
            }
        ),
        4,
        "more of the pack header (`title`, `effective`, `precedence`, …)",
    ),
)

_KEYWORD_TERMS = frozenset(keywords.table()["en"])


def _expected_words(expected: set[str] | frozenset[str], *, line_start: bool = False) -> str:
    """Name what the parser would have accepted, grouped into a few plain phrases.

    At the start of a line, "more of the condition" is left out when a new line of
    the rule would also do: that is what the writer almost always meant.
    """
    names = keywords.human_names()
    left = {t for t in expected if not t.startswith("__")}
    phrases: list[str] = []
    for terms, needed, phrase in _GROUPS:
        hit = left & terms
        if len(hit) >= min(needed, len(terms)):
            phrases.append(phrase)
            left -= hit
    more_of_condition = _GROUPS[1][2]
    others = [p for p in phrases if p != more_of_condition]
    if line_start and others:
        phrases = others
        left -= _GROUPS[1][0]
    singles = sorted({names.get(t, f"`{t.lower()}`") for t in left})
    if len(singles) > 5:
        singles = [*singles[:5], "…"]
    words = phrases + singles
    if not words:
        return "something else"
    if len(words) == 1:
        return words[0]
    return (
        "; ".join(words[:-1]) + "; or " + words[-1]
        if phrases
        else (", ".join(words[:-1]) + " or " + words[-1])
    )


def _found(tok: lark.Token) -> str:
    """How to name the token that was found, in words."""
    text = str(tok)
    kind = tok.type
    if kind == "$END":
        return "the end of the file"
    if kind == "NAME":
        return f"the word `{text}`"
    if kind == "INT":
        return f"the number `{text}`"
    if kind == "STRING":
        return f"the text {text if len(text) <= 32 else text[:30] + '…' + chr(34)}"
    if kind in {"DATE", "DATETIME"}:
        return f"the date `{text}`"
    if kind == "RULE_ID":
        return f"the rule id `{text}`"
    if kind == "LANG":
        return f"the language `{text}`"
    if kind in _KEYWORD_TERMS:
        return f"the keyword `{' '.join(text.split())}`"
    return f"`{text}`"


_RULE_HEAD = re.compile(r"^[ \t]*(?:rule|规则)[ \t]+([A-Z][A-Z0-9]*-[0-9A-Z][0-9A-Za-z.\-]*)", re.M)
_OTHER_HEAD = re.compile(
    r"^[ \t]*(?:article|example|parameter|set|extend|condition|interpretation|pack"
    r"|条|示例|参数|集合|增补|条件|解释|规则包)\b",
    re.M,
)


def _where(text: str, offset: int) -> str:
    """`in rule X: ` when the offset lies inside a rule, else nothing."""
    before = text[:offset]
    heads = list(_RULE_HEAD.finditer(before))
    if not heads:
        return ""
    rule = heads[-1]
    if _OTHER_HEAD.search(before, rule.end()) is not None:
        return ""
    return f"in rule {rule.group(1)}: "


def _describe(exc: UnexpectedInput, text: str, name: str) -> Diagnostic:
    line = getattr(exc, "line", 1) or 1
    column = getattr(exc, "column", 1) or 1
    if isinstance(exc, UnexpectedToken):
        tok = exc.token
        expected = set(exc.accepts or exc.expected)
        if tok.type == "$END":
            line, column, offset = _end_position(text)
            msg = (
                f"{_where(text, offset)}the file ends too early; expected "
                f"{_expected_words(expected)}"
            )
            return Diagnostic(
                "LNV102",
                msg,
                Span(name, line, column, line, column + 1),
                hint="something is missing at the end of the file",
            )
        offset = tok.start_pos or 0
        doubled = str(tok) == "=" and offset > 0 and text[offset - 1] == "="
        if doubled:
            msg = f"{_where(text, offset)}`==` is not a comparison in rules; write a single `=`"
            span = Span(name, line, column - 1, line, column + 1)
            return Diagnostic("LNV102", msg, span, hint="compare with a single `=`")
        dangling = _dangling_operator(text, offset, name)
        if dangling is not None:
            return dangling
        loose = _loose_date(text, offset, name)
        if loose is not None:
            return loose
        line_start = not text[text.rfind("\n", 0, offset) + 1 : offset].strip()
        msg = (
            f"{_where(text, offset)}{_found(tok)} cannot come here; expected "
            f"{_expected_words(expected, line_start=line_start)}"
        )
        hint = _hint_for(tok, expected, text)
        end = column + max(len(str(tok)), 1)
        if tok.end_line is not None and tok.end_line != line:
            end = column + 1
        return Diagnostic("LNV102", msg, Span(name, line, column, line, end), hint=hint)
    if isinstance(exc, UnexpectedCharacters):
        offset = exc.pos_in_stream or 0
        ch = text[offset] if offset < len(text) else ""
        expected = set(exc.allowed or set())
        msg = (
            f"{_where(text, offset)}the character `{ch}` cannot come here; expected "
            f"{_expected_words(expected)}"
        )
        hint = _char_hint(ch, text, offset)
        if ch == '"' and '"' not in text[offset + 1 :].split("\n", 1)[0]:
            msg = f'{_where(text, offset)}this text has no closing `"` on its line'
        return Diagnostic("LNV102", msg, Span(name, line, column, line, column + 1), hint=hint)
    if isinstance(exc, UnexpectedEOF):
        line, column, offset = _end_position(text)
        msg = (
            f"{_where(text, offset)}the file ends too early; expected "
            f"{_expected_words(set(exc.expected))}"
        )
        return Diagnostic("LNV102", msg, Span(name, line, column))
    return Diagnostic("LNV102", str(exc).splitlines()[0], Span(name, line, column))


#: Keywords that start a clause of a rule (or a new rule, article, example).
_CLAUSE_TERMS = (
    "REQUIRES",
    "FORBIDS",
    "PERMITS",
    "APPLIES",
    "MESSAGE",
    "CITES",
    "SEVERITY",
    "INTERPRETS",
    "OVERRIDES",
    "DISPLACES",
    "RULE",
    "ARTICLE",
    "EXAMPLE",
    "MODALITY",
    "SCOPE_WHEN",
    "EXPECT",
)
_JOINERS = ("AND", "OR", "NOT", "WHEN", "WHERE", "THEN", "ELSE", "IF")


def _spellings(terms: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for lang in keywords.LANGS:
        for term in terms:
            out.update(s.split(" ")[0] for s in keywords.table()[lang].get(term, ()))
    return out


def _dangling_operator(text: str, offset: int, name: str) -> Diagnostic | None:
    """`applies when a and` + a new clause: point at the unfinished `and`, in words.

    The contextual lexer reads the clause keyword after a dangling `and` as a plain
    name, so the parser only stumbles one word later; say what really happened.
    """
    before = text[:offset]
    words = list(re.finditer(r"\S+", before))
    if len(words) < 2:
        return None
    keyword, joiner = words[-1], words[-2]
    if keyword.group() not in _spellings(_CLAUSE_TERMS):
        return None
    if joiner.group() not in _spellings(_JOINERS):
        return None
    line = before.count("\n", 0, joiner.start()) + 1
    column = joiner.start() - (before.rfind("\n", 0, joiner.start()) + 1) + 1
    msg = (
        f"{_where(text, joiner.start())}`{joiner.group()}` is not followed by anything: "
        f"`{keyword.group()}` starts a new line of the rule"
    )
    span = Span(name, line, column, line, column + len(joiner.group()))
    return Diagnostic(
        "LNV102", msg, span, hint=f"finish the condition after `{joiner.group()}`, or remove it"
    )


_LOOSE_DATE = re.compile(r"(?<![\w.\-])(\d{1,4})-(\d{1,2})-(\d{1,2})(?![\w\-])")


def _loose_date(text: str, offset: int, name: str) -> Diagnostic | None:
    """`2020-1-1`: the lexer reads a number and two negative numbers; say it is a date.

    Only when `offset` (the token the parser stumbled on) lies inside such a run.
    """
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_text = text[line_start : len(text) if line_end < 0 else line_end]
    for m in _LOOSE_DATE.finditer(line_text):
        if not m.start() <= offset - line_start < m.end():
            continue
        year, month, day = (int(g) for g in m.groups())
        written = m.group(0)
        fix = f"{year:04d}-{month:02d}-{day:02d}"
        try:
            dt.date(year, month, day)
        except ValueError:
            hint = f"write dates as YYYY-MM-DD with a real month and day, e.g. `{year:04d}-01-01`"
        else:
            hint = f"write `{fix}`"
        line = text.count("\n", 0, line_start) + 1
        column = m.start() + 1
        msg = f"{_where(text, offset)}the date `{written}` is not written as YYYY-MM-DD"
        return Diagnostic(
            "LNV102", msg, Span(name, line, column, line, column + len(written)), hint=hint
        )
    return None


def _end_position(text: str) -> tuple[int, int, int]:
    """(line, column, offset) just after the last thing written (comments and blanks skipped)."""
    lines = text.splitlines()
    for i in range(len(lines) - 1, -1, -1):
        code = _strip_comment(lines[i]).rstrip()
        if code:
            offset = sum(len(x) + 1 for x in lines[:i]) + len(code)
            return i + 1, len(code) + 1, offset
    return 1, 1, 0


def _strip_comment(line: str) -> str:
    in_string = False
    i = 0
    while i < len(line):
        ch = line[i]
        if in_string and ch == "\\":
            i += 2
            continue
        if ch == '"':
            in_string = not in_string
        elif ch == "#" and not in_string:
            return line[:i]
        i += 1
    return line


def _hint_for(tok: lark.Token, expected: set[str], text: str) -> str | None:
    word = str(tok)
    if "RULE_ID" in expected and tok.type in {"NAME", "INT"}:
        return "a rule id is capital letters, a dash and numbers, e.g. `LN-14.1.7`"
    if "DATE" in expected and tok.type == "INT":
        return "write dates as YYYY-MM-DD, e.g. `2008-01-01`"
    if tok.type == "LANG" and "LANG" not in expected:
        return 'each `message` line holds one language: write `message zh "…"` on a line of its own'
    if tok.type == "NAME" and "NAME" not in expected:
        spellings = [s for t in expected if t in _KEYWORD_TERMS for s in keywords.table()["en"][t]]
        near = did_you_mean(word, spellings)
        if near:
            return near
        if "STRING" in expected:
            return 'text goes in double quotes, like "lobby"'
    if tok.type in _KEYWORD_TERMS and "NAME" in expected:
        return f"`{word}` is a keyword of the rule language; choose another name"
    return None


def _char_hint(ch: str, text: str, offset: int) -> str | None:
    if ch in "“”":
        return 'use straight double quotes (") around text'
    if ch == "'":
        return 'text goes in double quotes ("), not single quotes'
    if ch in "&|!":
        return "use the words `and`, `or`, `not`"
    if ch in "/." and offset >= 4 and text[offset - 4 : offset].isdigit():
        return "write dates as YYYY-MM-DD, e.g. `2008-01-01`"
    if ch == '"':
        return 'close the text with a `"` before the end of the line'
    if ch in "，：；（）【】。":
        return "use the plain keyboard punctuation (`,` `:` `(` `)`), not the full-width form"
    return None
