"""What outcomes mean: verdict tables, deadline decision steps and gates.

Input: a requirement form's name, or a decision step's name. Output: the
finding status (a `findings.Status` value as a string). Both compilers read
these tables: the Python evaluator looks statuses up by step, the SQL
generator builds its CASE from the steps in this order.
"""

from __future__ import annotations

import attrs

UNKNOWN = "unknown"

#: Two-valued requirements: (status when the condition is true, when false);
#: an unknown condition gives `unknown`.
VERDICTS: dict[str, tuple[str, str]] = {
    "Requires": ("satisfied", "violated"),
    "Permits": ("satisfied", "violated"),
    "Forbids": ("violated", "satisfied"),
    "InScope": ("satisfied", "not_applicable"),
}

#: `requires X within D after S` and `requires event T … within D after S`:
#: the first step that holds decides (both compilers test them in this order).
DEADLINE_STEPS: tuple[tuple[str, str], ...] = (
    ("no_due", "unknown"),  # the start is missing, or the calendar has a gap
    ("done_in_time", "satisfied"),  # done (a qualifying event) on or before the due
    ("undecided_in_time", "unknown"),  # an in-time event whose `where` is unknown
    ("done_late", "violated"),  # done, but after the due
    ("not_yet_due", "pending"),  # not done, as_of on or before the due
    ("overdue", "violated"),  # not done and the due has passed
)

_STEP_STATUS = dict(DEADLINE_STEPS)


def step_status(step: str) -> str:
    """The status a decision step gives: `step_status("done_late") == "violated"`."""
    return _STEP_STATUS[step]


@attrs.frozen
class Gate:
    """A test made before a rule is judged; when it holds, the finding gets `status`.

    `status` is a fixed status, or `"scope"` (the status the scope rule gave,
    `not_applicable` or `unknown`); `reason` keys `texts.REASON_TEXTS`
    (`"scope"` picks `scope_na` or `scope_unknown`).
    """

    name: str
    subjects: tuple[str, ...]  # the subject kinds it applies to
    status: str
    reason: str


#: In order: the first gate that holds decides; displacement and overrides come after.
#: `in_force`: the rule's instrument is not in force on the day (site and camera
#: rules: the as-of day; event rules: the event's local date), reason
#: `not_yet_in_force` or `ceased`; `area`: the site's `county_code` starts with none
#: of the instrument's `area` prefixes (SPEC §8).
GATES: tuple[Gate, ...] = (
    Gate("scope", ("site", "camera", "event"), "scope", "scope"),
    Gate("in_force", ("site", "camera", "event"), "not_applicable", "not_yet_in_force"),
    Gate("area", ("site", "camera", "event"), "not_applicable", "outside_area"),
)

#: A displaced rule, for a subject where a displacing rule applies (true / unknown):
#: its status and reason key (the reason names the winner and the ground).
DISPLACED: dict[str, tuple[str, str]] = {
    "true": ("not_applicable", "displaced"),
    "unknown": ("unknown", "displaced_unknown"),
}


def in_force_reason(effective: object, ceased: object, day: object) -> str | None:
    """The reason key when an instrument is not in force on `day` (None: it is).

    Example:
        >>> import datetime as dt
        >>> in_force_reason(dt.date(2025, 4, 1), None, dt.date(2025, 3, 31))
        'not_yet_in_force'
    """
    if effective is not None and day < effective:  # type: ignore[operator]
        return "not_yet_in_force"
    if ceased is not None and day >= ceased:  # type: ignore[operator]
        return "ceased"
    return None


def scope_reason(scope_status: str) -> str:
    """The reason key of a finding forced by the scope rule's status."""
    return "scope_na" if scope_status == "not_applicable" else "scope_unknown"
