"""Checked IR -> Python closures: the per-record evaluator.

Input: an `ir.Ruleset` and a `WorkCalendar`. Output: `CompiledRuleset`, whose
`check_bundle(bundle, as_of, lang)` returns the findings for one site with its
cameras and events. Everything that depends only on the rules is done here,
once: expressions become nested closures (no tree walking, no name lookups and
no `eval` per record), field reads become `attrgetter`s, message templates are
split once, and deadlines are memoised per (start, period).

Semantics (documented in docs/language.md and SPEC §3–4; the tables both
compilers share — comparisons, verdicts, deadline steps, gates, texts — are in
`lnvideo.semantics`):
- Three-valued logic: a missing field is `Unknown` (with the field named);
  `and`/`or`/`not` follow Kleene; `is present/missing/true/false` are two-valued.
- `if c then a else b` with an unknown `c` gives `a` when `a` and `b` agree.
- A related-event test looks at the site's events of that type dated on or before
  the as-of date.
- Deadlines (`within`) use `periods.deadline(extend=True)`; minimum durations
  (`at least`) use `periods.minimum_end` and are never extended.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import Any

from lnvideo import ir, semantics
from lnvideo.calendar import CalendarGapError, WorkCalendar
from lnvideo.compile import unmatched
from lnvideo.compile.runtime import Unknown, instant, judged_clauses, local_date, merge
from lnvideo.counties import organ_name
from lnvideo.findings import Explanation, Fact, Finding, Severity, Status, Subject
from lnvideo.periods import Deadline, Period, Unit, deadline, minimum_end
from lnvideo.records import Camera, Event, Site
from lnvideo.semantics import functions
from lnvideo.semantics.texts import late_text, note_text, reason_text, render_reason
from lnvideo.semantics.verdicts import DISPLACED, GATES, in_force_reason, scope_reason, step_status

Fn = Callable[["Env"], Any]

S = Status
_SEVERITY = {s.value: s for s in Severity}


class Env:
    """What an expression can see while one subject is evaluated."""

    __slots__ = ("as_of", "bind", "by_type", "camera", "event", "site")

    def __init__(self, site: Site, by_type: dict[str, list[Event]], as_of: dt.date) -> None:
        self.site = site
        self.by_type = by_type
        self.as_of = as_of
        self.camera: Camera | None = None
        self.event: Event | None = None
        self.bind: dict[str, Event] = {}


class Periods:
    """Memoised period arithmetic over one calendar (thread-safe: dict writes are atomic)."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._deadlines: dict[tuple[dt.date, int, str], Deadline | int] = {}
        self._minimums: dict[tuple[dt.date, int, str], dt.date | int] = {}

    def deadline(self, start: dt.date, n: int, unit: str) -> Deadline | int:
        """The deadline, or the uncovered year as an int."""
        key = (start, n, unit)
        hit = self._deadlines.get(key)
        if hit is None:
            try:
                hit = deadline(start, Period(n, Unit(unit)), self.calendar, extend=True)
            except CalendarGapError as exc:
                hit = exc.year
            self._deadlines[key] = hit
        return hit

    def last_day(self, start: dt.date, n: int, unit: str) -> dt.date | int:
        """The deadline's last day, or the uncovered year as an int."""
        dl = self.deadline(start, n, unit)
        return dl if type(dl) is int else dl.last_day  # type: ignore[union-attr]

    def minimum_end(self, start: dt.date, n: int, unit: str) -> dt.date | int:
        """The last day of a minimum duration, or the uncovered year (working days only)."""
        key = (start, n, unit)
        hit = self._minimums.get(key)
        if hit is None:
            try:
                hit = minimum_end(start, Period(n, Unit(unit)))
            except CalendarGapError as exc:
                hit = exc.year
            self._minimums[key] = hit
        return hit


