"""The Spark engine: the compiled SQL (`compile.to_sql`, dialect spark) on a Spark session.

Input: an `api.Ruleset`; a directory of Parquet tables (read by Spark in place)
or JSONL inputs (read by `lnvideo.readers`, staged as Parquet for Spark).
Output: findings streamed from the driver (`toLocalIterator`), one Parquet or
JSON Lines file written by Spark, or counts per status.

Invariants: pyspark is imported lazily; without it, or without Java, every
method raises LNV403 with a clear message. The session runs with
`spark.sql.session.timeZone = Asia/Shanghai` (the Spark dialect relies on it);
one session is kept for the life of the process (`session`; asking for another
master stops it). The master is the argument, else $LNVIDEO_SPARK_MASTER, else
the usual Spark configuration ($PYSPARK_SUBMIT_ARGS, `spark.master` of the
user's spark-defaults.conf, $MASTER), else local[2] (`resolve_master`); settings of
the user's spark-defaults.conf win over lnvideo's one-machine defaults. The
driver JVM's stdout and stderr go to a log file (`jvm_log_path`), never to the
user's output.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lnvideo.clock import TZ_NAME
from lnvideo.compile.to_sql import CompiledSql, compile_ruleset, date_columns, literal_dates
from lnvideo.diagnostics import Diagnostic, LnvideoError
from lnvideo.engines import sql_engine
from lnvideo.engines.calendar_table import calendar_table
from lnvideo.engines.inputs import Input, records_input, table_fields
from lnvideo.engines.sql_engine import VIEWS, Request, SqlEngine
from lnvideo.findings import FINDING_COLUMNS, Finding

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


#: Where the JVM's own output goes instead of the user's terminal (see `session`).
JVM_LOG_NAME = "lnvideo-spark-jvm.log"
#: The driver's log4j2 configuration: warnings and errors to the JVM log file only.
_LOG4J2 = """\
status = error
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
logger.jetty.name = org.sparkproject.jetty
logger.jetty.level = error
logger.hadoop.name = org.apache.hadoop.util.NativeCodeLoader
logger.hadoop.level = error
logger.utils.name = org.apache.spark.util.Utils
logger.utils.level = error
"""
#: Settings lnvideo needs for correct results: always set.
_REQUIRED_CONF = {
    "spark.sql.session.timeZone": TZ_NAME,  # the Spark dialect relies on it
    "spark.sql.ansi.enabled": "false",
    "spark.ui.showConsoleProgress": "false",  # no progress bars on the user's stderr
}
#: Defaults for one machine; a key set in the user's spark-defaults.conf wins.
_DEFAULT_CONF = {
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.driver.memory": "1g",
}


def resolve_master(master: str | None = None) -> str:
    """The Spark master to use, in spark-submit's order after lnvideo's own settings.

    `master` (`--spark-master`), else $LNVIDEO_SPARK_MASTER, else a `--master` or
    `--conf spark.master=` in $PYSPARK_SUBMIT_ARGS (the command line pyspark hands
    to spark-submit), else `spark.master` of the user's spark-defaults.conf, else
    $MASTER (or $SPARK_MASTER), else local[2].

    Example:
        >>> resolve_master("spark://127.0.0.1:7077")
        'spark://127.0.0.1:7077'
    """
    if master:
        return master
    found = os.environ.get("LNVIDEO_SPARK_MASTER") or _submit_args_master()
    if found:
        return found
    conf = user_spark_conf()
    if conf.get("spark.master"):
        return conf["spark.master"]
    return os.environ.get("MASTER") or os.environ.get("SPARK_MASTER") or DEFAULT_MASTER


def _submit_args_master() -> str | None:
    """The master $PYSPARK_SUBMIT_ARGS names: `--master X` first, else `--conf spark.master=X`."""
    import shlex

    try:
        words = shlex.split(os.environ.get("PYSPARK_SUBMIT_ARGS", ""))
    except ValueError:  # unbalanced quotes: spark-submit would refuse it too
        return None
    master = conf = None
    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        if word == "--master":
            master = after
        elif word.startswith("--master="):
            master = word.removeprefix("--master=")
        elif word in {"--conf", "-c"} and after.startswith("spark.master="):
            conf = after.removeprefix("spark.master=")
    return master or conf or None


def user_spark_conf() -> dict[str, str]:
    """The user's spark-defaults.conf ($SPARK_CONF_DIR, else $SPARK_HOME/conf), if any."""
    dirs = [os.environ.get("SPARK_CONF_DIR"), os.environ.get("SPARK_HOME")]
    for i, d in enumerate(dirs):
        if not d:
            continue
        f = Path(d, "spark-defaults.conf") if i == 0 else Path(d, "conf", "spark-defaults.conf")
        if f.is_file():
            out: dict[str, str] = {}
            for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
                parts = line.strip().split(None, 1)
                if len(parts) == 2 and not parts[0].startswith("#"):
                    out[parts[0]] = parts[1].strip()
            return out
    return {}


