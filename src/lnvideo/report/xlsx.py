"""The Excel workbook an auditor sorts and filters: a summary per county organ, then every finding.

Input: findings (streamed), the run's metadata, the ruleset and a site ->
county lookup. Output: an `.xlsx` file with two sheets: "Summary" (as-of
date, rule packs, then one row per county public security organ with its
count per status, and a total) and "Findings" (one row per finding, a frozen
header, an autofilter over every row, set column widths, dates as dates).
Invariants: written with openpyxl's write-only mode, one row at a time, so
a province does not sit in memory (the summary is a handful of counters per
county); headers and status names are Chinese with `lang="zh"`; no cell can
start a formula and no control character reaches a cell (`safe.cell`);
openpyxl is imported only here, and a missing one is the `reports` extra's
LNV403 error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from lnvideo.extras import require
from lnvideo.findings import STATUS_ORDER, Finding, Status
from lnvideo.report import safe
from lnvideo.report.context import ReportContext, organ_label, pack_list, takes_context
from lnvideo.report.digest import Digest, days_late
from lnvideo.report.labels import status_label

#: The columns of the Findings sheet: (key, English heading, Chinese heading, width).
COLUMNS: tuple[tuple[str, str, str, float], ...] = (
    ("organ", "County organ", "县级公安机关", 30),
    ("county", "County code", "行政区划代码", 12),
    ("site", "Site", "场所", 18),
    ("kind", "Subject kind", "对象类型", 12),
    ("subject", "Subject id", "对象编号", 24),
    ("rule", "Rule", "规则", 12),
    ("article", "Article", "条", 9),
    ("status", "Status", "状态", 14),
    ("due", "Due", "期限", 12),
    ("fulfilled_on", "Fulfilled on", "履行日期", 12),
    ("late", "Days late", "逾期天数", 10),
    ("severity", "Severity", "严重程度", 10),
    ("message", "Message", "说明", 80),
    ("reasons", "Reasons", "理由", 60),
)
#: language -> the columns as (key, heading, width).
HEADERS: Mapping[str, tuple[tuple[str, str, float], ...]] = {
    "en": tuple((key, en, width) for key, en, _zh, width in COLUMNS),
    "zh": tuple((key, zh, width) for key, _en, zh, width in COLUMNS),
}

WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "summary": "Summary",
        "findings": "Findings",
        "as_of": "As of",
        "packs": "Rule packs",
        "engine": "Engine",
        "organ": "County organ",
        "county": "County code",
        "total": "Total",
    },
    "zh": {
        "summary": "汇总",
        "findings": "结论",
        "as_of": "截至",
        "packs": "规则包",
        "engine": "引擎",
        "organ": "县级公安机关",
        "county": "行政区划代码",
        "total": "合计",
    },
}

KIND_WORDS = {"zh": {"site": "场所", "camera": "摄像机", "event": "事件"}}


def _col(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(n))


class _Book:
    """The workbook being written: its two sheets, the header style, the digest."""

    def __init__(self, ctx: ReportContext, lang: str) -> None:
        openpyxl = require("openpyxl", "reports", "writing xlsx output")
        from openpyxl.styles import Font, PatternFill

        self.ctx, self.lang, self.w = ctx, lang, WORDS[lang]
        self.wb = openpyxl.Workbook(write_only=True)
        self.summary = self.wb.create_sheet(self.w["summary"])
        self.sheet = self.wb.create_sheet(self.w["findings"])
        self.bold = Font(bold=True)
        self.fill = PatternFill("solid", fgColor="DCE6F1")
        self.digest = Digest(as_of=ctx.as_of, county_of=ctx.county_of, top=0, per_county=0)

    def head(self, values: Iterable[str], ws: Any) -> list[Any]:
        """Header cells: bold on a light fill."""
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for v in values:
            c = WriteOnlyCell(ws, value=safe.cell(v))
            c.font, c.fill = self.bold, self.fill
            cells.append(c)
        return cells


@takes_context
def write_xlsx(findings: Iterable[Finding], path: str | Path, *, ctx: ReportContext) -> int:
    """Stream the findings into an xlsx workbook at `path`; return how many were written.

    Args:
        findings: the run's findings (consumed once).
        path: the `.xlsx` file to write.
        ctx: the run (`ReportContext`, or its fields as keywords): `as_of`
            (default: today in Asia/Shanghai) counts "days late"; `rules` is
            shown when no ruleset is given (the ruleset gives the packs' titles and
            versions); `lang` (`zh` or `en`) words headings, status names and sheet
            names; `explain` adds each finding's reasons in the last column;
            `county_of` gives each finding's county organ.

    Example:
        >>> import datetime as dt
        >>> import tempfile, openpyxl
        >>> from lnvideo.findings import Subject
        >>> out = Path(tempfile.mkdtemp()) / "f.xlsx"
        >>> f = Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED, message="=1+1")
        >>> write_xlsx([f], out, as_of=dt.date(2026, 10, 1), county_of={"S1": "210102"})
        1
        >>> openpyxl.load_workbook(out)["Findings"]["M2"].value
        "'=1+1"
    """
    book = _Book(ctx, ctx.lang if ctx.lang in HEADERS else "en")
    n = _findings_sheet(book, findings)
    _summary_sheet(book)
    book.wb.save(str(path))
    return n


#: Data rows per findings sheet: Excel's limit (1,048,576 rows) less the header.
#: A province continues on "Findings 2", "Findings 3", … with the same header.
SHEET_ROWS = 1_048_575


def _start_sheet(book: _Book, sheet: Any, columns: Any) -> None:
    """Column widths, the frozen header row."""
    for i, (_, _, width) in enumerate(columns, start=1):
        sheet.column_dimensions[_col(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(book.head((h for _, h, _ in columns), sheet))


class _Cells:
    """Per-run caches for the findings rows: safe texts of repeated values, the message style.

    A province's rows repeat a few hundred rule ids, articles, sites and status
    names, so each is made safe once; the wrapped message cells share one style,
    made once instead of set (and looked up) on every row. Dates stay plain
    values: openpyxl formats them more cheaply than a prepared cell it unwraps.
    """

    def __init__(self, sheet: Any, lang: str) -> None:
        from openpyxl.cell.cell import Cell
        from openpyxl.styles import Alignment

        self.sheet, self.cell_type = sheet, Cell
        probe = Cell(sheet, 1, 1, "")
        probe.alignment = Alignment(wrap_text=True, vertical="top")
        self.wrap = probe._style
        self.texts: dict[str, str] = {}
        self.kinds = KIND_WORDS.get(lang, {})
        self.statuses = {s: status_label(s, lang) for s in Status}

    def text(self, value: str) -> str:
        """`safe.cell(value)`, remembered (the values that repeat from row to row)."""
        hit = self.texts.get(value)
        if hit is None:
            if len(self.texts) > 100_000:
                self.texts.clear()
            hit = self.texts[value] = safe.cell(value)
        return hit

    def message(self, value: str) -> Any:
        """The wrapped, top-aligned message cell."""
        return self.cell_type(self.sheet, 1, 1, safe.cell(value), style_array=self.wrap)


def _findings_sheet(book: _Book, findings: Iterable[Finding], per_sheet: int = SHEET_ROWS) -> int:
    """One row per finding under a frozen header, with an autofilter; how many rows."""
    lang, explain, sheet = book.lang, book.ctx.explain, book.sheet
    columns = HEADERS[lang] if explain else HEADERS[lang][:-1]
    _start_sheet(book, sheet, columns)
    cells = _Cells(sheet, lang)
    kinds, statuses, text, as_of = cells.kinds, cells.statuses, cells.text, book.ctx.as_of
    organs: dict[str | None, str] = {}
    add, county, append = book.digest.add, book.digest.county, sheet.append
    n = rows = 0
    for f in findings:
        if rows == per_sheet:
            sheet.auto_filter.ref = f"A1:{_col(len(columns))}{rows + 1}"
            sheet = book.wb.create_sheet(f"{book.w['findings']} {n // per_sheet + 1}")
            _start_sheet(book, sheet, columns)
            cells.sheet = sheet
            append = sheet.append
            rows = 0
        add(f)
        subject, status = f.subject, f.status
        code = county(subject.site)
        organ = organs.get(code)
        if organ is None:
            organ = organs[code] = safe.cell(organ_label(code, lang))
        late = days_late(f, as_of) if status is Status.VIOLATED and f.due else None
        row: list[Any] = [
            organ,
            code or "",
            text(subject.site),
            kinds.get(subject.kind, subject.kind),
            text(subject.id or ""),
            text(f.rule),
            text(f.article),
            statuses[status],
            f.due,
            f.fulfilled_on,
            late,
            f.severity.value,
            cells.message(f.message),
        ]
        if explain:
            row.append(safe.cell("\n".join(f.explanation.reasons)))
        append(row)
        n += 1
        rows += 1
    sheet.auto_filter.ref = f"A1:{_col(len(columns))}{rows + 1}"
    return n


def _summary_sheet(book: _Book) -> None:
    """What was checked, then one row per county organ with its counts, and a total."""
    summary, w, lang, ctx, head = book.summary, book.w, book.lang, book.ctx, book.head
    summary.column_dimensions["A"].width = 34
    summary.column_dimensions["B"].width = 14
    for i in range(len(STATUS_ORDER) + 1):
        summary.column_dimensions[_col(3 + i)].width = 14
    packs = pack_list(ctx.ruleset, lang)
    summary.append([*head([w["as_of"]], summary), ctx.as_of])
    pack_text = "; ".join(f"{a} {b} — {c}" for a, b, c in packs) if packs else ctx.rules
    summary.append([*head([w["packs"]], summary), safe.cell(pack_text)])
    if ctx.engine:
        summary.append([*head([w["engine"]], summary), safe.cell(ctx.engine)])
    summary.append([])
    statuses = [status_label(s, lang) for s in STATUS_ORDER]
    summary.append(head([w["organ"], w["county"], *statuses, w["total"]], summary))
    for code in book.digest.counties():
        counts = book.digest.by_county[code]
        values = [counts[s.value] for s in STATUS_ORDER]
        summary.append([safe.cell(organ_label(code, lang)), code or "", *values, sum(values)])
    totals = [book.digest.counts[s.value] for s in STATUS_ORDER]
    summary.append([*head([w["total"], ""], summary), *totals, sum(totals)])


#: The name the output sink (`lnvideo.sink.SINKS["xlsx"]`) calls.
write = write_xlsx
