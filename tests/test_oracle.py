"""Tests for the hand-written oracle (benchmarks/handwritten.py), rule by rule.

Each case names the SPEC §3 row or edge case (or §4 time rule) it checks. The
base site is in scope and satisfies every site rule, so a case changes only
what it is about.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from lnvideo.calendar import WorkCalendar
from lnvideo.dates import parse_instant
from lnvideo.findings import Status
from lnvideo.readers import SiteBundle
from lnvideo.records import Camera, Event, Site

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.handwritten import (
    CAMERA_RULES,
    EVENT_RULES,
    SITE_RULES,
    check_all,
    check_site,
)

CAL = WorkCalendar.bundled()
AS_OF = dt.date(2026, 10, 1)
COUNTY = "210102"
D = dt.date.fromisoformat

BASE = Site(
    "S1",
    county_code=COUNTY,
    place_category="school",
    designated=False,
    has_system=True,
    builder_kind="unit",
    national_security=False,
    in_use_on=D("2026-01-05"),
    captures_private_info=True,
    privacy_safeguards=("masking",),
    standards=("GB 50348",),
    government_invested=True,
    price_marked=True,
    retention_days=30,
    training=True,
    inspection_maintenance=True,
    emergency_response=True,
    duty_monitoring=True,
    access_log=True,
    om_outsourced=True,
    om_contract_security_terms=True,
)


def ev(type_: str, on: str, **fields: Any) -> Event:
    """An event of S1 as the reader would make it: `on` and `reported_on` parsed per SPEC §2."""
    day, at = parse_instant(on)
    if isinstance(fields.get("reported_on"), str):
        fields["reported_on"] = parse_instant(fields["reported_on"])[1]
    if isinstance(fields.get("recorded_on"), str):
        fields["recorded_on"] = D(fields["recorded_on"])
    return Event("S1", type_, day, on_at=at, **fields)


def filed(on: str, authority: str | None = COUNTY) -> Event:
    return ev("registration_filed", on, authority=authority)


def results(
    site: Site = BASE,
    cameras: tuple[Camera, ...] = (),
    events: tuple[Event, ...] = (),
    as_of: dt.date = AS_OF,
) -> dict[tuple[str, str | None], tuple[Status, dt.date | None]]:
    rows = check_site(SiteBundle(site, cameras, events), as_of, CAL)
    out = {(rule, sid): (status, due) for rule, _, sid, status, due in rows}
    assert len(out) == len(rows), "one row per (rule, subject)"
    return out


@attrs.frozen
class Case:
    id: str
    rule: str
    status: str
    due: dt.date | None = None
    site: dict[str, Any] = attrs.field(factory=dict)
    cameras: tuple[Camera, ...] = ()
    events: tuple[Event, ...] = ()
    as_of: dt.date = AS_OF
    subject: str | None = "S1"
    spec: str = ""


SAT, VIO, PEN, NA, UNK = "satisfied", "violated", "pending", "not_applicable", "unknown"

# fmt: off
CASES = [
    # --- LN-3 scope -----------------------------------------------------------
    Case("ln3-liaoning", "LN-3", SAT, spec="§3 Scope: a 21.... county is in scope"),
    Case("ln3-beijing", "LN-3", NA, site={"county_code": "110101"}, spec="§3 Scope: outside Liaoning"),
    Case("ln3-natsec", "LN-3", NA, site={"national_security": True}, spec="§3 Scope: Art. 5 para 2"),
    Case("ln3-natsec-missing", "LN-3", SAT, site={"national_security": None}, spec="decision: missing national_security = not true"),
    Case("ln3-no-county", "LN-3", UNK, site={"county_code": None}, spec="§3 Scope: unknown without county_code"),
    Case("ln3-natsec-no-county", "LN-3", NA, site={"county_code": None, "national_security": True}, spec="§3 Scope: national security is out whatever the county"),
    Case("ln3-propagates-na", "LN-10", NA, site={"county_code": "110101", "standards": ()}, spec="§3 Scope: other rules take the scope status"),
    Case("ln3-propagates-unknown", "LN-14.1.7", UNK, site={"county_code": None, "retention_days": 1}, spec="§3 Scope: other rules take the scope status"),
    Case("ln3-propagates-camera", "LN-9", NA, site={"county_code": "110101"}, cameras=(Camera("C1", "S1", place="toilet"),), subject="C1", spec="§3 Scope: cameras take the scope status"),
    Case("ln3-propagates-event", "LN-14.1.6", NA, site={"national_security": True}, events=(ev("footage_disclosed", "2026-05-01", id="E1", authorized=False),), subject="E1", spec="§3 Scope: events take the scope status"),
    Case("ln3-propagates-deadline", "LN-12.1a", UNK, None, site={"county_code": None}, spec="§3 Scope: no due date outside scope"),
    # --- LN-6 -------------------------------------------------------------------
    Case("ln6-school-has", "LN-6", SAT, spec="§3 LN-6: an Art. 6 category with a system"),
    Case("ln6-school-none", "LN-6", VIO, site={"has_system": False}, spec="§3 LN-6"),
    Case("ln6-missing-has-system", "LN-6", UNK, site={"has_system": None}, spec="§3 No system: missing has_system -> LN-6 unknown"),
    Case("ln6-other", "LN-6", NA, site={"place_category": "other", "has_system": False}, spec="§3 LN-6: not an Art. 6 place"),
    Case("ln6-designated", "LN-6", VIO, site={"place_category": "other", "designated": True, "has_system": False}, spec="§3 LN-6: designated place (Art. 6 last para)"),
    Case("ln6-category-missing", "LN-6", UNK, site={"place_category": None}, spec="decision: place_category missing and not designated -> unknown"),
    Case("ln6-category-missing-designated", "LN-6", SAT, site={"place_category": None, "designated": True}, spec="§3 LN-6: designated decides"),
    Case("ln6-other-missing-has-system", "LN-6", NA, site={"place_category": "other", "has_system": None}, spec="§3 No system: missing has_system only matters where LN-6 applies"),
    # --- has_system false ---------------------------------------------------------
    Case("no-system-ln7", "LN-7", NA, site={"has_system": False, "place_category": "main_road"}, spec="§3 No system: site rules but LN-3/LN-6 not_applicable"),
    Case("no-system-ln12", "LN-12.1a", NA, site={"has_system": False}, spec="§3 No system"),
    Case("no-system-ln14-2", "LN-14.2", NA, site={"has_system": False, "om_contract_security_terms": False}, spec="§3 No system"),
    Case("no-system-ln3", "LN-3", SAT, site={"has_system": False}, spec="§3 No system: LN-3 still judged"),
    Case("missing-system-own-fields", "LN-10", VIO, site={"has_system": None, "standards": ()}, spec="§3 No system: missing has_system leaves the rules to their fields"),
    # --- LN-7 -------------------------------------------------------------------
    Case("ln7-road-unit", "LN-7", VIO, site={"place_category": "main_road"}, spec="§3 LN-7: only government on main roads"),
    Case("ln7-square-government", "LN-7", SAT, site={"place_category": "square", "builder_kind": "government"}, spec="§3 LN-7"),
    Case("ln7-crossing-builder-missing", "LN-7", UNK, site={"place_category": "traffic_intersection", "builder_kind": None}, spec="§3 missing data is unknown"),
    Case("ln7-school", "LN-7", NA, site={"builder_kind": "individual"}, spec="§3 LN-7: other places not concerned"),
    Case("ln7-category-missing", "LN-7", UNK, site={"place_category": None}, spec="decision: undecidable condition -> unknown"),
    # --- LN-8 -------------------------------------------------------------------
    Case("ln8-safeguarded", "LN-8", SAT, spec="§3 LN-8"),
    Case("ln8-empty", "LN-8", VIO, site={"privacy_safeguards": ()}, spec="§3 LN-8: must be non-empty"),
    Case("ln8-missing", "LN-8", UNK, site={"privacy_safeguards": None}, spec="§3 missing data is unknown"),
    Case("ln8-captures-missing", "LN-8", UNK, site={"captures_private_info": None}, spec="§3 missing data is unknown"),
    Case("ln8-no-private", "LN-8", NA, site={"captures_private_info": False, "privacy_safeguards": ()}, spec="§3 LN-8: only if private info"),
    # --- LN-9 -------------------------------------------------------------------
    Case("ln9-toilet", "LN-9", VIO, cameras=(Camera("C1", "S1", place="toilet"),), subject="C1", spec="§3 LN-9: Art. 9 place"),
    Case("ln9-dormitory", "LN-9", VIO, cameras=(Camera("C1", "S1", place="student_dormitory", private_area=False),), subject="C1", spec="§3 LN-9: Art. 9 place"),
    Case("ln9-private-area", "LN-9", VIO, cameras=(Camera("C1", "S1", place="lobby", private_area=True),), subject="C1", spec="§3 LN-9: any private_area"),
    Case("ln9-lobby", "LN-9", SAT, cameras=(Camera("C1", "S1", place="lobby"),), subject="C1", spec="decision: private_area missing = false"),
    Case("ln9-place-missing", "LN-9", UNK, cameras=(Camera("C1", "S1"),), subject="C1", spec="decision: place missing -> unknown"),
    Case("ln9-place-missing-private", "LN-9", VIO, cameras=(Camera("C1", "S1", private_area=True),), subject="C1", spec="decision: place missing but private_area true -> violated"),
    # --- LN-10 ------------------------------------------------------------------
    Case("ln10-standard", "LN-10", SAT, spec="§3 LN-10"),
    Case("ln10-empty", "LN-10", VIO, site={"standards": ()}, spec="§3 LN-10: at least one"),
    Case("ln10-missing", "LN-10", UNK, site={"standards": None}, spec="§3 missing data is unknown"),
    # --- LN-11 ------------------------------------------------------------------
    Case("ln11-no-project", "LN-11", NA, spec="decision: project_kind missing -> not_applicable"),
    Case("ln11-same-day", "LN-11", SAT, D("2026-05-01"), site={ "project_kind": "new", "in_use_on": D("2026-05-01"), "main_project_in_use_on": D("2026-05-01"), }, spec="§3 LN-11: no later than the main project"),
    Case("ln11-late", "LN-11", VIO, D("2026-05-01"), site={ "project_kind": "rebuilt", "in_use_on": D("2026-05-02"), "main_project_in_use_on": D("2026-05-01"), }, spec="§3 LN-11 (due: the main project's date, satisfied and violated alike)"),
    Case("ln11-main-before-2008", "LN-11", NA, site={ "project_kind": "expanded", "in_use_on": D("2007-05-02"), "main_project_in_use_on": D("2007-12-31"), }, spec="§3 Before the Measures: LN-11 with main works before 2008"),
    Case("ln11-main-on-effective", "LN-11", VIO, D("2008-01-01"), site={ "project_kind": "new", "in_use_on": D("2008-01-02"), "main_project_in_use_on": D("2008-01-01"), }, spec="§3 Before the Measures: 2008-01-01 itself is covered"),
    Case("ln11-main-missing", "LN-11", UNK, site={"project_kind": "new"}, spec="§3 missing data is unknown"),
    Case("ln11-in-use-missing", "LN-11", UNK, D("2026-05-01"), site={"project_kind": "new", "in_use_on": None, "main_project_in_use_on": D("2026-05-01")}, spec="§3 missing data is unknown"),
    # --- LN-12.1a -----------------------------------------------------------------
    Case("ln12a-holiday-pending", "LN-12.1a", PEN, D("2026-10-08"), site={"in_use_on": D("2026-09-05")}, spec="§4 Art. 203: day 30 (10-05) in the National Day holiday -> 10-08"),
    Case("ln12a-holiday-last-day", "LN-12.1a", SAT, D("2026-10-08"), site={"in_use_on": D("2026-09-05")}, events=(filed("2026-10-08"),), as_of=D("2026-10-20"), spec="§4 Art. 203: filing on the extended last day"),
    Case("ln12a-late", "LN-12.1a", VIO, D("2026-10-08"), site={"in_use_on": D("2026-09-05")}, events=(filed("2026-10-09"),), as_of=D("2026-10-20"), spec="§3 Filings: only on or before the due date"),
    Case("ln12a-overdue", "LN-12.1a", VIO, D("2026-10-08"), site={"in_use_on": D("2026-09-05")}, as_of=D("2026-10-09"), spec="§3 As of: pending only while as_of <= due"),
    Case("ln12a-as-of-due", "LN-12.1a", PEN, D("2026-10-08"), site={"in_use_on": D("2026-09-05")}, as_of=D("2026-10-08"), spec="§3 As of: as_of == due is still pending"),
    Case("ln12a-day-30", "LN-12.1a", SAT, D("2026-04-01"), site={"in_use_on": D("2026-03-02")}, events=(filed("2026-04-01"),), spec="§4 Art. 201/1259: day 30 counts"),
    Case("ln12a-wrong-organ", "LN-12.1a", VIO, D("2026-10-08"), site={"in_use_on": D("2026-09-05")}, events=(filed("2026-09-10", "210103"),), as_of=D("2026-10-20"), spec="§3 Filings: another county's organ does not count"),
    Case("ln12a-wrong-organ-pending", "LN-12.1a", PEN, D("2026-10-08"), site={"in_use_on": D("2026-09-05")}, events=(filed("2026-09-10", "210103"),), spec="§3 Filings: another county's organ does not count"),
    Case("ln12a-no-organ", "LN-12.1a", UNK, D("2026-10-08"), site={"in_use_on": D("2026-09-05")}, events=(filed("2026-09-10", None),), as_of=D("2026-10-20"), spec="§3 Filings: no organ named, only one in time -> unknown"),
    Case("ln12a-no-organ-and-right", "LN-12.1a", SAT, D("2026-10-08"), site={"in_use_on": D("2026-09-05")}, events=(filed("2026-09-10", None), filed("2026-09-20")), as_of=D("2026-10-20"), spec="§3 Filings: a qualifying filing wins"),
    Case("ln12a-no-organ-late", "LN-12.1a", VIO, D("2026-10-08"), site={"in_use_on": D("2026-09-05")}, events=(filed("2026-10-09", None),), as_of=D("2026-10-20"), spec="§3 Filings: a late unnamed filing is not in time"),
    Case("ln12a-before-in-use", "LN-12.1a", SAT, D("2026-10-08"), site={"in_use_on": D("2026-09-05")}, events=(filed("2026-08-01"),), spec="§3 Filings: a filing before in_use_on counts"),
    Case("ln12a-filing-after-as-of", "LN-12.1a", PEN, D("2026-10-08"), site={"in_use_on": D("2026-09-05")}, events=(filed("2026-10-05"),), spec="§3 As of: later events are ignored"),
    Case("ln12a-utc-late-evening", "LN-12.1a", VIO, D("2026-10-08"), site={"in_use_on": D("2026-09-05")}, events=(filed("2026-10-08T17:00:00Z"),), as_of=D("2026-10-20"), spec="§2: 17:00Z is 01:00 the next local day"),
    Case("ln12a-utc-in-time", "LN-12.1a", SAT, D("2026-10-08"), site={"in_use_on": D("2026-09-05")}, events=(filed("2026-10-08T15:59:00Z"),), as_of=D("2026-10-20"), spec="§2: 15:59Z is 23:59 local"),
    Case("ln12a-leap-day", "LN-12.1a", PEN, D("2024-04-01"), site={"in_use_on": D("2024-02-29")}, as_of=D("2024-03-30"), spec="§4: 30 days after 2024-02-29 is Sat 03-30, moved to Mon 04-01"),
    Case("ln12a-calendar-gap", "LN-12.1a", UNK, None, site={"in_use_on": D("2026-12-15")}, spec="§3 Calendar gaps: 2027 not covered -> unknown, no due"),
    Case("ln12a-pre-2008", "LN-12.1a", NA, site={"in_use_on": D("2007-05-01")}, spec="§3 Before the Measures: LN-12.2 instead"),
    Case("ln12a-in-use-missing", "LN-12.1a", UNK, site={"in_use_on": None}, spec="decision: in_use_on missing -> unknown"),
    Case("ln12a-outside-liaoning", "LN-12.1a", NA, site={"county_code": "110101", "in_use_on": D("2026-09-05")}, events=(filed("2026-09-10", "110101"),), spec="§3 Scope"),
    # --- LN-12.2 ------------------------------------------------------------------
    Case("ln12-2-in-time", "LN-12.2", SAT, D("2008-01-31"), site={"in_use_on": D("2007-05-01")}, events=(filed("2008-01-31"),), spec="§3 LN-12.2: 30 days after 2008-01-01"),
    Case("ln12-2-none", "LN-12.2", VIO, D("2008-01-31"), site={"in_use_on": D("2007-05-01")}, spec="§3 LN-12.2"),
    Case("ln12-2-filed-2007", "LN-12.2", SAT, D("2008-01-31"), site={"in_use_on": D("2007-05-01")}, events=(filed("2007-06-01"),), spec="§3 Filings: early filing counts"),
    Case("ln12-2-wrong-organ", "LN-12.2", VIO, D("2008-01-31"), site={"in_use_on": D("2007-05-01")}, events=(filed("2008-01-10", "210202"),), spec="§3 Filings: wrong organ"),
    Case("ln12-2-new-system", "LN-12.2", NA, spec="§3 LN-12.2 only for pre-2008 systems"),
    Case("ln12-2-in-use-missing", "LN-12.2", UNK, site={"in_use_on": None}, spec="decision: in_use_on missing -> unknown"),
    # --- LN-12.1b -----------------------------------------------------------------
    Case("ln12b-make-up-day", "LN-12.1b", SAT, D("2026-10-10"), events=(ev("system_changed", "2026-09-30", id="CH1"), ev("change_reported", "2026-10-10", change="CH1", authority=COUNTY)), as_of=D("2026-10-20"), subject="CH1", spec="§4 working days: 10-10 is a make-up working day"),
    Case("ln12b-late", "LN-12.1b", VIO, D("2026-10-10"), events=(ev("system_changed", "2026-09-30", id="CH1"), ev("change_reported", "2026-10-11", change="CH1", authority=COUNTY)), as_of=D("2026-10-20"), subject="CH1", spec="§3 LN-12.1b: 3 working days"),
    Case("ln12b-pending", "LN-12.1b", PEN, D("2026-10-10"), events=(ev("system_changed", "2026-09-30", id="CH1"),), as_of=D("2026-10-09"), subject="CH1", spec="§3 As of: pending"),
    Case("ln12b-other-change", "LN-12.1b", VIO, D("2026-10-10"), events=(ev("system_changed", "2026-09-30", id="CH1"), ev("change_reported", "2026-10-02", change="CH2", authority=COUNTY)), as_of=D("2026-10-20"), subject="CH1", spec="decision: matched by change = the system_changed id"),
    Case("ln12b-wrong-organ", "LN-12.1b", VIO, D("2026-10-10"), events=(ev("system_changed", "2026-09-30", id="CH1"), ev("change_reported", "2026-10-02", change="CH1", authority="210103")), as_of=D("2026-10-20"), subject="CH1", spec="§3 Filings: the original organ is the site's county organ"),
    Case("ln12b-no-organ", "LN-12.1b", UNK, D("2026-10-10"), events=(ev("system_changed", "2026-09-30", id="CH1"), ev("change_reported", "2026-10-02", change="CH1")), as_of=D("2026-10-20"), subject="CH1", spec="§3 Filings: no organ named -> unknown"),
    Case("ln12b-plain-week", "LN-12.1b", SAT, D("2026-03-09"), events=(ev("system_changed", "2026-03-04T09:00:00+08:00", id="CH1"), ev("change_reported", "2026-03-09", change="CH1", authority=COUNTY)), subject="CH1", spec="§4 working days skip the weekend: Wed + 3 -> Mon"),
    Case("ln12b-no-id", "LN-12.1b", UNK, D("2026-03-09"), events=(ev("system_changed", "2026-03-04"), ev("change_reported", "2026-03-05", authority=COUNTY)), subject=None, spec="pack missing_is_unknown: an unnamed change with an in-time report to its organ and no link cannot be matched -> unknown; subject id None"),
    Case("ln12b-no-id-linked-report", "LN-12.1b", UNK, D("2026-03-09"), events=(ev("system_changed", "2026-03-04"), ev("change_reported", "2026-03-05", change="CH7", authority=COUNTY)), subject=None, spec="pack missing_is_unknown: without the change's id no link can be decided"),
    Case("ln12b-no-id-other-organ", "LN-12.1b", VIO, D("2026-03-09"), events=(ev("system_changed", "2026-03-04"), ev("change_reported", "2026-03-05", authority="210103")), as_of=D("2026-03-10"), subject=None, spec="§3 Filings: another county's organ never counts, whatever the link"),
    Case("ln12b-no-id-nothing", "LN-12.1b", PEN, D("2026-03-09"), events=(ev("system_changed", "2026-03-04"),), subject=None, as_of=D("2026-03-09"), spec="§3 As of: an unnamed change with no report is pending"),
    Case("ln12b-report-without-link", "LN-12.1b", UNK, D("2026-03-09"), events=(ev("system_changed", "2026-03-04", id="CH1"), ev("change_reported", "2026-03-05", authority=COUNTY)), subject="CH1", spec="pack missing_is_unknown: a report naming no change may be this change's"),
    Case("ln12b-report-without-link-late", "LN-12.1b", VIO, D("2026-03-09"), events=(ev("system_changed", "2026-03-04", id="CH1"), ev("change_reported", "2026-03-10", authority=COUNTY)), as_of=D("2026-03-20"), subject="CH1", spec="§3 Filings: only reports on or before the due date matter"),
    Case("ln12b-pre-2008", "LN-12.1b", NA, events=(ev("system_changed", "2007-12-31", id="CH1"),), subject="CH1", spec="§3 Before the Measures: old events not_applicable"),
    Case("ln12b-utc-pre-2008", "LN-12.1b", NA, events=(ev("system_changed", "2007-12-31T15:30:00Z", id="CH1"),), subject="CH1", spec="§2: 15:30Z on 12-31 is 23:30 local, still 2007"),
    Case("ln12b-utc-2008", "LN-12.1b", VIO, D("2008-01-04"), events=(ev("system_changed", "2007-12-31T16:30:00Z", id="CH1"),), subject="CH1", spec="§2: 16:30Z on 12-31 is 2008-01-01 local"),
    Case("ln12b-calendar-gap", "LN-12.1b", UNK, None, events=(ev("system_changed", "2026-12-30", id="CH1"),), as_of=D("2026-12-31"), subject="CH1", spec="§3 Calendar gaps"),
    # --- LN-13 --------------------------------------------------------------------
    Case("ln13-marked", "LN-13", SAT, spec="§3 LN-13"),
    Case("ln13-unmarked", "LN-13", VIO, site={"price_marked": False}, spec="§3 LN-13"),
    Case("ln13-price-missing", "LN-13", UNK, site={"price_marked": None}, spec="§3 missing data is unknown"),
    Case("ln13-invest-missing", "LN-13", UNK, site={"government_invested": None}, spec="§3 missing data is unknown"),
    Case("ln13-private", "LN-13", NA, site={"government_invested": False, "price_marked": False}, spec="§3 LN-13: government-invested only"),
    # --- LN-14.1.1 .. 4 -------------------------------------------------------------
    Case("ln14-1-1-no-training", "LN-14.1.1", VIO, site={"training": False}, spec="§3 LN-14.1.1"),
    Case("ln14-1-1-missing", "LN-14.1.1", UNK, site={"training": None}, spec="§3 missing data is unknown"),
    Case("ln14-1-2-both", "LN-14.1.2", SAT, spec="§3 LN-14.1.2: both regimes"),
    Case("ln14-1-2-one-missing", "LN-14.1.2", UNK, site={"emergency_response": None}, spec="decision: Kleene and"),
    Case("ln14-1-2-false-wins", "LN-14.1.2", VIO, site={"emergency_response": None, "inspection_maintenance": False}, spec="decision: Kleene and, false wins"),
    Case("ln14-1-3-duty", "LN-14.1.3", VIO, site={"duty_monitoring": False}, spec="§3 LN-14.1.3"),
    Case("ln14-1-4-log", "LN-14.1.4", UNK, site={"access_log": None}, spec="§3 LN-14.1.4"),
    # --- LN-14.1.3r -----------------------------------------------------------------
    Case("ln14-3r-in-time", "LN-14.1.3r", SAT, D("2026-03-02"), events=(ev("suspicious_observed", "2026-03-01T10:00:00+08:00", id="O1", reported_on="2026-03-02T10:00:00+08:00"),), subject="O1", spec="§3 Timely report: exactly 24 h is in time"),
    Case("ln14-3r-one-second-late", "LN-14.1.3r", VIO, D("2026-03-02"), events=(ev("suspicious_observed", "2026-03-01T10:00:00+08:00", id="O1", reported_on="2026-03-02T10:00:01+08:00"),), subject="O1", spec="§3 Timely report: instants compared"),
    Case("ln14-3r-utc-evening", "LN-14.1.3r", SAT, D("2026-03-03"), events=(ev("suspicious_observed", "2026-03-01T20:00:00Z", id="O1", reported_on="2026-03-03T03:59:00+08:00"),), as_of=D("2026-03-05"), subject="O1", spec="§2/§3: 20:00Z is 04:00 local next day; due is the local date of on+24h"),
    Case("ln14-3r-utc-evening-late", "LN-14.1.3r", VIO, D("2026-03-03"), events=(ev("suspicious_observed", "2026-03-01T20:00:00Z", id="O1", reported_on="2026-03-02T20:00:01Z"),), as_of=D("2026-03-05"), subject="O1", spec="§3 Timely report: instants compared across offsets"),
    Case("ln14-3r-date-only", "LN-14.1.3r", SAT, D("2026-03-02"), events=(ev("suspicious_observed", "2026-03-01", id="O1", reported_on="2026-03-02T00:00:00+08:00"),), subject="O1", spec="decision: a bare date means local midnight"),
    Case("ln14-3r-date-only-late", "LN-14.1.3r", VIO, D("2026-03-02"), events=(ev("suspicious_observed", "2026-03-01", id="O1", reported_on="2026-03-02T00:01:00+08:00"),), subject="O1", spec="decision: a bare date means local midnight"),
    Case("ln14-3r-absent-pending", "LN-14.1.3r", PEN, D("2026-03-02"), events=(ev("suspicious_observed", "2026-03-01T10:00:00+08:00", id="O1"),), as_of=D("2026-03-02"), subject="O1", spec="§3 As of: pending while as_of <= due"),
    Case("ln14-3r-absent-violated", "LN-14.1.3r", VIO, D("2026-03-02"), events=(ev("suspicious_observed", "2026-03-01T10:00:00+08:00", id="O1"),), as_of=D("2026-03-03"), subject="O1", spec="§3 As of"),
    Case("ln14-3r-report-after-as-of", "LN-14.1.3r", PEN, D("2026-03-02"), events=(ev("suspicious_observed", "2026-03-01T10:00:00+08:00", id="O1", reported_on="2026-03-02T09:00:00+08:00"),), as_of=D("2026-03-01"), subject="O1", spec="§3 As of: a reported_on after the as-of day is not yet reported"),
    Case("ln14-3r-report-utc-after-as-of", "LN-14.1.3r", PEN, D("2026-03-02"), events=(ev("suspicious_observed", "2026-03-01T10:00:00+08:00", id="O1", reported_on="2026-03-01T16:30:00Z"),), as_of=D("2026-03-01"), subject="O1", spec="§3 As of: 16:30Z is 00:30 local on the next day"),
    Case("ln14-3r-leap-day", "LN-14.1.3r", SAT, D("2024-03-01"), events=(ev("suspicious_observed", "2024-02-29T23:00:00+08:00", id="O1", reported_on="2024-03-01T22:00:00+08:00"),), subject="O1", spec="§3 Timely report across a leap day"),
    Case("ln14-3r-pre-2008", "LN-14.1.3r", NA, events=(ev("suspicious_observed", "2007-12-31T23:00:00+08:00", id="O1"),), subject="O1", spec="§3 Before the Measures"),
    # --- LN-14.1.4e -----------------------------------------------------------------
    Case("ln14-4e-complete", "LN-14.1.4e", SAT, events=(ev("footage_accessed", "2026-05-01T08:00:00+08:00", id="A1", by="officer 7", purpose="case 12"),), subject="A1", spec="§3 Access log"),
    Case("ln14-4e-no-purpose", "LN-14.1.4e", VIO, events=(ev("footage_accessed", "2026-05-01", id="A1", by="officer 7"),), subject="A1", spec="§3 Access log: missing purpose is a breach"),
    Case("ln14-4e-empty-by", "LN-14.1.4e", VIO, events=(ev("footage_accessed", "2026-05-01", id="A1", by="", purpose="x"),), subject="A1", spec="decision: an empty string is missing"),
    Case("ln14-4e-blank-purpose", "LN-14.1.4e", VIO, events=(ev("footage_accessed", "2026-05-01", id="A1", by="officer 7", purpose=" \t "),), subject="A1", spec="pack `is present`: whitespace-only text is missing"),
    Case("ln14-4e-after-as-of", "LN-14.1.4e", "absent", events=(ev("footage_accessed", "2026-10-02", id="A1"),), subject="A1", spec="§3 As of: later events give no finding"),
    # --- LN-14.1.5 / LN-14.1.6 ------------------------------------------------------
    Case("ln14-5-authorized", "LN-14.1.5", SAT, events=(ev("camera_changed", "2026-05-01", id="K1", camera="C1", change="position", authorized=True),), subject="K1", spec="§3 LN-14.1.5"),
    Case("ln14-5-unauthorized", "LN-14.1.5", VIO, events=(ev("camera_changed", "2026-05-01", id="K1", camera="C1", change="purpose", authorized=False),), subject="K1", spec="§3 LN-14.1.5"),
    Case("ln14-5-missing", "LN-14.1.5", UNK, events=(ev("camera_changed", "2026-05-01", id="K1", camera="C1", change="purpose"),), subject="K1", spec="§3 missing data is unknown"),
    Case("ln14-6-unauthorized", "LN-14.1.6", VIO, events=(ev("footage_disclosed", "2026-05-01", id="X1", to="press", authorized=False),), subject="X1", spec="§3 LN-14.1.6"),
    Case("ln14-6-missing", "LN-14.1.6", UNK, events=(ev("footage_disclosed", "2026-05-01", id="X1", to="press"),), subject="X1", spec="§3 missing data is unknown"),
    Case("ln14-6-authorized-no-id", "LN-14.1.6", SAT, events=(ev("footage_disclosed", "2026-05-01", to="court", authorized=True),), subject=None, spec="decision: event without id has subject id None"),
    # --- LN-14.1.7 ------------------------------------------------------------------
    Case("ln14-7-15", "LN-14.1.7", SAT, site={"retention_days": 15}, spec="§4 Art. 1259: 15 or more includes 15"),
    Case("ln14-7-14", "LN-14.1.7", VIO, site={"retention_days": 14}, spec="§3 LN-14.1.7"),
    Case("ln14-7-missing", "LN-14.1.7", UNK, site={"retention_days": None}, spec="§3 missing retention_days cannot be judged"),
    # --- LN-14.1.7d -----------------------------------------------------------------
    Case("ln14-7d-day-16", "LN-14.1.7d", SAT, events=(ev("footage_deleted", "2026-03-17", id="DL1", recorded_on="2026-03-01", important=False),), subject="DL1", spec="§4: kept 15 days -> deletion on D+16 or later"),
    Case("ln14-7d-day-15", "LN-14.1.7d", VIO, events=(ev("footage_deleted", "2026-03-16", id="DL1", recorded_on="2026-03-01", important=False),), subject="DL1", spec="§4: deletion on D+15 is too early"),
    Case("ln14-7d-no-extension", "LN-14.1.7d", SAT, events=(ev("footage_deleted", "2026-10-01", id="DL1", recorded_on="2026-09-15", important=False),), subject="DL1", spec="§4: a minimum duration is not extended over a holiday"),
    Case("ln14-7d-important-leap", "LN-14.1.7d", SAT, events=(ev("footage_deleted", "2025-03-01", id="DL1", recorded_on="2024-02-29", important=True),), subject="DL1", spec="§4 Art. 202: 2024-02-29 + 1 year ends 2025-02-28"),
    Case("ln14-7d-important-leap-early", "LN-14.1.7d", VIO, events=(ev("footage_deleted", "2025-02-28", id="DL1", recorded_on="2024-02-29", important=True),), subject="DL1", spec="§4 Art. 202: last day of the year is still within it"),
    Case("ln14-7d-important-missing-early", "LN-14.1.7d", VIO, events=(ev("footage_deleted", "2026-03-10", id="DL1", recorded_on="2026-03-01"),), subject="DL1", spec="§3 Deletion: both readings agree (within 15 days)"),
    Case("ln14-7d-important-missing-late", "LN-14.1.7d", SAT, events=(ev("footage_deleted", "2027-03-02", id="DL1", recorded_on="2026-03-01"),), as_of=D("2027-06-01"), subject="DL1", spec="§3 Deletion: both readings agree (over a year)"),
    Case("ln14-7d-important-missing-between", "LN-14.1.7d", UNK, events=(ev("footage_deleted", "2026-06-01", id="DL1", recorded_on="2026-03-01"),), subject="DL1", spec="§3 Deletion: readings disagree -> unknown"),
    Case("ln14-7d-recorded-missing", "LN-14.1.7d", UNK, events=(ev("footage_deleted", "2026-06-01", id="DL1", important=False),), subject="DL1", spec="§3 missing data is unknown"),
    Case("ln14-7d-utc-deletion", "LN-14.1.7d", SAT, events=(ev("footage_deleted", "2026-03-16T16:00:00Z", id="DL1", recorded_on="2026-03-01", important=False),), subject="DL1", spec="§2: 16:00Z on 03-16 is 03-17 local"),
    Case("ln14-7d-pre-2008", "LN-14.1.7d", NA, events=(ev("footage_deleted", "2007-12-02", id="DL1", recorded_on="2007-12-01", important=False),), subject="DL1", spec="§3 Before the Measures"),
    # --- LN-14.2 --------------------------------------------------------------------
    Case("ln14-2-terms", "LN-14.2", SAT, spec="§3 LN-14.2"),
    Case("ln14-2-no-terms", "LN-14.2", VIO, site={"om_contract_security_terms": False}, spec="§3 LN-14.2"),
    Case("ln14-2-terms-missing", "LN-14.2", UNK, site={"om_contract_security_terms": None}, spec="§3 missing data is unknown"),
    Case("ln14-2-in-house", "LN-14.2", NA, site={"om_outsourced": False, "om_contract_security_terms": None}, spec="§3 LN-14.2: only outsourced O&M"),
    Case("ln14-2-outsourcing-missing", "LN-14.2", UNK, site={"om_outsourced": None}, spec="§3 missing data is unknown"),
]

# fmt: on


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule(case: Case) -> None:
    """The oracle gives the status (and due date) SPEC §3 fixes for this case."""
    site = attrs.evolve(BASE, **case.site)
    got = results(site, case.cameras, case.events, case.as_of)
    if case.status == "absent":
        assert (case.rule, case.subject) not in got
        return
    status, due = got[(case.rule, case.subject)]
    assert (status, due) == (case.status, case.due), case.spec


def test_case_ids_are_unique_and_cover_every_rule() -> None:
    """Every rule id of SPEC §3 has at least one case, and case ids are unique."""
    assert len({c.id for c in CASES}) == len(CASES)
    assert {c.rule for c in CASES} == set(SITE_RULES) | set(CAMERA_RULES) | set(
        EVENT_RULES.values()
    )


def test_full_site_has_one_row_per_rule_and_subject() -> None:
    """A site gets every site rule, each camera LN-9, each rule-bearing event one row."""
    cameras = (Camera("C1", "S1", place="lobby"), Camera("C2", "S1", place="toilet"))
    events = (
        filed("2026-01-10"),
        ev("system_changed", "2026-02-02", id="CH1"),
        ev("change_reported", "2026-02-03", change="CH1", authority=COUNTY),
        ev("footage_accessed", "2026-02-04", id="A1", by="x", purpose="y"),
    )
    rows = check_site(SiteBundle(BASE, cameras, events), AS_OF, CAL)
    assert [r[0] for r in rows] == [*SITE_RULES, "LN-9", "LN-9", "LN-12.1b", "LN-14.1.4e"]
    assert [(r[1], r[2]) for r in rows[-4:]] == [
        ("camera", "C1"),
        ("camera", "C2"),
        ("event", "CH1"),
        ("event", "A1"),
    ]
    statuses = {r[0]: r[3] for r in rows[: len(SITE_RULES)]}
    assert statuses["LN-7"] == statuses["LN-11"] == statuses["LN-12.2"] == "not_applicable"
    assert all(
        s == "satisfied" for rule, s in statuses.items() if rule not in ("LN-7", "LN-11", "LN-12.2")
    )


def test_check_all_concatenates_sites_in_order() -> None:
    """check_all gives the rows of each bundle, in bundle order, sharing one deadline cache."""
    s2 = attrs.evolve(BASE, id="S2", county_code="110101")
    bundles = [SiteBundle(BASE, (), ()), SiteBundle(s2, (), ())]
    rows = check_all(bundles, AS_OF, CAL)
    assert len(rows) == 2 * len(SITE_RULES)
    assert rows[0][2] == "S1" and rows[len(SITE_RULES)][2] == "S2"
    assert rows == check_site(bundles[0], AS_OF, CAL) + check_site(bundles[1], AS_OF, CAL)
