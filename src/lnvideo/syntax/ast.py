"""The abstract syntax of rule files: what the parser produces, before any checking.

Input: built by `from_tree` from a Lark parse tree. Output: frozen attrs nodes
consumed by the checker (`lnvideo.check`) and the printer (`printer.py`).
Invariants: every node has a `span` that is excluded from equality, so tests
compare structure; names are kept exactly as written (resolution happens in the
checker); keywords are not stored (the printer takes them from the keyword table).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeAlias

import attrs

from lnvideo.source import Span


def _span() -> Any:
    """A span field: excluded from equality and repr, keyword-only."""
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


# ---------------------------------------------------------------- expressions
@attrs.frozen
class Path:
    """`site.county_code`, `event.on`, `filing.authority`: a root and its fields."""

    root: str
    fields: tuple[str, ...]
    span: Span | None = _span()

    def __str__(self) -> str:
        return ".".join((self.root, *self.fields))


@attrs.frozen
class Ref:
    """A bare name: a parameter, a set, a condition, or an enumeration word."""

    name: str
    span: Span | None = _span()


@attrs.frozen
class Literal:
    """A string, integer, date or boolean written in the rule."""

    value: str | int | dt.date | bool
    span: Span | None = _span()


@attrs.frozen
class Word:
    """A bare word inside a set literal: an enumeration value or a set/parameter name."""

    name: str
    span: Span | None = _span()


@attrs.frozen
class SetLit:
    members: tuple[Word | Literal, ...]
    span: Span | None = _span()


@attrs.frozen
class Effective:
    """The pack's effective date (`effective`)."""

    span: Span | None = _span()


@attrs.frozen
class DurationLit:
    n: int
    unit: str  # "days" | "working_days" | "months" | "years" | "hours"
    span: Span | None = _span()


@attrs.frozen
class DurationRef:
    name: str
    span: Span | None = _span()


Duration: TypeAlias = DurationLit | DurationRef


@attrs.frozen
class Compare:
    op: str  # "=", "!=", "<", "<=", ">", ">="
    left: Expr
    right: Expr
    span: Span | None = _span()


@attrs.frozen
class Member:
    value: Expr
    collection: Expr
    negated: bool = False
    span: Span | None = _span()


@attrs.frozen
class Check:
    """`x is present|missing|empty|true|false`, or with `not`."""

    value: Expr
    what: str
    negated: bool = False
    span: Span | None = _span()


@attrs.frozen
class StartsWith:
    value: Expr
    prefix: Expr
    span: Span | None = _span()


@attrs.frozen
class Within:
    """`a is within D after b`: a falls on or before the deadline (Art. 203 applies)."""

    value: Expr
    duration: Duration
    start: Expr
    span: Span | None = _span()


@attrs.frozen
class AtLeast:
    """`a is at least D after b`: a falls after a full minimum duration (never extended)."""

    value: Expr
    duration: Duration
    start: Expr
    span: Span | None = _span()


@attrs.frozen
class Related:
    """`event TYPE as NAME where ...`: the events of the subject's site of one type."""

    event_type: str
    binding: str
    where: Expr | None = None
    span: Span | None = _span()


@attrs.frozen
class Exists:
    related: Related
    negated: bool = False  # `no event ...`
    span: Span | None = _span()


@attrs.frozen
class Count:
    related: Related
    span: Span | None = _span()


@attrs.frozen
class And:
    left: Expr
    right: Expr
    span: Span | None = _span()


@attrs.frozen
class Or:
    left: Expr
    right: Expr
    span: Span | None = _span()


@attrs.frozen
class Not:
    operand: Expr
    span: Span | None = _span()


@attrs.frozen
class If:
    condition: Expr
    then: Expr
    otherwise: Expr
    span: Span | None = _span()


Expr: TypeAlias = (
    Path
    | Ref
    | Literal
    | SetLit
    | Effective
    | Compare
    | Member
    | Check
    | StartsWith
    | Within
    | AtLeast
    | Exists
    | Count
    | And
    | Or
    | Not
    | If
)


# ---------------------------------------------------------------- rule parts
@attrs.frozen
class Text:
    """Text in one or more languages: {"en": ..., "zh": ...}, in written order."""

    items: tuple[tuple[str, str], ...]
    span: Span | None = _span()

    def get(self, lang: str, default: str = "") -> str:
        for k, v in self.items:
            if k == lang:
                return v
        return self.items[0][1] if self.items else default


