"""lnvideo: the Liaoning public-security video Measures (Order No. 211) as checkable rules.

Input: nothing at import. Output: the public API, re-exported and imported
lazily, so `import lnvideo` stays fast: heavy modules (lark, duckdb, pendulum)
load on first use. Invariants: every public name is in `__all__`, shown by
`dir(lnvideo)` and `help(lnvideo)`; nothing else is defined here.

Public names:
    load_rules, Ruleset, Report: load rule packs, check records (`lnvideo.api`)
    run, Run: one check of input files with an engine (what `lnvideo check` does)
    read_records: JSON Lines / Parquet -> Site, Camera, Event or Diagnostic
    Site, Camera, Event: the records (SPEC §2)
    Finding, Status, Severity, Subject, Explanation: what a check says
    Diagnostic, LnvideoError: located problems of input and rules
    WorkCalendar, CalendarGapError: the working-day calendar
    Period, Unit, deadline: Civil Code period counting

Example:
    >>> import lnvideo
    >>> lnvideo.__version__ >= "0.1"
    True
    >>> {"load_rules", "Report", "Site"} <= set(dir(lnvideo))
    True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from lnvideo.version import __version__

_EXPORTS: dict[str, str] = {
    "load_rules": "lnvideo.api",
    "Ruleset": "lnvideo.api",
    "Report": "lnvideo.api",
    "run": "lnvideo.api",
    "Run": "lnvideo.api",
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
    "Run",
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
    "run",
]

if TYPE_CHECKING:  # pragma: no cover
    from lnvideo.api import Report, Ruleset, Run, load_rules, run
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


def __dir__() -> list[str]:
    return sorted({*__all__, "__doc__", "__file__", "__name__", "__path__", "__spec__"})
