"""The SARIF 2.1.0 report, for code-scanning dashboards and CI annotations.

Input: findings and the run's metadata. Output: one SARIF log with one run.
Invariants: `tool.driver.rules` lists every rule id seen (in rule order), with
the first non-empty message as its short description; results are made only
for `violated` (level `error`), `pending` (`note`) and `unknown` (`warning`);
each result is located by a logical location naming its subject (records
have no source text to point at); `ruleIndex` points into `rules`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, TextIO

from lnvideo.findings import Finding, Status, Subject
from lnvideo.report.rows import natural_key
from lnvideo.version import __version__

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/lnvideo/lnvideo"

#: SARIF result level per status; statuses not listed make no result.
LEVELS: dict[Status, str] = {
    Status.VIOLATED: "error",
    Status.PENDING: "note",
    Status.UNKNOWN: "warning",
}


def logical_location(subject: Subject) -> dict[str, Any]:
    """The SARIF logical location of a subject: its id, and a path from its site.

    Example:
        >>> logical_location(Subject("camera", "C1", "S1"))["fullyQualifiedName"]
        'site/S1/camera/C1'
    """
    if subject.kind == "site":
        fqn = f"site/{subject.site}"
    else:
        fqn = f"site/{subject.site}/{subject.kind}/{subject.id or '-'}"
    return {
        "name": subject.id or "-",
        "fullyQualifiedName": fqn,
        "kind": "resource",
        "properties": {"subjectKind": subject.kind, "site": subject.site},
    }


def sarif_log(
    findings: Iterable[Finding],
    *,
    as_of: dt.date,
    rules: str,
    explain: bool = False,
    engine: str | None = None,
) -> dict[str, Any]:
    """The SARIF log as plain Python data.

    Example:
        >>> from lnvideo.findings import Subject
        >>> f = Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED, message="m")
        >>> log = sarif_log([f], as_of=dt.date(2026, 10, 1), rules="liaoning@1")
        >>> log["runs"][0]["results"][0]["level"]
        'error'
    """
    items = list(findings)
    descriptions: dict[str, tuple[str, str]] = {}
    for f in items:
        article, message = descriptions.get(f.rule, (f.article, ""))
        if not message and f.message:
            message = f.message
        descriptions[f.rule] = (article, message)
    rule_ids = sorted(descriptions, key=natural_key)
    index = {rule: i for i, rule in enumerate(rule_ids)}
    driver_rules = [
        {
            "id": rule,
            "shortDescription": {"text": descriptions[rule][1] or rule},
            "properties": {"article": descriptions[rule][0]},
        }
        for rule in rule_ids
    ]
    results = []
    for f in items:
        level = LEVELS.get(f.status)
        if level is None:
            continue
        properties: dict[str, Any] = {
            "status": f.status.value,
            "article": f.article,
            "severity": f.severity.value,
            "due": f.due.isoformat() if f.due else None,
            "fulfilled_on": f.fulfilled_on.isoformat() if f.fulfilled_on else None,
            "subject": f.subject.to_json(),
        }
        if explain:
            properties["explanation"] = f.explanation.to_json()
        key = "|".join((f.rule, *f.subject.key()))
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": level,
                "kind": "fail" if f.status is Status.VIOLATED else "review",
                "message": {"text": f.message or f"{f.rule}: {f.status.value}"},
                "locations": [{"logicalLocations": [logical_location(f.subject)]}],
                "partialFingerprints": {"lnvideoSubject/v1": key},
                "properties": properties,
            }
        )
    run_properties: dict[str, Any] = {"as_of": as_of.isoformat(), "rules": rules}
    if engine:
        run_properties["engine"] = engine
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "lnvideo",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": driver_rules,
                    }
                },
                "results": results,
                "properties": run_properties,
            }
        ],
    }


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
    """Write the SARIF log as indented JSON and a newline to `out`.

    Example:
        >>> import io
        >>> buf = io.StringIO()
        >>> render([], as_of=dt.date(2026, 10, 1), rules="liaoning@1", out=buf)
        >>> json.loads(buf.getvalue())["version"]
        '2.1.0'
    """
    log = sarif_log(findings, as_of=as_of, rules=rules, explain=explain, engine=engine)
    out.write(json.dumps(log, ensure_ascii=False, indent=2))
    out.write("\n")
