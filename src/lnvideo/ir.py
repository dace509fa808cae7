"""The checked intermediate representation: what the compilers consume.

Input: produced by `lnvideo.check.checker.check` from parsed rule files.
Output: `Ruleset`, immutable, with every name resolved.

IR expressions are this module's own node classes (the compilers never import
`lnvideo.syntax.ast`). After checking there are no references left: conditions
are inlined, parameters and set names are replaced by their values
(`Literal`, `SetLit` of `Literal`s, `Duration`), `effective` by the pack's date,
and every `Path` root is `site`, `camera`, `event` (the subject event) or the
binding of an enclosing `Related`. Every value node carries the type the
checker gave it (`Path.type`, `Literal.type`, `If.type`; `type_of` for any
node), as a schema type name (`date`, `instant`, `str`, `list[str]`, …) or
`bool` / `int`. Spans are kept, keyword-only and excluded from equality (declared first in
each node: every node is located). Node class names
are the form names of `lnvideo.semantics.FORMS`; a built-in function is one
`Call` whatever its name (`lnvideo.semantics.functions`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, ClassVar, TypeAlias

import attrs

from lnvideo.source import Span
from lnvideo.syntax import ast


# ---------------------------------------------------------------- expressions
@attrs.frozen
class _Node:
    """An IR node: located by its `span` (keyword-only, never compared, declared once here)."""

    span: Span | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


@attrs.frozen
class Path(_Node):
    """A field of a record: `site.county_code`, `filing.authority` (its type from the schema)."""

    root: str
    field: str
    type: str = "any"

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field,)

    def __str__(self) -> str:
        return f"{self.root}.{self.field}"


@attrs.frozen
class Literal(_Node):
    value: str | int | dt.date | bool
    type: str = "str"

    @classmethod
    def of(cls, value: str | int | dt.date | bool, span: Span | None = None) -> Literal:
        """A literal typed by its value: bool, int, date or str."""
        if isinstance(value, bool):
            t = "bool"
        elif isinstance(value, int):
            t = "int"
        elif isinstance(value, dt.date):
            t = "date"
        else:
            t = "str"
        return cls(value, t, span=span)


@attrs.frozen
class SetLit(_Node):
    members: tuple[Literal, ...]


@attrs.frozen
class Duration(_Node):
    n: int
    unit: str  # "days" | "working_days" | "months" | "years" | "hours"


@attrs.frozen
class Compare(_Node):
    type = "bool"  # the checker's type of every test and connective (a class constant)
    op: str  # a key of `semantics.COMPARISONS`
    left: Expr
    right: Expr


@attrs.frozen
class Member(_Node):
    """`value in collection` (`not in` when negated): an unknown value stays unknown."""

    type = "bool"
    value: Expr
    collection: Expr
    negated: bool = False


@attrs.frozen
class Check(_Node):
    """`x is present|missing|empty|true|false`, or with `not`."""

    type = "bool"
    what: str  # present | missing | empty | true | false
    value: Expr
    negated: bool = False


@attrs.frozen
class Call(_Node):
    """A built-in function applied to its arguments (`semantics.functions.FUNCTIONS[name]`);
    `type` is its result type."""

    name: str
    args: tuple[Expr, ...]
    type: str = "bool"


@attrs.frozen
class _Period(_Node):
    """A date or instant tested against a period `duration` counted from `start`:
    `Within`, on or before the deadline (extended, Art. 203); `AtLeast`, after a
    full minimum duration (never extended). `extended` says which."""

    type = "bool"
    value: Expr
    duration: Duration
    start: Expr


@attrs.frozen
class Within(_Period):
    extended = True


@attrs.frozen
class AtLeast(_Period):
    extended = False


@attrs.frozen
class Related(_Node):
    event_type: str  # the events of the subject's site of this type,
    binding: str  # each bound to this name for `where`
    where: Expr | None = None


@attrs.frozen
class Exists(_Node):
    type = "bool"
    related: Related
    negated: bool = False


@attrs.frozen
class Count(_Node):
    type = "int"
    related: Related


@attrs.frozen
class _Binary(_Node):
    """Kleene `and` / `or`: the operand value `wins` decides, then unknown."""

    type = "bool"
    left: Expr
    right: Expr


@attrs.frozen
class And(_Binary):
    wins: ClassVar[bool] = False


@attrs.frozen
class Or(_Binary):
    wins: ClassVar[bool] = True


@attrs.frozen
class Not(_Node):
    operand: Expr
    type = "bool"


@attrs.frozen
class If(_Node):
    """`if c then a else b`; `type` is the branches' type (the checker's)."""

    condition: Expr
    then: Expr
    otherwise: Expr
    type: str = "bool"


_Leaf: TypeAlias = Literal | Path | SetLit
_Connective: TypeAlias = And | Or | Not | If
_Test: TypeAlias = Compare | Member | Check | Within | AtLeast | Exists | Count
#: a built-in function's value
_Applied: TypeAlias = Call
#: every expression form: leaves, connectives, tests
Expr: TypeAlias = _Leaf | _Connective | _Test | _Applied


def type_of(e: Any) -> str:
    """The checker's type of an IR expression (`bool` for the predicates)."""
    return getattr(e, "type", "bool")


