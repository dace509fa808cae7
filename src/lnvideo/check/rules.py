"""Rules: one parsed rule -> one `ir.Rule`, its clauses checked.

Input: an `ast.Rule` inside an article of a pack. Output: the `ir.Rule` (or None
when it has errors): one subject, one requirement fitting its modality,
citations, messages in zh and en with known placeholders, known interpretations.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

import attrs

from lnvideo import ir, schema
from lnvideo.check.base import (
    _MODALITY_REQUIREMENTS,
    LANGS_REQUIRED,
    PLACEHOLDER,
    PLACEHOLDER_FIXED,
    _Ctx,
)
from lnvideo.check.lint import LintPass, _contradiction
from lnvideo.check.to_ir import to_ir
from lnvideo.check.types import (
    Ty,
    fields_of,
    is_temporal,
)
from lnvideo.diagnostics import Diagnostic, did_you_mean
from lnvideo.source import Span
from lnvideo.syntax import ast

_MODALITY_HINTS = {
    "obligation": "an obligation says `requires …`",
    "prohibition": "a prohibition says `forbids …`",
    "permission": "a permission says `permits …`",
    "scope": "a scope rule says `in scope when …`",
}


class RulesPass(LintPass):
    """Rules pass: see the module docstring."""

    def _article_entry(self, pack: str, item: ast.Article) -> dict[str, Any]:
        """The coverage entry of an article (titles, summary, rules), merged across files."""
        entry = self.articles.setdefault(
            (pack, item.number),
            {"titles": {}, "summary": {}, "not_checkable": {}, "rules": []},
        )
        self.one_per_lang(item.title, f"the title of article {item.number}")
        self.one_per_lang(item.summary, f"the summary of article {item.number}")
        for key, text in (
            ("titles", item.title),
            ("summary", item.summary),
            ("not_checkable", item.not_checkable),
        ):
            if text:
                entry[key].update(dict(text.items))
        return entry

    def _defined_twice(self, rule: ast.Rule, seen_ids: dict[str, Span | None]) -> bool:
        """LNV104 when a rule id was already defined (naming where, in another file)."""
        if rule.id not in seen_ids:
            return False
        earlier = seen_ids[rule.id]
        where = f"first at {earlier}"
        if earlier is not None and rule.span is not None and earlier.source != rule.span.source:
            where = f"first in {PurePath(earlier.source).name} line {earlier.line}"
        self.error(
            "LNV104",
            f"rule `{rule.id}` is defined twice ({where})",
            rule.span,
            hint="give each rule its own id; to change another pack's rule use `overrides`",
        )
        return True

    def _past_source_end(
        self, header: ast.PackHeader, number: int | None, what: str, span: Span | None
    ) -> None:
        """LNV207 when `number` lies past the pack's `source ends at article N`."""
        end = header.source_ends
        if end is None or number is None or number <= end:
            return
        self.error(
            "LNV207",
            f"{what} article {number}, but the source of pack `{header.name}` ends at "
            f"article {end} (`source ends at article {end}`)",
            span,
            hint=f"cite an article up to {end}, or write the part as an `unnumbered provision` "
            "when our source lacks its number; if the source does go further, raise the "
            "header's `source ends at article`",
        )

    def _rule(self, rule: ast.Rule, article: int | None, header: ast.PackHeader) -> ir.Rule | None:
        """The checked rule, or None when it has errors (each reported)."""
        before = self._error_count()
        for cite in rule.cites:
            self._past_source_end(
                header, cite.article, f"rule `{rule.id}` cites", cite.span or rule.span
            )
        if not self._shape(rule, article):
            return None
        assert rule.subject is not None and rule.modality is not None
        assert rule.requirement is not None
        subject = rule.subject
        ctx = _Ctx(subject.kind, subject.event_type, {}, rule.id)
        applies = self._applies(rule, ctx)
        requirement = self._requirement(rule.requirement, ctx)
        self._interprets(rule)
        messages, placeholder_types = self._messages(rule, ctx)
        due = self._due(rule, ctx)
        if self._error_count() > before or requirement is None:
            return None
        info = self.pack_infos.get(header.name)
        return ir.Rule(
            id=rule.id,
            pack=header.name,
            article=_article_of(rule.cites, article),
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
            instrument=info.instrument_info if info is not None else None,
            displaces=(rule.displaces.rule, rule.displaces.ground) if rule.displaces else None,
            due=to_ir(due),
            event_types=subject.event_types if subject.kind == "event" else (),
            placeholder_types=placeholder_types,
            source_text=self._source_of(rule),
            applies_text=self._text_of(rule.applies),
            requirement_text=self._text_of(rule.requirement),
            span=rule.span,
        )

    def _shape(self, rule: ast.Rule, article: int | None) -> bool:
        """One of each clause, a subject, a requirement fitting the modality, a citation.

        False when the rule cannot be checked further.
        """
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
            return False
        subject = rule.subject
        types = subject.event_types if subject.kind == "event" else ()
        for etype in types:
            if etype not in schema.EVENT_TYPES:
                self.error(
                    "LNV109",
                    f"unknown event type `{etype}`",
                    subject.span
                    if etype == types[0]
                    else self._locate(subject.span, etype, word=True) or subject.span,
                    hint=did_you_mean(etype or "", schema.EVENT_TYPES),
                )
                return False
        for etype in types[1:]:
            if set(schema.event_fields(etype)) != set(schema.event_fields(types[0])):
                self.error(
                    "LNV205",
                    f"rule `{rule.id}` judges `{types[0]}` and `{etype}` events, "
                    "which do not have the same fields",
                    self._locate(subject.span, etype, word=True) or subject.span,
                    hint="write one rule per event type",
                )
                return False
        if rule.requirement is None:
            self.error(
                "LNV207",
                f"rule `{rule.id}` has no requirement",
                rule.span,
                hint="add `requires …`, `forbids …` or `permits …`",
            )
            return False
        if not isinstance(rule.requirement, _MODALITY_REQUIREMENTS[rule.modality]):
            self.error(
                "LNV201",
                f"a {rule.modality} rule cannot use this kind of requirement",
                rule.requirement.span,
                hint=_MODALITY_HINTS[rule.modality],
            )
        if not rule.cites:
            self.error(
                "LNV207",
                f"rule `{rule.id}` cites no article",
                rule.span,
                hint=f"add `cites article {article}`",
            )
        self.one_per_lang(rule.title, f"the title of rule `{rule.id}`")
        return True

    def _applies(self, rule: ast.Rule, ctx: _Ctx) -> Any:
        """The checked `applies when` condition; LNV204 when it can never hold."""
        if rule.applies is None:
            return None
        errors_before = self._error_count()
        applies, t = self.expr(rule.applies, ctx)
        self.want_bool(t, rule.applies)
        # A condition that had errors was partly dropped; judging it would only
        # add a follow-on warning.
        if self._error_count() != errors_before:
            return applies
        why = "its condition is always false" if self._const_false(applies) else None
        why = why or _contradiction(applies)
        if why is not None:
            self.diags.append(
                Diagnostic(
                    "LNV204",
                    f"rule `{rule.id}` can never apply: {why}",
                    rule.applies.span,
                    hint="check the `applies when` line: no record can meet it",
                )
            )
        return applies

    def _interprets(self, rule: ast.Rule) -> None:
        """Every interpretation a rule names exists (LNV111, located at the name)."""
        spans = [s for k, s in rule.clause_spans if k == "interprets"]
        for name in rule.interprets:
            if name in self.interpretations:
                continue
            where = next(
                (found for sp in spans if (found := self._locate(sp, name, word=True))),
                rule.span,
            )
            self.error(
                "LNV111",
                f"unknown interpretation `{name}`",
                where,
                hint=did_you_mean(name, self.interpretations)
                or 'define it with `interpretation NAME en "…" zh "…"`',
            )

    def _messages(self, rule: ast.Rule, ctx: _Ctx) -> tuple[dict[str, str], dict[str, str]]:
        """The messages by language, and the record fields their placeholders name."""
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
        if rule.modality != "scope":
            sets_aside = rule.overrides is not None or rule.displaces is not None
            at = rule.span
            if sets_aside:
                key = "overrides" if rule.overrides is not None else "displaces"
                at = (
                    next((sp for k, sp in rule.clause_spans if k == key and sp), None)
                    or (rule.displaces.span if rule.displaces else None)
                    or rule.span
                )
            for lang in LANGS_REQUIRED:
                if lang not in messages:
                    why = (
                        "; a rule that sets another aside speaks with its own words, never the "
                        "other rule's"
                        if sets_aside
                        else ""
                    )
                    self.error(
                        "LNV206",
                        f"rule `{rule.id}` has no `message {lang}`{why}",
                        at,
                        hint=f'add `message {lang} "…"` saying what went wrong',
                    )
        return messages, placeholder_types

    def _due(self, rule: ast.Rule, ctx: _Ctx) -> Any:
        """The checked `due` clause: a date, and not with a requirement that computes its own."""
        if rule.due is None:
            return None
        e, t = self.expr(rule.due, ctx)
        if t.name not in {"date", "any"}:
            self.error(
                "LNV201",
                f"the `due` of rule `{rule.id}` must be a date but this is a {t}",
                rule.due.span,
                hint="name a date field, e.g. `due site.main_project_in_use_on`",
            )
        if isinstance(rule.requirement, ast.RequiresBy | ast.RequiresEventBy):
            self.error(
                "LNV201",
                f"rule `{rule.id}` has a `due` clause and a `within … after …` requirement, "
                "which computes its own due date",
                rule.due.span,
                hint="remove the `due` clause",
            )
        return e

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
            if not isinstance(act, ir.Path | ast.Path) or not is_temporal(ta):
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


