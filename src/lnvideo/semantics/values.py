"""Record values as the rule language writes them (for explanations, never `repr`).

Input: a record field value. Output: its text: dates and instants in ISO form,
`true`/`false`, numbers as digits, text in double quotes, lists in brackets,
`missing` for an absent value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def show(value: Any) -> str:
    """A value as a rule file would write it.

    Example:
        >>> show(dt.date(2026, 7, 31)), show(True), show(("a", "b"))
        ('2026-07-31', 'true', '["a", "b"]')
    """
    if value is None:
        return "missing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, tuple | list | frozenset | set):
        return "[" + ", ".join(show(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'
