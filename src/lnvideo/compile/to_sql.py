"""Checked IR -> set-based SQL: one query whose rows are the findings.

Input: an `ir.Ruleset`, a dialect name (`duckdb`, `spark`), the as-of date and
the message language. Output: `CompiledSql`, holding sqlglot expression trees
for the findings query and the status-count query, and the (period, extend)
pairs whose deadlines the engine must materialise as the calendar table.

The query reads four relations the engine provides (`TABLES`):
- `lnv_sites_in`: one row per site, the SPEC §2 site columns;
- `lnv_cameras`: the camera columns;
- `lnv_events`: `id`, `site`, `type`, `on_ts` (the instant: `on_at`, or local
  midnight for a bare date), `on_date` (its Asia/Shanghai local date), every
  event attribute column, and `lnv_row`, a unique row key;
- `lnv_calendar`: `start`, `period`, `extend`, `last_day`, `gap_year`: the rows of
  `periods.deadline_table` for every start date in the data. Working days and
  the Art. 203 extension are never computed in SQL.

Semantics are those of `compile.to_python` (the reference); both read the same
tables in `lnvideo.semantics` (comparisons, verdicts, the deadline decision steps,
the gates, every status and reason text), mapped as follows:
- A rule expression is SQL boolean with NULL = unknown: SQL's AND/OR/NOT are
  Kleene already; `is present/missing/true/false` are made two-valued with
  COALESCE; a missing field is NULL.
- `if c then a else b` with an unknown `c` is `a` when `a = b`.
- Deadlines (`within D after`) join `lnv_calendar` (extend = true); minimum
  durations (`at least`) join it with extend = false; a gap is a NULL last day,
  hence unknown with no due. Hours are instant arithmetic with an interval.
- `requires event T ... within D after s` aggregates per subject over the
  site's visible events of type T: the first qualifying in-time event
  satisfies it (fulfilled_on); else an in-time event whose `where` is unknown
  makes it unknown; else the first late qualifying event violates it
  (fulfilled_on); else pending while as_of <= due, then violated.
- Scope (the pack's scope rule, once per site as `lnv_scope`) gates every other
  finding; events after as_of are not seen; then the rule's instrument's gates
  (in force on the as-of day, or the event's date; its area's county-code
  prefixes), then a displacing rule that applies (not_applicable, or unknown
  when its `applies` is); overriding rules are tried winner first.

Messages and explanations: status and reason texts come from `semantics.texts`,
rendered into literals at compile time; which reasons hold is computed per row
(`compile.sql_reasons`), joined by `REASON_SEP` in `lnv_reasons` (a message
shows them joined by "; "). With `explain=True` the query also returns the keys
and values an explanation needs (`EXPLAIN_COLUMNS`: the applies word, a
deadline's start or due instant, the deciding events' authorities, the events
that did not qualify) and the record fields the rules read (`fact_column`);
`compile.sql_explain` renders them in Python, as the python engine does.

Invariants: no rule text is ever spliced into SQL: values become
`exp.Literal`s, names are quoted identifiers; a construct the dialect cannot
express raises `LnvideoError` (LNV402) located at the construct.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import attrs
from sqlglot import exp

from lnvideo import ir, schema, semantics
from lnvideo.compile import unmatched
from lnvideo.compile.dialects import DIALECTS, Dialect
from lnvideo.compile.sql_reasons import Reasons, fill, gap_text, why_text
from lnvideo.diagnostics import Diagnostic, LnvideoError
from lnvideo.findings import FINDING_COLUMNS
from lnvideo.periods import Period, Unit
from lnvideo.semantics import functions
from lnvideo.semantics.texts import REASON_TEXTS, displaced_reason, instrument_reason, reason_text
from lnvideo.semantics.verdicts import (
    DEADLINE_STEPS,
    DISPLACED,
    GATES,
    Gate,
    in_force_reason,
    scope_reason,
)

TABLES = ("lnv_sites_in", "lnv_cameras", "lnv_events", "lnv_calendar")
COLUMNS = FINDING_COLUMNS

#: Every character Python's `str.strip()` removes: `is present` trims exactly these.
WHITESPACE = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())

_ALIAS = {"site": "r_site", "camera": "r_camera", "event": "r_event"}
_LANGS = ("en", "zh")

#: Joins the reason sentences of `lnv_reasons` (a message shows them joined by "; ").
REASON_SEP = "\u241f"
#: Joins the fields of one event in `lnv_unmatched` (date, then authority).
FIELD_SEP = "\u241e"
#: The internal columns of an explained findings query (`compile_ruleset(explain=True)`),
#: after `COLUMNS` and before the fact columns; `compile.sql_explain` reads them.
EXPLAIN_COLUMNS: tuple[str, ...] = (
    "lnv_why",  # the reason key of the gate that decided ('' when none did)
    "lnv_reasons",  # reason sentences joined by REASON_SEP ('—': none; NULL: the default)
    "lnv_decider",  # the overriding rule that decided, or whose applies was unknown
    "lnv_applies",  # the applies clause's word: '' (none), true, false, unknown
    "lnv_start",  # a day deadline's start (its explanation is computed in Python)
    "lnv_due_at",  # an hour deadline's due instant, epoch microseconds
    "lnv_done_at",  # the late act's instant (hour deadlines), epoch microseconds
    "lnv_org",  # authorities of the qualifying events (in time, else late), in order
    "lnv_unmatched",  # the events that do not qualify: date FIELD_SEP authority, in order
)
#: SQL types of the explanation columns, for typed NULLs (a UNION needs one type per column)
_EXPLAIN_TYPES = {
    "lnv_start": "DATE",
    "lnv_due_at": "BIGINT",
    "lnv_done_at": "BIGINT",
}
#: a gate's SQL: (holds, status, why key, further reasons)
_GateSql = tuple[exp.Expr, exp.Expr, exp.Expr, exp.Expr]
_FACT_TYPES = {"int": "BIGINT", "bool": "BOOLEAN", "date": "DATE", "instant": "BIGINT"}


def _fact_type(vtype: str) -> exp.DataType:
    if vtype == "list[str]":
        return exp.DataType.build("ARRAY<VARCHAR>")
    return exp.DataType.build(_FACT_TYPES.get(vtype, "VARCHAR"))


def fact_paths(ruleset: ir.Ruleset) -> tuple[tuple[str, str, str], ...]:
    """(root, field, value type) of every record field a rule of `ruleset` reads.

    The same fields as `to_python._fact_paths`, over every rule: an explanation's
    facts are the fields its rule reads from its subject and site.
    """
    seen: dict[tuple[str, str], str] = {}
    for rule in ruleset.rules:
        for node in ir.walk(rule.applies, rule.requirement):
            if isinstance(node, ir.Path) and node.root in {"site", "camera", "event"}:
                seen.setdefault((node.root, node.field), ir.type_of(node))
    return tuple((r, f, t) for (r, f), t in seen.items())


def fact_column(root: str, field: str) -> str:
    """The findings query's column holding the record field `root.field` (explain mode)."""
    return f"lnv_fact_{root}_{field}"


# ---------------------------------------------------------------- small builders
def col(alias: str, name: str) -> exp.Column:
    return exp.column(name, table=alias, quoted=True)


def lit(value: object) -> exp.Expr:
    """A literal of the rule language as a sqlglot literal (dates as typed casts)."""
    if isinstance(value, bool):
        return exp.true() if value else exp.false()
    if isinstance(value, int):
        return exp.Literal.number(value)
    if isinstance(value, dt.datetime):
        msg = "instants are not literals of the rule language"
        raise TypeError(msg)
    if isinstance(value, dt.date):
        return exp.cast(exp.Literal.string(value.isoformat()), "DATE")
    return exp.Literal.string(str(value))


def paren(e: exp.Expr) -> exp.Expr:
    return (
        e
        if isinstance(e, exp.Column | exp.Literal | exp.Paren | exp.Boolean)
        else exp.Paren(this=e)
    )


