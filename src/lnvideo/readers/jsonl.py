"""JSON Lines text -> records and located diagnostics, one line at a time.

Input: a path, or an open text or binary stream, holding one JSON object per
line with a ``kind`` discriminator. Output: an iterator of `Site`, `Camera`,
`Event` and `Diagnostic` values, in line order.

Invariants: memory is bounded by the longest line; blank lines (JSON
whitespace only) are skipped; every diagnostic names the file and the line
(column 1, or the column of a JSON syntax error); a bad line never stops the
lines after it; nothing raises for any content — an unreadable file is an
LNV011 diagnostic.

Decisions on text that JSON allows but records cannot hold:
- A lone surrogate escape (``"S\\ud800"``, a ``\\udc80`` without its pair) is
  refused at the reader: the line is LNV001 at the column of the escape, naming
  the field, and its record is not read. Replacing it with U+FFFD would make two
  different ids equal, and nothing downstream (reports, SQL, output files) can
  encode it, so no later stage ever sees one.
- A key given twice in one object is warning LNV015 at the line, naming the key;
  the last value is used (what every JSON reader does), the record is read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, cast

from lnvideo.diagnostics import Diagnostic
from lnvideo.readers.from_row import build_record, describe, quick_record
from lnvideo.records import Record
from lnvideo.source import Span

_JSON_WS = " \t\r\n"
_JSON_HINT = 'each line must hold one complete JSON object, e.g. {"kind": "site", "id": "S1"}'


def _reject_constant(name: str) -> Any:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


class _Pairs(dict[str, Any]):
    """A decoded JSON object that remembers the keys it was given more than once."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = _Pairs(pairs)
    if len(out) != len(pairs):
        counts: dict[str, int] = {}
        for k, _ in pairs:
            counts[k] = counts.get(k, 0) + 1
        out.repeated = tuple(k for k, n in counts.items() if n > 1)
    return out


_DECODER = json.JSONDecoder(parse_constant=_reject_constant, object_pairs_hook=_object)
_SCAN = _DECODER.scan_once  # type: ignore[attr-defined]
#: the same parse into plain dicts, at C speed, for lines `_strings` can vouch for
_PLAIN_SCAN = json.JSONDecoder(parse_constant=_reject_constant).scan_once  # type: ignore[attr-defined]
_WHITESPACE = re.compile(r"[ \t\n\r]*")


def _decode(text: str) -> Any:
    """`_DECODER.decode(text)` for text without leading whitespace, the same errors, less
    wrapping (`json.decoder.JSONDecoder.decode` and `raw_decode` inlined).

    A line without a backslash is parsed into plain dicts first: there every string
    (key or value) is two of the line's quote marks, so the line has a repeated key
    exactly when it has more quote marks than twice the strings the parse kept
    (`_strings`; `_no_repeated_key` counts ``":`` pairs first). Only such lines are
    parsed again, remembering the repeated keys.
    """
    if "\\" not in text:
        value = _scan(text, _PLAIN_SCAN)
        if type(value) is not dict or _no_repeated_key(text, value):
            return value
    return _scan(text, _SCAN)


def _strings(value: dict[str, Any] | list[Any]) -> int:
    """How many strings, keys included, a decoded value holds."""
    items = value.values() if type(value) is dict else value
    types = list(map(type, items))
    n = types.count(str) + (len(value) if type(value) is dict else 0)
    if list in types or dict in types:
        n += sum(_strings(v) for v in items if type(v) is list or type(v) is dict)
    return n


def _scan(text: str, scan: Any) -> Any:
    try:
        value, end = scan(text, 0)
    except StopIteration as err:
        raise json.JSONDecodeError("Expecting value", text, err.value) from None
    if end != len(text):
        end = _WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
        if end != len(text):
            raise json.JSONDecodeError("Extra data", text, end)
    return value


