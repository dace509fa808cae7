"""Report formats: findings in, text / JSON / SARIF / JUnit / CSV out.

Input: findings (any iterable) and the run's metadata. Output: text written to
a stream. Invariants: every entry of `FORMATS` has the `Renderer` signature,
so the CLI picks a format by name and calls it the same way; JSON Lines and
Parquet, which stream to files for big runs, live in `lnvideo.report.json`.

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
from typing import Protocol, TextIO

from lnvideo.findings import Finding
from lnvideo.report import csv, json, junit, sarif, text


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
    ) -> None: ...


FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "csv": csv.render,
}

__all__ = ["FORMATS", "Renderer"]
