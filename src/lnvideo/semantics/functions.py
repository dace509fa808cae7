"""Built-in functions as data: one `Function` entry per built-in, and nothing else to edit.

Input: a function name as a rule writes it (`starts_with`, or the keyword form
`x starts with "21"`). Output: its `Function`: the parameter kinds and result
type the checker types a call with, the Python implementation the evaluator
calls, the SQL lowering the SQL generator emits (sqlglot, imported only when it
asks: sqlglot is the `bulk` extra), the dialects that lack it and why, the text
of the reason it gives when it cannot decide, its printed form, and a one-line
doc in English and Chinese.

The grammar has one generic call form, `name(arg, …)`, parsed to one `Call`
node; the checker, the printer, both compilers and the SQL reasons handle `Call`
once, generically, from the entry. So a new built-in function is one entry here
(+ tests):

    FUNCTIONS["length"] = Function(
        "length",
        params=("text",),
        result="int",
        python=len,
        sql=lambda args, types: exp_of("Length")(this=args[0]),
        doc={"en": "the number of characters of a text", "zh": "文本的字符数"},
    )

Invariants: an unknown argument gives unknown, with the arguments' reasons in
order, unless the entry says `takes_unknown` (its Python implementation then
receives `Unknown` values, and its SQL lowering NULLs); `python` returning
`None` for known arguments means "cannot decide": the value is unknown with the
entry's `unknown_reason` (its SQL lowering must then give NULL for the same
inputs). A dialect in `lacks` is refused at compile time (LNV402), never
approximated. Nothing here imports a compiler or the checker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from sqlglot import exp

#: the checker types (`check.types.Ty` names) a parameter kind accepts; a value of
#: type `any` (a name already reported) is accepted everywhere
KINDS: dict[str, frozenset[str]] = {
    "text": frozenset({"str", "county", "enum", "open_enum"}),
    "int": frozenset({"int"}),
    "bool": frozenset({"bool"}),
    "date": frozenset({"date", "instant"}),
    "list": frozenset({"list[str]"}),
    "value": frozenset({"str", "county", "enum", "open_enum", "int", "bool", "date", "instant"}),
}

#: how a kind or a result type is named in a signature (as the checker names types)
_KIND_NAMES = {
    "text": "text",
    "int": "number",
    "bool": "true/false",
    "date": "date",
    "list": "list of text",
    "value": "value",
    "str": "text",
}

SqlLowering = Callable[[list["exp.Expr"], tuple[str, ...]], "exp.Expr"]


def exp_of(name: str) -> Any:
    """The sqlglot expression class `name` (`exp_of("Length")`), imported on first use."""
    from sqlglot import exp

    return getattr(exp, name)


@attrs.frozen
class Function:
    """One built-in function: everything every stage needs to know about it."""

    name: str
    #: the kind of each parameter (a key of `KINDS`)
    params: tuple[str, ...]
    #: the result's checker type: `bool`, `int`, `str` or `date`
    result: str
    #: the evaluator's implementation: known argument values -> value (None: cannot decide)
    python: Callable[..., Any]
    #: the SQL lowering: (argument SQL, argument checker types) -> SQL (NULL = unknown)
    sql: SqlLowering
    #: one line saying what it gives, per language (`en`, `zh`)
    doc: dict[str, str] = attrs.field(factory=dict)
    #: dialect -> why it cannot express this function (LNV402 at compile time)
    lacks: dict[str, str] = attrs.field(factory=dict)
    #: why `python` returned None (it could not decide), per language; None: it never does
    unknown_reason: dict[str, str] | None = None
    #: the Python implementation receives `Unknown` arguments (and SQL NULLs) itself
    takes_unknown: bool = False
    #: printed as `a KEYWORD b` (a terminal of grammar/keywords.toml); None: `name(a, b)`
    infix: str | None = None

    @property
    def signature(self) -> str:
        """`starts_with(text, text) -> true/false`: how diagnostics and docs name it."""
        params = ", ".join(_KIND_NAMES.get(p, p) for p in self.params)
        result = _KIND_NAMES.get(self.result, self.result)
        return f"{self.name}({params}) -> {result}"

    def accepts(self, index: int, type_name: str) -> bool:
        """Whether argument `index` may have the checker type `type_name`."""
        return type_name == "any" or type_name in KINDS[self.params[index]]

    def reason(self, lang: str) -> str:
        """The text of this function's own unknown reason in `lang`."""
        texts = self.unknown_reason or {}
        return texts.get(lang) or texts.get("en") or f"{self.name} cannot be decided"


_TEXT_TYPES = KINDS["text"]


def _starts_with_sql(args: list[exp.Expr], types: tuple[str, ...]) -> exp.Expr:
    value, prefix = args
    if types[0] not in _TEXT_TYPES:
        value = exp_of("Cast")(this=value, to=exp_of("DataType").build("VARCHAR"))
    return exp_of("StartsWith")(this=value, expression=prefix)


FUNCTIONS: dict[str, Function] = {
    f.name: f
    for f in (
        Function(
            "starts_with",
            params=("text", "text"),
            result="bool",
            python=lambda value, prefix: str(value).startswith(str(prefix)),
            sql=_starts_with_sql,
            doc={
                "en": 'whether a text begins with a prefix (`code starts with "21"`)',
                "zh": '文本是否以给定前缀开头（`code 开头为 "21"`）',
            },
            infix="STARTS_WITH",
        ),
    )
}


def lookup(name: str) -> Function | None:
    """The entry of a built-in function, or None."""
    return FUNCTIONS.get(name)


def by_keyword(terminal: str) -> Function:
    """The function printed with the infix keyword `terminal` (`STARTS_WITH`)."""
    return next(f for f in FUNCTIONS.values() if f.infix == terminal)
