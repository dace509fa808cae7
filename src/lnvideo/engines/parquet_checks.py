"""Input errors of a Parquet directory read in place by DuckDB: set-based, located, capped.

Input: a DuckDB connection and a direct Parquet `Input` (`engines.inputs`).
Output: `Checked`: the diagnostics (located as ``Span(<parquet file>, <1-based
row>)``), and the names of the relations the staging views read: a temp table
of the valid, de-duplicated sites, and the row numbers of cameras and events to
leave out.

Invariants (the same decisions as `readers.from_row` and `readers.group_by_site`,
so every engine sees the same records):
- One validation path: set-based SQL tests (`row_checks`, `warning_checks`) only
  pick the candidate rows, a superset of the rows with any problem; each
  candidate is then judged by `readers.build_record` itself, from the row's
  values converted as the Parquet reader converts them. So the diagnostics
  (LNV004-LNV008, LNV013, LNV006 dates outside 1900..2200, warnings LNV012 and
  LNV014) and the rows left out are exactly the Python reader's.
- Among the valid rows, the first site of an id wins; duplicates of cameras and
  events are judged within one site (LNV010); a valid camera or event whose
  site is not a valid site is an orphan (LNV009), left out, and never displaces
  a valid record.
- No cap by default (`CAP` None): every problem is reported, as the Python
  engine reports them, and the command line decides how many to show. With
  `CAP` set, at most `CAP` diagnostics per code, then one "... and N more".
- Cost on clean data: one aggregate pass per table (plus a hash-keyed pass for
  duplicate event ids), no materialised copy of cameras or events.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

import attrs
from sqlglot import exp

from lnvideo import schema
from lnvideo.compile.to_sql import WHITESPACE
from lnvideo.diagnostics import CATALOGUE, Diagnostic, suggest
from lnvideo.engines.inputs import Input, table_fields
from lnvideo.readers.bundle import MAX_SUGGESTIONS, _duplicate, _orphan
from lnvideo.readers.from_row import build_record
from lnvideo.readers.parquet import _python_columns
from lnvideo.records import Camera, Event, Site
from lnvideo.source import Span

#: Diagnostics reported per code before the "... and N more" summary; None: all of them.
CAP: int | None = None
#: Candidate rows are judged by `build_record` this many at a time.
BATCH_ROWS = 8192
#: Above this many sites, near-site suggestions compare against a prefiltered few.
SUGGEST_ALL_SITES = 5000
_ORPHAN = "site NOT IN (SELECT id FROM lnv_sites_valid)"
_ANY_DAY = dt.date(2008, 1, 1)
_KIND = {"sites": "site", "cameras": "camera", "events": "event"}


@attrs.frozen
class RowCheck:
    """One test of one column: `bad` is a SQL boolean over the raw row, true when wrong."""

    code: str
    field: str
    bad: exp.Expr


@attrs.frozen
class Checked:
    """What the staging views read, and what was found."""

    diagnostics: tuple[Diagnostic, ...]
    sites: str  # a temp table of the valid sites, first of each id
    drop: dict[str, str]  # table -> temp table of row numbers (0-based) to leave out


def _c(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def _s(value: str) -> exp.Literal:
    return exp.Literal.string(value)


def _blank(v: exp.Expr) -> exp.Expr:
    """`v` is empty or all whitespace (Python's `str.strip`); trims only what starts blank."""
    first = exp.StrPosition(
        this=_s(WHITESPACE), substr=exp.Left(this=v, expression=exp.Literal.number(1))
    )
    trimmed = exp.Trim(this=v.copy(), expression=_s(WHITESPACE), position="BOTH")
    return (
        exp.Case()
        .when(exp.EQ(this=v.copy(), expression=_s("")), exp.true())
        .when(exp.EQ(this=first, expression=exp.Literal.number(0)), exp.false())
        .else_(exp.EQ(this=trimmed, expression=_s("")))
    )


def _type_is(types: list[str]) -> exp.Expr:
    return exp.In(this=_c("type"), expressions=[_s(t) for t in types])


def _field_checks(spec: schema.FieldSpec, column: exp.Expr) -> list[tuple[str, exp.Expr]]:
    """(code, bad) for a present column of `spec`'s type (nulls handled by the caller)."""
    t = spec.type
    if t is schema.Type.STR and spec.required:
        return [("LNV005", _blank(column))]
    if t is schema.Type.ENUM:
        allowed = exp.In(this=column, expressions=[_s(v) for v in spec.values])
        return [("LNV007", exp.Not(this=exp.Paren(this=allowed)))]
    if t is schema.Type.COUNTY:
        ok = exp.Anonymous(this="regexp_full_match", expressions=[column, _s("[0-9]{6}")])
        return [("LNV013", exp.Not(this=ok))]
    if t is schema.Type.INT:
        return [("LNV005", exp.LT(this=column, expression=exp.Literal.number(0)))]
    if t in (schema.Type.DATE, schema.Type.INSTANT):
        return [("LNV006", _out_of_years(column))]
    if t is schema.Type.STR_LIST:
        lam = exp.Lambda(
            this=exp.Is(this=exp.to_identifier("x"), expression=exp.null()),
            expressions=[exp.to_identifier("x")],
        )
        n = exp.ArraySize(this=exp.Anonymous(this="list_filter", expressions=[column, lam]))
        return [("LNV005", exp.GT(this=n, expression=exp.Literal.number(0)))]
    return []


def _out_of_years(column: exp.Expr) -> exp.Expr:
    """A superset of the values outside 1900..2200 (a day of margin for zones; infinities)."""
    lo = exp.cast(_s("1900-01-02"), "DATE")
    hi = exp.cast(_s("2200-12-30"), "DATE")
    return exp.or_(exp.LT(this=column, expression=lo), exp.GT(this=column.copy(), expression=hi))


def warning_checks(table: str, columns: dict[str, str]) -> list[RowCheck]:
    """Candidates for warnings: a near-miss column (LNV012), another type's field (LNV014)."""
    fields = table_fields()[table]
    out: list[RowCheck] = []
    for name in columns:
        if name in {"file_row_number", "kind"}:
            continue
        present = exp.Not(this=exp.Is(this=_c(name), expression=exp.null()))
        if name not in fields:
            if suggest(name, fields) is not None or (table == "sites" and _bundled_field(name)):
                out.append(RowCheck("LNV012", name, present))
            continue
        if table != "events" or name in schema.EVENT_COMMON_FIELDS:
            continue
        owners = [t for t, fs in schema.EVENT_TYPE_FIELDS.items() if name in fs]
        others = [t for t in schema.EVENT_TYPES if t not in owners]
        if others:
            out.append(RowCheck("LNV014", name, exp.and_(present, _type_is(others))))
    return out


def _bundled_field(name: str) -> bool:
    """Whether a bundled pack declares this site field (the reader then names the pack)."""
    from lnvideo.packs import bundled_packs

    return any(f == f"site.{name}" for p in bundled_packs() for f, _ in p.fields)


def row_checks(table: str, columns: dict[str, str]) -> list[RowCheck]:
    """Every value test of a table's present columns, as `readers.from_row` applies them."""
    out: list[RowCheck] = []
    if table == "events":
        common = schema.EVENT_COMMON_FIELDS
        for name, spec in common.items():
            if name not in columns:
                continue
            col = _c(name)
            not_null = exp.Not(this=exp.Is(this=col, expression=exp.null()))
            if spec.required:
                out.append(RowCheck("LNV004", name, exp.Is(this=col.copy(), expression=exp.null())))
            if name == "on":
                out.append(RowCheck("LNV006", name, _out_of_years(col.copy())))
            if name == "type":
                bad = exp.Not(this=exp.Paren(this=_type_is(list(schema.EVENT_TYPES))))
                out.append(RowCheck("LNV008", name, exp.and_(not_null, bad)))
            elif name == "site":
                out.append(RowCheck("LNV005", name, exp.and_(not_null, _blank(col.copy()))))
        owners: dict[tuple[str, schema.FieldSpec], list[str]] = {}
        for etype, fields in schema.EVENT_TYPE_FIELDS.items():
            for name, spec in fields.items():
                owners.setdefault((name, spec), []).append(etype)
        for (name, spec), types in owners.items():
            if name not in columns:
                continue
            for code, wrong in _field_checks(spec, _c(name)):
                out.append(RowCheck(code, name, exp.and_(_type_is(types), wrong)))
        return out
    fields = table_fields()[table]  # with the loaded packs' words and site fields (SPEC §8)
    for name, spec in fields.items():
        if name not in columns:
            continue
        col = _c(name)
        if spec.required:
            out.append(RowCheck("LNV004", name, exp.Is(this=col, expression=exp.null())))
        for code, wrong in _field_checks(spec, col.copy()):
            out.append(RowCheck(code, name, wrong))
    return out


def _source(file: Path) -> str:
    path = _s(str(file)).sql("duckdb")
    return f"read_parquet({path}, file_row_number = true)"


def _coalesced(bad: exp.Expr) -> str:
    return exp.Coalesce(this=exp.Paren(this=bad), expressions=[exp.false()]).sql("duckdb")


class _Collector:
    """Diagnostics per code, at most `CAP` each, then one summary per (code, file)."""

    def __init__(self) -> None:
        self.kept: list[Diagnostic] = []
        self.counts: dict[str, int] = {}
        self.more: dict[tuple[str, str], tuple[int, int]] = {}  # (code, file) -> (n, first row)

    def add(self, d: Diagnostic) -> None:
        n = self.counts.get(d.code, 0)
        self.counts[d.code] = n + 1
        if CAP is None or n < CAP:
            self.kept.append(d)
        else:
            self.skip(d.code, d.span.source if d.span else "", d.span.line if d.span else 0, 1)

    def skip(self, code: str, file: str, row: int, n: int) -> None:
        have, first = self.more.get((code, file), (0, row))
        self.more[(code, file)] = (have + n, min(first, row) if have else row)

    def result(self) -> list[Diagnostic]:
        out = list(self.kept)
        for (code, file), (n, row) in sorted(self.more.items()):
            what = CATALOGUE.get(code, (None, "input error"))[1]
            msg = f"... and {n:,} more rows of {Path(file).name} with this problem ({what})"
            hint = "the rows listed above show the first ones; they are all left out"
            out.append(Diagnostic(code, msg, Span(file, row), hint=hint))
        return out


def check_parquet(con: Any, inp: Input) -> Checked:
    """Validate the Parquet tables of `inp` in DuckDB; create the relations the views read.

    Example:
        >>> import duckdb, tempfile, pyarrow as pa, pyarrow.parquet as pq
        >>> from lnvideo.engines.inputs import parquet_input
        >>> d = Path(tempfile.mkdtemp())
        >>> pq.write_table(pa.table({"id": ["S1", "S1"], "county_code": ["2101", "210102"]}),
        ...                d / "sites.parquet")
        >>> found = check_parquet(duckdb.connect(), parquet_input(d))
        >>> [(x.code, x.span.line) for x in found.diagnostics]
        [('LNV013', 1)]
    """
    assert inp.kind == "parquet" and inp.directory is not None
    sink = _Collector()
    files = {t: inp.directory / f"{t}.parquet" for t in _KIND}
    present = {t: bool(inp.column_types.get(t)) and files[t].is_file() for t in _KIND}
    bad_views: dict[str, str] = {}
    repeats: dict[str, int] = {}
    for table in _KIND:
        if not present[table]:
            continue
        bad_views[table], repeats[table] = _row_level(
            con, table, files[table], inp.column_types[table], sink
        )
    # Sites: the valid rows, first of each id wins.
    src = _source(files["sites"])
    dup_ids = con.execute(f"SELECT count(*) - count(DISTINCT id) FROM {src}").fetchall()[0][0]
    if not dup_ids and not _rows(con, bad_views["sites"]):
        con.execute(f"CREATE OR REPLACE TEMP TABLE lnv_sites_valid AS SELECT * FROM {src}")
        dup_sites: list[tuple[Any, ...]] = []
    else:
        dup_sites = _valid_sites(con, src, bad_views["sites"])
    group: list[Diagnostic] = []
    site_file = str(files["sites"])
    for i, (row, rid, first) in enumerate(dup_sites):
        if CAP is not None and i >= CAP:
            sink.skip("LNV010", site_file, row + 1, len(dup_sites) - CAP)
            break
        group.append(_duplicate("site", rid, _at(site_file, row), _at(site_file, first)))
    drop: dict[str, str] = {}
    if present["cameras"]:
        drop["cameras"] = _cameras(con, str(files["cameras"]), bad_views["cameras"], sink, group)
    if present["events"]:
        drop["events"] = _events(
            con, str(files["events"]), bad_views["events"], sink, group, repeats["events"]
        )
    _suggest_sites(con, group)
    for d in sorted(group, key=Diagnostic.sort_key):
        sink.add(d)
    nonempty = {
        t: name
        for t, name in drop.items()
        if con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
    }
    return Checked(tuple(sink.result()), "lnv_sites_valid", nonempty)


def _rows(con: Any, table: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def _valid_sites(con: Any, src: str, bad: str) -> list[tuple[Any, ...]]:
    """Create `lnv_sites_valid` (valid rows, first of each id); the later duplicates."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE lnv_site_rows AS SELECT *, "
        'row_number() OVER (PARTITION BY "id" ORDER BY file_row_number) AS lnv_rank '
        f"FROM {src} WHERE file_row_number NOT IN (SELECT r FROM {bad})"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE lnv_sites_valid AS SELECT * EXCLUDE (lnv_rank) "
        "FROM lnv_site_rows WHERE lnv_rank = 1"
    )
    dups: list[tuple[Any, ...]] = con.execute(
        "SELECT d.file_row_number, d.id, f.file_row_number FROM lnv_site_rows d "
        "JOIN lnv_site_rows f ON f.id = d.id AND f.lnv_rank = 1 "
        "WHERE d.lnv_rank > 1 ORDER BY d.file_row_number"
    ).fetchall()
    con.execute("DROP TABLE lnv_site_rows")
    return dups


def _row_level(
    con: Any, table: str, file: Path, columns: dict[str, str], sink: _Collector
) -> tuple[str, int]:
    """Pick candidate rows in one pass; judge each with `build_record`; a table of bad rows.

    The same pass reads every column once, so a page that cannot be decoded fails
    here (the engine then reads the directory as the Python engine does). Returns the
    bad rows' table and (events) how many (site, id) hashes repeat.
    """
    checks = row_checks(table, columns) + warning_checks(table, columns)
    name = f"lnv_bad_{table}"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (r BIGINT)")
    flagged = " OR ".join(_coalesced(c.bad) for c in checks) or "false"
    plain = [c for c in columns if c != "file_row_number"]
    touch = ", ".join(f"count({_c(c).sql('duckdb')})" for c in plain) or "0"
    repeats = "0"
    if table == "events" and "id" in columns:
        repeats = (
            "count(CASE WHEN id IS NOT NULL THEN hash(site, id) END) - "
            "count(DISTINCT CASE WHEN id IS NOT NULL THEN hash(site, id) END)"
        )
    src = _source(file)
    n, dups, *_ = con.execute(
        f"SELECT count(*) FILTER (WHERE {flagged}), {repeats}, {touch} FROM {src}"
    ).fetchall()[0]
    if not n:
        return name, int(dups)
    reader = con.sql(
        f"SELECT * FROM {src} WHERE {flagged} ORDER BY file_row_number"
    ).to_arrow_reader(BATCH_ROWS)
    bad: list[int] = []
    kind = _KIND[table]
    for batch in reader:
        cells = _python_columns(batch)
        rows = cells.pop("file_row_number")
        for i, r in enumerate(rows):
            values = {col: vs[i] for col, vs in cells.items()}
            record, diags = build_record(kind, values, Span(str(file), r + 1))
            for d in diags:
                sink.add(d)
            if record is None:
                bad.append(r)
    if bad:
        import pyarrow as pa

        con.register("lnv_bad_arrow", pa.table({"r": pa.array(bad, pa.int64())}))
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT r FROM lnv_bad_arrow")
        con.unregister("lnv_bad_arrow")
    return name, int(dups)


def _limit() -> str:
    return "" if CAP is None else f"LIMIT {CAP + 1}"


def _duplicates(con: Any, kind: str, rows: str) -> None:
    """Table `lnv_dup_<kind>s`: each row of `rows` (r, site, id) that repeats an earlier
    row's (site, id), with the first row's number."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE lnv_dup_{kind}s AS "
        f"WITH v AS ({rows}) "
        "SELECT v.r, v.id, f.first FROM v JOIN "
        "(SELECT site, id, min(r) AS first FROM v GROUP BY site, id HAVING count(*) > 1) f "
        "ON f.site = v.site AND f.id = v.id WHERE v.r > f.first"
    )


def _report_duplicates(
    con: Any, kind: str, file: str, sink: _Collector, group: list[Diagnostic]
) -> None:
    """One diagnostic per row of `lnv_dup_<kind>s` (up to `CAP`, then how many more)."""
    table = f"lnv_dup_{kind}s"
    dups = con.execute(f"SELECT r, id, first FROM {table} ORDER BY r {_limit()}").fetchall()
    for row, rid, first in dups[:CAP]:
        group.append(_duplicate(kind, rid, _at(file, row), _at(file, first)))
    if CAP is not None and len(dups) > CAP:
        total = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        sink.skip("LNV010", file, dups[CAP][0] + 1, total - CAP)


def _cameras(con: Any, file: str, bad: str, sink: _Collector, group: list[Diagnostic]) -> str:
    """Orphans, then duplicate camera ids within a site (first valid one kept); rows to leave out.

    Orphans are set aside first, so an orphan sharing an id never displaces a valid camera.
    """
    src = _source(Path(file))
    valid = f"file_row_number NOT IN (SELECT r FROM {bad})"
    where = f"{valid} AND {_ORPHAN}"
    for r, rid, site in _orphan_rows(con, src, "id", where, file, sink):
        group.append(_orphan(Camera(rid, site, origin=Span(file, r + 1)), {}))
    kept = f"{valid} AND site IN (SELECT id FROM lnv_sites_valid)"
    dup_ids = con.execute(
        f"SELECT count(*) - count(DISTINCT hash(site, id)) FROM {src} WHERE {kept}"
    ).fetchall()[0][0]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE lnv_drop_cameras AS "
        f"SELECT r FROM {bad} UNION ALL "
        f"SELECT file_row_number AS r FROM {src} WHERE {where}"
    )
    if not dup_ids:
        return "lnv_drop_cameras"
    _duplicates(con, "camera", f"SELECT file_row_number AS r, site, id FROM {src} WHERE {kept}")
    _report_duplicates(con, "camera", file, sink, group)
    con.execute("INSERT INTO lnv_drop_cameras SELECT r FROM lnv_dup_cameras")
    return "lnv_drop_cameras"


