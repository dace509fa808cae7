"""Seeded generators of hostile inputs: mutated JSON Lines, Parquet directories, rule files, payloads.

Input: a kind and a seed. Output: a `Case` (files to write, the CLI arguments to run,
and the ids of the valid sites the mutation left untouched). Every case is a pure
function of ``(kind, seed)``; nothing here reads the clock or the environment.

The generators do not use the code under test (no reader, no date parser, no schema from
`lnvideo`), so the same seed writes the same bytes against any version of the tool: that
is what lets one run be compared with another (`python -m tests.fuzz` on an old commit).
The one exception is the rule file that rule cases mutate: each version's own bundled pack.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs

KINDS = ("jsonl", "parquet", "rules", "payload")
AS_OF = "2026-11-30"
SHANGHAI = ZoneInfo("Asia/Shanghai")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_instant(text: Any) -> tuple[dt.date, dt.datetime | None]:
    """ISO date or datetime -> (its Asia/Shanghai local date, the instant or None for a date).

    The generators' own reading (not `lnvideo.dates`): it only decides which column type a
    Parquet case writes. Raises ValueError for anything else.
    """
    if not isinstance(text, str):
        msg = "not text"
        raise ValueError(msg)
    if _DATE.fullmatch(text):
        return dt.date.fromisoformat(text), None
    at = dt.datetime.fromisoformat(text)
    if at.tzinfo is None:
        at = at.replace(tzinfo=SHANGHAI)
    try:
        local = at.astimezone(SHANGHAI)
    except (OverflowError, ValueError) as exc:
        raise ValueError(str(exc)) from exc
    return local.date(), local


@attrs.frozen
class Case:
    """One input: files (relative name -> bytes or a writer), how to run it, what must survive."""

    kind: str
    seed: int
    what: str  # the mutations applied, for the report
    files: dict[str, Any]  # name -> bytes, or a callable(path) that writes it
    data: str  # the input argument (a file or a directory name), "" for lint-only cases
    rules: str = ""  # a rule file to pass with --rules, "" for the bundled pack
    untouched: tuple[str, ...] = ()  # valid sites whose findings must not change
    records: tuple[dict[str, Any], ...] = ()  # the clean records (for "checked alone")
    fmt: str = "json"  # the output format of `check`


# --------------------------------------------------------------------------- records


def base_records(rng: random.Random) -> list[dict[str, Any]]:
    """A small valid data set: 2-4 sites, each with cameras and a few events."""
    out: list[dict[str, Any]] = []
    for s in range(1, rng.randint(2, 4) + 1):
        sid = f"S{s}"
        out.append(
            {
                "kind": "site",
                "id": sid,
                "county_code": rng.choice(["210102", "210202", "210302"]),
                "place_category": rng.choice(["hotel", "school", "square", "mall", "other"]),
                "has_system": True,
                "in_use_on": f"2026-0{rng.randint(1, 9)}-{rng.randint(10, 28)}",
                "retention_days": rng.choice([3, 15, 30, 90]),
                "access_log": rng.choice([True, False]),
                "captures_private_info": rng.choice([True, False]),
            }
        )
        for c in range(1, rng.randint(1, 3) + 1):
            out.append(
                {
                    "kind": "camera",
                    "id": f"C{c}",
                    "site": sid,
                    "place": rng.choice(["entrance", "toilet", "hall", "hotel_room"]),
                }
            )
        if rng.random() < 0.7:
            out.append(
                {
                    "kind": "event",
                    "site": sid,
                    "type": "registration_filed",
                    "on": f"2026-{rng.randint(1, 11):02d}-{rng.randint(10, 28)}",
                    "authority": "210102",
                }
            )
        out.append(
            {
                "kind": "event",
                "site": sid,
                "type": "footage_accessed",
                "on": f"2026-04-0{rng.randint(1, 9)}T09:00:00+08:00",
                "by": rng.choice(["officer 7", ""]),
                "purpose": "case 17",
                "id": f"A{s}",
            }
        )
        out.append(
            {
                "kind": "event",
                "site": sid,
                "type": "suspicious_observed",
                "on": "2026-03-01T20:00:00Z",
                "reported_on": rng.choice(["2026-03-02T08:00:00+08:00", "2026-03-09"]),
            }
        )
    return out


def _sites(records: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in records if r["kind"] == "site"]


#: Whole-value replacements that must be located errors (or warnings), never crashes.
HOSTILE_VALUES: tuple[Any, ...] = (
    "S\ud800",
    "\udc80x",
    "\ud83d",
    "2262-04-12T00:00:00",
    "2262-04-11",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01",
    "1899-12-31",
    "2200-12-31T23:59:59Z",
    2**63,
    -1,
    1e308,
    "",
    " ",
    "\u0000",
    "\x1b[31mred",
    [],
    {},
    None,
    True,
    "\u2028",
    "'; DROP TABLE lnv_sites_in; --",
)


def _mutate_records(
    rng: random.Random, records: list[dict[str, Any]]
) -> tuple[list[Any], set[str], list[str]]:
    """Apply 1-3 record-level mutations; return (records or raw lines, touched sites, names)."""
    recs: list[Any] = copy.deepcopy(records)
    touched: set[str] = set()
    names: list[str] = []
    sites = _sites(records)
    for _ in range(rng.randint(1, 3)):
        op = rng.choice(
            [
                "value",
                "value",
                "orphan_camera",
                "dup_key",
                "drop_field",
                "misspell",
                "other_type_field",
                "dup_site",
                "dup_camera",
                "big_number",
            ]
        )
        names.append(op)
        i = rng.randrange(len(recs))
        rec = recs[i]
        if not isinstance(rec, dict):
            continue
        owner = rec["id"] if rec.get("kind") == "site" else rec.get("site")
        if op == "value":
            field = rng.choice(sorted(k for k in rec if k != "kind"))
            rec[field] = rng.choice(HOSTILE_VALUES)
            touched.add(str(owner))
            if field in {"id", "site"}:
                touched.update(sites)  # ids move records between sites
        elif op == "orphan_camera":
            cams = [r for r in recs if isinstance(r, dict) and r.get("kind") == "camera"]
            cid = rng.choice(cams)["id"] if cams else "C1"
            where = rng.randrange(len(recs) + 1)
            recs.insert(where, {"kind": "camera", "id": cid, "site": "SX9", "place": "hall"})
        elif op == "dup_key":
            recs[i] = ("dup_key", rec)
            touched.add(str(owner))
        elif op == "drop_field":
            field = rng.choice(sorted(rec))
            del rec[field]
            touched.update(sites if field in {"id", "site", "kind"} else {str(owner)})
        elif op == "misspell":
            field = rng.choice(sorted(k for k in rec if k not in {"kind", "id", "site"}) or ["x"])
            if field in rec:
                rec[field[:-1] + "x" if len(field) > 3 else field + "x"] = rec.pop(field)
                touched.add(str(owner))
        elif op == "other_type_field":
            if rec.get("kind") == "event":
                rec["authorized" if rec["type"] != "footage_disclosed" else "by"] = True
                touched.add(str(owner))
        elif op == "dup_site":
            recs.append({"kind": "site", "id": rng.choice(sites), "county_code": "210102"})
        elif op == "dup_camera":
            cams = [r for r in recs if isinstance(r, dict) and r.get("kind") == "camera"]
            if cams:
                cam = dict(rng.choice(cams))
                recs.append(cam)
        elif op == "big_number" and rec.get("kind") == "site":
            rec["retention_days"] = rng.choice([2**63, 2**63 - 1, 2**31, 10**30])
            touched.add(str(owner))
    return recs, touched, names


def _json_line(rec: Any) -> str:
    if isinstance(rec, tuple) and rec[0] == "dup_key":
        body = json.dumps(rec[1], ensure_ascii=False)
        key = next(iter(k for k in rec[1] if k not in {"kind"}), "id")
        return body[:-1] + f', {json.dumps(key)}: "dup"' + "}"
    return json.dumps(rec, ensure_ascii=False) if _encodable(rec) else json.dumps(rec)


def _encodable(rec: Any) -> bool:
    try:
        json.dumps(rec, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _byte_mutations(rng: random.Random, data: bytes) -> tuple[bytes, set[int]]:
    """Line-preserving byte damage; the indexes of the lines damaged."""
    ops = rng.randint(0, 2)
    if not ops:
        return data, set()
    lines = data.split(b"\n")
    damaged: set[int] = set()
    for _ in range(ops):
        i = rng.randrange(len(lines))
        damaged.add(i)
        line = bytearray(lines[i])
        choice = rng.random()
        if choice < 0.3 and line:
            line[rng.randrange(len(line))] = rng.choice(b'\xff\x00\x80\xc3{}[]",:\\')
        elif choice < 0.5:
            line = line[: rng.randrange(len(line) + 1)]
        elif choice < 0.7:
            line += rng.choice([b"\r", b"\x0b", b" \xef\xbb\xbf", b"\x85"])
        else:
            line = bytearray(b'{"kind": "site", "id": "S\\ud800"}')
        lines[i] = bytes(line)
    return b"\n".join(lines), damaged


def _owner(rec: Any) -> str | None:
    """The site a record (or a `("dup_key", record)` line) belongs to."""
    if isinstance(rec, tuple):
        rec = rec[1]
    if not isinstance(rec, dict):
        return None
    owner = rec.get("id") if rec.get("kind") == "site" else rec.get("site")
    return owner if isinstance(owner, str) else None


def jsonl_case(seed: int) -> Case:
    rng = random.Random(seed)
    records = base_records(rng)
    recs, touched, names = _mutate_records(rng, records)
    data = ("\n".join(_json_line(r) for r in recs) + "\n").encode("utf-8", "surrogatepass")
    data, damaged = _byte_mutations(rng, data)
    # A damaged line loses (or changes) its own record, so its site's findings may change;
    # every other site must come through unchanged.
    for i in damaged:
        owner = _owner(recs[i]) if i < len(recs) else None
        touched.add(str(owner))
    untouched = tuple(s for s in _sites(records) if s not in touched)
    return Case(
        "jsonl",
        seed,
        "+".join(names) + ("+bytes" if damaged else ""),
        {"data.jsonl": data},
        "data.jsonl",
        untouched=untouched,
        records=tuple(records),
    )


# --------------------------------------------------------------------------- parquet


def parquet_case(seed: int) -> Case:
    rng = random.Random(seed)
    records = base_records(rng)
    recs, touched, names = _mutate_records(rng, records)
    recs = [r[1] if isinstance(r, tuple) else r for r in recs]
    ops = [rng.choice(PARQUET_OPS) for _ in range(rng.randint(0, 2))]
    names += [op.__name__.lstrip("_") for op in ops]
    for op in ops:
        touched |= op_touches(op, records)
    if {"value", "big_number"} & set(names):
        # One odd value changes the type of the whole column, so every row of it.
        touched |= set(_sites(records))

    def write(directory: Path) -> None:
        tables = _tables(recs)
        for op in ops:
            op(rng_for(seed, op.__name__), tables)
        for name, table in tables.items():
            if table is None:
                continue
            _write_table(table, directory / f"{name}.parquet")
        for op in ops:
            if op is _corrupt:
                _corrupt_file(random.Random(seed), directory)

    untouched = tuple(s for s in _sites(records) if s not in touched)
    return Case(
        "parquet",
        seed,
        "+".join(names),
        {"data": write},
        "data",
        untouched=untouched,
        records=tuple(records),
    )


def rng_for(seed: int, name: str) -> random.Random:
    return random.Random(f"{seed}:{name}")


#: The column types a Parquet export uses for the fields the generators write (SPEC §2);
#: any other field is written with the type pyarrow infers.
_TYPES = {
    "site": {
        "in_use_on": "date",
        "main_project_in_use_on": "date",
        "retention_days": "int64",
        "has_system": "bool",
        "access_log": "bool",
        "captures_private_info": "bool",
        "designated": "bool",
        "national_security": "bool",
    },
    "camera": {"private_area": "bool"},
    "event": {
        "on": "timestamp",
        "reported_on": "timestamp",
        "recorded_on": "date",
        "authorized": "bool",
        "important": "bool",
    },
}


def _schema(kind: str) -> dict[str, Any]:
    import pyarrow as pa

    types = {
        "date": pa.date32(),
        "timestamp": pa.timestamp("us", tz="Asia/Shanghai"),
        "int64": pa.int64(),
        "bool": pa.bool_(),
    }
    return {k: types[v] for k, v in _TYPES[kind].items()}


def _tables(recs: list[dict[str, Any]]) -> dict[str, Any]:
    import pyarrow as pa

    out: dict[str, Any] = {}
    for name, kind in (("sites", "site"), ("cameras", "camera"), ("events", "event")):
        sch = _schema(kind)
        rows = [
            {k: v for k, v in r.items() if k != "kind"}
            for r in recs
            if isinstance(r, dict) and r.get("kind") == kind
        ]
        cols: dict[str, list[Any]] = {}
        for i, row in enumerate(rows):
            for k, v in row.items():
                cols.setdefault(k, [None] * len(rows))[i] = v
        arrays: dict[str, Any] = {}
        for k, values in cols.items():
            arrays[k] = _array(values, sch.get(k, pa.string() if k in _TEXT else None))
        out[name] = pa.table(arrays) if arrays else pa.table({"id": pa.array([], pa.string())})
    return out


#: Text columns (typed so that a column of nulls is still a string column).
_TEXT = frozenset(
    {"id", "site", "name", "county_code", "place_category", "place", "type", "authority", "by"}
    | {"purpose", "to", "camera", "change"}
)


def _typed_dates(values: list[Any], want: Any) -> list[Any] | None:
    """ISO text as dates or aware datetimes for a date/timestamp column; None if any is not."""
    out: list[Any] = []
    for v in values:
        if v is None:
            out.append(None)
            continue
        if not isinstance(v, str):
            return None
        try:
            day, at = parse_instant(v)
        except ValueError:
            return None
        if at is None:
            at = dt.datetime(
                day.year, day.month, day.day, tzinfo=dt.timezone(dt.timedelta(hours=8))
            )
        out.append(day if str(want).startswith("date") else at)
    return out


def _array(values: list[Any], want: Any) -> Any:
    import pyarrow as pa

    if want is not None and (pa.types.is_timestamp(want) or pa.types.is_date(want)):
        typed = _typed_dates(values, want)
        if typed is not None:
            try:
                return pa.array(typed, want)
            except (pa.ArrowException, ValueError, OverflowError, TypeError):
                pass
    if want is not None and not pa.types.is_timestamp(want) and not pa.types.is_date(want):
        try:
            return pa.array(values, want)
        except (pa.ArrowException, ValueError, OverflowError, TypeError):
            pass
    if all(v is None or isinstance(v, str) for v in values):
        return pa.array(
            [
                v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") if v else v
                for v in values
            ],
            pa.string(),
        )
    try:
        return pa.array(values)
    except (pa.ArrowException, ValueError, OverflowError, TypeError):
        return pa.array([None if v is None else json.dumps(v) for v in values], pa.string())


def _write_table(table: Any, file: Path) -> None:
    import pyarrow.parquet as pq

    pq.write_table(table, file)


def _drop_events(rng: random.Random, tables: dict[str, Any]) -> None:
    tables["events"] = None


def _drop_cameras(rng: random.Random, tables: dict[str, Any]) -> None:
    tables["cameras"] = None


def _on_instants(ev: Any, day_zone: dt.tzinfo | None) -> list[Any] | None:
    """The events' `on` as datetimes (a bare date: its midnight in `day_zone`, naive when
    None; unreadable text: None); None when the column is already out of any calendar (an
    earlier operation), which the caller then leaves as it is."""
    try:
        column = ev.column("on").to_pylist()
    except OverflowError:
        return None
    values: list[Any] = []
    for v in column:
        if isinstance(v, dt.datetime):
            values.append(v)
            continue
        try:
            day, at = parse_instant(v)
        except (ValueError, TypeError):
            values.append(None)
            continue
        values.append(at or dt.datetime(day.year, day.month, day.day, tzinfo=day_zone))
    return values


def _ns_timestamps(rng: random.Random, tables: dict[str, Any]) -> None:
    """`on` as timestamp[ns], naive or zoned (what pandas writes by default)."""
    import pyarrow as pa

    ev = tables.get("events")
    if ev is None or "on" not in ev.column_names:
        return
    values = _on_instants(ev, None)
    if values is None:
        return
    zoned = rng.random() < 0.5
    typ = pa.timestamp("ns", tz="UTC" if zoned else None)
    if zoned:
        arr = pa.array(
            [v if v is None or v.tzinfo else v.replace(tzinfo=SHANGHAI) for v in values],
            pa.timestamp("us", tz="UTC"),
        ).cast(typ)
    else:
        arr = pa.array(
            [v.replace(tzinfo=None) if v is not None else None for v in values], pa.timestamp("us")
        ).cast(typ)
    tables["events"] = ev.set_column(ev.column_names.index("on"), "on", arr)


def _out_of_range_ts(rng: random.Random, tables: dict[str, Any]) -> None:
    """One event's `on` far outside any calendar (year 1 or 9999, or beyond Python's range)."""
    import pyarrow as pa

    ev = tables.get("events")
    if ev is None or "on" not in ev.column_names or not ev.num_rows:
        return
    values = _on_instants(ev, dt.UTC)
    if values is None:
        return
    us = [None if v is None else int(v.timestamp() * 1_000_000) for v in values]
    i = rng.randrange(len(us))
    us[i] = rng.choice(
        [-62135596800 * 10**6 - 10**12, 253402300800 * 10**6 + 10**12, 2**62, -(2**62)]
    )
    arr = pa.array(us, pa.int64()).cast(pa.timestamp("us", tz="UTC"))
    tables["events"] = ev.set_column(ev.column_names.index("on"), "on", arr)


def _dup_column(rng: random.Random, tables: dict[str, Any]) -> None:
    import pyarrow as pa

    name = rng.choice(["sites", "cameras"])
    t = tables.get(name)
    if t is None or not t.num_rows:
        return
    col = "place" if name == "cameras" and "place" in t.column_names else "id"
    if col not in t.column_names:
        return
    values = pa.array(
        [f"other{i}" for i in range(t.num_rows)], t.schema.types[t.column_names.index(col)]
    )
    tables[name] = t.append_column(col, values)


def _misspelt_column(rng: random.Random, tables: dict[str, Any]) -> None:
    import pyarrow as pa

    t = tables.get("sites")
    if t is None or "conty_code" in t.column_names:
        return
    tables["sites"] = t.append_column("conty_code", pa.array(["210102"] * t.num_rows))


def _corrupt(rng: random.Random, tables: dict[str, Any]) -> None:
    """Marker: damage a file's page bytes after writing (see `_corrupt_file`)."""


