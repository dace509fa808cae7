"""A synthetic province: sites, cameras and events with a known shape.

Input: a number of sites, a seed, and how many cameras and events a site has
on average. Output: Arrow record batches (`generate`), Parquet or JSON Lines
files (`write`), or `Site` / `Camera` / `Event` records (`generate_records`),
all with the SPEC §2 field names.

Invariants:
- Deterministic: the same arguments give the same data, on any machine with the
  same numpy. Sites are made in chunks of `CHUNK_SITES`, each from its own
  random stream seeded by `(seed, chunk number)`, so every whole chunk of a
  run is the same in any longer run with the same seed.
- Bounded memory: one chunk (about 100,000 events) is in memory at a time.
- Every camera and event belongs to a site of the same chunk, and comes after
  it in JSON Lines. Event ids are `<site id>-E<n>`; a `change_reported`
  names the id of a `system_changed` event of the same site.
- Deliberate violations and missing values come at the rates in `RATES`;
  every SPEC §3 obligation has satisfied, violated and missing-data cases, and
  about 1% of events fall after `HORIZON` (a checker run as of that day must
  ignore them).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lnvideo import schema
from lnvideo.arrow_schema import CAMERA_SCHEMA, EVENT_SCHEMA, SITE_SCHEMA, TABLE_SCHEMAS, TIMESTAMP
from lnvideo.clock import UTC_OFFSET_SECONDS
from lnvideo.counties import COUNTIES
from lnvideo.diagnostics import LnvideoError
from lnvideo.readers.to_jsonl import json_line
from lnvideo.records import Camera, Event, Site

__all__ = [
    "CAMERA_SCHEMA",
    "CHUNK_SITES",
    "EVENT_SCHEMA",
    "FORMATS",
    "HORIZON",
    "OUTSIDE_COUNTIES",
    "RATES",
    "SITE_SCHEMA",
    "Summary",
    "generate",
    "generate_records",
    "write",
]

CHUNK_SITES = 2000
#: Most event dates are on or before this day; check as of it to see them all.
HORIZON = dt.date(2026, 11, 30)
FORMATS: tuple[str, ...] = ("parquet", "jsonl")

_EPOCH = dt.date(1970, 1, 1)
_UTC_OFFSET_S = UTC_OFFSET_SECONDS  # Asia/Shanghai has had no daylight saving since 1991


def _day(d: dt.date) -> int:
    return (d - _EPOCH).days


_EFFECTIVE = _day(dt.date(2008, 1, 1))
_HORIZON = _day(HORIZON)
_FIRST_IN_USE = _day(dt.date(2005, 1, 1))
_LAST_IN_USE = _day(dt.date(2026, 10, 31))

#: Chinese New Year's Day 2005-2026; with 1 October, the anchors of long holiday runs.
_SPRING_FESTIVAL = [
    "2005-02-09",
    "2006-01-29",
    "2007-02-18",
    "2008-02-07",
    "2009-01-26",
    "2010-02-14",
    "2011-02-03",
    "2012-01-23",
    "2013-02-10",
    "2014-01-31",
    "2015-02-19",
    "2016-02-08",
    "2017-01-28",
    "2018-02-16",
    "2019-02-05",
    "2020-01-25",
    "2021-02-12",
    "2022-02-01",
    "2023-01-22",
    "2024-02-10",
    "2025-01-29",
    "2026-02-17",
]
_HOLIDAY_ANCHORS = np.array(
    [_day(dt.date.fromisoformat(d)) for d in _SPRING_FESTIVAL]
    + [_day(dt.date(y, 10, 1)) for y in range(2005, 2027)],
    dtype=np.int64,
)

# Arrow schemas: declared with the record schema (`lnvideo.arrow_schema`); re-exported here.
_TIMESTAMP = TIMESTAMP

# ---------------------------------------------------------------------------
# The shape of the province.

#: Approximate rates of the deliberate cases (documented so benchmarks and
#: differential tests can say what they exercise).
RATES: Mapping[str, float] = {
    "missing": 0.05,  # each optional field, independently
    "outside_liaoning": 0.02,
    "national_security": 0.005,
    "has_system_false": 0.03,
    "project": 0.20,
    "project_late": 0.12,  # of projects: system in use after the main works
    "future_event": 0.01,
    "camera_art9_place": 0.005,
    "camera_private_area": 0.005,
}

#: Codes outside Liaoning (Art. 3 scope), with a Chinese name for the site name.
OUTSIDE_COUNTIES: Mapping[str, str] = {
    "110101": "东城区",
    "110105": "朝阳区",
    "130102": "长安区",
    "150102": "新城区",
    "220102": "南关区",
    "220302": "铁西区",
    "310101": "黄浦区",
    "440305": "南山区",
}

_CODES: tuple[str, ...] = (*COUNTIES, *OUTSIDE_COUNTIES)
_CODE_NAMES: tuple[str, ...] = (
    *(f"{c.city_zh}{c.name_zh}" for c in COUNTIES.values()),
    *OUTSIDE_COUNTIES.values(),
)
_N_LIAONING = len(COUNTIES)
_KIND_WEIGHT = {"district": 3.0, "city": 1.6, "county": 1.0}


def _county_p() -> np.ndarray:
    w = np.array([_KIND_WEIGHT[c.kind] for c in COUNTIES.values()])
    w = w / w.sum() * (1 - RATES["outside_liaoning"])
    out = np.full(len(OUTSIDE_COUNTIES), RATES["outside_liaoning"] / len(OUTSIDE_COUNTIES))
    return np.concatenate([w, out])


_COUNTY_P = _county_p()

#: place_category -> (weight, Chinese word for site names)
_CATEGORIES: Mapping[str, tuple[float, str]] = {
    "radio_station": (0.004, "广播电台"),
    "tv_station": (0.004, "电视台"),
    "telecom": (0.02, "电信枢纽"),
    "postal": (0.015, "邮政局"),
    "financial": (0.05, "银行网点"),
    "museum": (0.005, "博物馆"),
    "archive": (0.004, "档案馆"),
    "exhibition_hall": (0.005, "展览馆"),
    "cultural_relic_unit": (0.006, "文物保护单位"),
    "hazardous_goods": (0.012, "危险品仓库"),
    "airport": (0.002, "机场"),
    "port": (0.005, "港口"),
    "station": (0.02, "车站"),
    "large_bridge": (0.006, "大桥"),
    "tunnel": (0.004, "隧道"),
    "mall": (0.05, "商场"),
    "hotel": (0.05, "宾馆"),
    "school": (0.06, "学校"),
    "hospital": (0.04, "医院"),
    "park": (0.025, "公园"),
    "entertainment_venue": (0.04, "娱乐场所"),
    "tourist_attraction": (0.015, "景区"),
    "parking_lot": (0.04, "停车场"),
    "energy_facility": (0.02, "变电站"),
    "water_facility": (0.012, "水厂"),
    "urban_utility": (0.02, "供热站"),
    "main_road": (0.07, "主干道"),
    "traffic_intersection": (0.07, "路口"),
    "square": (0.02, "广场"),
    "other": (0.30, "小区"),
}
assert tuple(_CATEGORIES) == schema.PLACE_CATEGORIES
_CAT_NAMES = tuple(_CATEGORIES)
_CAT_P = np.array([w for w, _ in _CATEGORIES.values()])
_CAT_P = _CAT_P / _CAT_P.sum()
_ROADS = np.array([_CAT_NAMES.index(c) for c in schema.PLACE_CATEGORIES_BY_ITEM[5]])
_OTHER = _CAT_NAMES.index("other")

_BUILDERS = schema.BUILDER_KINDS  # government, unit, individual
_BUILDER_P_ROAD = [0.90, 0.07, 0.03]
_BUILDER_P_OTHER = [0.15, 0.77, 0.08]
_PROJECT_KINDS = schema.PROJECT_KINDS
_SAFEGUARDS = (
    "access_control",
    "encryption",
    "privacy_masking",
    "audit_trail",
    "restricted_viewing",
)
_STANDARDS = ("GB 50348", "GA/T 669", "GB/T 28181", "GB 50395", "GA/T 367", "GB/T 25724")
_RETENTION = np.array([30, 90, 7, 14, 15, 60, 180, 365])
_RETENTION_P = [0.50, 0.30, 0.04, 0.02, 0.03, 0.05, 0.04, 0.02]

_ORDINARY_PLACES = (
    "entrance",
    "exit",
    "lobby",
    "corridor",
    "stairwell",
    "elevator",
    "parking",
    "perimeter",
    "gate",
    "cashier",
    "reception",
    "warehouse",
    "platform",
    "roadside",
    "loading_dock",
    "server_room",
)
_PLACES = pa.array(_ORDINARY_PLACES + schema.CAMERA_PLACES)
_INDUSTRY = pa.array(["00", "01", "02", "03", "04", "05", "08", "10", "11"])
_DEVICE_TYPE = pa.array(["132", "131"])  # network camera, camera

_EVENT_TYPES = schema.EVENT_TYPES
_T = {t: i for i, t in enumerate(_EVENT_TYPES)}
#: types of the "bulk" events every site has many of, with their shares
_BULK = (
    ("footage_accessed", 0.62),
    ("footage_deleted", 0.22),
    ("suspicious_observed", 0.07),
    ("footage_disclosed", 0.045),
    ("camera_changed", 0.045),
)
_BULK_T = np.array([_T[t] for t, _ in _BULK], dtype=np.int8)
_BULK_P = [p for _, p in _BULK]
_STRUCTURED_PER_SITE = 2.2  # about one filing and 0.6 changes with their reports

_ACCESSORS = pa.array(
    [
        "值班员王",
        "值班员李",
        "值班员张",
        "保安主管刘",
        "运维工程师陈",
        "民警赵",
        "duty officer 1",
        "duty officer 2",
        "security manager",
        "maintenance engineer",
    ]
)
_PURPOSES = pa.array(
    [
        "案件调查",
        "事故核查",
        "投诉处理",
        "设备巡检",
        "incident review",
        "police investigation",
        "lost property",
        "routine check",
    ]
)
_RECIPIENTS = pa.array(
    [
        "县公安局",
        "人民法院",
        "人民检察院",
        "保险公司",
        "新闻媒体",
        "业主委员会",
        "the county public security bureau",
        "a private individual",
    ]
)
_CHANGE_KINDS = pa.array(schema.CAMERA_CHANGE_KINDS)
_CODES_ARR = pa.array(_CODES)
_NULL = -1

# ---------------------------------------------------------------------------
# Small vectorised helpers.


def _missing(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.random(n) < RATES["missing"]


def _bool(values: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(values.astype(bool), type=pa.bool_(), mask=null)


def _tri(rng: np.random.Generator, n: int, p_true: float, p_null: float) -> np.ndarray:
    """int8 per row: 1 true, 0 false, -1 missing."""
    u = rng.random(n)
    return np.where(u < p_null, _NULL, np.where(u < p_null + p_true, 1, 0)).astype(np.int8)


def _tri_arr(v: np.ndarray) -> pa.Array:
    return pa.array(v == 1, type=pa.bool_(), mask=v < 0)


def _take(words: pa.Array, idx: np.ndarray) -> pa.Array:
    """words[idx], with null where idx < 0."""
    return words.take(pa.array(idx, type=pa.int32(), mask=idx < 0))


def _digits(values: np.ndarray, width: int) -> pa.Array:
    return pc.utf8_lpad(pc.cast(pa.array(values, type=pa.int64()), pa.string()), width, "0")


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _dates(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(days.astype(np.int32), type=pa.date32(), mask=null)


def _instants(local_seconds: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    utc_us = (local_seconds - _UTC_OFFSET_S) * 1_000_000
    return pa.array(utc_us.astype(np.int64), type=_TIMESTAMP, mask=null)


def _time_of_day(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds after local midnight: mostly office hours, some at night, a few at 00:00."""
    u = rng.random(n)
    day = rng.integers(7 * 3600, 22 * 3600, n)
    anytime = rng.integers(0, 86400, n)
    return np.where(u < 0.05, 0, np.where(u < 0.90, day, anytime)).astype(np.int64)


