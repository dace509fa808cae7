"""Site, Camera and Event records (SPEC §2) as frozen attrs classes.

Input: validated field values (see `lnvideo.readers` for JSONL / Parquet).
Output: immutable records the evaluators read by attribute.
Invariants: dates are `datetime.date` local dates in Asia/Shanghai; instants are
aware `datetime` in Asia/Shanghai; lists are tuples; unknown input fields are kept
in `extra`; `origin` (file and line) never takes part in equality.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from lnvideo.source import Span


@attrs.frozen(slots=True)
class Site:
    """A place with (or required to have) a video system: its facts, all optional but `id`.

    Absent facts are None and make the findings that need them `unknown`.

    Example:
        >>> import datetime as dt, lnvideo
        >>> site = Site(id="S1", county_code="210102", has_system=True, in_use_on=dt.date(2026, 9, 5))
        >>> lnvideo.load_rules().check_site(site, as_of=dt.date(2026, 10, 9)).finding("LN-12.1a", "S1").status.value
        'violated'
    """

    id: str
    name: str | None = None
    county_code: str | None = None
    place_category: str | None = None
    designated: bool | None = None
    has_system: bool | None = None
    builder_kind: str | None = None
    national_security: bool | None = None
    in_use_on: dt.date | None = None
    project_kind: str | None = None
    main_project_in_use_on: dt.date | None = None
    captures_private_info: bool | None = None
    privacy_safeguards: tuple[str, ...] | None = None
    standards: tuple[str, ...] | None = None
    government_invested: bool | None = None
    price_marked: bool | None = None
    retention_days: int | None = None
    training: bool | None = None
    inspection_maintenance: bool | None = None
    emergency_response: bool | None = None
    duty_monitoring: bool | None = None
    access_log: bool | None = None
    om_outsourced: bool | None = None
    om_contract_security_terms: bool | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
    origin: Span | None = attrs.field(default=None, eq=False, repr=False)

    kind = "site"


@attrs.frozen(slots=True)
class Camera:
    """One camera of a site: where it points (`place`) and whether it sees a private area.

    Example:
        >>> import datetime as dt, lnvideo
        >>> site = Site(id="S1", county_code="210102", has_system=True)
        >>> cam = Camera(id="C1", site="S1", place="toilet")
        >>> report = lnvideo.load_rules().check_site(site, [cam], as_of=dt.date(2026, 10, 9))
        >>> report.finding("LN-9", "C1").status.value
        'violated'
    """

    id: str
    site: str
    place: str | None = None
    private_area: bool | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
    origin: Span | None = attrs.field(default=None, eq=False, repr=False)

    kind = "camera"


@attrs.frozen(slots=True)
class Event:
    """Something that happened at a site on a day (`on`, and the instant `on_at` if known).

    `type` is one of `schema.EVENT_TYPES`; the other fields are those of its type.

    Example:
        >>> import datetime as dt, lnvideo
        >>> site = Site(id="S1", county_code="210102", has_system=True, in_use_on=dt.date(2026, 9, 5))
        >>> filed = Event(site="S1", type="registration_filed", on=dt.date(2026, 9, 20),
        ...               authority="210102")
        >>> report = lnvideo.load_rules().check_site(site, events=[filed], as_of=dt.date(2026, 10, 9))
        >>> report.finding("LN-12.1a", "S1").status.value
        'satisfied'
    """

    site: str
    type: str
    on: dt.date
    on_at: dt.datetime | None = None  # the instant; None when only a date was given
    id: str | None = None
    authority: str | None = None
    change: str | None = None
    by: str | None = None
    purpose: str | None = None
    to: str | None = None
    authorized: bool | None = None
    camera: str | None = None
    recorded_on: dt.date | None = None
    important: bool | None = None
    reported_on: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
    origin: Span | None = attrs.field(default=None, eq=False, repr=False)

    kind = "event"


Record = Site | Camera | Event