# ---------------------------------------------------------------- expressions
class ExprCompiler:
    def __init__(self, periods: Periods) -> None:
        self.periods = periods

    def compile(self, e: Any) -> Fn:
        method: Callable[[Any], Fn] = getattr(self, "_c_" + type(e).__name__)
        return method(e)

    # ------------------------------------------------------------ leaves
    def _c_Literal(self, e: ir.Literal) -> Fn:
        v = e.value
        return lambda env: v

    def _c_SetLit(self, e: ir.SetLit) -> Fn:
        values = frozenset(m.value for m in e.members if isinstance(m, ir.Literal))
        return lambda env: values

    def _getter(self, e: ir.Path) -> Callable[[Env], Any]:
        root, field = e.root, e.field
        get = attrgetter(field)
        if root == "site" and field not in Site.__slots__:  # a field a pack declares
            return lambda env: env.site.extra.get(field)
        if root == "site":
            return lambda env: get(env.site)
        if root == "camera":
            return lambda env: get(env.camera)
        if root == "event":
            return lambda env: get(env.event)
        return lambda env: get(env.bind[root])

    def _c_Path(self, e: ir.Path) -> Fn:
        get = self._getter(e)
        missing = Unknown((("missing", str(e)),))

        def path(env: Env) -> Any:
            v = get(env)
            return missing if v is None else v

        return path

    def instant_of(self, e: Any) -> Fn:
        """The instant of a date-or-time expression: `event.on` uses `on_at` when given."""
        if isinstance(e, ir.Path) and e.field == "on":
            root = e.root
            missing = Unknown((("missing", str(e)),))

            def on_instant(env: Env) -> Any:
                rec = env.event if root == "event" else env.bind.get(root)
                if rec is None:
                    return missing
                return rec.on_at if rec.on_at is not None else instant(rec.on)

            return on_instant
        f = self.compile(e)

        def other_instant(env: Env) -> Any:
            v = f(env)
            return v if type(v) is Unknown else instant(v)

        return other_instant

    # ------------------------------------------------------------ logic
    def _kleene(self, e: ir.And | ir.Or) -> Fn:
        """`and` (false wins) / `or` (true wins): else unknown, with every unknown's reasons."""
        left, right = self.compile(e.left), self.compile(e.right)
        wins = e.wins
        loses = not wins

        def connective(env: Env) -> Any:
            a = left(env)
            if a is wins:
                return wins
            b = right(env)
            if b is wins:
                return wins
            if a is loses and b is loses:
                return loses
            return merge(a, b)

        return connective

    def _c_Not(self, e: ir.Not) -> Fn:
        inner = self.compile(e.operand)

        def not_(env: Env) -> Any:
            v = inner(env)
            return v if type(v) is Unknown else v is False

        return not_

    def _c_If(self, e: ir.If) -> Fn:
        cond, then, other = (
            self.compile(e.condition),
            self.compile(e.then),
            self.compile(e.otherwise),
        )

        def if_(env: Env) -> Any:
            c = cond(env)
            if c is True:
                return then(env)
            if c is False:
                return other(env)
            a, b = then(env), other(env)
            if type(a) is not Unknown and type(b) is not Unknown and a == b:
                return a
            return merge(c, a, b)

        return if_

    # ------------------------------------------------------------ predicates
    def _c_Compare(self, e: ir.Compare) -> Fn:
        left, right = self.compile(e.left), self.compile(e.right)
        op = semantics.COMPARISONS[e.op].python

        def compare(env: Env) -> Any:
            a = left(env)
            b = right(env)
            if type(a) is Unknown or type(b) is Unknown:
                return merge(a, b)
            if type(a) is dt.datetime or type(b) is dt.datetime:
                a, b = local_date(a), local_date(b)
            return op(a, b)

        return compare

    def _c_Member(self, e: ir.Member) -> Fn:
        value, coll = self.compile(e.value), self.compile(e.collection)
        negated = e.negated

        def member(env: Env) -> Any:
            v = value(env)
            if type(v) is Unknown:
                return v
            return (v in coll(env)) is not negated

        return member

    def _c_Check(self, e: ir.Check) -> Fn:
        get = self._getter(e.value) if isinstance(e.value, ir.Path) else None
        inner = self.compile(e.value)
        what, negated = e.what, e.negated
        if what in {"present", "missing"}:
            assert get is not None
            want_present = (what == "present") is not negated

            def presence(env: Env) -> Any:
                v = get(env)
                present = v is not None and not (isinstance(v, str) and not v.strip())
                return present is want_present

            return presence
        if what in {"true", "false"}:
            target = what == "true"

            def truth(env: Env) -> Any:
                return (inner(env) is target) is not negated

            return truth

        # empty: a missing list is unknown
        def empty(env: Env) -> Any:
            v = inner(env)
            if type(v) is Unknown:
                return v
            return (len(v) == 0) is not negated

        return empty

    def _c_Call(self, e: ir.Call) -> Fn:
        """A built-in function (`semantics.functions`): unknown arguments give unknown,
        with their reasons in order, unless the entry takes unknowns itself; the entry's
        `None` is unknown with its own reason."""
        f = functions.FUNCTIONS[e.name]
        args = tuple(self.compile(a) for a in e.args)
        impl, takes_unknown = f.python, f.takes_unknown
        undecided = Unknown((("function", f.name),))

        def call(env: Env) -> Any:
            values = [a(env) for a in args]
            if not takes_unknown:
                for v in values:
                    if type(v) is Unknown:
                        return merge(*values)
            out = impl(*values)
            return undecided if out is None else out

        return call

    _c_And = _c_Or = _kleene

    def _period_test(self, e: ir.Within | ir.AtLeast) -> Fn:
        """`a is within D after b` (a deadline, extended) or `a is at least D after b`
        (a minimum duration, never extended): both compare `a` with the period's end."""
        deadline = e.extended
        d = e.duration
        assert isinstance(d, ir.Duration)
        if d.unit == "hours":
            value, start = self.instant_of(e.value), self.instant_of(e.start)
            delta = dt.timedelta(hours=d.n)
            op_at = operator.le if deadline else operator.ge

            def hours(env: Env) -> Any:
                v, s = value(env), start(env)
                if type(v) is Unknown or type(s) is Unknown:
                    return merge(v, s)
                return bool(op_at(v, s + delta))

            return hours
        value, start = self.compile(e.value), self.compile(e.start)
        n, unit = d.n, d.unit
        end_of = self.periods.last_day if deadline else self.periods.minimum_end
        op_day = operator.le if deadline else operator.gt

        def days(env: Env) -> Any:
            v, s = value(env), start(env)
            if type(v) is Unknown or type(s) is Unknown:
                return merge(v, s)
            end = end_of(local_date(s), n, unit)
            if type(end) is int:
                return Unknown((("gap", end),))
            return op_day(local_date(v), end)

        return days

    _c_Within = _c_AtLeast = _period_test

    def related(self, r: ir.Related) -> Callable[[Env], list[tuple[Event, Any]]]:
        """Events of the site of one type, each with its `where` outcome."""
        etype, binding = r.event_type, r.binding
        where = self.compile(r.where) if r.where is not None else None

        def candidates(env: Env) -> list[tuple[Event, Any]]:
            events = env.by_type.get(etype, ())
            if where is None:
                return [(ev, True) for ev in events]
            out = []
            bind = env.bind
            for ev in events:
                bind[binding] = ev
                out.append((ev, where(env)))
            bind.pop(binding, None)
            return out

        return candidates

    def _c_Exists(self, e: ir.Exists) -> Fn:
        cands = self.related(e.related)
        negated = e.negated

        def exists(env: Env) -> Any:
            unknown: list[Any] = []
            for _, ok in cands(env):
                if ok is True:
                    return not negated
                if ok is not False:
                    unknown.append(ok)
            if unknown:
                return merge(*unknown)
            return negated

        return exists

    def _c_Count(self, e: ir.Count) -> Fn:
        cands = self.related(e.related)

        def count(env: Env) -> Any:
            results = cands(env)
            unknown = [ok for _, ok in results if ok is not True and ok is not False]
            if unknown:
                return merge(*unknown)
            return sum(1 for _, ok in results if ok is True)

        return count


