"""Names: definitions of a pack and the resolution of every name in an expression.

Input: the files' parameter, set, condition and interpretation definitions, and
expressions as parsed. Output: resolved leaves: `ir.Path`s typed from the record
schema, literals for parameters, enumeration words and `effective`, sets with
their members spliced in, conditions inlined. Unknown names are LNV101/103/108/109
with a did-you-mean hint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

import attrs

from lnvideo import ir, schema
from lnvideo.check.base import (
    CheckerBase,
    _Ctx,
)
from lnvideo.check.types import (
    ANY,
    BOOL,
    DATE,
    INT,
    STR,
    Ty,
    fields_of,
    of_spec,
)
from lnvideo.diagnostics import did_you_mean
from lnvideo.source import Span
from lnvideo.syntax import ast


class NamesPass(CheckerBase):
    """Names pass: see the module docstring."""

    def unknown(
        self, code: str, msg: str, span: Span | None, name: str, known: Iterable[str]
    ) -> None:
        """Report `name`, which is not one of `known`, with the nearest known name as hint."""
        self.error(code, msg, span, hint=did_you_mean(name, known))

    def _defined_elsewhere(self, item: Any, first: Any) -> None:
        """LNV105 when another file defined the same name differently (`item` is skipped
        either way: the first definition stands).

        Names are shared by every loaded pack, so a second, different definition would
        silently change the first pack's rules; the same definition twice is harmless.
        """
        if first == item:
            return
        where = "another file"
        if first.span is not None:
            where = f"{PurePath(first.span.source).name} line {first.span.line}"
        self.error(
            "LNV105",
            f"`{item.name}` is already defined differently in {where}; every loaded pack "
            "shares these names, so this would change that pack's rules too",
            item.span,
            hint=f"give it a name of its own, e.g. `{self._prefix(item)}{item.name}`",
        )

    @staticmethod
    def _prefix(item: Any) -> str:
        source = item.span.source if item.span is not None else ""
        stem = PurePath(source).stem.replace("-", "_") if source else "local"
        return f"{stem}_"

    def _definitions(self, files: list[ast.RuleFile]) -> None:
        seen: dict[str, Any] = {}
        for f in files:
            local: set[str] = set()
            for item in f.items:
                name = getattr(item, "name", None)
                if isinstance(
                    item, ast.Interpretation | ast.Parameter | ast.SetDef | ast.ConditionDef
                ):
                    assert name is not None
                    if name in local:
                        self.error("LNV105", f"`{name}` is defined twice in this pack", item.span)
                        continue
                    local.add(name)
                    if name in seen:
                        self._defined_elsewhere(item, seen[name])
                        continue
                    seen[name] = item
                if isinstance(item, ast.Interpretation):
                    self.interpretations[item.name] = dict(item.text.items)
                elif isinstance(item, ast.Parameter):
                    value = item.value
                    if (isinstance(value, ast.DurationLit) and value.n < 0) or (
                        isinstance(value, int) and value < 0
                    ):
                        self.error(
                            "LNV201", f"parameter `{item.name}` must not be negative", item.span
                        )
                    self.params[item.name] = value
                    self.param_spans.setdefault(item.name, item.span)
                elif isinstance(item, ast.SetDef):
                    self.sets[item.name] = list(item.members.members)
                    self.set_spans.setdefault(item.name, item.span)
                elif isinstance(item, ast.SetExtend):
                    if item.name not in self.sets:
                        msg = f"cannot extend set `{item.name}`: no such set"
                        self.unknown("LNV211", msg, item.span, item.name, self.sets)
                        continue
                    self.sets[item.name].extend(item.members.members)
                    self.used.add(item.name)
                elif isinstance(item, ast.ConditionDef):
                    self.conditions[item.name] = item
                    self.param_spans.setdefault(item.name, item.span)

    def _e_Path(self, e: ast.Path, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        root = e.root
        if root in ctx.bindings:
            kind, etype = "event", ctx.bindings[root]
        elif root == "site":
            kind, etype = "site", None
        elif root in {"camera", "event"}:
            if ctx.subject != root:
                self.error(
                    "LNV205",
                    f"`{root}` is not available here: this rule is about "
                    f"{_article(ctx.subject) if ctx.subject != 'none' else 'no subject'}",
                    e.span,
                    hint="use `site.…`, the subject's fields, or name related events with "
                    "`exists event TYPE as NAME where …`",
                )
                return e, ANY
            kind, etype = root, ctx.event_type
        else:
            names = [
                "site",
                *(["camera"] if ctx.subject == "camera" else []),
                *(["event"] if ctx.subject == "event" else []),
                *ctx.bindings,
            ]
            self.unknown("LNV103", f"unknown name `{root}`", e.span, root, names)
            return e, ANY
        if len(e.fields) != 1:
            self.error("LNV101", f"`{e}` goes too deep: a record's fields have no fields", e.span)
            return e, ANY
        field = e.fields[0]
        fields = fields_of(kind, etype)
        if kind == "event":
            fields = dict(fields)
            fields["on_at"] = schema.FieldSpec("on_at", schema.Type.INSTANT)
        spec = fields.get(field)
        if spec is None:
            other = (
                [t for t, fs in schema.EVENT_TYPE_FIELDS.items() if field in fs]
                if kind == "event"
                else []
            )
            if other:
                self.error(
                    "LNV205",
                    f"`{field}` is not a field of `{etype}` events "
                    f"(it belongs to {', '.join(other)})",
                    e.span,
                )
            else:
                self.unknown("LNV101", f"unknown field `{field}` on {kind}", e.span, field, fields)
            return e, ANY
        ty = of_spec(spec)
        return ir.Path(root, field, ty.name, span=e.span), ty

    def _e_Ref(self, e: ast.Ref, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        name = e.name
        if name in self.conditions:
            self.used.add(name)
            if name in self._expanding:
                self.error("LNV201", f"condition `{name}` refers to itself", e.span)
                return ast.Literal(False, span=e.span), BOOL
            self._expanding.append(name)
            try:
                inner, t = self.expr(self.conditions[name].expr, ctx)
            finally:
                self._expanding.pop()
            return inner, t
        if name in self.params:
            self.used.add(name)
            value = self.params[name]
            if isinstance(value, ast.DurationLit):
                self.error(
                    "LNV201", f"`{name}` is a duration; use it after `within` or `at least`", e.span
                )
                return e, ANY
            return ast.Literal(value, span=e.span), INT
        if name in self.sets:
            self.used.add(name)
            return self._set(ast.SetLit(tuple(self.sets[name]), span=e.span), ctx, expect)
        if expect is not None and expect.name in {"enum", "open_enum"} and name in expect.values:
            return ast.Literal(name, span=e.span), expect
        if expect is not None and expect.name == "open_enum":
            return ast.Literal(name, span=e.span), expect
        candidates = [*self.params, *self.sets, *self.conditions]
        if expect is not None:
            candidates += list(expect.values)
        hint = did_you_mean(name, candidates)
        if expect is not None and expect.name == "enum":
            from lnvideo.packs import declaring_pack

            pack = declaring_pack(name)
            if pack is not None:
                hint = (
                    f"`{name}` is declared by the bundled pack `{pack}`: load it with "
                    f"`--rules {pack}`, or declare the word with `value {name} for …`"
                )
            self.error(
                "LNV108",
                f"`{name}` is not one of the allowed values ({', '.join(expect.values)})",
                e.span,
                hint=hint,
            )
        else:
            self.error(
                "LNV103",
                f"unknown name `{name}`",
                e.span,
                hint=hint or "text values go in double quotes",
            )
        return e, ANY

    def _e_Word(self, e: ast.Word, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        return self._e_Ref(ast.Ref(e.name, span=e.span), ctx, expect)

    def _e_Literal(self, e: ast.Literal, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        v = e.value
        if isinstance(v, bool):
            return e, BOOL
        if isinstance(v, int):
            return e, INT
        if isinstance(v, dt.date):
            return e, DATE
        if expect is not None and expect.name == "enum" and v not in expect.values:
            msg = f'"{v}" is not one of the allowed values ({", ".join(expect.values)})'
            self.unknown("LNV108", msg, e.span, str(v), expect.values)
        return e, STR

    def _e_Effective(self, e: ast.Effective, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        return ast.Literal(self.effective or dt.date(2008, 1, 1), span=e.span), DATE

    def _set(self, s: ast.SetLit, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        out: list[ast.Literal] = []
        for m in s.members:
            if isinstance(m, ast.Word):
                if m.name in self.sets:  # a set inside a set: splice it in
                    self.used.add(m.name)
                    inner, _ = self._set(ast.SetLit(tuple(self.sets[m.name])), ctx, expect)
                    out.extend(inner.members)
                    continue
                lit, _ = self._e_Ref(ast.Ref(m.name, span=m.span), ctx, expect or Ty("open_enum"))
                if isinstance(lit, ast.Literal):
                    out.append(lit)
            else:
                self._e_Literal(m, ctx, expect)
                out.append(m)
        elem = expect.name if expect else None
        return ast.SetLit(tuple(out), span=s.span), Ty("set", elem=elem)

    def _e_SetLit(self, e: ast.SetLit, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        return self._set(e, ctx, expect)

    def _day_count(self, node: Any) -> ast.Literal | None:
        """A `N days` parameter compared with a number of days stands for N."""
        if isinstance(node, ast.Ref):
            value = self.params.get(node.name)
            if isinstance(value, ast.DurationLit) and value.unit == "days":
                self.used.add(node.name)
                return ast.Literal(value.n, span=node.span)
            if isinstance(value, ast.DurationLit):
                self.used.add(node.name)
                unit = value.unit.replace("_", " ")
                unit = unit[:-1] if value.n == 1 else unit
                self.error(
                    "LNV209",
                    f"`{node.name}` is {value.n} {unit}; only a number of days can be "
                    "compared with a number",
                    node.span,
                    hint=f"define `{node.name}` in days, or use it after `within` or `at least`",
                )
                return ast.Literal(0, span=node.span)
        return None

    def related(self, r: ast.Related, ctx: _Ctx) -> ast.Related | None:
        if r.event_type not in schema.EVENT_TYPES:
            msg = f"unknown event type `{r.event_type}`"
            self.unknown("LNV109", msg, r.span, r.event_type, schema.EVENT_TYPES)
            return None
        if r.binding in {"site", "camera", "event"} or r.binding in ctx.bindings:
            self.error("LNV105", f"`{r.binding}` is already a name here; choose another", r.span)
            return None
        inner = _Ctx(
            ctx.subject, ctx.event_type, {**ctx.bindings, r.binding: r.event_type}, ctx.rule
        )
        where = None
        if r.where is not None:
            where, t = self.expr(r.where, inner)
            self.want_bool(t, r.where)
        return attrs.evolve(r, where=where)


def _article(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def definitions(ck: NamesPass) -> bool:
    """Pass `definitions`: parameters, sets, conditions and interpretations of every pack."""
    ck._definitions(ck.ordered_files)
    return True
