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
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

import attrs

from lnvideo import ir
from lnvideo.check.base import LANGS_REQUIRED, PLACEHOLDER, PLACEHOLDER_FIXED
from lnvideo.check.examples import ExamplesPass
from lnvideo.diagnostics import Diagnostic, sort_diagnostics
from lnvideo.source import Span
from lnvideo.syntax import ast


class Checker(ExamplesPass):
    """Every pass of `check.passes`, over one set of rule files."""

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


def check(
    files: Iterable[ast.RuleFile], sources: dict[str, str] | None = None
) -> tuple[ir.Ruleset | None, list[Diagnostic]]:
    """Check parsed rule files against the record schema and each other.

    Returns the ruleset (None if there was any error) and every diagnostic, sorted.
    """
    checker = Checker(list(files), sources or {})
    ruleset = checker.run()
    return ruleset, sort_diagnostics(checker.diags)


__all__ = ["LANGS_REQUIRED", "PLACEHOLDER", "PLACEHOLDER_FIXED", "Checker", "check"]
