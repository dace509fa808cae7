"""Expression types for the checker and the compilers.

Input: IR expressions (names resolved) and the subject they are evaluated on.
Output: a `Ty` per node. One table says what each field of each root has.
"""

from __future__ import annotations

import attrs

from lnvideo import schema
from lnvideo.schema import FieldSpec, Type


@attrs.frozen
class Ty:
    """A value type: a schema `Type`, or one of the rule language's own kinds."""

    name: str  # a schema.Type value, or "duration", "set", "bool", "int", "any"
    values: tuple[str, ...] = ()  # allowed words for enums
    elem: str | None = None  # element type name for sets

    def __str__(self) -> str:
        return {
            "str": "text",
            "county": "county code",
            "int": "number",
            "bool": "true/false",
            "date": "date",
            "instant": "date and time",
            "enum": "one of a fixed set of words",
            "open_enum": "word",
            "list[str]": "list of text",
            "set": "set",
            "duration": "duration",
            "any": "value",
        }.get(self.name, self.name)


BOOL = Ty("bool")
INT = Ty("int")
DATE = Ty("date")
STR = Ty("str")
ANY = Ty("any")

TEXTUAL = {"str", "county", "enum", "open_enum"}
TEMPORAL = {"date", "instant"}


def of_spec(spec: FieldSpec) -> Ty:
    return Ty(spec.type.value, spec.values)


def fields_of(root_kind: str, event_type: str | None) -> dict[str, FieldSpec]:
    """The fields a path root can reach: a site, a camera, or an event of a type."""
    if root_kind == "site":
        return schema.site_fields()
    if root_kind == "camera":
        return schema.camera_fields()
    if event_type is None:
        return dict(schema.EVENT_COMMON_FIELDS)
    return schema.event_fields(event_type)


def comparable(a: Ty, b: Ty) -> bool:
    if a.name == "any" or b.name == "any":
        return True
    if a.name in TEXTUAL and b.name in TEXTUAL:
        return True
    if a.name in TEMPORAL and b.name in TEMPORAL:
        return True
    return a.name == b.name


def is_temporal(t: Ty) -> bool:
    return t.name in TEMPORAL or t.name == "any"


__all__ = ["ANY", "BOOL", "DATE", "INT", "STR", "Ty", "Type", "comparable", "fields_of", "of_spec"]
