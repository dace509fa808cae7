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

import contextlib
from collections.abc import Iterable

import attrs

from lnvideo import ir, schema
from lnvideo.check.base import LANGS_REQUIRED, PLACEHOLDER, PLACEHOLDER_FIXED
from lnvideo.check.examples import ExamplesPass
from lnvideo.check.passes import PASSES
from lnvideo.diagnostics import Diagnostic, sort_diagnostics
from lnvideo.syntax import ast


class Checker(ExamplesPass):
    """Every pass of `check.passes`, over one set of rule files."""

    def run(self) -> ir.Ruleset | None:
        """Run every pass of `check.passes.PASSES`; the ruleset, or None on any error."""
        with contextlib.ExitStack() as stack:
            for p in PASSES:
                if not p.run(self):
                    return None
                if p.name == "vocabulary":
                    stack.enter_context(schema.using(self.vocabulary))
        if self.ruleset is None or any(d.is_error for d in self.diags):
            return None
        return attrs.evolve(self.ruleset, examples=self.examples, vocabulary=self.vocabulary)


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
