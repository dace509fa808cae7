"""Flat rows of findings: the shared column set of the CSV and Parquet reports.

Input: `Finding` values. Output: tuples in `COLUMNS` order, one per finding.
Invariants: dates stay `datetime.date` (or None) here; each writer decides how
to spell them (ISO text in CSV, `date32` in Parquet). The explanation is not a
column: it does not fit a flat table.
"""

from __future__ import annotations

import re

from lnvideo.findings import FINDING_COLUMNS
from lnvideo.sink import finding_row

COLUMNS: tuple[str, ...] = FINDING_COLUMNS

#: One finding as a row in `COLUMNS` order: `lnvideo.sink.finding_row`, which the
#: Parquet writer uses too.
to_row = finding_row


def natural_key(text: str) -> tuple[tuple[int, str], ...]:
    """A sort key that orders embedded numbers by value: "3" < "12" < "14", "LN-14.1.2" < "LN-14.1.10".

    Example:
        >>> sorted(["14", "3", "12"], key=natural_key)
        ['3', '12', '14']
        >>> natural_key("LN-²")  # a digit that is not an ASCII number is text
        ((-1, 'LN-²'),)
    """
    return tuple(
        (int(part), "") if part.isascii() and part.isdigit() else (-1, part)
        for part in re.split(r"([0-9]+)", text)
        if part
    )