def and_(*parts: exp.Expr) -> exp.Expr:
    out = paren(parts[0])
    for p in parts[1:]:
        out = exp.And(this=out, expression=paren(p))
    return out


def or_(a: exp.Expr, b: exp.Expr) -> exp.Expr:
    return exp.Or(this=paren(a), expression=paren(b))


def not_(a: exp.Expr) -> exp.Expr:
    return exp.Not(this=paren(a))


def is_null(a: exp.Expr) -> exp.Expr:
    return exp.Is(this=paren(a), expression=exp.null())


def is_true(a: exp.Expr) -> exp.Expr:
    """Two-valued `a IS TRUE`, written with COALESCE so every dialect reads it."""
    return exp.Coalesce(this=a, expressions=[exp.false()])


def is_false(a: exp.Expr) -> exp.Expr:
    return not_(exp.Coalesce(this=a, expressions=[exp.true()]))


def case(*whens: tuple[exp.Expr, exp.Expr], default: exp.Expr | None = None) -> exp.Case:
    c = exp.Case()
    for cond, then in whens:
        c = c.when(cond, then)
    if default is not None:
        c = c.else_(default)
    return c


def text(s: str) -> exp.Literal:
    return exp.Literal.string(s)


def concat(parts: list[exp.Expr | str]) -> exp.Expr:
    """The parts as one text, adjacent strings merged (an empty list is `''`)."""
    merged: list[exp.Expr] = []
    pending = ""
    for p in parts:
        if isinstance(p, str):
            pending += p
            continue
        if pending:
            merged.append(text(pending))
            pending = ""
        merged.append(p)
    if pending or not merged:
        merged.append(text(pending))
    return exp.Concat(expressions=merged) if len(merged) > 1 else merged[0]


def steps(**conditions: exp.Expr) -> exp.Expr:
    """The status of the first decision step that holds, in `semantics.DEADLINE_STEPS` order.

    A step given no condition is skipped; the last step (overdue) is the default.
    """
    *tested, (_, last) = DEADLINE_STEPS
    whens = [(conditions[name], text(status)) for name, status in tested if name in conditions]
    return case(*whens, default=text(last))


def _iso(c: exp.Expr) -> exp.Expr:
    """A date column as ISO text ('' when NULL)."""
    return exp.Coalesce(this=exp.cast(c, "VARCHAR"), expressions=[text("")])


# ---------------------------------------------------------------- scopes
@attrs.define
class _Root:
    alias: str
    kind: str  # site | camera | event
    event_type: str | None


@attrs.define
class _Scope:
    """The roots an expression can see, and the calendar joins it has asked for."""

    roots: dict[str, _Root]
    joins: list[tuple[exp.Expr, exp.Expr]] = attrs.field(factory=list)

    def child(self) -> _Scope:
        return _Scope(dict(self.roots))


@attrs.frozen
class _Out:
    status: exp.Expr
    due: exp.Expr
    fulfilled: exp.Expr
    #: the `{why}` of an unknown or not-applicable status (NULL: the status's default reason)
    why: exp.Expr = attrs.field(factory=exp.null)
    #: the id of the overriding rule that decided (NULL: the rule itself)
    decider: exp.Expr = attrs.field(factory=exp.null)
    #: explanation values by `EXPLAIN_COLUMNS` name (a missing one is NULL)
    extra: dict[str, exp.Expr] = attrs.field(factory=dict)


@attrs.define
class _Pairs:
    """The (subject, candidate event) pairs of a `requires event … within` rule."""

    select: exp.Select  # FROM the subjects JOIN the candidates (and their calendar joins)
    key: exp.Expr  # the subject's key, to group by
    alias: str  # the candidate event's table alias
    where: exp.Expr  # the candidate's `where` (NULL: unknown)
    in_time: exp.Expr  # the candidate is on or before the subject's due
    due_at: exp.Expr | None  # the due instant (hour deadlines)
    related: ir.Related
    inner: _Scope  # the scope the `where` was compiled in
    #: explain mode: why a candidate the `where` rejects does not count (`why_not`)
    why_not: exp.Expr | None = None


@attrs.frozen
class CompiledSql:
    """The compiled queries of one ruleset for one dialect, as-of date and language."""

    dialect: str
    findings: exp.Expr
    summary: exp.Expr
    periods: tuple[tuple[Period, bool], ...]
    rules: tuple[str, ...]
    articles: tuple[str, ...] = ()
    #: explain mode: the record fields whose values the query returns, as (root, field)
    facts: tuple[tuple[str, str], ...] = ()
    explain: bool = False
    #: explain mode: the columns after `COLUMNS` (`EXPLAIN_COLUMNS`, then the facts')
    explain_columns: tuple[str, ...] = ()

    def findings_sql(self, *, pretty: bool = False) -> str:
        return self.findings.sql(dialect=self.dialect, pretty=pretty)

    def summary_sql(self, *, pretty: bool = False) -> str:
        return self.summary.sql(dialect=self.dialect, pretty=pretty)


def unsupported(construct: str, span: Any, dialect: str, why: str) -> LnvideoError:
    msg = f"`{construct}` cannot be expressed in {dialect} SQL: {why}"
    hint = "use --engine python (or duckdb) for this rule pack"
    return LnvideoError([Diagnostic("LNV402", msg, span, hint=hint)])