def _spread(rng: np.random.Generator, start: np.ndarray, end: int) -> np.ndarray:
    """A day uniformly in [start, end] (start <= end)."""
    return start + np.floor(rng.random(len(start)) * (end - start + 1)).astype(np.int64)


def _pick_lists(
    rng: np.random.Generator, words: tuple[str, ...], n: int, empty: np.ndarray, null: np.ndarray
) -> pa.Array:
    counts = np.where(empty, 0, rng.integers(1, 4, n))
    out: list[list[str] | None] = []
    for i in range(n):
        if null[i]:
            out.append(None)
        else:
            pick = rng.choice(len(words), size=counts[i], replace=False)
            out.append([words[j] for j in sorted(pick)])
    return pa.array(out, type=pa.list_(pa.string()))


# ---------------------------------------------------------------------------
# One chunk.


@attrs.frozen
class _Sites:
    """What the camera and event generators need to know about a chunk's sites."""

    batch: pa.RecordBatch
    ids: pa.Array
    county: np.ndarray  # index into _CODES (the true county, even where the field is missing)
    in_use: np.ndarray  # day number (true value)
    active: np.ndarray  # has a system (true value)


def _sites(rng: np.random.Generator, first: int, n: int) -> _Sites:
    ids = _join("S", _digits(np.arange(first, first + n), 7))
    county = rng.choice(len(_CODES), size=n, p=_COUNTY_P)
    cat = rng.choice(len(_CAT_NAMES), size=n, p=_CAT_P)
    is_road = np.isin(cat, _ROADS)
    builder = np.where(
        is_road,
        rng.choice(3, size=n, p=_BUILDER_P_ROAD),
        rng.choice(3, size=n, p=_BUILDER_P_OTHER),
    )
    designated = rng.random(n) < np.where(cat == _OTHER, 0.10, 0.05)
    has_system = rng.random(n) >= RATES["has_system_false"]
    national = rng.random(n) < RATES["national_security"]

    near_holiday = rng.random(n) < 0.15
    anchor = _HOLIDAY_ANCHORS[rng.integers(0, len(_HOLIDAY_ANCHORS), n)]
    in_use = np.clip(
        np.where(
            near_holiday,
            anchor + rng.integers(-40, 6, n),
            rng.integers(_FIRST_IN_USE, _LAST_IN_USE + 1, n),
        ),
        _FIRST_IN_USE,
        _LAST_IN_USE,
    ).astype(np.int64)

    project = rng.random(n) < RATES["project"]
    project_kind = np.where(project, rng.choice(3, size=n, p=[0.5, 0.25, 0.25]), _NULL)
    late = rng.random(n) < RATES["project_late"]
    main_in_use = np.where(late, in_use - rng.integers(1, 181, n), in_use + rng.integers(0, 91, n))

    private = rng.random(n) < 0.25
    no_safeguards = rng.random(n) < np.where(private, 0.12, 0.70)
    no_standards = rng.random(n) < 0.05
    invested = rng.random(n) < np.select([builder == 0, builder == 1], [0.85, 0.05], 0.0)
    price_marked = rng.random(n) < np.where(invested, 0.88, 0.15)
    retention = rng.choice(_RETENTION, size=n, p=_RETENTION_P)
    regimes = {k: rng.random(n) < 0.92 for k in _REGIMES}
    outsourced = rng.random(n) < 0.30
    contract = rng.random(n) < 0.85

    cat_zh = [_CATEGORIES[c][1] for c in _CAT_NAMES]
    names = [
        f"{_CODE_NAMES[c]}{cat_zh[k]}{first + i + 1}号"
        for i, (c, k) in enumerate(zip(county, cat, strict=True))
    ]
    m = lambda: _missing(rng, n)  # noqa: E731 - one fresh mask per field
    cols: dict[str, pa.Array] = {
        "id": ids,
        "name": pa.array(names, mask=m()),
        "county_code": _take(_CODES_ARR, np.where(m(), _NULL, county)),
        "place_category": _take(pa.array(_CAT_NAMES), np.where(m(), _NULL, cat)),
        "designated": _bool(designated, m()),
        "has_system": _bool(has_system, m()),
        "builder_kind": _take(pa.array(_BUILDERS), np.where(m(), _NULL, builder)),
        "national_security": _bool(national, m()),
        "in_use_on": _dates(in_use, m()),
        "project_kind": _take(pa.array(_PROJECT_KINDS), np.where(m(), _NULL, project_kind)),
        "main_project_in_use_on": _dates(main_in_use, ~project | m()),
        "captures_private_info": _bool(private, m()),
        "privacy_safeguards": _pick_lists(rng, _SAFEGUARDS, n, no_safeguards, m()),
        "standards": _pick_lists(rng, _STANDARDS, n, no_standards, m()),
        "government_invested": _bool(invested, m()),
        "price_marked": _bool(price_marked, m()),
        "retention_days": pa.array(retention.astype(np.int64), mask=m()),
        **{k: _bool(v, m()) for k, v in regimes.items()},
        "om_outsourced": _bool(outsourced, m()),
        "om_contract_security_terms": _bool(contract, ~outsourced | m()),
    }
    batch = pa.RecordBatch.from_arrays([cols[f.name] for f in SITE_SCHEMA], schema=SITE_SCHEMA)
    return _Sites(batch, ids, county, in_use, has_system)


