"""Differential tests: the compiled rule engine against the hand-written oracle.

The engine (`lnvideo.load_rules()` + `Ruleset.iter_findings`, the bundled pack
compiled to Python closures) and the oracle (`benchmarks/handwritten.py`,
SPEC §3 written by hand) must give the same `(rule, subject kind, subject id,
status, due)` for every finding of every site: on synthetic provinces at
as-of dates inside and outside holiday runs, and on small Hypothesis bundles
drawn around the edges SPEC §3-§4 fixes (2008-01-01, holiday runs and make-up
working days, leap days, late-evening UTC instants, missing fields, wrong or
missing organs, events after the as-of day, deadlines that need 2027).

On failure the message lists the first 20 disagreeing sites with their
records, so the case can be settled from the SPEC.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lnvideo
from lnvideo import synth
from lnvideo.api import Ruleset
from lnvideo.calendar import CalendarGapError
from lnvideo.periods import SHANGHAI, Period, Unit, deadline
from lnvideo.readers import SiteBundle, group_by_site
from lnvideo.records import Camera, Event, Site
from lnvideo.schema import BUILDER_KINDS, EVENT_TYPES, PLACE_CATEGORIES

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import handwritten

#: (site, rule, subject kind, subject id, status, due)
Key = tuple[str, str, str, str | None, str, dt.date | None]

MAX_SHOWN = 20
COUNTY = "210102"
OTHER_COUNTY = "210103"
D = dt.date.fromisoformat


@functools.cache
def rules() -> Ruleset:
    return lnvideo.load_rules()


def engine_keys(bundle: SiteBundle, as_of: dt.date) -> list[Key]:
    """The engine's findings for one site as comparable keys (no explanations)."""
    return [
        (f.subject.site, f.rule, f.subject.kind, f.subject.id, f.status.value, f.due)
        for f in rules().iter_findings([bundle], as_of=as_of, explain=False)
    ]


def oracle_keys(bundle: SiteBundle, as_of: dt.date) -> list[Key]:
    """The oracle's rows for one site as comparable keys."""
    rows = handwritten.check_site(bundle, as_of, rules().calendar)
    return [
        (bundle.site.id, rule, kind, sid, str(status), due) for rule, kind, sid, status, due in rows
    ]


def _show(key: Key) -> str:
    _, rule, kind, sid, status, due = key
    return f"{rule} {kind} {sid!r}: {status}" + (f" due {due}" if due else "")


def _record(rec: Site | Camera | Event) -> str:
    """A record with only its given fields, dates in ISO form."""
    shown = []
    for a in attrs.fields(type(rec)):
        v = getattr(rec, a.name)
        if v is None or a.name in ("extra", "origin"):
            continue
        shown.append(f"{a.name}={v.isoformat() if isinstance(v, dt.date) else v!r}")
    return f"{rec.kind}({', '.join(shown)})"


def disagreements(bundles: Iterable[SiteBundle], as_of: dt.date) -> tuple[int, str]:
    """How many sites disagree, and a readable report of the first `MAX_SHOWN`."""
    bad = 0
    lines: list[str] = []
    for bundle in bundles:
        eng, ora = Counter(engine_keys(bundle, as_of)), Counter(oracle_keys(bundle, as_of))
        if eng == ora:
            continue
        bad += 1
        if bad > MAX_SHOWN:
            continue
        lines.append(f"--- site {bundle.site.id!r} as of {as_of}")
        lines.extend(f"  engine only: {_show(k)}" for k in sorted((eng - ora).elements(), key=str))
        lines.extend(f"  oracle only: {_show(k)}" for k in sorted((ora - eng).elements(), key=str))
        records: list[Site | Camera | Event] = [bundle.site, *bundle.cameras, *bundle.events]
        lines.extend(f"  {_record(r)}" for r in records)
    if bad > MAX_SHOWN:
        lines.append(f"... and {bad - MAX_SHOWN} more sites")
    return bad, "\n".join(lines)


def assert_agree(bundles: Sequence[SiteBundle], as_of: dt.date) -> None:
    bad, report = disagreements(bundles, as_of)
    assert bad == 0, f"{bad} of {len(bundles)} sites disagree (engine vs oracle):\n{report}"


