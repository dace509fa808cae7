"""Findings out to a file: one table of output formats that every engine writes through.

Input: findings (any iterable, consumed once) and a path; the format comes from
the path's suffix (`format_for`) or is named. Output: the file, and the counts
per status (`write`), every status present.

Invariants:
- Streaming: at most one batch of findings is held (`PARQUET_BATCH` rows for
  Parquet, one line for JSON Lines), so a province never sits in memory.
- `SINKS` is the only list of output formats. An entry names the module and
  function of its writer (imported on first use), the extra it needs, and whether
  the SQL engines write it natively (`COPY ... TO`, Spark's writers) instead of
  streaming findings through Python. A new format (xlsx) is one entry there.
- A writer has the signature `writer(findings, path, *, lang, explain) -> int`
  (how many were written), and takes the run's `as_of`, `rules`, `engine` and
  `ruleset` too when its entry says `context`; a missing extra is the one-line
  LNV403 of `extras`.
- No report renderer is imported here: engines may use this module freely. Text
  is made safe for UTF-8 (`lnvideo.report.safe`): a lone surrogate is escaped in
  JSON Lines (`\\ud800`, so it still matches the input) and becomes U+FFFD in Parquet.

Example:
    >>> import io, json, tempfile, pathlib
    >>> from lnvideo.findings import Finding, Status, Subject
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "findings.jsonl"
    >>> write([Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED)], out)["violated"]
    1
    >>> json.loads(out.read_text())["rule"]
    'LN-6'
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from lnvideo.diagnostics import Diagnostic, LnvideoError
from lnvideo.findings import Finding, Severity, Status
from lnvideo.report.safe import json_text, utf8

__all__ = [
    "PARQUET_BATCH",
    "SINKS",
    "SinkFormat",
    "finding_row",
    "format_for",
    "write",
    "write_jsonl",
    "write_parquet",
]

#: How many findings `write_parquet` buffers before writing a row group.
PARQUET_BATCH = 65_536


@attrs.frozen
class SinkFormat:
    """One output format: its suffixes, its writer (module, function), its extra."""

    name: str
    suffixes: tuple[str, ...]
    module: str
    function: str
    extra: str | None = None
    #: the optional modules the writer imports (from `extra`)
    needs: tuple[str, ...] = ()
    #: the SQL engines write this format themselves, without Python in the loop
    native: bool = False
    #: the writer also takes the run's context (`as_of`, `rules`, `engine`, `ruleset`)
    context: bool = False

    def writer(self) -> Callable[..., int]:
        """The writer function, imported now (LNV403 naming the extra if it is missing)."""
        if self.extra is not None:
            from lnvideo.extras import require

            for module in self.needs:
                require(module, self.extra, f"writing {self.name} output")
        fn: Callable[..., int] = getattr(importlib.import_module(self.module), self.function)
        return fn


#: Output formats by name. The first suffix is the one `--output` documents.
SINKS: dict[str, SinkFormat] = {
    "jsonl": SinkFormat("jsonl", (".jsonl", ".ndjson"), __name__, "write_jsonl", native=True),
    "parquet": SinkFormat(
        "parquet", (".parquet",), __name__, "write_parquet", "bulk", ("pyarrow",), native=True
    ),
    "xlsx": SinkFormat(
        "xlsx",
        (".xlsx",),
        "lnvideo.report.xlsx",
        "write_xlsx",
        "reports",
        ("openpyxl",),
        context=True,
    ),
}


def format_for(path: str | Path) -> str:
    """The format of an output path by its suffix; anything unknown is JSON Lines.

    Example:
        >>> format_for("out/findings.parquet"), format_for("findings.txt")
        ('parquet', 'jsonl')
    """
    suffix = Path(path).suffix.lower()
    for name, sink in SINKS.items():
        if suffix in sink.suffixes:
            return name
    return "jsonl"


def sink_format(fmt: str) -> SinkFormat:
    """The entry of `SINKS` for `fmt`, or LNV401 listing the formats."""
    try:
        return SINKS[fmt]
    except KeyError:
        names = " or ".join(SINKS)
        msg = f"unknown output format {fmt!r}: expected {names}"
        raise LnvideoError([Diagnostic("LNV401", msg)]) from None


def write(
    findings: Iterable[Finding],
    path: str | Path,
    *,
    fmt: str | None = None,
    lang: str = "en",
    explain: bool = False,
    **meta: Any,
) -> dict[str, int]:
    """Stream findings into `path` in `fmt` (default: by suffix); the counts per status.

    `meta` (`as_of`, `rules`, `engine`, `ruleset`) goes to the writers that show
    the run's context (`SinkFormat.context`: xlsx); the others are not given it.
    """
    sink = sink_format(fmt or format_for(path))
    writer = sink.writer()
    counts = {s.value: 0 for s in Status}
    extra = meta if sink.context else {}
    writer(tally(findings, counts), path, lang=lang, explain=explain, **extra)
    return counts


def tally(findings: Iterable[Finding], counts: dict[str, int]) -> Iterator[Finding]:
    """The findings, unchanged, counting each status into `counts` as they pass."""
    word = _WORDS
    for f in findings:
        counts[word[f.status]] += 1
        yield f


#: Each status's word (a dict lookup: `Status.value` is a Python-level property).
_WORDS: dict[Status, str] = {s: s.value for s in Status}


def write_jsonl(
    findings: Iterable[Finding],
    path: str | Path | IO[str],
    *,
    lang: str = "en",
    explain: bool = False,
) -> int:
    """One finding per line as compact JSON (SPEC §5 finding objects); how many were written.

    `path` may be an open text stream. `lang` is unused: messages are already localized.

    Example:
        >>> import io
        >>> from lnvideo.findings import Subject
        >>> buf = io.StringIO()
        >>> write_jsonl([Finding("LN-3", "3", Subject("site", "S\\ud800", "S"), Status.SATISFIED)], buf)
        1
        >>> json.loads(buf.getvalue())["subject"]["id"] == "S\\ud800"
        True
    """
    if not isinstance(path, str | Path):
        return _jsonl_lines(findings, path, explain)
    with open(path, "w", encoding="utf-8", errors="strict") as fp:
        return _jsonl_lines(findings, fp, explain, strict=True)


def _jsonl_lines(
    findings: Iterable[Finding], fp: IO[str], explain: bool, *, strict: bool = False
) -> int:
    """Write the lines in chunks; `strict`: `fp` refuses a lone surrogate (UTF-8, strict
    errors) before writing any of a chunk, so only a refused chunk is made valid first."""
    n = 0
    if explain:
        for f in findings:
            fp.write(_generic_line(f, explain=True))
            n += 1
        return n
    line = _FastLines()
    lines: list[str] = []
    try:
        for f in findings:
            lines.append(line(f))
            if len(lines) >= 4096:
                _put(fp, "".join(lines), strict)
                n += len(lines)
                lines = []
    finally:  # what was found before a failure is still written
        _put(fp, "".join(lines), strict)
    return n + len(lines)


def _put(fp: IO[str], chunk: str, strict: bool) -> None:
    if strict:
        try:
            fp.write(chunk)
            return
        except UnicodeEncodeError:
            pass
    fp.write(json_text(chunk))


def _generic_line(f: Finding, *, explain: bool) -> str:
    """One line: ``Finding.to_json`` through `json.dumps`, compact, UTF-8 as is."""
    line = json.dumps(f.to_json(explain=explain), ensure_ascii=False, separators=(",", ":"))
    return json_text(line) + "\n"


class _FastLines:
    """`_generic_line(f, explain=False)` before `json_text`, written without building the
    dict per finding (the writer makes each chunk of lines valid UTF-8 at once).

    The constant head of each (rule, article) is built once. The first finding of
    every rule and the first `CHECK` findings are also written the generic way and
    compared: on any difference (a field added to `Finding.to_json`, a value of an
    unexpected type) every later line is written the generic way.
    """

    CHECK = 256
    #: how many encoded texts are remembered at once (then the memory starts again)
    TEXTS = 20_000

    def __init__(self) -> None:
        self.heads: dict[tuple[str, str], str] = {}
        self.words = {s: json.dumps(s.value) for s in Status}
        self.severities = {s: json.dumps(s.value) for s in Severity}
        #: encoded texts that repeat from finding to finding: subject kinds, sites, messages
        self.texts: dict[str, str] = {}
        self.checked = 0
        self.generic = False

    def __call__(self, f: Finding) -> str:
        if self.generic:
            return _generic_line(f, explain=False)
        key = (f.rule, f.article)
        head = self.heads.get(key)
        new_rule = head is None
        try:
            if head is None:
                head = self.heads[key] = (
                    f'{{"rule":{_enc(f.rule)},"article":{_enc(f.article)},"subject":{{"kind":'
                )
            s = f.subject
            due, done = f.due, f.fulfilled_on
            texts = self.texts
            kind, site, message = s.kind, s.site, f.message
            line = "".join(
                (
                    head,
                    texts.get(kind) or self._text(kind),
                    ',"id":',
                    "null" if s.id is None else _enc(s.id),
                    ',"site":',
                    "null" if site is None else texts.get(site) or self._text(site),
                    '},"status":',
                    self.words[f.status],
                    ',"due":',
                    f'"{due.isoformat()}"' if due else "null",
                    ',"fulfilled_on":',
                    f'"{done.isoformat()}"' if done else "null",
                    ',"severity":',
                    self.severities[f.severity],
                    ',"message":',
                    texts.get(message) or self._text(message),
                    "}\n",
                )
            )
        except (TypeError, KeyError, AttributeError):
            self.generic = True
            return _generic_line(f, explain=False)
        if new_rule or self.checked < self.CHECK:
            self.checked += 1
            want = _generic_line(f, explain=False)
            if json_text(line) != want:
                self.generic = True
                return want
        return line

    def _text(self, text: str) -> str:
        """`text` as a JSON string literal, remembered (a bounded number of them)."""
        literal = _enc(text)
        if len(self.texts) >= self.TEXTS:
            self.texts.clear()
        self.texts[text] = literal
        return literal


#: A JSON string literal of a str, non-ASCII kept (what `json.dumps(ensure_ascii=False)`
#: writes); lone surrogates stay raw here and are escaped once per chunk (`json_text`).
_enc = json.encoder.encode_basestring


def finding_row(finding: Finding) -> tuple[Any, ...]:
    """One finding as a flat row in `FINDING_COLUMNS` order (dates stay dates).

    Example:
        >>> from lnvideo.findings import Subject
        >>> finding_row(Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED))[:6]
        ('LN-6', '6', 'site', 'S1', 'S1', 'violated')
    """
    s = finding.subject
    due: dt.date | None = finding.due
    return (
        finding.rule,
        finding.article,
        s.kind,
        s.id,
        s.site,
        finding.status.value,
        due,
        finding.fulfilled_on,
        finding.severity.value,
        finding.message,
    )


def write_parquet(
    findings: Iterable[Finding],
    path: str | Path,
    *,
    lang: str = "en",
    explain: bool = False,
    batch_size: int = PARQUET_BATCH,
) -> int:
    """Stream findings into a Parquet file in row groups of `batch_size`; how many were written.

    The file is written (with its schema, `arrow_schema.FINDINGS_SCHEMA`) even when
    there are no findings; the explanation is not a column.

    Example:
        >>> import tempfile, pyarrow.parquet as pq
        >>> from lnvideo.findings import Subject
        >>> out = Path(tempfile.mkdtemp()) / "findings.parquet"
        >>> write_parquet([Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED)], out)
        1
        >>> pq.read_table(out).column("status").to_pylist()
        ['violated']
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from lnvideo.arrow_schema import FINDINGS_SCHEMA as schema

    if batch_size < 1:
        msg = f"batch_size must be at least 1, got {batch_size}"
        raise ValueError(msg)
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[tuple[Any, ...]] = []
        for f in findings:
            batch.append(tuple(utf8(v) if isinstance(v, str) else v for v in finding_row(f)))
            if len(batch) >= batch_size:
                writer.write_table(_table(batch, schema, pa))
                n += len(batch)
                batch = []
        if batch:
            writer.write_table(_table(batch, schema, pa))
            n += len(batch)
    return n


def _table(batch: list[tuple[Any, ...]], schema: Any, pa: Any) -> Any:
    columns = list(zip(*batch, strict=True))
    arrays = [pa.array(col, type=field.type) for col, field in zip(columns, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)
