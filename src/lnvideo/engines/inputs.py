"""Inputs for the SQL engines: a Parquet directory as is, anything else as Arrow tables.

Input: the engine's inputs (paths). Output: an `Input`: either the directory of
Parquet tables whose columns the SQL can read directly (`parquet`), or Arrow
datasets over Parquet files staged from the bundles the Python readers accepted
(`arrow`), with the readers' diagnostics. Staging writes a batch of sites at a
time, and JSON Lines files are grouped site by site (`readers.group_jsonl`), so
memory does not grow with the input; the staging directory is deleted by
`Input.close`, when the `Input` is collected, or at exit.

Invariants: the relations an engine builds from an `Input` have the columns
`compile.to_sql` documents; the Arrow path applies every reader rule (located
diagnostics, rejected records left out, duplicates and orphans dropped), so the
SQL engines see exactly the bundles the Python engine sees. A Parquet directory
whose column types the SQL cannot read directly (e.g. dates as text) takes the
Arrow path too. The Arrow schemas are `lnvideo.arrow_schema`'s; nothing here
imports `synth`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from lnvideo import schema
from lnvideo.clock import ZONE as SHANGHAI
from lnvideo.diagnostics import Diagnostic

#: schema type -> the Arrow type ids the SQL reads directly.
_DIRECT: dict[schema.Type, tuple[str, ...]] = {
    schema.Type.STR: ("string", "large_string"),
    schema.Type.ENUM: ("string", "large_string"),
    schema.Type.OPEN_ENUM: ("string", "large_string"),
    schema.Type.COUNTY: ("string", "large_string"),
    schema.Type.INT: ("int64", "int32", "int16", "int8"),
    schema.Type.BOOL: ("bool",),
    schema.Type.DATE: ("date32[day]",),
    schema.Type.INSTANT: ("timestamp",),
    schema.Type.STR_LIST: ("list<element: string>", "list<item: string>"),
}


@attrs.frozen
class Input:
    """Where the engine reads sites, cameras and events from."""

    kind: str  # "parquet" | "arrow"
    directory: Path | None = None
    tables: dict[str, Any] = attrs.field(factory=dict)  # name -> pyarrow.Table
    column_types: dict[str, dict[str, str]] = attrs.field(
        factory=dict
    )  # table -> col -> arrow type
    diagnostics: tuple[Diagnostic, ...] = ()
    #: The temporary directory of Parquet files the tables read (`stage`), or None.
    staging: Path | None = None

    def close(self) -> None:
        """Delete the staging directory now (it also goes when the `Input` is collected)."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)


def event_fields() -> dict[str, schema.FieldSpec]:
    """Every event column: the common ones and each type's attributes."""
    out: dict[str, schema.FieldSpec] = dict(schema.EVENT_COMMON_FIELDS)
    for fields in schema.EVENT_TYPE_FIELDS.values():
        for name, f in fields.items():
            out.setdefault(name, f)
    return out


TABLE_FIELDS: dict[str, dict[str, schema.FieldSpec]] = {
    "sites": dict(schema.SITE_FIELDS),
    "cameras": dict(schema.CAMERA_FIELDS),
    "events": event_fields(),
}


def table_fields() -> dict[str, dict[str, schema.FieldSpec]]:
    """`TABLE_FIELDS` with what the loaded packs declare (`schema.vocabulary()`, SPEC §8)."""
    if schema.vocabulary() is schema.EMPTY_VOCABULARY:
        return TABLE_FIELDS
    return {
        "sites": schema.site_fields(),
        "cameras": schema.camera_fields(),
        "events": TABLE_FIELDS["events"],
    }


def _arrow_type_name(t: Any) -> str:
    import pyarrow as pa

    if pa.types.is_timestamp(t):
        return "timestamp" if t.tz is None else "timestamptz"
    return str(t)


def _direct(spec: schema.FieldSpec, type_name: str, *, is_on: bool = False) -> bool:
    if is_on:
        return type_name in {"timestamp", "timestamptz", "date32[day]"}
    if spec.type is schema.Type.INSTANT:
        return type_name in {"timestamp", "timestamptz", "date32[day]"}
    return type_name in _DIRECT[spec.type]


def parquet_input(directory: Path) -> Input | None:
    """The directory as a direct Parquet input, or None when a column needs the Python reader."""
    import pyarrow.parquet as pq

    types: dict[str, dict[str, str]] = {}
    for table, fields in table_fields().items():
        file = directory / f"{table}.parquet"
        if not file.is_file():
            if table == "sites":
                return None
            types[table] = {}
            continue
        try:
            arrow_schema = pq.read_schema(file)
        except Exception:  # unreadable: let the reader report it
            return None
        if len(set(arrow_schema.names)) != len(arrow_schema.names):
            return None  # two columns of one name: the reader refuses the table, located
        cols = {f.name: _arrow_type_name(f.type) for f in arrow_schema}
        for name, spec in fields.items():
            if name in cols and not _direct(
                spec, cols[name], is_on=(table, name) == ("events", "on")
            ):
                return None
        for required in [n for n, s in fields.items() if s.required]:
            if required not in cols:
                return None
        types[table] = cols
    return Input("parquet", directory=directory, column_types=types)


