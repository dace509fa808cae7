"""A Pygments lexer for lnvideo rule files, built from the keyword table.

Input: rule text (English or Chinese keywords, or both). Output: Pygments tokens.
Invariants: every keyword spelling of `grammar/keywords.toml` is recognised in
both languages (multi-word keywords match any run of white space), longest
spelling first; text the rule language can contain never yields an `Error`
token. Registered as the `lnvideo` lexer through the `pygments.lexers` entry point.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from pygments.lexer import RegexLexer, bygroups
from pygments.token import (
    Comment,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
    _TokenType,
)

from lnvideo.syntax import keywords

_WORD = r"[A-Za-z_][A-Za-z0-9_]*"

#: keyword terminal -> token type (anything not listed is a plain `Keyword`)
_KINDS: dict[str, _TokenType] = {
    **dict.fromkeys(("AND", "OR", "NOT", "IN", "IS", "STARTS_WITH"), Operator.Word),
    **dict.fromkeys(("TRUE", "FALSE", "NONE_WORD", "CHECK", "STATUS", "LEVEL"), Keyword.Constant),
    **dict.fromkeys(("UNIT",), Keyword.Type),
    **dict.fromkeys(("MODALITY",), Keyword.Reserved),
    **dict.fromkeys(
        (
            "PACK",
            "RULE",
            "ARTICLE",
            "EXAMPLE",
            "INTERPRETATION",
            "PARAMETER",
            "SET",
            "EXTEND",
            "CONDITION",
        ),
        Keyword.Declaration,
    ),
    **dict.fromkeys(("SITE", "CAMERA", "EVENT"), Name.Builtin),
    **dict.fromkeys(("LANG",), Keyword.Pseudo),
}


def _spellings() -> dict[str, _TokenType]:
    """Each keyword spelling (single-spaced) -> its token type; English wins a tie."""
    out: dict[str, _TokenType] = {}
    for lang in keywords.LANGS:
        for term, spellings in keywords.table()[lang].items():
            for s in spellings:
                out.setdefault(s, _KINDS.get(term, Keyword))
    return out


_KEYWORD_TYPES = _spellings()


def _pattern(spelling: str) -> str:
    body = r"\s+".join(re.escape(w) for w in spelling.split(" "))
    if re.match(r"[A-Za-z0-9_]", spelling[-1]):
        body += r"(?![A-Za-z0-9_])"
    return body


_KEYWORDS = "|".join(_pattern(s) for s in sorted(_KEYWORD_TYPES, key=len, reverse=True))
_ROOTS = "|".join(
    re.escape(s)
    for term in ("SITE", "CAMERA", "EVENT")
    for lang in keywords.LANGS
    for s in keywords.table()[lang][term]
)


def _keyword(lexer: Any, match: re.Match[str]) -> Iterator[tuple[int, _TokenType, str]]:
    text = match.group(0)
    yield match.start(), _KEYWORD_TYPES.get(" ".join(text.split()), Keyword), text


class LnvideoLexer(RegexLexer):
    """Highlights lnvideo rule files: keywords (en, zh), rule ids, dates, paths, literals.

    Example:
        >>> from pygments.token import Name
        >>> toks = list(LnvideoLexer().get_tokens("rule LN-12.1a"))
        >>> toks[2]
        (Token.Name.Label, 'LN-12.1a')
    """

    name = "lnvideo"
    aliases: ClassVar[list[str]] = ["lnvideo", "lnv"]
    filenames: ClassVar[list[str]] = ["*.lnv"]
    mimetypes: ClassVar[list[str]] = ["text/x-lnvideo"]
    url = "https://github.com/lnvideo/lnvideo"

    tokens: ClassVar[dict[str, Any]] = {
        "root": [
            (r"\s+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"', String.Double, "string"),
            (
                r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+\-]\d{2}:?\d{2})?",
                Literal.Date,
            ),
            (r"\d{4}-\d{2}-\d{2}", Literal.Date),
            (r"[A-Z][A-Z0-9]*-[0-9A-Z][0-9A-Za-z.\-]*", Name.Label),
            (r"-?\d+", Number.Integer),
            # a record field: `name: value`
            (rf"({_WORD})(\s*)(:)", bygroups(Name.Attribute, Whitespace, Punctuation)),
            # a field path: `site.county_code`, `filing.on`
            (
                rf"({_ROOTS}|{_WORD})(?=\s*\.\s*[A-Za-z_])",
                Name.Builtin,
            ),
            (rf"(\.)(\s*)({_WORD})", bygroups(Punctuation, Whitespace, Name.Attribute)),
            (_KEYWORDS, _keyword),
            (_WORD, Name),
            (r"<=|>=|!=|=|<|>", Operator),
            (r"[{}\[\](),.:]", Punctuation),
        ],
        "string": [
            (r"\\.", String.Escape),
            (r'[^"\\\n]+', String.Double),
            (r'"', String.Double, "#pop"),
            (r"\n", Whitespace, "#pop"),  # an unterminated string ends at the line end
        ],
    }
