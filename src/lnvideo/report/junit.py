"""The JUnit XML report, for CI systems that show test results.

Input: findings and the run's metadata. Output: one `<testsuites>` document.
Invariants: one `<testsuite>` per article (in article order), one `<testcase>`
per finding; `violated` is a `<failure>`, `not_applicable` is `<skipped>`;
pending, unknown and satisfied pass, with their status (and due date) in
`<system-out>`; the counts on each suite match its cases.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from typing import TextIO

from lnvideo.findings import Finding, Status
from lnvideo.report.labels import label, status_label
from lnvideo.report.rows import natural_key
from lnvideo.report.text import subject_text


def junit_tree(
    findings: Iterable[Finding],
    *,
    as_of: dt.date,
    rules: str,
    lang: str = "en",
    explain: bool = False,
) -> ET.Element:
    """The `<testsuites>` element for the findings.

    Example:
        >>> from lnvideo.findings import Subject
        >>> f = Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED, message="m")
        >>> junit_tree([f], as_of=dt.date(2026, 10, 1), rules="liaoning@1").get("failures")
        '1'
    """
    by_article: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_article[f.article].append(f)
    root = ET.Element("testsuites", name="lnvideo")
    total = failures = skipped = 0
    for article in sorted(by_article, key=natural_key):
        cases = sorted(by_article[article], key=lambda f: (natural_key(f.rule), f.subject.key()))
        suite_failures = sum(f.status is Status.VIOLATED for f in cases)
        suite_skipped = sum(f.status is Status.NOT_APPLICABLE for f in cases)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=label("article", lang, article=article),
            tests=str(len(cases)),
            failures=str(suite_failures),
            errors="0",
            skipped=str(suite_skipped),
            timestamp=as_of.isoformat(),
        )
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="as_of", value=as_of.isoformat())
        ET.SubElement(props, "property", name="rules", value=rules)
        for f in cases:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"article{article}.{f.rule}",
                name=f"{f.rule} {subject_text(f.subject, lang)}",
            )
            words = status_label(f.status, lang)
            if f.status is Status.VIOLATED:
                failure = ET.SubElement(case, "failure", message=f.message, type=f.status.value)
                failure.text = _details(f, words, explain)
            elif f.status is Status.NOT_APPLICABLE:
                ET.SubElement(case, "skipped", message=f.message or words)
            else:
                out = ET.SubElement(case, "system-out")
                out.text = _details(f, words, explain)
        total += len(cases)
        failures += suite_failures
        skipped += suite_skipped
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    root.set("skipped", str(skipped))
    return root


def _details(f: Finding, words: str, explain: bool) -> str:
    lines = [f"{words}: {f.message}" if f.message else words]
    if f.due:
        lines.append(f"due {f.due.isoformat()}")
    if f.fulfilled_on:
        lines.append(f"fulfilled_on {f.fulfilled_on.isoformat()}")
    if explain:
        lines.extend(f"- {r}" for r in f.explanation.reasons)
    return "\n".join(lines)


def render(
    findings: Iterable[Finding],
    *,
    as_of: dt.date,
    rules: str,
    lang: str = "en",
    explain: bool = False,
    out: TextIO,
    engine: str | None = None,
) -> None:
    """Write the JUnit XML document (with an XML declaration) to `out`.

    Example:
        >>> import io
        >>> buf = io.StringIO()
        >>> render([], as_of=dt.date(2026, 10, 1), rules="liaoning@1", out=buf)
        >>> buf.getvalue().splitlines()[1]
        '<testsuites name="lnvideo" tests="0" failures="0" errors="0" skipped="0" />'
    """
    root = junit_tree(findings, as_of=as_of, rules=rules, lang=lang, explain=explain)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
