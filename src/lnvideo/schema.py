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

import contextlib
import contextvars
import enum
from collections.abc import Iterator, Mapping

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


# ---------------------------------------------------------------- open vocabulary (SPEC §8)
@attrs.frozen
class Vocabulary:
    """What the loaded packs add to the schema: words of the fixed sets, new site fields.

    `values` are (word, target, pack) with target `site.place_category` or
    `camera.place`; `fields` are the declared site fields (their `doc` is the
    English description). Empty: the Measures alone (the schema as declared above).
    """

    values: tuple[tuple[str, str, str], ...] = ()
    fields: tuple[FieldSpec, ...] = ()
    #: word -> {"en": …, "zh": …} descriptions of each declared word and field
    texts: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    def words(self, target: str) -> tuple[str, ...]:
        return tuple(w for w, t, _ in self.values if t == target)

    def text(self, name: str, lang: str = "en") -> str:
        for key, items in self.texts:
            if key == name:
                d = dict(items)
                return d.get(lang) or d.get("en", "")
        return ""


EMPTY_VOCABULARY = Vocabulary()

_TYPE_WORDS: Mapping[str, Type] = {
    "bool": Type.BOOL,
    "int": Type.INT,
    "str": Type.STR,
    "date": Type.DATE,
    "list[str]": Type.STR_LIST,
}


def declared_type(word: str) -> Type:
    """The schema type of a `field … is TYPE` declaration."""
    return _TYPE_WORDS[word]


_VOCABULARY: contextvars.ContextVar[Vocabulary] = contextvars.ContextVar(
    "lnvideo_vocabulary", default=EMPTY_VOCABULARY
)


def vocabulary() -> Vocabulary:
    """The vocabulary of the rules in use (set with `using`); empty outside a check."""
    return _VOCABULARY.get()


@contextlib.contextmanager
def using(vocab: Vocabulary | None) -> Iterator[Vocabulary]:
    """Make `vocab` the vocabulary the checker and the readers see, for a `with` block."""
    token = _VOCABULARY.set(vocab or EMPTY_VOCABULARY)
    try:
        yield vocab or EMPTY_VOCABULARY
    finally:
        _VOCABULARY.reset(token)


def site_fields(vocab: Vocabulary | None = None) -> dict[str, FieldSpec]:
    """The site fields: the schema's, with the declared place categories and site fields.

    Example:
        >>> v = Vocabulary((("pawnshop", "site.place_category", "t"),), (FieldSpec("signage", Type.BOOL),))
        >>> "pawnshop" in site_fields(v)["place_category"].values, "signage" in site_fields(v)
        (True, True)
    """
    v = vocab if vocab is not None else vocabulary()
    out = _with_words(SITE_FIELDS, "place_category", v.words("site.place_category"))
    for f in v.fields:
        out.setdefault(f.name, f)
    return out


def camera_fields(vocab: Vocabulary | None = None) -> dict[str, FieldSpec]:
    v = vocab if vocab is not None else vocabulary()
    return _with_words(CAMERA_FIELDS, "place", v.words("camera.place"))


def _with_words(
    fields: Mapping[str, FieldSpec], name: str, extra: tuple[str, ...]
) -> dict[str, FieldSpec]:
    """A copy of `fields` whose field `name` also allows the declared words `extra`."""
    out = dict(fields)
    if extra:
        spec = out[name]
        out[name] = attrs.evolve(spec, values=(*spec.values, *extra))
    return out
