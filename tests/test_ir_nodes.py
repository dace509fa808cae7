"""IR nodes: visited in source order (explanations list facts in that order)."""

from __future__ import annotations

import lnvideo
from lnvideo import ir

RULES = lnvideo.load_rules()


def _paths(rule_id: str) -> list[str]:
    rule = RULES.ir.rule(rule_id)
    assert rule is not None
    seen: list[str] = []
    for node in ir.walk(rule.applies, rule.requirement):
        subject_field = isinstance(node, ir.Path) and node.root in {"site", "camera", "event"}
        if subject_field and str(node) not in seen:
            seen.append(str(node))
    return seen


def test_requires_event_within_visits_the_event_before_the_start() -> None:
    """`requires event … where … within D after event.on`: the `where` fields, then the start."""
    assert _paths("LN-12.1b") == ["event.id", "site.county_code", "event.on"]


def test_a_finding_lists_its_facts_in_source_order() -> None:
    """The explanation's facts follow the rule text (LN-12.1b: event.id first)."""
    import datetime as dt

    from lnvideo.records import Event, Site

    site = Site("S1", county_code="210102", has_system=True, in_use_on=dt.date(2026, 1, 5))
    change = Event("S1", "system_changed", dt.date(2026, 10, 9), id="E1")
    report = RULES.check_site(site, events=[change], as_of=dt.date(2026, 11, 30))
    f = report.finding("LN-12.1b", "E1")
    assert [fact.path for fact in f.explanation.facts] == [
        "event.id",
        "site.county_code",
        "event.on",
    ]
