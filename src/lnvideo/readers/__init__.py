"""Input records: JSON Lines and Parquet -> `Site`, `Camera`, `Event`, or located diagnostics.

Input: file names, ``-`` for standard input, directories (of Parquet tables, or
of ``*.jsonl`` files), open streams. Output: iterators of records and
`Diagnostic` values, and `group_by_site` bundles; `write_jsonl` is the inverse.

Decisions (SPEC §2, §3 "Orphans"):
- Nothing here raises for bad input. A record with any error is not yielded;
  its diagnostics are, each with the file, the line (Parquet: the 1-based row),
  the field, what was expected, what was found and a hint. The next record is
  read as if nothing happened.
- ``null`` (a Parquet null) means absent. Lists become tuples.
- Types: ``int`` fields take whole JSON numbers from 0 to 2**63-1 (no bools, no
  floats such as ``15.0``, no strings); ``bool`` only ``true``/``false``;
  county codes are strings of exactly 6 ASCII digits (an unquoted number is
  LNV013 with a hint to quote it); closed enums must match exactly (LNV007,
  with the near word); ``place`` is open (any string). ``NaN``/``Infinity``
  and numbers too long for Python are invalid JSON (LNV001).
- Dates follow `lnvideo.dates`. An event's ``on`` keeps the instant in
  ``on_at`` when a time was given. ``reported_on`` given as a bare date means
  00:00 local time that day (`lnvideo.schema.Type.INSTANT`).
- Unknown fields go to ``extra`` silently, except: a near-miss of a field of
  the record (``conty_code``) is warning LNV012, and a field of *another*
  event type (``authority`` on a ``footage_accessed`` event) is warning
  LNV014; both records are still read and the value is kept in ``extra``,
  unvalidated. SPEC §2 says unknown fields are kept and ignored, so neither is
  an error; Parquet event tables carry every type's columns, and their nulls
  never warn.
- An event of unknown ``type`` is LNV008 (with the near type); its other
  fields are not judged beyond the common ones.
- A directory with any of ``sites/cameras/events.parquet`` is read as
  Parquet (``sites.parquet`` must be there, else LNV011); otherwise its
  ``*.jsonl`` files are read in name order. A missing or unreadable input, or
  a directory with neither, is LNV011.
- `group_jsonl`: JSON Lines files grouped site by site in bounded memory, for
  any order of lines, with exactly `group_by_site`'s bundles and diagnostics
  (`readers.site_index`); None for standard input and Parquet directories.
- `group_by_site`: first site of a duplicated id wins (LNV010); duplicate
  camera ids and duplicate event ids within a site are LNV010 too (the same
  camera id in two sites is two cameras); orphans are LNV009 at the orphan's
  origin and never displace a valid record.
- A lone surrogate escape in a JSON string is LNV001 (the record is refused); a
  key given twice in one JSON object is warning LNV015 (the last value is used).
  A Parquet table with two columns of one name is LNV011 (not read).
  `duplicate_diagnostic` and `orphan_diagnostic` are those diagnostics, for
  checks that find the same problems elsewhere (the DuckDB engine's Parquet checks).
- Parquet needs pyarrow (the `bulk` extra): without it, a Parquet directory is
  the one-line LNV403 naming the extra; JSON Lines needs nothing optional.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from lnvideo.diagnostics import Diagnostic
from lnvideo.readers import bundle as _bundle
from lnvideo.readers.bundle import MAX_SUGGESTIONS, SiteBundle, group_by_site
from lnvideo.readers.from_row import build_record
from lnvideo.readers.jsonl import cannot_read, read_jsonl
from lnvideo.readers.parquet import PARQUET_TABLES, read_parquet_dir
from lnvideo.readers.site_index import JsonlGroups, group_jsonl
from lnvideo.readers.to_jsonl import record_to_json, write_jsonl
from lnvideo.records import Record

__all__ = [
    "MAX_SUGGESTIONS",
    "JsonlGroups",
    "SiteBundle",
    "build_record",
    "duplicate_diagnostic",
    "group_by_site",
    "group_jsonl",
    "orphan_diagnostic",
    "read_jsonl",
    "read_parquet_dir",
    "read_records",
    "record_to_json",
    "write_jsonl",
]

STDIN_NAME = "<stdin>"

#: LNV010 for a record whose id was seen before: (kind, id, the repeat, the first).
duplicate_diagnostic = _bundle._duplicate
#: LNV009 for a camera or event whose site was not read: (record, sites by id).
orphan_diagnostic = _bundle._orphan


def read_records(
    inputs: Iterable[str | Path], *, stdin: IO[str] | IO[bytes] | None = None
) -> Iterator[Record | Diagnostic]:
    """Read every input in turn: JSONL files, ``-`` (standard input) or directories.

    Args:
        inputs: paths; ``-`` reads `stdin` (default: the process's standard input).
        stdin: the stream ``-`` stands for.

    Example:
        >>> [d.code for d in read_records(["/no/such/file.jsonl"])]
        ['LNV011']
    """
    for item in inputs:
        if str(item) == "-":
            stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", sys.stdin)
            yield from read_jsonl(stream, name=STDIN_NAME)
            continue
        path = Path(item)
        try:
            is_dir, is_file = path.is_dir(), path.is_file()
        except OSError as exc:
            yield cannot_read(str(path), exc)
            continue
        if is_dir:
            yield from _read_directory(path)
        elif is_file and path.suffix == ".parquet":
            yield cannot_read(
                str(path), "a single Parquet file; pass the directory holding sites.parquet"
            )
        elif is_file or path.exists():
            yield from read_jsonl(path)
        else:
            yield cannot_read(str(path), "no such file or directory")


def _read_directory(path: Path) -> Iterator[Record | Diagnostic]:
    if any((path / name).exists() for _, name in PARQUET_TABLES):
        from lnvideo.extras import require

        require("pyarrow", "bulk", f"reading the Parquet tables of {path}")
        yield from read_parquet_dir(path)
        return
    try:
        files = sorted(p for p in path.glob("*.jsonl") if p.is_file())
    except OSError as exc:
        yield cannot_read(str(path), exc)
        return
    if not files:
        yield cannot_read(str(path), "the directory holds neither Parquet tables nor *.jsonl files")
    for file in files:
        yield from read_jsonl(file)
