"""Text safety for every report: what a record or rule says is shown, never obeyed.

Input: any text that came from records or rule files (ids, names, messages,
reasons). Output: text that cannot drive a terminal, break an XML or HTML
document, start a spreadsheet formula, or fail to encode as UTF-8.
Invariants: text with nothing to neutralise is returned unchanged (the same
object, so the common case costs one regex search); a lone surrogate becomes
U+FFFD everywhere except JSON, which escapes it (`\\ud800`) so the value can
still be matched against the input; controls become visible, never vanish
(`\\x1b` is shown as `␛`, C1 controls and bidi overrides as `\\u009b`-style
escapes), so a reader sees that something odd was there.

Example:
    >>> line("id\\x1b[31mred")
    'id␛[31mred'
    >>> cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> line("S\\ud800")
    'S�'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

#: Everything no report should pass through raw: C0 controls but tab and
#: newline, DEL, C1 controls, lone surrogates, the XML non-characters, and the
#: bidi embedding/override/isolate controls (they reorder what a reader sees).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)
#: The same, and tab and newline too: for one-line fields (table cells, attributes).
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: What a spreadsheet reads as the start of a formula (OWASP CSV injection).
_FORMULA_START = frozenset("=+-@\t\r\n")


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code in (0x09, 0x0A, 0x0D):
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return f"\\u{code:04x}"


def _replace(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], value: str) -> str:
    """`value` with each match of `pattern` replaced; `value` itself when nothing matches."""
    if pattern.search(value) is None:
        return value
    return pattern.sub(repl, value)


def text(value: str) -> str:
    """Multi-line text made safe: newlines and tabs kept, every other control made visible.

    Example:
        >>> text("a\\nb\\x07")
        'a\\nb␇'
    """
    return _replace(_UNSAFE, _visible, value)


def line(value: str) -> str:
    """One-line text made safe: as `text`, and tab, CR and newline become spaces.

    Example:
        >>> line("a\\r\\nb\\u202e")
        'a  b\\\\u202e'
    """
    return _replace(_UNSAFE_LINE, _visible, value)


def cell(value: str) -> str:
    """A spreadsheet (CSV, xlsx) cell: safe text that cannot start a formula.

    A value whose first non-blank character is `=`, `+`, `-` or `@` (or that
    starts with a tab or CR) gets a leading apostrophe, which spreadsheets show
    as text. Newlines inside a cell are kept (CSV quotes them).

    Example:
        >>> cell("-2+3"), cell("  @SUM(A1)"), cell("ok")
        ("'-2+3", "'  @SUM(A1)", 'ok')
    """
    if value and (value[0] in _FORMULA_START or value.lstrip(" ")[:1] in _FORMULA_START):
        value = "'" + value
    return text(value)


def utf8(value: str) -> str:
    """Text that encodes as UTF-8: lone surrogates become U+FFFD, nothing else changes.

    Example:
        >>> utf8("a\\udc80b")
        'a�b'
    """
    return _replace(_SURROGATE, lambda _m: "\ufffd", value)


def json_text(dumped: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) that is valid UTF-8.

    A lone surrogate can only sit inside a JSON string, so it is replaced by
    its `\\uXXXX` escape: the document parses back to the same value.

    Example:
        >>> json_text('"S\\ud800"')
        '"S\\\\ud800"'
    """
    return _replace(_SURROGATE, lambda m: f"\\u{ord(m.group()):04x}", dumped)


class Writer:
    """A text stream that writes everything through `text`: for output assembled from
    many pieces of rule or record text (`lnvideo explain`), safe as a whole.

    Example:
        >>> import io
        >>> buf = io.StringIO()
        >>> _ = Writer(buf).write("rule\\x1b[2J\\n")
        >>> buf.getvalue()
        'rule␛[2J\\n'
    """

    def __init__(self, out: Any) -> None:
        self._out = out

    def write(self, value: str) -> int:
        return int(self._out.write(text(value)))

    def flush(self) -> None:
        self._out.flush()