#: A \\uXXXX escape of a surrogate code point (paired or not).
_SURROGATE_ESCAPE = re.compile(r"\\+u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogate(value: Any, path: str = "") -> str | None:
    """The field path of the first string (key or value) holding a lone surrogate, or None."""
    if isinstance(value, str):
        return path or "(the record)" if _has_surrogate(value) else None
    if isinstance(value, dict):
        for k, v in value.items():
            here = f"{path}.{k}" if path else str(k)
            if _has_surrogate(k):
                return here
            found = _lone_surrogate(v, here)
            if found is not None:
                return found
    if isinstance(value, list):
        for i, v in enumerate(value):
            found = _lone_surrogate(v, f"{path}[{i}]")
            if found is not None:
                return found
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def _surrogate_column(line: str) -> int:
    """1-based column of the first lone surrogate escape in the raw line (1 if not found)."""
    for m in _SURROGATE_ESCAPE.finditer(line):
        backslashes = len(m.group()) - 5
        if backslashes % 2 == 0:  # an escaped backslash, not an escape
            continue
        start = m.end() - 6
        code = int(m.group()[-4:], 16)
        nxt = line[m.end() : m.end() + 6]
        if code < 0xDC00 and re.fullmatch(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}", nxt):
            continue  # a proper pair
        prev = line[max(start - 6, 0) : start]
        if code >= 0xDC00 and re.fullmatch(r"\\u[dD][89abAB][0-9a-fA-F]{2}", prev):
            continue
        return start + 1
    return 1


def read_jsonl(
    source: str | Path | IO[str] | IO[bytes], *, name: str | None = None
) -> Iterator[Record | Diagnostic]:
    """Read records from JSON Lines; a bad line yields diagnostics and reading goes on.

    Example:
        >>> import io
        >>> text = '{"kind": "site", "id": "S1"}\\n{"kind": "nope"}\\n'
        >>> [type(x).__name__ for x in read_jsonl(io.StringIO(text), name="t.jsonl")]
        ['Site', 'Diagnostic']
    """
    if isinstance(source, str | Path):
        path = str(source) if name is None else name
        try:
            stream: IO[bytes] = open(source, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            yield cannot_read(path, exc)
            return
        with stream:
            yield from _read_lines(stream, path)
        return
    label = name or str(getattr(source, "name", None) or "<stream>")
    yield from _read_lines(cast("Iterable[str | bytes]", source), label)


def cannot_read(path: str, exc: BaseException | str, line: int = 1) -> Diagnostic:
    """The LNV011 diagnostic for an input that cannot be opened or read."""
    why = exc if isinstance(exc, str) else (getattr(exc, "strerror", None) or str(exc))
    return Diagnostic(
        "LNV011",
        f"cannot read input `{path}`: {why}",
        Span(path, line),
        hint="pass a JSON Lines file, `-` for standard input, or a directory of Parquet tables",
    )


def _read_lines(stream: Iterable[str | bytes], path: str) -> Iterator[Record | Diagnostic]:
    number = 0
    try:
        for number, raw in enumerate(stream, start=1):
            plain = plain_record(raw, number, path) if type(raw) is bytes else None
            if plain is not None:
                yield plain
            else:
                yield from _read_line(raw, number, path)
    except (OSError, ValueError) as exc:  # a stream that fails mid-way, or a closed file
        yield cannot_read(path, exc, number + 1)


def plain_record(raw: bytes, number: int, path: str) -> Record | None:
    """What `_read_line` yields for most lines, when that is one record and nothing else,
    read with less on the way; None: ask `_read_line` (which says why, or skips a blank).

    The line must be UTF-8 without a backslash (so no escape and no surrogate), not the
    first of its file (a byte order mark), one JSON object without repeated keys (the
    count of `_decode`), of a record `quick_record` can vouch for.
    """
    if number == 1 or b"\\" in raw:
        return None
    try:
        text = raw.decode("utf-8").strip(_JSON_WS)
        value, end = _PLAIN_SCAN(text, 0)
    except (UnicodeDecodeError, StopIteration, ValueError, RecursionError):
        return None
    if end != len(text) or type(value) is not dict:
        return None
    if not _no_repeated_key(text, value):
        return None  # `_read_line` names the key
    return quick_record(value, Span.at(path, number))


def _no_repeated_key(text: str, value: dict[str, Any]) -> bool:
    """Whether `value`, the plain parse of `text` (a line without backslashes), kept every
    key the line gives: by the ``":`` pairs (`_distinct_keys`), else by quote marks."""
    return _distinct_keys(text, len(value)) or text.count('"') == 2 * _strings(value)


def _distinct_keys(text: str, keys: int) -> bool:
    """Whether a line without backslashes that parsed into an object of `keys` keys gave
    each key once, seen by counting; False when counting cannot tell.

    With no blank before a colon, every key (of any nested object too) is a quote mark
    followed at once by ``:``, which nothing else can be (a string holds no quote mark
    without a backslash): the ``":`` pairs are the keys written, and as many as the
    object kept means none was repeated and no nested object has any.
    """
    return (
        " :" not in text and "\t:" not in text and "\r:" not in text and (text.count('":') == keys)
    )


def _read_line(raw: str | bytes, number: int, path: str) -> Iterator[Record | Diagnostic]:
    span = Span.at(path, number)
    if isinstance(raw, bytes):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Diagnostic(
                "LNV001",
                f"expected UTF-8 text, found an undecodable byte at byte {exc.start + 1}",
                span,
                hint="save the file as UTF-8",
            )
            return
    else:
        line = raw
    if number == 1:
        line = line.removeprefix("\ufeff")
    text = line.strip(_JSON_WS)
    if not text:
        return
    try:
        value = _decode(text)
    except json.JSONDecodeError as exc:
        col = exc.colno + (len(line) - len(line.lstrip(_JSON_WS))) if exc.lineno == 1 else 1
        yield Diagnostic(
            "LNV001",
            f"expected a JSON object, found invalid JSON ({exc.msg} at column {col})",
            Span(path, number, col),
            hint=_JSON_HINT,
        )
        return
    except (ValueError, RecursionError) as exc:
        why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        yield Diagnostic(
            "LNV001",
            f"expected a JSON object, found invalid JSON ({why[:80]})",
            span,
            hint=_JSON_HINT,
        )
        return
    if not isinstance(value, dict):
        yield Diagnostic(
            "LNV002",
            f"expected a JSON object, found {describe(value)}",
            span,
            hint=_JSON_HINT,
        )
        return
    # Decoded text holds a surrogate only if the line has one (never in text decoded
    # from UTF-8 bytes) or a \u escape made one.
    maybe = "\\u" in line or (not isinstance(raw, bytes) and _SURROGATE.search(line) is not None)
    bad_text = _lone_surrogate(value) if maybe else None
    if bad_text is not None:
        col = _surrogate_column(line)
        yield Diagnostic(
            "LNV001",
            f"field `{bad_text}`: expected text of valid Unicode characters, found a lone "
            "surrogate escape (a \\uD800-\\uDFFF without its pair)",
            Span(path, number, col),
            hint="fix the export that wrote it; write the character itself or a valid pair of escapes",
            field=bad_text.split(".")[0].split("[")[0],
        )
        return
    for key in getattr(value, "repeated", ()):
        yield Diagnostic(
            "LNV015",
            f"key `{key}` is given more than once in this object; the last value is used",
            span,
            hint=f"remove the repeated `{key}`",
            field=key,
        )
    quick = quick_record(value, span)
    if quick is not None:
        yield quick
        return
    record, diags = build_record(None, dict(value), span)
    yield from diags
    if record is not None:
        yield record