# ---------------------------------------------------------------- synthetic provinces

SEEDS = (1, 2)
AS_OF_DATES = {
    "2026-11-30": D("2026-11-30"),
    "national-day-2026-10-06": D("2026-10-06"),
    "spring-festival-2026-02-20": D("2026-02-20"),
    "2008-01-15": D("2008-01-15"),
}


@functools.cache
def province(seed: int) -> tuple[SiteBundle, ...]:
    bundles, diags = group_by_site(synth.generate_records(1500, seed=seed))
    assert not diags
    return tuple(bundles)


@pytest.mark.parametrize("as_of", AS_OF_DATES.values(), ids=AS_OF_DATES.keys())
@pytest.mark.parametrize("seed", SEEDS, ids=[f"seed{s}" for s in SEEDS])
def test_synthetic_province_agrees(seed: int, as_of: dt.date) -> None:
    """On 1,500 generated sites the engine and the oracle give the same findings."""
    bundles = province(seed)
    assert_agree(bundles, as_of)


def test_synthetic_province_exercises_every_status() -> None:
    """The synthetic data is not trivially agreeing: every rule but LN-3 has violations."""
    counts = Counter(
        (rule, status)
        for b in province(1)
        for _, rule, _, _, status, _ in oracle_keys(b, D("2026-11-30"))
    )
    for rule in (*handwritten.SITE_RULES, *handwritten.EVENT_RULES.values(), "LN-9"):
        assert counts[(rule, "violated")] or rule == "LN-3", rule
        assert counts[(rule, "satisfied")] or counts[(rule, "not_applicable")], rule


# ---------------------------------------------------------------- edge bundles

#: Date ranges around the edges: 2008-01-01 and the LN-12.2 due date, the 2026
#: Spring Festival run (make-up days 02-14, 02-28), the National Day run (make-up
#: days 09-20, 10-10), the leap days 2024-02-29 and 2020-02-29, and December 2026
#: (deadlines that need 2027, which the bundled calendar does not cover).
EDGE_RANGES = (
    (D("2007-11-25"), D("2008-02-10")),
    (D("2026-01-10"), D("2026-03-10")),
    (D("2026-08-25"), D("2026-10-20")),
    (D("2024-02-20"), D("2024-03-05")),
    (D("2025-02-20"), D("2025-03-05")),
    (D("2020-02-25"), D("2020-03-03")),
    (D("2026-11-25"), D("2026-12-31")),
)
PINNED = tuple(
    D(x)
    for x in (
        "2008-01-01",
        "2007-12-31",
        "2008-01-31",
        "2026-02-14",
        "2026-02-28",
        "2026-09-20",
        "2026-10-10",
        "2026-10-08",
        "2026-09-05",
        "2024-02-29",
        "2026-12-02",
        "2026-12-29",
    )
)
edge_dates = st.one_of(st.sampled_from(PINNED), *(st.dates(lo, hi) for lo, hi in EDGE_RANGES))
#: Late-evening (and early-morning) hours, with offsets that move the local date.
OFFSETS = (dt.UTC, dt.timezone(dt.timedelta(hours=8)), dt.timezone(dt.timedelta(hours=-5)))


@st.composite
def instants(draw: st.DrawFn, day: st.SearchStrategy[dt.date] = edge_dates) -> dt.datetime:
    """An aware instant near a day boundary, held in Asia/Shanghai as the readers do."""
    d = draw(day)
    hour = draw(st.sampled_from((0, 7, 12, 15, 16, 20, 23)))
    minute = draw(st.sampled_from((0, 29, 59)))
    tz = draw(st.sampled_from(OFFSETS))
    return dt.datetime(d.year, d.month, d.day, hour, minute, tzinfo=tz).astimezone(SHANGHAI)


def tri() -> st.SearchStrategy[bool | None]:
    return st.sampled_from((None, True, False))


def maybe(s: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), s)


