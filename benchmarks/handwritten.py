"""The Measures checked by hand: SPEC §3 written directly in plain Python, no DSL.

Input: `SiteBundle`s (a site, its cameras, its events), the as-of date and a
`WorkCalendar`. Output: one tuple `(rule, subject_kind, subject_id, status,
due)` per (rule, subject) pair, in a fixed order: the site's rules, then each
camera's, then each event's.

It has two jobs: the speed baseline ("hand-written plain Python") of the
benchmarks, and an independent oracle for the differential tests against the
compiled rule engine. So it is written straight from SPEC §3 and §4, shares no
code with the rule pack or the compiler, and keeps no per-record trace. Time
counting is the one thing it does not redo: `lnvideo.periods` is the library's
single source of truth for Civil Code periods.

Decisions (taken the same way as the bundled rule pack):

- Scope (LN-3): `national_security` true -> not_applicable; else `county_code`
  missing -> unknown; else in scope iff it starts with "21" (satisfied), else
  not_applicable. A missing `national_security` is "not true". When LN-3 is
  not satisfied, every other finding of the site, its cameras and its events
  takes the LN-3 status with no due date (the scope gate comes first, before
  the pre-2008 and has_system rules).
- Events dated after the as-of date are ignored (no finding, not counted as
  filings); an event whose local date is before 2008-01-01 is not_applicable.
- Where a rule's condition cannot be decided for missing data, the finding is
  unknown (even when the requirement happens to hold).
- `designated` missing = false. LN-6 applies to an Art. 6 category (anything
  but `other`) or a designated place; `place_category` missing and not
  designated -> unknown; then `has_system` true/false/missing ->
  satisfied/violated/unknown.
- `has_system` false -> every site rule but LN-3 and LN-6 is not_applicable;
  missing -> the rules go by their own fields. Cameras and events are judged
  whatever `has_system` says.
- LN-7: applies on main_road / traffic_intersection / square
  (`place_category` missing -> unknown); requires `builder_kind` = government.
- LN-8: applies if `captures_private_info`; requires `privacy_safeguards`
  non-empty. LN-10: `standards` non-empty. Missing -> unknown; [] -> violated.
- LN-9 (camera): `private_area` missing = false; an Art. 9 place or a private
  area -> violated; `place` missing and not a private area -> unknown.
- LN-11: `project_kind` missing -> not_applicable; `main_project_in_use_on`
  missing -> unknown, before 2008-01-01 -> not_applicable; then `in_use_on`
  (missing -> unknown) <= `main_project_in_use_on`.
- LN-12.1a applies when `in_use_on` >= 2008-01-01, LN-12.2 when before it
  (missing -> unknown for both); due = the 30-day deadline (Art. 203 extended)
  after `in_use_on`, resp. after 2008-01-01. LN-12.1b: 3 working days after
  the change. Filings/reports count when dated on or before the due date (even
  before `in_use_on` or before the change). A filing qualifies when its organ
  is the site's county organ (and, for a change report, its `change` is the
  `system_changed` id); each of the two tests is true, false, or undecidable
  when a field is missing (`authority`; `change` or the change's own `id`),
  combined as a Kleene "and". Any qualifying filing in time -> satisfied; else
  an undecidable one in time -> unknown; else pending / violated. So a report
  with another county's organ, or naming another change, never counts, while
  an unnamed change with an in-time report to its organ, or a report that
  names no change, is unknown (the pack: `missing_is_unknown`). The due date
  is reported whatever the status; a calendar gap gives unknown with no due
  date.
- LN-13: applies if `government_invested`; requires `price_marked`.
  LN-14.1.1/3/4: `training` / `duty_monitoring` / `access_log`. LN-14.1.2:
  `inspection_maintenance` and `emergency_response` (Kleene and: a false wins
  over a missing). LN-14.1.7: `retention_days` >= 15. LN-14.2: applies if
  `om_outsourced`; requires `om_contract_security_terms`. Missing -> unknown.
- LN-14.1.3r: the report is due by `on_at` (or local midnight of `on`) + 24 h,
  compared as instants; due = the local date of that instant. A `reported_on`
  whose local date is after the as-of date is treated as absent; absent ->
  pending if as_of <= due, else violated.
- LN-14.1.4e: `by` and `purpose` must be present: a string that is empty or
  only whitespace counts as missing (as the pack's `is present`) -> violated.
  LN-14.1.5 / LN-14.1.6: `authorized` true/false/missing ->
  satisfied/violated/unknown.
- LN-14.1.7d: deletion on D of footage recorded on R keeps it N days iff
  D > minimum_end(R, N) (no Art. 203 extension); N = 15 days, or 1 year when
  `important`. `recorded_on` missing -> unknown; `important` missing -> the
  two readings decide when they agree, else unknown. No due date.
- The subject id of a site or camera is its `id`; of an event its `id` (None
  when absent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from lnvideo.calendar import CalendarGapError, WorkCalendar
from lnvideo.findings import Status
from lnvideo.periods import Period, Unit, deadline, minimum_end
from lnvideo.readers import SiteBundle
from lnvideo.records import Event
from lnvideo.schema import PLACE_CATEGORIES

Row = tuple[str, str, str | None, Status, dt.date | None]

EFFECTIVE = dt.date(2008, 1, 1)
TZ = ZoneInfo("Asia/Shanghai")
REPORT_HOURS = 24

SAT = Status.SATISFIED
VIO = Status.VIOLATED
PEN = Status.PENDING
NA = Status.NOT_APPLICABLE
UNK = Status.UNKNOWN

ART6_CATEGORIES = frozenset(c for c in PLACE_CATEGORIES if c != "other")
ART7_CATEGORIES = frozenset({"main_road", "traffic_intersection", "square"})
ART9_PLACES = frozenset(
    {"hotel_room", "public_bath", "changing_room", "toilet", "student_dormitory"}
)

#: Site rules that are not_applicable when `has_system` is false.
SYSTEM_RULES = (
    "LN-7",
    "LN-8",
    "LN-10",
    "LN-11",
    "LN-12.1a",
    "LN-12.2",
    "LN-13",
    "LN-14.1.1",
    "LN-14.1.2",
    "LN-14.1.3",
    "LN-14.1.4",
    "LN-14.1.7",
    "LN-14.2",
)
SITE_RULES = ("LN-3", "LN-6", *SYSTEM_RULES)
CAMERA_RULES = ("LN-9",)
EVENT_RULES: dict[str, str] = {
    "system_changed": "LN-12.1b",
    "system_stopped": "LN-12.1b",  # SPEC §3: stopping a system is a change too
    "suspicious_observed": "LN-14.1.3r",
    "footage_accessed": "LN-14.1.4e",
    "camera_changed": "LN-14.1.5",
    "footage_disclosed": "LN-14.1.6",
    "footage_deleted": "LN-14.1.7d",
}

THIRTY_DAYS = Period(30, Unit.DAYS)
THREE_WORKING_DAYS = Period(3, Unit.WORKING_DAYS)
RETAIN_DAYS = Period(15, Unit.DAYS)
RETAIN_IMPORTANT = Period(1, Unit.YEARS)

#: (start, period, is_deadline) -> last day of the deadline (None for a calendar gap),
#: or of the minimum duration; shared across sites by `check_all`.
DueCache = dict[tuple[dt.date, Period, bool], dt.date | None]


def _flag(value: bool | None) -> Status:
    if value is None:
        return UNK
    return SAT if value else VIO


def _due(start: dt.date, period: Period, calendar: WorkCalendar, cache: DueCache) -> dt.date | None:
    key = (start, period, True)
    try:
        return cache[key]
    except KeyError:
        pass
    try:
        last: dt.date | None = deadline(start, period, calendar).last_day
    except CalendarGapError:
        last = None
    cache[key] = last
    return last


def _kept(start: dt.date, period: Period, cache: DueCache) -> dt.date:
    key = (start, period, False)
    last = cache.get(key)
    if last is None:
        last = cache[key] = minimum_end(start, period)
    return last


def _filed(
    filings: Iterable[tuple[dt.date, bool | None]],
    due: dt.date | None,
    as_of: dt.date,
) -> Status:
    """The status of a deadline to file by `due`; a filing is `(on, qualifies)`.

    `qualifies` is True, False, or None when it cannot be decided for missing data.
    """
    if due is None:
        return UNK
    undecided = False
    for on, qualifies in filings:
        if on <= due:
            if qualifies is True:
                return SAT
            if qualifies is None:
                undecided = True
    if undecided:
        return UNK
    return PEN if as_of <= due else VIO


def _same(a: str | None, b: str | None) -> bool | None:
    """`a == b`, or None when either is missing."""
    if a is None or b is None:
        return None
    return a == b


def _both(a: bool | None, b: bool | None) -> bool | None:
    """Kleene "and": a false wins over a missing."""
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def _present(text: str | None) -> bool:
    """A text field is present when it holds something other than whitespace."""
    return text is not None and text.strip() != ""


def _scope(site_ns: bool | None, county: str | None) -> Status:
    if site_ns is True:
        return NA
    if county is None:
        return UNK
    return SAT if county.startswith("21") else NA


def check_site(
    bundle: SiteBundle,
    as_of: dt.date,
    calendar: WorkCalendar,
    *,
    cache: DueCache | None = None,
) -> list[Row]:
    """Check one site, its cameras and its events against SPEC §3.

    Args:
        bundle: the site with its cameras and events.
        as_of: the as-of date (the check sees the end of that day, Asia/Shanghai).
        calendar: the working-day calendar for deadlines.
        cache: deadlines already computed (shared across sites by `check_all`).

    Returns:
        `(rule, subject_kind, subject_id, status, due)` for every rule and subject.

    Example:
        >>> from lnvideo.records import Site
        >>> rows = check_site(SiteBundle(Site("S1", county_code="110101"), (), ()),
        ...                   dt.date(2026, 10, 1), WorkCalendar.bundled())
        >>> rows[0][:4], {r[3] for r in rows}
        (('LN-3', 'site', 'S1', <Status.NOT_APPLICABLE: 'not_applicable'>), {<Status.NOT_APPLICABLE: 'not_applicable'>})
    """
    if cache is None:
        cache = {}
    site = bundle.site
    sid = site.id
    county = site.county_code
    events = [e for e in bundle.events if e.on <= as_of]
    out: list[Row] = []

    scope = _scope(site.national_security, county)
    if scope is not SAT or county is None:
        out.append(("LN-3", "site", sid, scope, None))
        out.extend((rule, "site", sid, scope, None) for rule in SITE_RULES[1:])
        out.extend(("LN-9", "camera", c.id, scope, None) for c in bundle.cameras)
        for e in events:
            rule = EVENT_RULES.get(e.type)
            if rule is not None:
                out.append((rule, "event", e.id, scope, None))
        return out
    out.append(("LN-3", "site", sid, SAT, None))
    if as_of < EFFECTIVE:  # SPEC §8: the Measures are not in force on the as-of day
        out.extend((rule, "site", sid, NA, None) for rule in SITE_RULES[1:])
        out.extend(("LN-9", "camera", c.id, NA, None) for c in bundle.cameras)
        for e in events:
            rule = EVENT_RULES.get(e.type)
            if rule is not None:
                out.append((rule, "event", e.id, NA, None))
        return out

    # LN-6
    category = site.place_category
    if site.designated is True or (category is not None and category in ART6_CATEGORIES):
        s6 = _flag(site.has_system)
    elif category is None:
        s6 = UNK
    else:
        s6 = NA
    out.append(("LN-6", "site", sid, s6, None))

    if site.has_system is False:
        out.extend((rule, "site", sid, NA, None) for rule in SYSTEM_RULES)
    else:
        # LN-7
        if category is None:
            s = UNK
        elif category in ART7_CATEGORIES:
            kind = site.builder_kind
            s = UNK if kind is None else SAT if kind == "government" else VIO
        else:
            s = NA
        out.append(("LN-7", "site", sid, s, None))

        # LN-8
        if site.captures_private_info is None:
            s = UNK
        elif site.captures_private_info:
            safeguards = site.privacy_safeguards
            s = UNK if safeguards is None else SAT if safeguards else VIO
        else:
            s = NA
        out.append(("LN-8", "site", sid, s, None))

        # LN-10
        standards = site.standards
        s = UNK if standards is None else SAT if standards else VIO
        out.append(("LN-10", "site", sid, s, None))

        # LN-11
        in_use = site.in_use_on
        main = site.main_project_in_use_on
        if site.project_kind is None:
            s = NA
        elif main is None:
            s = UNK
        elif main < EFFECTIVE:
            s = NA
        elif in_use is None:
            s = UNK
        else:
            s = SAT if in_use <= main else VIO
        # SPEC §3: LN-11's due is the main project's date (whenever the rule is judged)
        due11 = main if s in (SAT, VIO, UNK) and main is not None else None
        out.append(("LN-11", "site", sid, s, due11))

        # LN-12.1a / LN-12.2
        if in_use is None:
            out.append(("LN-12.1a", "site", sid, UNK, None))
            out.append(("LN-12.2", "site", sid, UNK, None))
        else:
            start, rule, other = (
                (in_use, "LN-12.1a", "LN-12.2")
                if in_use >= EFFECTIVE
                else (EFFECTIVE, "LN-12.2", "LN-12.1a")
            )
            due = _due(start, THIRTY_DAYS, calendar, cache)
            filings = [
                (e.on, _same(e.authority, county)) for e in events if e.type == "registration_filed"
            ]
            s = _filed(filings, due, as_of)
            row_a: Row = (rule, "site", sid, s, due)
            row_b: Row = (other, "site", sid, NA, None)
            if rule == "LN-12.1a":
                out.append(row_a)
                out.append(row_b)
            else:
                out.append(row_b)
                out.append(row_a)

        # LN-13
        if site.government_invested is None:
            s = UNK
        elif site.government_invested:
            s = _flag(site.price_marked)
        else:
            s = NA
        out.append(("LN-13", "site", sid, s, None))

        # LN-14.1.1 .. LN-14.1.4
        out.append(("LN-14.1.1", "site", sid, _flag(site.training), None))
        im, er = site.inspection_maintenance, site.emergency_response
        if im is False or er is False:
            s = VIO
        elif im is None or er is None:
            s = UNK
        else:
            s = SAT
        out.append(("LN-14.1.2", "site", sid, s, None))
        out.append(("LN-14.1.3", "site", sid, _flag(site.duty_monitoring), None))
        out.append(("LN-14.1.4", "site", sid, _flag(site.access_log), None))

        # LN-14.1.7
        days = site.retention_days
        s = UNK if days is None else SAT if days >= 15 else VIO
        out.append(("LN-14.1.7", "site", sid, s, None))

        # LN-14.2
        if site.om_outsourced is None:
            s = UNK
        elif site.om_outsourced:
            s = _flag(site.om_contract_security_terms)
        else:
            s = NA
        out.append(("LN-14.2", "site", sid, s, None))

    # LN-9
    for cam in bundle.cameras:
        if cam.private_area is True or (cam.place is not None and cam.place in ART9_PLACES):
            s = VIO
        elif cam.place is None:
            s = UNK
        else:
            s = SAT
        out.append(("LN-9", "camera", cam.id, s, None))

    # Event rules
    reports: list[Event] | None = None
    for e in events:
        rule = EVENT_RULES.get(e.type)
        if rule is None:
            continue
        if e.on < EFFECTIVE:
            out.append((rule, "event", e.id, NA, None))
            continue
        due = None
        t = e.type
        if t in ("system_changed", "system_stopped"):
            if reports is None:
                reports = [r for r in events if r.type == "change_reported"]
            due = _due(e.on, THREE_WORKING_DAYS, calendar, cache)
            s = _filed(
                ((r.on, _both(_same(r.change, e.id), _same(r.authority, county))) for r in reports),
                due,
                as_of,
            )
        elif t == "suspicious_observed":
            start = e.on_at if e.on_at is not None else dt.datetime.combine(e.on, dt.time(), TZ)
            limit = start.astimezone(dt.UTC) + dt.timedelta(hours=REPORT_HOURS)
            due = limit.astimezone(TZ).date()
            reported = e.reported_on
            if reported is not None and reported.astimezone(TZ).date() > as_of:
                reported = None
            if reported is None:
                s = PEN if as_of <= due else VIO
            else:
                s = SAT if reported <= limit else VIO
        elif t == "footage_accessed":
            s = SAT if _present(e.by) and _present(e.purpose) else VIO
        elif t == "camera_changed" or t == "footage_disclosed":
            s = _flag(e.authorized)
        else:  # footage_deleted
            recorded = e.recorded_on
            if recorded is None:
                s = UNK
            else:
                important = e.important
                if important is None:
                    if e.on > _kept(recorded, RETAIN_IMPORTANT, cache):
                        s = SAT
                    elif e.on <= _kept(recorded, RETAIN_DAYS, cache):
                        s = VIO
                    else:
                        s = UNK
                else:
                    period = RETAIN_IMPORTANT if important else RETAIN_DAYS
                    s = SAT if e.on > _kept(recorded, period, cache) else VIO
        out.append((rule, "event", e.id, s, due))
    return out


def check_all(bundles: Iterable[SiteBundle], as_of: dt.date, calendar: WorkCalendar) -> list[Row]:
    """Check every bundle; the rows of all sites, in bundle order.

    Example:
        >>> from lnvideo.records import Site
        >>> rows = check_all([SiteBundle(Site("S1", county_code="210102"), (), ())],
        ...                  dt.date(2026, 10, 1), WorkCalendar.bundled())
        >>> rows[0][3]
        <Status.SATISFIED: 'satisfied'>
    """
    cache: DueCache = {}
    out: list[Row] = []
    for bundle in bundles:
        out.extend(check_site(bundle, as_of, calendar, cache=cache))
    return out
