"""Bulk benchmark: python engine, duckdb engine and hand-written DuckDB SQL, 10k and 100k sites.

Run from the repository root:

    python benchmarks/bulk.py [--sites 10000 100000] [--skip-python-100k] [--repeat 3]

Data: `lnvideo synth --sites N --seed 7 --out benchmarks/data/N` (made once,
git-ignored). Each measurement runs in its own subprocess (best of `--repeat` runs,
with the 1-minute load average printed at the start and the end); wall time is measured
around the child and peak memory is the child's `ru_maxrss`
(from `os.wait4`, i.e. the child's own `getrusage` record). Two tasks per engine: counting the
findings per status, and writing every finding to Parquet. Output: a Markdown
table on stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
AS_OF = dt.date(2026, 11, 30)

CHILD = r"""
import datetime as dt, json, sys, time
engine, task, data, out = sys.argv[1:5]
as_of = dt.date.fromisoformat(sys.argv[5])
import lnvideo
rules = lnvideo.load_rules()
if engine == "handwritten":
    import duckdb
    from lnvideo.compile.to_sql import compile_ruleset
    from lnvideo.engines.calendar_table import calendar_table
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    con.execute("SET memory_limit = '640MB'")  # the duckdb engine's setting
    for n in ("sites", "cameras", "events"):
        con.execute(f"CREATE VIEW {n} AS SELECT * FROM read_parquet('{data}/{n}.parquet')")
    con.execute(f"SET VARIABLE as_of = DATE '{as_of}'")
    lo, hi = con.execute("SELECT min(in_use_on), max(in_use_on) FROM sites").fetchall()[0]
    elo, ehi = con.execute('SELECT min("on"), max("on"), min(recorded_on) FROM events').fetchall()[0][:2]
    lo, hi = min(lo, elo.date()), max(hi, ehi.date(), as_of)
    periods = compile_ruleset(rules.ir, "duckdb", as_of=as_of).periods
    days = [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)] + [dt.date(2008, 1, 1)]
    con.register("cal", calendar_table(days, periods, rules.calendar))
    con.execute("CREATE TABLE calendar AS SELECT * FROM cal")
    query = open(sys.argv[6]).read()
    if task == "count":
        rows = con.execute(f"SELECT status, count(*) FROM ({query}) GROUP BY status").fetchall()
        counts = dict(rows)
    else:
        con.execute(f"COPY ({query}) TO '{out}' (FORMAT parquet, COMPRESSION snappy)")
        counts = dict(con.execute(f"SELECT status, count(*) FROM read_parquet('{out}') GROUP BY status").fetchall())
else:
    from lnvideo.engines import ENGINES
    eng = ENGINES[engine]
    if task == "count":
        counts = eng.summary(rules, [data], as_of=as_of)
    else:
        counts = eng.write(rules, [data], out, as_of=as_of)
print("RESULT " + json.dumps({k: int(v) for k, v in counts.items()}))
"""


def ensure_data(n: int) -> Path:
    out = ROOT / "data" / str(n)
    if not (out / "events.parquet").is_file():
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from lnvideo.cli import main; sys.exit(main(sys.argv[1:]))",
                *("synth", "--sites", str(n), "--seed", "7", "--out", str(out)),
            ],
            check=True,
        )
    return out


def measure(engine: str, task: str, data: Path) -> tuple[float, float, dict[str, int]]:
    out = ROOT / "data" / f"findings-{engine}-{data.name}.parquet"
    argv = [sys.executable, "-c", CHILD, engine, task, str(data), str(out), AS_OF.isoformat()]
    argv.append(str(ROOT / "handwritten.sql"))
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as stdout:
        proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL, text=True)
        # wait4 gives this child's own rusage (RUSAGE_CHILDREN would keep the largest so far).
        _, status, usage = os.wait4(proc.pid, 0)
        secs = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        text = stdout.read()
    out.unlink(missing_ok=True)
    if proc.returncode != 0:
        msg = f"{engine} {task} on {data} failed with exit status {proc.returncode}"
        raise RuntimeError(msg)
    return (
        secs,
        usage.ru_maxrss / 1024,
        json.loads(next(x for x in reversed(text.splitlines()) if x.startswith("RESULT "))[7:]),
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--skip-python-100k", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="best of this many runs per cell")
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} CPUs\n")
    print("| sites | engine | task | wall s | peak RSS MB | findings |")
    print("|---:|---|---|---:|---:|---:|")
    for n in sorted(args.sites):
        data = ensure_data(n)
        for engine in ("handwritten", "duckdb", "python"):
            if engine == "python" and n >= 100_000 and args.skip_python_100k:
                continue
            for task in ("count", "write"):
                runs = [measure(engine, task, data) for _ in range(args.repeat)]
                secs, rss, counts = min(runs, key=lambda r: r[0])
                total = sum(counts.values())
                print(
                    f"| {n:,} | {engine} | {task} | {secs:.2f} | {rss:.0f} | {total:,} |",
                    flush=True,
                )
    print(f"\nload average at end: {os.getloadavg()[0]:.2f} (1 min)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