# ---------------------------------------------------------------- outcomes
class Outcome:
    """A rule's verdict on one subject before it becomes a `Finding`."""

    __slots__ = ("decided_by", "due", "fulfilled", "notes", "reasons", "shared", "status", "word")

    def __init__(
        self,
        status: Status,
        due: dt.date | None = None,
        fulfilled: dt.date | None = None,
        reasons: tuple[Any, ...] = (),
        notes: tuple[Any, ...] = (),
        word: str = "",
    ) -> None:
        self.status = status
        self.due = due
        self.fulfilled = fulfilled
        self.reasons = reasons  # why unknown / not applicable
        self.notes = notes  # deadline explanations, matched events
        self.word = word  # the requirement's own outcome (true/false/unknown)
        self.decided_by: ir.Rule | None = None  # an overriding rule, when one decided
        self.shared = False  # a module constant: its message can be cached per rule


def _shared(o: Outcome) -> Outcome:
    o.shared = True
    return o


#: What a true / false condition means for each two-valued requirement (`semantics.VERDICTS`).
#: Outcomes with no date and no note are shared (never mutated: overrides copy them).
_VERDICTS: dict[str, tuple[Outcome, Outcome]] = {
    form: (
        _shared(Outcome(S(if_true), word="true")),
        _shared(Outcome(S(if_false), word="false")),
    )
    for form, (if_true, if_false) in semantics.VERDICTS.items()
}


def _compile_requirement(req: Any, ec: ExprCompiler) -> Callable[[Env], Outcome]:
    verdicts = _VERDICTS.get(type(req).__name__)
    if verdicts is not None:
        f = ec.compile(req.expr)
        if_true, if_false = verdicts

        def judge(env: Env) -> Outcome:
            v = f(env)
            if v is True:
                return if_true
            if v is False:
                return if_false
            return Outcome(S.UNKNOWN, reasons=v.reasons, word="unknown")

        return judge
    if isinstance(req, ir.RequiresBy):
        return _compile_requires_by(req, ec)
    if isinstance(req, ir.RequiresEventBy):
        return _compile_requires_event_by(req, ec)
    msg = f"no compiler for requirement {type(req).__name__}"
    raise TypeError(msg)