@st.composite
def edge_sites(draw: st.DrawFn, sid: str) -> Site:
    return Site(
        sid,
        county_code=draw(st.sampled_from((*[COUNTY] * 5, OTHER_COUNTY, "110101", None))),
        place_category=draw(maybe(st.sampled_from(PLACE_CATEGORIES))),
        designated=draw(tri()),
        has_system=draw(st.sampled_from((True, True, None, False))),
        builder_kind=draw(maybe(st.sampled_from(BUILDER_KINDS))),
        national_security=draw(st.sampled_from((None, None, False, False, False, True))),
        in_use_on=draw(st.one_of(st.none(), edge_dates, edge_dates, edge_dates)),
        project_kind=draw(maybe(st.sampled_from(("new", "rebuilt", "expanded")))),
        main_project_in_use_on=draw(maybe(edge_dates)),
        captures_private_info=draw(tri()),
        privacy_safeguards=draw(st.sampled_from((None, (), ("masking",)))),
        standards=draw(st.sampled_from((None, (), ("GB 50348",)))),
        government_invested=draw(tri()),
        price_marked=draw(tri()),
        retention_days=draw(st.sampled_from((None, 0, 14, 15, 16, 90))),
        training=draw(tri()),
        inspection_maintenance=draw(tri()),
        emergency_response=draw(tri()),
        duty_monitoring=draw(tri()),
        access_log=draw(tri()),
        om_outsourced=draw(tri()),
        om_contract_security_terms=draw(tri()),
    )


@st.composite
def edge_cameras(draw: st.DrawFn, sid: str, n: int) -> Camera:
    return Camera(
        f"{sid}-C{n}",
        sid,
        place=draw(
            st.sampled_from((None, "toilet", "hotel_room", "student_dormitory", "lobby", "", "  "))
        ),
        private_area=draw(tri()),
    )


TEXTS = (None, "", "  ", "\t", "Officer Li", "Officer Li", "Officer Li")


FILING_TYPES = ("registration_filed", "change_reported")
NO_ID = st.sampled_from((False, False, False, True))
#: The period each kind of filing is due within (SPEC §3 LN-12.1a/LN-12.2, LN-12.1b).
FILING_PERIOD = {
    "registration_filed": Period(30, Unit.DAYS),
    "change_reported": Period(3, Unit.WORKING_DAYS),
}


@functools.cache
def filing_days(anchor: dt.date, etype: str) -> tuple[dt.date, ...]:
    """Days a filing about `anchor` is interesting on: early, and around its due date."""
    days = [anchor - dt.timedelta(days=3), anchor]
    try:
        due = deadline(anchor, FILING_PERIOD[etype], rules().calendar).last_day
    except CalendarGapError:
        return tuple(days)
    return (*days, due - dt.timedelta(days=1), due, due, due + dt.timedelta(days=1))


@st.composite
def edge_events(
    draw: st.DrawFn,
    sid: str,
    anchors: Mapping[str, Sequence[dt.date]] | None = None,
    etype: str | None = None,
    links: Sequence[str] = (),
) -> Event:
    etype = etype or draw(st.sampled_from((*EVENT_TYPES, *FILING_TYPES, *FILING_TYPES)))
    days = edge_dates
    if anchors and anchors.get(etype):
        near = st.sampled_from(anchors[etype]).flatmap(
            lambda a: st.sampled_from(filing_days(a, etype))
        )
        days = st.one_of(near, near, near, edge_dates)
    at: dt.datetime | None = draw(maybe(instants(days)))
    on = at.date() if at is not None else draw(days)
    fields: dict[str, Any] = {}
    if etype in ("registration_filed", "change_reported"):
        fields["authority"] = draw(st.sampled_from((COUNTY, COUNTY, COUNTY, OTHER_COUNTY, None)))
    if etype == "change_reported":
        fields["change"] = draw(st.sampled_from((*links, *links, *links, None, "E9", " ")))
    if etype == "footage_accessed":
        fields["by"], fields["purpose"] = draw(st.sampled_from(TEXTS)), draw(st.sampled_from(TEXTS))
    if etype == "footage_disclosed":
        fields["to"], fields["authorized"] = draw(maybe(st.just("court"))), draw(tri())
    if etype == "camera_changed":
        fields["camera"] = f"{sid}-C0"
        fields["change"] = draw(maybe(st.sampled_from(("purpose", "position"))))
        fields["authorized"] = draw(tri())
    if etype == "footage_deleted":
        back = draw(st.sampled_from((None, 0, 14, 15, 16, 364, 365, 366, 367, 730)))
        fields["recorded_on"] = None if back is None else on - dt.timedelta(days=back)
        fields["important"] = draw(tri())
    if etype == "suspicious_observed":
        start = at or dt.datetime(on.year, on.month, on.day, tzinfo=SHANGHAI)
        late = draw(
            st.sampled_from(
                (None, -1.0, 0.0, 8.0, 23.99, 24.0, 24.0 + 1 / 3600, 25.0, 48.0, 24 * 40.0)
            )
        )
        fields["reported_on"] = None if late is None else start + dt.timedelta(hours=late)
    return Event(sid, etype, on, on_at=at, **fields)


