"""The bundled rules, checked through the public API against SPEC §3 and §4 by hand.

Every case is a small set of records written as JSON Lines objects (read by
`lnvideo.read_records`, so dates and offsets go through the real reader),
checked with `lnvideo.load_rules().check_site(...)`, and compared with the
status, due date and fulfilment date worked out by hand from the SPEC and the
State Council holiday schedules. The records are our own, not the pack's
examples. Dates used (2026 schedule): Spring Festival off 02-15..02-23 with
make-up working Saturdays 02-14 and 02-28; Qingming off 04-04..04-06; National
Day off 10-01..10-07 with make-up working days Sunday 09-20 and Saturday 10-10.
2024: Spring Festival off 02-10..02-17; 2024-02-29 is a working Thursday.
The bundled calendar ends with 2026, so deadlines reaching 2027 are unknown.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
from typing import Any

import attrs
import pytest
from spec_ids import SPEC_RULES

import lnvideo
from lnvideo import Camera, Event, Finding, Report, Site
from lnvideo.api import Ruleset

D = dt.date.fromisoformat
COUNTY = "210211"  # Ganjingzi District, Dalian
ELSEWHERE_IN_LIAONING = "210212"  # Lüshunkou District, Dalian
JILIN = "220102"
AS_OF = "2026-11-30"

EVENT_RULES = ("LN-12.1b", "LN-14.1.3r", "LN-14.1.4e", "LN-14.1.5", "LN-14.1.6", "LN-14.1.7d")
SITE_RULES = tuple(r for r in SPEC_RULES if r != "LN-9" and r not in EVENT_RULES)


@functools.cache
def rules() -> Ruleset:
    return lnvideo.load_rules()


def read(rows: list[dict[str, Any]]) -> tuple[Site, list[Camera], list[Event]]:
    """Records from JSON objects, through the JSON Lines reader (no input errors allowed)."""
    text = "\n".join(json.dumps(r) for r in rows) + "\n"
    records = list(lnvideo.read_records(["-"], stdin=io.StringIO(text)))
    problems = [r for r in records if isinstance(r, lnvideo.Diagnostic)]
    assert not problems, problems
    (site,) = [r for r in records if isinstance(r, Site)]
    cameras = [r for r in records if isinstance(r, Camera)]
    events = [r for r in records if isinstance(r, Event)]
    return site, cameras, events


def site_row(**fields: Any) -> dict[str, Any]:
    """An in-scope site with a system; `None` drops a field."""
    row: dict[str, Any] = {"kind": "site", "id": "S", "county_code": COUNTY, "has_system": True}
    row.update(fields)
    return {k: v for k, v in row.items() if v is not None}


def event(type_: str, on: str, **fields: Any) -> dict[str, Any]:
    return {"kind": "event", "site": "S", "type": type_, "on": on, **fields}


def camera(cid: str, **fields: Any) -> dict[str, Any]:
    return {"kind": "camera", "site": "S", "id": cid, **fields}


def filing(on: str, authority: str | None = COUNTY, **fields: Any) -> dict[str, Any]:
    extra = {"authority": authority} if authority else {}
    return event("registration_filed", on, **extra, **fields)


def check(
    rows: list[dict[str, Any]], as_of: str = AS_OF, lang: str = "en", explain: bool = True
) -> Report:
    site, cameras, events = read(rows)
    return rules().check_site(site, cameras, events, as_of=D(as_of), lang=lang, explain=explain)


ANY: Any = object()


@attrs.frozen
class Case:
    id: str
    rule: str
    status: str
    due: str | None = None
    fulfilled: Any = ANY  # a date string, None, or ANY (not checked)
    site: dict[str, Any] = attrs.field(factory=dict)
    records: tuple[dict[str, Any], ...] = ()
    as_of: str = AS_OF
    subject: str | None = "S"
    why: str = ""


SAT, VIO, PEN, NA, UNK = "satisfied", "violated", "pending", "not_applicable", "unknown"

# fmt: off
CASES = [
    # --- LN-3 scope (and Art. 5 para. 2) ----------------------------------------------------
    Case("ln3-in-liaoning", "LN-3", SAT, why="§3 LN-3: a 21.... county is in scope"),
    Case("ln3-jilin", "LN-3", NA, site={"county_code": JILIN}, why="§3 LN-3: outside Liaoning"),
    Case("ln3-national-security", "LN-3", NA, site={"national_security": True}, why="§3 LN-3: Art. 5 para 2"),
    Case("ln3-national-security-false", "LN-3", SAT, site={"national_security": False}, why="§3 LN-3"),
    Case("ln3-no-county", "LN-3", UNK, site={"county_code": None}, why="§3 LN-3: unknown without county_code"),
    Case("ln3-no-county-national-security", "LN-3", NA, site={"county_code": None, "national_security": True}, why="§3 LN-3: national security is outside whatever the county"),
    Case("ln3-jilin-takes-site-rule", "LN-14.1.7", NA, site={"county_code": JILIN, "retention_days": 1}, why="§3 Scope: other rules take the scope status"),
    Case("ln3-natsec-takes-deadline", "LN-12.1a", NA, None, site={"national_security": True, "in_use_on": "2026-03-01"}, why="§3 Scope: no deadline for a site outside the Measures"),
    Case("ln3-unknown-takes-site-rule", "LN-6", UNK, site={"county_code": None, "place_category": "tunnel", "has_system": False}, why="§3 Scope: unknown scope makes every rule unknown"),
    Case("ln3-jilin-takes-camera", "LN-9", NA, site={"county_code": JILIN}, records=(camera("C1", place="toilet"),), subject="C1", why="§3 Scope: cameras take the scope status"),
    Case("ln3-natsec-takes-event", "LN-14.1.6", NA, site={"national_security": True}, records=(event("footage_disclosed", "2026-04-02", id="FD", authorized=False),), subject="FD", why="§3 Scope: events take the scope status"),
    Case("ln3-unknown-beats-pre-2008", "LN-14.1.5", UNK, site={"county_code": None}, records=(event("camera_changed", "2007-06-01", id="CC", authorized=False),), subject="CC", why="§3 Scope: the scope status wins over 'before the Measures'"),
    # --- LN-6 ---------------------------------------------------------------------------------
    Case("ln6-telecom", "LN-6", SAT, site={"place_category": "telecom"}, why="§3 LN-6: Art. 6 item 1"),
    Case("ln6-tunnel-none", "LN-6", VIO, site={"place_category": "tunnel", "has_system": False}, why="§3 LN-6: Art. 6 item 2"),
    Case("ln6-parking-none", "LN-6", VIO, site={"place_category": "parking_lot", "has_system": False}, why="§3 LN-6: Art. 6 item 3"),
    Case("ln6-water-unknown", "LN-6", UNK, site={"place_category": "water_facility", "has_system": None}, why="§3 No system: missing has_system makes LN-6 unknown where it applies"),
    Case("ln6-square", "LN-6", SAT, site={"place_category": "square", "builder_kind": "government"}, why="§3 LN-6: Art. 6 item 5"),
    Case("ln6-other", "LN-6", NA, site={"place_category": "other", "has_system": False}, why="§3 LN-6: not an Art. 6 place"),
    Case("ln6-other-missing-system", "LN-6", NA, site={"place_category": "other", "has_system": None}, why="§3 No system: has_system only matters where LN-6 applies"),
    Case("ln6-designated-none", "LN-6", VIO, site={"place_category": "other", "designated": True, "has_system": False}, why="§3 LN-6: a designated place"),
    Case("ln6-designated-missing-system", "LN-6", UNK, site={"place_category": "other", "designated": True, "has_system": None}, why="§3 No system"),
    # --- has_system false / missing -------------------------------------------------------------
    *[Case(f"no-system-{r}", r, NA, None, site={"has_system": False, "place_category": "main_road", "builder_kind": "unit", "in_use_on": "2026-03-01", "retention_days": 1, "standards": [], "training": False, "om_outsourced": True, "captures_private_info": True, "government_invested": True, "project_kind": "new", "main_project_in_use_on": "2026-01-01"}, why="§3 No system: every site rule but LN-3 and LN-6 is not_applicable") for r in SITE_RULES if r not in ("LN-3", "LN-6")],
    Case("no-system-ln6", "LN-6", VIO, site={"has_system": False, "place_category": "hotel"}, why="§3 No system: LN-6 still judged"),
    Case("no-system-ln3", "LN-3", SAT, site={"has_system": False}, why="§3 No system: LN-3 still judged"),
    Case("no-system-camera", "LN-9", VIO, site={"has_system": False}, records=(camera("C1", place="changing_room"),), subject="C1", why="§3 No system concerns site rules; cameras are judged"),
    Case("missing-system-own-fields", "LN-14.1.7", VIO, site={"has_system": None, "retention_days": 7}, why="§3 No system: missing has_system leaves the rules to their own fields"),
    Case("missing-system-deadline", "LN-12.1a", PEN, "2026-10-08", site={"has_system": None, "in_use_on": "2026-09-05"}, as_of="2026-10-01", why="§3 No system: missing has_system leaves the rules to their own fields"),
    # --- LN-7 ---------------------------------------------------------------------------------
    Case("ln7-road-individual", "LN-7", VIO, site={"place_category": "main_road", "builder_kind": "individual"}, why="§3 LN-7"),
    Case("ln7-crossing-government", "LN-7", SAT, site={"place_category": "traffic_intersection", "builder_kind": "government"}, why="§3 LN-7"),
    Case("ln7-square-missing-builder", "LN-7", UNK, site={"place_category": "square"}, why="§3 missing data is unknown"),
    Case("ln7-hospital", "LN-7", NA, site={"place_category": "hospital", "builder_kind": "unit"}, why="§3 LN-7 concerns roads and squares only"),
    # --- LN-8 ---------------------------------------------------------------------------------
    Case("ln8-safeguards", "LN-8", SAT, site={"captures_private_info": True, "privacy_safeguards": ["blurring"]}, why="§3 LN-8"),
    Case("ln8-empty", "LN-8", VIO, site={"captures_private_info": True, "privacy_safeguards": []}, why="§3 LN-8: must be non-empty"),
    Case("ln8-missing", "LN-8", UNK, site={"captures_private_info": True}, why="§3 missing data is unknown"),
    Case("ln8-no-private-info", "LN-8", NA, site={"captures_private_info": False, "privacy_safeguards": []}, why="§3 LN-8: only where images touch privacy"),
    # --- LN-9 ---------------------------------------------------------------------------------
    *[Case(f"ln9-{p}", "LN-9", VIO, records=(camera("C1", place=p),), subject="C1", why="§3 LN-9: a place Art. 9 lists") for p in ("hotel_room", "public_bath", "changing_room", "toilet", "student_dormitory")],
    Case("ln9-private-area", "LN-9", VIO, records=(camera("C1", place="nursing_room", private_area=True),), subject="C1", why="§3 LN-9: any private_area"),
    Case("ln9-corridor", "LN-9", SAT, records=(camera("C1", place="corridor", private_area=False),), subject="C1", why="§3 LN-9"),
    Case("ln9-place-missing", "LN-9", UNK, records=(camera("C1", private_area=False),), subject="C1", why="§3 missing data is unknown"),
    # --- LN-10 --------------------------------------------------------------------------------
    Case("ln10-standard", "LN-10", SAT, site={"standards": ["GA/T 669"]}, why="§3 LN-10"),
    Case("ln10-none", "LN-10", VIO, site={"standards": []}, why="§3 LN-10: at least one"),
    Case("ln10-missing", "LN-10", UNK, why="§3 missing data is unknown"),
    # --- LN-11 --------------------------------------------------------------------------------
    Case("ln11-earlier", "LN-11", SAT, "2026-03-01", site={"project_kind": "expanded", "main_project_in_use_on": "2026-03-01", "in_use_on": "2026-02-15"}, why="§3 LN-11: no later than the main works; due: the main works' date, satisfied and violated alike"),
    Case("ln11-later", "LN-11", VIO, "2026-03-01", site={"project_kind": "new", "main_project_in_use_on": "2026-03-01", "in_use_on": "2026-03-02"}, why="§3 LN-11"),
    Case("ln11-main-2007", "LN-11", NA, site={"project_kind": "rebuilt", "main_project_in_use_on": "2007-12-31", "in_use_on": "2008-06-01"}, why="§3 Before the Measures: main works before 2008-01-01"),
    Case("ln11-main-2008", "LN-11", VIO, "2008-01-01", site={"project_kind": "rebuilt", "main_project_in_use_on": "2008-01-01", "in_use_on": "2008-06-01"}, why="§3 Before the Measures: 2008-01-01 is covered"),
    Case("ln11-main-missing", "LN-11", UNK, site={"project_kind": "new", "in_use_on": "2026-03-02"}, why="§3 missing data is unknown"),
    Case("ln11-in-use-missing", "LN-11", UNK, "2026-03-01", site={"project_kind": "new", "main_project_in_use_on": "2026-03-01"}, why="§3 missing data is unknown"),
    # --- LN-12.1a: registration within 30 days --------------------------------------------------
    Case("ln12a-spring-festival-extended", "LN-12.1a", SAT, "2026-02-24", "2026-02-24", site={"in_use_on": "2026-01-16"}, records=(filing("2026-02-24"),), why="§4 Art. 203: day 30 is 02-15, in the Spring Festival run -> 02-24"),
    Case("ln12a-spring-festival-pending", "LN-12.1a", PEN, "2026-02-24", None, site={"in_use_on": "2026-01-16"}, as_of="2026-02-20", why="§3 As of: not yet due inside the holiday run"),
    Case("ln12a-spring-festival-overdue", "LN-12.1a", VIO, "2026-02-24", None, site={"in_use_on": "2026-01-16"}, as_of="2026-02-25", why="§3 As of: pending only while as_of <= due"),
    Case("ln12a-makeup-saturday-0214", "LN-12.1a", VIO, "2026-02-14", "2026-02-16", site={"in_use_on": "2026-01-15"}, records=(filing("2026-02-16"),), why="§4: 02-14 is a make-up working Saturday, not a rest day: no extension"),
    Case("ln12a-makeup-saturday-0228", "LN-12.1a", SAT, "2026-02-28", "2026-02-28", site={"in_use_on": "2026-01-29"}, records=(filing("2026-02-28"),), why="§4: day 30 on the make-up working day 02-28"),
    Case("ln12a-makeup-sunday-0920", "LN-12.1a", PEN, "2026-09-20", None, site={"in_use_on": "2026-08-21"}, as_of="2026-09-20", why="§4: day 30 on the make-up working Sunday 09-20; as_of == due is pending"),
    Case("ln12a-makeup-saturday-1010", "LN-12.1a", VIO, "2026-10-10", None, site={"in_use_on": "2026-09-10"}, as_of="2026-10-12", why="§4: day 30 on the make-up working Saturday 10-10"),
    Case("ln12a-national-day", "LN-12.1a", SAT, "2026-10-08", "2026-10-08", site={"in_use_on": "2026-09-05"}, records=(filing("2026-10-08T15:59:59Z"),), why="§2: 15:59:59Z is 23:59:59 local on the last day"),
    Case("ln12a-national-day-utc-evening", "LN-12.1a", VIO, "2026-10-08", "2026-10-09", site={"in_use_on": "2026-09-05"}, records=(filing("2026-10-08T20:00:00Z"),), why="§2: 2026-10-08T20:00:00Z is local 2026-10-09, a day late"),
    Case("ln12a-qingming", "LN-12.1a", PEN, "2026-04-07", site={"in_use_on": "2026-03-07"}, as_of="2026-04-06", why="§4 Art. 203: day 30 is Qingming (04-06) -> 04-07"),
    Case("ln12a-weekend", "LN-12.1a", VIO, "2026-07-13", "2026-07-14", site={"in_use_on": "2026-06-11"}, records=(filing("2026-07-14"),), why="§4 Art. 203: day 30 a Saturday -> Monday"),
    Case("ln12a-leap-day-due", "LN-12.1a", SAT, "2024-02-29", "2024-02-29", site={"in_use_on": "2024-01-30"}, records=(filing("2024-02-29"),), why="§4: day 30 is the leap day"),
    Case("ln12a-from-leap-day", "LN-12.1a", SAT, "2024-04-01", "2024-04-01", site={"in_use_on": "2024-02-29"}, records=(filing("2024-04-01T09:00:00+08:00"),), why="§4: 03-30 is a Saturday -> Monday 04-01"),
    Case("ln12a-before-in-use", "LN-12.1a", SAT, "2026-07-01", "2026-05-20", site={"in_use_on": "2026-06-01"}, records=(filing("2026-05-20"),), why="§3 Filings: a filing before in_use_on counts"),
    Case("ln12a-first-qualifying", "LN-12.1a", SAT, "2026-07-01", "2026-06-10", site={"in_use_on": "2026-06-01"}, records=(filing("2026-06-05", ELSEWHERE_IN_LIAONING), filing("2026-06-20"), filing("2026-06-10")), why="§3 Filings: fulfilled_on is the first qualifying filing"),
    Case("ln12a-wrong-organ", "LN-12.1a", VIO, "2026-07-01", None, site={"in_use_on": "2026-06-01"}, records=(filing("2026-06-05", ELSEWHERE_IN_LIAONING),), why="§3 Filings: another county's organ does not count"),
    Case("ln12a-wrong-organ-pending", "LN-12.1a", PEN, "2026-07-01", None, site={"in_use_on": "2026-06-01"}, records=(filing("2026-06-05", ELSEWHERE_IN_LIAONING),), as_of="2026-06-30", why="§3 Filings: another county's organ does not count"),
    Case("ln12a-no-organ", "LN-12.1a", UNK, "2026-07-01", site={"in_use_on": "2026-06-01"}, records=(filing("2026-06-05", None),), why="§3 Filings: an unnamed organ, the only one in time -> unknown"),
    Case("ln12a-no-organ-and-wrong-organ", "LN-12.1a", UNK, "2026-07-01", site={"in_use_on": "2026-06-01"}, records=(filing("2026-06-05", None), filing("2026-06-06", ELSEWHERE_IN_LIAONING)), why="§3 Filings: the wrong organ does not count, so the unnamed one decides"),
    Case("ln12a-no-organ-late", "LN-12.1a", VIO, "2026-07-01", site={"in_use_on": "2026-06-01"}, records=(filing("2026-07-02", None),), why="§3 Filings: only filings in time matter"),
    Case("ln12a-no-organ-and-right-organ", "LN-12.1a", SAT, "2026-07-01", "2026-06-08", site={"in_use_on": "2026-06-01"}, records=(filing("2026-06-05", None), filing("2026-06-08")), why="§3 Filings: a qualifying filing decides"),
    Case("ln12a-filing-after-as-of", "LN-12.1a", PEN, "2026-07-01", None, site={"in_use_on": "2026-06-01"}, records=(filing("2026-06-25"),), as_of="2026-06-24", why="§3 As of: events after the as-of day are ignored"),
    Case("ln12a-in-use-missing", "LN-12.1a", UNK, None, why="§3 missing data is unknown"),
    Case("ln12a-2008-01-01", "LN-12.1a", VIO, "2008-01-31", site={"in_use_on": "2008-01-01"}, why="§3: in use on 2008-01-01 is under para. 1"),
    Case("ln12a-2007-12-31", "LN-12.1a", NA, None, site={"in_use_on": "2007-12-31"}, why="§3: in use before 2008 -> LN-12.2 instead"),
    Case("ln12a-due-2026-12-31", "LN-12.1a", PEN, "2026-12-31", site={"in_use_on": "2026-12-01"}, as_of="2026-12-20", why="§4: 2026-12-31 is a working day, no 2027 needed"),
    Case("ln12a-gap-2027", "LN-12.1a", UNK, None, None, site={"in_use_on": "2026-12-10"}, as_of="2026-12-20", why="§3 Calendar gaps: the deadline needs 2027"),
    # --- LN-12.2: systems in use before the Measures --------------------------------------------
    Case("ln12-2-on-due", "LN-12.2", SAT, "2008-01-31", "2008-01-31", site={"in_use_on": "2005-03-01"}, records=(filing("2008-01-31"),), why="§3 LN-12.2: within 30 days after 2008-01-01"),
    Case("ln12-2-late", "LN-12.2", VIO, "2008-01-31", "2008-02-01", site={"in_use_on": "2005-03-01"}, records=(filing("2008-02-01"),), why="§3 LN-12.2"),
    Case("ln12-2-filed-in-2007", "LN-12.2", SAT, "2008-01-31", "2007-12-20", site={"in_use_on": "2005-03-01"}, records=(filing("2007-12-20"),), why="§3 Filings: any filing on or before the due date counts"),
    Case("ln12-2-pending", "LN-12.2", PEN, "2008-01-31", site={"in_use_on": "2007-12-31"}, as_of="2008-01-15", why="§3 As of"),
    Case("ln12-2-new-system", "LN-12.2", NA, None, site={"in_use_on": "2008-01-01"}, why="§3: systems in use from 2008 -> LN-12.1a"),
    Case("ln12-2-missing", "LN-12.2", UNK, None, why="§3 missing data is unknown"),
    # --- LN-12.1b: change reported within 3 working days ----------------------------------------
    Case("ln12b-makeup-sunday", "LN-12.1b", SAT, "2026-09-22", "2026-09-22", records=(event("system_changed", "2026-09-18", id="CH"), event("change_reported", "2026-09-22", change="CH", authority=COUNTY)), subject="CH", why="§4 working days: Sunday 09-20 is a make-up working day (Fri + 3 -> Tue)"),
    Case("ln12b-makeup-sunday-late", "LN-12.1b", VIO, "2026-09-22", "2026-09-23", records=(event("system_changed", "2026-09-18", id="CH"), event("change_reported", "2026-09-23", change="CH", authority=COUNTY)), subject="CH", why="§4 working days"),
    Case("ln12b-spring-festival", "LN-12.1b", PEN, "2026-02-24", None, records=(event("system_changed", "2026-02-12", id="CH"),), as_of="2026-02-23", subject="CH", why="§4: 02-13, make-up 02-14, then 02-24 after the holiday run"),
    Case("ln12b-makeup-0228", "LN-12.1b", VIO, "2026-03-02", None, records=(event("system_changed", "2026-02-26", id="CH"),), as_of="2026-03-03", subject="CH", why="§4: 02-27, make-up 02-28, 03-02"),
    Case("ln12b-utc-evening", "LN-12.1b", SAT, "2026-10-10", "2026-10-10", records=(event("system_changed", "2026-09-29T17:00:00Z", id="CH"), event("change_reported", "2026-10-10", change="CH", authority=COUNTY)), subject="CH", why="§2: 17:00Z on 09-29 is 09-30 local; 10-08, 10-09, make-up 10-10"),
    Case("ln12b-wrong-organ", "LN-12.1b", VIO, "2026-09-22", None, records=(event("system_changed", "2026-09-18", id="CH"), event("change_reported", "2026-09-21", change="CH", authority=ELSEWHERE_IN_LIAONING)), subject="CH", why="§3 Filings: the original organ is the site's county organ"),
    Case("ln12b-no-organ", "LN-12.1b", UNK, "2026-09-22", None, records=(event("system_changed", "2026-09-18", id="CH"), event("change_reported", "2026-09-21", change="CH")), subject="CH", why="§3 Filings: no organ, the only one in time -> unknown"),
    Case("ln12b-other-change", "LN-12.1b", VIO, "2026-09-22", None, records=(event("system_changed", "2026-09-18", id="CH"), event("change_reported", "2026-09-21", change="CH-OTHER", authority=COUNTY)), subject="CH", why="§3 LN-12.1b: a report about another change does not count"),
    Case("ln12b-reported-before", "LN-12.1b", SAT, "2026-09-22", "2026-09-17", records=(event("system_changed", "2026-09-18", id="CH"), event("change_reported", "2026-09-17", change="CH", authority=COUNTY)), subject="CH", why="§3 Filings: any filing on or before the due date counts"),
    Case("ln12b-year-end", "LN-12.1b", PEN, "2026-12-31", records=(event("system_changed", "2026-12-28", id="CH"),), as_of="2026-12-30", subject="CH", why="§4: three working days inside 2026"),
    Case("ln12b-gap-2027", "LN-12.1b", UNK, None, records=(event("system_changed", "2026-12-29", id="CH"),), as_of="2026-12-30", subject="CH", why="§3 Calendar gaps"),
    Case("ln12b-pre-2008", "LN-12.1b", NA, None, records=(event("system_changed", "2007-12-31T23:59:00+08:00", id="CH"),), subject="CH", why="§3 Before the Measures"),
    Case("ln12b-utc-into-2008", "LN-12.1b", VIO, "2008-01-04", records=(event("system_changed", "2007-12-31T16:30:00Z", id="CH"),), subject="CH", why="§2: 16:30Z on 2007-12-31 is 2008-01-01 local"),
    Case("ln12b-after-as-of", "LN-12.1b", "absent", records=(event("system_changed", "2026-12-01", id="CH"),), subject="CH", why="§3 As of: later events give no finding"),
    # --- LN-13 --------------------------------------------------------------------------------
    Case("ln13-marked", "LN-13", SAT, site={"government_invested": True, "price_marked": True}, why="§3 LN-13"),
    Case("ln13-unmarked", "LN-13", VIO, site={"government_invested": True, "price_marked": False}, why="§3 LN-13"),
    Case("ln13-missing", "LN-13", UNK, site={"government_invested": True}, why="§3 missing data is unknown"),
    Case("ln13-private-money", "LN-13", NA, site={"government_invested": False}, why="§3 LN-13"),
    # --- LN-14.1.1 .. LN-14.1.4, LN-14.1.7, LN-14.2 ---------------------------------------------
    Case("ln14-1-1", "LN-14.1.1", SAT, site={"training": True}, why="§3 LN-14.1.1"),
    Case("ln14-1-1-no", "LN-14.1.1", VIO, site={"training": False}, why="§3 LN-14.1.1"),
    Case("ln14-1-1-missing", "LN-14.1.1", UNK, why="§3 missing data is unknown"),
    Case("ln14-1-2-both", "LN-14.1.2", SAT, site={"inspection_maintenance": True, "emergency_response": True}, why="§3 LN-14.1.2 needs both"),
    Case("ln14-1-2-one", "LN-14.1.2", VIO, site={"inspection_maintenance": True, "emergency_response": False}, why="§3 LN-14.1.2 needs both"),
    Case("ln14-1-2-one-missing", "LN-14.1.2", UNK, site={"inspection_maintenance": True}, why="§3 missing data is unknown"),
    Case("ln14-1-3", "LN-14.1.3", VIO, site={"duty_monitoring": False}, why="§3 LN-14.1.3"),
    Case("ln14-1-4", "LN-14.1.4", SAT, site={"access_log": True}, why="§3 LN-14.1.4"),
    Case("ln14-1-7-15", "LN-14.1.7", SAT, site={"retention_days": 15}, why="§4 Art. 1259: 15 or more includes 15"),
    Case("ln14-1-7-14", "LN-14.1.7", VIO, site={"retention_days": 14}, why="§3 LN-14.1.7"),
    Case("ln14-1-7-missing", "LN-14.1.7", UNK, why="§3: no retention_days cannot be judged"),
    Case("ln14-1-7-old-system", "LN-14.1.7", VIO, site={"in_use_on": "2006-06-01", "retention_days": 7}, why="§3 Before the Measures: older systems are judged as they stand"),
    Case("ln14-2-contract", "LN-14.2", SAT, site={"om_outsourced": True, "om_contract_security_terms": True}, why="§3 LN-14.2"),
    Case("ln14-2-no-terms", "LN-14.2", VIO, site={"om_outsourced": True, "om_contract_security_terms": False}, why="§3 LN-14.2"),
    Case("ln14-2-in-house", "LN-14.2", NA, site={"om_outsourced": False}, why="§3 LN-14.2: outsourced operation only"),
    Case("ln14-2-missing", "LN-14.2", UNK, site={"om_outsourced": True}, why="§3 missing data is unknown"),
    # --- LN-14.1.3r: suspicious matters reported within 24 hours --------------------------------
    Case("ln14-3r-exactly-24h-utc", "LN-14.1.3r", SAT, "2026-03-01", "2026-03-01", records=(event("suspicious_observed", "2026-02-27T18:30:00Z", id="SO", reported_on="2026-02-28T18:30:00Z"),), subject="SO", why="§3 Timely report: instants compared, on + 24 h is in time; due is the local date"),
    Case("ln14-3r-one-second-late", "LN-14.1.3r", VIO, "2026-03-01", records=(event("suspicious_observed", "2026-02-27T18:30:00Z", id="SO", reported_on="2026-02-28T18:30:01Z"),), subject="SO", why="§3 Timely report"),
    Case("ln14-3r-offsets", "LN-14.1.3r", SAT, "2026-10-09", records=(event("suspicious_observed", "2026-10-08T22:00:00+08:00", id="SO", reported_on="2026-10-09T13:59:00Z"),), subject="SO", why="§2: 13:59Z is 21:59 local"),
    Case("ln14-3r-leap-day", "LN-14.1.3r", SAT, "2024-02-29", "2024-02-29", records=(event("suspicious_observed", "2024-02-28T12:00:00+08:00", id="SO", reported_on="2024-02-29T11:00:00+08:00"),), subject="SO", why="§3 Timely report over the leap day"),
    Case("ln14-3r-pending", "LN-14.1.3r", PEN, "2026-06-11", None, records=(event("suspicious_observed", "2026-06-10T09:00:00+08:00", id="SO"),), as_of="2026-06-11", subject="SO", why="§3 As of: pending while as_of <= due"),
    Case("ln14-3r-never", "LN-14.1.3r", VIO, "2026-06-11", None, records=(event("suspicious_observed", "2026-06-10T09:00:00+08:00", id="SO"),), as_of="2026-06-12", subject="SO", why="§3 As of"),
    Case("ln14-3r-reported-after-as-of", "LN-14.1.3r", PEN, "2026-06-11", None, records=(event("suspicious_observed", "2026-06-10T09:00:00+08:00", id="SO", reported_on="2026-06-11T08:00:00+08:00"),), as_of="2026-06-10", subject="SO", why="§3 As of: a reported_on after the as-of day is not yet reported"),
    Case("ln14-3r-pre-2008", "LN-14.1.3r", NA, None, records=(event("suspicious_observed", "2007-12-31T15:59:00Z", id="SO"),), subject="SO", why="§3 Before the Measures: 15:59Z is 23:59 local on 2007-12-31"),
    # --- LN-14.1.4e: access log entries ---------------------------------------------------------
    Case("ln14-4e-complete", "LN-14.1.4e", SAT, records=(event("footage_accessed", "2026-05-06", id="FA", by="Sgt. Zhao", purpose="traffic accident"),), subject="FA", why="§3 Access log"),
    Case("ln14-4e-no-by", "LN-14.1.4e", VIO, records=(event("footage_accessed", "2026-05-06", id="FA", purpose="traffic accident"),), subject="FA", why="§3 Access log: an entry missing `by` is violated"),
    Case("ln14-4e-no-purpose", "LN-14.1.4e", VIO, records=(event("footage_accessed", "2026-05-06", id="FA", by="Sgt. Zhao"),), subject="FA", why="§3 Access log: an entry missing `purpose` is violated"),
    Case("ln14-4e-blank-by", "LN-14.1.4e", VIO, records=(event("footage_accessed", "2026-05-06", id="FA", by="   ", purpose="x"),), subject="FA", why="§3 Access log: blank text records nobody"),
    Case("ln14-4e-pre-2008", "LN-14.1.4e", NA, records=(event("footage_accessed", "2007-11-06", id="FA"),), subject="FA", why="§3 Before the Measures"),
    # --- LN-14.1.5 / LN-14.1.6 -------------------------------------------------------------------
    Case("ln14-5-authorized", "LN-14.1.5", SAT, records=(event("camera_changed", "2026-05-06", id="CC", camera="C1", change="purpose", authorized=True),), subject="CC", why="§3 LN-14.1.5"),
    Case("ln14-5-unauthorized", "LN-14.1.5", VIO, records=(event("camera_changed", "2026-05-06", id="CC", camera="C1", change="position", authorized=False),), subject="CC", why="§3 LN-14.1.5"),
    Case("ln14-5-missing", "LN-14.1.5", UNK, records=(event("camera_changed", "2026-05-06", id="CC", camera="C1", change="position"),), subject="CC", why="§3 missing data is unknown"),
    Case("ln14-6-authorized", "LN-14.1.6", SAT, records=(event("footage_disclosed", "2026-05-06", id="FD", to="procuratorate", authorized=True),), subject="FD", why="§3 LN-14.1.6"),
    Case("ln14-6-unauthorized", "LN-14.1.6", VIO, records=(event("footage_disclosed", "2026-05-06", id="FD", to="a blogger", authorized=False),), subject="FD", why="§3 LN-14.1.6"),
    Case("ln14-6-missing", "LN-14.1.6", UNK, records=(event("footage_disclosed", "2026-05-06", id="FD", to="a blogger"),), subject="FD", why="§3 missing data is unknown"),
    # --- LN-14.1.7d: footage not deleted too early ---------------------------------------------
    Case("ln14-7d-day-15", "LN-14.1.7d", VIO, records=(event("footage_deleted", "2026-10-05", id="DEL", recorded_on="2026-09-20", important=False),), subject="DEL", why="§4: 15 days kept ends 10-05; deleting on it is too early"),
    Case("ln14-7d-no-holiday-extension", "LN-14.1.7d", SAT, records=(event("footage_deleted", "2026-10-06", id="DEL", recorded_on="2026-09-20", important=False),), subject="DEL", why="§4: a minimum duration is not extended over National Day"),
    Case("ln14-7d-utc-evening", "LN-14.1.7d", SAT, records=(event("footage_deleted", "2026-10-05T16:30:00Z", id="DEL", recorded_on="2026-09-20", important=False),), subject="DEL", why="§2: 16:30Z on 10-05 is 10-06 local"),
    Case("ln14-7d-important-leap", "LN-14.1.7d", VIO, records=(event("footage_deleted", "2025-02-28", id="DEL", recorded_on="2024-02-29", important=True),), subject="DEL", why="§4 Art. 202: 2024-02-29 + 1 year ends 2025-02-28"),
    Case("ln14-7d-important-leap-ok", "LN-14.1.7d", SAT, records=(event("footage_deleted", "2025-03-01", id="DEL", recorded_on="2024-02-29", important=True),), subject="DEL", why="§4 Art. 202"),
    Case("ln14-7d-important-missing-early", "LN-14.1.7d", VIO, records=(event("footage_deleted", "2026-05-10", id="DEL", recorded_on="2026-05-01"),), subject="DEL", why="§3 Deletion: both readings agree"),
    Case("ln14-7d-important-missing-late", "LN-14.1.7d", SAT, records=(event("footage_deleted", "2027-05-02", id="DEL", recorded_on="2026-05-01"),), as_of="2027-06-01", subject="DEL", why="§3 Deletion: both readings agree"),
    Case("ln14-7d-important-missing-between", "LN-14.1.7d", UNK, records=(event("footage_deleted", "2026-08-01", id="DEL", recorded_on="2026-05-01"),), subject="DEL", why="§3 Deletion: the readings disagree"),
    Case("ln14-7d-recorded-missing", "LN-14.1.7d", UNK, records=(event("footage_deleted", "2026-08-01", id="DEL", important=False),), subject="DEL", why="§3 missing data is unknown"),
    Case("ln14-7d-pre-2008", "LN-14.1.7d", NA, records=(event("footage_deleted", "2007-12-31", id="DEL", recorded_on="2007-12-30", important=False),), subject="DEL", why="§3 Before the Measures"),
]
# fmt: on


def finding(report: Report, rule: str, subject: str | None) -> Finding | None:
    found = [f for f in report.findings if f.rule == rule and f.subject.id == subject]
    assert len(found) <= 1, found
    return found[0] if found else None


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case) -> None:
    """The engine gives the status, due date and fulfilment date the SPEC fixes for this case."""
    report = check([site_row(**case.site), *case.records], case.as_of)
    got = finding(report, case.rule, case.subject)
    if case.status == "absent":
        assert got is None, case.why
        return
    assert got is not None, f"no {case.rule} finding for {case.subject}"
    due = got.due.isoformat() if got.due else None
    assert (got.status.value, due) == (case.status, case.due), case.why
    if case.fulfilled is not ANY:
        fulfilled = got.fulfilled_on.isoformat() if got.fulfilled_on else None
        assert fulfilled == case.fulfilled, case.why


def test_cases_cover_every_rule() -> None:
    """Every SPEC §3 rule id has cases, and the case ids are unique."""
    assert len({c.id for c in CASES}) == len(CASES)
    assert {c.rule for c in CASES} == set(SPEC_RULES)


FULL_SITE = site_row(
    place_category="hotel",
    in_use_on="2026-03-02",
    captures_private_info=True,
    privacy_safeguards=["masking"],
    standards=["GB 50348"],
    retention_days=30,
)
FULL_RECORDS = [
    FULL_SITE,
    camera("C1", place="lobby"),
    camera("C2", place="toilet"),
    filing("2026-03-20"),
    event("system_changed", "2026-04-01", id="E1"),
    event("change_reported", "2026-04-02", change="E1", authority=COUNTY),
    event("suspicious_observed", "2026-04-03T10:00:00+08:00", id="E2"),
    event("footage_accessed", "2026-04-04", id="E3", by="x", purpose="y"),
    event("camera_changed", "2026-04-05", id="E4", camera="C1", change="position"),
    event("footage_disclosed", "2026-04-06", id="E5", to="court", authorized=True),
    event("footage_deleted", "2026-04-07", id="E6", recorded_on="2026-03-01"),
]


def test_every_rule_once_per_subject() -> None:
    """A full site gets every SPEC §3 rule id, once per subject; filings themselves get none."""
    report = check(FULL_RECORDS)
    keys = [(f.rule, f.subject.kind, f.subject.id) for f in report.findings]
    assert len(keys) == len(set(keys))
    assert {k[0] for k in keys} == set(SPEC_RULES)
    assert sorted(str(k[2]) for k in keys if k[1] == "camera") == ["C1", "C2"]
    assert {k[2] for k in keys if k[1] == "event"} == {"E1", "E2", "E3", "E4", "E5", "E6"}
    assert all(f.subject.site == "S" for f in report.findings)


@pytest.mark.parametrize(
    ("site", "status"),
    [
        ({"county_code": JILIN}, NA),
        ({"national_security": True}, NA),
        ({"county_code": None}, UNK),
    ],
    ids=["outside-liaoning", "national-security", "no-county"],
)
def test_scope_status_is_taken_by_every_finding(site: dict[str, Any], status: str) -> None:
    """A site outside the scope gives every finding (site, cameras, events) the LN-3 status."""
    rows = [{**FULL_RECORDS[0], **site}, *FULL_RECORDS[1:]]
    report = check([{k: v for k, v in r.items() if v is not None} for r in rows])
    assert {f.status.value for f in report.findings} == {status}
    assert all(f.due is None for f in report.findings)
    assert len(report.findings) == len(check(FULL_RECORDS).findings)


def test_no_system_leaves_cameras_and_events_judged() -> None:
    """has_system false: site rules but LN-3/LN-6 not applicable; cameras and events still judged."""
    rows = [{**FULL_RECORDS[0], "has_system": False}, *FULL_RECORDS[1:]]
    report = check(rows)
    by_rule = {(f.rule, f.subject.id): f.status.value for f in report.findings}
    assert by_rule[("LN-6", "S")] == VIO
    assert by_rule[("LN-3", "S")] == SAT
    site_rules = {r for (r, sid) in by_rule if sid == "S"} - {"LN-3", "LN-6"}
    assert {by_rule[(r, "S")] for r in site_rules} == {NA}
    assert by_rule[("LN-9", "C2")] == VIO
    assert by_rule[("LN-14.1.6", "E5")] == SAT


# ---------------------------------------------------------------- explanations and messages

LATE = [site_row(in_use_on="2026-09-05"), filing("2026-10-09")]


def test_late_registration_explained_in_english() -> None:
    """A late registration's reasons give the due date, the art. 203 extension and '1 day late'."""
    f = finding(check(LATE, "2026-10-20"), "LN-12.1a", "S")
    assert f is not None
    assert (f.status.value, str(f.due), str(f.fulfilled_on)) == (VIO, "2026-10-08", "2026-10-09")
    reasons = " | ".join(f.explanation.reasons)
    assert "2026-10-08" in reasons
    assert "2026-10-05" in reasons  # the nominal last day, a rest day
    assert "art. 203" in reasons
    assert "1 day late" in reasons
    assert "2026-10-08" in f.message
    facts = {x.path: x.value for x in f.explanation.facts}
    assert facts["site.in_use_on"] == D("2026-09-05")
    assert facts["site.county_code"] == COUNTY
    assert [outcome for _, outcome in f.explanation.clauses][-1] == "false"


