"""JSON reports: the SPEC §5 object, JSON Lines, and Parquet for big runs.

Input: findings (a list or any iterable) and the run's metadata.
Output: `render_json` returns the one SPEC §5 object as text; `write_jsonl`
and `write_parquet` stream, holding at most one batch in memory.
Invariants: `summary` lists every status, zeros included; findings keep the
order they were given in; dates are ISO text in JSON and `date32` in Parquet.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable
from json.encoder import encode_basestring as _encode_str
from pathlib import Path
from typing import IO, Any, TextIO

from lnvideo.findings import Finding, Status, summarize
from lnvideo.report import safe
from lnvideo.report.rows import COLUMNS, to_row

#: How many findings `write_parquet` buffers before writing a row group.
PARQUET_BATCH = 65_536


def _dumps(obj: Any, **kw: Any) -> str:
    """`json.dumps` with UTF-8 kept and lone surrogates escaped (`safe.json_text`)."""
    return safe.json_text(json.dumps(obj, ensure_ascii=False, **kw))


def pretty(obj: Any, pad: str = "") -> str:
    """`json.dumps(obj, ensure_ascii=False, indent=2)` for JSON data, about 1.6× faster.

    The standard encoder drops to pure Python whenever `indent` is set; this one
    uses the C string encoder and knows only JSON's types. Lone surrogates are
    left for `safe.json_text`.

    Example:
        >>> print(pretty({"a": [1, None], "b": {}}))
        {
          "a": [
            1,
            null
          ],
          "b": {}
        }
    """
    if isinstance(obj, str):
        return _encode_str(obj)
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, int | float):
        return json.dumps(obj)
    inner = pad + "  "
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = ",\n".join(
            f"{inner}{_encode_str(str(k))}: {pretty(v, inner)}" for k, v in obj.items()
        )
        return "{\n" + items + "\n" + pad + "}"
    if isinstance(obj, list | tuple):
        if not obj:
            return "[]"
        return "[\n" + ",\n".join(inner + pretty(v, inner) for v in obj) + "\n" + pad + "]"
    return json.dumps(obj, ensure_ascii=False)


def report_object(
    findings: Iterable[Finding], *, as_of: dt.date, rules: str, explain: bool = False
) -> dict[str, Any]:
    """The SPEC §5 object as plain Python data, ready for `json.dumps` (holds every finding).

    For big runs use `write_json`, which streams the same object.

    Example:
        >>> report_object([], as_of=dt.date(2026, 10, 1), rules="liaoning@1")["summary"]["violated"]
        0
    """
    items = list(findings)
    return {
        "as_of": as_of.isoformat(),
        "rules": rules,
        "findings": [f.to_json(explain=explain) for f in items],
        "summary": summarize(items),
    }


def write_json(
    findings: Iterable[Finding],
    out: IO[str],
    *,
    as_of: dt.date,
    rules: str,
    explain: bool = False,
) -> dict[str, int]:
    """Stream the SPEC §5 object to `out` (no trailing newline); return the summary.

    The findings array is written one finding at a time and the summary after
    it, so memory does not grow with the run. The text is the same as
    `json.dumps(report_object(...), ensure_ascii=False, indent=2)`.

    Example:
        >>> import io
        >>> buf = io.StringIO()
        >>> write_json([], buf, as_of=dt.date(2026, 10, 1), rules="liaoning@1")["pending"]
        0
        >>> json.loads(buf.getvalue())["findings"]
        []
    """
    counts = {s.value: 0 for s in Status}
    out.write("{\n")
    out.write(f'  "as_of": {_dumps(as_of.isoformat())},\n')
    out.write(f'  "rules": {_dumps(rules)},\n')
    out.write('  "findings": [')
    first = True
    for f in findings:
        counts[f.status.value] += 1
        body = safe.json_text(pretty(f.to_json(explain=explain), "    "))
        out.write(("\n    " if first else ",\n    ") + body)
        first = False
    out.write("],\n" if first else "\n  ],\n")
    summary = _dumps(counts, indent=2).replace("\n", "\n  ")
    out.write(f'  "summary": {summary}\n}}')
    return counts


def render_json(
    findings: Iterable[Finding], *, as_of: dt.date, rules: str, explain: bool = False
) -> str:
    """The SPEC §5 report object as indented JSON text (UTF-8 kept, no trailing newline).

    Example:
        >>> text = render_json([], as_of=dt.date(2026, 10, 1), rules="liaoning@1")
        >>> json.loads(text)["as_of"]
        '2026-10-01'
    """
    buf = io.StringIO()
    write_json(findings, buf, as_of=as_of, rules=rules, explain=explain)
    return buf.getvalue()


def write_jsonl(findings: Iterable[Finding], fp: IO[str], *, explain: bool = False) -> int:
    """Write one finding per line as compact JSON; return how many were written.

    Example:
        >>> import io
        >>> from lnvideo.findings import Subject
        >>> buf = io.StringIO()
        >>> write_jsonl([Finding("LN-3", "3", Subject("site", "S1", "S1"), Status.SATISFIED)], buf)
        1
        >>> json.loads(buf.getvalue())["status"]
        'satisfied'
    """
    n = 0
    for f in findings:
        fp.write(_dumps(f.to_json(explain=explain), separators=(",", ":")))
        fp.write("\n")
        n += 1
    return n


def parquet_schema() -> Any:
    """The Arrow schema of the findings table (`COLUMNS`, dates as `date32`)."""
    import pyarrow as pa

    types = {"due": pa.date32(), "fulfilled_on": pa.date32()}
    return pa.schema([(name, types.get(name, pa.string())) for name in COLUMNS])


def write_parquet(
    findings: Iterable[Finding], path: str | Path, *, batch_size: int = PARQUET_BATCH
) -> int:
    """Stream findings into a Parquet file in row groups of `batch_size`; return the count.

    The file is written (with its schema) even when there are no findings.

    Example:
        >>> import tempfile, pyarrow.parquet as pq
        >>> from lnvideo.findings import Status, Subject
        >>> out = Path(tempfile.mkdtemp()) / "findings.parquet"
        >>> write_parquet([Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED)], out)
        1
        >>> pq.read_table(out).column("status").to_pylist()
        ['violated']
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if batch_size < 1:
        msg = f"batch_size must be at least 1, got {batch_size}"
        raise ValueError(msg)
    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[tuple[Any, ...]] = []

        def flush() -> None:
            columns = list(zip(*batch, strict=True))
            arrays = [
                pa.array(col, type=field.type) for col, field in zip(columns, schema, strict=True)
            ]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))

        for f in findings:
            batch.append(tuple(safe.utf8(v) if isinstance(v, str) else v for v in to_row(f)))
            if len(batch) >= batch_size:
                flush()
                n += len(batch)
                batch = []
        if batch:
            flush()
            n += len(batch)
    return n


def render(
    findings: Iterable[Finding],
    *,
    as_of: dt.date,
    rules: str,
    lang: str = "en",
    explain: bool = False,
    out: TextIO,
    engine: str | None = None,
    ruleset: Any = None,
    county_of: Any = None,
) -> None:
    """Write the SPEC §5 JSON object and a newline to `out` (`lang`, `engine` unused: messages are already localized).

    Example:
        >>> import io
        >>> buf = io.StringIO()
        >>> render([], as_of=dt.date(2026, 10, 1), rules="liaoning@1", out=buf)
        >>> buf.getvalue().endswith("}\\n")
        True
    """
    write_json(findings, out, as_of=as_of, rules=rules, explain=explain)
    out.write("\n")
