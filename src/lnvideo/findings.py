"""Findings: what the evaluator says about one (rule, subject) pair.

Input: produced by the compiled evaluators (python and SQL engines alike).
Output: frozen attrs values that serialise to the finding objects of
`lnvideo check --format json`.
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
    """What a finding says about one rule and one subject: one of five values.

    The value is the word written in JSON, CSV and SARIF output and in rule-file
    `expect` lines; a `Status` compares equal to its value.

    Example:
        >>> Status("pending") is Status.PENDING, Status.NOT_APPLICABLE.value
        (True, 'not_applicable')
        >>> [s.value for s in Status]
        ['satisfied', 'violated', 'pending', 'not_applicable', 'unknown']
    """

    #: The obligation is met (a prohibition: the forbidden thing did not happen).
    SATISFIED = "satisfied"
    #: The obligation is not met, or the forbidden thing happened; for a deadline, it has passed.
    VIOLATED = "violated"
    #: Not yet met, and the deadline (`Finding.due`) is still ahead on the as-of day.
    PENDING = "pending"
    #: The rule does not apply: out of scope, not in force, no system, or its `applies when` is false.
    NOT_APPLICABLE = "not_applicable"
    #: The records do not say enough to decide; the explanation names the missing fact.
    UNKNOWN = "unknown"


STATUS_ORDER: tuple[Status, ...] = (
    Status.VIOLATED,
    Status.PENDING,
    Status.UNKNOWN,
    Status.SATISFIED,
    Status.NOT_APPLICABLE,
)


class Severity(enum.StrEnum):
    """How serious a violation of the rule is, as the rule file states it (`severity`).

    Example:
        >>> Severity("warning") is Severity.WARNING
        True
        >>> [s.value for s in Severity]
        ['error', 'warning', 'info']
    """

    #: A breach of a duty the instrument states outright (registration, retention, forbidden places).
    ERROR = "error"
    #: A shortcoming to look into, e.g. a regime not recorded as established.
    WARNING = "warning"
    #: For information only.
    INFO = "info"


@attrs.frozen
class Subject:
    """What a finding is about: a site, a camera or one event, and its site.

    Attributes:
        kind: `"site"`, `"camera"` or `"event"`.
        id: the record's `id` (an event without an id: None).
        site: the id of the site it belongs to (a site: its own id).
    """

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
    """What one rule says about one subject (a site, a camera or one event), as of a day.

    Attributes:
        rule: the rule id, e.g. `"LN-12.1a"`; an overriding rule reports under the id it overrides.
        article: the article number the rule belongs to, as text (`"12"`).
        subject: what the finding is about (`Subject`: kind, id, site).
        status: one of the five `Status` values.
        due: the last day of the deadline (a local date), where the rule has one; else None.
        fulfilled_on: the day the duty was first met (e.g. the qualifying filing), or None.
        severity: the rule's `Severity`.
        message: the rule's message in the requested language, placeholders filled in;
            empty when the status is satisfied.
        explanation: the clauses, facts and reasons that decided it (not compared by `==`).

    Example:
        >>> f = Finding("LN-12.1a", "12", Subject("site", "S1", "S1"), Status.PENDING,
        ...             due=dt.date(2026, 10, 8))
        >>> f.to_json(explain=False)["status"], f.to_json(explain=False)["due"]
        ('pending', '2026-10-08')
    """

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
        """The finding's identity: the rule and the subject (site, kind, id).

        Example:
            >>> Finding("LN-10", "10", Subject("site", "S1", "S1"), Status.SATISFIED).key()
            ('LN-10', 'S1', 'site', 'S1')
        """
        return (self.rule, *self.subject.key())

    @classmethod
    def from_row(cls, row: Any, explanation: Explanation | None = None) -> Finding:
        """A finding from a flat row in `FINDING_COLUMNS` order (what the SQL engines return).

        Columns after those (an explained query's internal ones) are ignored here;
        `explanation` is what `compile.sql_explain.Explainer` made of them.

        Example:
            >>> f = Finding.from_row(("LN-10", "10", "site", "S1", "S1", "violated", None,
            ...                       None, "warning", None))
            >>> f.status, f.subject.id, f.message
            (<Status.VIOLATED: 'violated'>, 'S1', '')
        """
        rule, article, kind, sid, site, status, due, ful, sev, msg = row[:10]
        return cls(
            rule=rule,
            article=article,
            subject=Subject(kind, sid, site),
            status=_STATUSES[status],
            due=due,
            fulfilled_on=ful,
            severity=_SEVERITIES[sev],
            message=msg or "",
            explanation=explanation if explanation is not None else _NO_EXPLANATION,
        )

    def to_json(self, *, explain: bool = True) -> dict[str, Any]:
        """The finding as a JSON object; dates as ISO text.

        Args:
            explain: include the `explanation` object (clauses, facts, reasons).
        """
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


_NO_EXPLANATION = Explanation()
_STATUSES = {s.value: s for s in Status}
_SEVERITIES = {s.value: s for s in Severity}


def summarize(findings: list[Finding]) -> dict[str, int]:
    """Counts per status, every status present (zeros included).

    Example:
        >>> summarize([Finding("LN-10", "10", Subject("site", "S1", "S1"), Status.VIOLATED)])["violated"]
        1
    """
    counts = {s.value: 0 for s in Status}
    for f in findings:
        counts[f.status.value] += 1
    return counts
