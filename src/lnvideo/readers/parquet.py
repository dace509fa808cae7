"""A directory of Parquet tables -> records and located diagnostics, in batches.

Input: a directory holding ``sites.parquet`` (required), and optionally
``cameras.parquet`` and ``events.parquet``, with the SPEC §2 fields as columns
(events: a ``type`` column, the per-type fields as nullable columns).
Output: an iterator of `Site`, `Camera`, `Event` and `Diagnostic` values: all
sites, then all cameras, then all events, in row order.

Invariants: memory is bounded by one record batch; diagnostics are located as
``Span(<parquet file>, <1-based row>)``; a null cell is an absent field; column
types are checked per value by the same rules as JSON values, so dates may be
date32, timestamps (with a zone: converted to Asia/Shanghai; naive:
Asia/Shanghai wall time) or ISO strings; an event's ``on`` from a date32 has
no instant (``on_at`` is None). A file that cannot be opened or decoded is an
LNV011 diagnostic, never an exception; so is a table with two columns of the
same name (refused whole: which one is meant cannot be known). Dates and
timestamps outside 1900..2200 (local date), including values Python cannot
hold, are LNV006 like the same values written as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lnvideo.diagnostics import Diagnostic
from lnvideo.readers import columnar
from lnvideo.readers.from_row import _specs_for, build_record
from lnvideo.readers.jsonl import cannot_read
from lnvideo.records import Record
from lnvideo.source import Span

#: (record kind, file name) in reading order.
PARQUET_TABLES: tuple[tuple[str, str], ...] = (
    ("site", "sites.parquet"),
    ("camera", "cameras.parquet"),
    ("event", "events.parquet"),
)
BATCH_ROWS = 8192


def read_parquet_dir(path: str | Path) -> Iterator[Record | Diagnostic]:
    """Read the Parquet tables of one directory; bad rows yield diagnostics and reading goes on.

    Example:
        >>> [d.code for d in read_parquet_dir("/nonexistent")]
        ['LNV011']
    """
    directory = Path(path)
    if not (directory / "sites.parquet").is_file():
        yield cannot_read(str(directory / "sites.parquet"), "the directory has no sites.parquet")
    for kind, filename in PARQUET_TABLES:
        file = directory / filename
        if file.exists():
            yield from read_parquet_table(file, kind)


def read_parquet_table(file: str | Path, kind: str) -> Iterator[Record | Diagnostic]:
    """Read one Parquet table whose rows are all records of `kind`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    name = str(file)
    try:
        table = pq.ParquetFile(file)
    except (OSError, pa.ArrowException, ValueError) as exc:
        yield cannot_read(name, exc)
        return
    names = table.schema_arrow.names
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        # Which of the two is meant cannot be known; readers disagree (first vs last).
        yield Diagnostic(
            "LNV011",
            f"cannot read input `{name}`: expected each column once, found "
            + ", ".join(f"`{n}` {names.count(n)} times" for n in twice),
            Span(name, 1),
            hint="write the table with unique column names; no row of this file is read",
            field=twice[0],
        )
        return
    row = 0
    fast = _plan(kind, table.schema_arrow)
    try:
        for batch in table.iter_batches(batch_size=BATCH_ROWS):
            if fast is not None:
                yield from columnar.read_batch(fast, batch, name, row + 1, _slow(kind))
                row += batch.num_rows
                continue
            columns = _python_columns(batch)
            for i in range(batch.num_rows):
                row += 1
                values = {col: cells[i] for col, cells in columns.items()}
                record, diags = build_record(kind, values, Span(name, row))
                yield from diags
                if record is not None:
                    yield record
    except (OSError, pa.ArrowException, ValueError, OverflowError) as exc:
        # A batch that cannot be decoded stops this file, not the others.
        yield cannot_read(name, exc, row + 1)


def _plan(kind: str, schema: Any) -> columnar.Plan | None:
    """Cameras and events are read column by column when their types allow (`columnar`)."""
    if kind not in ("camera", "event"):
        return None  # sites: few, and their fields depend on the rules' vocabulary
    return columnar.plan(kind, schema, _specs_for(kind, None)[0])


def _slow(kind: str) -> Any:
    """Row `i` of a batch through `build_record`, as when every row is read that way."""

    def one(batch: Any, i: int, span: Span) -> Iterator[Record | Diagnostic]:
        columns = _python_columns(batch.slice(i, 1))
        values = {col: cells[0] for col, cells in columns.items()}
        record, diags = build_record(kind, values, span)
        yield from diags
        if record is not None:
            yield record

    return one


class Unconvertible:
    """A Parquet cell pyarrow cannot turn into a Python value (e.g. a timestamp out of range)."""

    def __init__(self, arrow_type: str) -> None:
        self.arrow_type = arrow_type

    def __repr__(self) -> str:
        return f"an out-of-range {self.arrow_type} value"

    __str__ = __repr__


def _python_columns(batch: Any) -> dict[str, list[Any]]:
    """Columns as Python lists; cells that cannot be converted become `Unconvertible`."""
    import pyarrow as pa

    out: dict[str, list[Any]] = {}
    for col_name, column in zip(batch.schema.names, batch.columns, strict=True):
        if pa.types.is_timestamp(column.type) and column.type.unit == "ns":
            # Python datetimes stop at microseconds; the instant loses only its nanoseconds.
            column = column.cast(pa.timestamp("us", tz=column.type.tz), safe=False)
        try:
            out[col_name] = column.to_pylist()
        except (pa.ArrowException, ValueError, OverflowError):
            out[col_name] = [_cell(column, i) for i in range(len(column))]
    return out


def _cell(column: Any, i: int) -> Any:
    import pyarrow as pa

    try:
        return column[i].as_py()
    except (pa.ArrowException, ValueError, OverflowError):
        return Unconvertible(str(column.type))


def sorted_by_site(file: str | Path, site_ids: list[str]) -> bool:
    """Whether the rows of `file` whose `site` is one of `site_ids` come in that order.

    Reads only the `site` column, in batches; nulls and other ids (orphans) may be
    anywhere. False for anything unexpected (no `site` column, not text, unreadable):
    the caller then reads the table the general way, which reports it.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(file)
        names = table.schema_arrow.names
        if names.count("site") != 1:
            return False
        ids = pa.array(site_ids, pa.string())
        last = -1
        for batch in table.iter_batches(batch_size=BATCH_ROWS * 8, columns=["site"]):
            column = batch.column(0)
            if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
                return False
            idx = pc.drop_null(pc.index_in(column, value_set=ids))
            if len(idx) == 0:
                continue
            if idx[0].as_py() < last:
                return False
            if len(idx) > 1 and pc.any(pc.less(idx[1:], idx[:-1])).as_py():
                return False
            last = idx[-1].as_py()
    except (OSError, pa.ArrowException, ValueError, OverflowError):
        return False
    return True
