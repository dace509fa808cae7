"""Helpers shared by subcommands: loading rules, rendering diagnostics, dates, exit statuses.

Input: command-line values. Output: rulesets, dates, diagnostics on stderr, the
one line of an internal error. Invariants: nothing here exits the process.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from lnvideo.diagnostics import Diagnostic, LnvideoError
from lnvideo.source import SourceFile

#: The exit statuses, as `--help` shows them.
EXIT_STATUSES = """exit status:
  0  no violation (or: the command succeeded)
  1  at least one violation (lint: an error; test: a failed expectation)
  2  the input, the rules or the arguments could not be used
  3  internal error: a bug in lnvideo (the traceback is written to a file)"""


def internal_error(exc: BaseException) -> str:
    """Write the traceback of `exc` to a file under the temp dir; the one line that says so."""
    from lnvideo.version import __version__

    detail = "".join(traceback.format_exception(exc))
    name = f"lnvideo-crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    path = os.path.join(tempfile.gettempdir(), name)
    try:
        with open(path, "w", encoding="utf-8", errors="backslashreplace") as fp:
            fp.write(f"lnvideo {__version__}, python {sys.version.split()[0]}\n")
            fp.write(f"argv: {sys.argv!r}\n\n{detail}")
        where = f"the traceback is in {path}"
    except OSError as err:
        where = f"the traceback could not be written ({err.strerror or err})"
    what = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    return (
        f"error[bug]: internal error, a bug in lnvideo ({what}); {where}; "
        "please report it with that file"
    )


def add_rule_paths(p: Any) -> None:
    """The `PATH...` argument of the commands that read rule files (none: the bundled pack)."""
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="rule files or directories (default: the bundled pack)",
    )


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
                shown = SourceFile.for_display(path)
                if shown is not None:
                    cache[d.span.source] = shown
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
