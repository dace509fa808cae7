"""lnvideo: the Liaoning public-security video Measures (Order No. 211) as checkable rules.

The public API is re-exported here and imported lazily, so `import lnvideo`
stays fast: heavy modules (lark, duckdb, pendulum) load on first use.

Example:
    >>> import lnvideo
    >>> lnvideo.__version__ >= "0.1"
    True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "load_rules": "lnvideo.api",
    "Ruleset": "lnvideo.api",
    "Report": "lnvideo.api",
    "read_records": "lnvideo.readers",
    "Site": "lnvideo.records",
    "Camera": "lnvideo.records",
    "Event": "lnvideo.records",
    "Finding": "lnvideo.findings",
    "Status": "lnvideo.findings",
    "Severity": "lnvideo.findings",
    "Subject": "lnvideo.findings",
    "Explanation": "lnvideo.findings",
    "Diagnostic": "lnvideo.diagnostics",
    "LnvideoError": "lnvideo.diagnostics",
    "WorkCalendar": "lnvideo.calendar",
    "CalendarGapError": "lnvideo.calendar",
    "Period": "lnvideo.periods",
    "Unit": "lnvideo.periods",
    "deadline": "lnvideo.periods",
}

__all__ = [
    "CalendarGapError",
    "Camera",
    "Diagnostic",
    "Event",
    "Explanation",
    "Finding",
    "LnvideoError",
    "Period",
    "Report",
    "Ruleset",
    "Severity",
    "Site",
    "Status",
    "Subject",
    "Unit",
    "WorkCalendar",
    "__version__",
    "deadline",
    "load_rules",
    "read_records",
]

if TYPE_CHECKING:  # pragma: no cover
    from lnvideo.api import Report, Ruleset, load_rules
    from lnvideo.calendar import CalendarGapError, WorkCalendar
    from lnvideo.diagnostics import Diagnostic, LnvideoError
    from lnvideo.findings import Explanation, Finding, Severity, Status, Subject
    from lnvideo.periods import Period, Unit, deadline
    from lnvideo.readers import read_records
    from lnvideo.records import Camera, Event, Site


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        msg = f"module 'lnvideo' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