_REGIMES = (
    "training",
    "inspection_maintenance",
    "emergency_response",
    "duty_monitoring",
    "access_log",
)


def _cameras(
    rng: np.random.Generator, first: int, s: _Sites, per_site: int
) -> tuple[pa.RecordBatch, np.ndarray, np.ndarray]:
    """The chunk's cameras, and per site the index of its first camera and its count."""
    n = len(s.in_use)
    count = np.where(s.active, np.minimum(rng.poisson(per_site, n), 99), 0)
    start = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
    total = int(count.sum())
    site = np.repeat(np.arange(n), count)
    k = np.arange(total) - start[site]
    # GB/T 28181 device id: county (6) + unit (2) + industry (2) + type (3) + serial (7)
    serial = _digits(((first + site) * 100 + k) % 1_000_000_000, 9)
    gb = _join(
        _take(_CODES_ARR, s.county[site]),
        pc.utf8_slice_codeunits(serial, 0, 2),
        _take(_INDUSTRY, rng.integers(0, len(_INDUSTRY), total)),
        _take(_DEVICE_TYPE, (rng.random(total) < 0.3).astype(np.int64)),
        pc.utf8_slice_codeunits(serial, 2, 9),
    )
    site_ids = s.ids.take(pa.array(site))
    local = _join(site_ids, "-C", _digits(k, 2))
    ids = pc.if_else(pa.array(rng.random(total) < 0.03), local, gb)

    u = rng.random(total)
    art9 = u < RATES["camera_art9_place"]
    place = np.where(
        art9,
        len(_ORDINARY_PLACES) + rng.integers(0, len(schema.CAMERA_PLACES), total),
        rng.integers(0, len(_ORDINARY_PLACES), total),
    )
    place = np.where(_missing(rng, total), _NULL, place)
    private = _tri(rng, total, RATES["camera_private_area"], RATES["missing"])
    cols = [ids, site_ids, _take(_PLACES, place), _tri_arr(private)]
    return pa.RecordBatch.from_arrays(cols, schema=CAMERA_SCHEMA), start, count