def test_late_registration_explained_in_chinese() -> None:
    """With lang="zh" the message and the reasons are in Chinese, with the same dates."""
    f = finding(check(LATE, "2026-10-20", lang="zh"), "LN-12.1a", "S")
    assert f is not None
    assert "备案" in f.message and "2026-10-08" in f.message
    reasons = " | ".join(f.explanation.reasons)
    assert "第二百零三条" in reasons
    assert "逾期1日" in reasons
    assert "顺延" in reasons


def test_explain_false_keeps_the_verdict() -> None:
    """explain=False leaves status, due and message as they are and drops the explanation."""
    with_explanation = check(FULL_RECORDS + LATE[1:], "2026-10-20")
    without = check(FULL_RECORDS + LATE[1:], "2026-10-20", explain=False)
    assert [
        (f.rule, f.subject.id, f.status, f.due, f.fulfilled_on, f.message) for f in without.findings
    ] == [
        (f.rule, f.subject.id, f.status, f.due, f.fulfilled_on, f.message)
        for f in with_explanation.findings
    ]
    assert all(not f.explanation.reasons for f in without.findings)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("rule", "subject", "records"),
    [
        ("LN-12.1a", "S", [site_row(in_use_on="2026-12-10")]),
        ("LN-12.1b", "CH", [site_row(), event("system_changed", "2026-12-29", id="CH")]),
    ],
    ids=["registration", "change-report"],
)
def test_calendar_gap_names_the_year(
    rule: str, subject: str, records: list[dict[str, Any]], lang: str
) -> None:
    """A deadline that needs 2027 is unknown with no due date, and the message names 2027."""
    f = finding(check(records, "2026-12-31", lang=lang), rule, subject)
    assert f is not None
    assert (f.status.value, f.due) == (UNK, None)
    assert "2027" in f.message
    assert any("2027" in r for r in f.explanation.reasons)


def test_missing_field_is_named() -> None:
    """An unknown for missing data names the missing field in its message."""
    f = finding(check([site_row()]), "LN-14.1.7", "S")
    assert f is not None and f.status.value == UNK
    assert "retention_days" in f.message


def test_chinese_messages() -> None:
    """lang="zh" gives Chinese messages for every status."""
    report = check(FULL_RECORDS + LATE[1:], "2026-10-20", lang="zh")
    for f in report.findings:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f.message), (f.rule, f.message)