# ---------------------------------------------------------------- the compiler
class SqlCompiler:
    """Compiles one ruleset into the findings query for one dialect."""

    def __init__(
        self,
        ruleset: ir.Ruleset,
        dialect: Dialect,
        *,
        as_of: dt.date,
        lang: str,
        explain: bool = False,
    ) -> None:
        self.ruleset = ruleset
        self.explain = explain
        #: (id(Within/AtLeast node), id(scope)) -> the `gap_year` of its calendar join
        self.gaps: dict[tuple[int, int], exp.Expr] = {}
        self.facts = fact_paths(ruleset)
        self.d = dialect
        self.as_of = as_of
        self.lang = lang if lang in _LANGS else "en"
        self._n = 0
        self.periods: list[tuple[Period, bool]] = []
        self.reasons = Reasons(self)
        #: (id(node), id(scope)) -> (node, scope, SQL): each node compiled once per scope
        self._compiled: dict[tuple[int, int], tuple[Any, _Scope, exp.Expr]] = {}

    def fresh(self, prefix: str) -> str:
        self._n += 1
        return f"{prefix}{self._n}"

    # ------------------------------------------------------------ types
    def vtype(self, e: Any, scope: _Scope) -> str:
        """The value type the checker gave an expression (`ir.type_of`)."""
        return ir.type_of(e)

    # ------------------------------------------------------------ expressions
    def expr(self, e: Any, scope: _Scope) -> exp.Expr:
        name = type(e).__name__
        why = self.d.unsupported.get(name)
        if why is not None:
            raise unsupported(name, getattr(e, "span", None), self.d.name, why)
        hit = self._compiled.get((id(e), id(scope)))
        if hit is not None:
            return hit[2].copy()
        method = getattr(self, "_e_" + name, None)
        if method is None:
            raise unsupported(name, getattr(e, "span", None), self.d.name, "no SQL form")
        result: exp.Expr = method(e, scope)
        self._compiled[(id(e), id(scope))] = (e, scope, result)
        return result.copy()

    def why(self, e: Any, scope: _Scope) -> exp.Expr:
        """The reasons an expression is unknown, joined by REASON_SEP (NULL when none is known)."""
        return why_text(self.reasons.of(e, scope), REASON_SEP)

    def gap_of(self, e: Any, scope: _Scope) -> exp.Expr | None:
        """The calendar `gap_year` of a compiled day period test (None: hours)."""
        hit = self.gaps.get((id(e), id(scope)))
        return hit.copy() if hit is not None else None

    def no_due_why(self, start: Any, due: exp.Expr, scope: _Scope) -> exp.Expr:
        """Why a deadline has no due: its start is unknown, else the calendar's gap."""
        why = self.why(start, scope)
        if not isinstance(due, exp.Column) or not due.table:
            return why
        gap = gap_text(col(due.table, "gap_year"), self.lang)
        return case((is_null(self.date_of(start, scope)), why), default=gap)

    def path(self, e: ir.Path, scope: _Scope) -> exp.Expr:
        root = scope.roots.get(e.root)
        if root is None:
            msg = f"`{e}` is not visible here"
            raise unsupported(str(e), e.span, self.d.name, msg)
        field = e.field
        if root.kind == "event" and field == "on":
            field = "on_date"
        return col(root.alias, field)

    def _e_Path(self, e: ir.Path, scope: _Scope) -> exp.Expr:
        return self.path(e, scope)

    def _e_Literal(self, e: ir.Literal, scope: _Scope) -> exp.Expr:
        return lit(e.value)

    def instant_of(self, e: Any, scope: _Scope) -> exp.Expr:
        """The instant of a date-or-time expression (`event.on` is `on_ts`)."""
        if isinstance(e, ir.Path) and e.field == "on":
            root = scope.roots.get(e.root)
            if root is not None and root.kind == "event":
                return self.d.instant(col(root.alias, "on_ts"))
        v = self.expr(e, scope)
        return self.d.instant(v) if self.vtype(e, scope) == "instant" else self.d.midnight(v)

    def date_of(self, e: Any, scope: _Scope) -> exp.Expr:
        v = self.expr(e, scope)
        if self.vtype(e, scope) == "instant":
            return self.d.local_date(self.d.instant(v))
        return v

    def _e_And(self, e: ir.And, scope: _Scope) -> exp.Expr:
        return and_(self.expr(e.left, scope), self.expr(e.right, scope))

    def _e_Or(self, e: ir.Or, scope: _Scope) -> exp.Expr:
        return or_(self.expr(e.left, scope), self.expr(e.right, scope))

    def _e_Not(self, e: ir.Not, scope: _Scope) -> exp.Expr:
        return not_(self.expr(e.operand, scope))

    def _e_If(self, e: ir.If, scope: _Scope) -> exp.Expr:
        c = self.expr(e.condition, scope)
        a = self.expr(e.then, scope)
        b = self.expr(e.otherwise, scope)
        return case((c, a), (not_(c), b), (exp.EQ(this=paren(a), expression=paren(b)), a))

    def _e_Compare(self, e: ir.Compare, scope: _Scope) -> exp.Expr:
        instants = "instant" in (self.vtype(e.left, scope), self.vtype(e.right, scope))
        if instants:
            a, b = self.date_of(e.left, scope), self.date_of(e.right, scope)
        else:
            a, b = self.expr(e.left, scope), self.expr(e.right, scope)
        return semantics.COMPARISONS[e.op].sql(this=paren(a), expression=paren(b))

    def _e_Member(self, e: ir.Member, scope: _Scope) -> exp.Expr:
        v = self.expr(e.value, scope)
        if isinstance(e.collection, ir.SetLit):
            values = [lit(m.value) for m in e.collection.members if isinstance(m, ir.Literal)]
            if values:
                test: exp.Expr = exp.In(this=paren(v), expressions=values)
            else:
                test = case((is_null(v), exp.null()), default=exp.false())
        else:
            coll = self.expr(e.collection, scope)
            test = case(
                (is_null(v), exp.null()),
                default=exp.ArrayContains(this=coll, expression=v),
            )
        return not_(test) if e.negated else test

    def _e_Check(self, e: ir.Check, scope: _Scope) -> exp.Expr:
        v = self.expr(e.value, scope)
        what = e.what
        if what in {"present", "missing"}:
            if self.vtype(e.value, scope) in {"str", "county", "enum", "open_enum"}:
                # Most values start with a visible character: test that first, trim only the rest.
                trimmed = exp.Trim(this=v, expression=text(WHITESPACE), position="BOTH")
                first = exp.StrPosition(
                    this=text(WHITESPACE), substr=exp.Left(this=v, expression=exp.Literal.number(1))
                )
                present: exp.Expr = case(
                    (is_null(v), exp.false()),
                    (exp.EQ(this=v, expression=text("")), exp.false()),
                    (exp.EQ(this=first, expression=exp.Literal.number(0)), exp.true()),
                    default=exp.NEQ(this=trimmed, expression=text("")),
                )
            else:
                present = not_(is_null(v))
            want = (what == "present") is not e.negated
            return present if want else not_(present)
        if what in {"true", "false"}:
            t = is_true(v) if what == "true" else is_false(v)
            return not_(t) if e.negated else t
        size = exp.ArraySize(this=v)
        cmp: exp.Expr = (exp.NEQ if e.negated else exp.EQ)(
            this=size, expression=exp.Literal.number(0)
        )
        return case((is_null(v), exp.null()), default=cmp)

    def _e_Call(self, e: ir.Call, scope: _Scope) -> exp.Expr:
        """A built-in function: its entry's SQL lowering; LNV402 where the dialect lacks it."""
        f = functions.FUNCTIONS[e.name]
        why = f.lacks.get(self.d.name)
        if why is not None:
            raise unsupported(f.name, e.span, self.d.name, why)
        args = [self.expr(a, scope) for a in e.args]
        return f.sql(args, tuple(self.vtype(a, scope) for a in e.args))

    def deadline(self, scope: _Scope, start: exp.Expr, d: ir.Duration, extend: bool) -> exp.Expr:
        """The last day of `d` after the date `start`, from the calendar table (NULL in a gap)."""
        period = Period(d.n, Unit(d.unit))
        if (period, extend) not in self.periods:
            self.periods.append((period, extend))
        alias = self.fresh("cal")
        on = and_(
            exp.EQ(this=col(alias, "start"), expression=paren(start)),
            exp.EQ(this=col(alias, "period"), expression=text(str(period))),
            exp.EQ(this=col(alias, "extend"), expression=exp.true() if extend else exp.false()),
        )
        scope.joins.append((exp.to_table("lnv_calendar").as_(alias, quoted=True), on))
        return col(alias, "last_day")

    def plus_hours(self, instant: exp.Expr, hours: int) -> exp.Expr:
        return self.d.plus_hours(instant, hours)

    def _duration(self, e: ir.Within | ir.AtLeast) -> ir.Duration:
        d = e.duration
        if not isinstance(d, ir.Duration):
            raise unsupported("duration", d.span, self.d.name, "an unresolved duration")
        return d

    def _e_Within(self, e: ir.Within, scope: _Scope) -> exp.Expr:
        return self._period(e, scope, deadline=True)

    def _e_AtLeast(self, e: ir.AtLeast, scope: _Scope) -> exp.Expr:
        return self._period(e, scope, deadline=False)

    def _period(self, e: ir.Within | ir.AtLeast, scope: _Scope, *, deadline: bool) -> exp.Expr:
        """A deadline (on or before, extended) or a minimum duration (after, never extended)."""
        d = self._duration(e)
        if d.unit == "hours":
            limit = self.plus_hours(self.instant_of(e.start, scope), d.n)
            at = exp.LTE if deadline else exp.GTE
            return at(this=self.instant_of(e.value, scope), expression=limit)
        end = self.deadline(scope, self.date_of(e.start, scope), d, deadline)
        assert isinstance(end, exp.Column)
        self.gaps[(id(e), id(scope))] = col(end.table, "gap_year")
        day = exp.LTE if deadline else exp.GT
        return day(this=paren(self.date_of(e.value, scope)), expression=end)

    def candidates(self, r: ir.Related, scope: _Scope) -> tuple[exp.Select, exp.Expr]:
        """A correlated SELECT over the site's visible events of a type, and the `where` value."""
        inner = scope.child()
        alias = self.fresh("b_")
        inner.roots[r.binding] = _Root(alias, "event", r.event_type)
        w = self.expr(r.where, inner) if r.where is not None else exp.true()
        site = scope.roots["site"].alias
        sel = exp.select().from_(exp.to_table("lnv_events").as_(alias, quoted=True), copy=False)
        for table, on in inner.joins:
            sel = sel.join(table, on=on, join_type="left", copy=False)
        sel = sel.where(
            and_(
                exp.EQ(this=col(alias, "site"), expression=col(site, "id")),
                exp.EQ(this=col(alias, "type"), expression=text(r.event_type)),
                exp.LTE(this=col(alias, "on_date"), expression=lit(self.as_of)),
            ),
            copy=False,
        )
        return sel, w

    def _e_Exists(self, e: ir.Exists, scope: _Scope) -> exp.Expr:
        sel, w = self.candidates(e.related, scope)
        flag = case(
            (is_true(w), exp.Literal.number(2)),
            (is_null(w), exp.Literal.number(1)),
            default=exp.Literal.number(0),
        )
        m = exp.Subquery(this=sel.select(exp.Max(this=flag), copy=False))
        yes, no = (exp.false(), exp.true()) if e.negated else (exp.true(), exp.false())
        return case(
            (exp.EQ(this=m, expression=exp.Literal.number(2)), yes),
            (exp.EQ(this=m.copy(), expression=exp.Literal.number(1)), exp.null()),
            default=no,
        )

    def _e_Count(self, e: ir.Count, scope: _Scope) -> exp.Expr:
        sel, w = self.candidates(e.related, scope)
        unknown = exp.Max(
            this=case((is_null(w), exp.Literal.number(1)), default=exp.Literal.number(0))
        )
        n = exp.Sum(this=case((is_true(w), exp.Literal.number(1)), default=exp.Literal.number(0)))
        value = case(
            (exp.EQ(this=unknown, expression=exp.Literal.number(1)), exp.null()),
            default=exp.Coalesce(this=n, expressions=[exp.Literal.number(0)]),
        )
        return exp.Subquery(this=sel.select(value, copy=False))

    # ------------------------------------------------------------ subjects
    def subject_scope(self, kind: str, event_type: str | None) -> _Scope:
        roots = {"site": _Root("r_site", "site", None)}
        if kind == "camera":
            roots["camera"] = _Root("r_camera", "camera", None)
        if kind == "event":
            roots["event"] = _Root("r_event", "event", event_type)
        return _Scope(roots)

    def subject_from(self, rule: ir.Rule, sites: str) -> exp.Select:
        """SELECT ... FROM the subject rows of a rule (sites, cameras, or visible events of
        every type the rule judges)."""
        kind = rule.subject_kind
        site_t = exp.to_table(sites).as_("r_site", quoted=True)
        if kind == "site":
            return exp.select().from_(site_t, copy=False)
        if kind == "camera":
            sel = exp.select().from_(
                exp.to_table("lnv_cameras").as_("r_camera", quoted=True), copy=False
            )
            return sel.join(
                site_t,
                on=exp.EQ(this=col("r_site", "id"), expression=col("r_camera", "site")),
                copy=False,
            )
        sel = exp.select().from_(exp.to_table("lnv_events").as_("r_event", quoted=True), copy=False)
        sel = sel.join(
            site_t,
            on=exp.EQ(this=col("r_site", "id"), expression=col("r_event", "site")),
            copy=False,
        )
        types = rule.event_types or (rule.event_type or "",)
        is_type: exp.Expr = (
            exp.EQ(this=col("r_event", "type"), expression=text(types[0]))
            if len(types) == 1
            else exp.In(this=col("r_event", "type"), expressions=[text(t) for t in types])
        )
        return sel.where(
            and_(
                is_type,
                exp.LTE(this=col("r_event", "on_date"), expression=lit(self.as_of)),
            ),
            copy=False,
        )

    def subject_key(self, kind: str) -> exp.Expr:
        if kind == "site":
            return col("r_site", "id")
        return col(_ALIAS[kind], "lnv_row")

    # ------------------------------------------------------------ requirements
    def due(self, d: ir.Duration, start: Any, scope: _Scope) -> tuple[exp.Expr, exp.Expr | None]:
        """(due local date, due instant or None) of a deadline; NULL due = unknown, no due."""
        if d.unit == "hours":
            at = self.plus_hours(self.instant_of(start, scope), d.n)
            return self.d.local_date(at), at
        return self.deadline(scope, self.date_of(start, scope), d, True), None

    def requirement(self, rule: ir.Rule, req: Any, scope: _Scope) -> _Out:
        null = exp.null()
        if isinstance(req, ir.TWO_VALUED):
            v = self.expr(req.expr, scope)
            yes, no = semantics.VERDICTS[type(req).__name__]
            status = case((v, text(yes)), (not_(v), text(no)), default=text(semantics.UNKNOWN))
            why = self.why(req.expr, scope)
            if no == "not_applicable":  # a verdict, not a condition: no reason to give
                why = case((is_false(v), text("—")), default=why)
            return _Out(status, null, null, why)
        if isinstance(req, ir.RequiresBy):
            return self.requires_by(req, scope)
        if isinstance(req, ir.RequiresEventBy):
            return self.requires_event_by(rule, req, scope)
        raise unsupported(
            type(req).__name__, getattr(req, "span", None), self.d.name, "no SQL form"
        )

    def requires_by(self, req: ir.RequiresBy, scope: _Scope) -> _Out:
        d = req.duration
        assert isinstance(d, ir.Duration)
        due, due_at = self.due(d, req.start, scope)
        done = self.expr(req.act, scope)
        done_date = self.date_of(req.act, scope)
        counted = and_(
            not_(is_null(done)),
            exp.LTE(this=paren(done_date), expression=lit(self.as_of)),
        )
        if due_at is not None:
            in_time: exp.Expr = exp.LTE(this=self.instant_of(req.act, scope), expression=due_at)
        else:
            in_time = exp.LTE(this=paren(done_date), expression=due)
        no_due = is_null(due)
        status = steps(
            no_due=no_due,
            done_in_time=and_(counted, in_time),
            done_late=counted,
            not_yet_due=exp.LTE(this=lit(self.as_of), expression=due),
        )
        fulfilled = case((and_(not_(no_due), counted), done_date))
        extra: dict[str, exp.Expr] = {}
        if self.explain:
            if due_at is not None:
                extra["lnv_due_at"] = self.d.epoch_us(due_at.copy())
                extra["lnv_done_at"] = case(
                    (counted.copy(), self.d.epoch_us(self.instant_of(req.act, scope)))
                )
            else:
                extra["lnv_start"] = self.date_of(req.start, scope)
        why = case((no_due, self.no_due_why(req.start, due, scope)))
        return _Out(status, due, fulfilled, why, extra=extra)

    def requires_event_by(self, rule: ir.Rule, req: ir.RequiresEventBy, scope: _Scope) -> _Out:
        """`requires event T … within D after s`: the candidate events aggregated per
        subject (`event_pairs`, `event_aggregates`), then the decision steps (`event_out`)."""
        d = req.duration
        assert isinstance(d, ir.Duration)
        due = self.due(d, req.start, scope)
        pairs = self.event_pairs(rule, req)
        aggs = self.event_aggregates(pairs)
        agg = pairs.select.select(
            exp.alias_(pairs.key.copy(), "k", quoted=True),
            *(exp.alias_(v, k, quoted=True) for k, v in aggs.items()),
            copy=False,
        ).group_by(pairs.key.copy(), copy=False)
        rq = self.fresh("rq")
        scope.joins.append(
            (agg.subquery(rq), exp.EQ(this=col(rq, "k"), expression=pairs.key.copy()))
        )
        return self.event_out(req, due, rq, scope)

    def event_pairs(self, rule: ir.Rule, req: ir.RequiresEventBy) -> _Pairs:
        """The (subject, candidate event) pairs of the rule's subjects, before grouping:
        every visible event of the required type at the subject's site."""
        kind = rule.subject_kind
        inner = self.subject_scope(kind, rule.event_type)
        r = req.related
        alias = self.fresh("b_")
        inner.roots[r.binding] = _Root(alias, "event", r.event_type)
        assert isinstance(req.duration, ir.Duration)
        in_due, in_due_at = self.due(req.duration, req.start, inner)
        w = self.expr(r.where, inner) if r.where is not None else exp.true()
        why_not = self.why_not(r.where, inner) if self.explain else None
        if in_due_at is not None:
            in_time: exp.Expr = exp.LTE(
                this=self.d.instant(col(alias, "on_ts")), expression=in_due_at
            )
        else:
            in_time = exp.LTE(this=col(alias, "on_date"), expression=in_due)
        sel = self.subject_from(rule, "lnv_sites_in")
        sel = sel.join(
            exp.to_table("lnv_events").as_(alias, quoted=True),
            on=and_(
                exp.EQ(this=col(alias, "site"), expression=col("r_site", "id")),
                exp.EQ(this=col(alias, "type"), expression=text(r.event_type)),
                exp.LTE(this=col(alias, "on_date"), expression=lit(self.as_of)),
            ),
            copy=False,
        )
        for table, on in inner.joins:
            sel = sel.join(table, on=on, join_type="left", copy=False)
        return _Pairs(sel, self.subject_key(kind), alias, w, in_time, in_due_at, r, inner, why_not)

    def event_aggregates(self, p: _Pairs) -> dict[str, exp.Expr]:
        """Per subject: the first in-time and the first late qualifying event's date,
        whether an in-time event's `where` is unknown (and why), and in explain mode
        the deciding events' authorities and the events that did not qualify."""
        on_date, order = col(p.alias, "on_date"), [col(p.alias, "on_date"), col(p.alias, "lnv_row")]
        ok, w, in_time = is_true(p.where), p.where, p.in_time
        # python names each undecided in-time event and why its `where` is unknown
        what = why_text(
            self.reasons.of(p.related.where, p.inner), "，" if self.lang == "zh" else ", "
        )
        where_texts = REASON_TEXTS["where"]
        where = fill(
            where_texts.get(self.lang) or where_texts["en"],
            {
                "etype": text(p.related.event_type),
                "on": exp.cast(on_date.copy(), "VARCHAR"),
                "what": exp.Coalesce(this=what, expressions=[text("")]),
            },
        )
        undecided = and_(is_null(w.copy()), is_true(in_time.copy()))
        aggs = {
            "sat_on": exp.Min(this=case((and_(ok, is_true(in_time)), on_date))),
            "unk": exp.Max(
                this=case((undecided.copy(), exp.Literal.number(1)), default=exp.Literal.number(0))
            ),
            "late_on": exp.Min(this=case((and_(ok.copy(), is_false(in_time)), on_date.copy()))),
            "unk_why": self.d.ordered_agg(where, order, undecided, REASON_SEP),
        }
        if not self.explain:
            return aggs
        authority = exp.Coalesce(this=col(p.alias, "authority"), expressions=[text("")])
        late = and_(ok.copy(), is_false(in_time.copy()))
        aggs["sat_org"] = self.d.ordered_agg(
            authority, order, and_(ok.copy(), is_true(in_time.copy())), REASON_SEP
        )
        aggs["late_org"] = self.d.ordered_agg(authority.copy(), order, late, REASON_SEP)
        assert p.why_not is not None
        aggs["unm"] = self.d.ordered_agg(
            concat([exp.cast(on_date.copy(), "VARCHAR"), FIELD_SEP, authority.copy(), p.why_not]),
            order,
            is_false(w.copy()),
            REASON_SEP,
        )
        if p.due_at is not None:
            at = exp.cast(self.d.epoch_us(self.d.instant(col(p.alias, "on_ts"))), "VARCHAR")
            aggs["late_at"] = self.d.ordered_agg(at, order, late.copy(), REASON_SEP)
        return aggs

    def event_out(
        self,
        req: ir.RequiresEventBy,
        due_due_at: tuple[exp.Expr, exp.Expr | None],
        rq: str,
        scope: _Scope,
    ) -> _Out:
        """The decision steps over the aggregates joined as `rq` (`semantics.DEADLINE_STEPS`),
        given the subject's (due, due instant)."""
        due, due_at = due_due_at
        no_due = is_null(due)
        sat_on, late_on = col(rq, "sat_on"), col(rq, "late_on")
        has = lambda c: not_(is_null(c))  # noqa: E731
        unknown = exp.EQ(this=col(rq, "unk"), expression=exp.Literal.number(1))
        status = steps(
            no_due=no_due,
            done_in_time=has(sat_on),
            undecided_in_time=unknown,
            done_late=has(late_on),
            not_yet_due=exp.LTE(this=lit(self.as_of), expression=due),
        )
        fulfilled = case(
            (no_due, exp.null()), (has(sat_on), sat_on), (unknown, exp.null()), default=late_on
        )
        why = case(
            (no_due.copy(), self.no_due_why(req.start, due, scope)),
            (has(sat_on.copy()), exp.null()),
            (unknown.copy(), col(rq, "unk_why")),
        )
        extra: dict[str, exp.Expr] = {}
        if self.explain:
            extra["lnv_org"] = case(
                (has(sat_on.copy()), col(rq, "sat_org")), default=col(rq, "late_org")
            )
            extra["lnv_unmatched"] = col(rq, "unm")
            if due_at is not None:
                extra["lnv_due_at"] = self.d.epoch_us(due_at)
                extra["lnv_done_at"] = exp.cast(
                    exp.Anonymous(
                        this="split_part",
                        expressions=[col(rq, "late_at"), text(REASON_SEP), exp.Literal.number(1)],
                    ),
                    "BIGINT",
                )
            else:
                extra["lnv_start"] = self.date_of(req.start, scope)
        return _Out(status, due, fulfilled, why, extra=extra)

    def why_not(self, where: Any, scope: _Scope) -> exp.Expr:
        """Why the `where` rejected an event: `␞n␞left␞right`, its first false comparison's
        number among the conjuncts and both sides as text ('' when none); worded by
        `compile.unmatched`, as the python engine words it."""
        whens = []
        for i, c in enumerate(unmatched.conjuncts(where)):
            if not isinstance(c, ir.Compare):
                continue
            sides: list[exp.Expr | str] = [FIELD_SEP, str(i)]
            for e in (c.left, c.right):
                value = exp.cast(self.expr(e, scope), "VARCHAR")
                sides += [FIELD_SEP, exp.Coalesce(this=value, expressions=[text("")])]
            whens.append((is_false(self.expr(c, scope)), concat(sides)))
        return case(*whens, default=text("")) if whens else text("")

    def outcome(self, rule: ir.Rule, scope: _Scope) -> _Out:
        """The rule's own outcome: its applies clause, then its requirement (and `due`)."""
        req = self.requirement(rule, rule.requirement, scope)
        if rule.due is not None:
            req = attrs.evolve(req, due=self.date_of(rule.due, scope))
        if rule.applies is None:
            if self.explain:
                return attrs.evolve(req, extra={**req.extra, "lnv_applies": text("")})
            return req
        a = self.expr(rule.applies, scope)
        extra: dict[str, exp.Expr] = {}
        if self.explain:
            extra = {k: case((is_true(a), v)) for k, v in req.extra.items()}
            extra["lnv_applies"] = case(
                (is_null(a), text("unknown")), (a, text("true")), default=text("false")
            )
        return _Out(
            case((is_null(a), text("unknown")), (a, req.status), default=text("not_applicable")),
            case((is_true(a), req.due)),
            case((is_true(a), req.fulfilled)),
            case((is_true(a), req.why), (is_null(a), self.why(rule.applies, scope))),
            extra=extra,
        )

    def with_overrides(self, rule: ir.Rule, scope: _Scope) -> _Out:
        """Overriding rules, winner first: the first that applies decides; unknown applies → unknown."""
        base = self.outcome(rule, scope)
        overriders = self.ruleset.overrides.get(rule.id, ())
        if not overriders:
            return base
        status: list[tuple[exp.Expr, exp.Expr]] = []
        due: list[tuple[exp.Expr, exp.Expr]] = []
        ful: list[tuple[exp.Expr, exp.Expr]] = []
        why: list[tuple[exp.Expr, exp.Expr]] = []
        decider: list[tuple[exp.Expr, exp.Expr]] = []
        extras: dict[str, list[tuple[exp.Expr, exp.Expr]]] = {k: [] for k in EXPLAIN_COLUMNS}
        final: _Out | None = None
        for o in overriders:
            out = self.requirement(o, o.requirement, scope)
            if o.applies is None:
                extra = {**out.extra, "lnv_applies": text("true")} if self.explain else {}
                final = attrs.evolve(out, decider=text(o.id), extra=extra)
                break
            a = self.expr(o.applies, scope)
            status += [(is_true(a), out.status), (is_null(a), text("unknown"))]
            due += [(is_true(a), out.due), (is_null(a), exp.null())]
            ful += [(is_true(a), out.fulfilled), (is_null(a), exp.null())]
            why += [(is_true(a), out.why), (is_null(a), self.why(o.applies, scope))]
            # an unknown applies names the override too (python notes it); messages read
            # the decider only for violated findings
            decider += [(is_true(a), text(o.id)), (is_null(a), text(o.id))]
            if self.explain:
                values = {**out.extra, "lnv_applies": text("true")}
                for k, cases in extras.items():
                    unknown = text("unknown") if k == "lnv_applies" else exp.null()
                    cases += [(is_true(a), values.get(k, exp.null())), (is_null(a), unknown)]
        last = final or base
        if not status:
            return last
        extra = (
            {k: case(*cases, default=last.extra.get(k, exp.null())) for k, cases in extras.items()}
            if self.explain
            else {}
        )
        return _Out(
            case(*status, default=last.status),
            case(*due, default=last.due),
            case(*ful, default=last.fulfilled),
            case(*why, default=last.why),
            case(*decider, default=last.decider),
            extra,
        )

    # ------------------------------------------------------------ rules
    def title(self, rule: ir.Rule) -> str:
        return rule.titles.get(self.lang) or rule.titles.get("en") or rule.id

    def gate_reasons(self, rule: ir.Rule) -> list[tuple[str, str]]:
        """(why key, status) of each gate that can force a finding of `rule`, in order."""
        out: list[tuple[str, str]] = []
        for gate in GATES:
            if rule.subject_kind not in gate.subjects:
                continue
            if gate.status == "scope":
                out += [(scope_reason(st), st) for st in ("not_applicable", "unknown")]
            elif gate.name == "in_force":
                out += [
                    (self.gate_key(k, rule), gate.status) for k in ("not_yet_in_force", "ceased")
                ]
            else:
                out.append((self.gate_key(gate.reason, rule), gate.status))
        for w in self.ruleset.displaced_by.get(rule.id, ()):
            ground = w.displaces[1] if w.displaces else ""
            for word in ("true", "unknown"):
                st, key = DISPLACED[word]
                out.append((self.gate_key(key, rule, w.id, ground), st))
        return out

    def reason(self, key: str) -> str:
        """The text of a reason key (`gate_key`: a gate's, naming instrument or winner)."""
        return gate_reason_text(key, self.ruleset, self.lang)

    def status_message(self, rule: ir.Rule, status: str, why: str | exp.Expr = "") -> exp.Expr:
        """A status text of `semantics.STATUS_TEXTS`; `{why}` is a reason key or SQL text."""
        if not isinstance(why, str):  # the reason sentences, joined as a message shows them
            why = exp.Anonymous(this="replace", expressions=[why, text(REASON_SEP), text("; ")])
        fixed: dict[str, str | exp.Expr] = {
            "title": self.title(rule),
            "why": self.reason(why) if isinstance(why, str) and why else why,
        }
        template = semantics.STATUS_TEXTS[status][self.lang]
        parts: list[exp.Expr | str] = [
            (fixed[t] if t in fixed else _iso(col("f", t))) if is_ph else t
            for is_ph, t in semantics.split_template(template)
        ]
        return concat(parts)

    def message(
        self, rule: ir.Rule, kind: str, scope: _Scope, values: dict[str, exp.Expr]
    ) -> exp.Expr:
        """The finding's message: the violated text with placeholders, or a status text."""
        status, why = col("f", "status"), col("f", "lnv_why")
        violated = self.violated(rule, rule, kind, scope, values)
        deciders = [
            (
                exp.EQ(this=col("f", "lnv_decider"), expression=text(o.id)),
                self.violated(o, rule, kind, scope, values),
            )
            for o in self.ruleset.overrides.get(rule.id, ())
            if o.messages
        ]
        if deciders:
            violated = case(*deciders, default=violated)
        reasons = col("f", "lnv_reasons")
        forced = [
            (exp.EQ(this=why.copy(), expression=text(key)), self.forced_message(rule, key, st))
            for key, st in self.gate_reasons(rule)
        ]
        return case(
            *forced,
            (exp.EQ(this=status, expression=text("violated")), violated),
            (
                exp.EQ(this=status.copy(), expression=text("satisfied")),
                self.status_message(rule, "satisfied"),
            ),
            (
                exp.EQ(this=status.copy(), expression=text("pending")),
                self.status_message(rule, "pending"),
            ),
            (
                exp.EQ(this=status.copy(), expression=text("not_applicable")),
                self.status_message(
                    rule,
                    "not_applicable",
                    exp.Coalesce(this=reasons, expressions=[text(self.reason("applies"))]),
                ),
            ),
            default=self.status_message(
                rule,
                "unknown",
                exp.Coalesce(this=reasons.copy(), expressions=[text(self.reason("undecidable"))]),
            ),
        )

    def violated(
        self,
        decider: ir.Rule,
        rule: ir.Rule,
        kind: str,
        scope: _Scope,
        values: dict[str, exp.Expr],
    ) -> exp.Expr:
        """The violated message: the deciding rule's text, placeholders filled for `rule`."""
        if not decider.messages:
            return text(self.title(rule))
        template = decider.messages.get(self.lang) or next(iter(decider.messages.values()))
        return self.template(template, rule, kind, scope, values)

    def forced_message(self, rule: ir.Rule, key: str, status: str) -> exp.Expr:
        """The message of a finding a gate decided: its reason, then the scope rule's reasons."""
        if key != scope_reason("unknown") and not key.startswith("displaced_unknown"):
            return self.status_message(rule, status, key)
        more = exp.Coalesce(
            this=exp.Concat(expressions=[text("; "), col("f", "lnv_reasons")]),
            expressions=[text("")],
        )
        return self.status_message(rule, status, concat([self.reason(key), more]))

    def template(
        self,
        template: str,
        rule: ir.Rule,
        kind: str,
        scope: _Scope,
        values: dict[str, exp.Expr],
    ) -> exp.Expr:
        return concat(
            [
                self.placeholder(t, rule, kind, scope, values) if is_ph else t
                for is_ph, t in semantics.split_template(template)
            ]
        )

    def placeholder(
        self, name: str, rule: ir.Rule, kind: str, scope: _Scope, values: dict[str, exp.Expr]
    ) -> exp.Expr:
        fixed = {
            "as_of": self.as_of.isoformat(),
            "rule": rule.id,
            "article": rule.article,
            "title": self.title(rule),
        }
        if name in fixed:
            return text(fixed[name])
        if name in {"due", "fulfilled_on"}:
            return _iso(col("f", name))
        if name == "subject":
            return exp.Concat(
                expressions=[
                    text(kind + " "),
                    exp.Coalesce(this=col("f", "subject_id"), expressions=[text("")]),
                ]
            )
        root, _, field = name.partition(".")
        r = scope.roots.get(root)
        if r is None or not field:
            return text("?")
        key = f"ph{len(values)}"
        v = self.path(ir.Path(root, field), scope)
        t = rule.placeholder_types.get(name, "any")
        if t == "list[str]":
            v = self.d.list_join(v, ", ")
        elif t == "bool":
            v = case((v, text("True")), (not_(v), text("False")))
        else:
            v = exp.cast(v, "VARCHAR")
        values[key] = v
        return exp.Coalesce(this=col("f", key), expressions=[text("?")])

    def rule_select(self, rule: ir.Rule) -> exp.Select:
        """One SELECT producing the findings (COLUMNS) of one rule."""
        kind, etype = rule.subject_kind, rule.event_type
        scope = self.subject_scope(kind, etype)
        if rule is self.ruleset.scope_rule:
            status: exp.Expr = col("r_site", "lnv_scope")
            due: exp.Expr = exp.null()
            fulfilled: exp.Expr = exp.null()
            why: exp.Expr = text("")
            reasons: exp.Expr = col("r_site", "lnv_scope_why")
            decider: exp.Expr = exp.null()
            extra: dict[str, exp.Expr] = {"lnv_applies": col("r_site", "lnv_scope_applies")}
        else:
            out = self.with_overrides(rule, scope)
            status, due, fulfilled, why, reasons = self.gated(rule, scope, out)
            decider = out.decider
            extra = out.extra
        ident = {
            "site": col("r_site", "id"),
            "camera": col("r_camera", "id"),
            "event": col("r_event", "id"),
        }[kind]
        values: dict[str, exp.Expr] = {}
        message = self.message(rule, kind, scope, values)
        inner = self.subject_from(rule, "lnv_sites")
        for table, on in scope.joins:
            inner = inner.join(table, on=on, join_type="left", copy=False)
        inner = inner.select(
            exp.alias_(ident, "subject_id", quoted=True),
            exp.alias_(col("r_site", "id"), "site", quoted=True),
            exp.alias_(status, "status", quoted=True),
            exp.alias_(due, "due", quoted=True),
            exp.alias_(fulfilled, "fulfilled_on", quoted=True),
            exp.alias_(why, "lnv_why", quoted=True),
            exp.alias_(reasons, "lnv_reasons", quoted=True),
            exp.alias_(decider, "lnv_decider", quoted=True),
            *(exp.alias_(v, k, quoted=True) for k, v in values.items()),
            *(exp.alias_(v, k, quoted=True) for k, v in self.explain_values(extra, scope).items()),
            copy=False,
        )
        severity = rule.severity if rule.severity in {"error", "warning", "info"} else "error"
        return exp.select(
            exp.alias_(text(rule.id), "rule", quoted=True),
            exp.alias_(text(rule.article), "article", quoted=True),
            exp.alias_(text(kind), "subject_kind", quoted=True),
            col("f", "subject_id"),
            col("f", "site"),
            col("f", "status"),
            col("f", "due"),
            col("f", "fulfilled_on"),
            exp.alias_(text(severity), "severity", quoted=True),
            exp.alias_(message, "message", quoted=True),
            *(col("f", k) for k in self.explain_columns()),
        ).from_(inner.subquery("f"), copy=False)

    def explain_columns(self) -> tuple[str, ...]:
        """The columns after `COLUMNS` of the findings query (none unless explaining)."""
        if not self.explain:
            return ()
        return (*EXPLAIN_COLUMNS, *(fact_column(r, f) for r, f, _ in self.facts))

    def explain_values(self, extra: dict[str, exp.Expr], scope: _Scope) -> dict[str, exp.Expr]:
        """The explanation columns of one rule's inner SELECT, typed alike across rules."""
        if not self.explain:
            return {}
        out: dict[str, exp.Expr] = {}
        for k in EXPLAIN_COLUMNS[3:]:
            v = extra.get(k)
            out[k] = exp.cast(v if v is not None else exp.null(), _EXPLAIN_TYPES.get(k, "VARCHAR"))
        for root, field, vtype in self.facts:
            name = fact_column(root, field)
            if root not in scope.roots:
                out[name] = exp.cast(exp.null(), _fact_type(vtype))
                continue
            v = self.path(ir.Path(root, field), scope)
            if vtype == "instant":
                v = self.d.epoch_us(self.d.instant(v))
            out[name] = v
        return out

    def gate(self, name: str, rule: ir.Rule) -> _GateSql | None:
        """(holds, status, why key, further reasons) of one gate of `semantics.GATES`.

        None when the gate can never hold for this rule (e.g. its instrument is in
        force on the as-of day, for a site rule). A gate of `semantics.GATES` with
        no SQL form here (`_gate_<name>`) is LNV402 at the rule, never skipped.
        """
        test = getattr(self, f"_gate_{name}", None)
        if test is None:
            why = "this gate has no SQL form yet"
            raise unsupported(f"gate {name}", rule.span, self.d.name, why)
        result: _GateSql | None = test(rule, next(g for g in GATES if g.name == name))
        return result

    def _gate_scope(self, rule: ir.Rule, g: Gate) -> _GateSql:
        """The site's scope finding is not satisfied: its status and reasons."""
        scope_status = col("r_site", "lnv_scope")
        why = case(
            (
                exp.EQ(this=scope_status.copy(), expression=text("unknown")),
                text(scope_reason("unknown")),
            ),
            default=text(scope_reason("not_applicable")),
        )
        holds: exp.Expr = exp.NEQ(this=scope_status, expression=text("satisfied"))
        return holds, scope_status, why, col("r_site", "lnv_scope_why")

    def _gate_in_force(self, rule: ir.Rule, g: Gate) -> _GateSql | None:
        """The instrument is not in force on the as-of day (on the event's date)."""
        inst = rule.instrument
        if inst is None or (inst.effective is None and inst.ceased is None):
            return None
        if rule.subject_kind != "event":
            key = in_force_reason(inst.effective, inst.ceased, self.as_of)
            if key is None:
                return None
            return exp.true(), text(g.status), text(self.gate_key(key, rule)), exp.null()
        day = col("r_event", "on_date")
        arms: list[tuple[exp.Expr, exp.Expr]] = []
        if inst.effective is not None:
            arms.append(
                (
                    exp.LT(this=day.copy(), expression=lit(inst.effective)),
                    text(self.gate_key("not_yet_in_force", rule)),
                )
            )
        if inst.ceased is not None:
            arms.append(
                (
                    exp.GTE(this=day.copy(), expression=lit(inst.ceased)),
                    text(self.gate_key("ceased", rule)),
                )
            )
        held = arms[0][0]
        for h, _ in arms[1:]:
            held = or_(held, h)
        return held, text(g.status), case(*((h.copy(), w) for h, w in arms)), exp.null()

    def _gate_area(self, rule: ir.Rule, g: Gate) -> _GateSql | None:
        """The site's county code starts with none of the instrument's area prefixes."""
        inst = rule.instrument
        if inst is None or not inst.area:
            return None
        code = col("r_site", "county_code")
        inside: exp.Expr = exp.StartsWith(this=code, expression=text(inst.area[0]))
        for p in inst.area[1:]:
            inside = or_(inside, exp.StartsWith(this=code.copy(), expression=text(p)))
        holds = or_(is_null(code.copy()), not_(inside))
        return holds, text(g.status), text(self.gate_key("outside_area", rule)), exp.null()

    @staticmethod
    def gate_key(key: str, rule: ir.Rule, winner: str = "", ground: str = "") -> str:
        """The `lnv_why` of a finding a gate decided: the reason key, per rule where needed."""
        if winner:
            return f"{key}|{rule.id}|{winner}|{ground}"
        if key in {"not_yet_in_force", "ceased", "outside_area"}:
            return f"{key}|{rule.id}"
        return key

    def displacement(
        self, rule: ir.Rule, scope: _Scope
    ) -> list[tuple[exp.Expr, exp.Expr, exp.Expr, exp.Expr]]:
        """The arms a displacing rule adds: (holds, status, why key, reasons), winner first."""
        out: list[tuple[exp.Expr, exp.Expr, exp.Expr, exp.Expr]] = []
        for w in self.ruleset.displaced_by.get(rule.id, ()):
            ground = w.displaces[1] if w.displaces else ""
            blocked = [g for g in (self.gate(n, w) for n in ("in_force", "area")) if g]
            ok: exp.Expr = exp.true()
            for holds, *_ in blocked:
                ok = and_(ok, not_(paren(holds)))
            a = self.expr(w.applies, scope) if w.applies is not None else exp.true()
            na_status, na_key = DISPLACED["true"]
            un_status, un_key = DISPLACED["unknown"]
            out.append(
                (
                    and_(ok.copy(), is_true(a)),
                    text(na_status),
                    text(self.gate_key(na_key, rule, w.id, ground)),
                    exp.null(),
                )
            )
            if w.applies is not None:
                out.append(
                    (
                        and_(ok.copy(), is_null(a.copy())),
                        text(un_status),
                        text(self.gate_key(un_key, rule, w.id, ground)),
                        self.why(w.applies, scope),
                    )
                )
        return out

    def gated(self, rule: ir.Rule, scope: _Scope, out: _Out) -> tuple[exp.Expr, ...]:
        """(status, due, fulfilled, why key, reasons) after the gates: the first that holds decides."""
        kind = rule.subject_kind
        gates = [g for g in (self.gate(g.name, rule) for g in GATES if kind in g.subjects) if g]
        gates += self.displacement(rule, scope)
        held: exp.Expr = gates[0][0]
        for holds, *_ in gates[1:]:
            held = or_(held, holds.copy())
        plain = not_(paren(held))
        status = case(*((h.copy(), st) for h, st, _, _ in gates), default=out.status)
        why = case(*((h.copy(), w) for h, _, w, _ in gates), default=text(""))
        reasons = case(*((h.copy(), r) for h, _, _, r in gates), default=out.why)
        return status, case((plain, out.due)), case((plain.copy(), out.fulfilled)), why, reasons

    def sites_cte(self) -> exp.Select:
        """`lnv_sites`: the input sites with their scope status (`lnv_scope`)."""
        scope = self.subject_scope("site", None)
        out = self.outcome(self.ruleset.scope_rule, scope)
        sel = exp.select(
            exp.Star(),
            exp.alias_(out.status, "lnv_scope", quoted=True),
            exp.alias_(out.why, "lnv_scope_why", quoted=True),
        )
        if self.explain:
            applies = out.extra.get("lnv_applies", text(""))
            sel = sel.select(exp.alias_(applies, "lnv_scope_applies", quoted=True), copy=False)
        sel = sel.from_(exp.to_table("lnv_sites_in").as_("r_site", quoted=True), copy=False)
        for table, on in scope.joins:
            sel = sel.join(table, on=on, join_type="left", copy=False)
        return sel


