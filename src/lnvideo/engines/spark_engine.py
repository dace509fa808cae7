"""The Spark engine: the compiled SQL (`compile.to_sql`, dialect spark) on a Spark session.

Input: an `api.Ruleset`; a directory of Parquet tables (read by Spark in place)
or JSONL inputs (read by `lnvideo.readers`, staged as Parquet for Spark).
Output: findings streamed from the driver (`toLocalIterator`), one Parquet or
JSON Lines file written by Spark, or counts per status.

Invariants: pyspark is imported lazily; without it, or without Java, every
method raises LNV403 with a clear message. The session runs with
`spark.sql.session.timeZone = Asia/Shanghai` (the Spark dialect relies on it);
one session per master is kept for the life of the process (`session`).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from lnvideo.clock import TZ_NAME
from lnvideo.compile.to_sql import CompiledSql, compile_ruleset, date_columns, literal_dates
from lnvideo.diagnostics import Diagnostic, LnvideoError
from lnvideo.engines.calendar_table import calendar_table
from lnvideo.engines.inputs import TABLE_FIELDS, Input, records_input, resolve
from lnvideo.findings import FINDING_COLUMNS, Finding, Status

DEFAULT_MASTER = "local[2]"
_SESSIONS: dict[str, Any] = {}
_SPARK_TYPES = {
    "str": "STRING",
    "enum": "STRING",
    "open_enum": "STRING",
    "county": "STRING",
    "int": "BIGINT",
    "bool": "BOOLEAN",
    "date": "DATE",
    "instant": "TIMESTAMP",
    "list[str]": "ARRAY<STRING>",
}


def unavailable(why: str) -> LnvideoError:
    msg = f"the spark engine is not available: {why}"
    hint = "install the extra (`pip install lnvideo[spark]`) and Java 17, or use --engine duckdb"
    return LnvideoError([Diagnostic("LNV403", msg, hint=hint)])


def spark_available() -> str | None:
    """None when pyspark and Java are there, else why not (for skips and errors)."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed"
    java_home = os.environ.get("JAVA_HOME")
    if not shutil.which("java") and not (java_home and Path(java_home, "bin", "java").exists()):
        return "no Java runtime (java on PATH or JAVA_HOME)"
    return None


def session(master: str = DEFAULT_MASTER) -> Any:
    """The process's Spark session for `master`, created on first use."""
    why = spark_available()
    if why is not None:
        raise unavailable(why)
    hit = _SESSIONS.get(master)
    if hit is not None:
        return hit
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(master)
        .appName("lnvideo")
        .config("spark.sql.session.timeZone", TZ_NAME)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    _SESSIONS[master] = spark
    return spark


