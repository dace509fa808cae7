"""Lark parse tree -> AST (`lnvideo.syntax.ast`), keeping every node's position.

Input: the tree from `parser.parse_tree` and the file name. Output: an
`ast.RuleFile`. Invariants: no name resolution or type checking happens here;
keyword spellings (English or Chinese) are normalised to their English canonical
word, so later stages never see the surface language.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from lark import Token, Transformer, v_args

from lnvideo.diagnostics import Diagnostic
from lnvideo.semantics.functions import by_keyword
from lnvideo.source import Span
from lnvideo.syntax import ast
from lnvideo.syntax.keywords import english
from lnvideo.syntax.parser import parse_tree

_UNIT_WORDS = {
    "working days": "working_days",
    "working day": "working_days",
    "days": "days",
    "day": "days",
    "months": "months",
    "month": "months",
    "years": "years",
    "year": "years",
    "hours": "hours",
    "hour": "hours",
}


_GROUND_WORDS = {
    "superior law": "superior_law",
    "special law": "special_law",
    "later law": "later_law",
    "otherwise provided": "otherwise_provided",
}
_RANK_WORDS = {
    "national regulation": "national_regulation",
    "provincial rules": "provincial_rules",
    "city designation": "city_designation",
}
_TYPE_WORDS = {
    "bool": "bool",
    "int": "int",
    "str": "str",
    "date": "date",
    "list of str": "list[str]",
}


def _word(term: str, tok: Token, table: dict[str, str]) -> str:
    """The stored word for a multi-valued keyword, in whichever language it was written."""
    return table[" ".join(english(term, str(tok)).split())]


class _Bad(Exception):
    def __init__(self, diag: Diagnostic) -> None:
        self.diag = diag


def _unquote(tok: Token) -> str:
    body = str(tok)[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def _date_hint(text: str) -> str:
    """Say what is wrong with a YYYY-MM-DD date that does not exist."""
    year, month, day = (int(x) for x in text.split("-")[:3])
    if not 1 <= month <= 12:
        return f"there is no month {month}; write dates as YYYY-MM-DD"
    if day == 0:
        return "days of the month start at 1"
    if year == 0:
        return "there is no year 0000"
    return f"{year}-{month:02d} has only {calendar.monthrange(year, month)[1]} days"


def _kw(tok: Token, term: str) -> str:
    return english(term, str(tok))


#: The longest period a rule may state, per unit: 1,000 years, so that counting from any
#: record date (1900..2200) stays far inside the dates every engine can hold (year 9999).
MAX_DURATION: dict[str, int] = {
    "days": 365_000,
    "working_days": 250_000,
    "months": 12_000,
    "years": 1_000,
    "hours": 8_760_000,
}


@v_args(meta=True)
class _ToAst(Transformer[Token, Any]):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.clause_spans: list[tuple[str, Span | None]] = []

    def _span(self, meta: Any) -> Span | None:
        if getattr(meta, "empty", False):
            return None
        return Span.from_meta(self.name, meta)

    def _tspan(self, tok: Token) -> Span:
        return Span(self.name, tok.line or 1, tok.column or 1, tok.end_line, tok.end_column)

    def _int(self, tok: Token) -> int:
        text = str(tok)
        if len(text.lstrip("-")) > 15:
            msg = f"the number `{text[:20]}…` is too large"
            raise _Bad(
                Diagnostic(
                    "LNV102", msg, self._tspan(tok), hint="numbers in rules have at most 15 digits"
                )
            )
        return int(text)

    def _date(self, tok: Token) -> dt.date:
        try:
            return dt.date.fromisoformat(str(tok))
        except ValueError:
            msg = f"`{tok}` is not a real date"
            diag = Diagnostic("LNV102", msg, self._tspan(tok), hint=_date_hint(str(tok)))
            raise _Bad(diag) from None

    # ------------------------------------------------------------ header
    def start(self, meta: Any, children: list[Any]) -> ast.RuleFile:
        header, *items = children
        flat: list[Any] = []
        for it in items:
            flat.append(it)
        return ast.RuleFile(header, tuple(flat), source=self.name)

    def pack_header(self, meta: Any, children: list[Any]) -> ast.PackHeader:
        _, name, _, version, *fields = children
        kw: dict[str, Any] = {}
        for key, value, *where in fields:
            if key in kw:
                # Keeping the last one silently would change the pack's meaning.
                msg = f"the pack header gives `{key}` twice"
                span = where[0] if where else getattr(value, "span", None)
                raise _Bad(
                    Diagnostic(
                        "LNV212", msg, span or self._span(meta), hint=f"keep one `{key}` line"
                    )
                )
            kw[key] = value
        return ast.PackHeader(str(name), _unquote(version), span=self._span(meta), **kw)

    def instrument(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("instrument", _unquote(c[1]), self._span(meta))

    def adopted(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("adopted", self._date(c[1]), self._span(meta))

    def promulgated(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("promulgated", self._date(c[1]), self._span(meta))

    def effective(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("effective", self._date(c[1]), self._span(meta))

    def precedence(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("precedence", self._int(c[1]), self._span(meta))

    def extends(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("extends", str(c[1]), self._span(meta))

    def source_ends(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("source_ends", self._int(c[2]), self._span(meta))

    def rank(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("level", _word("RANK", c[1], _RANK_WORDS), self._span(meta))

    def ceased(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("ceased", self._date(c[1]), self._span(meta))

    def area(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        prefixes = tuple(_unquote(t) for t in c[1:])
        for tok, prefix in zip(c[1:], prefixes, strict=True):
            if not prefix.isdigit() or len(prefix) > 6:
                msg = f"the area `{prefix}` is not a county_code prefix"
                raise _Bad(
                    Diagnostic(
                        "LNV102",
                        msg,
                        self._tspan(tok),
                        hint='write the first digits of the county codes covered, e.g. "2102" '
                        "for Dalian; leave `area` out for the whole country",
                    )
                )
        return ("area", prefixes, self._span(meta))

    def published_in(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("published_in", ast.Text(tuple(c[1:]), span=self._span(meta)), self._span(meta))

    def title(self, meta: Any, c: list[Any]) -> Any:
        text = ast.Text(tuple(c[1:]), span=self._span(meta))
        return ("title", text)

    def lang_text(self, meta: Any, c: list[Any]) -> tuple[str, str]:
        return (str(c[0]), _unquote(c[1]))

    def _doc(self, items: list[Any], meta: Any) -> ast.Text | None:
        texts = [x for x in items if isinstance(x, tuple)]
        return ast.Text(tuple(texts), span=self._span(meta)) if texts else None

    # ------------------------------------------------------------ items
    def interpretation(self, meta: Any, c: list[Any]) -> ast.Interpretation:
        return ast.Interpretation(
            str(c[1]), ast.Text(tuple(c[2:]), span=self._span(meta)), span=self._span(meta)
        )

    def parameter(self, meta: Any, c: list[Any]) -> ast.Parameter:
        return ast.Parameter(str(c[1]), c[2], doc=self._doc(c[3:], meta), span=self._tspan(c[1]))

    def int_value(self, meta: Any, c: list[Any]) -> int:
        return self._int(c[0])

    def set_def(self, meta: Any, c: list[Any]) -> ast.SetDef:
        return ast.SetDef(str(c[1]), c[2], doc=self._doc(c[3:], meta), span=self._tspan(c[1]))

    def set_extend(self, meta: Any, c: list[Any]) -> ast.SetExtend:
        return ast.SetExtend(str(c[2]), c[4], doc=self._doc(c[5:], meta), span=self._tspan(c[2]))

    def condition_def(self, meta: Any, c: list[Any]) -> ast.ConditionDef:
        return ast.ConditionDef(str(c[1]), c[2], doc=self._doc(c[3:], meta), span=self._tspan(c[1]))

    def value_decl(self, meta: Any, c: list[Any]) -> ast.ValueDecl:
        return ast.ValueDecl(
            str(c[1]), c[3], ast.Text(tuple(c[4:]), span=self._span(meta)), span=self._span(meta)
        )

    def field_decl(self, meta: Any, c: list[Any]) -> ast.FieldDecl:
        return ast.FieldDecl(
            c[1],
            _word("TYPE", c[3], _TYPE_WORDS),
            ast.Text(tuple(c[4:]), span=self._span(meta)),
            span=self._span(meta),
        )

    def provision(self, meta: Any, c: list[Any]) -> ast.Provision:
        title, summary, not_checkable, rules, examples = self._article_parts(c[1:], None)
        return ast.Provision(title, summary, not_checkable, rules, examples, span=self._span(meta))

    def _article_parts(self, parts: list[Any], number: int | None) -> tuple[Any, ...]:
        title = None
        summary = None
        not_checkable = None
        rules: list[ast.Rule] = []
        examples: list[ast.Example] = []
        for part in parts:
            if isinstance(part, tuple) and part[0] == "title":
                title = part[1]
            elif isinstance(part, tuple) and part[0] == "summary":
                summary = part[1]
            elif isinstance(part, tuple) and part[0] == "not_checkable":
                not_checkable = part[1]
            elif isinstance(part, ast.Rule):
                rules.append(part)
            elif isinstance(part, ast.Example):
                examples.append(
                    ast.Example(
                        part.name,
                        part.as_of,
                        part.records,
                        part.expects,
                        article=number,
                        span=part.span,
                    )
                )
        return title, summary, not_checkable, tuple(rules), tuple(examples)

    def article(self, meta: Any, c: list[Any]) -> ast.Article:
        number = self._int(c[1])
        title, summary, not_checkable, rules, examples = self._article_parts(c[2:], number)
        return ast.Article(
            title, summary, not_checkable, rules, examples, number=number, span=self._span(meta)
        )

    def summary(self, meta: Any, c: list[Any]) -> tuple[str, ast.Text]:
        return ("summary", ast.Text(tuple(c[1:]), span=self._span(meta)))

    def not_checkable(self, meta: Any, c: list[Any]) -> tuple[str, ast.Text]:
        return ("not_checkable", ast.Text(tuple(c[1:]), span=self._span(meta)))

    # ------------------------------------------------------------ rules
    def rule(self, meta: Any, c: list[Any]) -> ast.Rule:
        rule_id = str(c[1])
        kw: dict[str, Any] = {}
        spans: list[tuple[str, Span | None]] = []
        messages: list[tuple[str, str]] = []
        interprets: list[str] = []
        cites: list[ast.Citation] = []
        for part in c[2:]:
            if len(part) == 2:  # the title
                kw["title"] = part[1]
                continue
            key, value, span = part
            spans.append((key, span))
            if key == "message":
                messages.append(value)
            elif key == "interprets":
                interprets.extend(value)
            elif key == "cites":
                cites.extend(value)
            elif key == "modality":
                kw["modality"], kw["subject"] = value
            else:
                kw[key] = value
        return ast.Rule(
            rule_id,
            cites=tuple(cites),
            interprets=tuple(interprets),
            messages=tuple(messages),
            clause_spans=tuple(spans),
            span=self._tspan(c[1]),
            **kw,
        )

    def cites(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("cites", tuple(c[1:]), self._span(meta))

    def citation(self, meta: Any, c: list[Any]) -> ast.Citation:
        article = self._int(c[1])
        paragraph = item = None
        rest = c[2:]
        i = 0
        while i < len(rest):
            kw = english("PARAGRAPH", str(rest[i])) if rest[i].type == "PARAGRAPH" else None
            if kw is not None:
                paragraph = self._int(rest[i + 1])
            else:
                item = self._int(rest[i + 1])
            i += 2
        return ast.Citation(article, paragraph, item, span=self._span(meta))

    def citation_last(self, meta: Any, c: list[Any]) -> ast.Citation:
        return ast.Citation(self._int(c[1]), last_paragraph=True, span=self._span(meta))

    def citation_unnumbered(self, meta: Any, c: list[Any]) -> ast.Citation:
        return ast.Citation(None, span=self._span(meta))

    def modality(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("modality", (_kw(c[0], "MODALITY"), c[2]), self._span(meta))

    def subject_site(self, meta: Any, c: list[Any]) -> ast.SubjectSpec:
        return ast.SubjectSpec("site", span=self._span(meta))

    def subject_camera(self, meta: Any, c: list[Any]) -> ast.SubjectSpec:
        return ast.SubjectSpec("camera", span=self._span(meta))

    def subject_event(self, meta: Any, c: list[Any]) -> ast.SubjectSpec:
        first, *more = (str(t) for t in c[1:] if t.type == "NAME")
        return ast.SubjectSpec("event", first, tuple(more), span=self._span(meta))

    def severity(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("severity", _kw(c[1], "LEVEL"), self._span(meta))

    def applies(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("applies", c[2], self._span(meta))

    def interprets(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("interprets", tuple(str(t) for t in c[1:]), self._span(meta))

    def message(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("message", c[1], self._span(meta))

    def overrides(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("overrides", str(c[1]), self._span(meta))

    def displaces(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        s = self._span(meta)
        return (
            "displaces",
            ast.Displacement(str(c[1]), _word("GROUND", c[3], _GROUND_WORDS), span=s),
            s,
        )

    def rule_due(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        return ("due", c[1], self._span(meta))

    def requires(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        s = self._span(meta)
        return ("requirement", ast.Requires(c[1], span=s), s)

    def forbids(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        s = self._span(meta)
        return ("requirement", ast.Forbids(c[1], span=s), s)

    def permits(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        s = self._span(meta)
        return ("requirement", ast.Permits(c[1], span=s), s)

    def requires_by(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        s = self._span(meta)
        return ("requirement", ast.RequiresBy(c[1], c[3], c[5], span=s), s)

    def requires_event_by(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        s = self._span(meta)
        return ("requirement", ast.RequiresEventBy(c[1], c[3], c[5], span=s), s)

    def in_scope(self, meta: Any, c: list[Any]) -> tuple[str, Any, Span | None]:
        s = self._span(meta)
        return ("requirement", ast.InScope(c[1], span=s), s)

    # ------------------------------------------------------------ expressions
    def if_expr(self, meta: Any, c: list[Any]) -> ast.If:
        return ast.If(c[1], c[3], c[5], span=self._span(meta))

    def or_(self, meta: Any, c: list[Any]) -> ast.Or:
        return ast.Or(c[0], c[2], span=self._span(meta))

    def and_(self, meta: Any, c: list[Any]) -> ast.And:
        return ast.And(c[0], c[2], span=self._span(meta))

    def not_(self, meta: Any, c: list[Any]) -> ast.Not:
        return ast.Not(c[1], span=self._span(meta))

    def compare(self, meta: Any, c: list[Any]) -> ast.Compare:
        return ast.Compare(str(c[1]), c[0], c[2], span=self._span(meta))

    def member(self, meta: Any, c: list[Any]) -> ast.Member:
        return ast.Member(c[0], c[2], span=self._span(meta))

    def not_member(self, meta: Any, c: list[Any]) -> ast.Member:
        return ast.Member(c[0], c[3], negated=True, span=self._span(meta))

    def check_word(self, meta: Any, c: list[Any]) -> str:
        tok = c[0]
        if tok.type == "TRUE":
            return "true"
        if tok.type == "FALSE":
            return "false"
        return english("CHECK", str(tok))

    def check(self, meta: Any, c: list[Any]) -> ast.Check:
        return ast.Check(c[0], c[2], span=self._span(meta))

    def check_not(self, meta: Any, c: list[Any]) -> ast.Check:
        return ast.Check(c[0], c[3], negated=True, span=self._span(meta))

    def infix_call(self, meta: Any, c: list[Any]) -> ast.Call:
        """`x starts with y`: the keyword form of a function (its entry's `infix`)."""
        return ast.Call(by_keyword(c[1].type).name, (c[0], c[2]), span=self._span(meta))

    def call(self, meta: Any, c: list[Any]) -> ast.Call:
        """`name(arg, …)`: a built-in function (checked against `semantics.functions`)."""
        return ast.Call(str(c[0]), tuple(c[1:]), span=self._span(meta))

    def within(self, meta: Any, c: list[Any]) -> ast.Within:
        return ast.Within(c[0], c[3], c[5], span=self._span(meta))

    def at_least(self, meta: Any, c: list[Any]) -> ast.AtLeast:
        return ast.AtLeast(c[0], c[3], c[5], span=self._span(meta))

    def exists(self, meta: Any, c: list[Any]) -> ast.Exists:
        return ast.Exists(c[1], span=self._span(meta))

    def none_(self, meta: Any, c: list[Any]) -> ast.Exists:
        return ast.Exists(c[1], negated=True, span=self._span(meta))

    def related(self, meta: Any, c: list[Any]) -> ast.Related:
        where = c[5] if len(c) > 5 else None
        return ast.Related(str(c[1]), str(c[3]), where, span=self._span(meta))

    def count(self, meta: Any, c: list[Any]) -> ast.Count:
        return ast.Count(c[1], span=self._span(meta))

    def effective_ref(self, meta: Any, c: list[Any]) -> ast.Effective:
        return ast.Effective(span=self._span(meta))

    def path(self, meta: Any, c: list[Any]) -> ast.Path:
        root = c[0]
        root_name = str(root)
        if root.type in {"SITE", "CAMERA", "EVENT"}:
            root_name = root.type.lower()
        return ast.Path(root_name, tuple(str(t) for t in c[1:]), span=self._span(meta))

    def ref(self, meta: Any, c: list[Any]) -> ast.Ref:
        return ast.Ref(str(c[0]), span=self._span(meta))

    def string(self, meta: Any, c: list[Any]) -> ast.Literal:
        return ast.Literal(_unquote(c[0]), span=self._span(meta))

    def int_(self, meta: Any, c: list[Any]) -> ast.Literal:
        return ast.Literal(self._int(c[0]), span=self._span(meta))

    def date(self, meta: Any, c: list[Any]) -> ast.Literal:
        return ast.Literal(self._date(c[0]), span=self._span(meta))

    def datetime(self, meta: Any, c: list[Any]) -> ast.Literal:
        return ast.Literal(str(c[0]), span=self._span(meta))

    def true(self, meta: Any, c: list[Any]) -> ast.Literal:
        return ast.Literal(True, span=self._span(meta))

    def false(self, meta: Any, c: list[Any]) -> ast.Literal:
        return ast.Literal(False, span=self._span(meta))

    def word(self, meta: Any, c: list[Any]) -> ast.Word:
        return ast.Word(str(c[0]), span=self._span(meta))

    def set_literal(self, meta: Any, c: list[Any]) -> ast.SetLit:
        return ast.SetLit(tuple(x for x in c if x is not None), span=self._span(meta))

    def duration_lit(self, meta: Any, c: list[Any]) -> ast.DurationLit:
        unit = _UNIT_WORDS.get(" ".join(english("UNIT", str(c[1])).split()), "days")
        n = self._int(c[0])
        bound = MAX_DURATION.get(unit)
        if bound is not None and n > bound:
            msg = (
                f"the period `{n} {unit.replace('_', ' ')}` is too long: expected at most {bound:,}"
            )
            hint = "periods in rules are bounded by 1,000 years (365,000 days, 12,000 months, 8,760,000 hours)"
            raise _Bad(Diagnostic("LNV303", msg, self._tspan(c[0]), hint=hint))
        return ast.DurationLit(n, unit, span=self._span(meta))

    def duration_ref(self, meta: Any, c: list[Any]) -> ast.DurationRef:
        return ast.DurationRef(str(c[0]), span=self._span(meta))

    # ------------------------------------------------------------ examples
    def example(self, meta: Any, c: list[Any]) -> ast.Example:
        name = _unquote(c[1])
        as_of = None
        records: list[ast.ExampleRecord] = []
        expects: list[ast.Expect] = []
        for part in c[2:]:
            if isinstance(part, dt.date):
                as_of = part
            elif isinstance(part, ast.ExampleRecord):
                records.append(part)
            elif isinstance(part, ast.Expect):
                expects.append(part)
        return ast.Example(name, as_of, tuple(records), tuple(expects), span=self._span(meta))

    def as_of(self, meta: Any, c: list[Any]) -> dt.date:
        return self._date(c[1])

    def example_site(self, meta: Any, c: list[Any]) -> ast.ExampleRecord:
        return ast.ExampleRecord("site", c[1], c[2], span=self._span(meta))

    def example_camera(self, meta: Any, c: list[Any]) -> ast.ExampleRecord:
        return ast.ExampleRecord("camera", c[1], c[2], span=self._span(meta))

    def example_event(self, meta: Any, c: list[Any]) -> ast.ExampleRecord:
        return ast.ExampleRecord("event", str(c[1]), c[2], span=self._span(meta))

    def record_id(self, meta: Any, c: list[Any]) -> str:
        tok = c[0]
        return _unquote(tok) if tok.type == "STRING" else str(tok)

    def record_body(self, meta: Any, c: list[Any]) -> tuple[ast.RecordField, ...]:
        return tuple(x for x in c if x is not None)

    def record_field(self, meta: Any, c: list[Any]) -> ast.RecordField:
        value = c[1]
        if isinstance(value, ast.Literal):
            value = value.value
        return ast.RecordField(str(c[0]), value, span=self._span(meta))

    def list_value(self, meta: Any, c: list[Any]) -> list[Any]:
        out = []
        for x in c:
            if x is None:
                continue
            out.append(x.value if isinstance(x, ast.Literal) else x)
        return out

    def expect(self, meta: Any, c: list[Any]) -> ast.Expect:
        rule = str(c[1])
        status = english("STATUS", str(c[2]))
        kind = c[4]
        ident = c[5]
        due = fulfilled = None
        no_due = False
        for d in c[6:]:
            if d[0] == "due":
                due = d[1]
            elif d[0] == "no_due":
                no_due = True
            else:
                fulfilled = d[1]
        return ast.Expect(rule, status, kind, ident, due, no_due, fulfilled, span=self._span(meta))

    def kind_site(self, meta: Any, c: list[Any]) -> str:
        return "site"

    def kind_camera(self, meta: Any, c: list[Any]) -> str:
        return "camera"

    def kind_event(self, meta: Any, c: list[Any]) -> str:
        return "event"

    def expect_due(self, meta: Any, c: list[Any]) -> tuple[str, Any]:
        return ("due", self._date(c[1]))

    def expect_no_due(self, meta: Any, c: list[Any]) -> tuple[str, Any]:
        return ("no_due", None)

    def expect_fulfilled(self, meta: Any, c: list[Any]) -> tuple[str, Any]:
        return ("fulfilled", self._date(c[1]))


def scan_comments(text: str) -> tuple[ast.Comment, ...]:
    """Every `#` comment outside a string, with its position (for `fmt`)."""
    out: list[ast.Comment] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        in_string = False
        i = 0
        while i < len(line):
            ch = line[i]
            if in_string:
                if ch == "\\":
                    i += 2
                    continue
                if ch == '"':
                    in_string = False
            elif ch == '"':
                in_string = True
            elif ch == "#":
                out.append(ast.Comment(line[i:].rstrip(), lineno, i + 1))
                break
            i += 1
    return tuple(out)


def parse(text: str, name: str = "<string>") -> tuple[ast.RuleFile | None, list[Diagnostic]]:
    """Parse rule text into an AST, or return the syntax diagnostics.

    Example:
        >>> f, diags = parse('pack demo version "1"')
        >>> f.header.name, diags
        ('demo', [])
    """
    tree, diags = parse_tree(text, name)
    if tree is None:
        return None, diags
    try:
        result = _ToAst(name).transform(tree)
    except _Bad as bad:
        return None, [bad.diag]
    except Exception as exc:  # a Lark VisitError wrapping _Bad
        inner = getattr(exc, "orig_exc", None)
        if isinstance(inner, _Bad):
            return None, [inner.diag]
        raise
    assert isinstance(result, ast.RuleFile)
    return (
        ast.RuleFile(result.header, result.items, source=name, comments=scan_comments(text)),
        [],
    )
