"""Flat rows of findings: the shared column set of the CSV and Parquet reports.

Input: `Finding` values. Output: tuples in `COLUMNS` order, one per finding.
Invariants: dates stay `datetime.date` (or None) here; each writer decides how
to spell them (ISO text in CSV, `date32` in Parquet). The explanation is not a
column: it does not fit a flat table.
"""

from __future__ import annotations

import datetime as dt
import re

from lnvideo.findings import FINDING_COLUMNS, Finding

COLUMNS: tuple[str, ...] = FINDING_COLUMNS

Row = tuple[str, str, str, str | None, str, str, dt.date | None, dt.date | None, str, str]


def to_row(finding: Finding) -> Row:
    """One finding as a row in `COLUMNS` order.

    Example:
        >>> from lnvideo.findings import Status, Subject
        >>> to_row(Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED))[:6]
        ('LN-6', '6', 'site', 'S1', 'S1', 'violated')
    """
    s = finding.subject
    return (
        finding.rule,
        finding.article,
        s.kind,
        s.id,
        s.site,
        finding.status.value,
        finding.due,
        finding.fulfilled_on,
        finding.severity.value,
        finding.message,
    )


def natural_key(text: str) -> tuple[tuple[int, str], ...]:
    """A sort key that orders embedded numbers by value: "3" < "12" < "14", "LN-14.1.2" < "LN-14.1.10".

    Example:
        >>> sorted(["14", "3", "12"], key=natural_key)
        ['3', '12', '14']
    """
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part)
        for part in re.split(r"(\d+)", text)
        if part
    )
