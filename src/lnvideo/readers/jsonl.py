"""JSON Lines text -> records and located diagnostics, one line at a time.

Input: a path, or an open text or binary stream, holding one JSON object per
line with a ``kind`` discriminator. Output: an iterator of `Site`, `Camera`,
`Event` and `Diagnostic` values, in line order.

Invariants: memory is bounded by the longest line; blank lines (JSON
whitespace only) are skipped; every diagnostic names the file and the line
(column 1, or the column of a JSON syntax error); a bad line never stops the
lines after it; nothing raises for any content — an unreadable file is an
LNV011 diagnostic.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, cast

from lnvideo.diagnostics import Diagnostic
from lnvideo.readers.from_row import build_record, describe
from lnvideo.records import Record
from lnvideo.source import Span

_JSON_WS = " \t\r\n"
_JSON_HINT = 'each line must hold one complete JSON object, e.g. {"kind": "site", "id": "S1"}'


def _reject_constant(name: str) -> Any:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


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
            yield from _read_line(raw, number, path)
    except (OSError, ValueError) as exc:  # a stream that fails mid-way, or a closed file
        yield cannot_read(path, exc, number + 1)


def _read_line(raw: str | bytes, number: int, path: str) -> Iterator[Record | Diagnostic]:
    span = Span(path, number)
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
    if not line.strip(_JSON_WS):
        return
    try:
        value = _DECODER.decode(line.strip(_JSON_WS))
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
    record, diags = build_record(None, value, span)
    yield from diags
    if record is not None:
        yield record