@attrs.frozen
class Citation:
    article: int
    paragraph: int | None = None
    item: int | None = None
    last_paragraph: bool = False
    span: Span | None = _span()

    def __str__(self) -> str:
        s = f"Art. {self.article}"
        if self.last_paragraph:
            s += " last para."
        if self.paragraph is not None:
            s += f" para. {self.paragraph}"
        if self.item is not None:
            s += f" item {self.item}"
        return s


@attrs.frozen
class SubjectSpec:
    kind: str  # "site" | "camera" | "event"
    event_type: str | None = None
    span: Span | None = _span()


@attrs.frozen
class Requires:
    expr: Expr
    span: Span | None = _span()


@attrs.frozen
class Forbids:
    expr: Expr
    span: Span | None = _span()


@attrs.frozen
class Permits:
    expr: Expr
    span: Span | None = _span()


@attrs.frozen
class RequiresBy:
    """`requires <date field> within D after <date>`: an act recorded in a field."""

    act: Expr
    duration: Duration
    start: Expr
    span: Span | None = _span()


@attrs.frozen
class RequiresEventBy:
    """`requires event T as x where ... within D after <date>`: an act recorded as an event."""

    related: Related
    duration: Duration
    start: Expr
    span: Span | None = _span()


@attrs.frozen
class InScope:
    expr: Expr
    span: Span | None = _span()


Requirement: TypeAlias = Requires | Forbids | Permits | RequiresBy | RequiresEventBy | InScope


@attrs.frozen
class Rule:
    id: str
    title: Text | None = None
    cites: tuple[Citation, ...] = ()
    modality: str | None = None  # obligation | prohibition | permission | scope
    subject: SubjectSpec | None = None
    severity: str | None = None
    applies: Expr | None = None
    requirement: Requirement | None = None
    interprets: tuple[str, ...] = ()
    messages: tuple[tuple[str, str], ...] = ()
    overrides: str | None = None
    #: clause keyword -> spans of every occurrence (for duplicate-clause errors)
    clause_spans: tuple[tuple[str, Span | None], ...] = attrs.field(default=(), eq=False)
    span: Span | None = _span()


# ---------------------------------------------------------------- examples
@attrs.frozen
class RecordField:
    name: str
    value: object  # str | int | date | datetime | bool | Word | list
    span: Span | None = _span()


@attrs.frozen
class ExampleRecord:
    kind: str  # site | camera | event
    ident: str | None  # the id of a site/camera; the event type for an event
    fields: tuple[RecordField, ...]
    span: Span | None = _span()


@attrs.frozen
class Expect:
    rule: str
    status: str
    subject_kind: str
    subject_id: str
    due: dt.date | None = None
    no_due: bool = False
    fulfilled: dt.date | None = None
    span: Span | None = _span()


@attrs.frozen
class Example:
    name: str
    as_of: dt.date | None
    records: tuple[ExampleRecord, ...]
    expects: tuple[Expect, ...]
    article: int | None = None
    span: Span | None = _span()


# ---------------------------------------------------------------- top level
@attrs.frozen
class Interpretation:
    name: str
    text: Text
    span: Span | None = _span()


@attrs.frozen
class Parameter:
    name: str
    value: DurationLit | int
    doc: Text | None = None
    span: Span | None = _span()


@attrs.frozen
class SetDef:
    name: str
    members: SetLit
    doc: Text | None = None
    span: Span | None = _span()


@attrs.frozen
class SetExtend:
    name: str
    members: SetLit
    doc: Text | None = None
    span: Span | None = _span()


@attrs.frozen
class ConditionDef:
    name: str
    expr: Expr
    doc: Text | None = None
    span: Span | None = _span()


@attrs.frozen
class Article:
    number: int
    title: Text | None = None
    summary: Text | None = None
    not_checkable: Text | None = None
    rules: tuple[Rule, ...] = ()
    examples: tuple[Example, ...] = ()
    span: Span | None = _span()


@attrs.frozen
class PackHeader:
    name: str
    version: str
    title: Text | None = None
    instrument: str | None = None
    adopted: dt.date | None = None
    promulgated: dt.date | None = None
    effective: dt.date | None = None
    precedence: int = 0
    extends: str | None = None
    source_ends: int | None = None
    span: Span | None = _span()


Item: TypeAlias = Interpretation | Parameter | SetDef | SetExtend | ConditionDef | Article | Example


@attrs.frozen
class Comment:
    text: str
    line: int
    column: int


@attrs.frozen
class RuleFile:
    """One parsed rule file: its header, its items in written order, and its comments."""

    header: PackHeader
    items: tuple[Item, ...]
    source: str = attrs.field(default="<string>", eq=False)
    comments: tuple[Comment, ...] = attrs.field(default=(), eq=False)
