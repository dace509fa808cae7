"""The DuckDB engine: the compiled SQL (`compile.to_sql`, dialect duckdb), embedded.

Input: an `api.Ruleset`; a directory of Parquet tables (read in place by
`read_parquet`) or JSONL inputs (read by `lnvideo.readers`, handed over as Arrow).
Output: findings streamed in Arrow batches, a Parquet / JSON Lines file written
by `COPY ... TO`, or counts per status.

Invariants: one in-memory connection per run (2 threads), with a memory limit and
spilling to a temporary directory, so memory is bounded by DuckDB, not by the
number of findings; the calendar table comes from `periods.deadline_table`
(`engines.calendar_table`); input problems are reported, never raised: a Parquet
directory read in place is validated by set-based queries
(`engines.parquet_checks`), whose bad, duplicate and orphan rows are left out
exactly as the Python readers leave them out. A missing cameras or events table
is an empty table; nanosecond timestamps (naive or zoned) are read as
microsecond ones; a directory whose pages DuckDB cannot decode is read by the
Python readers instead (LNV011 at the row, as the Python engine says). Findings Parquet is written with
snappy compression and ENUM-typed constant columns (the cheapest encoding
DuckDB's writer has). A `progress(done, total)` callback, when given, is fed
from a thread polling `query_progress()` while the query runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlglot import exp

from lnvideo import schema
from lnvideo.clock import TZ_NAME as TZ
from lnvideo.compile.dialects import duckdb as dialect
from lnvideo.compile.to_sql import (
    COLUMNS,
    CompiledSql,
    compile_ruleset,
    date_columns,
    literal_dates,
)
from lnvideo.engines import sql_engine
from lnvideo.engines.calendar_table import calendar_table
from lnvideo.engines.inputs import Input, records_input, table_fields
from lnvideo.engines.parquet_checks import Checked, check_parquet
from lnvideo.engines.sql_engine import VIEWS, Progress, Request, SqlEngine
from lnvideo.findings import FINDING_COLUMNS, Finding, Severity, Status

#: DuckDB's own limit; the process peak adds Python and Arrow on top.
MEMORY_LIMIT = "640MB"
BATCH_ROWS = 65_536
#: Explained rows carry ~45 columns, each a Python object once decoded: smaller batches.
EXPLAIN_BATCH_ROWS = 8_192
#: This machine's cores; more threads than cores only adds contention.
THREADS = 2
#: Findings Parquet: snappy is several times cheaper to write than zstd for ~10% more bytes.
PARQUET_OPTIONS = "FORMAT parquet, COMPRESSION snappy"
_SQL_TYPES = {
    schema.Type.STR: "VARCHAR",
    schema.Type.ENUM: "VARCHAR",
    schema.Type.OPEN_ENUM: "VARCHAR",
    schema.Type.COUNTY: "VARCHAR",
    schema.Type.INT: "BIGINT",
    schema.Type.BOOL: "BOOLEAN",
    schema.Type.DATE: "DATE",
    schema.Type.INSTANT: "TIMESTAMPTZ",
    schema.Type.STR_LIST: "VARCHAR[]",
}


def _q(name: str) -> exp.Identifier:
    return exp.to_identifier(name, quoted=True)


def _instant(column: exp.Expr, arrow_type: str) -> exp.Expr:
    """A column as TIMESTAMPTZ: zoned as is, naive and dates as Asia/Shanghai wall time.

    The casts make nanosecond timestamps (what pandas writes) microsecond ones.
    """
    if arrow_type == "timestamptz":
        return exp.cast(column, "TIMESTAMPTZ")
    if arrow_type == "timestamp":
        naive_us = exp.cast(column, "TIMESTAMP")
        return exp.func("timezone", exp.Literal.string(TZ), naive_us, dialect="duckdb")
    naive = exp.cast(column, "TIMESTAMP")
    return exp.func("timezone", exp.Literal.string(TZ), naive, dialect="duckdb")


def declared_only(column: exp.Expr, spec: schema.FieldSpec) -> exp.Expr:
    """A place category no loaded pack declares reads as missing (LNV016, SPEC §8)."""
    known = exp.In(this=column, expressions=[exp.Literal.string(v) for v in spec.values])
    return exp.Case(ifs=[exp.If(this=known, true=column.copy())])


def staging_views(inp: Input, checked: Checked | None = None) -> list[str]:
    """CREATE VIEW statements for lnv_sites_in, lnv_cameras and lnv_events over the input.

    With `checked` (a Parquet directory validated by `parquet_checks`), sites come
    from its table of valid sites and the rows it drops are left out.
    """
    out: list[str] = []
    for table, fields in table_fields().items():
        cols = inp.column_types.get(table, {})
        if inp.kind == "parquet":
            assert inp.directory is not None
            file = inp.directory / f"{table}.parquet"
            if file.is_file() and checked is not None and table == "sites":
                source: exp.Expr = exp.to_table(checked.sites)
            elif file.is_file():
                args: list[exp.Expr] = [exp.Literal.string(str(file))]
                if table != "sites":
                    args.append(exp.EQ(this=exp.var("file_row_number"), expression=exp.true()))
                source = exp.Anonymous(this="read_parquet", expressions=args)
            else:
                source = exp.to_table("lnv_empty_" + table)
        else:
            source = exp.to_table("lnv_arrow_" + table)
        select: list[exp.Expr] = []
        for name, spec in fields.items():
            column = exp.column(name, quoted=True)
            if table == "events" and name == "on" and name not in cols:
                # A missing events table is an empty one: the columns still exist.
                select.append(exp.alias_(exp.cast(exp.null(), "TIMESTAMPTZ"), "on_ts", quoted=True))
                select.append(exp.alias_(exp.cast(exp.null(), "DATE"), "on_date", quoted=True))
                continue
            if name not in cols:
                value: exp.Expr = exp.cast(exp.null(), _SQL_TYPES[spec.type])
            elif table == "events" and name == "on":
                instant = _instant(column, cols[name])
                select.append(exp.alias_(instant, "on_ts", quoted=True))
                local = dialect.local_date(dialect.instant(instant.copy()))
                select.append(exp.alias_(local, "on_date", quoted=True))
                continue
            elif spec.type is schema.Type.INSTANT:
                value = _instant(column, cols[name])
            elif (table, name) == ("sites", "place_category"):
                value = declared_only(column, spec)
            else:
                value = column
            select.append(exp.alias_(value, name, quoted=True))
        if table != "sites":
            row = exp.column("file_row_number", quoted=True) if cols else exp.Literal.number(0)
            select.append(exp.alias_(row, "lnv_row", quoted=True))
        query = exp.select(*select).from_(source)
        drop = checked.drop.get(table) if checked is not None else None
        if drop is not None:
            kept = exp.select(exp.column("r")).from_(exp.to_table(drop))
            query = query.where(
                exp.Not(this=exp.In(this=exp.column("file_row_number"), query=kept.subquery()))
            )
        out.append(f"CREATE OR REPLACE TEMP VIEW {VIEWS[table]} AS {query.sql('duckdb')}")
    return out


def data_dates(con: Any) -> set[dt.date]:
    """The start dates the calendar table must cover: every day of the data's span.

    Min and max are cheap (Parquet statistics); a span wider than
    `sql_engine.MAX_SPAN_DAYS` (odd data) falls back to the distinct dates present.
    """
    from lnvideo.clock import ZONE as SHANGHAI

    columns = [(t, c) for t, cs in date_columns().items() for c in cs if c != "on_date"]
    columns.append(("lnv_events", "on_ts"))

    def day(v: Any) -> dt.date | None:
        if isinstance(v, dt.datetime):
            return v.astimezone(SHANGHAI).date() if v.tzinfo else v.date()
        return v if isinstance(v, dt.date) else None

    def bounds() -> Iterator[tuple[dt.date | None, dt.date | None]]:
        for table, c in columns:
            lo, hi = con.execute(f'SELECT min("{c}"), max("{c}") FROM {table}').fetchall()[0]
            yield day(lo), day(hi)

    def present() -> set[dt.date]:
        out: set[dt.date] = set()
        for table, c in columns:
            value = f'"{c}"'
            if c in {"on_ts", "reported_on"}:
                value = dialect.local_date(dialect.instant(exp.column(c, quoted=True))).sql(
                    "duckdb"
                )
            rows = con.execute(f"SELECT DISTINCT {value} FROM {table} WHERE {value} IS NOT NULL")
            out.update(d for (d,) in rows.fetchall())
        return out

    return sql_engine.every_day(bounds(), present)


def duckdb_errors() -> tuple[type[BaseException], ...]:
    """The errors a DuckDB read of a damaged Parquet file raises."""
    import duckdb

    return (duckdb.Error,)


def _read_with_python(inp: Input) -> Input:
    from lnvideo.readers import read_records

    assert inp.directory is not None
    return records_input(read_records([str(inp.directory)]))


class DuckDBEngine(SqlEngine):
    """Runs the DuckDB dialect of the compiled SQL.

    `findings`, `write` and `summary` take `progress` (see `Progress`): it is
    called from a polling thread while the query runs.
    """

    name = "duckdb"
    OPTIONS = frozenset({"progress"})

    def __init__(self, *, threads: int | None = THREADS, memory_limit: str = MEMORY_LIMIT) -> None:
        super().__init__()
        self.threads = threads
        self.memory_limit = memory_limit
        #: an input read again while preparing (an undecodable page): held, with its
        #: staged files, until the connection closes
        self._held: Input | None = None

    # ------------------------------------------------------------ setup
    def connect(self) -> Any:
        import duckdb

        con = duckdb.connect(":memory:")
        con.execute(f"SET memory_limit = '{self.memory_limit}'")
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET enable_progress_bar = false")
        con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/lnvideo_duckdb'")
        if self.threads:
            con.execute(f"SET threads = {int(self.threads)}")
        return con

    def prepare(self, con: Any, req: Request) -> CompiledSql:
        """Register the input, compile the rules, and build the calendar table."""
        ruleset, inp, as_of = req.ruleset, req.input, req.as_of
        checked = None
        if inp.kind == "parquet":
            try:
                checked = check_parquet(con, inp)
            except duckdb_errors():
                # A page DuckDB cannot decode: read the directory as the Python engine
                # does, which reports LNV011 at the row where decoding stops.
                inp = self._held = _read_with_python(inp)
        found = list(inp.diagnostics) + list(checked.diagnostics if checked else ())
        self.last_diagnostics = req.report(found)
        compiled = compile_ruleset(
            ruleset.ir, "duckdb", as_of=as_of, lang=req.lang, explain=req.explain
        )
        if inp.kind == "arrow":
            for name, table in inp.tables.items():
                if inp.staging is not None:  # staged Parquet (`inputs.stage`): read in place
                    file = exp.Literal.string(str(inp.staging / f"{name}.parquet")).sql("duckdb")
                    con.execute(f"CREATE TEMP VIEW lnv_arrow_{name} AS FROM read_parquet({file})")
                else:
                    con.register(f"lnv_arrow_{name}", table)
        else:
            for name in ("cameras", "events"):
                if not inp.column_types.get(name):
                    con.execute(f"CREATE TEMP TABLE lnv_empty_{name} (file_row_number BIGINT)")
        for stmt in staging_views(inp, checked):
            con.execute(stmt)
        starts = set(literal_dates(ruleset.ir)) | {as_of} | data_dates(con)
        cal = calendar_table(starts, compiled.periods, ruleset.calendar)
        con.register("lnv_calendar_arrow", cal)
        con.execute("CREATE OR REPLACE TEMP TABLE lnv_calendar AS SELECT * FROM lnv_calendar_arrow")
        return compiled

    @contextlib.contextmanager
    def _open(self, req: Request) -> Iterator[tuple[Any, CompiledSql]]:
        """A connection with the run prepared (under the packs' vocabulary), closed after."""
        with schema.using(req.ruleset.ir.vocabulary):  # the loaded packs' words and fields
            con = self.connect()
            try:
                compiled = self.prepare(con, req)
            except BaseException:
                con.close()
                raise
        try:
            yield con, compiled
        finally:
            con.close()
            if self._held is not None:
                self._held.close()
                self._held = None

    def _read_counties(self, con: Any) -> None:
        """Site id -> county code, for the reports by county organ (HTML, ics)."""
        self.county_of = dict(con.sql("SELECT id, county_code FROM lnv_sites_in").fetchall())

    # ------------------------------------------------------------ the runs
    def _retried_errors(self) -> tuple[type[BaseException], ...]:
        return duckdb_errors()

    def _retry(self, req: Request) -> Request | None:
        """A Parquet page that only the main query decodes, and cannot: the directory is
        read again by the Python readers (LNV011 at the row)."""
        if req.input.kind != "parquet":
            return None
        return req.again(_read_with_python(req.input))

    def _stream(self, req: Request) -> Iterator[Finding]:
        with self._open(req) as (con, compiled), _polled(con, req.options.get("progress")):
            self._read_counties(con)
            rows = EXPLAIN_BATCH_ROWS if compiled.explain else BATCH_ROWS
            reader = con.sql(compiled.findings_sql()).to_arrow_reader(rows)
            explainer = sql_engine.explainer_for(req, compiled)
            for batch in reader:
                cols = batch.to_pydict()
                names = cols if explainer is not None else FINDING_COLUMNS
                yield from sql_engine.to_findings(
                    zip(*(cols[c] for c in names), strict=True), explainer
                )

    def _write(self, req: Request, out_path: str | Path, fmt: str) -> dict[str, int]:
        """Write every finding with `COPY ... TO`; return the counts per status."""
        with self._open(req) as (con, compiled):
            path = exp.Literal.string(str(out_path)).sql("duckdb")
            query = compiled.findings
            if fmt == "jsonl":
                query = _jsonl_shape(query)
                options = "FORMAT json"
            else:
                query = _enum_typed(con, query, compiled)
                options = PARQUET_OPTIONS
            with _polled(con, req.options.get("progress")):
                con.execute(f"COPY ({query.sql('duckdb')}) TO {path} ({options})")
            reader = "read_parquet" if fmt == "parquet" else "read_json_auto"
            return sql_engine.counts(
                con.execute(
                    f'SELECT "status", count(*) FROM {reader}({path}) GROUP BY "status"'
                ).fetchall()
            )

    def _summary(self, req: Request) -> dict[str, int]:
        with self._open(req) as (con, compiled), _polled(con, req.options.get("progress")):
            self._read_counties(con)
            return sql_engine.counts(con.execute(compiled.summary_sql()).fetchall())


#: How often the polling thread asks DuckDB how far the query is.
POLL_SECONDS = 0.1


@contextlib.contextmanager
def _polled(con: Any, progress: Progress | None) -> Iterator[None]:
    """Run the body while a thread reports `con.query_progress()` to `progress`."""
    if progress is None:
        yield
        return
    con.execute("SET enable_progress_bar = true")
    con.execute("SET enable_progress_bar_print = false")
    stop = threading.Event()

    def poll() -> None:
        while not stop.wait(POLL_SECONDS):
            try:
                done = float(con.query_progress())
            except Exception:  # the connection is closing: stop quietly
                return
            if done >= 0:
                progress(min(done, 100.0), 100.0)

    thread = threading.Thread(target=poll, name="lnvideo-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
    progress(100.0, 100.0)


#: The low-cardinality columns of a finding, written as DuckDB ENUMs (dictionary pages for free).
_ENUM_COLUMNS = ("rule", "article", "subject_kind", "status", "severity")


def _enum_typed(con: Any, query: exp.Expr, compiled: CompiledSql) -> exp.Select:
    """The findings with their constant-per-rule columns cast to ENUM types.

    The Parquet writer then takes the dictionary from the type instead of hashing
    7 M short strings per column; readers still see strings.
    """
    values = {
        "rule": list(compiled.rules),
        "article": list(compiled.articles),
        "subject_kind": ["site", "camera", "event"],
        "status": [s.value for s in Status],
        "severity": [s.value for s in Severity],
    }
    cols: list[exp.Expr] = []
    for name in COLUMNS:
        column = exp.column(name, quoted=True)
        if name in _ENUM_COLUMNS:
            enum_name = f"lnv_enum_{name}"
            words = ", ".join(
                exp.Literal.string(v).sql("duckdb") for v in dict.fromkeys(values[name])
            )
            con.execute(f"CREATE TYPE {enum_name} AS ENUM ({words})")
            cols.append(
                exp.alias_(
                    exp.cast(column, exp.DataType.build(enum_name, udt=True)), name, quoted=True
                )
            )
        else:
            cols.append(column)
    return exp.select(*cols).from_(
        exp.Subquery(this=query, alias=exp.TableAlias(this=exp.to_identifier("lnv_out")))
    )


def _jsonl_shape(query: exp.Expr) -> exp.Select:
    """The SPEC §5 finding object per line: `subject` as {kind, id, site}."""
    subject = exp.Struct(
        expressions=[
            exp.PropertyEQ(this=exp.to_identifier(k), expression=exp.column(c, quoted=True))
            for k, c in (("kind", "subject_kind"), ("id", "subject_id"), ("site", "site"))
        ]
    )
    cols: list[exp.Expr] = [
        exp.column("rule", quoted=True),
        exp.column("article", quoted=True),
    ]
    cols.append(exp.alias_(subject, "subject", quoted=True))
    cols += [
        exp.column(c, quoted=True) for c in ("status", "due", "fulfilled_on", "severity", "message")
    ]
    return exp.select(*cols).from_(
        exp.Subquery(this=query, alias=exp.TableAlias(this=exp.to_identifier("lnv_out")))
    )