@st.composite
def edge_bundles(draw: st.DrawFn) -> list[SiteBundle]:
    records: list[Site | Camera | Event] = []
    for i in range(draw(st.integers(1, 3))):
        sid = f"S{i}"
        site = draw(edge_sites(sid))
        records.append(site)
        for n in range(draw(st.integers(0, 2))):
            records.append(draw(edge_cameras(sid, n)))
        changes = draw(st.lists(edge_events(sid, etype="system_changed"), max_size=3))
        anchors = {
            "registration_filed": [D("2008-01-01"), *([site.in_use_on] if site.in_use_on else [])],
            "change_reported": [c.on for c in changes],
        }
        links = [f"{sid}-CH{n}" for n in range(len(changes))]
        others = draw(st.lists(edge_events(sid, anchors, links=links), min_size=1, max_size=8))
        # Unique ids (a duplicate would be dropped by the reader); one in four left out.
        for n, e in enumerate([*changes, *others]):
            ident = f"{sid}-CH{n}" if n < len(changes) else f"{sid}-E{n}"
            records.append(e if draw(NO_ID) else attrs.evolve(e, id=ident))
    bundles, _ = group_by_site(records)
    return bundles


as_of_dates = st.one_of(st.just(D("2026-11-30")), st.just(D("2026-12-31")), edge_dates)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bundles=edge_bundles(), as_of=as_of_dates)
def test_edge_bundles_agree(bundles: list[SiteBundle], as_of: dt.date) -> None:
    """On small bundles drawn around the SPEC's edges the engine and the oracle agree."""
    assert_agree(bundles, as_of)


@st.composite
def filing_bundles(draw: st.DrawFn) -> tuple[list[SiteBundle], dt.date]:
    """One site with registrations and change reports dated around their due dates.

    The as-of day is drawn around a due date too, so pending / violated flips.
    """
    sid = "S1"
    site = Site(
        sid,
        county_code=draw(st.sampled_from((COUNTY, COUNTY, COUNTY, OTHER_COUNTY))),
        has_system=draw(st.sampled_from((True, None))),
        in_use_on=draw(edge_dates),
    )
    assert site.in_use_on is not None
    anchor = max(site.in_use_on, D("2008-01-01"))
    events: list[Event] = []
    for _ in range(draw(st.integers(0, 3))):
        day = draw(st.sampled_from(filing_days(anchor, "registration_filed")))
        authority = draw(st.sampled_from((COUNTY, COUNTY, OTHER_COUNTY, None)))
        events.append(Event(sid, "registration_filed", day, authority=authority))
    changes = [
        Event(sid, "system_changed", draw(edge_dates), id=draw(st.sampled_from((f"CH{n}", None))))
        for n in range(draw(st.integers(0, 2)))
    ]
    for change in changes:
        for _ in range(draw(st.integers(0, 2))):
            day = draw(st.sampled_from(filing_days(change.on, "change_reported")))
            link = draw(st.sampled_from((change.id, change.id, None, "CH9")))
            authority = draw(st.sampled_from((COUNTY, COUNTY, OTHER_COUNTY, None)))
            events.append(Event(sid, "change_reported", day, change=link, authority=authority))
    starts = [anchor, *(c.on for c in changes)]
    as_of = draw(
        st.one_of(
            st.just(D("2026-11-30")),
            st.sampled_from(starts).flatmap(
                lambda a: st.sampled_from(filing_days(a, "registration_filed"))
            ),
        )
    )
    bundles, _ = group_by_site([site, *changes, *events])
    return bundles, as_of


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=filing_bundles())
def test_filing_deadlines_agree(case: tuple[list[SiteBundle], dt.date]) -> None:
    """Filings on, just before and just after their due dates are judged alike by both."""
    bundles, as_of = case
    assert_agree(bundles, as_of)