def jvm_log_path() -> Path:
    """The file that receives the driver JVM's stdout and stderr (start-up lines, warnings)."""
    base = Path(tempfile.gettempdir()) / f"lnvideo-{os.getuid() if hasattr(os, 'getuid') else 0}"
    base.mkdir(parents=True, exist_ok=True)
    return base / JVM_LOG_NAME


def _is_loopback(master: str) -> bool:
    if master.startswith("local"):
        return True
    host = master.split("://", 1)[-1].split(":", 1)[0]
    return host in {"127.0.0.1", "localhost"}


def session(master: str | None = None) -> Any:
    """The process's Spark session for `master` (see `resolve_master`), created on first use.

    The driver JVM is started with its stdout and stderr going to `jvm_log_path()`
    and a log4j2 configuration at WARN, so no start-up or log line of the JVM ever
    reaches the user's output (a `--format json` report on stdout stays valid JSON).
    On one machine (local mode, or a standalone master on 127.0.0.1) the driver
    binds to 127.0.0.1. A session for another master stops the previous one (Spark
    allows one per process).
    """
    why = spark_available()
    if why is not None:
        raise unavailable(why)
    master = resolve_master(master)
    hit = _SESSIONS.get(master)
    if hit is not None:
        return hit
    from pyspark import SparkConf, SparkContext
    from pyspark.sql import SparkSession

    for other in list(_SESSIONS):
        _SESSIONS.pop(other).stop()
    log = jvm_log_path()
    log4j = log.with_name("log4j2-lnvideo.properties")
    log4j.write_text(_LOG4J2, encoding="utf-8")
    user = user_spark_conf()
    conf = SparkConf().setMaster(master).setAppName("lnvideo")
    for k, v in _DEFAULT_CONF.items():
        if k not in user:
            conf.set(k, v)
    for k, v in _REQUIRED_CONF.items():
        conf.set(k, v)
    java_opt = f"-Dlog4j2.configurationFile=file:{log4j}"
    for key in ("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions"):
        conf.set(key, f"{user[key]} {java_opt}" if key in user else java_opt)
    import sys

    conf.set("spark.pyspark.python", user.get("spark.pyspark.python", sys.executable))
    if _is_loopback(master):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        conf.set("spark.driver.host", user.get("spark.driver.host", "127.0.0.1"))
    if SparkContext._gateway is None:
        from pyspark.java_gateway import launch_gateway

        with log.open("ab") as fp:
            try:
                gateway = launch_gateway(conf, popen_kwargs={"stdout": fp, "stderr": fp})
            except Exception as exc:  # the JVM did not start: say where its output is
                raise unavailable(f"the Java gateway did not start ({exc}); see {log}") from None
        sc = SparkContext(conf=conf, gateway=gateway)
    else:
        sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    spark = SparkSession.builder.getOrCreate()
    _SESSIONS[master] = spark
    return spark


