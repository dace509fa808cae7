"""Why an SQL condition is unknown: the reasons the Python evaluator gives, as SQL.

Input: an IR expression, the `SqlCompiler` and the scope it is compiled in.
Output: `Candidates`, an ordered map from a reason's key to (condition, text):
the reason is part of the expression's unknown value exactly when its condition
holds. The order is the Python evaluator's (`runtime.merge`: left operand
first, each reason once); texts come from `semantics.texts`. `why_text` joins
the included ones with "; " (NULL when none is), as `{why}` in a status text.

Covered: record fields (`X is missing`), the connectives (Kleene: a false
operand of `and`, a true operand of `or`, hides the other's reasons), `if`,
comparisons, membership, built-in functions (their arguments', then the
entry's own `unknown_reason`), `is empty`, period tests and the
calendar gap of a day deadline (`the working-day calendar does not cover Y`,
its year read from the calendar table). Events (`event … where`, `count`) give
no candidate: the status text then says the data is missing or undecidable.
The `where` of `requires event … within` is explained per event by the SQL
generator (`to_sql.requires_event_by`), which joins `why_text(…, sep)` of the
`where` for each undecided event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlglot import exp

from lnvideo import ir
from lnvideo.semantics.functions import FUNCTIONS
from lnvideo.semantics.placeholders import split_template
from lnvideo.semantics.texts import REASON_TEXTS, render_reason

if TYPE_CHECKING:
    from lnvideo.compile.to_sql import SqlCompiler, _Scope

Candidates = dict[str, tuple[exp.Expr, exp.Expr]]


def _or(a: exp.Expr, b: exp.Expr) -> exp.Expr:
    return exp.Or(this=exp.Paren(this=a), expression=exp.Paren(this=b))


def _and(a: exp.Expr, b: exp.Expr) -> exp.Expr:
    return exp.And(this=exp.Paren(this=a), expression=exp.Paren(this=b))


def merge(*parts: Candidates) -> Candidates:
    """Each reason once, at its first place; included when any occurrence is."""
    out: Candidates = {}
    for part in parts:
        for key, (cond, text) in part.items():
            if key in out:
                out[key] = (_or(out[key][0], cond), out[key][1])
            else:
                out[key] = (cond, text)
    return out


def guarded(c: Candidates, guard: exp.Expr) -> Candidates:
    return {k: (_and(guard.copy(), cond), text) for k, (cond, text) in c.items()}


class Reasons:
    """The reason candidates of IR expressions, for one compiler and language."""

    def __init__(self, sc: SqlCompiler) -> None:
        self.sc = sc

    def of(self, e: Any, scope: _Scope) -> Candidates:
        method = getattr(self, "_r_" + type(e).__name__, None)
        return method(e, scope) if method is not None else {}

    def _value(self, e: Any, scope: _Scope) -> exp.Expr:
        return self.sc.expr(e, scope)

    def _r_Path(self, e: ir.Path, scope: _Scope) -> Candidates:
        if e.root not in scope.roots:
            return {}
        text = exp.Literal.string(render_reason(("missing", str(e)), self.sc.lang))
        return {f"missing {e}": (exp.Is(this=self.sc.path(e, scope), expression=exp.null()), text)}

    def _both(self, a: Any, b: Any, scope: _Scope) -> Candidates:
        return merge(self.of(a, scope), self.of(b, scope))

    def _r_Compare(self, e: ir.Compare, scope: _Scope) -> Candidates:
        return self._both(e.left, e.right, scope)

    def _r_Call(self, e: ir.Call, scope: _Scope) -> Candidates:
        """The arguments' reasons in order; then the function's own, when every argument
        is known and its value is NULL (python: the entry returned None)."""
        args = merge(*(self.of(a, scope) for a in e.args))
        f = FUNCTIONS[e.name]
        if f.unknown_reason is None:
            return args
        cond: exp.Expr = exp.Is(this=exp.Paren(this=self._value(e, scope)), expression=exp.null())
        for a in e.args:
            known = exp.Not(
                this=exp.Is(this=exp.Paren(this=self._value(a, scope)), expression=exp.null())
            )
            cond = _and(known, cond)
        text = exp.Literal.string(render_reason(("function", f.name), self.sc.lang))
        return merge(args, {f"function {f.name}": (cond, text)})

    def _period(self, e: ir.Within | ir.AtLeast, scope: _Scope) -> Candidates:
        both = self._both(e.value, e.start, scope)
        gap = self.sc.gap_of(e, scope)
        if gap is None:
            return both
        # python: a known value and start whose period ends in a year the calendar lacks
        v, s = self.sc.date_of(e.value, scope), self.sc.date_of(e.start, scope)
        known = _and(
            exp.Not(this=exp.Is(this=exp.Paren(this=v), expression=exp.null())),
            exp.Not(this=exp.Is(this=exp.Paren(this=s), expression=exp.null())),
        )
        cond = _and(known, exp.Not(this=exp.Is(this=gap.copy(), expression=exp.null())))
        return merge(both, {f"gap {id(e)}": (cond, gap_text(gap, self.sc.lang))})

    def _r_Within(self, e: ir.Within, scope: _Scope) -> Candidates:
        return self._period(e, scope)

    def _r_AtLeast(self, e: ir.AtLeast, scope: _Scope) -> Candidates:
        return self._period(e, scope)

    def _r_Member(self, e: ir.Member, scope: _Scope) -> Candidates:
        return self.of(e.value, scope)

    def _r_Not(self, e: ir.Not, scope: _Scope) -> Candidates:
        return self.of(e.operand, scope)

    def _r_Check(self, e: ir.Check, scope: _Scope) -> Candidates:
        return self.of(e.value, scope) if e.what == "empty" else {}

    def _connective(self, e: ir.And | ir.Or, scope: _Scope, wins: bool) -> Candidates:
        a, b = self._value(e.left, scope), self._value(e.right, scope)
        fill = exp.true() if not wins else exp.false()

        # neither operand has the winning value (unknown counts as not winning)
        def loses(v: exp.Expr) -> exp.Expr:
            c = exp.Coalesce(this=v, expressions=[fill])
            return exp.Not(this=exp.Paren(this=c)) if wins else c

        guard = _and(loses(a), loses(b))
        return guarded(self._both(e.left, e.right, scope), guard)

    def _r_And(self, e: ir.And, scope: _Scope) -> Candidates:
        return self._connective(e, scope, wins=False)

    def _r_Or(self, e: ir.Or, scope: _Scope) -> Candidates:
        return self._connective(e, scope, wins=True)

    def _r_If(self, e: ir.If, scope: _Scope) -> Candidates:
        c = self._value(e.condition, scope)
        a, b = self._value(e.then, scope), self._value(e.otherwise, scope)
        is_true = exp.Coalesce(this=c, expressions=[exp.false()])
        is_false = exp.Not(this=exp.Paren(this=exp.Coalesce(this=c, expressions=[exp.true()])))
        undecided = exp.Is(this=exp.Paren(this=c.copy()), expression=exp.null())
        agree = exp.Coalesce(
            this=exp.EQ(this=exp.Paren(this=a), expression=exp.Paren(this=b)),
            expressions=[exp.false()],
        )
        undecided_part = guarded(
            merge(self.of(e.condition, scope), self.of(e.then, scope), self.of(e.otherwise, scope)),
            _and(undecided, exp.Not(this=exp.Paren(this=agree))),
        )
        return merge(
            undecided_part,
            guarded(self.of(e.then, scope), is_true),
            guarded(self.of(e.otherwise, scope), is_false),
        )


def fill(template: str, values: dict[str, exp.Expr]) -> exp.Expr:
    """A text template of `semantics.texts` with its `{name}`s filled by SQL values."""
    parts: list[exp.Expr] = [
        values[t] if is_ph else exp.Literal.string(t) for is_ph, t in split_template(template)
    ]
    return exp.Concat(expressions=parts) if len(parts) > 1 else parts[0]


def gap_text(gap_year: exp.Expr, lang: str) -> exp.Expr:
    """The calendar-gap reason with its year from the calendar table's `gap_year`."""
    texts = REASON_TEXTS["gap"]
    template = texts.get(lang) or texts["en"]
    return fill(template, {"year": exp.cast(gap_year, "VARCHAR")})


def why_text(c: Candidates, sep_text: str = "; ") -> exp.Expr:
    """The included reasons joined with `sep_text`, or NULL when none is."""
    if not c:
        return exp.null()
    sep = exp.Literal.string(sep_text)
    parts = [
        exp.Coalesce(
            this=exp.Case().when(cond, exp.Concat(expressions=[sep.copy(), text])),
            expressions=[exp.Literal.string("")],
        )
        for cond, text in c.values()
    ]
    joined = exp.Concat(expressions=parts) if len(parts) > 1 else parts[0]
    rest = exp.Substring(this=joined, start=exp.Literal.number(len(sep_text) + 1))
    return exp.Nullif(this=rest, expression=exp.Literal.string(""))
