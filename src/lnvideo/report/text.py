"""The text report: findings as one table per article, then a summary line.

Input: findings and the run's metadata. Output: text written to `out`.
Invariants: rows are grouped by article (in article order), then by rule (in
rule order), then by subject, and every row names its subject; `only` filters
the rows but the summary always counts every finding (with thousands
separators); the table fits the width (the `width` argument, else `COLUMNS`,
else the terminal's, else 120): from 100 columns up a table with a Due
column, below that a compact layout with the message under its row; the
summary line is split in two (counts, then the run) when it does not fit; a
message is wrapped, never cut (CJK text is broken between characters), and the due
date is printed once; no line ends in a space; no control or escape
character from a record or rule reaches the terminal (`safe.line`); when
`out` is not a terminal, or `no_color` is set, no ANSI escape is written.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from typing import Any, TextIO

from rich.cells import cell_len

from lnvideo.findings import STATUS_ORDER, Finding, Status, Subject
from lnvideo.report import safe
from lnvideo.report.context import ReportContext, article_groups, rule_catalog, takes_context
from lnvideo.report.labels import (
    article_label,
    decided_by,
    display_message,
    label,
    status_label,
)
from lnvideo.report.rows import natural_key

#: What the table shows when `only` is not given: what a reader must act on.
DEFAULT_ONLY: frozenset[Status] = frozenset({Status.VIOLATED, Status.PENDING, Status.UNKNOWN})

#: ANSI SGR codes per status, used only on a terminal without `no_color`.
STATUS_STYLES: dict[Status, str] = {
    Status.VIOLATED: "31",
    Status.PENDING: "33",
    Status.UNKNOWN: "35",
    Status.SATISFIED: "32",
    Status.NOT_APPLICABLE: "2",
}
#: Below this width the compact layout is used.
COMPACT_BELOW = 100
#: The width when nothing says otherwise (not a terminal, no COLUMNS).
DEFAULT_WIDTH = 120


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
        return safe.line(f"{kind} {subject.site}")
    return safe.line(f"{kind} {subject.id or '-'} @ {subject.site}")


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
        >>> counts = {"violated": 12, "pending": 3, "unknown": 0, "satisfied": 40_000, "not_applicable": 5}
        >>> summary_line(counts, as_of=dt.date(2026, 10, 1), engine="python")
        '12 violated · 3 pending · 0 unknown · 40,000 satisfied · 5 not applicable — engine python · as of 2026-10-01'
    """
    if lang == "zh":
        parts = [f"{status_label(s, lang)} {counts.get(s.value, 0):,}" for s in STATUS_ORDER]
    else:
        parts = [f"{counts.get(s.value, 0):,} {status_label(s, lang)}" for s in STATUS_ORDER]
    tail = []
    if engine:
        tail.append(label("engine", lang, engine=engine))
    if rules:
        tail.append(label("rules", lang, rules=safe.line(rules)))
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


# --------------------------------------------------------------- wrapping
_TOKENS = re.compile(
    r"\s+|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+|."
)
#: Closing punctuation that must not start a line (it stays with the character before).
_NO_BREAK_BEFORE = frozenset("，。、；：？！）》」』】〕…,.;:?!)]")
#: Opening punctuation that must not end a line (it stays with what follows).
_NO_BREAK_AFTER = frozenset("（《「『【〔“")


def wrap(text: str, width: int) -> list[str]:
    """Break `text` into lines of at most `width` cells: between words, and between CJK characters.

    Nothing is cut or dropped: a word longer than the width is broken inside.
    Lines carry no leading or trailing spaces.

    Example:
        >>> wrap("Registered within 30 days of going into use", 20)
        ['Registered within 30', 'days of going into', 'use']
        >>> wrap("系统于2026-09-05投入使用，未在期限前备案", 12)
        ['系统于', '2026-09-05投', '入使用，未在', '期限前备案']
    """
    width = max(width, 2)
    tokens: list[str] = []
    glue = False  # the last token opens a bracket: keep the next one with it
    for tok in _TOKENS.findall(text):
        if (
            tokens
            and not tok.isspace()
            and (glue or (tok in _NO_BREAK_BEFORE and not tokens[-1].isspace()))
        ):
            tokens[-1] += tok
        else:
            tokens.append(tok)
        glue = tok in _NO_BREAK_AFTER
    lines: list[str] = []
    cur, cur_w = "", 0
    for tok in tokens:
        if tok.isspace():
            if cur:
                cur, cur_w = cur + " ", cur_w + 1
            continue
        w = cell_len(tok)
        if cur_w + w <= width:
            cur, cur_w = cur + tok, cur_w + w
            continue
        if cur.strip():
            lines.append(cur.rstrip())
        cur, cur_w = "", 0
        while w > width:  # a word longer than a line: break it inside
            head, head_w = "", 0
            for ch in tok:
                cw = cell_len(ch)
                if head_w + cw > width:
                    break
                head, head_w = head + ch, head_w + cw
            lines.append(head)
            tok = tok[len(head) :]
            w = cell_len(tok)
        cur, cur_w = tok, w
    if cur.strip():
        lines.append(cur.rstrip())
    return lines or [""]


