"""The deadline agenda: every pending finding as an all-day event on its due date.

Input: findings (streamed), the run's metadata and a site -> county lookup.
Output: one iCalendar (RFC 5545) VCALENDAR text, for a registration clerk's
calendar app. Each pending finding with a due date is one all-day VEVENT on
that date, with a reminder three days before; the county public security
organ it falls to is its CATEGORIES value (and named in the description), so
one file serves a city and a calendar app can filter by organ.
Invariants: UIDs are stable across runs (a hash of rule and subject), so a
re-import updates events instead of duplicating them; DTSTAMP is the as-of
date, so the same run writes the same file; events are written as findings
come (nothing held); record text is made safe (`safe.line`) and escaped by
icalendar; icalendar is imported only here (the `reports` extra).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import TextIO

from lnvideo.extras import require
from lnvideo.findings import Finding, Status
from lnvideo.report import safe
from lnvideo.report.context import ReportContext, organ_label, rule_catalog, takes_context
from lnvideo.report.digest import Digest
from lnvideo.report.labels import article_label, display_message
from lnvideo.report.text import subject_text

#: How many days before the due date the reminder rings.
REMIND_DAYS = 3


def event_uid(f: Finding) -> str:
    """A UID that stays the same for the same rule and subject in every run.

    Example:
        >>> from lnvideo.findings import Subject
        >>> f = Finding("LN-12.1a", "12", Subject("site", "S1", "S1"), Status.PENDING)
        >>> event_uid(f)
        'ln-12.1a-0d738691a68c9eb4e911cea2@lnvideo'
    """
    key = "\x1f".join((f.rule, *f.subject.key()))
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return f"{f.rule.lower()}-{digest}@lnvideo"


@takes_context
def write_ics(findings: Iterable[Finding], out: TextIO, *, ctx: ReportContext) -> int:
    """Stream the agenda to `out`; return how many events were written.

    Example:
        >>> import io
        >>> buf = io.StringIO()
        >>> write_ics([], buf, as_of=dt.date(2026, 10, 1), rules="liaoning@1")
        0
        >>> buf.getvalue().splitlines()[0], buf.getvalue().splitlines()[-1]
        ('BEGIN:VCALENDAR', 'END:VCALENDAR')
    """
    icalendar = require("icalendar", "reports", "writing the ics agenda")
    lang, as_of, rules = ctx.lang, ctx.as_of, ctx.rules
    titles = {r: i.title(lang) for r, i in rule_catalog(ctx.ruleset).items()}
    counties = Digest(as_of=as_of, county_of=ctx.county_of, top=0, per_county=0)
    stamp = dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC)
    name = "lnvideo 到期事项" if lang == "zh" else "lnvideo deadlines"
    out.write(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//lnvideo//deadline agenda//EN\r\n"
        f"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:{name} {as_of.isoformat()}\r\n"
    )
    n = 0
    for f in findings:
        counties.add(f)  # learns counties from scope findings, when they carry facts
        if f.status is not Status.PENDING or f.due is None:
            continue
        code = counties.county(f.subject.site)
        organ = safe.line(organ_label(code, lang))
        subject = safe.line(subject_text(f.subject, lang))
        title = safe.line(titles.get(f.rule) or display_message(f.message, f.status))
        ev = icalendar.Event()
        ev.add("uid", event_uid(f))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", f.due)
        ev.add("dtend", f.due + dt.timedelta(days=1))
        ev.add("summary", f"{safe.line(f.rule)} {subject}: {title}")
        due_word = "期限" if lang == "zh" else "Due"
        article = article_label(f.article, lang)
        ev.add(
            "description",
            "\n".join(
                (
                    safe.line(display_message(f.message, f.status)),
                    f"{safe.line(f.rule)} · {safe.line(article)} · {subject}",
                    organ,
                    f"{due_word} {f.due.isoformat()} · {safe.line(rules)}",
                )
            ),
        )
        ev.add("categories", [organ])
        ev.add("transp", "TRANSPARENT")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{safe.line(f.rule)} {subject}")
        alarm.add("trigger", dt.timedelta(days=-REMIND_DAYS))
        ev.add_component(alarm)
        out.write(ev.to_ical().decode("utf-8"))
        n += 1
    out.write("END:VCALENDAR\r\n")
    return n


@takes_context
def render(findings: Iterable[Finding], *, out: TextIO, ctx: ReportContext) -> None:
    """Write the agenda of pending deadlines."""
    write_ics(findings, out, ctx=ctx)