def _article_of(cites: tuple[ast.Citation, ...], article: int | None) -> str:
    """A finding's `article`: the first citation's number, "" for an unnumbered provision."""
    if cites:
        return "" if cites[0].article is None else str(cites[0].article)
    return "" if article is None else str(article)


def check_rules(ck: RulesPass) -> bool:
    """Pass `rules`: every article's entry, and every rule checked once (names, types, shape)."""
    seen_ids: dict[str, Span | None] = {}
    ck.pack_infos = {p.name: p for p in ck.packs}
    for f in ck.ordered_files:
        info = ck.pack_infos.get(f.header.name)
        inst = info.instrument_info if info is not None else None
        ck.effective = (inst.effective if inst else None) or ck.base_effective
        for item in f.items:
            if isinstance(item, ast.Provision):
                for rule in item.rules:
                    if ck._defined_twice(rule, seen_ids):
                        continue
                    seen_ids[rule.id] = rule.span
                    checked = ck._rule(rule, None, f.header)
                    if checked is not None:
                        ck.rules.append(checked)
                        ck.provisions.setdefault(f.header.name, []).append((item, checked.id))
                ck.raw_examples.extend((ex, f.header.name) for ex in item.examples)
                continue
            if isinstance(item, ast.Example):
                ck.raw_examples.append((item, f.header.name))
            if not isinstance(item, ast.Article):
                continue
            entry = ck._article_entry(f.header.name, item)
            ck._past_source_end(f.header, item.number, "the pack has", item.span)
            for rule in item.rules:
                if ck._defined_twice(rule, seen_ids):
                    continue
                seen_ids[rule.id] = rule.span
                checked = ck._rule(rule, item.number, f.header)
                if checked is not None:
                    ck.rules.append(checked)
                    entry["rules"].append(checked.id)
            ck.raw_examples.extend((ex, f.header.name) for ex in item.examples)
    return True
