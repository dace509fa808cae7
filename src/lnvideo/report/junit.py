"""The JUnit XML report, for CI systems that show test results.

Input: findings, the run's metadata and (optionally) the ruleset. Output: one
`<testsuites>` document, streamed.
Invariants: one `<testsuite>` per article (in article order), one `<testcase>`
per finding, rules in rule order within a suite and findings in the order
given within a rule; `violated` is a `<failure>`, `not_applicable` and
`unknown` are `<skipped>` with the reason (an unknown is not a pass); pending
and satisfied pass, with their status (and due date) once in `<system-out>`;
the counts on each suite match its cases. Cases are spooled per rule to
temporary files (bounded in memory) so the suite counts can come first. No
text from records or rules reaches the XML unescaped or with a character XML
forbids (`lnvideo.report.safe`).
"""

from __future__ import annotations

import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import IO, TextIO
from xml.sax.saxutils import escape, quoteattr

from lnvideo.findings import Finding, Status
from lnvideo.report import safe
from lnvideo.report.context import ReportContext, rule_catalog, takes_context
from lnvideo.report.labels import display_message, label, status_label
from lnvideo.report.rows import natural_key
from lnvideo.report.text import subject_text

#: Bytes of cases a rule keeps in memory before its spool moves to disk.
SPOOL_BYTES = 256 * 1024


def _attr(value: str) -> str:
    return quoteattr(safe.line(value), {"\n": "&#10;"})


def _body(value: str) -> str:
    return escape(safe.text(value))


def _case(f: Finding, lang: str, explain: bool) -> tuple[str, str]:
    """The `<testcase>` element of one finding, and its outcome (failure, skipped, pass)."""
    head = (
        f"    <testcase classname={_attr(f'article{f.article}.{f.rule}')} "
        f"name={_attr(f'{f.rule} {subject_text(f.subject, lang)}')}"
    )
    words = status_label(f.status, lang)
    message = display_message(f.message, f.status)
    reasons = f.explanation.reasons if explain or f.status is Status.UNKNOWN else ()
    if f.status is Status.VIOLATED:
        text = _details(f, lang, reasons)
        return (
            f'{head}>\n      <failure message={_attr(message or words)} type="violated">'
            f"{_body(text)}</failure>\n    </testcase>\n",
            "failure",
        )
    if f.status in (Status.NOT_APPLICABLE, Status.UNKNOWN):
        why = message or words
        extra = [r for r in reasons if r not in why] if f.status is Status.UNKNOWN else []
        if extra:
            why = f"{why} — {'; '.join(extra)}"
        if f.status is Status.UNKNOWN and message == f.message:  # not already worded as unknown
            why = f"{words}: {why}"
        return (
            f"{head}>\n      <skipped message={_attr(why)} />\n    </testcase>\n",
            "skipped",
        )
    return (
        f"{head}>\n      <system-out>{_body(_details(f, lang, reasons, status=True))}"
        "</system-out>\n    </testcase>\n",
        "pass",
    )


def _details(f: Finding, lang: str, reasons: Iterable[str], *, status: bool = False) -> str:
    lines = []
    if status:
        lines.append(f"{status_label(f.status, lang)}: {display_message(f.message, f.status)}")
    else:
        lines.append(display_message(f.message, f.status))
    if f.due:
        lines.append(f"{label('due', lang)}: {f.due.isoformat()}")
    if f.fulfilled_on:
        lines.append(f"fulfilled_on: {f.fulfilled_on.isoformat()}")
    lines.extend(f"- {r}" for r in reasons)
    return "\n".join(x for x in lines if x)


class _Suite:
    def __init__(self) -> None:
        self.rules: dict[str, IO[str]] = {}
        self.tests = self.failures = self.skipped = 0


@takes_context
def write_junit(findings: Iterable[Finding], out: TextIO, *, ctx: ReportContext) -> dict[str, int]:
    """Stream the JUnit document (with an XML declaration) to `out`; return the totals."""
    lang, as_of = ctx.lang, ctx.as_of
    order = {r: i for i, r in enumerate(rule_catalog(ctx.ruleset))}
    suites: dict[str, _Suite] = {}
    try:
        for f in findings:
            suite = suites.get(f.article)
            if suite is None:
                suite = suites[f.article] = _Suite()
            spool = suite.rules.get(f.rule)
            if spool is None:
                # Closed in the `finally` below, with every other spool.
                spool = suite.rules[f.rule] = tempfile.SpooledTemporaryFile(  # noqa: SIM115
                    max_size=SPOOL_BYTES, mode="w+", encoding="utf-8"
                )
            xml, outcome = _case(f, lang, ctx.explain)
            spool.write(xml)
            suite.tests += 1
            suite.failures += outcome == "failure"
            suite.skipped += outcome == "skipped"
        totals = {
            "tests": sum(s.tests for s in suites.values()),
            "failures": sum(s.failures for s in suites.values()),
            "errors": 0,
            "skipped": sum(s.skipped for s in suites.values()),
        }
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        counts = " ".join(f'{k}="{v}"' for k, v in totals.items())
        if not suites:
            out.write(f'<testsuites name="lnvideo" {counts} />')
            return totals
        out.write(f'<testsuites name="lnvideo" {counts}>\n')
        for article in sorted(suites, key=natural_key):
            suite = suites[article]
            out.write(
                f"  <testsuite name={_attr(label('article', lang, article=article))} "
                f'tests="{suite.tests}" failures="{suite.failures}" errors="0" '
                f'skipped="{suite.skipped}" timestamp="{as_of.isoformat()}">\n'
                "    <properties>\n"
                f'      <property name="as_of" value="{as_of.isoformat()}" />\n'
                f'      <property name="rules" value={_attr(ctx.rules)} />\n'
                "    </properties>\n"
            )
            for rule in sorted(
                suite.rules, key=lambda r: (order.get(r, len(order)), natural_key(r))
            ):
                spool = suite.rules[rule]
                spool.seek(0)
                shutil.copyfileobj(spool, out)
            out.write("  </testsuite>\n")
        out.write("</testsuites>")
        return totals
    finally:
        for suite in suites.values():
            for spool in suite.rules.values():
                spool.close()


@takes_context
def junit_tree(findings: Iterable[Finding], *, ctx: ReportContext) -> ET.Element:
    """The `<testsuites>` element for the findings (parsed back from `write_junit`).

    Example:
        >>> import datetime as dt
        >>> from lnvideo.findings import Subject
        >>> f = Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED, message="m")
        >>> junit_tree([f], as_of=dt.date(2026, 10, 1), rules="liaoning@1").get("failures")
        '1'
        >>> junit_tree([], as_of=dt.date(2026, 10, 1)).get("tests")
        '0'
    """
    import io

    buf = io.StringIO()
    write_junit(findings, buf, ctx=ctx)
    return ET.fromstring(buf.getvalue())


@takes_context
def render(findings: Iterable[Finding], *, out: TextIO, ctx: ReportContext) -> None:
    """Write the JUnit XML document (with an XML declaration) and a newline."""
    write_junit(findings, out, ctx=ctx)
    out.write("\n")
