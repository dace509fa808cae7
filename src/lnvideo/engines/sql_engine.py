"""What the two SQL engines share: the public methods, one run's request, findings from rows.

Input: an engine subclass (`DuckDBEngine`, `SparkEngine`) that opens a run on its
database and runs the compiled query (`_stream`, `_write`, `_summary`).
Output: the engine API of `lnvideo.engines` (`findings`, `findings_from_records`,
`write`, `summary`), counts per status, findings built from the query's rows.

Invariants: the input is resolved and every run is prepared under the loaded
packs' vocabulary (`schema.using`); each engine's own keywords (DuckDB's
`progress`, Spark's `master`) are the only extra ones it accepts (`OPTIONS`); a
run an engine can retry another way (`_retry`: DuckDB reads an undecodable
Parquet directory with the Python readers) drops the diagnostics of the failed
attempt first, and a findings stream is retried only before its first finding.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Required, TypedDict, TypeVar, Unpack

import attrs

from lnvideo import schema
from lnvideo.compile.sql_explain import Explainer
from lnvideo.compile.to_sql import CompiledSql
from lnvideo.diagnostics import Diagnostic, LnvideoError
from lnvideo.engines.inputs import Input, records_input, resolve
from lnvideo.findings import FINDING_COLUMNS, Finding, Status

T = TypeVar("T")
Inputs = Sequence[str | Path] | Input
#: A progress callback: (done, total), e.g. `cli._progress.LazyProgress`.
Progress = Callable[[float, float], None]


class RunOptions(TypedDict, total=False):
    """The keywords of `findings`, `write` and `summary` (one place for all three)."""

    #: Judge as at the end of this day (required).
    as_of: Required[dt.date]
    #: Messages and explanations in en or zh (default en).
    lang: str
    #: A list the input's diagnostics are appended to.
    diagnostics: list[Diagnostic] | None
    #: Each finding carries its explanation (`findings` only; `write` and `summary` ignore it).
    explain: bool
    #: DuckDB only: called with (percent, 100) from a thread while the query runs.
    progress: Progress | None
    #: Spark only: the master for this run (see `spark_engine.resolve_master`).
    master: str | None


#: The views every run stages its input as (`engines.inputs.table_fields` names the tables).
VIEWS = {"sites": "lnv_sites_in", "cameras": "lnv_cameras", "events": "lnv_events"}
#: Above this many days between the first and last date, only the dates present are used.
MAX_SPAN_DAYS = 40_000
#: The output formats the SQL engines write themselves.
WRITE_FORMATS = ("parquet", "jsonl")


@attrs.frozen
class Request:
    """One run: the rules, the resolved input and the caller's options."""

    ruleset: Any
    input: Input
    as_of: dt.date
    lang: str
    diagnostics: list[Diagnostic] | None
    explain: bool
    #: The engine's own keywords (`SqlEngine.OPTIONS`).
    options: dict[str, Any]
    #: How many diagnostics the caller's list had: a retry drops the ones after.
    before: int

    def report(self, found: Sequence[Diagnostic]) -> list[Diagnostic]:
        """Append the input's diagnostics to the caller's list; return them."""
        if self.diagnostics is not None:
            self.diagnostics.extend(found)
        return list(found)

    def again(self, inp: Input) -> Request:
        """The same run on another reading of the input, the failed one's diagnostics dropped."""
        if self.diagnostics is not None:
            del self.diagnostics[self.before :]
        return attrs.evolve(self, input=inp)


