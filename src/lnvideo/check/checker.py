"""Parsed rule files -> checked `ir.Ruleset`, with every problem collected.

Input: one or more `ast.RuleFile` (a pack may span several files; several packs
may be loaded together) and their source texts. Output: `(Ruleset | None,
diagnostics)`: the ruleset is None when any error was found. All problems are
collected in one pass and sorted by position; each has a stable code, a span and,
where a near name exists, a did-you-mean hint.

What it checks: names (fields against the SPEC §2 schema, parameters, sets,
conditions, event types, interpretations, rule ids), types (a date compared with
a number, a word that is not one of an enumeration's values), rule shape (one
subject, one requirement that fits the modality, citations, messages in zh and
en), packs (one scope rule; overrides of existing rules; no two overrides of one
rule at the same precedence), unused parameters and sets, rules that can never
apply, and the examples' records and expectations.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

import attrs

from lnvideo import ir, schema, semantics
from lnvideo.check.to_ir import to_ir
from lnvideo.check.types import (
    ANY,
    BOOL,
    DATE,
    INT,
    STR,
    TEXTUAL,
    Ty,
    comparable,
    fields_of,
    is_temporal,
    of_spec,
)
from lnvideo.diagnostics import Diagnostic, did_you_mean, sort_diagnostics
from lnvideo.source import Span
from lnvideo.syntax import ast

LANGS_REQUIRED = ("zh", "en")
PLACEHOLDER = semantics.PLACEHOLDER
PLACEHOLDER_FIXED = semantics.PLACEHOLDER_FIXED

_MODALITY_REQUIREMENTS: dict[str, tuple[type, ...]] = {
    "obligation": (ast.Requires, ast.RequiresBy, ast.RequiresEventBy),
    "prohibition": (ast.Forbids, ast.Requires),
    "permission": (ast.Permits, ast.Requires),
    "scope": (ast.InScope,),
}


@attrs.define
class _Ctx:
    subject: str  # site | camera | event | none (definitions)
    event_type: str | None
    bindings: dict[str, str]
    rule: str | None


class Checker:
    def __init__(self, files: list[ast.RuleFile], sources: dict[str, str]) -> None:
        self.files = files
        self.sources = sources
        self.diags: list[Diagnostic] = []
        self.params: dict[str, Any] = {}
        self.param_spans: dict[str, Span | None] = {}
        self.sets: dict[str, list[ast.Word | ast.Literal]] = {}
        self.set_spans: dict[str, Span | None] = {}
        self.conditions: dict[str, ast.ConditionDef] = {}
        self.interpretations: dict[str, dict[str, str]] = {}
        self.used: set[str] = set()
        self.effective: dt.date | None = None
        self._expanding: list[str] = []

    # ------------------------------------------------------------ diagnostics
    def _error_count(self) -> int:
        return sum(1 for d in self.diags if d.is_error)

    def error(self, code: str, msg: str, span: Span | None, hint: str | None = None) -> None:
        self.diags.append(Diagnostic(code, msg, span, hint=hint))

    def one_per_lang(self, text: ast.Text | None, what: str) -> None:
        """Report a language given twice in one title or summary (dict() keeps the last)."""
        if text is None:
            return
        seen: set[str] = set()
        for lang, _ in text.items:
            if lang in seen:
                first = self._locate(text.span, lang, word=True)
                second = None
                if first is not None and text.span is not None:
                    after = attrs.evolve(
                        text.span, line=first.line, column=first.end_column or first.column
                    )
                    second = self._locate(after, lang, word=True)
                self.error(
                    "LNV105",
                    f"{what} gives `{lang}` twice",
                    second or first or text.span,
                    hint="write each language once",
                )
                return
            seen.add(lang)

    # ------------------------------------------------------------ entry
    def run(self) -> ir.Ruleset | None:
        packs = self._packs()
        if not packs:
            return None
        base = [p for p in packs if p.extends is None]
        self.effective = next((p.effective for p in base if p.effective), None) or next(
            (p.effective for p in packs if p.effective), None
        )
        if self.effective is None:
            first = self.files[0].header
            self.error(
                "LNV212",
                "no pack states its `effective` date",
                first.span,
                hint="add `effective 2008-01-01` to the pack header",
            )
            self.effective = dt.date(2008, 1, 1)
        ordered_files = sorted(
            self.files, key=lambda f: (f.header.precedence, f.header.extends is not None)
        )
        self._definitions(ordered_files)
        rules: list[ir.Rule] = []
        articles: dict[tuple[str, int], dict[str, Any]] = {}
        raw_examples: list[tuple[ast.Example, str]] = []
        seen_ids: dict[str, Span | None] = {}
        for f in ordered_files:
            for item in f.items:
                if isinstance(item, ast.Article):
                    key = (f.header.name, item.number)
                    entry = articles.setdefault(
                        key,
                        {"titles": {}, "summary": {}, "not_checkable": {}, "rules": []},
                    )
                    self.one_per_lang(item.title, f"the title of article {item.number}")
                    self.one_per_lang(item.summary, f"the summary of article {item.number}")
                    if item.title:
                        entry["titles"].update(dict(item.title.items))
                    if item.summary:
                        entry["summary"].update(dict(item.summary.items))
                    if item.not_checkable:
                        entry["not_checkable"].update(dict(item.not_checkable.items))
                    for rule in item.rules:
                        if rule.id in seen_ids:
                            earlier = seen_ids[rule.id]
                            where = f"first at {earlier}"
                            if (
                                earlier is not None
                                and rule.span is not None
                                and (earlier.source != rule.span.source)
                            ):
                                where = (
                                    f"first in {PurePath(earlier.source).name} line {earlier.line}"
                                )
                            self.error(
                                "LNV104",
                                f"rule `{rule.id}` is defined twice ({where})",
                                rule.span,
                                hint="give each rule its own id; to change another pack's "
                                "rule use `overrides`",
                            )
                            continue
                        seen_ids[rule.id] = rule.span
                        checked = self._rule(rule, item.number, f.header)
                        if checked is not None:
                            rules.append(checked)
                            entry["rules"].append(checked.id)
                    for ex in item.examples:
                        raw_examples.append((ex, f.header.name))
                elif isinstance(item, ast.Example):
                    raw_examples.append((item, f.header.name))
        self._unused()
        ruleset = self._assemble(packs, rules, articles)
        if ruleset is None:
            return None
        examples = tuple(
            e for e in (self._example(ex, pack, ruleset) for ex, pack in raw_examples) if e
        )
        tested = {exp.rule for ex, _ in raw_examples for exp in ex.expects}
        for r in ruleset.all_rules():
            if r.id not in tested and r.overrides not in tested:
                self.diags.append(
                    Diagnostic(
                        "LNV210",
                        f"rule `{r.id}` has no example",
                        r.span,
                        hint=f"add an `example` with `expect {r.id} … for …` so "
                        "`lnvideo test` can show the rule does what its article says",
                    )
                )
        if any(d.is_error for d in self.diags):
            return None
        return attrs.evolve(ruleset, examples=examples)

    # ------------------------------------------------------------ packs and definitions
    def _packs(self) -> list[ir.PackInfo]:
        by_name: dict[str, ir.PackInfo] = {}
        for f in self.files:
            h = f.header
            self.one_per_lang(h.title, f"the title of pack `{h.name}`")
            info = ir.PackInfo(
                name=h.name,
                version=h.version,
                titles=dict(h.title.items) if h.title else {},
                instrument=h.instrument,
                adopted=h.adopted,
                promulgated=h.promulgated,
                effective=h.effective,
                precedence=h.precedence,
                extends=h.extends,
                source_ends=h.source_ends,
                source=f.source,
            )
            if h.name in by_name:
                prev = by_name[h.name]
                if prev.version != h.version or prev.precedence != h.precedence:
                    self.error(
                        "LNV105",
                        f"pack `{h.name}` is declared with a different version or precedence "
                        f"in {prev.source}",
                        h.span,
                    )
                continue
            by_name[h.name] = info
        names = set(by_name)
        for info in by_name.values():
            if info.extends is not None and info.extends not in names:
                span = next((f.header.span for f in self.files if f.header.name == info.name), None)
                self.error(
                    "LNV103",
                    f"pack `{info.name}` extends `{info.extends}`, which is not loaded",
                    span,
                    hint=did_you_mean(info.extends, names)
                    or "load the base pack too (the bundled Measures pack is `liaoning`)",
                )
        return sorted(by_name.values(), key=lambda p: (p.precedence, p.extends is not None))

    def _definitions(self, files: list[ast.RuleFile]) -> None:
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
                        self.error(
                            "LNV211",
                            f"cannot extend set `{item.name}`: no such set",
                            item.span,
                            hint=did_you_mean(item.name, self.sets),
                        )
                        continue
                    self.sets[item.name].extend(item.members.members)
                    self.used.add(item.name)
                elif isinstance(item, ast.ConditionDef):
                    self.conditions[item.name] = item
                    self.param_spans.setdefault(item.name, item.span)

    def _unused(self) -> None:
        for name, span in self.param_spans.items():
            if name not in self.used:
                what = "condition" if name in self.conditions else "parameter"
                self.diags.append(
                    Diagnostic(
                        "LNV106",
                        f"{what} `{name}` is never used",
                        span,
                        hint="remove it, or use it in a rule",
                    )
                )
        for name, span in self.set_spans.items():
            if name not in self.used:
                self.diags.append(
                    Diagnostic(
                        "LNV106",
                        f"set `{name}` is never used",
                        span,
                        hint="remove it, or use it in a rule",
                    )
                )

    # ------------------------------------------------------------ rules
    def _rule(self, rule: ast.Rule, article: int, header: ast.PackHeader) -> ir.Rule | None:
        before = len([d for d in self.diags if d.is_error])
        for key in ("modality", "severity", "applies", "requirement", "overrides"):
            spans = [s for k, s in rule.clause_spans if k == key]
            if len(spans) > 1:
                self.error("LNV105", f"rule `{rule.id}` has more than one `{key}` clause", spans[1])
        if rule.subject is None or rule.modality is None:
            self.error(
                "LNV207",
                f"rule `{rule.id}` does not say what it is about",
                rule.span,
                hint="add a line like `obligation on site` or `prohibition on event "
                "footage_deleted`",
            )
            return None
        subject = rule.subject
        if subject.kind == "event" and subject.event_type not in schema.EVENT_TYPES:
            self.error(
                "LNV109",
                f"unknown event type `{subject.event_type}`",
                subject.span,
                hint=did_you_mean(subject.event_type or "", schema.EVENT_TYPES),
            )
            return None
        if rule.requirement is None:
            self.error(
                "LNV207",
                f"rule `{rule.id}` has no requirement",
                rule.span,
                hint="add `requires …`, `forbids …` or `permits …`",
            )
            return None
        allowed = _MODALITY_REQUIREMENTS[rule.modality]
        if not isinstance(rule.requirement, allowed):
            self.error(
                "LNV201",
                f"a {rule.modality} rule cannot use this kind of requirement",
                rule.requirement.span,
                hint={
                    "obligation": "an obligation says `requires …`",
                    "prohibition": "a prohibition says `forbids …`",
                    "permission": "a permission says `permits …`",
                    "scope": "a scope rule says `in scope when …`",
                }[rule.modality],
            )
        if not rule.cites:
            self.error(
                "LNV207",
                f"rule `{rule.id}` cites no article",
                rule.span,
                hint=f"add `cites article {article}`",
            )
        self.one_per_lang(rule.title, f"the title of rule `{rule.id}`")
        ctx = _Ctx(subject.kind, subject.event_type, {}, rule.id)
        applies = None
        if rule.applies is not None:
            errors_before = self._error_count()
            applies, t = self.expr(rule.applies, ctx)
            self.want_bool(t, rule.applies)
            # A condition that had errors was partly dropped; judging it would only
            # add a follow-on warning.
            clean = self._error_count() == errors_before
            why = None
            if clean and self._const_false(applies):
                why = "its condition is always false"
            elif clean:
                why = _contradiction(applies)
            if why is not None:
                self.diags.append(
                    Diagnostic(
                        "LNV204",
                        f"rule `{rule.id}` can never apply: {why}",
                        rule.applies.span,
                        hint="check the `applies when` line: no record can meet it",
                    )
                )
        requirement = self._requirement(rule.requirement, ctx)
        interprets_spans = [s for k, s in rule.clause_spans if k == "interprets"]
        for name in rule.interprets:
            if name not in self.interpretations:
                where = next(
                    (
                        found
                        for sp in interprets_spans
                        if (found := self._locate(sp, name, word=True))
                    ),
                    rule.span,
                )
                self.error(
                    "LNV111",
                    f"unknown interpretation `{name}`",
                    where,
                    hint=did_you_mean(name, self.interpretations)
                    or 'define it with `interpretation NAME en "…" zh "…"`',
                )
        message_spans = [s for k, s in rule.clause_spans if k == "message"]
        messages: dict[str, str] = {}
        placeholder_types: dict[str, str] = {}
        for (lang, text), mspan in zip(rule.messages, message_spans, strict=False):
            if lang in messages:
                # dict() would keep the last one silently.
                self.error(
                    "LNV105",
                    f"rule `{rule.id}` has two `message {lang}` lines",
                    mspan or rule.span,
                    hint="keep one message per language",
                )
            messages[lang] = text
            placeholder_types.update(self._placeholders(text, ctx, rule, mspan))
        if rule.modality != "scope" and rule.overrides is None:
            for lang in LANGS_REQUIRED:
                if lang not in messages:
                    self.error(
                        "LNV206",
                        f"rule `{rule.id}` has no `message {lang}`",
                        rule.span,
                        hint=f'add `message {lang} "…"` saying what went wrong',
                    )
        if len([d for d in self.diags if d.is_error]) > before or requirement is None:
            return None
        return ir.Rule(
            id=rule.id,
            pack=header.name,
            article=str(rule.cites[0].article if rule.cites else article),
            cites=rule.cites,
            modality=rule.modality,
            subject_kind=subject.kind,
            event_type=subject.event_type,
            severity=rule.severity or "error",
            applies=to_ir(applies),
            requirement=to_ir(requirement),
            interprets=rule.interprets,
            messages=messages,
            titles=dict(rule.title.items) if rule.title else {},
            overrides=rule.overrides,
            precedence=header.precedence,
            placeholder_types=placeholder_types,
            source_text=self._source_of(rule),
            applies_text=self._text_of(rule.applies),
            requirement_text=self._text_of(rule.requirement),
            span=rule.span,
        )

    def _source_of(self, rule: ast.Rule) -> str:
        if rule.span is None or rule.span.source not in self.sources:
            return ""
        lines = self.sources[rule.span.source].splitlines()
        last = (
            max((s.end_line or s.line) for _, s in rule.clause_spans if s)
            if any(s for _, s in rule.clause_spans)
            else rule.span.line
        )
        start = rule.span.line - 1
        return "\n".join(lines[start:last])

    def _text_of(self, node: Any) -> str:
        span = getattr(node, "span", None)
        if span is None or span.source not in self.sources:
            return ""
        lines = self.sources[span.source].splitlines()
        end_line = span.end_line or span.line
        chunk = lines[span.line - 1 : end_line]
        if not chunk:
            return ""
        if end_line == span.line:
            chunk[0] = chunk[0][span.column - 1 : (span.end_column or 0) - 1 or None]
        else:
            chunk[0] = chunk[0][span.column - 1 :]
            chunk[-1] = chunk[-1][: (span.end_column or 1) - 1]
        return " ".join(part.strip() for part in chunk)

    def _locate(self, span: Span | None, needle: str, *, word: bool = False) -> Span | None:
        """The span of the first `needle` inside `span`'s text, or None."""
        if span is None or span.source not in self.sources:
            return None
        lines = self.sources[span.source].splitlines()
        pattern = re.escape(needle)
        if word:
            pattern = rf"(?<![\w]){pattern}(?![\w])"
        for number in range(span.line, (span.end_line or span.line) + 1):
            if not 1 <= number <= len(lines):
                break
            text = lines[number - 1]
            start = span.column - 1 if number == span.line else 0
            m = re.compile(pattern).search(text, start)
            if m:
                return Span(span.source, number, m.start() + 1, number, m.end() + 1)
        return None

    def _placeholders(
        self, text: str, ctx: _Ctx, rule: ast.Rule, span: Span | None = None
    ) -> dict[str, str]:
        """Report placeholders that name nothing; return the record fields named -> their types."""
        found: dict[str, str] = {}
        for m in PLACEHOLDER.finditer(text):
            name = m.group(1)
            if name in PLACEHOLDER_FIXED:
                continue
            root, _, field = name.partition(".")
            ok = False
            if field and root in {"site", "camera", "event"} and root in {"site", ctx.subject}:
                spec = fields_of(root, ctx.event_type).get(field)
                ok = spec is not None
                if spec is not None:
                    found[name] = spec.type.value
            if not ok:
                options = (
                    sorted(PLACEHOLDER_FIXED)
                    + [f"{ctx.subject}.{f}" for f in fields_of(ctx.subject, ctx.event_type)]
                    if ctx.subject != "none"
                    else sorted(PLACEHOLDER_FIXED)
                )
                self.error(
                    "LNV110",
                    f"message placeholder `{{{name}}}` names nothing this rule knows",
                    self._locate(span, "{" + name + "}") or span or rule.span,
                    hint=did_you_mean(name, options)
                    or "use {due}, {fulfilled_on}, {as_of}, {subject} or a field like "
                    "{site.county_code}",
                )
        return found

    def _requirement(self, req: ast.Requirement, ctx: _Ctx) -> ast.Requirement | None:
        if isinstance(req, ast.Requires | ast.Forbids | ast.Permits | ast.InScope):
            e, t = self.expr(req.expr, ctx)
            self.want_bool(t, req.expr)
            return attrs.evolve(req, expr=e)
        if isinstance(req, ast.RequiresBy):
            act, ta = self.expr(req.act, ctx)
            if not isinstance(act, ir.Path) or not is_temporal(ta):
                self.error(
                    "LNV201",
                    "the act in `requires … within …` must be a date field, "
                    "like `event.reported_on`",
                    req.act.span,
                )
            start, ts = self.expr(req.start, ctx)
            self.want_temporal(ts, req.start)
            dur = self.duration(
                req.duration,
                self._instant_capable(req.act, ta),
                self._instant_capable(req.start, ts),
            )
            return attrs.evolve(req, act=act, start=start, duration=dur)
        if isinstance(req, ast.RequiresEventBy):
            related = self.related(req.related, ctx)
            start, ts = self.expr(req.start, ctx)
            self.want_temporal(ts, req.start)
            dur = self.duration(req.duration, Ty("instant"), self._instant_capable(req.start, ts))
            if related is None:
                return None
            return attrs.evolve(req, related=related, start=start, duration=dur)
        return None

    # ------------------------------------------------------------ expressions
    def want_bool(self, t: Ty, node: Any) -> None:
        if t.name not in {"bool", "any"}:
            self.error(
                "LNV201",
                f"expected a condition (true or false) but this is a {t}",
                getattr(node, "span", None),
                hint="compare it, e.g. `site.retention_days >= 15`, or test it, e.g. "
                "`site.standards is not empty`",
            )

    def want_temporal(self, t: Ty, node: Any) -> None:
        if not is_temporal(t):
            self.error("LNV201", f"expected a date but this is a {t}", getattr(node, "span", None))

    def duration(self, d: ast.Duration, value_t: Ty, start_t: Ty) -> ast.DurationLit:
        if isinstance(d, ast.DurationRef):
            self.used.add(d.name)
            value = self.params.get(d.name)
            if not isinstance(value, ast.DurationLit):
                self.error(
                    "LNV103" if value is None else "LNV201",
                    f"`{d.name}` is not a duration parameter",
                    d.span,
                    hint=did_you_mean(
                        d.name,
                        [k for k, v in self.params.items() if isinstance(v, ast.DurationLit)],
                    )
                    or f"write a duration like `30 days`, or define `parameter {d.name} = 30 days`",
                )
                return ast.DurationLit(0, "days", span=d.span)
            lit = attrs.evolve(value, span=d.span)
        else:
            lit = d
        if lit.unit == "hours" and not ({value_t.name, start_t.name} & {"instant", "any"}):
            # Two calendar dates carry no time of day: counting hours between them
            # would silently measure from midnight.
            self.error(
                "LNV209",
                "a period in hours needs a date and time, but both sides here are dates",
                d.span,
                hint="count dates in days or working days; hours need a field like "
                "`event.reported_on`, or the event's own `on`",
            )
        return lit

    def expr(self, e: Any, ctx: _Ctx, expect: Ty | None = None) -> tuple[Any, Ty]:
        method = getattr(self, "_e_" + type(e).__name__)
        result: tuple[Any, Ty] = method(e, ctx, expect)
        return result

    def _instant_capable(self, node: Any, t: Ty) -> Ty:
        """`X.on` of an event also has its instant (`on_at`): treat it as a date and time."""
        if isinstance(node, ast.Path) and node.fields == ("on",) and t.name == "date":
            return Ty("instant")
        return t

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
            self.error("LNV103", f"unknown name `{root}`", e.span, hint=did_you_mean(root, names))
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
                self.error(
                    "LNV101",
                    f"unknown field `{field}` on {kind}",
                    e.span,
                    hint=did_you_mean(field, fields),
                )
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

    def _e_Literal(self, e: ast.Literal, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        v = e.value
        if isinstance(v, bool):
            return e, BOOL
        if isinstance(v, int):
            return e, INT
        if isinstance(v, dt.date):
            return e, DATE
        if expect is not None and expect.name == "enum" and v not in expect.values:
            self.error(
                "LNV108",
                f'"{v}" is not one of the allowed values ({", ".join(expect.values)})',
                e.span,
                hint=did_you_mean(str(v), expect.values),
            )
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

    def _e_Compare(self, e: ast.Compare, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        left, lt = self.expr(e.left, ctx)
        day_param = self._day_count(e.right) if lt.name == "int" else None
        if day_param is not None:
            return attrs.evolve(e, left=left, right=day_param), BOOL
        # Against a value of unknown type (already reported) any word is accepted.
        want = (
            lt
            if lt.name in {"enum", "open_enum"}
            else Ty("open_enum")
            if lt.name == "any"
            else None
        )
        right, rt = self.expr(e.right, ctx, want)
        if lt.name in {"any"} and rt.name in {"enum", "open_enum"}:
            left, lt = self.expr(e.left, ctx, rt)
        if not comparable(lt, rt):
            self.error(
                "LNV201",
                f"cannot compare a {lt} with a {rt}",
                e.span,
                hint="dates compare with dates (2008-01-01), numbers with numbers, "
                'text with "text"',
            )
        if semantics.COMPARISONS[e.op].ordering and lt.name in TEXTUAL | {"bool"}:
            self.error("LNV201", f"`{e.op}` needs dates or numbers, not {lt}", e.span)
        return attrs.evolve(e, left=left, right=right), BOOL

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

    def _e_Member(self, e: ast.Member, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        value, vt = self.expr(e.value, ctx)
        # A value of unknown type (already reported) takes the set's words as they are,
        # so one misspelt field does not also report every word of the set.
        coll, ct = self.expr(e.collection, ctx, Ty("open_enum") if vt.name == "any" else vt)
        if ct.name != "set" and ct.name != "any":
            self.error("LNV201", f"`in` needs a set like {{a, b}}, not a {ct}", e.collection.span)
        if vt.name == "list[str]":
            self.error("LNV201", "a list cannot be in a set; test `is empty` instead", e.span)
        return attrs.evolve(e, value=value, collection=coll), BOOL

    def _e_Check(self, e: ast.Check, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        value, vt = self.expr(e.value, ctx)
        if e.what in {"true", "false"} and vt.name not in {"bool", "any"}:
            self.error("LNV201", f"`is {e.what}` needs a true/false field, not a {vt}", e.span)
        if e.what == "empty" and vt.name not in {"list[str]", "str", "any"}:
            self.error("LNV201", f"`is empty` needs a list or text, not a {vt}", e.span)
        if e.what in {"present", "missing"} and not isinstance(value, ir.Path):
            self.error("LNV201", f"`is {e.what}` applies to a record field", e.span)
        return attrs.evolve(e, value=value), BOOL

    def _e_StartsWith(self, e: ast.StartsWith, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        value, vt = self.expr(e.value, ctx)
        prefix, pt = self.expr(e.prefix, ctx)
        if vt.name not in TEXTUAL | {"any"} or pt.name not in TEXTUAL | {"any"}:
            self.error("LNV201", "`starts with` compares text with text", e.span)
        return attrs.evolve(e, value=value, prefix=prefix), BOOL

    def _period_pred(self, e: Any, ctx: _Ctx) -> tuple[Any, Ty]:
        value, vt = self.expr(e.value, ctx)
        start, st = self.expr(e.start, ctx)
        self.want_temporal(vt, e.value)
        self.want_temporal(st, e.start)
        dur = self.duration(
            e.duration, self._instant_capable(e.value, vt), self._instant_capable(e.start, st)
        )
        return attrs.evolve(e, value=value, start=start, duration=dur), BOOL

    def _e_Within(self, e: ast.Within, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        return self._period_pred(e, ctx)

    def _e_AtLeast(self, e: ast.AtLeast, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        return self._period_pred(e, ctx)

    def related(self, r: ast.Related, ctx: _Ctx) -> ast.Related | None:
        if r.event_type not in schema.EVENT_TYPES:
            self.error(
                "LNV109",
                f"unknown event type `{r.event_type}`",
                r.span,
                hint=did_you_mean(r.event_type, schema.EVENT_TYPES),
            )
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

    def _e_Exists(self, e: ast.Exists, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        r = self.related(e.related, ctx)
        return (attrs.evolve(e, related=r) if r else e), BOOL

    def _e_Count(self, e: ast.Count, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        r = self.related(e.related, ctx)
        return (attrs.evolve(e, related=r) if r else e), INT

    def _bool_op(self, e: Any, ctx: _Ctx) -> tuple[Any, Ty]:
        left, lt = self.expr(e.left, ctx)
        right, rt = self.expr(e.right, ctx)
        self.want_bool(lt, e.left)
        self.want_bool(rt, e.right)
        return attrs.evolve(e, left=left, right=right), BOOL

    def _e_And(self, e: ast.And, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        return self._bool_op(e, ctx)

    def _e_Or(self, e: ast.Or, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        return self._bool_op(e, ctx)

    def _e_Not(self, e: ast.Not, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        operand, t = self.expr(e.operand, ctx)
        self.want_bool(t, e.operand)
        return attrs.evolve(e, operand=operand), BOOL

    def _e_If(self, e: ast.If, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        c, ct = self.expr(e.condition, ctx)
        self.want_bool(ct, e.condition)
        a, at = self.expr(e.then, ctx)
        b, bt = self.expr(e.otherwise, ctx)
        if not comparable(at, bt):
            self.error("LNV201", f"`then` gives a {at} but `else` gives a {bt}", e.span)
        return attrs.evolve(e, condition=c, then=a, otherwise=b), at

    def _e_Word(self, e: ast.Word, ctx: _Ctx, expect: Ty | None) -> tuple[Any, Ty]:
        return self._e_Ref(ast.Ref(e.name, span=e.span), ctx, expect)

    def _const_false(self, e: Any) -> bool:
        if isinstance(e, ast.Literal):
            return e.value is False
        if isinstance(e, ast.And):
            return self._const_false(e.left) or self._const_false(e.right)
        if isinstance(e, ast.Or):
            return self._const_false(e.left) and self._const_false(e.right)
        if isinstance(e, ast.Member) and isinstance(e.collection, ast.SetLit):
            return not e.negated and not e.collection.members
        if (
            isinstance(e, ast.Compare)
            and isinstance(e.left, ast.Literal)
            and isinstance(e.right, ast.Literal)
        ):
            try:
                return not semantics.COMPARISONS[e.op].python(e.left.value, e.right.value)
            except TypeError:
                return False
        return False

    # ------------------------------------------------------------ assembling
    def _assemble(
        self,
        packs: list[ir.PackInfo],
        rules: list[ir.Rule],
        articles: dict[tuple[str, int], dict[str, Any]],
    ) -> ir.Ruleset | None:
        by_id = {r.id: r for r in rules}
        scope = [r for r in rules if r.modality == "scope"]
        if len(scope) != 1:
            # With no scope rule at all, point at the first pack's header: every
            # diagnostic must be located.
            span = scope[1].span if len(scope) > 1 else self.files[0].header.span
            self.error(
                "LNV208",
                "the loaded packs need exactly one scope rule "
                f"(found {len(scope)}: {', '.join(r.id for r in scope) or 'none'})",
                span,
                hint="the bundled Measures pack defines LN-3; load it with your local pack",
            )
        overrides: dict[str, list[ir.Rule]] = {}
        base_rules: list[ir.Rule] = [r for r in scope[:1]]
        for r in rules:
            if scope and r is scope[0]:
                continue
            if r.overrides is None:
                base_rules.append(r)
                continue
            target = by_id.get(r.overrides)
            if target is None:
                self.error(
                    "LNV202",
                    f"rule `{r.id}` overrides `{r.overrides}`, which does not exist",
                    r.span,
                    hint=did_you_mean(r.overrides, by_id),
                )
                continue
            if (target.subject_kind, target.event_type) != (r.subject_kind, r.event_type):
                self.error(
                    "LNV201",
                    f"rule `{r.id}` is about a different subject than `{target.id}`, "
                    "which it overrides",
                    r.span,
                )
                continue
            if r.precedence <= target.precedence:
                self.error(
                    "LNV203",
                    f"rule `{r.id}` overrides `{target.id}` but its pack's precedence "
                    f"({r.precedence}) is not higher than `{target.pack}`'s "
                    f"({target.precedence})",
                    r.span,
                    hint="declare `precedence N` in the overriding pack's header with a larger N",
                )
                continue
            overrides.setdefault(target.id, []).append(r)
        for target_id, rs in overrides.items():
            rs.sort(key=lambda r: -r.precedence)
            for a, b in itertools.pairwise(rs):
                if a.precedence == b.precedence:
                    self.error(
                        "LNV203",
                        f"rules `{a.id}` and `{b.id}` both override `{target_id}` with "
                        f"precedence {a.precedence}; which one wins would depend on file order",
                        b.span,
                        hint="give the packs different precedence, or merge the two rules",
                    )
        if any(d.is_error for d in self.diags) or not scope:
            return None
        infos = tuple(
            ir.ArticleInfo(
                number=num,
                titles=entry["titles"],
                summary=entry["summary"],
                not_checkable=entry["not_checkable"],
                rule_ids=tuple(entry["rules"]),
                pack=pack,
            )
            for (pack, num), entry in sorted(articles.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        )
        params = {
            k: (f"{v.n} {v.unit.replace('_', ' ')}" if isinstance(v, ast.DurationLit) else v)
            for k, v in self.params.items()
        }
        return ir.Ruleset(
            packs=tuple(packs),
            rules=tuple(base_rules),
            overrides={k: tuple(v) for k, v in overrides.items()},
            scope_rule=scope[0],
            effective=self.effective or dt.date(2008, 1, 1),
            interpretations=self.interpretations,
            parameters=params,
            sets={
                k: tuple(getattr(m, "name", getattr(m, "value", None)) for m in v)
                for k, v in self.sets.items()
            },
            articles=infos,
            examples=(),
            sources=dict(self.sources),
        )

    # ------------------------------------------------------------ examples
    def _example(self, ex: ast.Example, pack: str, ruleset: ir.Ruleset) -> ir.Example | None:
        from lnvideo.readers.from_row import build_record

        records: list[object] = []
        ids: dict[str, set[str]] = {"site": set(), "camera": set(), "event": set()}
        ok = True
        for rec in ex.records:
            row: dict[str, Any] = {}
            fixed = "type" if rec.kind == "event" else "id"
            for f in rec.fields:
                # A repeated field would silently keep its last value.
                if f.name in row or f.name == fixed:
                    what = (
                        f"gives `{f.name}` twice"
                        if f.name in row
                        else f"gives `{fixed}` inside the braces; it is the word before them"
                    )
                    self.error(
                        "LNV207",
                        f"in example “{ex.name}”: a {rec.kind} record {what}",
                        f.span or rec.span or ex.span,
                    )
                    ok = False
                row[f.name] = _plain(f.value)
            row[fixed] = rec.ident
            span = rec.span or ex.span or Span("<example>", 1)
            built, diags = build_record(rec.kind, row, span)
            for d in diags:
                self.diags.append(
                    attrs.evolve(
                        d,
                        code="LNV207" if d.is_error else d.code,
                        message=f"in example “{ex.name}”: {d.message}",
                    )
                )
            if built is None:
                ok = False
                continue
            records.append(built)
            rid = getattr(built, "id", None)
            if rid and rid in ids[rec.kind]:
                self.error(
                    "LNV207",
                    f"example “{ex.name}” has two {rec.kind}s `{rid}`",
                    rec.span or ex.span,
                    hint="give each record its own id",
                )
                ok = False
            if rid:
                ids[rec.kind].add(rid)
        known_rules = {r.id for r in ruleset.all_rules()}
        overriding = {r.id: r.overrides for rs in ruleset.overrides.values() for r in rs}
        for exp in ex.expects:
            if exp.rule not in known_rules:
                self.error(
                    "LNV207",
                    f"example “{ex.name}” expects rule `{exp.rule}`, which does not exist",
                    exp.span,
                    hint=did_you_mean(exp.rule, known_rules),
                )
                ok = False
            elif exp.rule in overriding:
                # Its findings are reported under the rule it overrides: the expectation
                # could only ever fail with "no finding".
                target = overriding[exp.rule]
                self.error(
                    "LNV207",
                    f"example “{ex.name}” expects `{exp.rule}`, but a rule "
                    f"that overrides another reports under that rule's id, `{target}`",
                    exp.span,
                    hint=f"write `expect {target} …`",
                )
                ok = False
            if exp.subject_id not in ids[exp.subject_kind]:
                self.error(
                    "LNV207",
                    f"example “{ex.name}” has no {exp.subject_kind} `{exp.subject_id}`",
                    exp.span,
                    hint=did_you_mean(exp.subject_id, ids[exp.subject_kind])
                    or ("give the event an `id`" if exp.subject_kind == "event" else None),
                )
                ok = False
        if ex.as_of is None:
            self.error(
                "LNV207",
                f"example “{ex.name}” does not say `as of` which day it is judged",
                ex.span,
                hint="add `as of 2026-11-30` after the example's name",
            )
            ok = False
        if not ex.expects:
            self.error(
                "LNV207",
                f"example “{ex.name}” expects nothing",
                ex.span,
                hint="add a line like `expect LN-12.1a satisfied for site S1`",
            )
            ok = False
        if not ok:
            return None
        return ir.Example(
            ex.name, pack, ex.article, ex.as_of, tuple(records), ex.expects, span=ex.span
        )


def _conjuncts(e: Any) -> list[Any]:
    if isinstance(e, ast.And):
        return [*_conjuncts(e.left), *_conjuncts(e.right)]
    return [e]


def _contradiction(e: Any) -> str | None:
    """Why a conjunction of simple tests on the same field can never hold, or None.

    Only the plain cases are caught: `x = a and x = b`, `x = a and x != a`, bounds
    that leave no room (`x > 10 and x < 5`), `x is present and x is missing`,
    `x is true and x is false`.

    Example:
        >>> p = ir.Path("site", "retention_days", "int")
        >>> _contradiction(ast.And(ast.Compare(">", p, ast.Literal(10)),
        ...                        ast.Compare("<", p, ast.Literal(5))))
        '`site.retention_days` cannot be > 10 and < 5 at once'
    """
    tests: dict[str, list[tuple[str, Any]]] = {}
    for c in _conjuncts(e):
        if isinstance(c, ast.Compare):
            if isinstance(c.left, ir.Path) and isinstance(c.right, ast.Literal):
                tests.setdefault(str(c.left), []).append((c.op, c.right.value))
            elif isinstance(c.right, ir.Path) and isinstance(c.left, ast.Literal):
                tests.setdefault(str(c.right), []).append(
                    (semantics.COMPARISONS[c.op].flipped, c.left.value)
                )
        elif isinstance(c, ast.Check) and isinstance(c.value, ir.Path):
            what = c.what
            if c.negated and what in {"present", "missing"}:
                what = "missing" if what == "present" else "present"
            if not c.negated or what in {"present", "missing"}:
                tests.setdefault(str(c.value), []).append(("is", what))
    for path, found in tests.items():
        checks = {v for op, v in found if op == "is"}
        for a, b in (("present", "missing"), ("true", "false")):
            if {a, b} <= checks:
                return f"`{path}` cannot be {a} and {b} at once"
        if "missing" in checks and any(op != "is" for op, _ in found):
            return f"`{path}` is required to be missing and also compared with a value"
        values = [(op, v) for op, v in found if op != "is"]
        for i, (op1, v1) in enumerate(values):
            for op2, v2 in values[i + 1 :]:
                if type(v1) is not type(v2):
                    continue
                if _disjoint(op1, v1, op2, v2):
                    return f"`{path}` cannot be {op1} {_show(v1)} and {op2} {_show(v2)} at once"
    return None


def _show(v: Any) -> str:
    return f'"{v}"' if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v)


def _disjoint(op1: str, v1: Any, op2: str, v2: Any) -> bool:
    """True when no value satisfies both `x op1 v1` and `x op2 v2`."""
    if op1 == "=":
        try:
            return not semantics.COMPARISONS[op2].python(v1, v2)
        except TypeError:
            return False
    if op2 == "=":
        return _disjoint(op2, v2, op1, v1)
    if "!=" in (op1, op2) or isinstance(v1, str | bool):
        return False
    lower = {">": (v1, True), ">=": (v1, False)}.get(op1) or {
        ">": (v2, True),
        ">=": (v2, False),
    }.get(op2)
    upper = {"<": (v1, True), "<=": (v1, False)}.get(op1) or {
        "<": (v2, True),
        "<=": (v2, False),
    }.get(op2)
    if lower is None or upper is None or lower is upper:
        return False
    (lo, lo_strict), (hi, hi_strict) = lower, upper
    if lo > hi:
        return True
    if lo == hi:
        return lo_strict or hi_strict
    if isinstance(lo, int) and not isinstance(lo, bool) and lo_strict and hi_strict:
        return hi - lo <= 1
    return False


def _article(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _plain(value: Any) -> Any:
    if isinstance(value, ast.Word):
        return value.name
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def check(
    files: Iterable[ast.RuleFile], sources: dict[str, str] | None = None
) -> tuple[ir.Ruleset | None, list[Diagnostic]]:
    """Check parsed rule files against the record schema and each other.

    Returns the ruleset (None if there was any error) and every diagnostic, sorted.
    """
    checker = Checker(list(files), sources or {})
    ruleset = checker.run()
    return ruleset, sort_diagnostics(checker.diags)