_FIELDS_INT: tuple[str, ...] = (
    "authority",
    "ref",
    "by",
    "purpose",
    "to",
    "authorized",
    "camera",
    "change_kind",
    "recorded",
    "important",
    "reported",
)


def _group(
    site: np.ndarray, type_: np.ndarray | int, day: np.ndarray, sod: np.ndarray
) -> dict[str, np.ndarray]:
    n = len(site)
    g = {
        "site": site.astype(np.int64),
        "type": np.broadcast_to(np.asarray(type_, dtype=np.int8), (n,)).copy(),
        "sec": day.astype(np.int64) * 86400 + sod,
    }
    for f in _FIELDS_INT:
        g[f] = np.full(n, _NULL, dtype=np.int64)
    return g


def _scenario(rng: np.random.Generator, n: int, p: list[float]) -> np.ndarray:
    return rng.choice(len(p), size=n, p=np.array(p) / sum(p))


def _other_county(rng: np.random.Generator, county: np.ndarray) -> np.ndarray:
    """Another Liaoning county than `county` (any, for codes outside Liaoning)."""
    shift = rng.integers(1, _N_LIAONING, len(county))
    return np.where(county < _N_LIAONING, (county + shift) % _N_LIAONING, shift)


def _registrations(rng: np.random.Generator, s: _Sites) -> dict[str, np.ndarray]:
    # on time, near the deadline, before going into use, late, never, wrong organ, no organ
    sc = _scenario(rng, len(s.in_use), [0.72, 0.06, 0.03, 0.06, 0.06, 0.04, 0.03])
    sites = np.flatnonzero(s.active & (sc != 4))
    sc = sc[sites]
    n = len(sites)
    base = np.maximum(s.in_use[sites], _EFFECTIVE)
    off = np.choose(
        sc,
        [
            rng.integers(0, 31, n),
            rng.integers(28, 37, n),
            -rng.integers(1, 61, n),
            rng.integers(37, 401, n),
            np.zeros(n, dtype=np.int64),
            rng.integers(0, 31, n),
            rng.integers(0, 31, n),
        ],
    )
    g = _group(sites, _T["registration_filed"], base + off, _time_of_day(rng, n))
    own = s.county[sites]
    g["authority"] = np.select([sc == 5, sc == 6], [_other_county(rng, own), _NULL], own)
    return g


