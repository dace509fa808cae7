"""Lint: problems that are not errors: unused definitions, rules that can never apply.

Input: the definitions and checked `applies` conditions. Output: LNV106 (never
used) and LNV204 (a condition that is always false or contradicts itself).
Only the plain cases are caught; nothing here changes a rule.
"""

from __future__ import annotations

from typing import Any

from lnvideo import ir, semantics
from lnvideo.check.expressions import TypesPass
from lnvideo.diagnostics import Diagnostic
from lnvideo.syntax import ast


class LintPass(TypesPass):
    """Lint pass: see the module docstring."""

    def _unused(self) -> None:
        for name, span in self.param_spans.items():
            if name not in self.used:
                what = "condition" if name in self.conditions else "parameter"
                self.diags.append(
                    Diagnostic(
                        "LNV106",
                        f"{what} `{name}` is never used",
                        span,
                        hint="remove it, or use it in a rule",
                    )
                )
        for name, span in self.set_spans.items():
            if name not in self.used:
                self.diags.append(
                    Diagnostic(
                        "LNV106",
                        f"set `{name}` is never used",
                        span,
                        hint="remove it, or use it in a rule",
                    )
                )

    def _const_false(self, e: Any) -> bool:
        if isinstance(e, ast.Literal):
            return e.value is False
        if isinstance(e, ast.And):
            return self._const_false(e.left) or self._const_false(e.right)
        if isinstance(e, ast.Or):
            return self._const_false(e.left) and self._const_false(e.right)
        if isinstance(e, ast.Member) and isinstance(e.collection, ast.SetLit):
            return not e.negated and not e.collection.members
        if (
            isinstance(e, ast.Compare)
            and isinstance(e.left, ast.Literal)
            and isinstance(e.right, ast.Literal)
        ):
            try:
                return not semantics.COMPARISONS[e.op].python(e.left.value, e.right.value)
            except TypeError:
                return False
        return False


def _conjuncts(e: Any) -> list[Any]:
    if isinstance(e, ast.And):
        return [*_conjuncts(e.left), *_conjuncts(e.right)]
    return [e]


def _contradiction(e: Any) -> str | None:
    """Why a conjunction of simple tests on the same field can never hold, or None.

    Only the plain cases are caught: `x = a and x = b`, `x = a and x != a`, bounds
    that leave no room (`x > 10 and x < 5`), `x is present and x is missing`,
    `x is true and x is false`.

    Example:
        >>> p = ir.Path("site", "retention_days", "int")
        >>> _contradiction(ast.And(ast.Compare(">", p, ast.Literal(10)),
        ...                        ast.Compare("<", p, ast.Literal(5))))
        '`site.retention_days` cannot be > 10 and < 5 at once'
    """
    tests: dict[str, list[tuple[str, Any]]] = {}
    for c in _conjuncts(e):
        if isinstance(c, ast.Compare):
            if isinstance(c.left, ir.Path) and isinstance(c.right, ast.Literal):
                tests.setdefault(str(c.left), []).append((c.op, c.right.value))
            elif isinstance(c.right, ir.Path) and isinstance(c.left, ast.Literal):
                tests.setdefault(str(c.right), []).append(
                    (semantics.COMPARISONS[c.op].flipped, c.left.value)
                )
        elif isinstance(c, ast.Check) and isinstance(c.value, ir.Path):
            what = c.what
            if c.negated and what in {"present", "missing"}:
                what = "missing" if what == "present" else "present"
            if not c.negated or what in {"present", "missing"}:
                tests.setdefault(str(c.value), []).append(("is", what))
    for path, found in tests.items():
        checks = {v for op, v in found if op == "is"}
        for a, b in (("present", "missing"), ("true", "false")):
            if {a, b} <= checks:
                return f"`{path}` cannot be {a} and {b} at once"
        if "missing" in checks and any(op != "is" for op, _ in found):
            return f"`{path}` is required to be missing and also compared with a value"
        values = [(op, v) for op, v in found if op != "is"]
        for i, (op1, v1) in enumerate(values):
            for op2, v2 in values[i + 1 :]:
                if type(v1) is not type(v2):
                    continue
                if _disjoint(op1, v1, op2, v2):
                    return f"`{path}` cannot be {op1} {_show(v1)} and {op2} {_show(v2)} at once"
    return None


def _show(v: Any) -> str:
    return f'"{v}"' if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v)


def _disjoint(op1: str, v1: Any, op2: str, v2: Any) -> bool:
    """True when no value satisfies both `x op1 v1` and `x op2 v2`."""
    if op1 == "=":
        try:
            return not semantics.COMPARISONS[op2].python(v1, v2)
        except TypeError:
            return False
    if op2 == "=":
        return _disjoint(op2, v2, op1, v1)
    if "!=" in (op1, op2) or isinstance(v1, str | bool):
        return False
    lower = {">": (v1, True), ">=": (v1, False)}.get(op1) or {
        ">": (v2, True),
        ">=": (v2, False),
    }.get(op2)
    upper = {"<": (v1, True), "<=": (v1, False)}.get(op1) or {
        "<": (v2, True),
        "<=": (v2, False),
    }.get(op2)
    if lower is None or upper is None or lower is upper:
        return False
    (lo, lo_strict), (hi, hi_strict) = lower, upper
    if lo > hi:
        return True
    if lo == hi:
        return lo_strict or hi_strict
    if isinstance(lo, int) and not isinstance(lo, bool) and lo_strict and hi_strict:
        return hi - lo <= 1
    return False


def unused(ck: LintPass) -> bool:
    """Pass `unused`: parameters, sets and conditions never used (LNV106)."""
    ck._unused()
    return True


def untested(ck: LintPass) -> bool:
    """Pass `untested`: rules no example expects (LNV210)."""
    assert ck.ruleset is not None
    tested = {exp.rule for ex, _ in ck.raw_examples for exp in ex.expects}
    for r in ck.ruleset.all_rules():
        if r.id not in tested and r.overrides not in tested:
            ck.diags.append(
                Diagnostic(
                    "LNV210",
                    f"rule `{r.id}` has no example",
                    r.span,
                    hint=f"add an `example` with `expect {r.id} … for …` so "
                    "`lnvideo test` can show the rule does what its article says",
                )
            )
    return True
