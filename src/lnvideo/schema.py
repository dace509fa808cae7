"""The record schema of SPEC §2, declared once.

Input: nothing (this is data). Output: `SCHEMA`, the field names and value types
of sites, cameras and events (common and per event type), and the enumerations.
The records reader validates input against it; the rule checker type-checks rule
expressions against it; the SQL compiler maps it to columns; `arrow_schema`
derives the Arrow tables from it. Add a field here and every stage sees it.

Invariants: field names are the SPEC §2 names; an event's common fields come
first, then its type's; `EVENT_TYPES` lists every type `EVENT_TYPE_FIELDS` has
(`system_stopped` has the fields of `system_changed`, SPEC §3).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs


class Type(enum.StrEnum):
    """The value types a field or an expression can have."""

    STR = "str"
    INT = "int"
    BOOL = "bool"
    DATE = "date"  # a local date in Asia/Shanghai
    INSTANT = "instant"  # an aware datetime (date-only inputs: 00:00 local)
    ENUM = "enum"  # a closed set of words
    OPEN_ENUM = "open_enum"  # known words, but any word is accepted
    STR_LIST = "list[str]"
    COUNTY = "county"  # a 6-digit administrative division code, compared as text


PLACE_CATEGORIES_BY_ITEM: dict[int, tuple[str, ...]] = {
    1: (
        "radio_station",
        "tv_station",
        "telecom",
        "postal",
        "financial",
        "museum",
        "archive",
        "exhibition_hall",
        "cultural_relic_unit",
        "hazardous_goods",
    ),
    2: ("airport", "port", "station", "large_bridge", "tunnel"),
    3: (
        "mall",
        "hotel",
        "school",
        "hospital",
        "park",
        "entertainment_venue",
        "tourist_attraction",
        "parking_lot",
    ),
    4: ("energy_facility", "water_facility", "urban_utility"),
    5: ("main_road", "traffic_intersection", "square"),
}

PLACE_CATEGORIES: tuple[str, ...] = (
    *(c for item in sorted(PLACE_CATEGORIES_BY_ITEM) for c in PLACE_CATEGORIES_BY_ITEM[item]),
    "other",
)
BUILDER_KINDS: tuple[str, ...] = ("government", "unit", "individual")
PROJECT_KINDS: tuple[str, ...] = ("new", "rebuilt", "expanded")
CAMERA_PLACES: tuple[str, ...] = (
    "hotel_room",
    "public_bath",
    "changing_room",
    "toilet",
    "student_dormitory",
)
CAMERA_CHANGE_KINDS: tuple[str, ...] = ("purpose", "position")

EVENT_TYPES: tuple[str, ...] = (
    "registration_filed",
    "system_changed",
    "change_reported",
    "footage_accessed",
    "footage_disclosed",
    "camera_changed",
    "footage_deleted",
    "suspicious_observed",
    "system_stopped",
)


@attrs.frozen
class FieldSpec:
    """One field: its name, type, the allowed words for enums, and whether required."""

    name: str
    type: Type
    values: tuple[str, ...] = ()
    required: bool = False
    doc: str = ""


def _fields(*specs: FieldSpec) -> dict[str, FieldSpec]:
    return {s.name: s for s in specs}


SITE_FIELDS: Mapping[str, FieldSpec] = _fields(
    FieldSpec("id", Type.STR, required=True),
    FieldSpec("name", Type.STR),
    FieldSpec("county_code", Type.COUNTY, doc="county-level division code (Art. 3, 12)"),
    FieldSpec("place_category", Type.ENUM, PLACE_CATEGORIES, doc="Art. 6, 7"),
    FieldSpec("designated", Type.BOOL, doc="designated place (Art. 6 item 6, last para)"),
    FieldSpec("has_system", Type.BOOL, doc="a system is installed (Art. 6)"),
    FieldSpec("builder_kind", Type.ENUM, BUILDER_KINDS, doc="Art. 7"),
    FieldSpec("national_security", Type.BOOL, doc="Art. 5 para 2"),
    FieldSpec("in_use_on", Type.DATE, doc="put into use (Art. 11, 12)"),
    FieldSpec("project_kind", Type.ENUM, PROJECT_KINDS, doc="Art. 11"),
    FieldSpec("main_project_in_use_on", Type.DATE, doc="Art. 11"),
    FieldSpec("captures_private_info", Type.BOOL, doc="Art. 8"),
    FieldSpec("privacy_safeguards", Type.STR_LIST, doc="Art. 8"),
    FieldSpec("standards", Type.STR_LIST, doc="Art. 10"),
    FieldSpec("government_invested", Type.BOOL, doc="Art. 13"),
    FieldSpec("price_marked", Type.BOOL, doc="Art. 13 para 1"),
    FieldSpec("retention_days", Type.INT, doc="Art. 14 item 7"),
    FieldSpec("training", Type.BOOL, doc="Art. 14 item 1"),
    FieldSpec("inspection_maintenance", Type.BOOL, doc="Art. 14 item 2"),
    FieldSpec("emergency_response", Type.BOOL, doc="Art. 14 item 2"),
    FieldSpec("duty_monitoring", Type.BOOL, doc="Art. 14 item 3"),
    FieldSpec("access_log", Type.BOOL, doc="Art. 14 item 4"),
    FieldSpec("om_outsourced", Type.BOOL, doc="Art. 14 last para"),
    FieldSpec("om_contract_security_terms", Type.BOOL, doc="Art. 14 last para"),
)

CAMERA_FIELDS: Mapping[str, FieldSpec] = _fields(
    FieldSpec("id", Type.STR, required=True),
    FieldSpec("site", Type.STR, required=True),
    FieldSpec("place", Type.OPEN_ENUM, CAMERA_PLACES, doc="Art. 9"),
    FieldSpec("private_area", Type.BOOL, doc="Art. 9 'and other places'"),
)

EVENT_COMMON_FIELDS: Mapping[str, FieldSpec] = _fields(
    FieldSpec("id", Type.STR),
    FieldSpec("site", Type.STR, required=True),
    FieldSpec("type", Type.ENUM, EVENT_TYPES, required=True),
    FieldSpec("on", Type.DATE, required=True, doc="local date; `on_at` holds the instant"),
)

#: Extra fields per event type. A field name may mean different things per type
#: (`change` is a `system_changed` id on `change_reported`, a kind on `camera_changed`).
EVENT_TYPE_FIELDS: Mapping[str, Mapping[str, FieldSpec]] = {
    "registration_filed": _fields(FieldSpec("authority", Type.COUNTY)),
    "system_changed": _fields(),
    "change_reported": _fields(FieldSpec("change", Type.STR), FieldSpec("authority", Type.COUNTY)),
    "footage_accessed": _fields(FieldSpec("by", Type.STR), FieldSpec("purpose", Type.STR)),
    "footage_disclosed": _fields(FieldSpec("to", Type.STR), FieldSpec("authorized", Type.BOOL)),
    "camera_changed": _fields(
        FieldSpec("camera", Type.STR),
        FieldSpec("change", Type.ENUM, CAMERA_CHANGE_KINDS),
        FieldSpec("authorized", Type.BOOL),
    ),
    "footage_deleted": _fields(
        FieldSpec("recorded_on", Type.DATE), FieldSpec("important", Type.BOOL)
    ),
    "suspicious_observed": _fields(FieldSpec("reported_on", Type.INSTANT)),
    # SPEC §3: stopping a system is a change too, with the fields of `system_changed`.
    "system_stopped": _fields(),
}

#: Attribute names on `records.Event`: `on` is the local date, `on_at` the instant.
#: Fields shared by several types with different types are stored as given.
EVENT_ATTRIBUTES: tuple[str, ...] = (
    "id",
    "site",
    "type",
    "on",
    "on_at",
    "authority",
    "change",
    "by",
    "purpose",
    "to",
    "authorized",
    "camera",
    "recorded_on",
    "important",
    "reported_on",
)

RECORD_KINDS: tuple[str, ...] = ("site", "camera", "event")


def event_fields(event_type: str) -> dict[str, FieldSpec]:
    """All fields of an event of `event_type`: the common ones plus its own."""
    out = dict(EVENT_COMMON_FIELDS)
    out.update(EVENT_TYPE_FIELDS[event_type])
    return out


def all_event_field_names() -> set[str]:
    names = set(EVENT_COMMON_FIELDS)
    for fields in EVENT_TYPE_FIELDS.values():
        names.update(fields)
    return names
