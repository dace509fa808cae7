"""The keyword table: one place for every keyword spelling, per surface language.

Input: `grammar/keywords.toml`. Output: Lark terminal definitions appended to the
grammar (so the parser accepts English and Chinese keywords alike), and the
canonical spelling of each keyword for the printer.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache

from lnvideo.resources import data_dir

LANGS: tuple[str, ...] = ("en", "zh")


@cache
def table() -> dict[str, dict[str, list[str]]]:
    """lang -> terminal -> spellings (first is canonical)."""
    with (data_dir("grammar") / "keywords.toml").open("rb") as fp:
        raw = tomllib.load(fp)
    return {lang: {k: list(v) for k, v in raw[lang].items()} for lang in LANGS}


def _pattern(spelling: str) -> str:
    words = spelling.split(" ")
    body = r"\s+".join(re.escape(w) for w in words)
    if re.match(r"[A-Za-z0-9_]", spelling[-1]):
        body += r"(?![A-Za-z0-9_])"
    return body


@cache
def terminal_definitions() -> str:
    """Lark lines `NAME.2: /alt|alt/` for every keyword terminal, longest spelling first."""
    merged: dict[str, list[str]] = {}
    for lang in LANGS:
        for term, spellings in table()[lang].items():
            bucket = merged.setdefault(term, [])
            bucket.extend(s for s in spellings if s not in bucket)
    lines = []
    for term, spellings in merged.items():
        alts = "|".join(_pattern(s) for s in sorted(spellings, key=len, reverse=True))
        lines.append(f"{term}.2: /{alts.replace('/', chr(92) + '/')}/")
    return "\n".join(lines) + "\n"


def spelling(term: str, lang: str = "en", index: int = 0) -> str:
    """The canonical spelling of keyword `term` in `lang`."""
    return table()[lang][term][index]


def canonical(term: str, written: str, lang: str = "en") -> str:
    """Map any spelling of a multi-valued keyword (e.g. MODALITY) to `lang`'s spelling."""
    norm = " ".join(written.split())
    for source_lang in LANGS:
        spellings = table()[source_lang][term]
        if norm in spellings:
            i = spellings.index(norm)
            target = table()[lang][term]
            return target[i] if i < len(target) else target[0]
    return norm


def english(term: str, written: str) -> str:
    """The English canonical word for a written multi-valued keyword (statuses, units...)."""
    return canonical(term, written, "en")


@cache
def human_names() -> dict[str, str]:
    """How to name each terminal in a syntax error a lawyer can follow."""
    names = {
        term: " or ".join(f"`{s}`" for s in spellings[:4])
        for term, spellings in table()["en"].items()
    }
    names.update(
        {
            "RULE_ID": "a rule id like `LN-12.1a`",
            "DATE": "a date like `2008-01-01`",
            "DATETIME": "a date and time like `2026-03-01T20:00:00+08:00`",
            "NAME": "a name like `site` or `county_code`",
            "STRING": 'text in double quotes, like "Registration"',
            "INT": "a whole number",
            "COMPARE": "a comparison (`=`, `!=`, `<`, `<=`, `>`, `>=`)",
            "LPAR": "`(`",
            "RPAR": "`)`",
            "LBRACE": "`{`",
            "RBRACE": "`}`",
            "LSQB": "`[`",
            "RSQB": "`]`",
            "COMMA": "`,`",
            "DOT": "`.`",
            "COLON": "`:`",
            "EQUAL": "`=`",
            "$END": "the end of the file",
        }
    )
    return names
