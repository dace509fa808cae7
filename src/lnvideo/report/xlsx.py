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

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from lnvideo.diagnostics import Diagnostic, LnvideoError
from lnvideo.findings import STATUS_ORDER, Finding, Status
from lnvideo.report import safe
from lnvideo.report.context import CountyOf, organ_label, pack_list
from lnvideo.report.digest import Digest, days_late
from lnvideo.report.labels import status_label

HEADERS: Mapping[str, tuple[tuple[str, str, float], ...]] = {
    # (key, heading, column width)
    "en": (
        ("organ", "County organ", 30),
        ("county", "County code", 12),
        ("site", "Site", 18),
        ("kind", "Subject kind", 12),
        ("subject", "Subject id", 24),
        ("rule", "Rule", 12),
        ("article", "Article", 9),
        ("status", "Status", 14),
        ("due", "Due", 12),
        ("fulfilled_on", "Fulfilled on", 12),
        ("late", "Days late", 10),
        ("severity", "Severity", 10),
        ("message", "Message", 80),
        ("reasons", "Reasons", 60),
    ),
    "zh": (
        ("organ", "县级公安机关", 30),
        ("county", "行政区划代码", 12),
        ("site", "场所", 18),
        ("kind", "对象类型", 12),
        ("subject", "对象编号", 24),
        ("rule", "规则", 12),
        ("article", "条", 9),
        ("status", "状态", 14),
        ("due", "期限", 12),
        ("fulfilled_on", "履行日期", 12),
        ("late", "逾期天数", 10),
        ("severity", "严重程度", 10),
        ("message", "说明", 80),
        ("reasons", "理由", 60),
    ),
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


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        msg = (
            "writing xlsx output needs the `reports` extra (openpyxl is not installed): "
            "pip install 'lnvideo[reports]'"
        )
        raise LnvideoError([Diagnostic("LNV403", msg)]) from None
    return openpyxl


def _col(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(n))


def write_xlsx(
    findings: Iterable[Finding],
    path: str | Path,
    *,
    as_of: dt.date | None = None,
    rules: str = "",
    lang: str = "en",
    explain: bool = False,
    engine: str | None = None,
    ruleset: Any = None,
    county_of: CountyOf = None,
) -> int:
    """Stream the findings into an xlsx workbook at `path`; return how many were written.

    Args:
        findings: the run's findings (consumed once).
        path: the `.xlsx` file to write.
        as_of: the as-of date (for "days late"; default: today in Asia/Shanghai).
        rules: the packs' label, shown when no ruleset is given.
        lang: `zh` or `en` for headings, status names and sheet names.
        explain: add each finding's reasons in the last column.
        engine: the engine that produced the findings.
        ruleset: the loaded ruleset (pack titles and versions on the summary).
        county_of: site id -> county code (mapping or function).

    Example:
        >>> import tempfile, openpyxl
        >>> from lnvideo.findings import Subject
        >>> out = Path(tempfile.mkdtemp()) / "f.xlsx"
        >>> f = Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED, message="=1+1")
        >>> write_xlsx([f], out, as_of=dt.date(2026, 10, 1), county_of={"S1": "210102"})
        1
        >>> openpyxl.load_workbook(out)["Findings"]["M2"].value
        "'=1+1"
    """
    openpyxl = _openpyxl()
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    if as_of is None:
        from lnvideo.api import today_in_shanghai

        as_of = today_in_shanghai()
    lang = lang if lang in HEADERS else "en"
    w = WORDS[lang]
    columns = HEADERS[lang] if explain else HEADERS[lang][:-1]
    digest = Digest(as_of=as_of, county_of=county_of, top=0, per_county=0)
    wb = openpyxl.Workbook(write_only=True)
    summary = wb.create_sheet(w["summary"])
    sheet = wb.create_sheet(w["findings"])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCE6F1")
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, (_, _, width) in enumerate(columns, start=1):
        sheet.column_dimensions[_col(i)].width = width
    sheet.freeze_panes = "A2"

    def head(values: Iterable[str], ws: Any) -> list[Any]:
        cells = []
        for v in values:
            c = WriteOnlyCell(ws, value=safe.cell(v))
            c.font, c.fill = bold, fill
            cells.append(c)
        return cells

    sheet.append(head((h for _, h, _ in columns), sheet))
    kinds = KIND_WORDS.get(lang, {})
    organs: dict[str | None, str] = {}
    n = 0
    for f in findings:
        digest.add(f)
        code = digest.county(f.subject.site)
        organ = organs.get(code)
        if organ is None:
            organ = organs[code] = organ_label(code, lang)
        late = days_late(f, as_of) if f.status is Status.VIOLATED and f.due else None
        message = WriteOnlyCell(sheet, value=safe.cell(f.message))
        message.alignment = wrap
        row: list[Any] = [
            safe.cell(organ),
            code or "",
            safe.cell(f.subject.site),
            kinds.get(f.subject.kind, f.subject.kind),
            safe.cell(f.subject.id or ""),
            safe.cell(f.rule),
            safe.cell(f.article),
            status_label(f.status, lang),
            f.due,
            f.fulfilled_on,
            late,
            f.severity.value,
            message,
        ]
        if explain:
            row.append(safe.cell("\n".join(f.explanation.reasons)))
        sheet.append(row)
        n += 1
    sheet.auto_filter.ref = f"A1:{_col(len(columns))}{n + 1}"
    # The summary: what was checked, then one row per county organ.
    summary.column_dimensions["A"].width = 34
    summary.column_dimensions["B"].width = 14
    for i in range(len(STATUS_ORDER) + 1):
        summary.column_dimensions[_col(3 + i)].width = 14
    packs = pack_list(ruleset, lang)
    summary.append([*head([w["as_of"]], summary), as_of])
    pack_text = "; ".join(f"{a} {b} — {c}" for a, b, c in packs) if packs else rules
    summary.append([*head([w["packs"]], summary), safe.cell(pack_text)])
    if engine:
        summary.append([*head([w["engine"]], summary), safe.cell(engine)])
    summary.append([])
    summary.append(
        head(
            [w["organ"], w["county"], *(status_label(s, lang) for s in STATUS_ORDER), w["total"]],
            summary,
        )
    )
    for code in digest.counties():
        counts = digest.by_county[code]
        values = [counts[s.value] for s in STATUS_ORDER]
        summary.append([safe.cell(organ_label(code, lang)), code or "", *values, sum(values)])
    totals = [digest.counts[s.value] for s in STATUS_ORDER]
    summary.append([*head([w["total"], ""], summary), *totals, sum(totals)])
    wb.save(str(path))
    return n


#: The name the output sink (`lnvideo.sink.SINKS["xlsx"]`) calls.
write = write_xlsx