def _due_fn(
    duration: ir.Duration, start_expr: Any, ec: ExprCompiler
) -> Callable[[Env], tuple[Any, Any, Any]]:
    """(due date | Unknown, due instant | None, Deadline | None) for the subject."""
    if duration.unit == "hours":
        start = ec.instant_of(start_expr)
        delta = dt.timedelta(hours=duration.n)

        def due_hours(env: Env) -> tuple[Any, Any, Any]:
            s = start(env)
            if type(s) is Unknown:
                return s, None, None
            at = s + delta
            return local_date(at), at, None

        return due_hours
    start_date = ec.compile(start_expr)
    n, unit, periods = duration.n, duration.unit, ec.periods

    def due_days(env: Env) -> tuple[Any, Any, Any]:
        s = start_date(env)
        if type(s) is Unknown:
            return s, None, None
        dl = periods.deadline(local_date(s), n, unit)
        if type(dl) is int:
            return Unknown((("gap", dl),)), None, None
        assert isinstance(dl, Deadline)
        return dl.last_day, None, dl

    return due_days


#: the statuses of the decision steps of `requires … within` (`semantics.DEADLINE_STEPS`)
_NO_DUE = S(step_status("no_due"))
_IN_TIME = S(step_status("done_in_time"))
_UNDECIDED = S(step_status("undecided_in_time"))
_LATE = S(step_status("done_late"))
_NOT_YET_DUE = S(step_status("not_yet_due"))
_OVERDUE = S(step_status("overdue"))


def _lateness(done: Any, due: Any) -> tuple[int, str]:
    """How late: whole days between dates, or started hours between instants."""
    if isinstance(done, dt.datetime):
        return max(1, math.ceil((done - due).total_seconds() / 3600)), "hours"
    return (done - due).days, "days"


def _not_done(env: Env, due: dt.date, notes: tuple[Any, ...]) -> Outcome:
    """The last two steps: pending while the due has not passed, then overdue."""
    if env.as_of <= due:
        return Outcome(_NOT_YET_DUE, due, notes=notes, word="unknown")
    return Outcome(_OVERDUE, due, notes=(*notes, ("never", due)), word="false")


def _compile_requires_by(req: ir.RequiresBy, ec: ExprCompiler) -> Callable[[Env], Outcome]:
    d = req.duration
    assert isinstance(d, ir.Duration)
    due_of = _due_fn(d, req.start, ec)
    act = ec._getter(req.act) if isinstance(req.act, ir.Path) else ec.compile(req.act)
    hours = d.unit == "hours"

    def requires_by(env: Env) -> Outcome:
        due, due_at, dl = due_of(env)
        if type(due) is Unknown:
            return Outcome(_NO_DUE, reasons=due.reasons, word="unknown")
        notes: tuple[Any, ...] = (("deadline", dl),) if dl is not None else (("due_at", due_at),)
        done = act(env)
        if done is not None and type(done) is not Unknown and local_date(done) <= env.as_of:
            on = local_date(done)
            in_time = instant(done) <= due_at if hours else on <= due
            if in_time:
                return Outcome(_IN_TIME, due, on, notes=notes, word="true")
            late = _lateness(instant(done), due_at) if hours else _lateness(on, due)
            return Outcome(_LATE, due, on, notes=(*notes, ("late", on, late)), word="false")
        return _not_done(env, due, notes)

    return requires_by


def _compile_requires_event_by(
    req: ir.RequiresEventBy, ec: ExprCompiler
) -> Callable[[Env], Outcome]:
    d = req.duration
    assert isinstance(d, ir.Duration)
    due_of = _due_fn(d, req.start, ec)
    cands = ec.related(req.related)
    etype = req.related.event_type
    hours = d.unit == "hours"
    why_not = _why_not(req.related, ec)

    def requires_event_by(env: Env) -> Outcome:
        due, due_at, dl = due_of(env)
        if type(due) is Unknown:
            return Outcome(_NO_DUE, reasons=due.reasons, word="unknown")
        notes: tuple[Any, ...] = (("deadline", dl),) if dl is not None else ()
        first_late: Event | None = None
        unknown_in_time: list[tuple[Event, Any]] = []
        unmatched: list[Event] = []
        for ev, ok in cands(env):
            in_time = (ev.on_at or instant(ev.on)) <= due_at if hours else ev.on <= due
            if ok is True:
                if in_time:
                    return Outcome(_IN_TIME, due, ev.on, notes=(*notes, ("event", ev)), word="true")
                if first_late is None:
                    first_late = ev
            elif ok is False:
                if len(unmatched) < 3:
                    unmatched.append(ev)
            elif in_time:
                unknown_in_time.append((ev, ok))
        notes = (*notes, *(("unmatched", ev, *why_not(env, ev)) for ev in unmatched))
        if unknown_in_time:
            ev, ok = unknown_in_time[0]
            reasons = tuple(
                (
                    "where",
                    etype,
                    e.on.isoformat(),
                    o.reasons,
                )
                for e, o in unknown_in_time
            )
            return Outcome(_UNDECIDED, due, reasons=reasons, notes=notes, word="unknown")
        if first_late is not None:
            late = (
                _lateness(first_late.on_at or instant(first_late.on), due_at)
                if hours
                else _lateness(first_late.on, due)
            )
            return Outcome(
                _LATE,
                due,
                first_late.on,
                notes=(*notes, ("late_event", first_late, late)),
                word="false",
            )
        return _not_done(env, due, notes)

    return requires_event_by