def _changes(
    rng: np.random.Generator, s: _Sites, row0: int
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """`system_changed` events (rows from `row0`) and the `change_reported` events for them."""
    count = np.where(s.active, np.minimum(rng.poisson(0.6, len(s.in_use)), 4), 0)
    sites = np.repeat(np.arange(len(s.in_use)), count)
    n = len(sites)
    day = _spread(rng, s.in_use[sites], _HORIZON)
    sod = _time_of_day(rng, n)
    changed = _group(sites, _T["system_changed"], day, sod)

    # on time, within a few days (depends on the calendar), late, never, wrong organ, no organ
    sc = _scenario(rng, n, [0.78, 0.07, 0.05, 0.06, 0.02, 0.02])
    keep = sc != 3
    off = np.choose(
        sc,
        [
            rng.integers(0, 4, n),
            rng.integers(4, 11, n),
            rng.integers(16, 91, n),
            np.zeros(n, dtype=np.int64),
            rng.integers(0, 4, n),
            rng.integers(0, 4, n),
        ],
    )
    later_same_day = sod + np.floor(rng.random(n) * (86400 - sod)).astype(np.int64)
    r_sod = np.where(off == 0, later_same_day, _time_of_day(rng, n))
    reported = _group(sites[keep], _T["change_reported"], (day + off)[keep], r_sod[keep])
    own = s.county[sites]
    auth = np.select([sc == 4, sc == 5], [_other_county(rng, own), _NULL], own)
    reported["authority"] = auth[keep]
    reported["ref"] = (row0 + np.arange(n))[keep]
    return changed, reported


def _bulk(
    rng: np.random.Generator, s: _Sites, per_site: float, cam_count: np.ndarray
) -> dict[str, np.ndarray]:
    count = np.where(s.active, rng.poisson(per_site, len(s.in_use)), 0)
    sites = np.repeat(np.arange(len(s.in_use)), count)
    n = len(sites)
    future = rng.random(n) < RATES["future_event"]
    day = np.where(
        future, _HORIZON + rng.integers(1, 181, n), _spread(rng, s.in_use[sites], _HORIZON)
    )
    type_ = _BULK_T[rng.choice(len(_BULK_T), size=n, p=_BULK_P)]
    # a site without cameras has nothing to reposition: log an access instead
    type_ = np.where(
        (type_ == _T["camera_changed"]) & (cam_count[sites] == 0), _T["footage_accessed"], type_
    )
    miss = RATES["missing"]

    # deletions: age of the footage in days when deleted
    important = _tri(rng, n, 0.10, miss)
    u = rng.random(n)
    age_plain = np.where(
        u < 0.87,
        rng.integers(16, 201, n),
        np.where(u < 0.95, rng.integers(0, 15, n), rng.integers(15, 17, n)),
    )
    age_important = np.where(
        u < 0.80,
        rng.integers(367, 901, n),
        np.where(u < 0.95, rng.integers(16, 365, n), rng.integers(365, 368, n)),
    )
    age = np.where(
        important == 1, age_important, np.where(important == 0, age_plain, rng.integers(0, 901, n))
    )
    # footage is not older than the system: move such a deletion later when it fits
    earliest = s.in_use[sites] + age
    day = np.where(
        (type_ == _T["footage_deleted"]) & (earliest <= _HORIZON), np.maximum(day, earliest), day
    )

    sod = _time_of_day(rng, n)
    g = _group(sites, type_, day, sod)

    def where(t: str, values: np.ndarray) -> np.ndarray:
        return np.where(type_ == _T[t], values, _NULL)

    g["by"] = where(
        "footage_accessed",
        np.where(rng.random(n) < 0.04, _NULL, rng.integers(0, len(_ACCESSORS), n)),
    )
    g["purpose"] = where(
        "footage_accessed",
        np.where(rng.random(n) < 0.04, _NULL, rng.integers(0, len(_PURPOSES), n)),
    )
    g["to"] = where(
        "footage_disclosed",
        np.where(rng.random(n) < miss, _NULL, rng.integers(0, len(_RECIPIENTS), n)),
    )
    authorized = _tri(rng, n, 0.88, miss)
    g["authorized"] = np.where(
        np.isin(type_, [_T["footage_disclosed"], _T["camera_changed"]]), authorized, _NULL
    )
    cam_k = np.floor(rng.random(n) * np.maximum(cam_count[sites], 1)).astype(np.int64)
    g["camera"] = where("camera_changed", np.where(rng.random(n) < miss, _NULL, cam_k))
    kind = np.where(rng.random(n) < 0.55, 0, 1)
    g["change_kind"] = where("camera_changed", np.where(rng.random(n) < miss, _NULL, kind))

    g["important"] = where("footage_deleted", important)
    g["recorded"] = where("footage_deleted", np.where(rng.random(n) < miss, _NULL, day - age))

    # suspicious situations: seconds until reported to the police
    u = rng.random(n)
    delay = np.select(
        [u < 0.82, u < 0.85, u < 0.86, u < 0.93],
        [rng.integers(60, 86400 - 60, n), 86400, 86401, rng.integers(86400 + 60, 10 * 86400, n)],
        _NULL,
    )
    g["reported"] = where("suspicious_observed", np.where(delay < 0, _NULL, g["sec"] + delay))
    return g


def _events(
    rng: np.random.Generator,
    s: _Sites,
    cam_ids: pa.Array,
    cam_start: np.ndarray,
    cam_count: np.ndarray,
    per_site: int,
) -> pa.RecordBatch:
    reg = _registrations(rng, s)
    changed, reported = _changes(rng, s, len(reg["site"]))
    bulk = _bulk(rng, s, max(per_site - _STRUCTURED_PER_SITE, 0.0), cam_count)
    g = {k: np.concatenate([reg[k], changed[k], reported[k], bulk[k]]) for k in reg}
    n = len(g["site"])

    # number each site's events in generation order: the ids do not depend on sorting
    by_site = np.argsort(g["site"], kind="stable")
    first = np.searchsorted(g["site"][by_site], np.arange(len(s.in_use)))
    seq = np.empty(n, dtype=np.int64)
    seq[by_site] = np.arange(n) - first[g["site"][by_site]]
    ref_seq = np.where(g["ref"] >= 0, seq[np.maximum(g["ref"], 0)], _NULL)

    order = np.lexsort((seq, g["sec"], g["site"]))
    g = {k: v[order] for k, v in g.items()}
    seq, ref_seq = seq[order], ref_seq[order]

    site_ids = s.ids.take(pa.array(g["site"]))
    cam_row = np.where(g["camera"] >= 0, cam_start[g["site"]] + g["camera"], _NULL)
    cols = {
        "id": _join(site_ids, "-E", _digits(seq, 3)),
        "site": site_ids,
        "type": _take(pa.array(_EVENT_TYPES), g["type"].astype(np.int64)),
        "on": _instants(g["sec"]),
        "authority": _take(_CODES_ARR, g["authority"]),
        "by": _take(_ACCESSORS, g["by"]),
        "purpose": _take(_PURPOSES, g["purpose"]),
        "to": _take(_RECIPIENTS, g["to"]),
        "authorized": _tri_arr(g["authorized"]),
        "camera": _take(cam_ids, cam_row),
        "recorded_on": _dates(np.maximum(g["recorded"], 0), g["recorded"] < 0),
        "important": _tri_arr(g["important"]),
        "reported_on": _instants(np.maximum(g["reported"], 0), g["reported"] < 0),
    }
    # `change`: the system_changed id on change_reported, the kind on camera_changed
    change_ref = _join(site_ids, "-E", _digits(np.maximum(ref_seq, 0), 3))
    change_kind = _take(_CHANGE_KINDS, g["change_kind"])
    cols["change"] = pc.if_else(pa.array(ref_seq >= 0), change_ref, change_kind)
    return pa.RecordBatch.from_arrays([cols[f.name] for f in EVENT_SCHEMA], schema=EVENT_SCHEMA)


def _check_args(n_sites: int, seed: int, cameras_per_site: int, events_per_site: int) -> None:
    problems = []
    if n_sites <= 0:
        problems.append(f"--sites must be a positive number, not {n_sites}")
    if seed < 0:
        problems.append(f"--seed must be zero or positive, not {seed}")
    if not 0 <= cameras_per_site <= 99:
        problems.append(f"--cameras-per-site must be between 0 and 99, not {cameras_per_site}")
    if events_per_site < 0:
        problems.append(f"--events-per-site must be zero or positive, not {events_per_site}")
    if problems:
        raise LnvideoError("; ".join(problems))


def generate(
    n_sites: int, seed: int, *, cameras_per_site: int = 10, events_per_site: int = 50
) -> Iterator[tuple[pa.RecordBatch, pa.RecordBatch, pa.RecordBatch]]:
    """Yield `(sites, cameras, events)` record batches, one triple per chunk of sites.

    Args:
        n_sites: how many sites (positive).
        seed: a non-negative integer; the same seed gives the same data.
        cameras_per_site: the mean number of cameras of a site with a system (0-99).
        events_per_site: the mean number of events of a site with a system; 0 for none.

    Raises:
        LnvideoError: an argument is out of range.

    Example:
        >>> sites, cameras, events = next(generate(3, seed=7))
        >>> sites.num_rows, sites.schema == SITE_SCHEMA, events.schema == EVENT_SCHEMA
        (3, True, True)
        >>> sites.column("id").to_pylist()
        ['S0000000', 'S0000001', 'S0000002']
    """
    _check_args(n_sites, seed, cameras_per_site, events_per_site)
    for chunk, first in enumerate(range(0, n_sites, CHUNK_SITES)):
        n = min(CHUNK_SITES, n_sites - first)
        rng = np.random.default_rng(np.random.SeedSequence([seed, chunk]))
        s = _sites(rng, first, n)
        cams, cam_start, cam_count = _cameras(rng, first, s, cameras_per_site)
        if events_per_site > 0:
            events = _events(rng, s, cams.column("id"), cam_start, cam_count, events_per_site)
        else:
            events = _empty(EVENT_SCHEMA)
        yield s.batch, cams, events


def _empty(sch: pa.Schema) -> pa.RecordBatch:
    return pa.RecordBatch.from_arrays([pa.array([], type=f.type) for f in sch], schema=sch)


# ---------------------------------------------------------------------------
# Records and files.


def _rows(batch: pa.RecordBatch) -> Iterator[dict[str, Any]]:
    for row in batch.to_pylist():
        yield {k: v for k, v in row.items() if v is not None}


def generate_records(
    n_sites: int, seed: int, *, cameras_per_site: int = 10, events_per_site: int = 50
) -> Iterator[Site | Camera | Event]:
    """The same data as `generate`, as records: per chunk its sites, cameras, then events.

    Meant for small inputs (tests, examples): every value becomes a Python object.

    Example:
        >>> recs = list(generate_records(2, seed=1, cameras_per_site=1, events_per_site=3))
        >>> [r.kind for r in recs][:2]
        ['site', 'site']
        >>> all(r.on == r.on_at.date() for r in recs if isinstance(r, Event))
        True
    """
    for sites, cameras, events in generate(
        n_sites, seed, cameras_per_site=cameras_per_site, events_per_site=events_per_site
    ):
        for row in _rows(sites):
            for k in ("privacy_safeguards", "standards"):
                if k in row:
                    row[k] = tuple(row[k])
            yield Site(**row)
        for row in _rows(cameras):
            yield Camera(**row)
        for row in _rows(events):
            at = row.pop("on")
            yield Event(on=at.date(), on_at=at, **row)


def _jsonl_lines(batch: pa.RecordBatch, kind: str) -> Iterator[str]:
    names = batch.schema.names
    columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
    for values in zip(*columns, strict=True):
        obj: dict[str, object] = {"kind": kind}
        for name, v in zip(names, values, strict=True):
            if v is not None:
                obj[name] = v
        yield json_line(obj, compact=True)


@attrs.frozen
class Summary:
    """What `write` wrote."""

    out_dir: Path
    fmt: str
    sites: int
    cameras: int
    events: int
    seconds: float

    def line(self) -> str:
        """One line for the terminal."""
        return (
            f"synth: wrote {self.sites:,} sites, {self.cameras:,} cameras, "
            f"{self.events:,} events ({self.fmt}) to {self.out_dir} in {self.seconds:.1f} s"
        )


PARQUET_FILES: Mapping[str, pa.Schema] = TABLE_SCHEMAS
JSONL_FILE = "records.jsonl"
_ROW_GROUP = 250_000  # rows buffered per table before a Parquet row group is written


class _ParquetTables:
    """Three Parquet writers that buffer small batches into row groups of a useful size."""

    def __init__(self, out_dir: Path) -> None:
        self._paths = {name: out_dir / name for name in PARQUET_FILES}
        self._writers = {
            name: pq.ParquetWriter(_tmp(path), PARQUET_FILES[name])
            for name, path in self._paths.items()
        }
        self._pending: dict[str, list[pa.RecordBatch]] = {name: [] for name in PARQUET_FILES}

    def add(self, name: str, batch: pa.RecordBatch) -> None:
        pending = self._pending[name]
        pending.append(batch)
        if sum(b.num_rows for b in pending) >= _ROW_GROUP:
            self._flush(name)

    def _flush(self, name: str) -> None:
        if self._pending[name]:
            table = pa.Table.from_batches(self._pending[name], schema=PARQUET_FILES[name])
            self._writers[name].write_table(table, row_group_size=len(table))
            self._pending[name] = []

    def close(self) -> None:
        for name, writer in self._writers.items():
            self._flush(name)
            writer.close()
        for path in self._paths.values():
            os.replace(_tmp(path), path)

    def abort(self) -> None:
        for name, writer in self._writers.items():
            writer.close()
            _tmp(self._paths[name]).unlink(missing_ok=True)


def _tmp(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def write(
    out_dir: str | os.PathLike[str],
    n_sites: int,
    seed: int,
    fmt: str = "parquet",
    *,
    cameras_per_site: int = 10,
    events_per_site: int = 50,
    on_progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Write a synthetic province to `out_dir` and say what was written.

    Parquet: `sites.parquet`, `cameras.parquet`, `events.parquet` (schemas
    `SITE_SCHEMA`, `CAMERA_SCHEMA`, `EVENT_SCHEMA`). JSON Lines: `records.jsonl`,
    one object per line with a `kind`, per chunk its sites, cameras, then events;
    absent values are left out. Files appear only when complete.

    Args:
        out_dir: the directory (created if needed).
        n_sites, seed, cameras_per_site, events_per_site: as for `generate`.
        fmt: `parquet` or `jsonl`.
        on_progress: called with (sites written, n_sites) after each chunk.

    Raises:
        LnvideoError: a bad argument, or the directory cannot be written.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     write(d, 5, seed=1).sites
        5
    """
    if fmt not in FORMATS:
        raise LnvideoError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    _check_args(n_sites, seed, cameras_per_site, events_per_site)
    out = Path(out_dir)
    started = time.perf_counter()
    counts = [0, 0, 0]
    batches = generate(
        n_sites, seed, cameras_per_site=cameras_per_site, events_per_site=events_per_site
    )
    try:
        out.mkdir(parents=True, exist_ok=True)
        progress = (lambda: on_progress(counts[0], n_sites)) if on_progress else None
        if fmt == "parquet":
            _write_parquet(out, batches, counts, progress)
        else:
            _write_jsonl(out / JSONL_FILE, batches, counts, progress)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileExistsError | NotADirectoryError):
            reason = "a file is in the way of the directory"
        raise LnvideoError(f"cannot write to {out}: {reason}") from exc
    sites, cameras, events = counts
    return Summary(out, fmt, sites, cameras, events, time.perf_counter() - started)


Batches = Iterator[tuple[pa.RecordBatch, pa.RecordBatch, pa.RecordBatch]]


def _write_parquet(
    out: Path, batches: Batches, counts: list[int], progress: Callable[[], None] | None
) -> None:
    tables = _ParquetTables(out)
    try:
        for triple in batches:
            for name, batch, i in zip(PARQUET_FILES, triple, range(3), strict=True):
                tables.add(name, batch)
                counts[i] += batch.num_rows
            if progress:
                progress()
    except BaseException:
        tables.abort()
        raise
    tables.close()


def _write_jsonl(
    path: Path, batches: Batches, counts: list[int], progress: Callable[[], None] | None
) -> None:
    try:
        with _tmp(path).open("w", encoding="utf-8") as f:
            for triple in batches:
                for kind, batch, i in zip(schema.RECORD_KINDS, triple, range(3), strict=True):
                    f.writelines(line + "\n" for line in _jsonl_lines(batch, kind))
                    counts[i] += batch.num_rows
                if progress:
                    progress()
    except BaseException:
        _tmp(path).unlink(missing_ok=True)
        raise
    os.replace(_tmp(path), path)
