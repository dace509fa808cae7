"""The CSV report: a header and one row per finding, in the Parquet column set.

Input: findings. Output: CSV text written to `out`, streamed row by row.
Invariants: columns are `rows.COLUMNS`; dates are ISO text; a missing value
(no subject id, no due date) is an empty field; a text cell that a spreadsheet
would read as a formula (`=`, `+`, `-`, `@`, tab, CR first) starts with `'`, and
controls are made visible (`lnvideo.report.safe.cell`); lines end with `\\n` (the
stream decides the platform's line ending); the explanation is not written.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import TextIO

from lnvideo.findings import Finding
from lnvideo.report import safe
from lnvideo.report.context import ReportContext, takes_context
from lnvideo.report.rows import COLUMNS, to_row


def write_csv(findings: Iterable[Finding], out: TextIO) -> int:
    """Write the header and one row per finding; return how many findings were written.

    Example:
        >>> import io
        >>> from lnvideo.findings import Status, Subject
        >>> buf = io.StringIO()
        >>> write_csv([Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED)], buf)
        1
        >>> buf.getvalue().splitlines()[1]
        'LN-6,6,site,S1,S1,violated,,,error,'
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    n = 0
    for f in findings:
        writer.writerow(
            ""
            if v is None
            else v.isoformat()
            if isinstance(v, dt.date)
            else safe.cell(v)
            if isinstance(v, str)
            else v
            for v in to_row(f)
        )
        n += 1
    return n


@takes_context
def render(findings: Iterable[Finding], *, out: TextIO, ctx: ReportContext) -> None:
    """Write the findings as CSV (the context does not change a flat table)."""
    write_csv(findings, out)