_CACHE: dict[tuple[int, str, dt.date, str, bool], tuple[ir.Ruleset, CompiledSql]] = {}


def gate_reason_text(key: str, ruleset: ir.Ruleset, lang: str) -> str:
    """The text of a reason key as `SqlCompiler.gate_key` writes it: a plain reason, an
    instrument's gate (`key|RULE`: names the rule's instrument and date) or a
    displacement (`key|RULE|WINNER|GROUND`). The SQL messages and the explanations
    rendered from SQL rows (`compile.sql_explain`) both use it."""
    if "|" in key:
        parts = key.split("|")
        if len(parts) == 4:
            return displaced_reason(parts[0], parts[2], parts[3], lang)
        r = ruleset.rule(parts[1])
        if r is not None and r.instrument is not None:
            return instrument_reason(parts[0], r.instrument, lang)
        key = parts[0]
    return reason_text(key, lang, date=ruleset.effective.isoformat())


def compile_ruleset(
    ruleset: ir.Ruleset,
    dialect: str = "duckdb",
    *,
    as_of: dt.date,
    lang: str = "en",
    explain: bool = False,
) -> CompiledSql:
    """Compile every rule of `ruleset` into one findings query for `dialect`.

    With `explain`, each row also has the internal `EXPLAIN_COLUMNS` and the fact
    columns (`fact_column`), which `compile.sql_explain` turns into explanations.

    Raises:
        LnvideoError: LNV402 when a rule uses a construct the dialect cannot express,
            or LNV401 for an unknown dialect.

    Example:
        >>> from lnvideo.api import load_rules
        >>> q = compile_ruleset(load_rules().ir, "duckdb", as_of=dt.date(2026, 11, 30))
        >>> "lnv_calendar" in q.findings_sql(), [str(p) for p, _ in q.periods][:2]
        (True, ['30 days', '3 working days'])
    """
    hit = _CACHE.get((id(ruleset), dialect, as_of, lang, explain))
    if hit is not None and hit[0] is ruleset:
        return hit[1]
    d = DIALECTS.get(dialect)
    if d is None:
        raise LnvideoError(
            f"unknown SQL dialect {dialect!r}: expected one of {', '.join(DIALECTS)}"
        )
    c = SqlCompiler(ruleset, d, as_of=as_of, lang=lang, explain=explain)
    sites = c.sites_cte()
    selects = [c.rule_select(r) for r in ruleset.rules]
    union: exp.Expr = selects[0]
    for s in selects[1:]:
        union = exp.Union(this=union, expression=s, distinct=False)
    names = (*COLUMNS, *c.explain_columns())
    findings = exp.select(*(exp.column(n, quoted=True) for n in names)).from_(
        exp.Subquery(this=union, alias=exp.TableAlias(this=exp.to_identifier("lnv_findings"))),
        copy=False,
    )
    findings = findings.with_("lnv_sites", as_=sites, copy=False)
    summary = (
        exp.select(
            exp.column("status", quoted=True),
            exp.alias_(exp.Count(this=exp.Star()), "n", quoted=True),
        )
        .from_(
            exp.Subquery(
                this=union.copy(), alias=exp.TableAlias(this=exp.to_identifier("lnv_findings"))
            ),
            copy=False,
        )
        .group_by(exp.column("status", quoted=True), copy=False)
        .with_("lnv_sites", as_=sites.copy(), copy=False)
    )
    compiled = CompiledSql(
        dialect,
        findings,
        summary,
        tuple(c.periods),
        tuple(r.id for r in ruleset.rules),
        tuple(dict.fromkeys(r.article for r in ruleset.rules)),
        tuple((r, f) for r, f, _ in c.facts) if explain else (),
        explain,
        c.explain_columns(),
    )
    if len(_CACHE) > 32:
        _CACHE.clear()
    _CACHE[(id(ruleset), dialect, as_of, lang, explain)] = (ruleset, compiled)
    return compiled