def hanging(text: str, width: int, indent: int = 0, more: int = 0) -> list[str]:
    """`text` wrapped to `width` cells: the first line indented by `indent` spaces, the
    lines after it by `indent + more`; at least 20 cells of text per line however narrow.

    Example:
        >>> hanging("Registered within 30 days of going into use", 26, 2, 2)
        ['  Registered within 30', '    days of going into use']
    """
    lines = wrap(text, max(width - indent - more, 20))
    return [" " * (indent + (more if i else 0)) + line for i, line in enumerate(lines)]


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - cell_len(text), 0)


def choose_width(out: Any, width: int | None = None) -> int:
    """The line width: `width`, else `COLUMNS`, else the terminal's, else 120.

    Example:
        >>> import io
        >>> choose_width(io.StringIO(), 80)
        80
    """
    if width is not None and width > 0:
        return width
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        if out.isatty():
            return os.get_terminal_size(out.fileno()).columns
    except (AttributeError, OSError, ValueError):
        pass
    return DEFAULT_WIDTH


class _Table:
    """The column widths and styles of one report's tables (from the rows it shows)."""

    GAP = 2

    def __init__(self, shown: list[Finding], *, lang: str, width: int, colour: bool) -> None:
        self.lang, self.width, self.colour = lang, width, colour
        self.heads = {k: label(k, lang) for k in ("rule", "subject", "status", "due", "message")}
        self.rules_w = self._widest("rule", (safe.line(f.rule) for f in shown))
        self.subj_w = self._widest("subject", (subject_text(f.subject, lang) for f in shown))
        self.status_w = self._widest("status", (status_label(f.status, lang) for f in shown))
        self.due_w = max(cell_len(self.heads["due"]), 10)
        gap = self.GAP
        self.fixed = 2 + self.rules_w + gap + self.subj_w + gap + self.status_w + gap
        self.fixed += self.due_w + gap
        self.compact = width < COMPACT_BELOW or width - self.fixed < 30
        self.msg_w = width - self.fixed

    def _widest(self, head: str, cells: Iterable[str]) -> int:
        return max([cell_len(self.heads[head])] + [cell_len(c) for c in cells])

    def paint(self, s: Status, text: str) -> str:
        return f"\x1b[{STATUS_STYLES[s]}m{text}\x1b[0m" if self.colour else text

    def bold(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if self.colour else text

    def header(self) -> list[str]:
        """The column headings and the rule under them (none in the compact layout)."""
        if self.compact:
            return []
        h, gap = self.heads, self.GAP
        line = (
            "  "
            + _pad(h["rule"], self.rules_w + gap)
            + _pad(h["subject"], self.subj_w + gap)
            + _pad(h["status"], self.status_w + gap)
            + _pad(h["due"], self.due_w + gap)
            + h["message"]
        )
        return [line.rstrip(), "  " + "─" * (self.width - 2)]

    def row(self, f: Finding, explain: bool) -> list[str]:
        """The lines of one finding: its row, its wrapped message, its reasons."""
        lang, gap = self.lang, self.GAP
        words = status_label(f.status, lang)
        message = safe.line(display_message(f.message, f.status))
        reasons = [safe.line(r) for r in f.explanation.reasons] if explain else []
        if explain and (facts := decided_by(f, lang)):
            reasons.append(safe.line(facts))
        due = f.due.isoformat() if f.due else ""
        lines: list[str] = []
        if self.compact:
            tail = self.paint(f.status, words)
            if due:
                tail += " · " + ("期限 " if lang == "zh" else "due ") + due
            lines.append(f"  {safe.line(f.rule)}  {subject_text(f.subject, lang)}  " + tail)
            lines.extend(
                f"    {text}" for text in (wrap(message, self.width - 4) if message else [])
            )
            for r in reasons:
                for i, text in enumerate(wrap(r, self.width - 8)):
                    lines.append(("      ↳ " if i == 0 else "        ") + text)
            return lines
        body = wrap(message, self.msg_w) if message else [""]
        first = (
            "  "
            + _pad(safe.line(f.rule), self.rules_w + gap)
            + _pad(subject_text(f.subject, lang), self.subj_w + gap)
            + self.paint(f.status, words)
            + " " * (self.status_w + gap - cell_len(words))
            + _pad(due, self.due_w + gap)
            + body[0]
        )
        lines.append(first.rstrip())
        indent = " " * self.fixed
        lines.extend((indent + text).rstrip() for text in body[1:])
        for r in reasons:
            for i, text in enumerate(wrap(r, self.msg_w - 2)):
                lines.append(indent + ("↳ " if i == 0 else "  ") + text)
        return lines


def _lines(
    shown: list[Finding],
    *,
    lang: str,
    explain: bool,
    width: int,
    colour: bool,
    rule_order: dict[str, int],
    group: Callable[[Finding], tuple[Any, str, str]],
) -> list[str]:
    """Every line of the article tables (no trailing spaces)."""
    by_article: dict[Any, list[Finding]] = defaultdict(list)
    heads: dict[Any, str] = {}
    for f in shown:
        key, instrument, article_title = group(f)
        if key not in heads:
            title = article_label(f.article, lang) if f.article else label("unnumbered", lang)
            if instrument:
                title = f"{safe.line(instrument)} · {title}"
            if article_title:
                title = f"{title} · {safe.line(article_title)}"
            heads[key] = title
        by_article[key].append(f)
    table = _Table(shown, lang=lang, width=width, colour=colour)
    lines: list[str] = []
    # by instrument (the Measures first), numbered articles first, unnumbered provisions last
    for key in sorted(by_article):
        if lines:
            lines.append("")
        lines.extend(table.bold(part) for part in wrap(heads[key], width))
        lines.extend(table.header())
        rows = sorted(
            by_article[key],
            key=lambda f: (
                rule_order.get(f.rule, len(rule_order)),
                natural_key(f.rule),
                subject_order(f.subject),
            ),
        )
        for f in rows:
            lines.extend(table.row(f, explain))
    return lines


@takes_context
def render(
    findings: Iterable[Finding],
    *,
    out: TextIO,
    ctx: ReportContext,
    only: Collection[Status | str] | None = None,
    no_color: bool = False,
    width: int | None = None,
) -> None:
    """Write the findings as tables grouped by article and rule, then the summary line.

    Args:
        findings: the findings of one run, in any order.
        out: where to write.
        ctx: the run (`ReportContext`, or its fields as keywords): `as_of`,
            `rules` and `engine` are shown in the summary; `lang` (`zh` or `en`)
            words the headings and status names; `explain` adds each finding's
            reasons under its row; `ruleset` gives rule order and article titles;
            `county_of` is unused (the table names sites, not organs).
        only: the statuses to list (default: violated, pending, unknown).
        no_color: write no ANSI escapes even on a terminal.
        width: the line width (default: `COLUMNS`, else the terminal's, else 120).

    Example:
        >>> import io
        >>> from lnvideo.findings import Subject
        >>> f = Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED, message="no system")
        >>> buf = io.StringIO()
        >>> render([f], as_of=dt.date(2026, 10, 1), rules="liaoning@1", out=buf, width=80)
        >>> print(buf.getvalue(), end="")
        Article 6
          LN-6  site S1  violated
            no system
        <BLANKLINE>
        1 violated · 0 pending · 0 unknown · 0 satisfied · 0 not applicable
        rules liaoning@1 · as of 2026-10-01
    """
    wanted = DEFAULT_ONLY if only is None else frozenset(Status(s) for s in only)
    counts = {s.value: 0 for s in Status}
    shown = []
    for f in findings:
        counts[f.status.value] += 1
        if f.status in wanted:
            shown.append(f)
    is_tty = bool(getattr(out, "isatty", lambda: False)())
    colour = is_tty and not no_color and "NO_COLOR" not in os.environ
    lang = ctx.lang
    lines = _lines(
        shown,
        lang=lang,
        explain=ctx.explain,
        width=choose_width(out, width),
        colour=colour,
        rule_order={r: i for i, r in enumerate(rule_catalog(ctx.ruleset))},
        group=article_groups(ctx.ruleset, lang),
    )
    if not shown:
        lines.append(label("nothing", lang, hidden=f"{sum(counts.values()):,}"))
    lines.append("")
    line = summary_line(counts, as_of=ctx.as_of, rules=ctx.rules, engine=ctx.engine, lang=lang)
    full = choose_width(out, width)
    if cell_len(line) > full:  # counts on one line, the run on the next
        head, _, tail = line.partition(" — ")
        lines.extend(wrap(head, full))
        lines.extend(wrap(tail, full))
    else:
        lines.append(line)
    out.write("\n".join(lines) + "\n")
