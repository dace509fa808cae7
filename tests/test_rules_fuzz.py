"""Fuzzing the rule front end: parser and checker never raise, never hang, and
always answer with located diagnostics or a ruleset.

Inputs: random text, random runs of keyword spellings and tokens, and mutations
of the bundled Measures pack (a token or a line deleted, duplicated or swapped, a
character inserted, the file cut short). Mutations that are known to change the
meaning of a rule (a required clause deleted, a single-valued clause or a whole
rule repeated) must be reported, never accepted silently.
"""

from __future__ import annotations

import re
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies_rules import rule_files

from lnvideo.api import compile_sources
from lnvideo.diagnostics import CATALOGUE
from lnvideo.resources import bundled_pack_dir
from lnvideo.syntax import ast, keywords
from lnvideo.syntax.printer import format_rule_file

NAME = "fuzz.lnv"
PACK_TEXT = (bundled_pack_dir() / "measures.lnv").read_text(encoding="utf-8")
PACK_LINES = PACK_TEXT.splitlines(keepends=True)
TOKENS = [m.span() for m in re.finditer(r'"(?:[^"\\\n]|\\.)*"|[^\s"]+|"', PACK_TEXT)]

# Each example parses (and often checks) up to the whole 600-line pack: ~0.15 s.
FAST = settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
PACK = settings(max_examples=30, deadline=3000, suppress_health_check=[HealthCheck.too_slow])

SPELLINGS = sorted({s for table in keywords.table().values() for v in table.values() for s in v})
OTHER_TOKENS = [
    "site.county_code",
    "event.on",
    "camera.place",
    "x",
    "LN-6",
    "LN-99",
    "S1",
    "42",
    "-1",
    "2026-02-30",
    "2026-03-01",
    "2026-03-01T10:00:00+08:00",
    '"text"',
    '"{due}"',
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    ".",
    "=",
    ">=",
    "!=",
    "#",
    '"',
    "\n",
    "'",
    "99999999999999999999",
    "&&",
    "，",
]
HEADER = 'pack fuzz version "1"\n  effective 2008-01-01\n'


def _warm() -> None:
    """Build the parser before any timed example."""
    compile_sources({NAME: HEADER})


_warm()


def assert_well_formed(sources: dict[str, str]) -> None:
    """compile_sources answers with a ruleset or located errors, and nothing else."""
    ruleset, diags = compile_sources(sources)
    for d in diags:
        assert d.code in CATALOGUE, d
        assert d.span is not None, f"unlocated diagnostic: {d.render()}"
        assert d.span.source in sources, d.render()
        nlines = len(sources[d.span.source].splitlines())
        assert 1 <= d.span.line <= max(nlines, 1) + 1, d.render()
        assert d.span.column >= 1, d.render()
        assert d.message.strip(), d
    if ruleset is None:
        assert any(d.is_error for d in diags), "no ruleset, yet no error says why"
    else:
        assert not any(d.is_error for d in diags)


def errors_of(text: str) -> list[str]:
    assert_well_formed({NAME: text})
    _, diags = compile_sources({NAME: text})
    return [d.render() for d in diags if d.is_error]


# ---------------------------------------------------------------- random input
@FAST
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    """Any text at all gets a ruleset or located diagnostics, never an exception."""
    assert_well_formed({NAME: text})


@FAST
@given(
    st.booleans(),
    st.lists(st.sampled_from(SPELLINGS + OTHER_TOKENS), max_size=80),
    st.sampled_from([" ", "\n", "\n  "]),
)
def test_random_keyword_runs(with_header: bool, words: list[str], sep: str) -> None:
    """Runs of keywords and tokens, with or without a pack header, never crash the front end."""
    text = (HEADER if with_header else "") + sep.join(words)
    assert_well_formed({NAME: text})


