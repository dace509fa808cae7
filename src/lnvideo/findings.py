"""Findings: what the evaluator says about one (rule, subject) pair.

Input: produced by the compiled evaluators (python and SQL engines alike).
Output: frozen attrs values that serialise to the SPEC §5 JSON shape.
Invariants: `due` and `fulfilled_on` are local dates (Asia/Shanghai) or None;
`status` is one of the five statuses; `message` is already in the chosen language.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

#: The flat layout of a finding (CSV, Parquet, SQL engines), in this order.
FINDING_COLUMNS: tuple[str, ...] = (
    "rule",
    "article",
    "subject_kind",
    "subject_id",
    "site",
    "status",
    "due",
    "fulfilled_on",
    "severity",
    "message",
)


class Status(enum.StrEnum):
    """What a finding says of its obligation (SPEC §5): the five statuses."""

    SATISFIED = "satisfied"
    VIOLATED = "violated"
    PENDING = "pending"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"


STATUS_ORDER: tuple[Status, ...] = (
    Status.VIOLATED,
    Status.PENDING,
    Status.UNKNOWN,
    Status.SATISFIED,
    Status.NOT_APPLICABLE,
)


class Severity(enum.StrEnum):
    """How serious a violation of the rule is (error, warning, info)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@attrs.frozen
class Subject:
    """What a finding is about: a site, a camera or one event, and its site."""

    kind: str  # "site" | "camera" | "event"
    id: str | None
    site: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "site": self.site}

    def key(self) -> tuple[str, str, str]:
        return (self.site, self.kind, self.id or "")


@attrs.frozen
class Fact:
    """A record value that took part in a decision: `site.in_use_on = 2026-09-05`."""

    path: str
    value: Any

    def to_json(self) -> dict[str, Any]:
        v = self.value
        if isinstance(v, dt.date | dt.datetime):
            v = v.isoformat()
        elif isinstance(v, tuple):
            v = list(v)
        return {"path": self.path, "value": v}


@attrs.frozen
class Explanation:
    """Why a finding came out as it did: the clauses, their outcomes, and the facts."""

    clauses: tuple[tuple[str, str], ...] = ()  # (clause source text, outcome word)
    facts: tuple[Fact, ...] = ()
    reasons: tuple[str, ...] = ()  # sentences in the chosen language

    def to_json(self) -> dict[str, Any]:
        return {
            "clauses": [{"clause": c, "outcome": o} for c, o in self.clauses],
            "facts": [f.to_json() for f in self.facts],
            "reasons": list(self.reasons),
        }


@attrs.frozen
class Finding:
    """What one rule says about one subject: status, due date, message, explanation."""

    rule: str
    article: str
    subject: Subject
    status: Status
    due: dt.date | None = None
    fulfilled_on: dt.date | None = None
    severity: Severity = Severity.ERROR
    message: str = ""
    explanation: Explanation = attrs.field(factory=Explanation, eq=False)

    def key(self) -> tuple[str, str, str, str]:
        """What must agree between engines: the rule, the subject, status and due."""
        return (self.rule, *self.subject.key())

    @classmethod
    def from_row(cls, row: Any) -> Finding:
        """A finding from a flat row in `FINDING_COLUMNS` order (what the SQL engines return).

        Example:
            >>> f = Finding.from_row(("LN-10", "10", "site", "S1", "S1", "violated", None,
            ...                       None, "warning", None))
            >>> f.status, f.subject.id, f.message
            (<Status.VIOLATED: 'violated'>, 'S1', '')
        """
        rule, article, kind, sid, site, status, due, ful, sev, msg = row
        return cls(
            rule=rule,
            article=article,
            subject=Subject(kind, sid, site),
            status=_STATUSES[status],
            due=due,
            fulfilled_on=ful,
            severity=_SEVERITIES[sev],
            message=msg or "",
        )

    def to_json(self, *, explain: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "article": self.article,
            "subject": self.subject.to_json(),
            "status": self.status.value,
            "due": self.due.isoformat() if self.due else None,
            "fulfilled_on": self.fulfilled_on.isoformat() if self.fulfilled_on else None,
            "severity": self.severity.value,
            "message": self.message,
        }
        if explain:
            out["explanation"] = self.explanation.to_json()
        return out


_STATUSES = {s.value: s for s in Status}
_SEVERITIES = {s.value: s for s in Severity}


def summarize(findings: list[Finding]) -> dict[str, int]:
    """Counts per status, every status present (zeros included)."""
    counts = {s.value: 0 for s in Status}
    for f in findings:
        counts[f.status.value] += 1
    return counts