class SqlEngine(abc.ABC):
    """The engine API over a subclass's `_stream`, `_write` and `_summary`."""

    name = "sql"
    #: The keywords of `findings`, `write` and `summary` this engine adds.
    OPTIONS: frozenset[str] = frozenset()

    def __init__(self) -> None:
        self.last_diagnostics: list[Diagnostic] = []
        #: site id -> county code of the last run, for the reports by county organ.
        self.county_of: dict[str, str] = {}

    # ------------------------------------------------------------ the API
    def findings(
        self, ruleset: Any, inputs: Inputs, **options: Unpack[RunOptions]
    ) -> Iterator[Finding]:
        """Every finding, streamed batch by batch (`options`: see `RunOptions`).

        With `explain`, each carries the python engine's explanation (clauses, facts,
        reasons), rendered in Python from the query's keys (`compile.sql_explain`).
        A run the engine retries another way is retried only if nothing was yielded yet.
        """
        req = self._request(ruleset, inputs, options)
        yielded = False
        try:
            for finding in self._stream(req):
                yielded = True
                yield finding
        except self._retried_errors():
            retry = None if yielded else self._retry(req)
            if retry is None:
                raise
            yield from self._stream(retry)
        finally:
            _release(req, inputs)

    def findings_from_records(
        self, ruleset: Any, records: Any, **options: Unpack[RunOptions]
    ) -> Iterator[Finding]:
        """Findings for in-memory records (tests, examples): they go through `group_by_site`."""
        with schema.using(ruleset.ir.vocabulary):
            inp = records_input(records)
        return self.findings(ruleset, inp, **options)

    def write(
        self,
        ruleset: Any,
        inputs: Inputs,
        out_path: str | Path,
        *,
        fmt: str = "parquet",
        **options: Unpack[RunOptions],
    ) -> dict[str, int]:
        """Write every finding to `out_path` (`fmt` parquet or jsonl); return the counts per status."""
        if fmt not in WRITE_FORMATS:
            msg = f"unknown output format {fmt!r}: expected parquet or jsonl"
            raise LnvideoError(msg)
        req = self._request(ruleset, inputs, {**options, "explain": False})
        return self._retrying(req, lambda r: self._write(r, out_path, fmt), inputs)

    def summary(
        self, ruleset: Any, inputs: Inputs, **options: Unpack[RunOptions]
    ) -> dict[str, int]:
        """Counts per status, every status present."""
        req = self._request(ruleset, inputs, {**options, "explain": False})
        return self._retrying(req, self._summary, inputs)

    # ------------------------------------------------------------ for the engines
    @abc.abstractmethod
    def _stream(self, req: Request) -> Iterator[Finding]:
        """Every finding of the run."""

    @abc.abstractmethod
    def _write(self, req: Request, out_path: str | Path, fmt: str) -> dict[str, int]:
        """Write every finding to `out_path`; the counts per status."""

    @abc.abstractmethod
    def _summary(self, req: Request) -> dict[str, int]:
        """The counts per status."""

    def _retried_errors(self) -> tuple[type[BaseException], ...]:
        """The errors after which `_retry` may offer another way (none by default)."""
        return ()

    def _retry(self, req: Request) -> Request | None:
        """The run again, another way, after one of `_retried_errors` (None: re-raise)."""
        return None

    def _request(self, ruleset: Any, inputs: Inputs, options: RunOptions) -> Request:
        """The run `options` ask for; a keyword this engine does not take is a TypeError."""
        given: dict[str, Any] = dict(options)
        if "as_of" not in given:
            msg = "missing the keyword argument 'as_of'"
            raise TypeError(msg)
        as_of, lang = given.pop("as_of"), given.pop("lang", "en")
        diagnostics, explain = given.pop("diagnostics", None), given.pop("explain", False)
        unexpected = sorted(set(given) - self.OPTIONS)
        if unexpected:
            msg = f"the {self.name} engine takes no keyword argument {unexpected[0]!r}"
            raise TypeError(msg)
        with schema.using(ruleset.ir.vocabulary):
            inp = inputs if isinstance(inputs, Input) else resolve(inputs)
        before = len(diagnostics) if diagnostics is not None else 0
        return Request(ruleset, inp, as_of, lang, diagnostics, explain, given, before)

    def _retrying(self, req: Request, run: Callable[[Request], T], inputs: Inputs) -> T:
        try:
            return run(req)
        except self._retried_errors():
            retry = self._retry(req)
            if retry is None:
                raise
            return run(retry)
        finally:
            _release(req, inputs)


def _release(req: Request, inputs: Inputs) -> None:
    """Delete what resolving `inputs` staged (the Parquet of JSON Lines), also on error."""
    if req.input is not inputs:
        req.input.close()


def explainer_for(req: Request, compiled: CompiledSql) -> Explainer | None:
    """The explainer of an explained query's rows (None when the query explains nothing)."""
    if not compiled.explain:
        return None
    columns = (*FINDING_COLUMNS, *compiled.explain_columns)
    rs = req.ruleset
    return Explainer(rs.ir, rs.compiled.periods, columns, as_of=req.as_of, lang=req.lang)


def to_findings(rows: Iterable[tuple[Any, ...]], explainer: Explainer | None) -> Iterator[Finding]:
    """Findings from rows in the query's column order: `FINDING_COLUMNS`, then the explain keys."""
    if explainer is None:
        return (Finding.from_row(row) for row in rows)
    return (Finding.from_row(row, explainer(row)) for row in rows)


def counts(rows: Iterable[tuple[str, int]]) -> dict[str, int]:
    """(status, count) rows as counts per status, every status present."""
    out = {s.value: 0 for s in Status}
    for status, n in rows:
        out[status] = int(n)
    return out


def every_day(
    bounds: Iterable[tuple[dt.date | None, dt.date | None]],
    present: Callable[[], set[dt.date]],
) -> set[dt.date]:
    """The calendar table's start dates: every day from the lowest to the highest bound.

    `bounds` are (min, max) of each date column; a span wider than `MAX_SPAN_DAYS`
    (odd data) falls back to `present()`, the distinct dates in the data.
    """
    pairs = list(bounds)
    lows = [lo for lo, _ in pairs if lo is not None]
    highs = [hi for _, hi in pairs if hi is not None]
    if not lows:
        return set()
    first, last = min(lows), max(highs)
    if (last - first).days > MAX_SPAN_DAYS:
        return present()
    return {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}