def _corrupt_file(rng: random.Random, directory: Path) -> None:
    files = sorted(directory.glob("*.parquet"))
    if not files:
        return
    f = rng.choice(files)
    data = bytearray(f.read_bytes())
    # Keep the magic number and the footer; damage the page data in between.
    lo, hi = 4, max(5, len(data) - 8 - int.from_bytes(data[-8:-4], "little"))
    for _ in range(rng.randint(1, 8)):
        if hi > lo:
            data[rng.randrange(lo, hi)] = rng.randrange(256)
    f.write_bytes(bytes(data))


PARQUET_OPS: tuple[Callable[[random.Random, dict[str, Any]], None], ...] = (
    _drop_events,
    _drop_cameras,
    _ns_timestamps,
    _out_of_range_ts,
    _dup_column,
    _misspelt_column,
    _corrupt,
)


def op_touches(op: Callable[..., None], records: list[dict[str, Any]]) -> set[str]:
    """Which sites an operation may legitimately change the findings of."""
    if op in (_misspelt_column, _ns_timestamps):
        return set()
    return set(_sites(records))


# --------------------------------------------------------------------------- rules

_BUNDLED: list[str] = []


def bundled_rules() -> str:
    if not _BUNDLED:
        try:
            from lnvideo.api import bundled_pack_dir
        except ImportError:  # older versions kept it in lnvideo.resources
            from lnvideo.resources import bundled_pack_dir

        _BUNDLED.append((Path(bundled_pack_dir()) / "measures.lnv").read_text(encoding="utf-8"))
    return _BUNDLED[0]


