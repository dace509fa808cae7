"""Types: the type rule of every compound expression form.

Input: expressions whose leaves `names` resolves. Output: `(checked node, Ty)`;
a node of the wrong type is LNV201 (LNV209 for hours between two dates).
The forms and their result types are declared in `lnvideo.semantics.FORMS`.
"""

from __future__ import annotations

from typing import Any

import attrs

from lnvideo import ir, semantics
from lnvideo.check.base import (
    _Ctx,
)
from lnvideo.check.names import NamesPass
from lnvideo.check.types import (
    ANY,
    BOOL,
    INT,
    TEXTUAL,
    Ty,
    comparable,
)
from lnvideo.diagnostics import did_you_mean
from lnvideo.semantics import functions
from lnvideo.syntax import ast


def result_type(e: Any) -> Ty:
    """The type a form gives, from `semantics.FORMS` (`bool` or `int`)."""
    return _RESULT[semantics.FORMS[type(e).__name__].result]


_RESULT = {"bool": BOOL, "int": INT}
#: a parameter kind of `semantics.functions` as the checker type it names in a message
_KIND_TYPE = {"text": "str", "date": "date", "list": "list[str]", "value": "any"}


class TypesPass(NamesPass):
    """Types pass: see the module docstring."""

    def duration(self, d: ast.Duration, value_t: Ty, start_t: Ty) -> ast.DurationLit:
        if isinstance(d, ast.DurationRef):
            self.used.add(d.name)
            value = self.params.get(d.name)
            if not isinstance(value, ast.DurationLit):
                self.error(
                    "LNV103" if value is None else "LNV201",
                    f"`{d.name}` is not a duration parameter",
                    d.span,
                    hint=did_you_mean(
                        d.name,
                        [k for k, v in self.params.items() if isinstance(v, ast.DurationLit)],
                    )
                    or f"write a duration like `30 days`, or define `parameter {d.name} = 30 days`",
                )
                return ast.DurationLit(0, "days", span=d.span)
            lit = attrs.evolve(value, span=d.span)
        else:
            lit = d
        if lit.unit == "hours" and not ({value_t.name, start_t.name} & {"instant", "any"}):
            # Two calendar dates carry no time of day: counting hours between them
            # would silently measure from midnight.
            self.error(
                "LNV209",
                "a period in hours needs a date and time, but both sides here are dates",
                d.span,
                hint="count dates in days or working days; hours need a field like "
                "`event.reported_on`, or the event's own `on`",
            )
        return lit

    def _instant_capable(self, node: Any, t: Ty) -> Ty:
        """`X.on` of an event also has its instant (`on_at`): treat it as a date and time."""
        if isinstance(node, ast.Path) and node.fields == ("on",) and t.name == "date":
            return Ty("instant")
        return t

    def _e_Compare(self, e: ast.Compare, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        left, lt = self.expr(e.left, ctx)
        day_param = self._day_count(e.right) if lt.name == "int" else None
        if day_param is not None:
            return attrs.evolve(e, left=left, right=day_param), result_type(e)
        # Against a value of unknown type (already reported) any word is accepted.
        want = (
            lt
            if lt.name in {"enum", "open_enum"}
            else Ty("open_enum")
            if lt.name == "any"
            else None
        )
        right, rt = self.expr(e.right, ctx, want)
        if lt.name in {"any"} and rt.name in {"enum", "open_enum"}:
            left, lt = self.expr(e.left, ctx, rt)
        if not comparable(lt, rt):
            self.error(
                "LNV201",
                f"cannot compare a {lt} with a {rt}",
                e.span,
                hint="dates compare with dates (2008-01-01), numbers with numbers, "
                'text with "text"',
            )
        if semantics.COMPARISONS[e.op].ordering and lt.name in TEXTUAL | {"bool"}:
            self.error("LNV201", f"`{e.op}` needs dates or numbers, not {lt}", e.span)
        return attrs.evolve(e, left=left, right=right), result_type(e)

    def _e_Member(self, e: ast.Member, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        value, vt = self.expr(e.value, ctx)
        # A value of unknown type (already reported) takes the set's words as they are,
        # so one misspelt field does not also report every word of the set.
        coll, ct = self.expr(e.collection, ctx, Ty("open_enum") if vt.name == "any" else vt)
        if ct.name != "set" and ct.name != "any":
            self.error("LNV201", f"`in` needs a set like {{a, b}}, not a {ct}", e.collection.span)
        if vt.name == "list[str]":
            self.error("LNV201", "a list cannot be in a set; test `is empty` instead", e.span)
        return attrs.evolve(e, value=value, collection=coll), result_type(e)

    def _e_Check(self, e: ast.Check, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        value, vt = self.expr(e.value, ctx)
        if e.what in {"true", "false"} and vt.name not in {"bool", "any"}:
            self.error("LNV201", f"`is {e.what}` needs a true/false field, not a {vt}", e.span)
        if e.what == "empty" and vt.name not in {"list[str]", "str", "any"}:
            self.error("LNV201", f"`is empty` needs a list or text, not a {vt}", e.span)
        if e.what in {"present", "missing"} and not isinstance(value, ir.Path | ast.Path):
            self.error("LNV201", f"`is {e.what}` applies to a record field", e.span)
        return attrs.evolve(e, value=value), result_type(e)

    def _e_Call(self, e: ast.Call, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        """A built-in function, typed from its entry in `semantics.functions`."""
        checked = [self.expr(a, ctx) for a in e.args]
        call = attrs.evolve(e, args=tuple(a for a, _ in checked))
        f = functions.lookup(e.name)
        if f is None:
            known = sorted(functions.FUNCTIONS)
            self.error(
                "LNV103",
                f"unknown function `{e.name}`",
                e.span,
                hint=did_you_mean(e.name, known) or f"the functions are: {', '.join(known)}",
            )
            return call, ANY
        if len(e.args) != len(f.params):
            n = len(f.params)
            self.error(
                "LNV201",
                f"`{f.name}` takes {n} argument{'' if n == 1 else 's'}, not {len(e.args)}",
                e.span,
                hint=f"write it as `{f.signature}`",
            )
            return call, Ty(f.result)
        for i, (arg, (_, t)) in enumerate(zip(e.args, checked, strict=True)):
            if not f.accepts(i, t.name):
                self.error(
                    "LNV201",
                    f"argument {i + 1} of `{f.name}` is a {t}, but it takes a "
                    f"{Ty(_KIND_TYPE.get(f.params[i], f.params[i]))}",
                    arg.span or e.span,
                    hint=f"the function is `{f.signature}`",
                )
        return call, Ty(f.result)

    def _period_pred(self, e: Any, ctx: _Ctx) -> tuple[Any, Ty]:
        value, vt = self.expr(e.value, ctx)
        start, st = self.expr(e.start, ctx)
        self.want_temporal(vt, e.value)
        self.want_temporal(st, e.start)
        dur = self.duration(
            e.duration, self._instant_capable(e.value, vt), self._instant_capable(e.start, st)
        )
        return attrs.evolve(e, value=value, start=start, duration=dur), result_type(e)

    def _e_Within(self, e: ast.Within, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        return self._period_pred(e, ctx)

    def _e_AtLeast(self, e: ast.AtLeast, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        return self._period_pred(e, ctx)

    def _e_Exists(self, e: ast.Exists, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        r = self.related(e.related, ctx)
        return (attrs.evolve(e, related=r) if r else e), result_type(e)

    def _e_Count(self, e: ast.Count, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        r = self.related(e.related, ctx)
        return (attrs.evolve(e, related=r) if r else e), result_type(e)

    def _bool_op(self, e: Any, ctx: _Ctx) -> tuple[Any, Ty]:
        left, lt = self.expr(e.left, ctx)
        right, rt = self.expr(e.right, ctx)
        self.want_bool(lt, e.left)
        self.want_bool(rt, e.right)
        return attrs.evolve(e, left=left, right=right), result_type(e)

    def _e_And(self, e: ast.And, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        return self._bool_op(e, ctx)

    def _e_Or(self, e: ast.Or, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        return self._bool_op(e, ctx)

    def _e_Not(self, e: ast.Not, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        operand, t = self.expr(e.operand, ctx)
        self.want_bool(t, e.operand)
        return attrs.evolve(e, operand=operand), result_type(e)

    def _e_If(self, e: ast.If, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        c, ct = self.expr(e.condition, ctx)
        self.want_bool(ct, e.condition)
        a, at = self.expr(e.then, ctx)
        b, bt = self.expr(e.otherwise, ctx)
        if not comparable(at, bt):
            self.error("LNV201", f"`then` gives a {at} but `else` gives a {bt}", e.span)
        return attrs.evolve(e, condition=c, then=a, otherwise=b), at