# ---------------------------------------------------------------- mutations of the pack
@st.composite
def mutations(draw: st.DrawFn) -> str:
    op = draw(
        st.sampled_from(
            [
                "delete_token",
                "duplicate_token",
                "swap_tokens",
                "delete_line",
                "duplicate_line",
                "swap_lines",
                "insert_char",
                "truncate",
                "replace_token",
            ]
        )
    )
    text = PACK_TEXT
    if op.endswith("token") or op == "swap_tokens":
        i = draw(st.integers(0, len(TOKENS) - 1))
        a, b = TOKENS[i]
        if op == "delete_token":
            return text[:a] + text[b:]
        if op == "duplicate_token":
            return text[:b] + " " + text[a:b] + text[b:]
        if op == "replace_token":
            return text[:a] + draw(st.sampled_from(SPELLINGS + OTHER_TOKENS)) + text[b:]
        j = draw(st.integers(0, len(TOKENS) - 1))
        (a, b), (c, d) = sorted([TOKENS[i], TOKENS[j]])
        if b > c:
            return text
        return text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:]
    if op in {"delete_line", "duplicate_line", "swap_lines"}:
        lines = list(PACK_LINES)
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete_line":
            del lines[i]
        elif op == "duplicate_line":
            lines.insert(i, lines[i])
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        return "".join(lines)
    if op == "insert_char":
        at = draw(st.integers(0, len(text)))
        ch = draw(st.characters(codec="utf-8"))
        return text[:at] + ch + text[at:]
    return text[: draw(st.integers(0, len(text)))]


@PACK
@given(mutations())
def test_mutated_pack(text: str) -> None:
    """A mutated Measures pack gets a ruleset or located diagnostics, never an exception."""
    assert_well_formed({NAME: text})


def _lines_starting(*words: str) -> list[int]:
    pattern = re.compile(r"^\s*(" + "|".join(re.escape(w) for w in words) + r")\b")
    return [i for i, line in enumerate(PACK_LINES) if pattern.match(line)]


REQUIRED_CLAUSES = _lines_starting(
    "cites",
    "obligation",
    "prohibition",
    "permission",
    "scope on",
    "requires",
    "forbids",
    "in scope when",
    "message",
)
SINGLE_CLAUSES = _lines_starting(
    "obligation",
    "prohibition",
    "permission",
    "scope on",
    "severity",
    "applies when",
    "requires",
    "forbids",
    "in scope when",
    "message",
    "effective",
    "adopted",
    "promulgated",
    "precedence",
    "instrument",
    "source ends",
    "parameter",
    "condition",
    "set",
)
RULE_BLOCKS = _lines_starting("rule")


@cache
def _rule_block(start: int) -> str:
    end = start + 1
    while end < len(PACK_LINES) and PACK_LINES[end].startswith("    "):
        end += 1
    return "".join(PACK_LINES[start:end])


@PACK
@given(st.sampled_from(REQUIRED_CLAUSES))
def test_deleting_a_required_clause_is_reported(i: int) -> None:
    """Deleting a rule's citation, subject, requirement or a message is an error."""
    text = "".join(PACK_LINES[:i] + PACK_LINES[i + 1 :])
    assert errors_of(text), f"deleting line {i + 1} ({PACK_LINES[i].strip()}) went unnoticed"


@PACK
@given(st.sampled_from(SINGLE_CLAUSES))
def test_repeating_a_single_clause_is_reported(i: int) -> None:
    """Saying a single-valued clause or header entry twice is an error, not "last one wins"."""
    text = "".join(PACK_LINES[: i + 1] + PACK_LINES[i:])
    assert errors_of(text), f"repeating line {i + 1} ({PACK_LINES[i].strip()}) went unnoticed"


@PACK
@given(st.sampled_from(RULE_BLOCKS))
def test_repeating_a_rule_is_reported(i: int) -> None:
    """A rule copied whole (same id) is an error."""
    block = _rule_block(i)
    text = (
        "".join(PACK_LINES[:i]) + block + block + "".join(PACK_LINES[i + len(block.splitlines()) :])
    )
    assert any("LNV104" in e for e in errors_of(text))


# ---------------------------------------------------------------- generated rule files
@FAST
@given(rule_files(), st.booleans())
def test_generated_rule_files(rf: ast.RuleFile, with_base: bool) -> None:
    """Grammatical rule files with arbitrary names and values reach the checker safely."""
    text = format_rule_file(rf)
    sources = {NAME: text}
    if with_base:
        sources = {"base.lnv": PACK_TEXT, **sources}
    assert_well_formed(sources)
