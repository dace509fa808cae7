"""Records -> canonical JSON Lines text (the inverse of `read_jsonl`).

Input: `Site`, `Camera` and `Event` records. Output: one JSON object per line:
``kind`` first, then the schema fields that are set, in schema order, then the
``extra`` fields. Dates are ``YYYY-MM-DD``; instants are ISO datetimes in
Asia/Shanghai with their offset (``+08:00``); an event's ``on`` is written as
its instant when it has one. Reading the output back gives equal records.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

from lnvideo.dates import format_instant
from lnvideo.records import Camera, Event, Record, Site
from lnvideo.schema import (
    CAMERA_FIELDS,
    EVENT_COMMON_FIELDS,
    EVENT_TYPE_FIELDS,
    SITE_FIELDS,
)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return format_instant(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return _plain(value)
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return str(value)


def record_to_json(record: Record) -> dict[str, Any]:
    """The canonical JSON object of one record.

    Example:
        >>> record_to_json(Site("S1", county_code="210102"))
        {'kind': 'site', 'id': 'S1', 'county_code': '210102'}
    """
    out: dict[str, Any] = {"kind": record.kind}
    if isinstance(record, Site):
        names: Iterable[str] = SITE_FIELDS
    elif isinstance(record, Camera):
        names = CAMERA_FIELDS
    else:
        names = [*EVENT_COMMON_FIELDS, *EVENT_TYPE_FIELDS.get(record.type, {})]
    for name in names:
        value = getattr(record, name, None)
        if isinstance(record, Event) and name == "on" and record.on_at is not None:
            value = record.on_at
        if value is not None:
            out[name] = _plain(value)
    for name, value in record.extra.items():
        if name not in out and name != "kind":
            out[name] = value
    return out


def json_line(obj: Mapping[str, Any], *, compact: bool = False) -> str:
    """One JSON Lines line (without the newline) of a plain object.

    Dates and instants are written as `record_to_json` writes them; `compact`
    leaves out the spaces after separators (big files, e.g. `synth`).

    Example:
        >>> json_line({"kind": "event", "on": dt.date(2026, 1, 2)}, compact=True)
        '{"kind":"event","on":"2026-01-02"}'
    """
    separators = (",", ":") if compact else None
    return json.dumps(obj, ensure_ascii=False, default=_default, separators=separators)


def write_jsonl(records: Iterable[Record], fp: IO[str]) -> int:
    """Write records as canonical JSON Lines; return how many lines were written.

    Example:
        >>> import io
        >>> buf = io.StringIO()
        >>> write_jsonl([Site("S1")], buf)
        1
        >>> buf.getvalue()
        '{"kind": "site", "id": "S1"}\\n'
    """
    count = 0
    for record in records:
        fp.write(json_line(record_to_json(record)))
        fp.write("\n")
        count += 1
    return count
