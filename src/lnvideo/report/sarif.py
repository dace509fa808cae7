"""The SARIF 2.1.0 report, for code-scanning dashboards and CI annotations.

Input: findings, the run's metadata and (optionally) the ruleset. Output: one
SARIF log with one run, streamed.
Invariants: `tool.driver.rules` lists every rule of the ruleset (or, without
one, every rule id seen), in rule order, each described by the rule's own
title and its article's summary — never by a finding; results are made only
for `violated` (level `error`), `pending` (`note`) and `unknown` (`warning`),
each carrying the finding's message; each result is located by a logical
location naming its subject (records have no source text to point at);
`ruleIndex` points into `rules`. Results are spooled to a temporary file
while the rule list is gathered, so memory does not grow with the run; text
is made safe for UTF-8 (`safe.json_text`).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from typing import Any, TextIO

from lnvideo.findings import Finding, Status, Subject
from lnvideo.report import safe
from lnvideo.report.context import ReportContext, RuleInfo, rule_catalog, takes_context
from lnvideo.report.labels import article_label
from lnvideo.report.rows import natural_key
from lnvideo.version import __version__

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/lnvideo/lnvideo"
#: The docs site; each article has a page `articles/article-NN.html` (sphinxext.py).
DOCS_URL = "https://lnvideo.readthedocs.io/en/latest/"


def help_uri(article: str) -> str:
    """The docs page of an article (the article index when it has no number).

    Example:
        >>> help_uri("6")
        'https://lnvideo.readthedocs.io/en/latest/articles/article-06.html'
    """
    if article.isdigit():
        return f"{DOCS_URL}articles/article-{int(article):02d}.html"
    return f"{DOCS_URL}articles/index.html"


#: SARIF result level per status; statuses not listed make no result.
LEVELS: dict[Status, str] = {
    Status.VIOLATED: "error",
    Status.PENDING: "note",
    Status.UNKNOWN: "warning",
}

_INDEX = '"ruleIndex": "@@lnvideo-rule-index@@"'


def _dumps(obj: Any, **kw: Any) -> str:
    return safe.json_text(json.dumps(obj, ensure_ascii=False, **kw))


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


def result_object(f: Finding, *, explain: bool = False) -> dict[str, Any] | None:
    """The SARIF result of one finding (`ruleIndex` left out), or None for a status with no level.

    Example:
        >>> f = Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED, message="m")
        >>> result_object(f)["message"]
        {'text': 'm'}
    """
    level = LEVELS.get(f.status)
    if level is None:
        return None
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
    return {
        "ruleId": f.rule,
        "level": level,
        "kind": "fail" if f.status is Status.VIOLATED else "review",
        "message": {"text": f.message or f"{f.rule}: {f.status.value}"},
        "locations": [{"logicalLocations": [logical_location(f.subject)]}],
        "partialFingerprints": {"lnvideoSubject/v1": key},
        "properties": properties,
    }


def rule_descriptor(rule: str, info: RuleInfo | None, article: str, lang: str) -> dict[str, Any]:
    """A `reportingDescriptor` for one rule: its title, its article's summary, help.

    Example:
        >>> rule_descriptor("LN-6", None, "6", "en")["shortDescription"]
        {'text': 'LN-6 (Article 6)'}
    """
    article = info.article if info else article
    title = info.title(lang) if info else ""
    summary = info.summary(lang) if info else ""
    short = title or f"{rule} ({article_label(article, lang)})"
    uri = help_uri(article)
    help_text = " — ".join(x for x in (title, summary) if x) or short
    help_md = f"**{title}** — {summary}" if title and summary else help_text
    out: dict[str, Any] = {
        "id": rule,
        "name": rule,
        "shortDescription": {"text": short},
        "fullDescription": {"text": summary or short},
        "helpUri": uri,
        "help": {"text": f"{help_text} ({uri})", "markdown": f"{help_md}\n\n[{rule}]({uri})"},
        "properties": {"article": article},
    }
    if info:
        out["properties"]["pack"] = info.pack
        out["defaultConfiguration"] = {"level": "error" if info.severity == "error" else "warning"}
    return out


@takes_context
def write_sarif(findings: Iterable[Finding], out: TextIO, *, ctx: ReportContext) -> None:
    """Stream the SARIF log (indented JSON, no trailing newline) to `out`.

    Results go to a temporary file first, with a placeholder for `ruleIndex`;
    once every finding has been seen the rule list is written and the results
    copied after it with their indexes filled in.
    """
    catalog = rule_catalog(ctx.ruleset)
    seen: dict[str, str] = {}  # rule id -> article, for rules the catalog lacks
    numbers: dict[str, int] = {}  # rule id -> first-seen number, in the spool
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        for f in findings:
            if f.rule not in catalog and f.rule not in seen:
                seen[f.rule] = f.article
            obj = result_object(f, explain=ctx.explain)
            if obj is None:
                continue
            obj = {"ruleId": obj.pop("ruleId"), "ruleIndex": "@@lnvideo-rule-index@@", **obj}
            # One line per result: compact JSON never holds a raw newline or NUL.
            # The rule goes by its first-seen number: a rule id may hold any character.
            number = numbers.setdefault(f.rule, len(numbers))
            spool.write(f"{number} {_dumps(obj)}\n")
        rule_ids = [*catalog, *sorted(seen, key=natural_key)]
        index = {r: i for i, r in enumerate(rule_ids)}
        by_number = {n: r for r, n in numbers.items()}
        descriptors = [
            rule_descriptor(r, catalog.get(r), seen.get(r, ""), ctx.lang) for r in rule_ids
        ]
        driver = {
            "name": "lnvideo",
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "rules": descriptors,
        }
        run_properties: dict[str, Any] = {"as_of": ctx.as_of.isoformat(), "rules": ctx.rules}
        if ctx.engine:
            run_properties["engine"] = ctx.engine
        out.write("{\n")
        out.write(f'  "$schema": {_dumps(SARIF_SCHEMA)},\n')
        out.write(f'  "version": {_dumps(SARIF_VERSION)},\n')
        out.write('  "runs": [\n    {\n')
        tool = _dumps({"driver": driver}, indent=2).replace("\n", "\n      ")
        out.write(f'      "tool": {tool},\n')
        out.write('      "results": [')
        spool.seek(0)
        first = True
        for raw in spool:
            head, _, body = raw.rstrip("\n").partition(" ")
            rule = by_number[int(head)]
            out.write("\n        " if first else ",\n        ")
            out.write(body.replace(_INDEX, f'"ruleIndex": {index[rule]}', 1))
            first = False
        out.write("]" if first else "\n      ]")
        props = _dumps(run_properties, indent=2).replace("\n", "\n      ")
        out.write(f',\n      "properties": {props}\n    }}\n  ]\n}}')


@takes_context
def sarif_log(findings: Iterable[Finding], *, ctx: ReportContext) -> dict[str, Any]:
    """The SARIF log as plain Python data (parsed back from `write_sarif`).

    Example:
        >>> import datetime as dt
        >>> f = Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED, message="m")
        >>> log = sarif_log([f], as_of=dt.date(2026, 10, 1), rules="liaoning@1")
        >>> log["runs"][0]["results"][0]["level"]
        'error'
    """
    import io

    buf = io.StringIO()
    write_sarif(findings, buf, ctx=ctx)
    log: dict[str, Any] = json.loads(buf.getvalue())
    return log


@takes_context
def render(findings: Iterable[Finding], *, out: TextIO, ctx: ReportContext) -> None:
    """Write the SARIF log as indented JSON and a newline."""
    write_sarif(findings, out, ctx=ctx)
    out.write("\n")
