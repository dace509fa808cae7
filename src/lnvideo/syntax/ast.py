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
class _Node:
    """An expression or requirement node: located by its `span` (keyword-only, never
    compared, declared here once)."""

    span: Span | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


@attrs.frozen
class Path(_Node):
    """`site.county_code`, `event.on`, `filing.authority`: a root and its fields."""

    root: str
    fields: tuple[str, ...]

    def __str__(self) -> str:
        return ".".join((self.root, *self.fields))


@attrs.frozen
class Ref(_Node):
    """A bare name: a parameter, a set, a condition, or an enumeration word."""

    name: str


@attrs.frozen
class Literal(_Node):
    """A string, integer, date or boolean written in the rule."""

    value: str | int | dt.date | bool


@attrs.frozen
class Word(_Node):
    """A bare word inside a set literal: an enumeration value or a set/parameter name."""

    name: str


@attrs.frozen
class SetLit(_Node):
    members: tuple[Word | Literal, ...]


@attrs.frozen
class Effective(_Node):
    """The pack's effective date (`effective`)."""


@attrs.frozen
class DurationLit(_Node):
    n: int
    unit: str  # "days" | "working_days" | "months" | "years" | "hours"


@attrs.frozen
class DurationRef(_Node):
    name: str


Duration: TypeAlias = DurationLit | DurationRef


@attrs.frozen
class Compare(_Node):
    op: str  # "=", "!=", "<", "<=", ">", ">="
    left: Expr
    right: Expr


@attrs.frozen
class Member(_Node):
    value: Expr
    collection: Expr
    negated: bool = False


@attrs.frozen
class Check(_Node):
    """`x is present|missing|empty|true|false`, or with `not`."""

    value: Expr
    what: str
    negated: bool = False


@attrs.frozen
class Call(_Node):
    """`name(arg, …)`, or a function's keyword form (`x starts with "21"`): a built-in
    function of `semantics.functions` applied to its arguments."""

    name: str
    args: tuple[Expr, ...]


@attrs.frozen
class _Period(_Node):
    """A date tested against a period `duration` counted from `start`."""

    value: Expr
    duration: Duration
    start: Expr


@attrs.frozen
class Within(_Period):
    """`a is within D after b`: a falls on or before the deadline (Art. 203 applies)."""


@attrs.frozen
class AtLeast(_Period):
    """`a is at least D after b`: a falls after a full minimum duration (never extended)."""


@attrs.frozen
class Related(_Node):
    """`event TYPE as NAME where ...`: the events of the subject's site of one type."""

    event_type: str
    binding: str
    where: Expr | None = None


@attrs.frozen
class Exists(_Node):
    related: Related
    negated: bool = False  # `no event ...`


@attrs.frozen
class Count(_Node):
    related: Related


@attrs.frozen
class _Binary(_Node):
    left: Expr
    right: Expr


@attrs.frozen
class And(_Binary):
    """`a and b`."""


@attrs.frozen
class Or(_Binary):
    """`a or b`."""


@attrs.frozen
class Not(_Node):
    operand: Expr


@attrs.frozen
class If(_Node):
    condition: Expr
    then: Expr
    otherwise: Expr