HUGE_DURATIONS = (
    "3000000 days",
    "2147483648 days",
    "100000000000 hours",
    "100000 years",
    "99999999 months",
    "999999999999999 working days",
    "0 days",
    "10000 years",
)


def rules_case(seed: int) -> Case:
    rng = random.Random(seed)
    text = bundled_rules()
    names: list[str] = []
    for _ in range(rng.randint(1, 3)):
        op = rng.choice(["duration", "duration", "vt", "bytes", "delete", "nonutf8", "control"])
        names.append(op)
        if op == "duration":
            for old in ("15 days", "30 days", "1 year", "24 hours", "3 working days"):
                if old in text and rng.random() < 0.5:
                    text = text.replace(f"= {old}", f"= {rng.choice(HUGE_DURATIONS)}", 1)
        elif op == "vt":
            at = rng.randrange(len(text))
            nl = text.rfind("\n", 0, at)
            text = (
                text[: nl + 1]
                + "# "
                + rng.choice(["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
                + " x\n"
                + text[nl + 1 :]
            )
        elif op == "delete":
            at = rng.randrange(len(text))
            text = text[:at] + text[at + rng.randint(1, 40) :]
        elif op == "control":
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice(["\x00", "\x1b[2J", "\ufeff", "\ud800"]) + text[at:]
    data = text.encode("utf-8", "surrogatepass")
    if "bytes" in names or "nonutf8" in names:
        buf = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            buf[rng.randrange(len(buf))] = rng.choice(b'\xff\xfe\x80{}()"=#\n')
        data = bytes(buf)
    return Case(
        "rules",
        seed,
        "+".join(names),
        {"rules.lnv": data, "data.jsonl": _good_jsonl()},
        "data.jsonl",
        rules="rules.lnv",
    )


def _good_jsonl() -> bytes:
    recs = base_records(random.Random(0))
    return ("\n".join(json.dumps(r) for r in recs) + "\n").encode()


# --------------------------------------------------------------------------- payloads

PAYLOADS = (
    "'; DROP TABLE lnv_sites_in; --",
    '" OR 1=1 --',
    '=HYPERLINK("http://x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\x1b[31m\x1b]0;pwned\x07",
    "\u0000\u0001\u001f",
    "\ufffe\uffff",
    "<script>alert(1)</script>",
    "]]></failure><x>",
    "${jndi:ldap://x}",
    "%s%s%n",
    "../../etc/passwd",
    "\u202egnp.exe",
    "S\ud800",
    "\udc80",
    "a" * 5000,
)


def payload_case(seed: int) -> Case:
    rng = random.Random(seed)
    records = base_records(rng)
    recs = copy.deepcopy(records)
    payload = rng.choice(PAYLOADS)
    target = rng.choice(["id", "site_id", "camera", "by", "name"])
    if target in {"id", "site_id"}:
        old = recs[0]["id"]
        for r in recs:
            if r.get("id") == old and r["kind"] == "site":
                r["id"] = payload
            if r.get("site") == old:
                r["site"] = payload
    elif target == "camera":
        for r in recs:
            if r["kind"] == "camera":
                r["id"] = payload
                break
    elif target == "by":
        for r in recs:
            if r.get("type") == "footage_accessed":
                r["by"] = payload
    else:
        recs[0]["name"] = payload
    fmt = rng.choice(["text", "json", "sarif", "junit", "csv"])
    data = ("\n".join(json.dumps(r) for r in recs) + "\n").encode()
    # The payload lands in the first site (or, for `by`, in every site's access log).
    untouched = () if target == "by" else tuple(_sites(records)[1:])
    return Case(
        "payload",
        seed,
        f"{target}:{fmt}",
        {"data.jsonl": data},
        "data.jsonl",
        untouched=untouched,
        records=tuple(records),
        fmt=fmt,
    )


GENERATORS: dict[str, Callable[[int], Case]] = {
    "jsonl": jsonl_case,
    "parquet": parquet_case,
    "rules": rules_case,
    "payload": payload_case,
}