def _events(
    con: Any, file: str, bad: str, sink: _Collector, group: list[Diagnostic], repeats: int
) -> str:
    """Orphan events, then duplicate event ids within a site; the rows to leave out."""
    src = _source(Path(file))
    valid = f"file_row_number NOT IN (SELECT r FROM {bad})"
    where = f"{valid} AND {_ORPHAN}"
    for r, etype, site in _orphan_rows(con, src, "type", where, file, sink):
        event = Event(site, etype, _ANY_DAY, origin=Span(file, r + 1))
        group.append(_orphan(event, {}))
    # Duplicate (site, id): candidates by a 64-bit hash first (cheap), then exactly.
    if not repeats:
        return bad
    con.execute(
        "CREATE OR REPLACE TEMP TABLE lnv_dup_hashes AS SELECT hash(site, id) AS h "
        f"FROM {src} WHERE id IS NOT NULL GROUP BY h HAVING count(*) > 1"
    )
    _duplicates(
        con,
        "event",
        "SELECT file_row_number AS r, site, id FROM " + src + " "
        f"WHERE id IS NOT NULL AND hash(site, id) IN (SELECT h FROM lnv_dup_hashes) AND {valid} "
        "AND site IN (SELECT id FROM lnv_sites_valid)",
    )
    _report_duplicates(con, "event", file, sink, group)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE lnv_drop_events AS "
        f"SELECT r FROM {bad} UNION ALL SELECT r FROM lnv_dup_events"
    )
    return "lnv_drop_events"


