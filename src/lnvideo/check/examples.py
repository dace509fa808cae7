"""Examples: a pack's worked examples -> `ir.Example`s.

Input: `example` blocks and the assembled ruleset. Output: the examples' records
built as the readers build them, and their expectations checked against the
rules and records (LNV207).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from lnvideo import ir
from lnvideo.check.packs import PacksPass
from lnvideo.diagnostics import did_you_mean
from lnvideo.source import Span
from lnvideo.syntax import ast


class ExamplesPass(PacksPass):
    """Examples pass: see the module docstring."""

    def _example(self, ex: ast.Example, pack: str, ruleset: ir.Ruleset) -> ir.Example | None:
        records: list[object] = []
        ids: dict[str, set[str]] = {"site": set(), "camera": set(), "event": set()}
        ok = self._records(ex, records, ids)
        ok = self._expects(ex, ruleset, ids) and ok
        if ex.as_of is None:
            msg = f"example “{ex.name}” does not say `as of` which day it is judged"
            hint = "add `as of 2026-11-30` after the example's name"
            self.error("LNV207", msg, ex.span, hint=hint)
            ok = False
        if not ex.expects:
            msg = f"example “{ex.name}” expects nothing"
            hint = "add a line like `expect LN-12.1a satisfied for site S1`"
            self.error("LNV207", msg, ex.span, hint=hint)
            ok = False
        if not ok:
            return None
        return ir.Example(
            ex.name, pack, ex.article, ex.as_of, tuple(records), ex.expects, span=ex.span
        )

    def _records(self, ex: ast.Example, records: list[object], ids: dict[str, set[str]]) -> bool:
        """Build the example's records as the readers would (filling `records` and `ids`)."""
        from lnvideo.readers.from_row import build_record

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
        return ok

    def _expects(self, ex: ast.Example, ruleset: ir.Ruleset, ids: dict[str, set[str]]) -> bool:
        """Each expectation names a rule that reports under its own id, and a record."""
        ok = True
        known_rules = {r.id for r in ruleset.all_rules()}
        overriding = {r.id: r.overrides for rs in ruleset.overrides.values() for r in rs}
        for exp in ex.expects:
            if exp.rule not in known_rules:
                msg = f"example “{ex.name}” expects rule `{exp.rule}`, which does not exist"
                self.unknown("LNV207", msg, exp.span, exp.rule, known_rules)
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
        return ok


def _plain(value: Any) -> Any:
    if isinstance(value, ast.Word):
        return value.name
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def check_examples(ck: ExamplesPass) -> bool:
    """Pass `examples`: every example's records and expectations."""
    assert ck.ruleset is not None
    ruleset = ck.ruleset
    ck.examples = tuple(
        e for e in (ck._example(ex, pack, ruleset) for ex, pack in ck.raw_examples) if e
    )
    return True