def _why_not(
    r: ir.Related, ec: ExprCompiler
) -> Callable[[Env, Event], tuple[Any, Any, Any] | tuple[()]]:
    """An event the `where` rejected -> (its first false conjunct, both sides' values), or ().

    The note's wording is `compile.unmatched`'s, shared with the SQL engines.
    """
    parts = [
        (c, ec.compile(c), ec.compile(c.left), ec.compile(c.right))
        for c in unmatched.conjuncts(r.where)
        if isinstance(c, ir.Compare)
    ]
    binding = r.binding

    def why_not(env: Env, ev: Event) -> tuple[Any, Any, Any] | tuple[()]:
        env.bind[binding] = ev
        try:
            for c, test, left, right in parts:
                if test(env) is False:
                    return (c, left(env), right(env))
            return ()
        finally:
            env.bind.pop(binding, None)

    return why_not


# ---------------------------------------------------------------- rules
_NO_EXPLANATION = Explanation()
_LANGS = ("en", "zh")

_NA_APPLIES = _shared(Outcome(S.NOT_APPLICABLE, reasons=(("applies",),)))


#: How each gate of `semantics.GATES` is tested here (the scope gate is the site's scope
#: finding, tested once per site in `check_bundle`): rule -> env -> forced outcome | None.
def _in_force(rule: ir.Rule) -> Callable[[Env], Outcome | None] | None:
    inst = rule.instrument
    if inst is None or (inst.effective is None and inst.ceased is None):
        return None
    by_event = rule.subject_kind == "event"
    forced = {
        key: _shared(Outcome(S.NOT_APPLICABLE, reasons=((key, inst),)))
        for key in ("not_yet_in_force", "ceased")
    }
    effective, ceased = inst.effective, inst.ceased

    def in_force(env: Env) -> Outcome | None:
        day = env.event.on if by_event and env.event is not None else env.as_of
        key = in_force_reason(effective, ceased, day)
        return None if key is None else forced[key]

    return in_force


def _area(rule: ir.Rule) -> Callable[[Env], Outcome | None] | None:
    inst = rule.instrument
    if inst is None or not inst.area:
        return None
    prefixes = inst.area
    forced = _shared(Outcome(S.NOT_APPLICABLE, reasons=(("outside_area", inst),)))

    def area(env: Env) -> Outcome | None:
        code = env.site.county_code
        if code is not None and code.startswith(prefixes):
            return None
        return forced

    return area


_GATE_TESTS: dict[str, Callable[[ir.Rule], Callable[[Env], Outcome | None] | None]] = {
    "in_force": _in_force,
    "area": _area,
}


def _gates(rule: ir.Rule) -> tuple[Callable[[Env], Outcome | None], ...]:
    """The gate tests of a rule, in `semantics.GATES` order (scope aside): env -> forced."""
    out = []
    for g in GATES:
        if g.name == "scope" or rule.subject_kind not in g.subjects:
            continue
        test = _GATE_TESTS[g.name](rule)
        if test is not None:
            out.append(test)
    return tuple(out)


