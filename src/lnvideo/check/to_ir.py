"""Checked AST -> IR nodes: the last step of checking a rule.

Input: an expression or requirement the checker has resolved (no `Ref`, `Word`,
`DurationRef` or `Effective` left; its paths already `ir.Path`s typed by the
checker). Output: the same tree in `lnvideo.ir` classes. The conversion is
structural: an AST class maps to the IR class of the same name (a new form
needs no change here), `DurationLit` to `ir.Duration`, `If` takes the type
of its `then` branch and `Call` its function's result type.
"""

from __future__ import annotations

from typing import Any

import attrs

from lnvideo import ir
from lnvideo.semantics.functions import lookup
from lnvideo.syntax import ast


def to_ir(node: Any) -> Any:
    """The IR form of a checked node (None stays None; IR nodes are returned as they are)."""
    if node is None or type(node).__module__ == ir.__name__:
        return node
    if isinstance(node, tuple):
        return tuple(to_ir(n) for n in node)
    if not attrs.has(type(node)):  # a name, a word, a number, a flag
        return node
    if isinstance(node, ast.Literal):
        return ir.Literal.of(node.value, span=node.span)
    if isinstance(node, ast.DurationLit):
        return ir.Duration(node.n, node.unit, span=node.span)
    if isinstance(node, ast.Path):  # only on a path the checker reported (never compiled)
        return ir.Path(node.root, node.fields[0], span=node.span)
    target = getattr(ir, type(node).__name__)
    values = {a.name: to_ir(getattr(node, a.name)) for a in attrs.fields(type(node))}
    if target is ir.If:
        values["type"] = ir.type_of(values["then"])
    if target is ir.Call:  # the entry's result type (an unknown name was reported)
        f = lookup(node.name)
        values["type"] = f.result if f is not None else "any"
    return target(**values)
