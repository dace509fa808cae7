"""Explanations of SQL findings, rendered in Python: one renderer for every engine.

Input: the rows of an explained findings query (`to_sql.compile_ruleset(...,
explain=True)`): `COLUMNS`, then `to_sql.EXPLAIN_COLUMNS` (the deciding gate's
reason key, the reason sentences, the deciding override, the applies word, a
deadline's start or due instant, the late act's instant, the deciding events'
authorities, the events that did not qualify), then one column per record field
the rules read (`to_sql.fact_column`). Output: the `Explanation` the python
engine (`compile.to_python`) gives the same finding: its clauses, facts and
reasons, in the same order and with the same texts (`semantics.texts`,
`periods.Deadline.explain`).

Invariants: nothing here evaluates a rule: the status, the due date and which
reasons hold come from SQL; what is computed here is only text. Clauses depend
on (rule, applies word, requirement word) and are constants; reason tuples are
cached per distinct key (most findings of a province share a few hundred);
deadline texts are memoised per (start, period) by the python compiler's
`Periods`, shared with the python engine.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from lnvideo import ir
from lnvideo.compile import unmatched as unmatched_where
from lnvideo.compile.runtime import judged_clauses
from lnvideo.compile.to_python import _fact_paths
from lnvideo.compile.to_sql import (
    EXPLAIN_COLUMNS,
    FIELD_SEP,
    REASON_SEP,
    fact_column,
    gate_reason_text,
)
from lnvideo.counties import organ_name
from lnvideo.dates import local_instant
from lnvideo.findings import Explanation, Fact
from lnvideo.periods import Deadline
from lnvideo.semantics.texts import event_sentence, late_text, note_text, reason_text
from lnvideo.semantics.verdicts import VERDICTS

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
#: the gates' reason keys whose findings were forced by the site's scope
_SCOPE_KEYS = frozenset({"scope_na", "scope_unknown"})
#: at most this many distinct explanations are kept (a few hundred bytes each)
CACHE_LIMIT = 50_000


def _instant(us: int | None) -> dt.datetime | None:
    """Epoch microseconds as an Asia/Shanghai instant (what the readers give python)."""
    if us is None:
        return None
    return local_instant(_EPOCH + dt.timedelta(microseconds=int(us)))


def _parts(text: str | None) -> list[str]:
    """The reason sentences of `lnv_reasons` ('—' marks a verdict that gives none)."""
    return [] if not text or text == "\u2014" else text.split(REASON_SEP)


def requirement_word(req: Any, status: str) -> str:
    """The requirement clause's outcome word (true/false/unknown) behind a status.

    Example:
        >>> requirement_word(ir.Forbids(ir.Literal(True)), "violated")
        'true'
    """
    verdict = VERDICTS.get(type(req).__name__)
    if verdict is not None:
        yes, no = verdict
        return "true" if status == yes else "false" if status == no else "unknown"
    return {"satisfied": "true", "violated": "false"}.get(status, "unknown")


class _Rule:
    """What the explanations of one rule's findings need, computed once."""

    def __init__(
        self,
        rule: ir.Rule,
        overriders: Sequence[ir.Rule],
        fact_index: dict[str, int],
        instants: frozenset[str],
    ) -> None:
        self.rule = rule
        self.overriders = {o.id: o for o in overriders}
        self.clauses: dict[tuple[str, str, str | None], tuple[tuple[str, str], ...]] = {}
        # the fields python's explanation lists, in its order: one walk for both engines
        seen = _fact_paths(rule)
        #: (root, "root.field", the row index of its column, whether it holds an instant)
        self.facts = tuple(
            (
                root,
                f"{root}.{field}",
                fact_index[fact_column(root, field)],
                fact_column(root, field) in instants,
            )
            for root, field in seen
        )
        self.fact_index = tuple(i for _, _, i, _ in self.facts)

    def clause_words(
        self, applies: str, word: str, decider: str | None = None
    ) -> tuple[tuple[str, str], ...]:
        """The clauses with their words; an overriding rule that decided gives its own."""
        hit = self.clauses.get((applies, word, decider))
        if hit is None:
            rule = self.overriders[decider] if decider is not None else self.rule
            hit = self.clauses[(applies, word, decider)] = judged_clauses(rule, applies, word)
        return hit


