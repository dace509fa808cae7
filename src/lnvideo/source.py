"""Source positions: where a piece of text came from, and how to show it.

Input: file names and text (rule files, JSONL lines). Output: `Span` values that
travel with every AST node, IR node, record and diagnostic, and a `snippet`
that renders the source line with a caret under the offending column.
Spans never take part in equality (`eq=False` on the fields that hold them).
"""

from __future__ import annotations

from pathlib import Path

import attrs


@attrs.frozen
class Span:
    """A region of a named source: 1-based line and column, end inclusive of line."""

    source: str
    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    @classmethod
    def from_meta(cls, source: str, meta: object) -> Span:
        """Build a span from a Lark `Meta` (or token) with propagated positions."""
        line = getattr(meta, "line", None) or 1
        column = getattr(meta, "column", None) or 1
        return cls(
            source,
            line,
            column,
            getattr(meta, "end_line", None),
            getattr(meta, "end_column", None),
        )

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}"


@attrs.frozen
class SourceFile:
    """A named text kept in memory so diagnostics can quote it."""

    name: str
    text: str

    @classmethod
    def read(cls, path: str | Path) -> SourceFile:
        p = Path(path)
        return cls(str(p), p.read_text(encoding="utf-8"))

    def line(self, number: int) -> str:
        lines = self.text.splitlines()
        if 1 <= number <= len(lines):
            return lines[number - 1]
        return ""


def snippet(span: Span, text_line: str) -> str:
    """Render one source line with a caret under `span`'s columns.

    Example:
        >>> print(snippet(Span("r.lnv", 3, 5, 3, 8), "  x = site.nmae"))
           3 |   x = site.nmae
             |     ^^^
    """
    width = 1
    if span.end_line == span.line and span.end_column and span.end_column > span.column:
        width = span.end_column - span.column
    gutter = f"{span.line:>4} | "
    pad = " " * (len(gutter) - 2) + "| "
    # CJK characters take two terminal columns; widen the padding accordingly.
    before = text_line[: max(span.column - 1, 0)]
    indent = sum(2 if ord(ch) > 0x2E7F else 1 for ch in before)
    return f"{gutter}{text_line}\n{pad}{' ' * indent}{'^' * width}"
