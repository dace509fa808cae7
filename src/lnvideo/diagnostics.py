"""Diagnostics: every problem a user can cause, as data with a stable code.

Input: code, message, span, hint. Output: `Diagnostic` values that the CLI, the
API and the docs render alike. Problems are collected, never raised one at a
time; `LnvideoError` carries a batch of them across the API boundary.

Code ranges (the catalogue below is the single list; docs render it):
  LNV0xx  input records (JSONL / Parquet)
  LNV1xx  rule files: syntax and names
  LNV2xx  rule files: types, packs, overrides, examples
  LNV3xx  calendar and periods
  LNV4xx  command line and engines
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable, Sequence

import attrs

from lnvideo.source import SourceFile, Span, snippet


class Level(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


#: code -> (level, one-line title). Every code a diagnostic uses must be listed.
CATALOGUE: dict[str, tuple[Level, str]] = {
    # input records
    "LNV001": (Level.ERROR, "line is not valid JSON"),
    "LNV002": (Level.ERROR, "record is not a JSON object"),
    "LNV003": (Level.ERROR, "missing or unknown record kind"),
    "LNV004": (Level.ERROR, "required field missing"),
    "LNV005": (Level.ERROR, "field has the wrong type"),
    "LNV006": (Level.ERROR, "bad date or datetime"),
    "LNV007": (Level.ERROR, "value not in the allowed set"),
    "LNV008": (Level.ERROR, "unknown event type"),
    "LNV009": (Level.ERROR, "record refers to a site that is not in the input"),
    "LNV010": (Level.ERROR, "duplicate record id"),
    "LNV011": (Level.ERROR, "input file cannot be read"),
    "LNV012": (Level.WARNING, "field looks like a misspelling of a known field"),
    "LNV013": (Level.ERROR, "bad county code"),
    "LNV014": (Level.WARNING, "field belongs to another event type"),
    "LNV015": (Level.WARNING, "key given twice in one JSON object"),
    "LNV016": (Level.WARNING, "value declared by no loaded rule pack"),
    # rule files: syntax and names
    "LNV101": (Level.ERROR, "unknown field"),
    "LNV102": (Level.ERROR, "syntax error"),
    "LNV103": (Level.ERROR, "unknown name"),
    "LNV104": (Level.ERROR, "duplicate rule id"),
    "LNV105": (Level.ERROR, "duplicate definition"),
    "LNV106": (Level.WARNING, "unused parameter or set"),
    "LNV107": (Level.ERROR, "rule file cannot be read"),
    "LNV108": (Level.ERROR, "unknown value for this field"),
    "LNV109": (Level.ERROR, "unknown event type"),
    "LNV110": (Level.ERROR, "bad message placeholder"),
    "LNV111": (Level.ERROR, "unknown interpretation"),
    # rule files: types, packs, overrides, examples
    "LNV201": (Level.ERROR, "type mismatch"),
    "LNV202": (Level.ERROR, "override of a rule that does not exist"),
    "LNV203": (Level.ERROR, "conflicting overrides with the same precedence"),
    "LNV204": (Level.WARNING, "rule can never apply"),
    "LNV205": (Level.ERROR, "field not available on this subject"),
    "LNV206": (Level.ERROR, "missing message"),
    "LNV207": (Level.ERROR, "bad example"),
    "LNV208": (Level.ERROR, "pack has no scope rule, or more than one"),
    "LNV209": (Level.ERROR, "unit not allowed here"),
    "LNV210": (Level.WARNING, "rule has no example"),
    "LNV211": (Level.ERROR, "extends a set that does not exist"),
    "LNV212": (Level.ERROR, "pack header entry missing or given twice"),
    # calendar and periods
    "LNV301": (Level.ERROR, "calendar does not cover the year"),
    "LNV302": (Level.ERROR, "calendar file is malformed"),
    "LNV303": (Level.ERROR, "bad period"),
    # command line and engines
    "LNV401": (Level.ERROR, "bad command-line argument"),
    "LNV402": (Level.ERROR, "construct not supported by this engine"),
    "LNV403": (Level.ERROR, "engine not available"),
}


@attrs.frozen
class Diagnostic:
    """One problem, located. `level` defaults to the catalogue's level for `code`."""

    code: str
    message: str
    span: Span | None = attrs.field(default=None)
    hint: str | None = None
    field: str | None = None
    level: Level = attrs.field()

    @level.default
    def _level_default(self) -> Level:
        return CATALOGUE.get(self.code, (Level.ERROR, ""))[0]

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        if self.span is None:
            return ("", 0, 0, self.code)
        return (self.span.source, self.span.line, self.span.column, self.code)

    def render(self, sources: dict[str, SourceFile] | None = None) -> str:
        """Render as `file:line:col: level[CODE]: message`, the source line, a caret and a hint.

        What a rule file or a record said is shown, never obeyed: controls, escape
        sequences and lone surrogates in the message, the source line or the hint are
        made visible (`lnvideo.report.safe`), so a diagnostic cannot drive a terminal.
        """
        from lnvideo.report.safe import line as safe

        where = f"{self.span}: " if self.span else ""
        head = safe(f"{where}{self.level.value}[{self.code}]: {self.message}")
        parts = [head]
        if self.span is not None and sources and self.span.source in sources:
            line = sources[self.span.source].line(self.span.line)
            if line:
                parts.append(snippet(self.span, line))
        if self.hint:
            parts.append(f"  = hint: {safe(self.hint)}")
        return "\n".join(parts)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "code": self.code,
            "level": self.level.value,
            "message": self.message,
        }
        if self.span is not None:
            out["file"] = self.span.source
            out["line"] = self.span.line
            out["column"] = self.span.column
        if self.field is not None:
            out["field"] = self.field
        if self.hint is not None:
            out["hint"] = self.hint
        return out


class LnvideoError(Exception):
    """The one exception type the API raises for user mistakes; carries diagnostics."""

    def __init__(self, diagnostics: Iterable[Diagnostic] | str) -> None:
        if isinstance(diagnostics, str):
            diagnostics = [Diagnostic("LNV401", diagnostics)]
        self.diagnostics: tuple[Diagnostic, ...] = tuple(sort_diagnostics(diagnostics))
        super().__init__("\n".join(d.render() for d in self.diagnostics))


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort by position and drop exact repeats (a follow-on error at the same place)."""
    seen: set[tuple[object, ...]] = set()
    out: list[Diagnostic] = []
    for d in sorted(diags, key=Diagnostic.sort_key):
        key = (d.code, d.span, d.message)
        if key in seen:
            continue
        seen.add(key)
        out.append(d)
    return out


def suggest(name: str, candidates: Sequence[str] | Iterable[str]) -> str | None:
    """The closest candidate to `name`, if one is close enough to be a likely typo.

    Example:
        >>> suggest("conty_code", ["county_code", "name"])
        'county_code'
    """
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """A hint sentence for a near name, or None."""
    near = suggest(name, list(candidates))
    return f"did you mean `{near}`?" if near else None