def date_columns() -> dict[str, tuple[str, ...]]:
    """The date and instant columns of each input relation: the starts the calendar must cover."""
    site = tuple(
        n
        for n, f in schema.SITE_FIELDS.items()
        if f.type in {schema.Type.DATE, schema.Type.INSTANT}
    )
    ev: list[str] = ["on_date"]
    for fields in schema.EVENT_TYPE_FIELDS.values():
        for n, f in fields.items():
            if f.type in {schema.Type.DATE, schema.Type.INSTANT} and n not in ev:
                ev.append(n)
    return {"lnv_sites_in": site, "lnv_events": tuple(ev)}


def literal_dates(ruleset: ir.Ruleset) -> set[dt.date]:
    """Every date literal in the rules (e.g. the effective date), for the calendar's starts."""
    out: set[dt.date] = {ruleset.effective}
    for r in ruleset.all_rules():
        for node in ir.walk(r.applies, r.requirement):
            if isinstance(node, ir.Literal) and isinstance(node.value, dt.date):
                out.add(node.value)
    return out


def sample(ruleset: ir.Ruleset, rule_id: str, dialect: str = "duckdb", *, as_of: dt.date) -> str:
    """The pretty SQL of one rule's SELECT (for docs and the engine report)."""
    d = DIALECTS[dialect]
    c = SqlCompiler(ruleset, d, as_of=as_of, lang="en")
    rule = next(r for r in ruleset.rules if r.id == rule_id)
    return c.rule_select(rule).sql(dialect=dialect, pretty=True)


__all__ = ["COLUMNS", "TABLES", "CompiledSql", "SqlCompiler", "compile_ruleset"]
