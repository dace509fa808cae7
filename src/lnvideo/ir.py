"""The checked intermediate representation: what the compilers consume.

Input: produced by `lnvideo.check.checker.check` from parsed rule files.
Output: `Ruleset`, immutable, with every name resolved.

IR expressions reuse the AST expression classes (`lnvideo.syntax.ast`) under
one invariant: after checking, no `Ref`, `Word`, `DurationRef` or `Effective`
remains. References to conditions are inlined, parameters and set names are
replaced by their values (`Literal`, `SetLit` of `Literal`s, `DurationLit`),
`effective` by the pack's date, and every `Path` root is `site`, `camera`,
`event` (the subject event) or the binding of an enclosing `Related`. The type
of every node can be recomputed by `lnvideo.check.types.type_of`; spans are kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import attrs

from lnvideo.source import Span
from lnvideo.syntax import ast

Expr = ast.Expr
Requirement = ast.Requirement


@attrs.frozen
class Rule:
    id: str
    pack: str
    article: str  # "12"
    cites: tuple[ast.Citation, ...]
    modality: str
    subject_kind: str  # site | camera | event
    event_type: str | None
    severity: str
    applies: Expr | None
    requirement: Requirement
    interprets: tuple[str, ...]
    messages: dict[str, str]
    titles: dict[str, str]
    overrides: str | None = None
    precedence: int = 0
    source_text: str = attrs.field(default="", eq=False)
    applies_text: str = attrs.field(default="", eq=False)
    requirement_text: str = attrs.field(default="", eq=False)
    span: Span | None = attrs.field(default=None, eq=False)

    @property
    def citation(self) -> str:
        return ", ".join(str(c) for c in self.cites)


@attrs.frozen
class ArticleInfo:
    """One article's coverage entry: its title, summary, rules, or why it has none."""

    number: int
    titles: dict[str, str]
    summary: dict[str, str]
    not_checkable: dict[str, str]
    rule_ids: tuple[str, ...]
    pack: str


@attrs.frozen
class PackInfo:
    name: str
    version: str
    titles: dict[str, str]
    instrument: str | None
    adopted: dt.date | None
    promulgated: dt.date | None
    effective: dt.date | None
    precedence: int
    extends: str | None
    source_ends: int | None
    source: str


@attrs.frozen
class Example:
    name: str
    pack: str
    article: int | None
    as_of: dt.date | None
    records: tuple[object, ...]  # Site | Camera | Event
    expects: tuple[ast.Expect, ...]
    span: Span | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Ruleset:
    """Every loaded pack, merged: base rules, their overrides, and the coverage table."""

    packs: tuple[PackInfo, ...]
    rules: tuple[Rule, ...]  # the rules that produce findings, scope rule first (no overriders)
    overrides: dict[str, tuple[Rule, ...]]  # rule id -> overriding rules, winner first
    scope_rule: Rule
    effective: dt.date
    interpretations: dict[str, dict[str, str]]
    parameters: dict[str, object]
    sets: dict[str, tuple[object, ...]]
    articles: tuple[ArticleInfo, ...]
    examples: tuple[Example, ...]
    sources: dict[str, str] = attrs.field(factory=dict, eq=False)

    @property
    def label(self) -> str:
        return "+".join(f"{p.name}@{p.version}" for p in self.packs)

    def rule(self, rule_id: str) -> Rule | None:
        for r in self.all_rules():
            if r.id == rule_id:
                return r
        return None

    def all_rules(self) -> tuple[Rule, ...]:
        extra = tuple(r for rs in self.overrides.values() for r in rs)
        return (*self.rules, *extra)


def walk(*roots: Any) -> Iterator[Any]:
    """Every IR node under `roots`, depth first in source order (spans are not visited).

    Example:
        >>> e = ast.And(ast.Path("site", ("a",)), ast.Literal(True))
        >>> [type(n).__name__ for n in walk(e)]
        ['And', 'Path', 'Literal']
    """
    stack: list[Any] = list(reversed(roots))
    while stack:
        node = stack.pop()
        if isinstance(node, tuple | list):
            stack.extend(reversed(node))
            continue
        if not hasattr(node, "__attrs_attrs__"):
            continue
        yield node
        children = [getattr(node, a.name) for a in node.__attrs_attrs__ if a.name != "span"]
        stack.extend(reversed(children))
