"""`lnvideo deadline`: print the last day of a period counted under the Civil Code rules.

Input: `--from DATE`, exactly one of `--days/--working-days/--months/--years N`,
optional `--no-extend`, `--calendar FILE` (repeatable; later files win),
`--explain`, `--lang`. Output: the ISO date of the last day on stdout (and,
with `--explain`, the reasoning on a second line). Exit 0 on success, 2 with
one line per problem on stderr (never a traceback) when an argument, a
calendar file or the calendar's coverage stops the count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from lnvideo.diagnostics import Diagnostic, LnvideoError

_PERIOD_OPTIONS = (
    ("days", "--days", "days"),
    ("working_days", "--working-days", "working_days"),
    ("months", "--months", "months"),
    ("years", "--years", "years"),
)


def arguments(p: argparse.ArgumentParser) -> None:
    # Values are parsed in `run` so every mistake gives one clear line, not usage text.
    p.add_argument("--from", dest="start", metavar="DATE", help="start date, YYYY-MM-DD")
    for dest, flag, _unit in _PERIOD_OPTIONS:
        p.add_argument(flag, dest=dest, metavar="N", help=f"period in {flag[2:].replace('-', ' ')}")
    p.add_argument(
        "--no-extend",
        action="store_true",
        help="a minimum duration (e.g. retention): never moved past a rest day",
    )
    p.add_argument(
        "--calendar",
        action="append",
        default=[],
        metavar="FILE",
        help="a working-day calendar file adding or replacing years (docs/calendar-format.md)",
    )
    p.add_argument("--explain", action="store_true", help="also print the reasoning")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of --explain")


def _fail(message: str) -> LnvideoError:
    return LnvideoError([Diagnostic("LNV401", f"deadline: {message}")])


def _one_line(d: Diagnostic) -> str:
    where = f"{d.span}: " if d.span else ""
    hint = f" ({d.hint})" if d.hint else ""
    return f"lnvideo: {where}{d.level.value}[{d.code}]: {d.message}{hint}"


def _parse(args: argparse.Namespace) -> tuple[dt.date, Any]:
    from lnvideo.periods import Period, Unit

    if not args.start:
        raise _fail("--from DATE is required")
    try:
        start = dt.date.fromisoformat(args.start)
    except ValueError:
        raise _fail(f"--from {args.start!r} is not a date (write YYYY-MM-DD)") from None
    given = [(flag, unit, getattr(args, dest)) for dest, flag, unit in _PERIOD_OPTIONS]
    given = [g for g in given if g[2] is not None]
    if len(given) != 1:
        flags = "--days, --working-days, --months or --years"
        if not given:
            raise _fail(f"give the period with one of {flags}")
        raise _fail(f"give only one of {flags} (got {', '.join(g[0] for g in given)})")
    flag, unit, raw = given[0]
    try:
        n = int(raw)
    except ValueError:
        raise _fail(f"{flag} {raw!r} is not a whole number") from None
    if n < 0:
        raise _fail(f"{flag} must not be negative (got {n})")
    return start, Period(n, Unit(unit))


def run(args: argparse.Namespace) -> int:
    """Count the period and print the last day; 2 on any problem."""
    from lnvideo.calendar import WorkCalendar
    from lnvideo.periods import deadline

    try:
        start, period = _parse(args)
        cal = WorkCalendar.bundled()
        for path in args.calendar:
            cal = cal.merged(WorkCalendar.from_file(path))
        try:
            result = deadline(start, period, cal, extend=not args.no_extend)
        except (OverflowError, ValueError) as exc:
            raise _fail(f"cannot count {period} from {start}: {exc}") from None
    except LnvideoError as exc:
        for d in exc.diagnostics:
            sys.stderr.write(_one_line(d) + "\n")
        return 2
    print(result.last_day.isoformat())
    if args.explain:
        print(result.explain(args.lang))
    return 0