Expr: TypeAlias = (
    Path
    | Ref
    | Literal
    | SetLit
    | Effective
    | Compare
    | Member
    | Check
    | Call
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
    """`article 12 paragraph 1`, or `unnumbered provision` (article None): a part of the
    instrument our sources give without its article number."""

    article: int | None
    paragraph: int | None = None
    item: int | None = None
    last_paragraph: bool = False
    span: Span | None = _span()

    def __str__(self) -> str:
        if self.article is None:
            return "unnumbered provision"
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
    """`site`, `camera`, or `event T` / `event T1 or T2` (a rule on events of several types)."""

    kind: str  # "site" | "camera" | "event"
    event_type: str | None = None
    #: the further event types after the first (`event system_changed or system_stopped`)
    more_event_types: tuple[str, ...] = ()
    span: Span | None = _span()

    @property
    def event_types(self) -> tuple[str, ...]:
        """Every event type the rule judges, in written order (empty for site and camera)."""
        if self.event_type is None:
            return ()
        return (self.event_type, *self.more_event_types)


@attrs.frozen
class _TwoValued(_Node):
    """A requirement judged by one condition."""

    expr: Expr


@attrs.frozen
class Requires(_TwoValued):
    """`requires C`."""


@attrs.frozen
class Forbids(_TwoValued):
    """`forbids C`."""


@attrs.frozen
class Permits(_TwoValued):
    """`permits C`."""


@attrs.frozen
class InScope(_TwoValued):
    """`in scope when C`."""


@attrs.frozen
class RequiresBy(_Node):
    """`requires <date field> within D after <date>`: an act recorded in a field."""

    act: Expr
    duration: Duration
    start: Expr


@attrs.frozen
class RequiresEventBy(_Node):
    """`requires event T as x where ... within D after <date>`: an act recorded as an event."""

    related: Related
    duration: Duration
    start: Expr


Requirement: TypeAlias = Requires | Forbids | Permits | RequiresBy | RequiresEventBy | InScope


#: the legal grounds on which one rule sets another aside (stored words)
GROUNDS: tuple[str, ...] = ("superior_law", "special_law", "later_law", "otherwise_provided")


@attrs.frozen
class Displacement:
    """`displaces LN-14.1.7 as special law`: which rule is set aside, and on what ground."""

    rule: str
    ground: str  # one of GROUNDS
    span: Span | None = _span()


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
    #: `displaces RULE as GROUND`: the rule set aside and the legal ground
    displaces: Displacement | None = None
    #: `due EXPR`: the rule's own due date (e.g. LN-11: `site.main_project_in_use_on`)
    due: Expr | None = None
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
class _Defined:
    """A definition at the top level of a file: its name and its optional doc text."""

    name: str
    doc: Text | None = attrs.field(default=None, kw_only=True)
    span: Span | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


@attrs.frozen
class Parameter(_Defined):
    """`parameter NAME = 30 days` (or a number)."""

    value: DurationLit | int


@attrs.frozen
class _SetItem(_Defined):
    members: SetLit


@attrs.frozen
class SetDef(_SetItem):
    """`set NAME = {…}`."""


@attrs.frozen
class SetExtend(_SetItem):
    """`extend set NAME with {…}`: more members for another pack's set."""


@attrs.frozen
class ConditionDef(_Defined):
    """`condition NAME = EXPR`: a named condition, inlined where it is used."""

    expr: Expr


@attrs.frozen
class _Part:
    """What an article and an unnumbered provision hold."""

    title: Text | None = None
    summary: Text | None = None
    not_checkable: Text | None = None
    rules: tuple[Rule, ...] = ()
    examples: tuple[Example, ...] = ()
    span: Span | None = _span()


@attrs.frozen
class Article(_Part):
    """`article N`: a numbered article of the instrument."""

    number: int = attrs.field(kw_only=True)


@attrs.frozen
class Provision(_Part):
    """`unnumbered provision`: part of an instrument whose article number our sources lack.

    Like an `Article` without a number (Decree No. 799's prohibited areas and notice
    signs: only its arts. 1-7 are in the sources we have).
    """


@attrs.frozen
class ValueDecl:
    """`value pawnshop for site.place_category en "…" zh "…"`: a new word of a fixed set."""

    word: str
    target: Path  # site.place_category | camera.place
    text: Text
    span: Span | None = _span()


@attrs.frozen
class FieldDecl:
    """`field site.signage is bool en "…" zh "…"`: a new record field and its type."""

    target: Path  # site.<new field>
    type: str  # one of FIELD_TYPES
    text: Text
    span: Span | None = _span()


#: the types a declared field can have (stored words; `list[str]` is written `list of str`)
FIELD_TYPES: tuple[str, ...] = ("bool", "int", "str", "date", "list[str]")

#: the levels of the hierarchy of Chinese law a pack's instrument can have, highest first
LEVELS: tuple[str, ...] = ("national_regulation", "provincial_rules", "city_designation")


@attrs.frozen
class PackHeader:
    """The pack and the instrument it encodes.

    `instrument` is the instrument's official designation (issuer and number, e.g.
    "Order No. 211"); `level` its rank (one of `LEVELS`); `effective` the first day it
    is in force and `ceased` the first day it no longer is; `area` the `county_code`
    prefixes it covers (empty: the whole country); `published_in` where the official
    text is published.
    """

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
    level: str | None = None
    ceased: dt.date | None = None
    area: tuple[str, ...] = ()
    published_in: Text | None = None
    span: Span | None = _span()


Item: TypeAlias = (
    Interpretation
    | Parameter
    | SetDef
    | SetExtend
    | ConditionDef
    | Article
    | Provision
    | Example
    | ValueDecl
    | FieldDecl
)


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
