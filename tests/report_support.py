"""Findings for the report tests: the demo run, and a generator of many synthetic findings."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from lnvideo.counties import COUNTIES
from lnvideo.findings import Explanation, Finding, Severity, Status, Subject

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo.jsonl"
AS_OF = dt.date(2026, 10, 1)

_CODES = list(COUNTIES)
_RULES = [
    ("LN-6", "6"),
    ("LN-9", "9"),
    ("LN-10", "10"),
    ("LN-12.1a", "12"),
    ("LN-12.1b", "12"),
    ("LN-14.1.7", "14"),
    ("LN-14.2", "14"),
]
_STATUSES = [
    Status.SATISFIED,
    Status.VIOLATED,
    Status.PENDING,
    Status.NOT_APPLICABLE,
    Status.UNKNOWN,
    Status.SATISFIED,
    Status.VIOLATED,
]


def site_county(site: str) -> str:
    """The county code of a synthetic site `P<n>`: spread over every Liaoning county."""
    return _CODES[int(site[1:]) % len(_CODES)]


def many_findings(n: int, *, reasons: bool = True) -> Iterator[Finding]:
    """`n` synthetic findings over n/7 sites, every status and county, with due dates."""
    for i in range(n):
        rule, article = _RULES[i % len(_RULES)]
        status = _STATUSES[(i // 7 + i) % len(_STATUSES)]
        site = f"P{i // 7}"
        due = AS_OF + dt.timedelta(days=(i % 97) - 60) if article in ("12", "14") else None
        if status is Status.PENDING and due is not None and due < AS_OF:
            due = AS_OF + dt.timedelta(days=i % 40)
        yield Finding(
            rule,
            article,
            Subject("site", site, site) if i % 3 else Subject("event", f"E{i}", site),
            status,
            due=due,
            severity=Severity.ERROR,
            message=f"{rule} message for {site} number {i}",
            explanation=Explanation(reasons=(f"reason {i}",) if reasons else ()),
        )


@cache
def demo_counties() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for line in DEMO.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec.get("kind") == "site":
            out[rec["id"]] = rec.get("county_code")
    return out


@cache
def demo_run(lang: str = "en") -> tuple[object, tuple[Finding, ...]]:
    """The bundled ruleset and the demo's findings (with explanations) in `lang`."""
    import lnvideo

    rs = lnvideo.load_rules()
    report = rs.check_files([DEMO], as_of=AS_OF, lang=lang, explain=True)
    return rs, tuple(report.findings)
