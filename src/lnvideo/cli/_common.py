"""Helpers shared by subcommands: loading rules, rendering diagnostics, dates."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from lnvideo.diagnostics import Diagnostic, LnvideoError
from lnvideo.source import SourceFile


def parse_day(text: str | None, flag: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"{flag} expects a date like 2026-11-30, not {text!r}"
        raise LnvideoError([Diagnostic("LNV401", msg)]) from None


def render_diagnostics(diags: Iterable[Diagnostic], *, stream: Any = None) -> None:
    """Write diagnostics to stderr with the source line and a caret where we can."""
    out = stream or sys.stderr
    cache: dict[str, SourceFile] = {}
    for d in diags:
        if d.span is not None and d.span.source not in cache:
            path = Path(d.span.source)
            if path.suffix == ".lnv" and path.is_file():
                with contextlib.suppress(OSError):
                    cache[d.span.source] = SourceFile.read(path)
        out.write(d.render(cache) + "\n")


def load_calendar(files: Sequence[str] | None) -> Any:
    from lnvideo.calendar import WorkCalendar

    cal = WorkCalendar.bundled()
    for f in files or ():
        cal = cal.merged(WorkCalendar.from_file(f))
    return cal


def load_ruleset(paths: Sequence[str] | None, calendar_files: Sequence[str] | None = None) -> Any:
    from lnvideo.api import load_rules

    ruleset = load_rules(*(paths or ()), calendar=load_calendar(calendar_files))
    if ruleset.warnings:
        render_diagnostics(ruleset.warnings)
    return ruleset
