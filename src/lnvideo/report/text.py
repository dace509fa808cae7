"""The text report: findings as `rich` tables, one per article, then a summary line.

Input: findings and the run's metadata. Output: text written to `out`.
Invariants: rows are grouped by article (in article order), then by subject,
then by rule; `only` filters the rows but the summary always counts every
finding; when `out` is not a terminal, or `no_color` is set, no ANSI escape
is written, so the output can be piped, diffed and tested.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from lnvideo.findings import STATUS_ORDER, Finding, Status, Subject, summarize
from lnvideo.report.labels import label, status_label
from lnvideo.report.rows import natural_key

#: What the table shows when `only` is not given: what a reader must act on.
DEFAULT_ONLY: frozenset[Status] = frozenset({Status.VIOLATED, Status.PENDING, Status.UNKNOWN})

STATUS_STYLES: dict[Status, str] = {
    Status.VIOLATED: "red",
    Status.PENDING: "yellow",
    Status.UNKNOWN: "magenta",
    Status.SATISFIED: "green",
    Status.NOT_APPLICABLE: "dim",
}


def subject_text(subject: Subject, lang: str = "en") -> str:
    """How a subject is written in the table: `site S1`, `camera C1 @ S1`, `event E7 @ S1`.

    Example:
        >>> subject_text(Subject("camera", "C1", "S1"))
        'camera C1 @ S1'
        >>> subject_text(Subject("event", None, "S1"), "zh")
        '事件 - @ S1'
    """
    kind = (
        label(subject.kind, lang) if subject.kind in ("site", "camera", "event") else subject.kind
    )
    if subject.kind == "site" and subject.id == subject.site:
        return f"{kind} {subject.site}"
    return f"{kind} {subject.id or '-'} @ {subject.site}"


def summary_line(
    counts: dict[str, int],
    *,
    as_of: dt.date,
    rules: str | None = None,
    engine: str | None = None,
    lang: str = "en",
) -> str:
    """The one-line summary: every status with its count, then engine, rules and as-of date.

    Example:
        >>> counts = {"violated": 12, "pending": 3, "unknown": 0, "satisfied": 40, "not_applicable": 5}
        >>> summary_line(counts, as_of=dt.date(2026, 10, 1), engine="python")
        '12 violated · 3 pending · 0 unknown · 40 satisfied · 5 not applicable — engine python · as of 2026-10-01'
    """
    if lang == "zh":
        parts = [f"{status_label(s, lang)} {counts.get(s.value, 0)}" for s in STATUS_ORDER]
    else:
        parts = [f"{counts.get(s.value, 0)} {status_label(s, lang)}" for s in STATUS_ORDER]
    tail = []
    if engine:
        tail.append(label("engine", lang, engine=engine))
    if rules:
        tail.append(label("rules", lang, rules=rules))
    tail.append(label("as_of", lang, as_of=as_of.isoformat()))
    return " · ".join(parts) + " — " + " · ".join(tail)


KIND_ORDER: dict[str, int] = {"site": 0, "camera": 1, "event": 2}


def subject_order(subject: Subject) -> tuple[object, ...]:
    """Sort key for subjects: by site, then the site itself, its cameras, its events."""
    return (
        natural_key(subject.site),
        KIND_ORDER.get(subject.kind, 3),
        natural_key(subject.id or ""),
    )


def _article_tables(shown: list[Finding], *, lang: str, explain: bool) -> list[Table]:
    by_article: dict[str, list[Finding]] = defaultdict(list)
    for f in shown:
        by_article[f.article].append(f)
    # The same column widths in every article's table, so the tables line up.
    widths = {
        "rule": max([cell_len(label("rule", lang))] + [cell_len(f.rule) for f in shown]),
        "subject": max(
            [cell_len(label("subject", lang))]
            + [cell_len(subject_text(f.subject, lang)) for f in shown]
        ),
        "status": max(
            [cell_len(label("status", lang))]
            + [cell_len(status_label(f.status, lang)) for f in shown]
        ),
        "due": max(cell_len(label("due", lang)), 10),
    }
    tables = []
    for article in sorted(by_article, key=natural_key):
        table = Table(
            title=label("article", lang, article=article),
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
        )
        for key in ("rule", "subject", "status", "due"):
            table.add_column(label(key, lang), no_wrap=True, min_width=widths[key])
        table.add_column(label("message", lang))
        rows = sorted(
            by_article[article], key=lambda f: (subject_order(f.subject), natural_key(f.rule))
        )
        for i, f in enumerate(rows):
            first_of_subject = i == 0 or rows[i - 1].subject != f.subject
            last_of_subject = i + 1 == len(rows) or rows[i + 1].subject != f.subject
            reasons = f.explanation.reasons if explain else ()
            table.add_row(
                f.rule,
                subject_text(f.subject, lang) if first_of_subject else "",
                Text(status_label(f.status, lang), style=STATUS_STYLES[f.status]),
                f.due.isoformat() if f.due else "",
                f.message,
                end_section=last_of_subject and not reasons,
            )
            for j, reason in enumerate(reasons):
                table.add_row(
                    "",
                    "",
                    "",
                    "",
                    Text(f"↳ {reason}", style="dim"),
                    end_section=last_of_subject and j + 1 == len(reasons),
                )
        tables.append(table)
    return tables


def render(
    findings: Iterable[Finding],
    *,
    as_of: dt.date,
    rules: str,
    lang: str = "en",
    explain: bool = False,
    out: TextIO,
    engine: str | None = None,
    only: Collection[Status | str] | None = None,
    no_color: bool = False,
    width: int | None = None,
) -> None:
    """Write the findings as tables grouped by article and subject, then the summary line.

    Args:
        findings: the findings of one run, in any order.
        as_of: the as-of date of the run, shown in the summary.
        rules: the rule pack id and version, shown in the summary.
        lang: `zh` or `en` for headings and status names.
        explain: add each finding's explanation reasons under its row.
        out: where to write.
        engine: the engine that produced the findings, shown in the summary.
        only: the statuses to list (default: violated, pending, unknown).
        no_color: write no ANSI escapes even on a terminal.
        width: the line width (default: the terminal's, or 120 when not a terminal).

    Example:
        >>> import io
        >>> from lnvideo.findings import Subject
        >>> f = Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED, message="no system")
        >>> buf = io.StringIO()
        >>> render([f], as_of=dt.date(2026, 10, 1), rules="liaoning@1", out=buf, width=80)
        >>> "Article 6" in buf.getvalue() and "1 violated" in buf.getvalue()
        True
    """
    items = list(findings)
    wanted = DEFAULT_ONLY if only is None else frozenset(Status(s) for s in only)
    shown = [f for f in items if f.status in wanted]
    is_tty = bool(getattr(out, "isatty", lambda: False)())
    console = Console(
        file=out,
        width=width if width is not None else (None if is_tty else 120),
        no_color=no_color,
        color_system=None if no_color else "auto",
        force_terminal=None,
        force_jupyter=False,
        force_interactive=False,
        soft_wrap=False,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    for table in _article_tables(shown, lang=lang, explain=explain):
        console.print(table)
    if not shown:
        console.print(label("nothing", lang, hidden=len(items)))
    line = summary_line(summarize(items), as_of=as_of, rules=rules, engine=engine, lang=lang)
    console.print(line, soft_wrap=True)
