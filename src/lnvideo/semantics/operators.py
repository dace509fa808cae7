"""The comparison operators: one entry each, read by the checker and both compilers.

Input: an operator symbol as written (`=`, `!=`, `<`, `<=`, `>`, `>=`).
Output: its `Comparison`: the Python function (the evaluator and the checker's
constant folding), the sqlglot node class (the SQL generator), the mirrored
symbol (`a < b` is `b > a`, used by lint) and whether it orders values.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import attrs
from sqlglot import exp


@attrs.frozen
class Comparison:
    symbol: str
    python: Callable[[Any, Any], bool]
    sql: type[exp.Binary]
    flipped: str
    ordering: bool  # needs dates or numbers (`<`, `<=`, `>`, `>=`)


COMPARISONS: dict[str, Comparison] = {
    c.symbol: c
    for c in (
        Comparison("=", operator.eq, exp.EQ, "=", ordering=False),
        Comparison("!=", operator.ne, exp.NEQ, "!=", ordering=False),
        Comparison("<", operator.lt, exp.LT, ">", ordering=True),
        Comparison("<=", operator.le, exp.LTE, ">=", ordering=True),
        Comparison(">", operator.gt, exp.GT, "<", ordering=True),
        Comparison(">=", operator.ge, exp.GTE, "<=", ordering=True),
    )
}
