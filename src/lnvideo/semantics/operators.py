"""The comparison operators: one entry each, read by the checker and both compilers.

Input: an operator symbol as written (`=`, `!=`, `<`, `<=`, `>`, `>=`).
Output: its `Comparison`: the Python function (the evaluator and the checker's
constant folding), the sqlglot node class (the SQL generator), the mirrored
symbol (`a < b` is `b > a`, used by lint) and whether it orders values.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from sqlglot import exp


@attrs.frozen
class Comparison:
    symbol: str
    python: Callable[[Any, Any], bool]
    #: the sqlglot expression class, by name: sqlglot is the `bulk` extra, imported
    #: only when the SQL generator asks (`sql`)
    sql_name: str
    flipped: str
    ordering: bool  # needs dates or numbers (`<`, `<=`, `>`, `>=`)

    @property
    def sql(self) -> type[exp.Binary]:
        """The sqlglot node class of this comparison."""
        from sqlglot import exp

        node: type[exp.Binary] = getattr(exp, self.sql_name)
        return node


COMPARISONS: dict[str, Comparison] = {
    c.symbol: c
    for c in (
        Comparison("=", operator.eq, "EQ", "=", ordering=False),
        Comparison("!=", operator.ne, "NEQ", "!=", ordering=False),
        Comparison("<", operator.lt, "LT", ">", ordering=True),
        Comparison("<=", operator.le, "LTE", ">=", ordering=True),
        Comparison(">", operator.gt, "GT", "<", ordering=True),
        Comparison(">=", operator.ge, "GTE", "<=", ordering=True),
    )
}
