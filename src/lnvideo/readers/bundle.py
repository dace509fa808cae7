"""Records -> one bundle per site (the site, its cameras, its events), plus input errors.

Input: records and diagnostics in any order (as the readers yield them).
Output: ``(bundles, diagnostics)``: bundles in the input order of their sites;
the diagnostics passed through, followed by the ones found here (LNV010
duplicate ids, LNV009 orphans) sorted by position.

Invariants: the first of several sites with one id wins, later ones are LNV010;
duplicates are judged among the records of one site: a camera id or an event id
seen twice within one site is LNV010 (the first is kept), the same camera id in
two sites is two cameras; a camera or event whose ``site`` was not read is an
LNV009 error located at that record, with a near-site suggestion, and an orphan
never displaces a valid record (orphans are set aside before duplicates are
judged); events in a bundle are sorted by
``(on, on_at)`` (date-only events first on their day), ties kept in input order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator
from operator import attrgetter
from typing import Any

import attrs

from lnvideo.diagnostics import Diagnostic, did_you_mean
from lnvideo.records import Camera, Event, Record, Site

#: Near-site suggestions compare against every site id; above this many orphans, stop
#: suggesting (the comparison is linear in the number of sites).
MAX_SUGGESTIONS = 200


@attrs.frozen
class SiteBundle:
    """A site with its cameras and its events (sorted by date)."""

    site: Site
    cameras: tuple[Camera, ...]
    events: tuple[Event, ...]


def _event_key(event: Event) -> tuple[dt.date, bool, float]:
    at = event.on_at
    return (event.on, at is not None, at.timestamp() if at is not None else 0.0)


_ON = attrgetter("on")


def sort_events(events: Iterable[Event]) -> tuple[Event, ...]:
    """`events` sorted by `_event_key`, ties in input order: by day first (cheap), then,
    only within a day that has several events, by instant.

    Example:
        >>> import datetime as dt
        >>> a = Event("S1", "footage_accessed", dt.date(2026, 3, 2), id="a")
        >>> b = Event("S1", "footage_accessed", dt.date(2026, 3, 1), id="b")
        >>> [e.id for e in sort_events([a, b])]
        ['b', 'a']
    """
    out = sorted(events, key=_ON)
    days = list(map(_ON, out))
    if len(set(days)) == len(days):
        return tuple(out)
    start = 0
    for i in range(1, len(out) + 1):
        if i == len(out) or days[i] != days[start]:
            if i - start > 1:
                out[start:i] = sorted(out[start:i], key=_event_key)
            start = i
    return tuple(out)


def group_by_site(
    records: Iterable[Record | Diagnostic],
) -> tuple[list[SiteBundle], list[Diagnostic]]:
    """Group cameras and events under their sites; report duplicates and orphans.

    Example:
        >>> from lnvideo.records import Site, Camera
        >>> bundles, diags = group_by_site([Site("S1"), Camera("C1", "S1"), Camera("C2", "S9")])
        >>> [(b.site.id, len(b.cameras)) for b in bundles], [d.code for d in diags]
        ([('S1', 1)], ['LNV009'])
    """
    passed: list[Diagnostic] = []
    diags: list[Diagnostic] = []
    sites: dict[str, Site] = {}
    cameras: dict[str, list[Camera]] = {}
    events: dict[str, list[Event]] = {}
    pending: list[Camera | Event] = []
    for item in records:
        if isinstance(item, Diagnostic):
            passed.append(item)
        elif isinstance(item, Site):
            first = sites.get(item.id)
            if first is not None:
                diags.append(_duplicate("site", item.id, item, first))
            else:
                sites[item.id] = item
        else:
            pending.append(item)

    orphans = 0
    event_ids: dict[tuple[str, str], Camera | Event] = {}
    camera_ids: dict[tuple[str, str], Camera | Event] = {}
    for rec in pending:
        if rec.site not in sites:
            orphans += 1
            diags.append(_orphan(rec, sites if orphans <= MAX_SUGGESTIONS else {}))
        elif isinstance(rec, Camera):
            if _first(camera_ids, "camera", rec.id, rec, diags):
                cameras.setdefault(rec.site, []).append(rec)
        elif rec.id is None or _first(event_ids, "event", rec.id, rec, diags):
            events.setdefault(rec.site, []).append(rec)

    bundles = [
        SiteBundle(
            site,
            tuple(cameras.get(sid, ())),
            sort_events(events.get(sid, ())),
        )
        for sid, site in sites.items()
    ]
    return bundles, passed + sorted(diags, key=Diagnostic.sort_key)


def _first(
    seen: dict[tuple[str, str], Camera | Event],
    kind: str,
    rid: str,
    rec: Camera | Event,
    diags: list[Diagnostic],
) -> bool:
    """Whether `rec` is the first with its (site, id); else LNV010 naming the first is added."""
    key = (rec.site, rid)
    first = seen.get(key)
    if first is not None:
        diags.append(_duplicate(kind, rid, rec, first))
        return False
    seen[key] = rec
    return True


def _duplicate(kind: str, rid: str, again: Record, first: Record) -> Diagnostic:
    where = f" (first at {first.origin})" if first.origin is not None else ""
    return Diagnostic(
        "LNV010",
        f'{kind} "{rid}": expected a unique {kind} id, found it again{where}; '
        "the first one is kept",
        again.origin,
        hint=f"remove the repeated {kind} or give it its own id",
        field="id",
    )


def _orphan(rec: Camera | Event, sites: Collection[str]) -> Diagnostic:
    what = f'camera "{rec.id}"' if isinstance(rec, Camera) else f"`{rec.type}` event"
    near = did_you_mean(rec.site, sites) if sites else None
    return Diagnostic(
        "LNV009",
        f'{what}: field `site`: expected the id of a site in the input, found "{rec.site}"',
        rec.origin,
        hint=near
        or "add the site record, or fix the id; if its record was rejected above, fix that first",
        field="site",
    )


def _read_sites(
    sites_in: Iterable[Record | Diagnostic], passed: list[Diagnostic], found: list[Diagnostic]
) -> dict[str, Site]:
    """The sites by id, in input order; diagnostics go to `passed`, duplicates to `found`."""
    sites: dict[str, Site] = {}
    for item in sites_in:
        if isinstance(item, Diagnostic):
            passed.append(item)
        elif not isinstance(item, Site):
            msg = f"not a site: {item!r}"
            raise TypeError(msg)
        elif item.id in sites:
            found.append(_duplicate("site", item.id, item, sites[item.id]))
        else:
            sites[item.id] = item
    return sites


def _runs(
    items: Iterable[Any], sites: dict[str, Site], diags: list[Diagnostic], orphans: list[Any]
) -> Iterator[tuple[str, list[Any]]]:
    """(site id, its records in input order), site after site."""
    current: str | None = None
    group: list[Any] = []
    for item in items:
        if isinstance(item, Diagnostic):
            diags.append(item)
        elif item.site not in sites:
            orphans.append(item)
        elif item.site == current:
            group.append(item)
        else:
            if current is not None:
                yield current, group
            current, group = item.site, [item]
    if current is not None:
        yield current, group


def _first_of_each(what: str, group: list[Any], found: list[Diagnostic]) -> list[Any]:
    """The records of `group` in order, less repeats of an id (each repeat goes to `found`).

    Records without an id (events may lack one) are all kept.
    """
    seen: dict[str, Any] = {}
    kept: list[Any] = []
    for rec in group:
        if rec.id is not None:
            first = seen.get(rec.id)
            if first is not None:
                found.append(_duplicate(what, rec.id, rec, first))
                continue
            seen[rec.id] = rec
        kept.append(rec)
    return kept


def group_sorted(
    sites_in: Iterable[Record | Diagnostic],
    cameras_in: Iterable[Record | Diagnostic],
    events_in: Iterable[Record | Diagnostic],
) -> tuple[list[Site], Iterator[SiteBundle], Callable[[], list[Diagnostic]]]:
    """`group_by_site` for inputs whose cameras and events come in the order of their sites.

    The sites are read at once; the bundles are then built one at a time as the
    cameras and events stream past, so memory holds one site's records (and the
    orphans). The caller guarantees the order (`readers.parquet.sorted_by_site`);
    the bundles and, once the iterator is exhausted, `diagnostics()` are exactly
    what `group_by_site(sites + cameras + events)` gives.

    Example:
        >>> sites, bundles, diags = group_sorted([Site("S1")], [Camera("C1", "S1")], [])
        >>> [(b.site.id, len(b.cameras)) for b in bundles], diags()
        ([('S1', 1)], [])
    """
    passed: list[Diagnostic] = []
    found: list[Diagnostic] = []
    sites = _read_sites(sites_in, passed, found)
    camera_passed: list[Diagnostic] = []
    event_passed: list[Diagnostic] = []
    orphan_cameras: list[Any] = []
    orphan_events: list[Any] = []
    done: list[bool] = []

    def bundles() -> Iterator[SiteBundle]:
        cams = _runs(cameras_in, sites, camera_passed, orphan_cameras)
        evs = _runs(events_in, sites, event_passed, orphan_events)
        next_cam = next(cams, None)
        next_ev = next(evs, None)
        for sid, site in sites.items():
            cameras: list[Camera] = []
            events: list[Event] = []
            if next_cam is not None and next_cam[0] == sid:
                cameras = _first_of_each("camera", next_cam[1], found)
                next_cam = next(cams, None)
            if next_ev is not None and next_ev[0] == sid:
                events = _first_of_each("event", next_ev[1], found)
                next_ev = next(evs, None)
            yield SiteBundle(site, tuple(cameras), sort_events(events))
        if next_cam is not None or next_ev is not None:
            msg = "cameras or events not in the order of their sites"
            raise RuntimeError(msg)
        done.append(True)

    def diagnostics() -> list[Diagnostic]:
        for orphans, rec in enumerate([*orphan_cameras, *orphan_events], start=1):
            found.append(_orphan(rec, sites if orphans <= MAX_SUGGESTIONS else {}))
        orphan_cameras.clear()
        orphan_events.clear()
        return passed + camera_passed + event_passed + sorted(found, key=Diagnostic.sort_key)

    return list(sites.values()), bundles(), diagnostics
