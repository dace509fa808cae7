"""The calendar file format (TOML, docs/calendar-format.md): read into and written from year tables.

Input: the text of a calendar file and its name (`parse_calendar`), or a
`WorkCalendar` (`to_toml`). Output: `calendar.YearTable` values, or the file
text. Invariants: every problem of a file is collected as an LNV302 diagnostic
located at its line (found by searching the text, since `tomllib` keeps no
positions) and raised together in one `LnvideoError`; `to_toml` output read back
gives equal tables; nothing here decides what a working day is (`calendar` does).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lnvideo.calendar import FORMAT_VERSION as _FORMAT_VERSION
from lnvideo.calendar import KNOWN_NAMES_ZH, YearTable
from lnvideo.diagnostics import Diagnostic, LnvideoError, did_you_mean
from lnvideo.source import Span

if TYPE_CHECKING:  # pragma: no cover
    from lnvideo.calendar import WorkCalendar

__all__ = ["parse_calendar", "to_toml"]


def to_toml(calendar: WorkCalendar, years: Iterable[int] | None = None) -> str:
    """The calendar (or some of its years) as a calendar file that `parse_calendar` reads back."""
    wanted = calendar.years if years is None else tuple(sorted(set(years)))
    lines = [
        "# lnvideo working-day calendar (docs/calendar-format.md)",
        f"format = {_FORMAT_VERSION}",
    ]
    for year in wanted:
        table = calendar.table(year)
        lines += ["", "[[year]]", f"year = {year}"]
        groups: dict[str, tuple[str, list[dt.date], list[dt.date]]] = {}
        for day, name, zh in table.rest:
            groups.setdefault(name, (zh, [], []))[1].append(day)
        for day, name in table.work:
            groups.setdefault(name, (KNOWN_NAMES_ZH.get(name, name), [], []))[2].append(day)
        for name, (zh, rest, work) in groups.items():
            lines += ["", "[[year.holiday]]", f"name = {_toml_str(name)}"]
            lines.append(f"name_zh = {_toml_str(zh)}")
            if rest and _contiguous(rest):
                lines += [f"from = {rest[0].isoformat()}", f"to = {rest[-1].isoformat()}"]
            elif rest:
                lines.append(f"days = [{', '.join(d.isoformat() for d in rest)}]")
            if work:
                lines.append(f"work = [{', '.join(d.isoformat() for d in work)}]")
    return "\n".join(lines) + "\n"


def _contiguous(days: Sequence[dt.date]) -> bool:
    return (days[-1] - days[0]).days == len(days) - 1


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- reading calendar files ---------------------------------------------------

_TOP_KEYS = ("format", "source", "year")
_YEAR_KEYS = ("year", "source", "holiday")
_HOLIDAY_KEYS = ("name", "name_zh", "from", "to", "days", "work")


class _Problems:
    """Collects LNV302 diagnostics for one file, locating them by searching the text."""

    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source
        self.diagnostics: list[Diagnostic] = []

    def line_of(self, *needles: str, after: int = 0) -> int:
        for needle in needles:
            for i, line in enumerate(self.lines[after:], start=after + 1):
                code = line.split("#", 1)[0]
                if needle in code:
                    return i
        return max(after, 1)

    def add(self, message: str, line: int, hint: str | None = None) -> None:
        span = Span(self.source, line)
        self.diagnostics.append(Diagnostic("LNV302", message, span, hint=hint))


def parse_calendar(text: str, source: str) -> list[YearTable]:
    r"""The year tables of a calendar file's text; raises `LnvideoError` with every LNV302.

    Example:
        >>> text = 'format = 1\n[[year]]\nyear = 2030\n[[year.holiday]]\nname = "Labour Day"\n'
        >>> text += "from = 2030-05-01\nto = 2030-05-03\n"
        >>> (table,) = parse_calendar(text, "cal.toml")
        >>> table.year, len(table.rest), table.rest[0][2]
        (2030, 3, '劳动节')
    """
    problems = _Problems(text, source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        msg = f"calendar file {source} is not valid TOML: {reason} (line {line})"
        raise LnvideoError([Diagnostic("LNV302", msg, Span(source, line, col))]) from None
    _unknown_keys(problems, data, _TOP_KEYS, "the top level", 0)
    fmt = data.get("format", _FORMAT_VERSION)
    if fmt != _FORMAT_VERSION:
        problems.add(
            f"calendar file {source}: format {fmt!r} is not supported (expected {_FORMAT_VERSION})",
            problems.line_of("format"),
        )
    years = data.get("year")
    tables: list[YearTable] = []
    if not isinstance(years, list) or not years:
        problems.add(f"calendar file {source} has no [[year]] tables", 1)
    else:
        seen: dict[int, int] = {}
        cursor = 0
        for entry in years:
            cursor = problems.line_of("[[year]]", after=cursor)
            table = _parse_year(problems, entry, cursor, seen)
            if table is not None:
                tables.append(table)
    if problems.diagnostics:
        raise LnvideoError(problems.diagnostics)
    return tables


def _unknown_keys(
    problems: _Problems, table: Mapping[str, Any], allowed: Sequence[str], where: str, after: int
) -> None:
    for key in table:
        if key not in allowed:
            problems.add(
                f"calendar file {problems.source}: unknown key `{key}` in {where} "
                f"(expected one of: {', '.join(allowed)})",
                problems.line_of(key, after=after),
                hint=did_you_mean(key, allowed),
            )


def _parse_year(
    problems: _Problems, entry: Any, line: int, seen: dict[int, int]
) -> YearTable | None:
    src = problems.source
    if not isinstance(entry, dict):
        problems.add(f"calendar file {src}: `year` must be an array of tables [[year]]", line)
        return None
    year = entry.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2200:
        problems.add(
            f"calendar file {src}: each [[year]] needs `year = YYYY` (an integer 1900–2200), "
            f"got {year!r}",
            problems.line_of("year =", after=line),
        )
        return None
    year_line = problems.line_of(f"year = {year}", after=line - 1)
    if year in seen:
        problems.add(
            f"calendar file {src}: year {year} is listed twice (lines {seen[year]} and {year_line})",
            year_line,
        )
        return None
    seen[year] = year_line
    _unknown_keys(problems, entry, _YEAR_KEYS, f"[[year]] {year}", line)
    holidays = entry.get("holiday", [])
    if not isinstance(holidays, list):
        problems.add(f"calendar file {src}: `holiday` must be [[year.holiday]] tables", year_line)
        return None
    rest: dict[dt.date, tuple[str, str]] = {}
    work: dict[dt.date, str] = {}
    ok = True
    cursor = year_line
    for h in holidays:
        cursor = problems.line_of("[[year.holiday]]", after=cursor)
        ok = _parse_holiday(problems, h, year, cursor, rest, work) and ok
    if not ok:
        return None
    return YearTable(
        year,
        [(d, n, z) for d, (n, z) in rest.items()],
        list(work.items()),
    )


def _parse_holiday(
    problems: _Problems,
    h: Any,
    year: int,
    line: int,
    rest: dict[dt.date, tuple[str, str]],
    work: dict[dt.date, str],
) -> bool:
    src = problems.source
    before = len(problems.diagnostics)
    if not isinstance(h, dict):
        problems.add(f"calendar file {src}: `holiday` entries must be tables", line)
        return False
    _unknown_keys(problems, h, _HOLIDAY_KEYS, f"a [[year.holiday]] of {year}", line)
    name = h.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.add(
            f'calendar file {src}: a holiday of {year} needs `name = "..."`',
            line,
        )
        return False
    zh = h.get("name_zh", KNOWN_NAMES_ZH.get(name, name))
    if not isinstance(zh, str):
        problems.add(f"calendar file {src}: `name_zh` of {name} must be a string", line)
        zh = name
    days = _HolidayDays(problems, h, name, year, line)
    rest_days = days.rest_days()
    work_days = days.list_of("work")
    _record(problems, name, zh, rest_days, work_days, rest, work, line)
    return len(problems.diagnostics) == before


class _HolidayDays:
    """Reads the dates of one [[year.holiday]] table, reporting each bad one."""

    def __init__(self, problems: _Problems, h: dict[str, Any], name: str, year: int, line: int):
        self.problems, self.h, self.name, self.year, self.line = problems, h, name, year, line
        self.src = problems.source

    def _add(self, message: str, *needles: str) -> None:
        where = self.problems.line_of(*needles, after=self.line - 1)
        self.problems.add(f"calendar file {self.src}: {self.name}: {message}", where)

    def day_of(self, value: Any, key: str) -> dt.date | None:
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                self._add(f"`{key}` value {value!r} is not a date (write YYYY-MM-DD)", value)
                return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self._add(f"`{key}` must hold dates (YYYY-MM-DD), got {value!r}", key)
            return None
        if value.year != self.year:
            self._add(
                f"{value} is not in {self.year}; list it under the [[year]] for {value.year}",
                value.isoformat(),
            )
            return None
        return value

    def list_of(self, key: str) -> list[dt.date]:
        value = self.h.get(key, [])
        if not isinstance(value, list):
            self._add(f"`{key}` must be a list of dates", key)
            return []
        return [d for d in (self.day_of(v, key) for v in value) if d is not None]

    def rest_days(self) -> list[dt.date]:
        """`days`, plus every day from `from` to `to`."""
        h = self.h
        days = self.list_of("days")
        if ("from" in h) != ("to" in h):
            self._add("`from` and `to` go together", "from", "to")
        elif "from" in h:
            first, last = self.day_of(h["from"], "from"), self.day_of(h["to"], "to")
            if first is not None and last is not None:
                if last < first:
                    self._add(f"`to` {last} is before `from` {first}", last.isoformat())
                days += [first + dt.timedelta(i) for i in range((last - first).days + 1)]
        return days


def _record(
    problems: _Problems,
    name: str,
    zh: str,
    rest_days: list[dt.date],
    work_days: list[dt.date],
    rest: dict[dt.date, tuple[str, str]],
    work: dict[dt.date, str],
    line: int,
) -> None:
    """Add a holiday's days to the year's, reporting days listed twice or both ways."""
    src = problems.source

    def add(message: str, day: dt.date) -> None:
        problems.add(
            f"calendar file {src}: {message}", problems.line_of(day.isoformat(), after=line - 1)
        )

    for d in rest_days:
        if d in rest:
            add(f"{d} is listed as a rest day twice ({rest[d][0]} and {name})", d)
        rest[d] = (name, zh)
    for d in work_days:
        if d in work:
            add(f"{d} is listed as a make-up working day twice", d)
        work[d] = name
    for d in sorted(set(rest) & set(work)):
        if d in rest_days or d in work_days:
            add(f"{d} is listed both as a rest day and as a working day", d)
