"""AST -> canonical rule text: the layout `lnvideo fmt` writes.

Input: an `ast.RuleFile` (with the `#` comments `parse` collected) and a surface
language (`en` or `zh`). Output: rule text in one canonical layout. Invariants:
the output re-parses to an equal AST (spans aside) in either language; keywords
come from the keyword table; parentheses are the fewest that keep the structure;
every comment is kept, on its own line before the first node that started after
it (comments after the last node stay at the end); formatting is idempotent.

Layout: the pack header first (one clause per line, indented 2), a blank line
between top-level items, rules and examples inside an article indented 2 and
separated by blank lines, rule clauses indented 4 in a fixed order, expressions
broken before `and` / `or` (and `then` / `else` / `where`) when a line would
pass `WIDTH` columns.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import attrs

from lnvideo.diagnostics import Diagnostic
from lnvideo.semantics.functions import lookup
from lnvideo.syntax import ast, keywords
from lnvideo.syntax.from_tree import _UNIT_WORDS, parse
from lnvideo.syntax.parser import parse_tree

#: the column a line should not pass when it can be broken
WIDTH = 88

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INT = re.compile(r"-?\d+")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+\-]\d{2}:?\d{2})?")

#: Chinese spellings the lexer could not read back where they occur; written in English.
#: Empty since FORBIDS became `不得` (it used to collide with MODALITY `禁止`).
_ZH_UNREADABLE: frozenset[str] = frozenset()

#: operator precedence levels, loosest first (a slot needs a node at least this tight)
_IF, _OR, _AND, _NOT, _PRED, _ATOM = range(6)

_HEADER_FIELDS = (
    "title",
    "instrument",
    "adopted",
    "promulgated",
    "effective",
    "precedence",
    "extends",
    "source_ends",
    "rank",
    "ceased",
    "area",
    "published_in",
)

#: stored word -> English keyword spelling, for the multi-valued keywords of layered law
_GROUND_SPELLING = {
    "superior_law": "superior law",
    "special_law": "special law",
    "later_law": "later law",
    "otherwise_provided": "otherwise provided",
}
_RANK_SPELLING = {
    "national_regulation": "national regulation",
    "provincial_rules": "provincial rules",
    "city_designation": "city designation",
}
_TYPE_SPELLING = {
    "bool": "bool",
    "int": "int",
    "str": "str",
    "date": "date",
    "list[str]": "list of str",
}


def _quote(text: str) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{body}"'


def _level(e: ast.Expr) -> int:
    if isinstance(e, ast.If):
        return _IF
    if isinstance(e, ast.Or):
        return _OR
    if isinstance(e, ast.And):
        return _AND
    if isinstance(e, ast.Not):
        return _NOT
    if isinstance(e, ast.Compare | ast.Member | ast.Check | ast.Within | ast.AtLeast | ast.Exists):
        return _PRED
    if isinstance(e, ast.Call) and _infix(e) is not None:
        return _PRED
    return _ATOM


def _infix(e: ast.Call) -> str | None:
    """The keyword terminal of a function printed `a KEYWORD b`, or None (`name(a, b)`)."""
    f = lookup(e.name)
    return f.infix if f is not None and len(e.args) == 2 else None


def _open_tail(e: ast.Expr) -> bool:
    """`exists ... where ...` / `count of ... where ...`: the `where` would swallow what follows."""
    return isinstance(e, ast.Exists | ast.Count) and e.related.where is not None


def _width(lines: list[str], col: int) -> int:
    """The column after the last of `lines` (the first starts at `col`)."""
    return col + len(lines[0]) if len(lines) == 1 else len(lines[-1])


def _join(left: list[str], sep: str, right: list[str]) -> list[str]:
    return [*left[:-1], left[-1] + sep + right[0], *right[1:]]


class _Printer:
    """Keyword spelling and layout for one surface language."""

    def __init__(self, lang: str) -> None:
        if lang not in keywords.LANGS:
            msg = f"unknown surface language {lang!r}; expected one of {', '.join(keywords.LANGS)}"
            raise ValueError(msg)
        self.lang = lang
        self._reserved = {
            s for table in keywords.table().values() for ss in table.values() for s in ss
        }

    # ------------------------------------------------------------ words
    def kw(self, term: str) -> str:
        if self.lang == "zh" and term in _ZH_UNREADABLE:
            return keywords.spelling(term, "en")
        return keywords.spelling(term, self.lang)

    def kwv(self, term: str, word: str) -> str:
        """The `lang` spelling of a multi-valued keyword given its English word."""
        written = keywords.canonical(term, word, self.lang)
        return written if keywords.english(term, written) == word else word

    def unit(self, d: ast.DurationLit) -> str:
        """The unit word: English singular for 1, plural otherwise; Chinese when readable."""
        en = keywords.table()["en"]["UNIT"]
        plural = next(s for s in en if _UNIT_WORDS[s] == d.unit and s.endswith("s"))
        singular = plural.removesuffix("s")
        english = singular if abs(d.n) == 1 and singular in en else plural
        if self.lang == "en":
            return english
        # other languages list one spelling per meaning, in the English order of meanings
        meanings = list(dict.fromkeys(_UNIT_WORDS[s] for s in en))
        spellings = keywords.table()[self.lang]["UNIT"]
        if len(spellings) == len(meanings):
            written = spellings[meanings.index(d.unit)]
            back = _UNIT_WORDS.get(keywords.english("UNIT", written))
            if back == d.unit:  # only if the parser reads it back with the same meaning
                return written
        return english

    def name(self, text: str) -> str:
        """A record id or subject id: bare when the lexer reads it back, else quoted."""
        if (_NAME.fullmatch(text) and text not in self._reserved) or _INT.fullmatch(text):
            return text
        return _quote(text)

    def text(self, t: ast.Text) -> str:
        return " ".join(f"{lang} {_quote(s)}" for lang, s in t.items)

    def with_text(self, lines: list[str], t: ast.Text, indent: int) -> list[str]:
        """`t` after `lines`; when too long, each language after the first on its own line."""
        flat = self.text(t)
        if len(lines[-1]) + 1 + len(flat) <= WIDTH:
            return _join(lines, " ", [flat])
        items = [f"{lang} {_quote(s)}" for lang, s in t.items]
        pad = " " * (indent + 2)
        return [*_join(lines, " ", [items[0]]), *(pad + item for item in items[1:])]

    def duration(self, d: ast.Duration) -> str:
        if isinstance(d, ast.DurationRef):
            return d.name
        return f"{d.n} {self.unit(d)}"

    def literal(self, v: object) -> str:
        if isinstance(v, bool):
            return self.kw("TRUE" if v else "FALSE")
        if isinstance(v, int):
            return str(v)
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, str):
            return _quote(v)
        msg = f"cannot print literal {v!r}"
        raise TypeError(msg)

    def record_value(self, v: object) -> str:
        if isinstance(v, ast.Word):
            return v.name
        if isinstance(v, list):
            return "[" + ", ".join(self.record_value(x) for x in v) + "]"
        if isinstance(v, str) and _DATETIME.fullmatch(v):
            return v  # written as a date-time (the AST keeps date-times as text)
        return self.literal(v)

    def set_members(self, s: ast.SetLit) -> list[str]:
        return [m.name if isinstance(m, ast.Word) else self.literal(m.value) for m in s.members]

    def set_lines(self, s: ast.SetLit, col: int, indent: int) -> list[str]:
        """`{a, b, c}` on one line, or filled onto lines indented `indent + 2`."""
        members = self.set_members(s)
        flat = "{" + ", ".join(members) + "}"
        if col + len(flat) <= WIDTH:
            return [flat]
        lines = ["{"]
        pad = " " * (indent + 2)
        current = pad
        for m in members:
            piece = m + ","
            if current != pad and len(current) + 1 + len(piece) > WIDTH:
                lines.append(current)
                current = pad
            current = current + piece if current == pad else current + " " + piece
        lines.append(current)
        lines.append(" " * indent + "}")
        return lines

    # ------------------------------------------------------------ expressions
    def flat(self, e: ast.Expr, need: int = _IF, followed: bool = False) -> str:
        """`e` on one line, parenthesised as its slot (`need`, `followed`) requires."""
        if _level(e) < need or (followed and _open_tail(e)):
            return "(" + self.flat(e, _IF, False) + ")"
        if isinstance(e, ast.Or | ast.And):
            op = self.kw("OR" if isinstance(e, ast.Or) else "AND")
            first_need, rest_need = (_OR, _AND) if isinstance(e, ast.Or) else (_AND, _NOT)
            head = self.flat(e.left, first_need, True)
            return f"{head} {op} {self.flat(e.right, rest_need, followed)}"
        if isinstance(e, ast.Not):
            return f"{self.kw('NOT')} {self.flat(e.operand, _NOT, followed)}"
        if isinstance(e, ast.If):
            return (
                f"{self.kw('IF')} {self.flat(e.condition)} {self.kw('THEN')} {self.flat(e.then)}"
                f" {self.kw('ELSE')} {self.flat(e.otherwise, _IF, followed)}"
            )
        if isinstance(e, ast.Exists | ast.Count):
            return self.related_flat(self._related_head(e), e.related)
        parts = self._predicate_parts(e, followed)
        if parts is not None:
            (left, lneed, lfol), sep, rest = parts
            s = self.flat(left, lneed, lfol) + sep
            if rest is not None:
                s += self.flat(*rest)
            return s
        return self._atom(e)

    def expr(
        self,
        e: ast.Expr,
        need: int,
        followed: bool,
        col: int,
        indent: int,
    ) -> list[str]:
        """Lines for `e`: the first continues at `col`, the others carry their indentation.

        `need` is the loosest level the slot accepts; `followed` says whether
        something that could extend a `where` comes after `e` in the same expression.
        """
        flat = self.flat(e, need, followed)
        if col + len(flat) <= WIDTH:
            return [flat]
        if _level(e) < need or (followed and _open_tail(e)):
            inner = self.expr(e, _IF, False, col + 1, indent)
            return _join(["("], "", _join(inner, "", [")"]))
        return self._broken(e, followed, col, indent)

    def _broken(self, e: ast.Expr, followed: bool, col: int, indent: int) -> list[str]:
        pad = " " * indent
        if isinstance(e, ast.Or | ast.And):
            kind = type(e)
            op = self.kw("OR" if kind is ast.Or else "AND")
            first_need, rest_need = (_OR, _AND) if kind is ast.Or else (_AND, _NOT)
            chain: list[ast.Expr] = []
            node: ast.Expr = e
            while isinstance(node, kind):
                chain.append(node.right)
                node = node.left
            chain.append(node)
            chain.reverse()
            lines = self.expr(chain[0], first_need, True, col, indent + 2)
            for i, item in enumerate(chain[1:], start=1):
                last = i == len(chain) - 1
                head = f"{pad}{op} "
                sub = self.expr(item, rest_need, followed if last else True, len(head), indent + 2)
                lines += _join([head], "", sub)
            return lines
        if isinstance(e, ast.Not):
            head = self.kw("NOT") + " "
            return _join([head], "", self.expr(e.operand, _NOT, followed, col + len(head), indent))
        if isinstance(e, ast.If):
            head = self.kw("IF") + " "
            lines = _join(
                [head], "", self.expr(e.condition, _IF, False, col + len(head), indent + 2)
            )
            for term, branch, fol in (("THEN", e.then, False), ("ELSE", e.otherwise, followed)):
                h = f"{pad}{self.kw(term)} "
                lines += _join([h], "", self.expr(branch, _IF, fol, len(h), indent + 2))
            return lines
        if isinstance(e, ast.Exists | ast.Count):
            return self.related_lines(self._related_head(e), e.related, col, indent)
        if isinstance(e, ast.SetLit):
            return self.set_lines(e, col, indent)
        parts = self._predicate_parts(e, followed)
        if parts is not None:
            (left, lneed, lfol), sep, rest = parts
            lines = self.expr(left, lneed, lfol, col, indent)
            if rest is None:
                return _join(lines, "", [sep])
            right, rneed, rfol = rest
            at = _width(lines, col) + len(sep)
            return _join(lines, sep, self.expr(right, rneed, rfol, at, indent))
        return [self._atom(e)]

    def _related_head(self, e: ast.Exists | ast.Count) -> str:
        if isinstance(e, ast.Count):
            return self.kw("COUNT_OF")
        return self.kw("NO" if e.negated else "EXISTS")

    def related_head(self, r: ast.Related) -> str:
        return f"{self.kw('EVENT')} {r.event_type} {self.kw('AS')} {r.binding}"

    def related_flat(self, head: str, r: ast.Related) -> str:
        s = f"{head} {self.related_head(r)}" if head else self.related_head(r)
        if r.where is not None:
            s += f" {self.kw('WHERE')} {self.flat(r.where, _OR)}"
        return s

    def related_lines(self, head: str, r: ast.Related, col: int, indent: int) -> list[str]:
        """`HEAD event T as x where ...`, the `where` on a continuation line when long."""
        flat = self.related_flat(head, r)
        if r.where is None or col + len(flat) <= WIDTH:
            return [flat]
        first = self.related_flat(head, attrs.evolve(r, where=None))
        h = " " * indent + self.kw("WHERE") + " "
        return [first, *_join([h], "", self.expr(r.where, _OR, False, len(h), indent + 2))]

    def _predicate_parts(
        self, e: ast.Expr, followed: bool
    ) -> tuple[tuple[ast.Expr, int, bool], str, tuple[ast.Expr, int, bool] | None] | None:
        """(left operand, separator, right operand or None) for the binary predicates."""
        if isinstance(e, ast.Compare):
            return (e.left, _ATOM, True), f" {e.op} ", (e.right, _ATOM, followed)
        if isinstance(e, ast.Member):
            op = self.kw("IN")
            if e.negated:
                op = f"{self.kw('NOT')} {op}"
            return (e.value, _ATOM, True), f" {op} ", (e.collection, _ATOM, followed)
        if isinstance(e, ast.Call) and (infix := _infix(e)) is not None:
            return (e.args[0], _ATOM, True), f" {self.kw(infix)} ", (e.args[1], _ATOM, followed)
        if isinstance(e, ast.Check):
            if e.what == "true":
                word = self.kw("TRUE")
            elif e.what == "false":
                word = self.kw("FALSE")
            else:
                word = self.kwv("CHECK", e.what)
            op = self.kw("IS") + (f" {self.kw('NOT')}" if e.negated else "")
            return (e.value, _ATOM, True), f" {op} {word}", None
        if isinstance(e, ast.Within | ast.AtLeast):
            term = "WITHIN" if isinstance(e, ast.Within) else "AT_LEAST"
            sep = (
                f" {self.kw('IS')} {self.kw(term)} {self.duration(e.duration)} {self.kw('AFTER')} "
            )
            return (e.value, _ATOM, True), sep, (e.start, _ATOM, followed)
        return None

    def _atom(self, e: ast.Expr) -> str:
        if isinstance(e, ast.Path):
            root = e.root
            if root in {"site", "camera", "event"}:
                root = self.kw(root.upper())
            return ".".join((root, *e.fields))
        if isinstance(e, ast.Ref):
            return e.name
        if isinstance(e, ast.Literal):
            return self.literal(e.value)
        if isinstance(e, ast.Effective):
            return self.kw("EFFECTIVE")
        if isinstance(e, ast.SetLit):
            return "{" + ", ".join(self.set_members(e)) + "}"
        if isinstance(e, ast.Call):  # a function without a keyword form: `name(a, b)`
            return f"{e.name}(" + ", ".join(self.flat(a) for a in e.args) + ")"
        msg = f"cannot print expression {e!r}"
        raise TypeError(msg)

    def clause(self, prefix: str, e: ast.Expr, indent: int) -> list[str]:
        """`prefix` followed by expression `e`; continuation lines indented `indent + 2`."""
        return _join([prefix], "", self.expr(e, _IF, False, len(prefix), indent + 2))

    # ------------------------------------------------------------ file
    def rule_file(self, rf: ast.RuleFile) -> list[str]:
        out = self.header(rf.header)
        for item in rf.items:
            out.append("")
            out += self.item(item)
        return out

    def header(self, h: ast.PackHeader) -> list[str]:
        out = [f"{self.kw('PACK')} {h.name} {self.kw('VERSION')} {_quote(h.version)}"]
        if h.title is not None:
            out += self.with_text([f"  {self.kw('TITLE')}"], h.title, 2)
        if h.instrument is not None:
            out.append(f"  {self.kw('INSTRUMENT')} {_quote(h.instrument)}")
        if h.level is not None:
            rank = self.kwv("RANK", _RANK_SPELLING[h.level])
            out.append(f"  {self.kw('RANK_KW')} {rank}")
        for term, day in (
            ("ADOPTED", h.adopted),
            ("PROMULGATED", h.promulgated),
            ("EFFECTIVE", h.effective),
            ("CEASED", h.ceased),
        ):
            if day is not None:
                out.append(f"  {self.kw(term)} {day.isoformat()}")
        if h.area:
            out.append(f"  {self.kw('AREA')} " + ", ".join(_quote(a) for a in h.area))
        if h.published_in is not None:
            out += self.with_text([f"  {self.kw('PUBLISHED_IN')}"], h.published_in, 2)
        if h.precedence != 0:
            out.append(f"  {self.kw('PRECEDENCE')} {h.precedence}")
        if h.extends is not None:
            out.append(f"  {self.kw('EXTENDS')} {h.extends}")
        if h.source_ends is not None:
            out.append(f"  {self.kw('SOURCE_ENDS')} {self.kw('ARTICLE')} {h.source_ends}")
        return out

    def _doc(self, lines: list[str], doc: ast.Text | None) -> list[str]:
        """Documentation texts after a definition; on their own lines when too long."""
        if doc is None:
            return lines
        flat = self.text(doc)
        if len(lines[-1]) + 1 + len(flat) <= WIDTH:
            return _join(lines, " ", [flat])
        return [*lines, *(f"  {lang} {_quote(s)}" for lang, s in doc.items)]

    def item(self, item: ast.Item) -> list[str]:
        if isinstance(item, ast.Interpretation):
            # Interpretations are prose a reader weighs: each language on its own line.
            head = f"{self.kw('INTERPRETATION')} {item.name}"
            return [head, *(f"  {lang} {_quote(s)}" for lang, s in item.text.items)]
        if isinstance(item, ast.Parameter):
            v = item.value
            value = str(v) if isinstance(v, int) else self.duration(v)
            return self._doc([f"{self.kw('PARAMETER')} {item.name} = {value}"], item.doc)
        if isinstance(item, ast.SetDef | ast.SetExtend):
            if isinstance(item, ast.SetDef):
                prefix = f"{self.kw('SET')} {item.name} = "
            else:
                prefix = f"{self.kw('EXTEND')} {self.kw('SET')} {item.name} {self.kw('WITH')} "
            lines = _join([prefix], "", self.set_lines(item.members, len(prefix), 0))
            return self._doc(lines, item.doc)
        if isinstance(item, ast.ConditionDef):
            lines = self.clause(f"{self.kw('CONDITION')} {item.name} = ", item.expr, 0)
            return self._doc(lines, item.doc)
        if isinstance(item, ast.ValueDecl):
            head = f"{self.kw('VALUE')} {item.word} {self.kw('FOR')} {self._atom(item.target)}"
            return self.with_text([head], item.text, 0)
        if isinstance(item, ast.FieldDecl):
            written = self.kwv("TYPE", _TYPE_SPELLING[item.type])
            head = f"{self.kw('FIELD')} {self._atom(item.target)} {self.kw('IS')} {written}"
            return self.with_text([head], item.text, 0)
        if isinstance(item, ast.Article | ast.Provision):
            return self.article(item)
        if isinstance(item, ast.Example):
            return self.example(item, 0)
        msg = f"cannot print item {item!r}"
        raise TypeError(msg)

    def article(self, a: ast.Article | ast.Provision) -> list[str]:
        if isinstance(a, ast.Provision):
            out = [self.kw("UNNUMBERED")]
        else:
            out = [f"{self.kw('ARTICLE')} {a.number}"]
        if a.title is not None:
            out = self.with_text([f"{out[0]} {self.kw('TITLE')}"], a.title, 0)
        if a.summary is not None:
            out += self.with_text([f"  {self.kw('SUMMARY')}"], a.summary, 2)
        if a.not_checkable is not None:
            out += self.with_text([f"  {self.kw('NOT_CHECKABLE')}"], a.not_checkable, 2)
        for rule in a.rules:
            out.append("")
            out += self.rule(rule)
        for example in a.examples:
            out.append("")
            out += self.example(example, 2)
        return out

    def rule(self, r: ast.Rule) -> list[str]:
        out = [f"  {self.kw('RULE')} {r.id}"]
        if r.title is not None:
            out = self.with_text([f"{out[0]} {self.kw('TITLE')}"], r.title, 4)
        pad = "    "
        if r.cites:
            out.append(f"{pad}{self.kw('CITES')} " + ", ".join(self.citation(c) for c in r.cites))
        if r.modality is not None and r.subject is not None:
            out.append(
                f"{pad}{self.kwv('MODALITY', r.modality)} {self.kw('ON')} {self.subject(r.subject)}"
            )
        if r.severity is not None:
            out.append(f"{pad}{self.kw('SEVERITY')} {self.kwv('LEVEL', r.severity)}")
        if r.applies is not None:
            out += self.clause(f"{pad}{self.kw('APPLIES')} {self.kw('WHEN')} ", r.applies, 4)
        if r.requirement is not None:
            out += self.requirement(r.requirement)
        if r.due is not None:
            out += self.clause(f"{pad}{self.kw('DUE')} ", r.due, 4)
        if r.interprets:
            out.append(f"{pad}{self.kw('INTERPRETS')} " + ", ".join(r.interprets))
        for lang, message in r.messages:
            out.append(f"{pad}{self.kw('MESSAGE')} {lang} {_quote(message)}")
        if r.overrides is not None:
            out.append(f"{pad}{self.kw('OVERRIDES')} {r.overrides}")
        if r.displaces is not None:
            ground = self.kwv("GROUND", _GROUND_SPELLING[r.displaces.ground])
            out.append(
                f"{pad}{self.kw('DISPLACES')} {r.displaces.rule} {self.as_ground()} {ground}"
            )
        return out

    def as_ground(self) -> str:
        """`as` before a ground of displacement (Chinese has a clearer second spelling)."""
        spellings = keywords.table()[self.lang]["AS"]
        return spellings[1] if len(spellings) > 1 else spellings[0]

    def citation(self, c: ast.Citation) -> str:
        if c.article is None:
            return self.kw("UNNUMBERED")
        s = f"{self.kw('ARTICLE')} {c.article}"
        if c.last_paragraph:
            return f"{s} {self.kw('LAST_PARAGRAPH')}"
        if c.paragraph is not None:
            s += f" {self.kw('PARAGRAPH')} {c.paragraph}"
        if c.item is not None:
            s += f" {self.kw('ITEM')} {c.item}"
        return s

    def subject(self, s: ast.SubjectSpec) -> str:
        word = self.kw(s.kind.upper())
        if s.kind != "event":
            return word
        return f"{word} " + f" {self.kw('OR')} ".join(s.event_types)

    def requirement(self, req: ast.Requirement) -> list[str]:
        pad = "    "
        if isinstance(req, ast.RequiresBy | ast.RequiresEventBy):
            head = f"{pad}{self.kw('REQUIRES')} "
            if isinstance(req, ast.RequiresBy):
                lines = _join([head], "", self.expr(req.act, _IF, False, len(head), 6))
            else:
                r = req.related
                lines = [head + self.related_head(r)]
                if r.where is not None:
                    h = f"      {self.kw('WHERE')} "
                    lines += _join([h], "", self.expr(r.where, _OR, False, len(h), 8))
            tail = f"      {self.kw('WITHIN')} {self.duration(req.duration)} {self.kw('AFTER')} "
            return [*lines, *_join([tail], "", self.expr(req.start, _IF, False, len(tail), 8))]
        term = {
            ast.Requires: "REQUIRES",
            ast.Forbids: "FORBIDS",
            ast.Permits: "PERMITS",
            ast.InScope: "SCOPE_WHEN",
        }[type(req)]
        return self.clause(f"{pad}{self.kw(term)} ", req.expr, 4)

    def example(self, ex: ast.Example, indent: int) -> list[str]:
        pad = " " * (indent + 2)
        out = [" " * indent + f"{self.kw('EXAMPLE')} {_quote(ex.name)}"]
        if ex.as_of is not None:
            out.append(f"{pad}{self.kw('AS_OF')} {ex.as_of.isoformat()}")
        for rec in ex.records:
            ident = rec.ident or ""
            head = f"{pad}{self.kw(rec.kind.upper())} "
            head += ident if rec.kind == "event" else self.name(ident)
            fields = [f"{f.name}: {self.record_value(f.value)}" for f in rec.fields]
            flat = head + " {" + ", ".join(fields) + "}"
            if len(flat) <= WIDTH or not fields:
                out.append(flat)
            else:
                out.append(head + " {")
                out += [f"{pad}  {f}," for f in fields]
                out.append(pad + "}")
        for x in ex.expects:
            s = (
                f"{pad}{self.kw('EXPECT')} {x.rule} {self.kwv('STATUS', x.status)} "
                f"{self.kw('FOR')} {self.kw(x.subject_kind.upper())} {self.name(x.subject_id)}"
            )
            if x.due is not None:
                s += f" {self.kw('DUE')} {x.due.isoformat()}"
            if x.no_due:
                s += f" {self.kw('DUE')} {self.kw('NONE_WORD')}"
            if x.fulfilled is not None:
                s += f" {self.kw('FULFILLED')} {x.fulfilled.isoformat()}"
            out.append(s)
        return out


# ---------------------------------------------------------------- comments
Pos = tuple[int, int]


def _spans(a: object, b: object) -> Iterator[tuple[Pos, Pos]]:
    """Pairs (start in a, start in b) of every located node of two equal ASTs."""
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        for x, y in zip(a, b, strict=False):
            yield from _spans(x, y)
        return
    if not attrs.has(type(a)) or type(a) is not type(b):
        return
    sa, sb = getattr(a, "span", None), getattr(b, "span", None)
    if sa is not None and sb is not None:
        yield (sa.line, sa.column), (sb.line, sb.column)
    if isinstance(a, ast.Rule) and isinstance(b, ast.Rule):
        first: dict[str, list[Pos]] = {}
        for key, span in b.clause_spans:
            if span is not None:
                first.setdefault(key, []).append((span.line, span.column))
        seen: dict[str, int] = {}
        for key, span in a.clause_spans:
            if span is None or key not in first:
                continue
            i = seen.get(key, 0)
            seen[key] = i + 1
            targets = first[key]
            yield (span.line, span.column), targets[min(i, len(targets) - 1)]
    for field in attrs.fields(type(a)):  # type: ignore[arg-type]
        if field.name in {"span", "clause_spans", "comments"}:
            continue
        yield from _spans(getattr(a, field.name), getattr(b, field.name))


def _header_fields(text: str) -> dict[str, Pos]:
    """Where each pack header clause starts (they carry no span in the AST)."""
    tree, _ = parse_tree(text)
    out: dict[str, Pos] = {}
    if tree is None:
        return out
    header: Any = tree.children[0]
    for child in header.children:
        data = getattr(child, "data", None)
        meta = getattr(child, "meta", None)
        if data in _HEADER_FIELDS and meta is not None and not meta.empty:
            out[str(data)] = (meta.line, meta.column)
    return out


def _place_comments(rf: ast.RuleFile, original: str | None, lines: list[str]) -> list[str]:
    """Insert `rf.comments` before the line of the first node that started after each."""
    if not rf.comments:
        return lines
    text = "\n".join(lines) + "\n"
    printed, _ = parse(text, rf.source)
    if printed is None:  # the printer produced something it cannot read: keep comments last
        return [*lines, *(c.text for c in rf.comments)]
    where: dict[Pos, int] = {}
    for old, new in _spans(rf, printed):
        where[old] = min(where.get(old, new[0]), new[0])
    if original is not None:
        new_fields = _header_fields(text)
        for key, pos in _header_fields(original).items():
            if key in new_fields:
                where[pos] = min(where.get(pos, new_fields[key][0]), new_fields[key][0])
    starts = sorted(where)
    before: dict[int, list[str]] = {}
    trailing: list[str] = []
    for c in sorted(rf.comments, key=lambda c: (c.line, c.column)):
        i = bisect.bisect_right(starts, (c.line, c.column))
        if i == len(starts):
            trailing.append(c.text)
        else:
            before.setdefault(where[starts[i]], []).append(c.text)
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        pad = line[: len(line) - len(line.lstrip())]
        out += [pad + c for c in before.get(number, ())]
        out.append(line)
    return out + trailing


def format_rule_file(rf: ast.RuleFile, *, lang: str = "en", original: str | None = None) -> str:
    """Lay out a parsed rule file canonically, in English or Chinese keywords.

    Args:
        rf: the parsed file; its `comments` are kept.
        lang: `en` or `zh`, the surface language of the keywords.
        original: the text `rf` was parsed from, if at hand; it lets comments
            inside the pack header stay next to their clause.

    Returns:
        The formatted text, ending in one newline.

    Example:
        >>> from lnvideo.syntax.from_tree import parse
        >>> rf, _ = parse('pack demo version "1" parameter p = 3  days  # three')
        >>> print(format_rule_file(rf), end="")
        pack demo version "1"
        <BLANKLINE>
        parameter p = 3 days
        # three
    """
    lines = _Printer(lang).rule_file(rf)
    return "\n".join(_place_comments(rf, original, lines)) + "\n"


def format_text(
    text: str, name: str = "<string>", *, lang: str = "en"
) -> tuple[str | None, list[Diagnostic]]:
    """Parse and format `text`; `(None, diagnostics)` when it does not parse.

    Example:
        >>> out, diags = format_text('pack demo version "1"')
        >>> out
        'pack demo version "1"\\n'
    """
    rf, diags = parse(text, name)
    if rf is None:
        return None, diags
    return format_rule_file(rf, lang=lang, original=text), []


def unified_diff(original: str, formatted: str, name: str) -> str:
    """What `lnvideo fmt` would change in `name`, as a unified diff ("" when nothing).

    Example:
        >>> print(unified_diff('pack p version "1"\\nparameter  x = 1\\n',
        ...                    'pack p version "1"\\n\\nparameter x = 1\\n', "p.lnv"), end="")
        --- p.lnv
        +++ p.lnv (formatted)
        @@ -1,2 +1,3 @@
         pack p version "1"
        -parameter  x = 1
        +
        +parameter x = 1
    """
    import difflib

    lines = difflib.unified_diff(
        original.splitlines(keepends=True),
        formatted.splitlines(keepends=True),
        fromfile=name,
        tofile=f"{name} (formatted)",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
