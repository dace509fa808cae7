"""Source positions: where a piece of text came from, and how to show it.

Input: file names and text (rule files, JSONL lines). Output: `Span` values that
travel with every AST node, IR node, record and diagnostic, and a `snippet`
that renders the source line with a caret under the offending column.
Spans never take part in equality (`eq=False` on the fields that hold them).

Lines are counted as Lark counts them: only ``\\n`` ends a line (a ``\\r`` before
it is dropped), so ``\\x0b``, ``\\x0c``, ``\\x1c``-``\\x1e``, ``\\x85``, U+2028 and
U+2029 inside a line never shift an excerpt to another line.
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

    @classmethod
    def at(cls, source: str, line: int) -> Span:
        """`Span(source, line)`, made faster: the readers make one per record.

        Example:
            >>> Span.at("a.jsonl", 3) == Span("a.jsonl", 3)
            True
        """
        span = _new(cls)
        _SET_SOURCE(span, source)
        _SET_LINE(span, line)
        _SET_COLUMN(span, 1)
        _SET_END_LINE(span, None)
        _SET_END_COLUMN(span, None)
        return span

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}"


_new = object.__new__
#: the slots' own setters (what attrs' frozen `__init__` reaches through `object.__setattr__`)
_SET_SOURCE, _SET_LINE, _SET_COLUMN, _SET_END_LINE, _SET_END_COLUMN = (
    Span.__dict__[name].__set__ for name in ("source", "line", "column", "end_line", "end_column")
)


class UndecodableSource(OSError):
    """A source file that is not valid UTF-8 (an `OSError`: the file cannot be read as text)."""

    def __init__(self, path: str, exc: UnicodeDecodeError) -> None:
        why = f"not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"
        super().__init__(why)
        self.path = path
        self.start = exc.start


@attrs.frozen
class SourceFile:
    """A named text kept in memory so diagnostics can quote it."""

    name: str
    text: str

    @classmethod
    def read(cls, path: str | Path) -> SourceFile:
        """Read a UTF-8 file.

        Raises:
            OSError: the file cannot be read, or is not UTF-8 (`UndecodableSource`, an
                `OSError`, so a caller that quotes sources and skips unreadable ones
                never crashes on a file that LNV107 already reported).
        """
        p = Path(path)
        data = p.read_bytes()
        try:
            return cls(str(p), data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise UndecodableSource(str(p), exc) from None

    @classmethod
    def for_display(cls, path: str | Path) -> SourceFile | None:
        """The file for quoting in diagnostics: undecodable bytes shown as U+FFFD; never raises.

        Example:
            >>> SourceFile.for_display("/no/such/file.lnv") is None
            True
        """
        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError:
            return None
        return cls(str(p), data.decode("utf-8", errors="replace"))

    def line(self, number: int) -> str:
        """The text of 1-based line `number` as the parser counts lines ("" past the end).

        Example:
            >>> SourceFile("r.lnv", "a\\x0bb\\r\\nc\\n").line(2)
            'c'
        """
        lines = self.text.split("\n")
        if 1 <= number <= len(lines):
            return lines[number - 1].removesuffix("\r")
        return ""


def snippet(span: Span, text_line: str) -> str:
    """Render one source line with a caret under `span`'s columns.

    Example:
        >>> print(snippet(Span("r.lnv", 3, 5, 3, 8), "  x = site.nmae"))
           3 |   x = site.nmae
             |     ^^^
    """
    from lnvideo.report.safe import line as safe

    width = 1
    if span.end_line == span.line and span.end_column and span.end_column > span.column:
        width = span.end_column - span.column
    gutter = f"{span.line:>4} | "
    pad = " " * (len(gutter) - 2) + "| "
    # CJK characters take two terminal columns; widen the padding accordingly. A control
    # is shown as its visible form (`safe`), so the caret counts that form's width.
    before = safe(text_line[: max(span.column - 1, 0)])
    text_line = safe(text_line)
    indent = sum(2 if ord(ch) > 0x2E7F else 1 for ch in before)
    return f"{gutter}{text_line}\n{pad}{' ' * indent}{'^' * width}"