def _at(file: str, row: int) -> Site:
    """A stand-in record located at a 0-based row (only its origin is read)."""
    return Site("", origin=Span(file, row + 1))


def _orphan_rows(
    con: Any, src: str, what: str, where: str, file: str, sink: _Collector
) -> list[tuple[Any, ...]]:
    """The first `CAP` orphan rows (row, id or type, site); the rest only counted."""
    rows: list[tuple[Any, ...]] = con.execute(
        f"SELECT file_row_number, {what}, site FROM {src} WHERE {where} "
        f"ORDER BY file_row_number {_limit()}"
    ).fetchall()
    if CAP is not None and len(rows) > CAP:
        total = con.execute(f"SELECT count(*) FROM {src} WHERE {where}").fetchall()[0][0]
        sink.skip("LNV009", file, rows[CAP][0] + 1, total - CAP)
    return rows[:CAP]


def _suggest_sites(con: Any, group: list[Diagnostic]) -> None:
    """Near-site hints for the first orphans, as `group_by_site` gives them, where cheap."""
    orphans = [i for i, d in enumerate(group) if d.code == "LNV009"][:MAX_SUGGESTIONS]
    if not orphans:
        return
    n = con.execute("SELECT count(*) FROM lnv_sites_valid").fetchall()[0][0]
    everyone: list[str] | None = None
    if n <= SUGGEST_ALL_SITES:
        everyone = [x for (x,) in con.execute("SELECT id FROM lnv_sites_valid").fetchall()]
    for i in orphans[: MAX_SUGGESTIONS if everyone is not None else 20]:
        d = group[i]
        site = _found_site(d.message)
        if site is None:
            continue
        if everyone is not None:
            candidates = everyone
        else:
            candidates = [
                x
                for (x,) in con.execute(
                    "SELECT id FROM lnv_sites_valid WHERE abs(length(id) - length(?)) <= 2 "
                    "AND levenshtein(id, ?) <= greatest(2, length(?) // 3)",
                    [site, site, site],
                ).fetchall()
            ]
        near = difflib.get_close_matches(site, candidates, n=1, cutoff=0.6)
        if near:
            group[i] = attrs.evolve(d, hint=f"did you mean `{near[0]}`?")


def _found_site(message: str) -> str | None:
    marker = 'found "'
    at = message.rfind(marker)
    return message[at + len(marker) : -1] if at >= 0 and message.endswith('"') else None
