"""Report formats: findings in, text / JSON / SARIF / JUnit / CSV / HTML / iCalendar out.

Input: findings (any iterable, consumed once) and the run's `ReportContext`
(as-of date, rules label, language, engine, and optionally the ruleset — rule
titles, pack versions — and a site -> county code lookup, `county_of`, for the
per-organ reports). Output: text written to a stream. Invariants: every entry
of `FORMATS` is called the same way — the findings, the context's fields as
keywords and `out` — so the CLI picks a format by name; a format's module is
imported on its first call (this package imports none of them); every format
but text streams (bounded memory however many findings); every format makes
record and rule text safe through `lnvideo.report.safe`. Files: JSON Lines and
Parquet are `lnvideo.sink`'s (re-exported by `lnvideo.report.json`), the Excel
workbook is `lnvideo.report.xlsx` (`write_xlsx(findings, path, ...)`).

Example:
    >>> import datetime as dt, io
    >>> buf = io.StringIO()
    >>> FORMATS["csv"]([], as_of=dt.date(2026, 10, 1), rules="liaoning@1", lang="en",
    ...                explain=False, out=buf)
    >>> buf.getvalue().startswith("rule,article")
    True
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable
from typing import Any

from lnvideo.findings import Finding
from lnvideo.report.context import ReportContext, takes_context


class Renderer:
    """One report format: `lnvideo.report.<name>.render`, imported on its first call.

    A format's `render(findings, *, out, ctx)` is wrapped by `takes_context`, so
    it is called as `FORMATS[name](findings, as_of=..., rules=..., lang=...,
    explain=..., out=..., engine=..., ruleset=..., county_of=...)` or with one
    `ctx=ReportContext(...)`; a format may take options of its own (text:
    `only`, `width`, `no_color`).
    """

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def render(self) -> Callable[..., None]:
        """The format's `render` function (its module imported now)."""
        fn: Callable[..., None] = importlib.import_module(f"lnvideo.report.{self.name}").render
        return fn

    @property
    def __signature__(self) -> inspect.Signature:
        return inspect.signature(self.render)

    def __call__(self, findings: Iterable[Finding], **kwargs: Any) -> None:
        self.render(findings, **kwargs)

    def __repr__(self) -> str:
        return f"<report format {self.name!r}>"


FORMATS: dict[str, Renderer] = {
    name: Renderer(name) for name in ("text", "json", "sarif", "junit", "csv", "html", "ics")
}

__all__ = ["FORMATS", "Renderer", "ReportContext", "takes_context"]
