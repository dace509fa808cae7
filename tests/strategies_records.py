"""Hypothesis strategies for valid input records (Site, Camera, Event) and their parts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from lnvideo.dates import local_instant
from lnvideo.records import Camera, Event, Site
from lnvideo.schema import (
    CAMERA_FIELDS,
    EVENT_TYPE_FIELDS,
    EVENT_TYPES,
    SITE_FIELDS,
    FieldSpec,
    Type,
)

#: Keep inside the accepted range even after a ±14 h offset moves the local date.
MIN_DAY = dt.date(1901, 1, 1)
MAX_DAY = dt.date(2199, 12, 31)

local_dates = st.dates(min_value=MIN_DAY, max_value=MAX_DAY)

fixed_offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)

#: Aware datetimes with whole-minute offsets (what ISO 8601 text can carry).
aware_datetimes = st.builds(
    lambda naive, tz: naive.replace(tzinfo=tz),
    st.datetimes(min_value=dt.datetime(1901, 1, 2), max_value=dt.datetime(2199, 12, 30)),
    fixed_offsets,
)

instants = aware_datetimes.map(local_instant)

ids = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=20
).filter(lambda s: s.strip() != "")
words = st.text(max_size=20)
county_codes = st.from_regex(r"\A[0-9]{6}\Z")


def value_for(spec: FieldSpec) -> st.SearchStrategy[Any]:
    """A valid value of a schema field, as the record class holds it."""
    table: dict[Type, st.SearchStrategy[Any]] = {
        Type.STR: ids if spec.required else words,
        Type.INT: st.integers(min_value=0, max_value=2**63 - 1),
        Type.BOOL: st.booleans(),
        Type.DATE: local_dates,
        Type.INSTANT: instants,
        Type.ENUM: st.sampled_from(spec.values) if spec.values else words,
        Type.OPEN_ENUM: st.one_of(st.sampled_from(spec.values), words),
        Type.STR_LIST: st.lists(words, max_size=3).map(tuple),
        Type.COUNTY: county_codes,
    }
    return table[spec.type]


def _optional_fields(specs: dict[str, FieldSpec], skip: set[str]) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {},
        optional={n: value_for(s) for n, s in specs.items() if n not in skip},
    )


extra_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | words,
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=5,
).filter(lambda v: v is not None)
extras = st.dictionaries(st.sampled_from(["note", "source_system", "x_vendor"]), extra_values)


@st.composite
def sites(draw: st.DrawFn) -> Site:
    fields = draw(_optional_fields(dict(SITE_FIELDS), {"id"}))
    return Site(id=draw(ids), **fields, extra=draw(extras))


@st.composite
def cameras(draw: st.DrawFn, site: str | None = None) -> Camera:
    fields = draw(_optional_fields(dict(CAMERA_FIELDS), {"id", "site"}))
    return Camera(id=draw(ids), site=site or draw(ids), **fields, extra=draw(extras))


@st.composite
def events(draw: st.DrawFn, site: str | None = None) -> Event:
    etype = draw(st.sampled_from(EVENT_TYPES))
    fields = draw(_optional_fields(dict(EVENT_TYPE_FIELDS[etype]), set()))
    on_at: dt.datetime | None = draw(st.none() | instants)
    on = on_at.date() if on_at is not None else draw(local_dates)
    event_id = draw(st.none() | ids)
    return Event(
        site=site or draw(ids),
        type=etype,
        on=on,
        on_at=on_at,
        id=event_id,
        **fields,
        extra=draw(extras),
    )


records = st.one_of(sites(), cameras(), events())
