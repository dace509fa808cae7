"""Values shared by the compiled evaluators: three-valued logic and reasons.

`Unknown` is the third truth value (and the value of a missing field); it
carries *reasons* — small tuples saying what was missing — which the report
stage renders in the user's language. `True`/`False` are plain Python bools.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lnvideo.periods import SHANGHAI

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


def render_reason(reason: Reason, lang: str) -> str:
    """A reason tuple as a sentence fragment in `lang`."""
    kind = reason[0]
    zh = lang == "zh"
    if kind == "missing":
        return f"缺少 {reason[1]}" if zh else f"{reason[1]} is missing"
    if kind == "gap":
        return (
            f"工作日历未覆盖{reason[1]}年（可用 --calendar 加载）"
            if zh
            else f"the working-day calendar does not cover {reason[1]} "
            "(load it with --calendar FILE)"
        )
    if kind == "where":
        _, etype, on, inner = reason
        what = (
            "，".join(render_reason(r, lang) for r in inner)
            if zh
            else ", ".join(render_reason(r, lang) for r in inner)
        )
        return (
            f"无法判断 {on} 的 {etype} 是否符合条件：{what}"
            if zh
            else f"whether the {etype} of {on} counts cannot be decided: {what}"
        )
    if kind == "empty":
        return f"{reason[1]} 为空" if zh else f"{reason[1]} is empty"
    return " ".join(str(x) for x in reason)