EVENT_RULE_TYPES = tuple(t for t in handwritten.EVENT_RULES if t != "system_changed")


@st.composite
def event_bundles(draw: st.DrawFn) -> tuple[list[SiteBundle], dt.date]:
    """One in-scope site with event-rule events; the as-of day near an event's dates."""
    sid = "S1"
    site = Site(sid, county_code=COUNTY, has_system=True)
    events = [
        attrs.evolve(
            draw(edge_events(sid, etype=draw(st.sampled_from(EVENT_RULE_TYPES)))), id=f"E{n}"
        )
        for n in range(draw(st.integers(1, 4)))
    ]
    days = [d for e in events for d in (e.on, e.reported_on and e.reported_on.date()) if d]
    near = st.sampled_from(days).flatmap(
        lambda d: st.sampled_from((d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)))
    )
    as_of = draw(st.one_of(st.just(D("2026-12-31")), near, near))
    bundles, _ = group_by_site([site, *events])
    return bundles, as_of


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=event_bundles())
def test_event_edges_agree(case: tuple[list[SiteBundle], dt.date]) -> None:
    """Reports, deletions and log entries at their boundaries are judged alike by both."""
    bundles, as_of = case
    assert_agree(bundles, as_of)


# ---------------------------------------------------------------- settled differences


def _one(*events: Event) -> SiteBundle:
    return SiteBundle(Site("S1", county_code=COUNTY, has_system=True), (), events)


#: Cases where engine and oracle once differed, with the status the SPEC fixes.
SETTLED = {
    # (i) whitespace-only `by`/`purpose` is missing text: the entry is incomplete.
    "blank-by": (
        _one(Event("S1", "footage_accessed", D("2026-05-01"), id="A1", by="  ", purpose="case 7")),
        "violated",
    ),
    "blank-purpose": (
        _one(Event("S1", "footage_accessed", D("2026-05-01"), id="A1", by="Li", purpose="\t")),
        "violated",
    ),
    # (ii) an unnamed change, an in-time report to its organ that names no change.
    "unnamed-change": (
        _one(
            Event("S1", "system_changed", D("2026-03-04")),
            Event("S1", "change_reported", D("2026-03-05"), authority=COUNTY),
        ),
        "unknown",
    ),
    # (ii) an unnamed change, an in-time report to its organ naming some change.
    "unnamed-change-linked-report": (
        _one(
            Event("S1", "system_changed", D("2026-03-04")),
            Event("S1", "change_reported", D("2026-03-05"), change="E9", authority=COUNTY),
        ),
        "unknown",
    ),
    # (ii) a named change whose only in-time report names no change.
    "report-without-link": (
        _one(
            Event("S1", "system_changed", D("2026-03-04"), id="CH1"),
            Event("S1", "change_reported", D("2026-03-05"), authority=COUNTY),
        ),
        "unknown",
    ),
}


@pytest.mark.parametrize(("bundle", "status"), SETTLED.values(), ids=SETTLED.keys())
def test_settled_differences_agree(bundle: SiteBundle, status: str) -> None:
    """Cases once in dispute (blank text, unmatchable change reports) agree, as the SPEC says."""
    as_of = D("2026-11-30")
    assert_agree([bundle], as_of)
    (finding,) = [k for k in engine_keys(bundle, as_of) if k[2] == "event"]
    assert finding[4] == status