class Explainer:
    """Turns explained SQL finding rows into python's explanations, for one run.

    `columns` are the query's column names (`COLUMNS` first); `periods` is the
    python compiler's memoised period arithmetic (`CompiledRuleset.periods`).
    """

    def __init__(
        self,
        ruleset: ir.Ruleset,
        periods: Any,
        columns: Sequence[str],
        *,
        as_of: dt.date,
        lang: str,
    ) -> None:
        self.ruleset = ruleset
        self.periods = periods
        self.as_of = as_of
        self.lang = lang if lang in ("en", "zh") else "en"
        index = {c: i for i, c in enumerate(columns)}
        self.index = tuple(index[c] for c in EXPLAIN_COLUMNS)
        instants = instant_facts(ruleset)
        self.rules = {
            r.id: _Rule(r, ruleset.overrides.get(r.id, ()), index, instants) for r in ruleset.rules
        }
        self.effective = ruleset.effective.isoformat()
        self._explanations: dict[tuple[Any, ...], Explanation] = {}
        self._deadlines: dict[Deadline, str] = {}

    def __call__(self, row: Sequence[Any]) -> Explanation:
        """The explanation of one row (`row[0]` the rule id, `row[5]` the status).

        Rows with the same rule, outcome, keys and fact values share one
        `Explanation` (a province's records repeat a few thousand combinations).
        """
        rule = self.rules[row[0]]
        values = tuple(row[i] for i in self.index)
        facts = tuple(_value(row[i]) for i in rule.fact_index)
        key = (row[0], row[5], row[6], row[7], values, facts)
        hit = self._explanations.get(key)
        if hit is not None:
            return hit
        status, due, fulfilled = row[5], row[6], row[7]
        why, _, decider, applies = values[:4]
        if why:
            clauses: tuple[tuple[str, str], ...] = ()
        else:
            req = rule.rule.requirement
            if decider is not None and applies != "unknown":
                req = rule.overriders[decider].requirement
            word = requirement_word(req, status) if applies in ("", "true") else ""
            clauses = rule.clause_words(applies or "", word, decider)
        texts = self._texts(rule, status, due, fulfilled, values)
        site_only = why in _SCOPE_KEYS  # python judges these before it looks at the subject
        made = Explanation(
            clauses,
            tuple(
                Fact(path, _instant(v) if instant else v)
                for (root, path, _, instant), v in zip(rule.facts, facts, strict=True)
                if root == "site" or not site_only
            ),
            texts,
        )
        if len(self._explanations) < CACHE_LIMIT:
            self._explanations[key] = made
        return made

    # ------------------------------------------------------------ reasons and notes
    def _texts(
        self,
        rule: _Rule,
        status: str,
        due: dt.date | None,
        fulfilled: dt.date | None,
        values: tuple[Any, ...],
    ) -> tuple[str, ...]:
        why, reasons, decider, applies = values[:4]
        lang = self.lang
        if why:
            return (gate_reason_text(why, self.ruleset, lang), *_parts(reasons))
        if applies == "false":
            return (reason_text("applies", lang),)
        out = _parts(reasons)
        if applies == "unknown":
            if decider is not None:
                out.append(self._override(rule.overriders[decider]))
            return tuple(out)
        req = rule.rule.requirement
        if decider is not None:
            req = rule.overriders[decider].requirement
        if due is not None and isinstance(req, ir.RequiresBy | ir.RequiresEventBy):
            out += self._deadline_notes(req, status, due, fulfilled, values)
        if decider is not None:
            out.append(self._override(rule.overriders[decider]))
        return tuple(out)

    def _deadline_notes(
        self,
        req: ir.RequiresBy | ir.RequiresEventBy,
        status: str,
        due: dt.date,
        fulfilled: dt.date | None,
        values: tuple[Any, ...],
    ) -> list[str]:
        start, due_at, done_at, org, unmatched = values[4:]
        lang = self.lang
        d = req.duration
        assert isinstance(d, ir.Duration)
        hours = d.unit == "hours"
        due_instant = _instant(due_at)
        out: list[str] = []
        if not hours and start is not None:
            out.append(self._deadline(start, d.n, d.unit))
        elif hours and isinstance(req, ir.RequiresBy) and due_instant is not None:
            out.append(note_text("due_at", lang, at=due_instant.isoformat()))

        def late() -> str:
            if hours:
                done = _instant(done_at)
                assert done is not None and due_instant is not None
                n = max(1, math.ceil((done - due_instant).total_seconds() / 3600))
                return late_text(n, "hours", lang)
            assert fulfilled is not None
            return late_text((fulfilled - due).days, "days", lang)

        if isinstance(req, ir.RequiresBy):
            if status == "violated" and fulfilled is not None:
                out.append(note_text("late", lang, on=fulfilled, late=late()))
            elif status == "violated":
                out.append(note_text("never", lang, as_of=self.as_of, due=due))
            return out
        etype = req.related.event_type
        if status == "satisfied":
            assert fulfilled is not None
            out.append(self._event(etype, fulfilled, _parts(org)[0] if org else ""))
            return out
        where = unmatched_where.conjuncts(req.related.where)
        for entry in _parts(unmatched)[:3]:
            on, authority, *why = entry.split(FIELD_SEP)
            c = left = right = None
            if len(why) == 3:
                c = where[int(why[0])]
                left, right = (_side(e, v) for e, v in zip((c.left, c.right), why[1:], strict=True))
            event = self._event(etype, on, authority)
            out.append(unmatched_where.unmatched_text(event, c, left, right, lang))
        if status == "violated" and fulfilled is not None:
            event = self._event(etype, fulfilled, _parts(org)[0] if org else "")
            out.append(note_text("late_event", lang, event=event, late=late()))
        elif status == "violated":
            out.append(note_text("never", lang, as_of=self.as_of, due=due))
        return out

    def _deadline(self, start: dt.date, n: int, unit: str) -> str:
        dl = self.periods.deadline(start, n, unit)
        text = self._deadlines.get(dl)
        if text is None:
            text = self._deadlines[dl] = dl.explain(self.lang)
        return text

    def _event(self, etype: str, on: Any, authority: str | None) -> str:
        lang = self.lang
        return event_sentence(etype, on, organ_name(authority, lang) if authority else None, lang)

    def _override(self, o: ir.Rule) -> str:
        return note_text("override", self.lang, rule=o.id, pack=o.pack)


def _side(e: Any, text: str) -> Any:
    """A side of a false comparison as SQL wrote it, as the python engine holds it."""
    if isinstance(e, ir.Literal):
        return e.value
    return unmatched_where.from_text(text, e.type) if unmatched_where.describable_side(e) else text


def _value(v: Any) -> Any:
    """A fact column's value as the python engine's record holds it."""
    if type(v) is list:
        return tuple(v)
    return v


def instant_facts(ruleset: ir.Ruleset) -> frozenset[str]:
    """The fact columns holding instants (epoch microseconds in the query)."""
    from lnvideo.compile.to_sql import fact_paths

    return frozenset(fact_column(r, f) for r, f, t in fact_paths(ruleset) if t == "instant")


__all__ = ["Explainer", "requirement_word"]
