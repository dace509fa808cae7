"""Month grids of the working-day calendar, as HTML, in English or Chinese.

Input: a `WorkCalendar`, a year and month, and days to mark (day -> short label).
Output: an HTML `<table>` per month (Monday first) whose cells say working day,
weekend, public holiday or make-up working day, and a legend.

Invariant: the grid asks the calendar about every day; it never decides by
itself what is a rest day.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import html
from typing import Any

__all__ = ["legend", "month_html", "months_between", "months_html"]

_HEADS = {
    "en": ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"),
    "zh": ("一", "二", "三", "四", "五", "六", "日"),
}
_TITLES = {
    "en": {"work": "working day", "makeup": "make-up working day", "weekend": "weekend"},
    "zh": {"work": "工作日", "makeup": "调休上班日", "weekend": "周末"},
}


def month_html(
    cal: Any,
    year: int,
    month: int,
    marks: dict[dt.date, str] | None = None,
    lang: str = "en",
) -> str:
    """A month as an HTML grid (Monday first): working, rest and make-up days, and marked days.

    Args:
        cal: a `WorkCalendar` covering `year`.
        year: the year of the month.
        month: the month, 1-12.
        marks: day -> short label (e.g. "start", "day 30", "due"), shown in the cell.
        lang: `"en"` or `"zh"`, for the caption, weekday names and cell titles.

    Example:
        >>> from lnvideo.calendar import WorkCalendar
        >>> "lnv-makeup" in month_html(WorkCalendar.bundled(), 2026, 2)
        True
        >>> "2026年10月" in month_html(WorkCalendar.bundled(), 2026, 10, lang="zh")
        True
    """
    lang = "zh" if lang == "zh" else "en"
    marks = marks or {}
    work_days = {d for d, _ in cal.table(year).work}
    titles = _TITLES[lang]
    rows = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            if day.month != month:
                cells.append('<td class="lnv-out"></td>')
                continue
            classes = []
            reason = cal.rest_reason(day, lang)
            if reason is None:
                classes.append("lnv-makeup" if day in work_days else "lnv-work")
                title = titles["makeup"] if day in work_days else titles["work"]
            else:
                is_weekend = reason in ("weekend", "周末")
                classes.append("lnv-weekend" if is_weekend else "lnv-holiday")
                title = titles["weekend"] if is_weekend else reason
            mark = marks.get(day)
            if mark:
                classes.append("lnv-mark")
            note = f'<span class="lnv-note">{html.escape(mark)}</span>' if mark else ""
            cells.append(
                f'<td class="{" ".join(classes)}" title="{html.escape(title)}">{day.day}{note}</td>'
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f"<th>{d}</th>" for d in _HEADS[lang])
    name = f"{year}年{month}月" if lang == "zh" else f"{pycalendar.month_name[month]} {year}"
    return (
        f'<table class="lnv-month"><caption>{name}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def legend(lang: str = "en") -> str:
    """The legend under month grids."""
    if lang == "zh":
        words = ("工作日", "周末", "法定节假日", "调休上班日", "标注日")
    else:
        words = (
            "working day",
            "weekend",
            "public holiday",
            "make-up working day (调休)",
            "marked day",
        )
    classes = ("lnv-work", "lnv-weekend", "lnv-holiday", "lnv-makeup", "lnv-mark")
    spans = " ".join(
        f'<span class="{c}">{html.escape(t)}</span>' for c, t in zip(classes, words, strict=True)
    )
    return f'<p class="lnv-legend">{spans}</p>'


def months_between(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """(year, month) of every month from `first`'s to `last`'s, in order.

    Example:
        >>> months_between(dt.date(2026, 11, 20), dt.date(2027, 1, 2))
        [(2026, 11), (2026, 12), (2027, 1)]
    """
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def months_html(cal: Any, marks: dict[dt.date, str], lang: str = "en", limit: int = 4) -> str:
    """The grids of the months from the first to the last marked day (at most `limit`), with a legend.

    Months the calendar does not cover are left out; no grid at all gives "".
    """
    if not marks:
        return ""
    months = months_between(min(marks), max(marks))
    if len(months) > limit:
        wanted = {(d.year, d.month) for d in marks}
        months = [ym for ym in months if ym in wanted][:limit]
    grids = []
    for y, m in months:
        try:
            grids.append(month_html(cal, y, m, marks, lang))
        except Exception:  # a year the calendar does not cover: no grid, never a guess
            continue
    if not grids:
        return ""
    return f'<div class="lnv-months">{"".join(grids)}</div>{legend(lang)}'
