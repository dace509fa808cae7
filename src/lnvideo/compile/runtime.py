"""Values shared by the compiled evaluators: three-valued logic and reasons.

`Unknown` is the third truth value (and the value of a missing field); it
carries *reasons* — small tuples saying what was missing — which the report
stage renders in the user's language (`semantics.texts.render_reason`, re-exported
here). `True`/`False` are plain Python bools.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lnvideo.clock import ZONE as SHANGHAI
from lnvideo.semantics.texts import render_reason

Reason = tuple[Any, ...]


class Unknown:
    """Neither true nor false (or a value that is not there), and why."""

    __slots__ = ("reasons",)

    def __init__(self, reasons: tuple[Reason, ...]) -> None:
        self.reasons = reasons

    def __repr__(self) -> str:
        return f"Unknown({self.reasons!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unknown) and other.reasons == self.reasons

    def __hash__(self) -> int:
        return hash(self.reasons)


def merge(*values: Any) -> Unknown:
    """One Unknown carrying the reasons of every Unknown among `values`, in order."""
    reasons: list[Reason] = []
    for v in values:
        if type(v) is Unknown:
            for r in v.reasons:
                if r not in reasons:
                    reasons.append(r)
    return Unknown(tuple(reasons))


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)


def local_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.date()
        return value.astimezone(SHANGHAI).date()
    return value


def instant(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)
    return midnight(value)


__all__ = ["Reason", "Unknown", "instant", "local_date", "merge", "midnight", "render_reason"]


def judged_clauses(rule: Any, applies: str, word: str) -> tuple[tuple[str, str], ...]:
    """An explanation's clauses: each clause of `rule` (an `ir.Rule`) that was judged,
    as it is written, with its outcome word (`applies` for `applies when`, `word` for
    the requirement; "" where the clause was not judged). Both engines explain so.

    Example:
        >>> import types
        >>> r = types.SimpleNamespace(applies_text="system_present", requirement_text="x >= 1")
        >>> judged_clauses(r, "true", "false")
        (('applies when system_present', 'true'), ('x >= 1', 'false'))
    """
    built: list[tuple[str, str]] = []
    if rule.applies_text and applies:
        built.append((f"applies when {rule.applies_text}", applies))
    if rule.requirement_text and word:
        built.append((rule.requirement_text, word))
    return tuple(built)
