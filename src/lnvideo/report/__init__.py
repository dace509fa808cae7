"""Report formats: findings in, text / JSON / SARIF / JUnit / CSV / HTML / iCalendar out.

Input: findings (any iterable, consumed once) and the run's metadata, and
optionally the ruleset (rule titles, pack versions) and a site -> county code
lookup (`county_of`, for the per-organ reports). Output: text written to a
stream. Invariants: every entry of `FORMATS` has the `Renderer` signature, so
the CLI picks a format by name and calls it the same way; every format but
text streams (bounded memory however many findings); every format makes record
and rule text safe through `lnvideo.report.safe`. Files: JSON Lines and Parquet
live in `lnvideo.report.json`, the Excel workbook in `lnvideo.report.xlsx`
(`write_xlsx(findings, path, ...)`).

Example:
    >>> import datetime as dt, io
    >>> buf = io.StringIO()
    >>> FORMATS["csv"]([], as_of=dt.date(2026, 10, 1), rules="liaoning@1", lang="en",
    ...                explain=False, out=buf)
    >>> buf.getvalue().startswith("rule,article")
    True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Protocol, TextIO

from lnvideo.findings import Finding
from lnvideo.report import csv, html, ics, json, junit, sarif, text
from lnvideo.report.context import CountyOf


class Renderer(Protocol):
    """The one signature every report format has."""

    def __call__(
        self,
        findings: Iterable[Finding],
        *,
        as_of: dt.date,
        rules: str,
        lang: str = ...,
        explain: bool = ...,
        out: TextIO,
        engine: str | None = ...,
        ruleset: Any = ...,
        county_of: CountyOf = ...,
    ) -> None: ...


FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "csv": csv.render,
    "html": html.render,
    "ics": ics.render,
}

__all__ = ["FORMATS", "Renderer"]