def resolve(inputs: Sequence[str | Path]) -> Input:
    """A single Parquet directory is read directly; every other input goes through the readers.

    JSON Lines files are grouped site by site (`readers.group_jsonl`), so staging them
    holds one batch of sites at a time; standard input is grouped in memory.
    """
    if len(inputs) == 1:
        path = Path(inputs[0])
        if path.is_dir() and (path / "sites.parquet").is_file():
            direct = parquet_input(path)
            if direct is not None:
                return direct
    from lnvideo import readers

    names = [str(p) for p in inputs]
    groups = readers.group_jsonl(names)
    return records_input(groups if groups is not None else readers.read_records(names))


def records_input(records: Iterable[Any] | Any) -> Input:
    """Records (and reader diagnostics), or a `readers.JsonlGroups` -> the bundles
    `group_by_site` keeps, staged as Parquet (`stage`)."""
    from lnvideo.readers import JsonlGroups, group_by_site

    if isinstance(records, JsonlGroups):
        return stage(records.bundles(), records.diagnostics)
    bundles, diags = group_by_site(records)
    return stage(iter(bundles), lambda: diags)


#: Sites per batch written to the staging files: memory holds one batch's rows.
STAGE_SITES = 200


def stage(
    bundles: Iterator[Any], diagnostics: Callable[[], Sequence[Diagnostic]], *, batch: int = 0
) -> Input:
    """Bundles -> ``sites/cameras/events.parquet`` in a temporary directory, `batch` sites
    at a time; an `Input` whose tables are Arrow datasets over those files.

    The directory is `Input.staging`; it goes when `Input.close` is called or the
    `Input` is collected (and at exit), and at once if staging fails.
    `diagnostics()` is called once the bundles are exhausted.
    """
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    from lnvideo.arrow_schema import CAMERA_SCHEMA, EVENT_SCHEMA, site_schema

    row = pa.field("file_row_number", pa.int64())
    schemas = {
        "sites": site_schema(),
        "cameras": CAMERA_SCHEMA.append(row),
        "events": EVENT_SCHEMA.append(row),
    }
    size = batch or STAGE_SITES
    directory = Path(tempfile.mkdtemp(prefix="lnvideo_stage_"))
    try:
        writers = {n: pq.ParquetWriter(directory / f"{n}.parquet", s) for n, s in schemas.items()}
        try:
            first = {"cameras": 0, "events": 0}
            while True:
                chunk = list(itertools.islice(bundles, size))
                if not chunk:
                    break
                tables = dict(zip(schemas, bundles_to_arrow(chunk, first_rows=first), strict=True))
                for name, table in tables.items():
                    writers[name].write_table(table)
                    if name in first:
                        first[name] += table.num_rows
        finally:
            for w in writers.values():
                w.close()
        diags = tuple(diagnostics())
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    datasets = {n: ds.dataset(directory / f"{n}.parquet", format="parquet") for n in schemas}
    types = {
        name: {f.name: _arrow_type_name(f.type) for f in t.schema} for name, t in datasets.items()
    }
    inp = Input("arrow", tables=datasets, column_types=types, diagnostics=diags, staging=directory)
    weakref.finalize(inp, shutil.rmtree, str(directory), True)
    return inp


def bundles_to_arrow(
    bundles: Sequence[Any], *, first_rows: dict[str, int] | None = None
) -> tuple[Any, Any, Any]:
    """Site bundles -> (sites, cameras, events) Arrow tables in the `arrow_schema` schemas.

    Events carry their instant in `on` (`on_at`, or 00:00 Asia/Shanghai of a bare
    date); cameras and events get a `file_row_number` key (from `first_rows`, default 0).
    """
    import pyarrow as pa

    from lnvideo.arrow_schema import CAMERA_SCHEMA, EVENT_SCHEMA, site_schema

    SITE_SCHEMA = site_schema()  # with the site fields the loaded packs declare
    declared = {f.name for f in schema.vocabulary().fields}
    site_rows: list[dict[str, Any]] = []
    cam_rows: list[dict[str, Any]] = []
    ev_rows: list[dict[str, Any]] = []
    for b in bundles:
        s = b.site
        site_rows.append(
            {
                n: (list(v) if isinstance(v, tuple) else v)
                for n in SITE_SCHEMA.names
                for v in [s.extra.get(n) if n in declared else getattr(s, n, None)]
            }
        )
        for c in b.cameras:
            cam_rows.append({n: getattr(c, n, None) for n in CAMERA_SCHEMA.names})
        for e in b.events:
            row = {n: getattr(e, n, None) for n in EVENT_SCHEMA.names}
            row["on"] = e.on_at if e.on_at is not None else _midnight(e.on)
            ev_rows.append(row)
    sites = pa.Table.from_pylist(site_rows, schema=SITE_SCHEMA)
    cameras = pa.Table.from_pylist(cam_rows, schema=CAMERA_SCHEMA)
    events = pa.Table.from_pylist(ev_rows, schema=EVENT_SCHEMA)
    first = first_rows or {}
    cam0, ev0 = first.get("cameras", 0), first.get("events", 0)
    cameras = cameras.append_column(
        "file_row_number", pa.array(range(cam0, cam0 + len(cam_rows)), pa.int64())
    )
    events = events.append_column(
        "file_row_number", pa.array(range(ev0, ev0 + len(ev_rows)), pa.int64())
    )
    return sites, cameras, events


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)