class CompiledRule:
    """One rule, compiled: applies, requirement, message templates, fact getters."""

    def __init__(self, rule: ir.Rule, ec: ExprCompiler) -> None:
        self.rule = rule
        self.id = rule.id
        self.article = rule.article
        self.kind = rule.subject_kind
        self.event_type = rule.event_type
        self.severity = _SEVERITY.get(rule.severity, Severity.ERROR)
        self.applies = ec.compile(rule.applies) if rule.applies is not None else None
        self.requirement = _compile_requirement(rule.requirement, ec)
        self.facts = _fact_paths(rule)
        self.fact_paths = tuple((root, field, f"{root}.{field}") for root, field in self.facts)
        #: explanation parts that depend only on the rule and the outcome words
        self.clauses: dict[tuple[str, str, str], tuple[tuple[str, str], ...]] = {}
        self.reasons: dict[tuple[Outcome, str, dt.date], tuple[str, ...]] = {}
        #: (shared outcome, lang) -> message, for messages that name no record field
        self.messages: dict[tuple[Outcome, str, dt.date], str] = {}
        #: each gate before the rule is judged (`semantics.GATES`): env -> forced outcome
        self.gates = _gates(rule)
        self.due = ec.compile(rule.due) if rule.due is not None else None
        self.plain_violation = not any(
            semantics.FIELD_PLACEHOLDER.search(t) for t in rule.messages.values()
        )

    def outcome(self, env: Env) -> tuple[Outcome, str]:
        """The outcome and the applies-clause word (true/false/unknown/"")."""
        if self.applies is not None:
            a = self.applies(env)
            if a is False:
                return _NA_APPLIES, "false"
            if a is not True:
                return Outcome(S.UNKNOWN, reasons=a.reasons), "unknown"
            return self._with_due(self.requirement(env), env), "true"
        return self._with_due(self.requirement(env), env), ""

    def _with_due(self, o: Outcome, env: Env) -> Outcome:
        """The rule's own `due` clause (LN-11), for every status it can be computed for."""
        if self.due is None:
            return o
        d = self.due(env)
        if not isinstance(d, dt.date):
            return o
        return Outcome(o.status, local_date(d), o.fulfilled, o.reasons, o.notes, o.word)

    def gate(self, env: Env) -> Outcome | None:
        """The outcome the first holding gate forces, or None (the rule is judged)."""
        for g in self.gates:
            forced = g(env)
            if forced is not None:
                return forced
        return None


def _fact_paths(rule: ir.Rule) -> tuple[tuple[str, str], ...]:
    """The record fields a rule reads from its subject and site, in source order."""
    seen: list[tuple[str, str]] = []
    for node in ir.walk(rule.applies, rule.requirement):
        if isinstance(node, ir.Path) and node.root in {"site", "camera", "event"}:
            key = (node.root, node.field)
            if key not in seen:
                seen.append(key)
    return tuple(seen)


class CompiledRuleset:
    """A ruleset prepared once and evaluated many times (thread-safe after construction)."""

    def __init__(self, ruleset: ir.Ruleset, calendar: WorkCalendar | None = None) -> None:
        self.ruleset = ruleset
        self.calendar = calendar or WorkCalendar.bundled()
        self.periods = Periods(self.calendar)
        ec = ExprCompiler(self.periods)
        self.scope = CompiledRule(ruleset.scope_rule, ec)
        self.site_rules: list[CompiledRule] = []
        self.camera_rules: list[CompiledRule] = []
        self.event_rules: dict[str, list[CompiledRule]] = {}
        self.overrides: dict[str, list[CompiledRule]] = {
            k: [CompiledRule(r, ec) for r in rs] for k, rs in ruleset.overrides.items()
        }
        for r in ruleset.rules:
            if r is ruleset.scope_rule:
                continue
            cr = CompiledRule(r, ec)
            if r.subject_kind == "site":
                self.site_rules.append(cr)
            elif r.subject_kind == "camera":
                self.camera_rules.append(cr)
            else:
                assert r.event_type is not None
                for etype in r.event_types or (r.event_type,):
                    self.event_rules.setdefault(etype, []).append(cr)
        self.effective = ruleset.effective
        by_id = {cr.id: cr for cr in (*self.site_rules, *self.camera_rules, *self._event_rules())}
        #: displaced rule id -> (displacing compiled rule, ground), winner first
        self.displaced_by: dict[str, list[tuple[CompiledRule, str]]] = {
            k: [(by_id[w.id], (w.displaces or ("", ""))[1]) for w in ws if w.id in by_id]
            for k, ws in ruleset.displaced_by.items()
        }
        #: rendered messages that depend on no record field, shared across subjects
        self.messages: dict[tuple[Any, ...], str] = {}
        self.deadline_texts: dict[tuple[Deadline, str], str] = {}

    # ------------------------------------------------------------ evaluation
    def check_bundle(
        self,
        site: Site,
        cameras: Sequence[Camera],
        events: Iterable[Event],
        as_of: dt.date,
        *,
        lang: str = "en",
        explain: bool = True,
    ) -> list[Finding]:
        by_type: dict[str, list[Event]] = {}
        visible: list[Event] = []
        for ev in events:
            if ev.on <= as_of:
                by_type.setdefault(ev.type, []).append(ev)
                visible.append(ev)
        for evs in by_type.values():
            evs.sort(key=_BY_DATE)  # stable: same-day events keep their input order
        env = Env(site, by_type, as_of)
        out: list[Finding] = []
        make = _FindingMaker(self, env, lang, explain)
        add = out.append
        site_subject = Subject("site", site.id, site.id)
        scope_outcome, scope_word = self.scope.outcome(env)
        add(make(self.scope, site_subject, scope_outcome, scope_word))
        if scope_outcome.status is not S.SATISFIED:
            forced = scope_outcome.status
            key = scope_reason(forced.value)
            reasons = (("text", key), *scope_outcome.reasons)
            forced_outcome = Outcome(forced, reasons=reasons)
            for cr in self.site_rules:
                add(make(cr, site_subject, forced_outcome, ""))
            for cam in cameras:
                subject = Subject("camera", cam.id, site.id)
                for cr in self.camera_rules:
                    add(make(cr, subject, forced_outcome, ""))
            for ev in visible:
                subject = Subject("event", ev.id, site.id)
                for cr in self.event_rules.get(ev.type, ()):
                    add(make(cr, subject, forced_outcome, ""))
            return out
        outcome = self._outcome
        for cr in self.site_rules:
            o, w = outcome(cr, env)
            add(make(cr, site_subject, o, w))
        for cam in cameras:
            env.camera = cam
            subject = Subject("camera", cam.id, site.id)
            for cr in self.camera_rules:
                o, w = outcome(cr, env)
                add(make(cr, subject, o, w))
        env.camera = None
        for ev in visible:
            rules = self.event_rules.get(ev.type)
            if not rules:
                continue
            env.event = ev
            subject = Subject("event", ev.id, site.id)
            for cr in rules:
                o, w = outcome(cr, env)
                add(make(cr, subject, o, w))
        env.event = None
        return out

    def _event_rules(self) -> list[CompiledRule]:
        return list({id(cr): cr for crs in self.event_rules.values() for cr in crs}.values())

    def _outcome(self, cr: CompiledRule, env: Env) -> tuple[Outcome, str]:
        if cr.gates:
            forced = cr.gate(env)
            if forced is not None:
                return forced, ""
        winners = self.displaced_by.get(cr.id) if self.displaced_by else None
        if winners:
            for w, ground in winners:
                if w.gates and w.gate(env) is not None:
                    continue
                a = True if w.applies is None else w.applies(env)
                if a is False:
                    continue
                word = "true" if a is True else "unknown"
                status, key = DISPLACED[word]
                reasons: tuple[Any, ...] = ((key, w.id, ground),)
                if a is not True:
                    reasons += tuple(a.reasons)
                return Outcome(S(status), reasons=reasons), ""
        overriders = self.overrides.get(cr.id) if self.overrides else None
        if overriders:
            for o in overriders:
                a = True if o.applies is None else o.applies(env)
                if a is True:
                    got = o.requirement(env)
                    res = Outcome(
                        got.status,
                        got.due,
                        got.fulfilled,
                        got.reasons,
                        (*got.notes, ("override", o.id, o.rule.pack)),
                        got.word,
                    )
                    res.decided_by = o.rule
                    return res, "true"
                if a is not False:
                    res = Outcome(
                        S.UNKNOWN, reasons=a.reasons, notes=(("override", o.id, o.rule.pack),)
                    )
                    res.decided_by = o.rule  # its `applies when` is the unknown clause
                    return res, "unknown"
        return cr.outcome(env)