class SparkEngine(SqlEngine):
    """Runs the Spark SQL dialect of the compiled SQL.

    `findings`, `write` and `summary` take `master` (see `resolve_master`); it
    wins over the engine's own.
    """

    name = "spark"
    OPTIONS = frozenset({"master"})

    def __init__(self, master: str | None = None) -> None:
        super().__init__()
        self.master = master
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        #: an input staged while preparing (bad Parquet rows read by the Python readers):
        #: held, with its files, until the run is over
        self._staged: Input | None = None

    def prepare(self, req: Request) -> tuple[Any, CompiledSql]:
        """Read the input under the loaded packs' vocabulary, register it, compile the rules."""
        from lnvideo import schema

        ruleset, inp, as_of = req.ruleset, req.input, req.as_of
        with schema.using(ruleset.ir.vocabulary):
            compiled = compile_ruleset(
                ruleset.ir, "spark", as_of=as_of, lang=req.lang, explain=req.explain
            )
            spark = session(req.options.get("master") or self.master)
            if inp.kind == "parquet" and _has_input_errors(inp):
                # Bad rows: the readers report them and leave them out (the Arrow path).
                from lnvideo.readers import read_records

                assert inp.directory is not None
                inp = self._staged = records_input(read_records([str(inp.directory)]))
            self.last_diagnostics = req.report(inp.diagnostics)
            self._tmp = tempfile.TemporaryDirectory(prefix="lnvideo_spark_")
            tmp = Path(self._tmp.name)
            _stage(spark, inp, tmp)
            starts = set(literal_dates(ruleset.ir)) | {as_of} | _data_dates(spark)
            cal = calendar_table(starts, compiled.periods, ruleset.calendar)
        import pyarrow.parquet as pq

        pq.write_table(cal, tmp / "calendar.parquet")
        spark.read.parquet(str(tmp / "calendar.parquet")).createOrReplaceTempView("lnv_calendar")
        return spark, compiled

    @contextlib.contextmanager
    def _open(self, req: Request) -> Iterator[tuple[Any, CompiledSql]]:
        """The session with the run prepared; its staged files removed after."""
        try:
            yield self.prepare(req)
        finally:
            if self._staged is not None:
                self._staged.close()
                self._staged = None
            if self._tmp is not None:
                self._tmp.cleanup()
                self._tmp = None

    def _stream(self, req: Request) -> Iterator[Finding]:
        """Every finding, streamed to the driver partition by partition."""
        with self._open(req) as (spark, compiled):
            # site id -> county code, for the reports by county organ (HTML, ics)
            sites = spark.sql("SELECT id, county_code FROM lnv_sites_in").collect()
            self.county_of = {r[0]: r[1] for r in sites}
            rows = spark.sql(compiled.findings_sql()).toLocalIterator(prefetchPartitions=True)
            explainer = sql_engine.explainer_for(req, compiled)
            if explainer is None:
                yield from sql_engine.to_findings(
                    (tuple(r[c] for c in FINDING_COLUMNS) for r in rows), None
                )
            else:
                yield from sql_engine.to_findings((tuple(r) for r in rows), explainer)

    def _write(self, req: Request, out_path: str | Path, fmt: str) -> dict[str, int]:
        """Write every finding to one file (Spark writes a part, moved into place)."""
        with self._open(req) as (spark, compiled):
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
                rows = spark.read.parquet(str(out_path)).groupBy("status").count().collect()
            else:
                rows = spark.read.json(str(out_path)).groupBy("status").count().collect()
        return sql_engine.counts((r["status"], r["count"]) for r in rows)

    def _summary(self, req: Request) -> dict[str, int]:
        with self._open(req) as (spark, compiled):
            rows = spark.sql(compiled.summary_sql()).collect()
        return sql_engine.counts((r[0], r[1]) for r in rows)


def _stage(spark: Any, inp: Input, tmp: Path) -> None:
    """The input as the views `sql_engine.VIEWS` (JSONL inputs staged as Parquet in `tmp`)."""
    directory = inp.directory
    types = inp.column_types
    if inp.kind == "arrow" and inp.staging is not None:
        directory = inp.staging  # bundles staged as Parquet by `inputs.stage`, read in place
    elif inp.kind == "arrow":
        import pyarrow.parquet as pq

        directory = tmp / "input"
        directory.mkdir()
        for name, table in inp.tables.items():
            pq.write_table(table, directory / f"{name}.parquet")
    assert directory is not None
    for table, fields in table_fields().items():
        file = directory / f"{table}.parquet"
        cols = types.get(table, {})
        view = VIEWS[table]
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
            elif (table, name) == ("sites", "place_category"):
                # a place category no loaded pack declares reads as missing (LNV016)
                words = ", ".join("'" + v.replace("'", "''") + "'" for v in spec.values)
                select.append(f"CASE WHEN {q} IN ({words}) THEN {q} END AS {q}")
            else:
                select.append(q)
        if table != "sites":
            select.append("`lnv_row_raw` AS `lnv_row`" if cols else "0L AS `lnv_row`")
        if file.is_file():
            df = spark.read.parquet(str(file))
            if table != "sites":
                df = df.select("*", df["_metadata.row_index"].alias("lnv_row_raw"))
            df.createOrReplaceTempView(f"{view}_raw")
            spark.sql(f"SELECT {', '.join(select)} FROM {view}_raw").createOrReplaceTempView(view)
        else:
            spark.sql(f"SELECT {', '.join(select)} WHERE FALSE").createOrReplaceTempView(view)


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


def _data_dates(spark: Any) -> set[dt.date]:
    """Every day between the data's first and last date (the calendar's starts)."""
    columns = [(table, c) for table, cs in date_columns().items() for c in cs]
    parts = [
        f"SELECT CAST(min(`{c}`) AS DATE) AS lo, CAST(max(`{c}`) AS DATE) AS hi FROM {table}"
        for table, c in columns
    ]

    def present() -> set[dt.date]:
        out: set[dt.date] = set()
        for table, c in columns:
            sql = f"SELECT DISTINCT CAST(`{c}` AS DATE) AS d FROM {table} WHERE `{c}` IS NOT NULL"
            out.update(r["d"] for r in spark.sql(sql).collect())
        return out

    rows = spark.sql(" UNION ALL ".join(parts)).collect()
    return sql_engine.every_day(((r["lo"], r["hi"]) for r in rows), present)
