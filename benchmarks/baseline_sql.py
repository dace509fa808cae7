"""Run the hand-written one-query DuckDB checker (`baseline.sql`) on a synth Parquet directory.

The speed baseline of `benchmarks/bench.py` for the duckdb engine. Shares no
code with `src/lnvideo` (nothing here imports `lnvideo`): this script only
makes views over the Parquet tables, loads the State Council schedule *data*
(the `chinese_calendar` package lnvideo bundles too) as two small tables, and
runs the one query of `baseline.sql` with `COPY ... TO` (Parquet, snappy) — the
same DuckDB settings as lnvideo's duckdb engine (2 threads, memory limit
640MB, no insertion order) unless told otherwise. A JSONL input is read with
DuckDB's own `read_json` (the synth JSONL: one file, `kind` discriminator).

Run: python benchmarks/baseline_sql.py DIR --as-of 2026-11-30 --output f.parquet
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SITE_COLS = {
    "id": "VARCHAR", "name": "VARCHAR", "county_code": "VARCHAR", "place_category": "VARCHAR",
    "designated": "BOOLEAN", "has_system": "BOOLEAN", "builder_kind": "VARCHAR",
    "national_security": "BOOLEAN", "in_use_on": "DATE", "project_kind": "VARCHAR",
    "main_project_in_use_on": "DATE", "captures_private_info": "BOOLEAN",
    "privacy_safeguards": "VARCHAR[]", "standards": "VARCHAR[]", "government_invested": "BOOLEAN",
    "price_marked": "BOOLEAN", "retention_days": "BIGINT", "training": "BOOLEAN",
    "inspection_maintenance": "BOOLEAN", "emergency_response": "BOOLEAN",
    "duty_monitoring": "BOOLEAN", "access_log": "BOOLEAN", "om_outsourced": "BOOLEAN",
    "om_contract_security_terms": "BOOLEAN",
}  # fmt: skip
CAMERA_COLS = {"id": "VARCHAR", "site": "VARCHAR", "place": "VARCHAR", "private_area": "BOOLEAN"}
EVENT_COLS = {
    "id": "VARCHAR", "site": "VARCHAR", "type": "VARCHAR", "on": "TIMESTAMPTZ",
    "authority": "VARCHAR", "change": "VARCHAR", "by": "VARCHAR", "purpose": "VARCHAR",
    "to": "VARCHAR", "authorized": "BOOLEAN", "camera": "VARCHAR", "recorded_on": "DATE",
    "important": "BOOLEAN", "reported_on": "TIMESTAMPTZ",
}  # fmt: skip


def setup(con: object, inputs: list[str], as_of: dt.date) -> None:
    from chinese_calendar import constants

    ex = con.execute  # type: ignore[attr-defined]
    ex("SET TimeZone = 'Asia/Shanghai'")
    ex(f"SET VARIABLE as_of = DATE '{as_of}'")
    ex("CREATE TABLE rest_days (d DATE)")
    ex("CREATE TABLE work_days (d DATE)")
    ex("INSERT INTO rest_days SELECT unnest(?::DATE[])", [sorted(constants.holidays)])
    ex("INSERT INTO work_days SELECT unnest(?::DATE[])", [sorted(constants.workdays)])
    p = Path(inputs[0])
    if p.is_dir() and (p / "sites.parquet").exists():
        for n in ("sites", "cameras", "events"):
            ex(f"CREATE VIEW {n} AS SELECT * FROM read_parquet('{p / (n + '.parquet')}')")
        return
    files = [
        str(f)
        for i in inputs
        for f in (sorted(Path(i).glob("*.jsonl")) if Path(i).is_dir() else [Path(i)])
    ]
    cols = {**SITE_COLS, **CAMERA_COLS, **EVENT_COLS, "kind": "VARCHAR"}
    spec = "{" + ", ".join(f"'{k}': '{v}'" for k, v in cols.items()) + "}"
    ex(
        f"CREATE VIEW raw AS SELECT * FROM read_json({files!r}, format='newline_delimited', columns={spec})"
    )
    for name, want, kind in (("sites", SITE_COLS, "site"), ("cameras", CAMERA_COLS, "camera"),
                             ("events", EVENT_COLS, "event")):  # fmt: skip
        sel = ", ".join(f'"{c}"' for c in want)
        ex(f"CREATE VIEW {name} AS SELECT {sel} FROM raw WHERE kind = '{kind}'")


def main(argv: list[str] | None = None) -> int:
    import duckdb

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--as-of", default="2026-11-30")
    ap.add_argument("--output", required=True, help="f.parquet or f.jsonl")
    ap.add_argument("--memory-limit", default="640MB")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{args.memory_limit}'")
    con.execute(f"SET threads = {args.threads}")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    import tempfile

    con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/baseline_duckdb'")  # spills
    setup(con, args.inputs, dt.date.fromisoformat(args.as_of))
    query = (HERE / "baseline.sql").read_text(encoding="utf-8")
    out = args.output
    if out.endswith(".parquet"):
        con.execute(f"COPY ({query}) TO '{out}' (FORMAT parquet, COMPRESSION snappy)")
        read = f"read_parquet('{out}')"
    else:
        con.execute(
            "COPY (SELECT rule, article, {'kind': subject_kind, 'id': subject_id, 'site': site} AS subject,"
            f" status, due, fulfilled_on, severity, message FROM ({query})) TO '{out}' (FORMAT json)"
        )
        read = f"read_json('{out}')"
    counts = dict(
        con.execute(f"SELECT status, count(*) FROM {read} GROUP BY ALL ORDER BY 1").fetchall()
    )
    sys.stderr.write(json.dumps(counts) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
