"""The expression and requirement forms: one entry per built-in.

Input: an IR node class name (`Compare`, `Exists`, …). Output: its `Form`:
what type the checker gives it, the keyword terminal that prints it (the
printer and the docs spell keywords from `grammar/keywords.toml`), and the SQL
dialects that cannot express it, with why. `compile/dialects` builds each
dialect's `unsupported` table from `lacking`, so a construct a dialect lacks is
reported (LNV402) at compile time, never approximated.

Built-in functions are not forms of their own: every one is a `Call` (its
entry in `semantics.functions` says its type, lowerings and lacking dialects).
"""

from __future__ import annotations

import attrs

_CORRELATED = (
    "Spark SQL cannot reference the outer row inside an aggregate of a correlated "
    "subquery, which three-valued {what}"
)


@attrs.frozen
class Form:
    name: str
    #: the checker's result type: bool, int, "then" (the branches' type), "value" (the node's own)
    result: str
    keyword: str | None = None  # keyword terminal in grammar/keywords.toml
    lacks: dict[str, str] = attrs.field(factory=dict)  # dialect -> why it cannot express it


FORMS: dict[str, Form] = {
    f.name: f
    for f in (
        Form("Path", "value"),
        Form("Literal", "value"),
        Form("SetLit", "value"),
        Form("And", "bool", "AND"),
        Form("Or", "bool", "OR"),
        Form("Not", "bool", "NOT"),
        Form("If", "then", "IF"),
        Form("Compare", "bool"),
        Form("Member", "bool", "IN"),
        Form("Check", "bool", "IS"),
        Form("Call", "value"),  # a built-in function: its entry in `functions`
        Form("Within", "bool", "WITHIN"),
        Form("AtLeast", "bool", "AT_LEAST"),
        Form(
            "Exists",
            "bool",
            "EXISTS",
            {"spark": _CORRELATED.format(what="`event ... where` tests need")},
        ),
        Form(
            "Count",
            "int",
            "COUNT_OF",
            {"spark": _CORRELATED.format(what="`count event ... where` needs")},
        ),
        Form("Requires", "bool", "REQUIRES"),
        Form("Forbids", "bool", "FORBIDS"),
        Form("Permits", "bool", "PERMITS"),
        Form("InScope", "bool", "SCOPE_WHEN"),
        Form("RequiresBy", "bool", "REQUIRES"),
        Form("RequiresEventBy", "bool", "REQUIRES"),
    )
}


def lacking(dialect: str) -> dict[str, str]:
    """Form name -> why `dialect` cannot express it."""
    return {name: f.lacks[dialect] for name, f in FORMS.items() if dialect in f.lacks}
