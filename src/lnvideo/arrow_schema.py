"""The record and finding schemas as Arrow schemas (the `bulk` extra: pyarrow).

Input: `lnvideo.schema` (the SPEC §2 fields and types) and
`lnvideo.findings.FINDING_COLUMNS`. Output: `SITE_SCHEMA`, `CAMERA_SCHEMA`,
`EVENT_SCHEMA` (the canonical Parquet tables that `synth` writes and the SQL
engines read from JSONL input) and `FINDINGS_SCHEMA` (the findings table of
`--output findings.parquet`).

Invariants: derived from `lnvideo.schema`, so a new field shows up here too;
instants are `timestamp[us, tz=Asia/Shanghai]`; an event's `on` column holds the
instant (its local date is the record's `on`); a field is non-nullable exactly
when the schema marks it required; finding dates are `date32`, the rest strings.

Example:
    >>> SITE_SCHEMA.field("id").nullable, str(EVENT_SCHEMA.field("on").type)
    (False, 'timestamp[us, tz=Asia/Shanghai]')
    >>> FINDINGS_SCHEMA.names[:3]
    ['rule', 'article', 'subject_kind']
"""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa

from lnvideo import schema
from lnvideo.clock import TZ_NAME
from lnvideo.findings import FINDING_COLUMNS

__all__ = [
    "ARROW_TYPES",
    "CAMERA_SCHEMA",
    "EVENT_SCHEMA",
    "FINDINGS_SCHEMA",
    "SITE_SCHEMA",
    "TABLE_SCHEMAS",
    "TIMESTAMP",
]

TIMESTAMP = pa.timestamp("us", tz=TZ_NAME)
ARROW_TYPES: Mapping[schema.Type, pa.DataType] = {
    schema.Type.STR: pa.string(),
    schema.Type.ENUM: pa.string(),
    schema.Type.OPEN_ENUM: pa.string(),
    schema.Type.COUNTY: pa.string(),
    schema.Type.INT: pa.int64(),
    schema.Type.BOOL: pa.bool_(),
    schema.Type.DATE: pa.date32(),
    schema.Type.INSTANT: TIMESTAMP,
    schema.Type.STR_LIST: pa.list_(pa.string()),
}


def record_schema(fields: Mapping[str, schema.FieldSpec]) -> pa.Schema:
    """The Arrow schema of a record kind's fields, in schema order."""
    return pa.schema(
        [pa.field(n, ARROW_TYPES[f.type], nullable=not f.required) for n, f in fields.items()]
    )


def event_schema() -> pa.Schema:
    """One table for every event type: the common columns, then each attribute once."""
    types: dict[str, pa.DataType] = {}
    for fields in schema.EVENT_TYPE_FIELDS.values():
        for name, f in fields.items():
            types.setdefault(name, ARROW_TYPES[f.type])
    out = [
        pa.field("id", pa.string()),
        pa.field("site", pa.string(), nullable=False),
        pa.field("type", pa.string(), nullable=False),
        pa.field("on", TIMESTAMP, nullable=False),  # the instant; its local date is `on`
    ]
    order = [a for a in schema.EVENT_ATTRIBUTES if a in types]
    out += [pa.field(n, types[n]) for n in order]
    return pa.schema(out)


def findings_schema() -> pa.Schema:
    """The findings table: `FINDING_COLUMNS`, dates as `date32`, the rest strings."""
    types = {"due": pa.date32(), "fulfilled_on": pa.date32()}
    return pa.schema([(name, types.get(name, pa.string())) for name in FINDING_COLUMNS])


SITE_SCHEMA: pa.Schema = record_schema(schema.SITE_FIELDS)


def site_schema() -> pa.Schema:
    """The site table's schema with the site fields the loaded packs declare (SPEC §8)."""
    fields = schema.vocabulary().fields
    if not fields:
        return SITE_SCHEMA
    return record_schema(schema.site_fields())


CAMERA_SCHEMA: pa.Schema = record_schema(schema.CAMERA_FIELDS)
EVENT_SCHEMA: pa.Schema = event_schema()
FINDINGS_SCHEMA: pa.Schema = findings_schema()
#: file name of each record table of a Parquet directory -> its schema.
TABLE_SCHEMAS: Mapping[str, pa.Schema] = {
    "sites.parquet": SITE_SCHEMA,
    "cameras.parquet": CAMERA_SCHEMA,
    "events.parquet": EVENT_SCHEMA,
}