# ---------------------------------------------------------------- requirements
@attrs.frozen
class _TwoValued(_Node):
    """A requirement judged by one condition (its verdicts: `semantics.VERDICTS`)."""

    expr: Expr


@attrs.frozen
class Requires(_TwoValued):
    pass


@attrs.frozen
class Forbids(_TwoValued):
    pass


@attrs.frozen
class Permits(_TwoValued):
    pass


@attrs.frozen
class InScope(_TwoValued):
    pass


@attrs.frozen
class RequiresBy:
    """`requires <date field> within D after <date>`: an act recorded in a field."""

    span: Span | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    act: Path
    duration: Duration
    start: Expr


@attrs.frozen
class RequiresEventBy:
    """`requires event T as x where ... within D after <date>`: an act recorded as an event."""

    span: Span | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    related: Related
    duration: Duration
    start: Expr


Requirement: TypeAlias = Requires | Forbids | Permits | InScope | RequiresBy | RequiresEventBy
#: the two-valued requirements (their verdicts are `semantics.VERDICTS`)
TWO_VALUED = _TwoValued


# ---------------------------------------------------------------- rules and packs
@attrs.frozen
class Instrument:
    """The legal instrument a pack encodes (SPEC §8): the gates read it.

    `names` is how findings name it per language ("State Council Decree No. 799");
    `effective` is its first day in force, `ceased` its first day no longer in force,
    `area` the `county_code` prefixes it covers (empty: the whole country).
    """

    pack: str
    names: tuple[tuple[str, str], ...]
    level: str | None = None
    effective: dt.date | None = None
    ceased: dt.date | None = None
    area: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        d = dict(self.names)
        return d.get(lang) or d.get("en") or self.pack

    def in_force_on(self, day: dt.date) -> bool:
        if self.effective is not None and day < self.effective:
            return False
        return self.ceased is None or day < self.ceased

    def covers(self, county_code: str | None) -> bool:
        return not self.area or (
            county_code is not None and any(county_code.startswith(p) for p in self.area)
        )


#: the legal grounds of a displacement, per language
GROUND_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "superior_law": "superior law",
        "special_law": "special law",
        "later_law": "later law",
        "otherwise_provided": "the text's own exception",
    },
    "zh": {
        "superior_law": "上位法优先",
        "special_law": "特别法优先",
        "later_law": "新法优先",
        "otherwise_provided": "原条文“另有规定的除外”",
    },
}


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
    #: the instrument of the rule's pack (the in-force and area gates)
    instrument: Instrument | None = None
    #: `displaces RULE as GROUND`: (rule id, ground)
    displaces: tuple[str, str] | None = None
    #: `due EXPR`: the finding's due date (a date expression on the subject)
    due: Expr | None = None
    #: every event type the rule judges (`event_type` is the first); () for site/camera
    event_types: tuple[str, ...] = ()
    #: the record fields its message placeholders name -> their types (`{site.x}` -> `date`)
    placeholder_types: dict[str, str] = attrs.field(factory=dict)
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
    instrument_info: Instrument | None = None


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
    #: what the loaded packs add to the record schema (SPEC §8)
    vocabulary: Any = None
    #: displaced rule id -> the rules displacing it, winner first
    displaced_by: dict[str, tuple[Rule, ...]] = attrs.field(factory=dict)

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
        >>> e = And(Path("site", "a", "bool"), Literal(True, "bool"))
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