_BY_DATE = attrgetter("on")


def _field(rec: Any, field: str) -> Any:
    """A record's field, a pack-declared site field (kept in `extra`) too."""
    if hasattr(rec, field):
        return getattr(rec, field)
    extra = getattr(rec, "extra", None)
    return extra.get(field) if extra else None


class _FindingMaker:
    """Turns outcomes into findings: message in the chosen language, explanation."""

    def __init__(self, crs: CompiledRuleset, env: Env, lang: str, explain: bool) -> None:
        self.crs = crs
        self.env = env
        self.lang = lang if lang in _LANGS else "en"
        self.explain = explain

    def __call__(
        self, cr: CompiledRule, subject: Subject, o: Outcome, applies_word: str
    ) -> Finding:
        rule = cr.rule
        status = o.status
        if o.shared and (status is not S.VIOLATED or cr.plain_violation):
            key = (o, self.lang, self.env.as_of)
            message = cr.messages.get(key)
            if message is None:
                message = cr.messages[key] = self._message(cr, subject, o)
        else:
            message = self._message(cr, subject, o)
        explanation = self._explanation(cr, o, applies_word) if self.explain else _NO_EXPLANATION
        return Finding(
            rule.id,
            rule.article,
            subject,
            status,
            o.due,
            o.fulfilled,
            cr.severity,
            message,
            explanation,
        )

    def _message(self, cr: CompiledRule, subject: Subject, o: Outcome) -> str:
        rule = cr.rule
        kind, ident = subject.kind, subject.id
        decider = o.decided_by if o.decided_by is not None and o.decided_by.messages else rule
        if o.status is S.VIOLATED and decider.messages:
            template = decider.messages.get(self.lang) or next(iter(decider.messages.values()))
            if semantics.FIELD_PLACEHOLDER.search(template):
                return self._format(template, rule, kind, ident, o)
            return self._cached(template, rule, kind, ident, o)
        texts = semantics.STATUS_TEXTS.get(o.status.value)
        template = texts[self.lang] if texts else "{title}"
        return self._cached(template, rule, kind, ident, o)

    def _cached(
        self, template: str, rule: ir.Rule, kind: str, ident: str | None, o: Outcome
    ) -> str:
        """Messages without record fields depend only on these; most findings share one."""
        key = (
            template,
            self.lang,
            self.env.as_of,
            rule.id,
            o.due,
            o.fulfilled,
            o.reasons,
            kind,
            ident if "{subject}" in template else None,
        )
        hit = self.crs.messages.get(key)
        if hit is None:
            hit = self._format(template, rule, kind, ident, o)
            if len(self.crs.messages) < 100_000:
                self.crs.messages[key] = hit
        return hit

    def _format(
        self, template: str, rule: ir.Rule, kind: str, ident: str | None, o: Outcome
    ) -> str:
        lang = self.lang
        values = {
            "due": o.due.isoformat() if o.due else "",
            "fulfilled_on": o.fulfilled.isoformat() if o.fulfilled else "",
            "as_of": self.env.as_of.isoformat(),
            "rule": rule.id,
            "article": rule.article,
            "subject": f"{kind} {ident or ''}".strip(),
            "title": rule.titles.get(lang) or rule.titles.get("en") or rule.id,
            "why": "; ".join(self._reason(r) for r in o.reasons) or "—",
        }
        return semantics.PLACEHOLDER.sub(lambda m: self._value(m.group(1), values), template)

    def _value(self, name: str, values: dict[str, str]) -> str:
        if name in values:
            return values[name]
        root, _, field = name.partition(".")
        rec = {"site": self.env.site, "camera": self.env.camera, "event": self.env.event}.get(root)
        v = _field(rec, field) if rec is not None else None
        if v is None:
            return "?"
        if isinstance(v, dt.date | dt.datetime):
            return v.isoformat()
        if isinstance(v, tuple):
            return ", ".join(map(str, v))
        return str(v)

    def _reason(self, r: Any) -> str:
        if r[0] == "applies":
            return reason_text("applies", self.lang)
        if r[0] == "text":
            return reason_text(r[1], self.lang, date=self.crs.effective.isoformat())
        return render_reason(r, self.lang)

    def _explanation(self, cr: CompiledRule, o: Outcome, applies_word: str) -> Explanation:
        env = self.env
        # an overriding rule that decided explains with its own clauses (issue 10)
        rule = o.decided_by or cr.rule
        clause_key = (applies_word, o.word, rule.id)
        clauses = cr.clauses.get(clause_key)
        if clauses is None:
            clauses = cr.clauses[clause_key] = judged_clauses(rule, applies_word, o.word)
        records = {"site": env.site, "camera": env.camera, "event": env.event}
        facts = tuple(
            Fact(path, _field(rec, field))
            for root, field, path in cr.fact_paths
            if (rec := records[root]) is not None
        )
        if o.shared:
            key = (o, self.lang, env.as_of)
            reasons = cr.reasons.get(key)
            if reasons is None:
                reasons = cr.reasons[key] = self._reasons(o)
        else:
            reasons = self._reasons(o)
        return Explanation(clauses, facts, reasons)

    def _reasons(self, o: Outcome) -> tuple[str, ...]:
        out = [self._reason(r) for r in o.reasons]
        out.extend(self._note(note, o) for note in o.notes)
        return tuple(x for x in out if x)

    def _note(self, note: Any, o: Outcome) -> str:
        lang, kind = self.lang, note[0]
        if kind == "deadline":
            dl: Deadline = note[1]
            key = (dl, lang)
            text = self.crs.deadline_texts.get(key)
            if text is None:
                text = self.crs.deadline_texts[key] = dl.explain(lang)
            return text
        if kind == "due_at":
            return note_text("due_at", lang, at=note[1].isoformat())
        if kind == "event":
            return self._event_sentence(note[1])
        if kind == "late_event":
            n, unit = note[2]
            return note_text(
                "late_event",
                lang,
                event=self._event_sentence(note[1]),
                late=late_text(n, unit, lang),
            )
        if kind == "unmatched":
            c, left, right = note[2:] or (None, None, None)
            return unmatched.unmatched_text(self._event_sentence(note[1]), c, left, right, lang)
        if kind == "late":
            n, unit = note[2]
            return note_text("late", lang, on=note[1], late=late_text(n, unit, lang))
        if kind == "never":
            return note_text("never", lang, as_of=self.env.as_of, due=note[1])
        if kind == "override":
            return note_text("override", lang, rule=note[1], pack=note[2])
        return ""

    def _event_sentence(self, ev: Event) -> str:
        lang = self.lang
        organ = (
            note_text("organ", lang, name=organ_name(ev.authority, lang)) if ev.authority else ""
        )
        return note_text("event", lang, etype=ev.type, on=ev.on, organ=organ)
