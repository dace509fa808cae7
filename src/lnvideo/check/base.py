"""State shared by the checker's passes, and the helpers every pass uses.

Input: the parsed rule files and their source texts. Output: a `CheckerBase`
holding the collected diagnostics and the definitions the passes fill in
(parameters, sets, conditions, interpretations, which names were used).
Invariant: problems are collected (`error`), never raised.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs

from lnvideo import ir, semantics
from lnvideo.check.types import (
    Ty,
    is_temporal,
)
from lnvideo.diagnostics import Diagnostic
from lnvideo.source import Span
from lnvideo.syntax import ast

LANGS_REQUIRED = ("zh", "en")
PLACEHOLDER = semantics.PLACEHOLDER
PLACEHOLDER_FIXED = semantics.PLACEHOLDER_FIXED

_MODALITY_REQUIREMENTS: dict[str, tuple[type, ...]] = {
    "obligation": (ast.Requires, ast.RequiresBy, ast.RequiresEventBy),
    "prohibition": (ast.Forbids, ast.Requires),
    "permission": (ast.Permits, ast.Requires),
    "scope": (ast.InScope,),
}


@attrs.define
class _Ctx:
    subject: str  # site | camera | event | none (definitions)
    event_type: str | None
    bindings: dict[str, str]
    rule: str | None


class CheckerBase:
    """CheckerBase: see the module docstring."""

    def __init__(self, files: list[ast.RuleFile], sources: dict[str, str]) -> None:
        self.files = files
        self.sources = sources
        self.diags: list[Diagnostic] = []
        self.params: dict[str, Any] = {}
        self.param_spans: dict[str, Span | None] = {}
        self.sets: dict[str, list[ast.Word | ast.Literal]] = {}
        self.set_spans: dict[str, Span | None] = {}
        self.conditions: dict[str, ast.ConditionDef] = {}
        self.interpretations: dict[str, dict[str, str]] = {}
        self.used: set[str] = set()
        self.effective: dt.date | None = None
        #: the first (base) pack's effective date; `effective` is the current pack's
        self.base_effective: dt.date | None = None
        self.pack_infos: dict[str, ir.PackInfo] = {}
        #: pack -> (provision, rule id) of its rules without an article number
        self.provisions: dict[str, list[tuple[Any, str]]] = {}
        self.vocabulary: Any = None
        self._expanding: list[str] = []
        # what the passes hand on to each other (`check.passes`)
        self.packs: list[ir.PackInfo] = []
        self.ordered_files: list[ast.RuleFile] = []
        self.rules: list[ir.Rule] = []
        self.articles: dict[tuple[str, int], dict[str, Any]] = {}
        self.raw_examples: list[tuple[ast.Example, str]] = []
        self.ruleset: ir.Ruleset | None = None
        self.examples: tuple[ir.Example, ...] = ()

    def _error_count(self) -> int:
        return sum(1 for d in self.diags if d.is_error)

    def error(self, code: str, msg: str, span: Span | None, hint: str | None = None) -> None:
        self.diags.append(Diagnostic(code, msg, span, hint=hint))

    def one_per_lang(self, text: ast.Text | None, what: str) -> None:
        """Report a language given twice in one title or summary (dict() keeps the last)."""
        if text is None:
            return
        seen: set[str] = set()
        for lang, _ in text.items:
            if lang in seen:
                first = self._locate(text.span, lang, word=True)
                second = None
                if first is not None and text.span is not None:
                    after = attrs.evolve(
                        text.span, line=first.line, column=first.end_column or first.column
                    )
                    second = self._locate(after, lang, word=True)
                self.error(
                    "LNV105",
                    f"{what} gives `{lang}` twice",
                    second or first or text.span,
                    hint="write each language once",
                )
                return
            seen.add(lang)

    def _source_of(self, rule: ast.Rule) -> str:
        if rule.span is None or rule.span.source not in self.sources:
            return ""
        lines = self.sources[rule.span.source].splitlines()
        last = (
            max((s.end_line or s.line) for _, s in rule.clause_spans if s)
            if any(s for _, s in rule.clause_spans)
            else rule.span.line
        )
        start = rule.span.line - 1
        return "\n".join(lines[start:last])

    def _text_of(self, node: Any) -> str:
        span = getattr(node, "span", None)
        if span is None or span.source not in self.sources:
            return ""
        lines = self.sources[span.source].splitlines()
        end_line = span.end_line or span.line
        chunk = lines[span.line - 1 : end_line]
        if not chunk:
            return ""
        if end_line == span.line:
            chunk[0] = chunk[0][span.column - 1 : (span.end_column or 0) - 1 or None]
        else:
            chunk[0] = chunk[0][span.column - 1 :]
            chunk[-1] = chunk[-1][: (span.end_column or 1) - 1]
        return " ".join(part.strip() for part in chunk)

    def _locate(self, span: Span | None, needle: str, *, word: bool = False) -> Span | None:
        """The span of the first `needle` inside `span`'s text, or None."""
        if span is None or span.source not in self.sources:
            return None
        lines = self.sources[span.source].splitlines()
        pattern = re.escape(needle)
        if word:
            pattern = rf"(?<![\w]){pattern}(?![\w])"
        for number in range(span.line, (span.end_line or span.line) + 1):
            if not 1 <= number <= len(lines):
                break
            text = lines[number - 1]
            start = span.column - 1 if number == span.line else 0
            m = re.compile(pattern).search(text, start)
            if m:
                return Span(span.source, number, m.start() + 1, number, m.end() + 1)
        return None

    def want_bool(self, t: Ty, node: Any) -> None:
        if t.name not in {"bool", "any"}:
            self.error(
                "LNV201",
                f"expected a condition (true or false) but this is a {t}",
                getattr(node, "span", None),
                hint="compare it, e.g. `site.retention_days >= 15`, or test it, e.g. "
                "`site.standards is not empty`",
            )

    def want_temporal(self, t: Ty, node: Any) -> None:
        if not is_temporal(t):
            self.error("LNV201", f"expected a date but this is a {t}", getattr(node, "span", None))

    def expr(self, e: Any, ctx: _Ctx, expect: Ty | None = None) -> tuple[Any, Ty]:
        method = getattr(self, "_e_" + type(e).__name__)
        result: tuple[Any, Ty] = method(e, ctx, expect)
        return result