class SparkEngine:
    """Runs the Spark SQL dialect of the compiled SQL."""

    name = "spark"

    def __init__(self, master: str = DEFAULT_MASTER) -> None:
        self.master = master
        self.last_diagnostics: list[Diagnostic] = []
        self._tmp: tempfile.TemporaryDirectory[str] | None = None

    def prepare(
        self,
        ruleset: Any,
        inputs: Sequence[str | Path] | Input,
        *,
        as_of: dt.date,
        lang: str,
        master: str | None,
        diagnostics: list[Diagnostic] | None,
    ) -> tuple[Any, CompiledSql]:
        compiled = compile_ruleset(ruleset.ir, "spark", as_of=as_of, lang=lang)
        spark = session(master or self.master)
        inp = inputs if isinstance(inputs, Input) else resolve(inputs)
        if inp.kind == "parquet" and _has_input_errors(inp):
            # Bad rows: the readers report them and leave them out (the Arrow path).
            from lnvideo.readers import read_records

            assert inp.directory is not None
            inp = records_input(read_records([str(inp.directory)]))
        self.last_diagnostics = list(inp.diagnostics)
        if diagnostics is not None:
            diagnostics.extend(inp.diagnostics)
        self._tmp = tempfile.TemporaryDirectory(prefix="lnvideo_spark_")
        tmp = Path(self._tmp.name)
        directory = inp.directory
        types = inp.column_types
        if inp.kind == "arrow":
            import pyarrow.parquet as pq

            directory = tmp / "input"
            directory.mkdir()
            for name, table in inp.tables.items():
                pq.write_table(table, directory / f"{name}.parquet")
        assert directory is not None
        for table, fields in TABLE_FIELDS.items():
            file = directory / f"{table}.parquet"
            cols = types.get(table, {})
            view = {"sites": "lnv_sites_in", "cameras": "lnv_cameras", "events": "lnv_events"}[
                table
            ]
            select: list[str] = []
            for name, spec in fields.items():
                q = f"`{name}`"
                if name not in cols:
                    select.append(f"CAST(NULL AS {_SPARK_TYPES[spec.type.value]}) AS {q}")
                elif table == "events" and name == "on":
                    select.append(f"CAST({q} AS TIMESTAMP) AS `on_ts`")
                    select.append(f"CAST(CAST({q} AS TIMESTAMP) AS DATE) AS `on_date`")
                elif spec.type.value == "instant":
                    select.append(f"CAST({q} AS TIMESTAMP) AS {q}")
                else:
                    select.append(q)
            if table != "sites":
                select.append("`lnv_row_raw` AS `lnv_row`" if cols else "0L AS `lnv_row`")
            if file.is_file():
                df = spark.read.parquet(str(file))
                if table != "sites":
                    df = df.select("*", df["_metadata.row_index"].alias("lnv_row_raw"))
                df.createOrReplaceTempView(f"{view}_raw")
                spark.sql(f"SELECT {', '.join(select)} FROM {view}_raw").createOrReplaceTempView(
                    view
                )
            else:
                spark.sql(f"SELECT {', '.join(select)} WHERE FALSE").createOrReplaceTempView(view)
        starts = set(literal_dates(ruleset.ir)) | {as_of} | _data_dates(spark)
        cal = calendar_table(starts, compiled.periods, ruleset.calendar)
        import pyarrow.parquet as pq

        pq.write_table(cal, tmp / "calendar.parquet")
        spark.read.parquet(str(tmp / "calendar.parquet")).createOrReplaceTempView("lnv_calendar")
        return spark, compiled

    def _done(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def findings(
        self,
        ruleset: Any,
        inputs: Sequence[str | Path] | Input,
        *,
        as_of: dt.date,
        lang: str = "en",
        master: str | None = None,
        diagnostics: list[Diagnostic] | None = None,
    ) -> Iterator[Finding]:
        """Every finding, streamed to the driver partition by partition."""
        spark, compiled = self.prepare(
            ruleset, inputs, as_of=as_of, lang=lang, master=master, diagnostics=diagnostics
        )
        try:
            for row in spark.sql(compiled.findings_sql()).toLocalIterator(prefetchPartitions=True):
                yield Finding.from_row(tuple(row[c] for c in FINDING_COLUMNS))
        finally:
            self._done()

    def findings_from_records(
        self, ruleset: Any, records: Any, *, as_of: dt.date, lang: str = "en"
    ) -> Iterator[Finding]:
        return self.findings(ruleset, records_input(records), as_of=as_of, lang=lang)

    def write(
        self,
        ruleset: Any,
        inputs: Sequence[str | Path] | Input,
        out_path: str | Path,
        *,
        as_of: dt.date,
        lang: str = "en",
        fmt: str = "parquet",
        master: str | None = None,
        diagnostics: list[Diagnostic] | None = None,
    ) -> dict[str, int]:
        """Write every finding to one file (Spark writes a part, moved into place)."""
        if fmt not in {"parquet", "jsonl"}:
            msg = f"unknown output format {fmt!r}: expected parquet or jsonl"
            raise LnvideoError(msg)
        spark, compiled = self.prepare(
            ruleset, inputs, as_of=as_of, lang=lang, master=master, diagnostics=diagnostics
        )
        try:
            assert self._tmp is not None
            df = spark.sql(compiled.findings_sql())
            staged = Path(self._tmp.name) / "out"
            if fmt == "jsonl":
                df = spark.sql(
                    "SELECT `rule`, `article`, named_struct('kind', subject_kind, 'id', subject_id,"
                    " 'site', site) AS subject, status, CAST(due AS STRING) AS due,"
                    " CAST(fulfilled_on AS STRING) AS fulfilled_on, severity, message"
                    f" FROM ({compiled.findings_sql()})"
                )
                df.coalesce(1).write.option("ignoreNullFields", "false").json(str(staged))
                suffix = ".json"
            else:
                df.coalesce(1).write.parquet(str(staged))
                suffix = ".parquet"
            part = next(
                p
                for p in staged.iterdir()
                if p.name.startswith("part-") and p.name.endswith(suffix)
            )
            shutil.move(str(part), str(out_path))
            if fmt == "parquet":
                counts = spark.read.parquet(str(out_path)).groupBy("status").count().collect()
            else:
                counts = spark.read.json(str(out_path)).groupBy("status").count().collect()
        finally:
            self._done()
        return _counts([(r["status"], r["count"]) for r in counts])

    def summary(
        self,
        ruleset: Any,
        inputs: Sequence[str | Path] | Input,
        *,
        as_of: dt.date,
        lang: str = "en",
        master: str | None = None,
        diagnostics: list[Diagnostic] | None = None,
    ) -> dict[str, int]:
        spark, compiled = self.prepare(
            ruleset, inputs, as_of=as_of, lang=lang, master=master, diagnostics=diagnostics
        )
        try:
            rows = spark.sql(compiled.summary_sql()).collect()
        finally:
            self._done()
        return _counts([(r[0], r[1]) for r in rows])


def _has_input_errors(inp: Input) -> bool:
    """Whether a Parquet directory has anything the readers would report (checked in DuckDB)."""
    import duckdb

    from lnvideo.engines.parquet_checks import check_parquet

    con = duckdb.connect(":memory:")
    try:
        # Any diagnostic, warnings included: the readers then report them all.
        return bool(check_parquet(con, inp).diagnostics)
    except duckdb.Error:  # a page that cannot be decoded: the readers report it (LNV011)
        return True
    finally:
        con.close()


def _counts(rows: list[tuple[str, int]]) -> dict[str, int]:
    counts = {s.value: 0 for s in Status}
    for status, n in rows:
        counts[status] = int(n)
    return counts


def _data_dates(spark: Any) -> set[dt.date]:
    """Every day between the data's first and last date (the calendar's starts)."""
    parts = []
    for table, columns in date_columns().items():
        for c in columns:
            parts.append(
                f"SELECT CAST(min(`{c}`) AS DATE) AS lo, CAST(max(`{c}`) AS DATE) AS hi FROM {table}"
            )
    rows = spark.sql(" UNION ALL ".join(parts)).collect()
    lows = [r["lo"] for r in rows if r["lo"] is not None]
    highs = [r["hi"] for r in rows if r["hi"] is not None]
    if not lows:
        return set()
    first, last = min(lows), max(highs)
    if (last - first).days > 40_000:
        out: set[dt.date] = set()
        for table, columns in date_columns().items():
            for c in columns:
                sql = (
                    f"SELECT DISTINCT CAST(`{c}` AS DATE) AS d FROM {table} WHERE `{c}` IS NOT NULL"
                )
                out.update(r["d"] for r in spark.sql(sql).collect())
        return out
    return {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}
