"""Hand-written plain-Python checker of SPEC §3 (the Measures, bundled pack only).

The speed baseline of `benchmarks/bench.py` for the python engine: what a
programmer would write by hand for these rules, reading the input once.
It shares NO code with `src/lnvideo` (nothing here imports `lnvideo`): the
rules, the Civil Code period counting (SPEC §4) and the working-day calendar
are all redone below; the only shared thing is the State Council schedule
*data*, read from the `chinese_calendar` package that lnvideo bundles too.

Input: a directory of synth Parquet tables (read in record batches with
pyarrow) or JSON Lines files (stdlib `json`). The input is assumed valid
(the synth schema): no validation, no duplicate or orphan detection.
Output: one JSON object per finding (`--output f.jsonl`, the same fields as
`lnvideo check --output f.jsonl`, with a short fixed English message per rule
and status) or a Parquet file (`--output f.parquet`), and the counts per status
on stderr.

Memory: the sites (one tuple each), per-site registration filings and
per-site change reports are held; cameras and events are judged as they are
read, except `system_changed` events (held until the input is read, since a
report may come later) and records whose site has not been seen yet.

Run: python benchmarks/baseline_py.py DIR|FILE.jsonl --as-of 2026-11-30 --output f.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

EFFECTIVE = dt.date(2008, 1, 1)
DAY = dt.timedelta(days=1)
H24_US = 24 * 3600 * 1_000_000
OFFSET = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai since 1992 (synthetic data is later)

ART6 = frozenset(
    [
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
        "airport",
        "port",
        "station",
        "large_bridge",
        "tunnel",
        "mall",
        "hotel",
        "school",
        "hospital",
        "park",
        "entertainment_venue",
        "tourist_attraction",
        "parking_lot",
        "energy_facility",
        "water_facility",
        "urban_utility",
        "main_road",
        "traffic_intersection",
        "square",
    ]
)
ART7 = frozenset({"main_road", "traffic_intersection", "square"})
ART9 = frozenset({"hotel_room", "public_bath", "changing_room", "toilet", "student_dormitory"})
SYSTEM_RULES = [
    "LN-7",
    "LN-8",
    "LN-10",
    "LN-11",
    "LN-12.1a",
    "LN-12.2",
    "LN-13",
    "LN-14.1.1",
    "LN-14.1.2",
    "LN-14.1.3",
    "LN-14.1.4",
    "LN-14.1.7",
    "LN-14.2",
]
SITE_RULES = ("LN-3", "LN-6", *SYSTEM_RULES)
EVENT_RULE = {
    "system_changed": "LN-12.1b",
    "system_stopped": "LN-12.1b",
    "suspicious_observed": "LN-14.1.3r",
    "footage_accessed": "LN-14.1.4e",
    "camera_changed": "LN-14.1.5",
    "footage_disclosed": "LN-14.1.6",
    "footage_deleted": "LN-14.1.7d",
}
ARTICLE = {r: r[3:].split(".")[0] for r in (*SITE_RULES, "LN-9", *EVENT_RULE.values())}
WARNING = frozenset(
    {"LN-10", "LN-13", "LN-14.1.1", "LN-14.1.2", "LN-14.1.3", "LN-14.1.4", "LN-14.2"}
)
TITLE = {
    "LN-3": "In scope",
    "LN-6": "System where required",
    "LN-7": "Government builder on roads",
    "LN-8": "Privacy safeguards",
    "LN-9": "No camera in a private place",
    "LN-10": "Conforms to a standard",
    "LN-11": "In use with the main works",
    "LN-12.1a": "Registered within 30 days",
    "LN-12.1b": "Change reported in 3 working days",
    "LN-12.2": "Old system registered by 2008-01-31",
    "LN-13": "Price marked",
    "LN-14.1.1": "Training",
    "LN-14.1.2": "Inspection and emergency plan",
    "LN-14.1.3": "Duty monitoring",
    "LN-14.1.4": "Access log",
    "LN-14.1.3r": "Suspicious matter reported in time",
    "LN-14.1.4e": "Access logged completely",
    "LN-14.1.5": "No unauthorized camera change",
    "LN-14.1.6": "No unauthorized disclosure",
    "LN-14.1.7": "Retention of 15 days",
    "LN-14.1.7d": "Footage not deleted too early",
    "LN-14.2": "Outsourcing contract terms",
}
SAT, VIO, PEN, NA, UNK = "satisfied", "violated", "pending", "not_applicable", "unknown"
WORD = {
    SAT: "satisfied",
    VIO: "violated",
    PEN: "pending",
    NA: "not applicable",
    UNK: "cannot be judged",
}
MESSAGE = {(r, s): f"{t}: {WORD[s]}" for r, t in TITLE.items() for s in WORD}


# --- the working-day calendar and Civil Code periods (SPEC §4), by hand -------------------


def _calendar() -> tuple[frozenset[dt.date], frozenset[dt.date], int, int]:
    from chinese_calendar import constants  # the State Council schedule as data

    rest = frozenset(constants.holidays)
    work = frozenset(constants.workdays)
    years = {d.year for d in rest}
    return rest, work, min(years), max(years)


REST, WORK, FIRST_YEAR, LAST_YEAR = _calendar()


class Gap(Exception):
    """A count needs a year the schedule does not cover."""


def is_working(d: dt.date) -> bool:
    if not FIRST_YEAR <= d.year <= LAST_YEAR:
        raise Gap(d.year)
    if d in WORK:
        return True
    return d.weekday() < 5 and d not in REST


_DUE30: dict[dt.date, dt.date | None] = {}
_DUE3W: dict[dt.date, dt.date | None] = {}


def due_30_days(start: dt.date) -> dt.date | None:
    """Last day of "within 30 days after start", moved past rest days (Art. 201, 203)."""
    hit = _DUE30.get(start, start)
    if hit is not start:
        return hit
    last: dt.date | None = start + 30 * DAY
    try:
        while not is_working(last):  # type: ignore[arg-type]
            last += DAY  # type: ignore[operator]
    except Gap:
        last = None
    _DUE30[start] = last
    return last


def due_3_working_days(start: dt.date) -> dt.date | None:
    hit = _DUE3W.get(start, start)
    if hit is not start:
        return hit
    d: dt.date | None = start
    try:
        if not FIRST_YEAR <= start.year <= LAST_YEAR:
            raise Gap(start.year)
        n = 0
        while n < 3:
            d += DAY  # type: ignore[operator]
            if is_working(d):  # type: ignore[arg-type]
                n += 1
    except Gap:
        d = None
    _DUE3W[start] = d
    return d


def plus_one_year(d: dt.date) -> dt.date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February -> 28 February (Art. 202)
        return d.replace(year=d.year + 1, day=28)


# --- the checker ---------------------------------------------------------------------------


def flag(v: Any) -> str:
    return UNK if v is None else SAT if v else VIO


def filed(
    filings: list[tuple[dt.date, Any]], due: dt.date | None, as_of: dt.date
) -> tuple[str, Any]:
    """Status and fulfilled_on of a duty to file by `due`; filings are (day, qualifies)."""
    if due is None:
        return UNK, None
    undecided = False
    first_in_time = first_late = None
    for on, q in filings:
        if q is True:
            if on <= due:
                if first_in_time is None or on < first_in_time:
                    first_in_time = on
            elif first_late is None or on < first_late:
                first_late = on
        elif q is None and on <= due:
            undecided = True
    if first_in_time is not None:
        return SAT, first_in_time
    if undecided:
        return UNK, None
    if first_late is not None:
        return VIO, first_late
    return (PEN, None) if as_of <= due else (VIO, None)


def same(a: Any, b: Any) -> bool | None:
    return None if a is None or b is None else a == b


def both(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def present(s: Any) -> bool:
    return s is not None and s.strip() != ""


class Checker:
    """Collects the findings as tuples (rule, kind, id, site, status, due, fulfilled_on)."""

    def __init__(self, as_of: dt.date, emit: Any) -> None:
        self.as_of = as_of
        self.emit = emit
        self.sites: dict[str, tuple[str, dict[str, Any]]] = {}  # id -> (scope, fields)
        self.filings: dict[str, list[tuple[dt.date, str | None]]] = {}
        self.reports: dict[str, list[tuple[dt.date, str | None, str | None]]] = {}
        self.changes: list[tuple[str, str | None, dt.date]] = []
        self.waiting: list[tuple[str, dict[str, Any]]] = []

    def site(self, s: dict[str, Any]) -> None:
        if s.get("national_security") is True:
            scope = NA
        elif s.get("county_code") is None:
            scope = UNK
        else:
            scope = SAT if s["county_code"].startswith("21") else NA
        self.sites[s["id"]] = (scope, s)

    def camera(self, c: dict[str, Any]) -> None:
        hit = self.sites.get(c["site"])
        if hit is None:
            self.waiting.append(("camera", c))
            return
        scope = hit[0]
        if scope != SAT:
            st = scope
        elif c.get("private_area") is True or c.get("place") in ART9:
            st = VIO
        elif c.get("place") is None:
            st = UNK
        else:
            st = SAT
        self.emit("LN-9", "camera", c["id"], c["site"], st, None, None)

    def event(self, e: dict[str, Any], day: dt.date, us: int) -> None:
        """One event; `day` is its local date, `us` its instant in µs since the epoch."""
        if day > self.as_of:
            return
        t = e["type"]
        site = e["site"]
        if t == "registration_filed":
            self.filings.setdefault(site, []).append((day, e.get("authority")))
            return
        if t == "change_reported":
            self.reports.setdefault(site, []).append((day, e.get("change"), e.get("authority")))
            return
        rule = EVENT_RULE.get(t)
        if rule is None:
            return
        hit = self.sites.get(site)
        if hit is None or rule == "LN-12.1b":
            self.waiting.append(("event", {**e, "_day": day, "_us": us}))
            return
        scope, _s = hit
        eid = e.get("id")
        if scope != SAT:
            self.emit(rule, "event", eid, site, scope, None, None)
            return
        if day < EFFECTIVE:
            self.emit(rule, "event", eid, site, NA, None, None)
            return
        due = ful = None
        if rule == "LN-14.1.3r":
            limit = us + H24_US
            due = local_day(limit)
            rep = e.get("reported_on")
            rep_us = None if rep is None else instant_us(rep)
            if rep_us is not None and local_day(rep_us) > self.as_of:
                rep_us = None
            if rep_us is None:
                st = PEN if self.as_of <= due else VIO
            else:
                st = SAT if rep_us <= limit else VIO
                ful = local_day(rep_us)
        elif rule == "LN-14.1.4e":
            st = SAT if present(e.get("by")) and present(e.get("purpose")) else VIO
        elif rule == "LN-14.1.7d":
            rec = e.get("recorded_on")
            if isinstance(rec, str):
                rec = dt.date.fromisoformat(rec)
            if rec is None:
                st = UNK
            else:
                imp = e.get("important")
                ok15 = day > rec + 15 * DAY
                ok1y = day > plus_one_year(rec)
                if imp is None:
                    st = SAT if ok1y else VIO if not ok15 else UNK
                else:
                    st = SAT if (ok1y if imp else ok15) else VIO
        else:  # LN-14.1.5, LN-14.1.6
            st = flag(e.get("authorized"))
        self.emit(rule, "event", eid, site, st, due, ful)

    def finish(self) -> None:
        for kind, rec in self.waiting:
            if kind == "camera":
                self.camera(rec)
            else:
                self._change_or_late(rec)
        for sid, (scope, s) in self.sites.items():
            self._site(sid, scope, s)

    def _change_or_late(self, e: dict[str, Any]) -> None:
        rule = EVENT_RULE[e["type"]]
        if rule != "LN-12.1b":
            self.sites.setdefault(e["site"], (UNK, {}))
            self.event(e, e["_day"], e["_us"])
            return
        site = e["site"]
        scope, s = self.sites[site]
        eid, day = e.get("id"), e["_day"]
        if scope != SAT:
            self.emit(rule, "event", eid, site, scope, None, None)
            return
        if day < EFFECTIVE:
            self.emit(rule, "event", eid, site, NA, None, None)
            return
        county = s.get("county_code")
        due = due_3_working_days(day)
        reports = [
            (on, both(same(ch, eid), same(auth, county)))
            for on, ch, auth in self.reports.get(site, ())
        ]
        st, ful = filed(reports, due, self.as_of)
        self.emit(rule, "event", eid, site, st, due, ful)

    def _site(self, sid: str, scope: str, s: dict[str, Any]) -> None:
        emit = self.emit
        if scope != SAT:
            for rule in SITE_RULES:
                emit(rule, "site", sid, sid, scope, None, None)
            return
        emit("LN-3", "site", sid, sid, SAT, None, None)
        cat = s.get("place_category")
        if s.get("designated") is True or (cat is not None and cat in ART6):
            st = flag(s.get("has_system"))
        else:
            st = UNK if cat is None else NA
        emit("LN-6", "site", sid, sid, st, None, None)
        if s.get("has_system") is False:
            for rule in SYSTEM_RULES:
                emit(rule, "site", sid, sid, NA, None, None)
            return
        g = s.get
        if cat is None:
            st = UNK
        elif cat in ART7:
            kind = g("builder_kind")
            st = UNK if kind is None else SAT if kind == "government" else VIO
        else:
            st = NA
        emit("LN-7", "site", sid, sid, st, None, None)
        cpi = g("captures_private_info")
        if cpi is None:
            st = UNK
        elif cpi:
            ps = g("privacy_safeguards")
            st = UNK if ps is None else SAT if len(ps) else VIO
        else:
            st = NA
        emit("LN-8", "site", sid, sid, st, None, None)
        std = g("standards")
        emit(
            "LN-10", "site", sid, sid, UNK if std is None else SAT if len(std) else VIO, None, None
        )
        in_use, main = as_date(g("in_use_on")), as_date(g("main_project_in_use_on"))
        if g("project_kind") is None:
            st = NA
        elif main is None:
            st = UNK
        elif main < EFFECTIVE:
            st = NA
        elif in_use is None:
            st = UNK
        else:
            st = SAT if in_use <= main else VIO
        emit("LN-11", "site", sid, sid, st, main if st in (SAT, VIO) else None, None)
        if in_use is None:
            emit("LN-12.1a", "site", sid, sid, UNK, None, None)
            emit("LN-12.2", "site", sid, sid, UNK, None, None)
        else:
            new = in_use >= EFFECTIVE
            due = due_30_days(in_use if new else EFFECTIVE)
            county = g("county_code")
            fl = [(on, same(auth, county)) for on, auth in self.filings.get(sid, ())]
            st, ful = filed(fl, due, self.as_of)
            emit("LN-12.1a", "site", sid, sid, *((st, due, ful) if new else (NA, None, None)))
            emit("LN-12.2", "site", sid, sid, *((NA, None, None) if new else (st, due, ful)))
        gi = g("government_invested")
        st = UNK if gi is None else flag(g("price_marked")) if gi else NA
        emit("LN-13", "site", sid, sid, st, None, None)
        emit("LN-14.1.1", "site", sid, sid, flag(g("training")), None, None)
        emit(
            "LN-14.1.2",
            "site",
            sid,
            sid,
            flag(both(g("inspection_maintenance"), g("emergency_response"))),
            None,
            None,
        )
        emit("LN-14.1.3", "site", sid, sid, flag(g("duty_monitoring")), None, None)
        emit("LN-14.1.4", "site", sid, sid, flag(g("access_log")), None, None)
        rd = g("retention_days")
        emit(
            "LN-14.1.7",
            "site",
            sid,
            sid,
            UNK if rd is None else SAT if rd >= 15 else VIO,
            None,
            None,
        )
        oo = g("om_outsourced")
        st = UNK if oo is None else flag(g("om_contract_security_terms")) if oo else NA
        emit("LN-14.2", "site", sid, sid, st, None, None)


# --- time helpers --------------------------------------------------------------------------

_EPOCH_ORD = dt.date(1970, 1, 1).toordinal()


def local_day(us: int) -> dt.date:
    return dt.date.fromordinal(_EPOCH_ORD + (us + 8 * 3600 * 1_000_000) // 86_400_000_000)


def instant_us(v: Any) -> int:
    """µs since the epoch of a datetime, or of JSON text (bare date = local midnight)."""
    if isinstance(v, str):
        v = dt.datetime.fromisoformat(v)
        if v.tzinfo is None:
            v = v.replace(tzinfo=OFFSET)
    elif not isinstance(v, dt.datetime):  # a date
        v = dt.datetime(v.year, v.month, v.day, tzinfo=OFFSET)
    return int(v.timestamp()) * 1_000_000 + v.microsecond


def as_date(v: Any) -> dt.date | None:
    return dt.date.fromisoformat(v) if isinstance(v, str) else v


# --- readers -------------------------------------------------------------------------------


def check_parquet(directory: Path, chk: Checker, batch_rows: int = 65_536) -> None:
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(directory / "sites.parquet").iter_batches(batch_rows):
        for s in batch.to_pylist():
            chk.site(s)
    cams = directory / "cameras.parquet"
    if cams.exists():
        for batch in pq.ParquetFile(cams).iter_batches(batch_rows):
            for c in batch.to_pylist():
                chk.camera(c)
    evs = directory / "events.parquet"
    if evs.exists():
        for batch in pq.ParquetFile(evs).iter_batches(batch_rows):
            # the instant as µs (int64) and its local date, computed column-wise
            us = batch.column("on").cast("int64").to_pylist()
            rows = batch.drop_columns(["on"]).to_pylist()
            for e, u in zip(rows, us, strict=True):
                chk.event(e, local_day(u), u)


def check_jsonl(path: Path, chk: Checker) -> None:
    loads = json.loads
    with path.open("rb") as fp:
        for line in fp:
            if not line.strip():
                continue
            r = loads(line)
            kind = r.get("kind")
            if kind == "event":
                on = r["on"]
                if len(on) == 10:
                    day = dt.date.fromisoformat(on)
                    u = instant_us(on)
                else:
                    u = instant_us(on)
                    day = dt.date.fromisoformat(on[:10]) if on.endswith("+08:00") else local_day(u)
                chk.event(r, day, u)
            elif kind == "camera":
                chk.camera(r)
            elif kind == "site":
                chk.site(r)


# --- writers -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", help="a Parquet directory or JSONL files")
    ap.add_argument("--as-of", default="2026-11-30")
    ap.add_argument("--output", required=True, help="f.jsonl or f.parquet")
    args = ap.parse_args(argv)
    as_of = dt.date.fromisoformat(args.as_of)
    counts: Counter[str] = Counter()
    out = args.output
    if out.endswith(".parquet"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        names = ["rule", "article", "subject_kind", "subject_id", "site", "status", "due",
                 "fulfilled_on", "severity", "message"]  # fmt: skip
        schema = pa.schema(
            [(n, pa.date32() if n in ("due", "fulfilled_on") else pa.string()) for n in names]
        )
        writer = pq.ParquetWriter(out, schema)
        buf: list[list[Any]] = [[] for _ in names]

        def flush() -> None:
            writer.write_table(
                pa.Table.from_arrays(
                    [pa.array(c, type=f.type) for c, f in zip(buf, schema, strict=True)],
                    schema=schema,
                )
            )
            for c in buf:
                c.clear()

        def emit(rule: str, kind: str, sid: Any, site: str, st: str, due: Any, ful: Any) -> None:
            counts[st] += 1
            for col, v in zip(buf, (rule, ARTICLE[rule], kind, sid, site, st, due, ful,
                                    "warning" if rule in WARNING else "error", MESSAGE[rule, st]), strict=True):  # fmt: skip
                col.append(v)
            if len(buf[0]) >= 65_536:
                flush()

        chk = Checker(as_of, emit)
        run(args.inputs, chk)
        if buf[0]:
            flush()
        writer.close()
    else:
        fp = open(out, "w", encoding="utf-8")  # noqa: SIM115
        write = fp.write
        dumps = json.dumps

        def emit(rule: str, kind: str, sid: Any, site: str, st: str, due: Any, ful: Any) -> None:
            counts[st] += 1
            write(dumps({
                "rule": rule, "article": ARTICLE[rule], "subject": {"kind": kind, "id": sid, "site": site},
                "status": st, "due": due and due.isoformat(), "fulfilled_on": ful and ful.isoformat(),
                "severity": "warning" if rule in WARNING else "error", "message": MESSAGE[rule, st],
            }, ensure_ascii=False, separators=(",", ":")))  # fmt: skip
            write("\n")

        chk = Checker(as_of, emit)
        run(args.inputs, chk)
        fp.close()
    sys.stderr.write(json.dumps(dict(sorted(counts.items()))) + "\n")
    return 0


def run(inputs: list[str], chk: Checker) -> None:
    for item in inputs:
        p = Path(item)
        if p.is_dir() and (p / "sites.parquet").exists():
            check_parquet(p, chk)
        elif p.is_dir():
            for f in sorted(p.glob("*.jsonl")):
                check_jsonl(f, chk)
        else:
            check_jsonl(p, chk)
    chk.finish()


def iter_findings(inputs: list[str], as_of: dt.date) -> Iterator[tuple[Any, ...]]:
    """Every finding as a tuple (for `--verify` in bench.py)."""
    out: list[tuple[Any, ...]] = []
    chk = Checker(as_of, lambda *row: out.append(row))
    run(inputs, chk)
    return iter(out)


if __name__ == "__main__":
    raise SystemExit(main())
