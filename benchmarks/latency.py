"""Per-site latency for embedders: µs per `Ruleset.check_site` on a typical site.

A typical site = an in-scope synthetic site with 10 cameras and 50 events
(`synth.generate_records(…, cameras_per_site=10, events_per_site=50)`; the
sites whose bundle is closest to 10 / 50 are used). Measured in one process:

- load: wall time of `lnvideo.load_rules()` (import not included; shown apart);
- first call: the first `check_site` after `load_rules()` (cold caches: the
  deadline memo, lazily built tables), with explanations;
- steady state: µs per call over `--calls` calls cycling through `--sites`
  typical sites, without and with explanations (best of `--repeat` rounds),
  plus CPU time (`time.process_time`) per call.

Run: python benchmarks/latency.py [--sites 50 --calls 2000 --repeat 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time
from typing import Any

AS_OF = dt.date(2026, 11, 30)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, default=50)
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    import lnvideo
    from lnvideo import synth
    from lnvideo.readers import group_by_site

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    rules = lnvideo.load_rules()
    t_load = time.perf_counter() - t0

    bundles, _ = group_by_site(synth.generate_records(max(400, args.sites * 4), seed=1))
    in_scope = [
        b
        for b in bundles
        if (b.site.county_code or "").startswith("21") and not b.site.national_security
    ]
    in_scope.sort(key=lambda b: abs(len(b.cameras) - 10) + abs(len(b.events) - 50))
    typical = in_scope[: args.sites]
    cams = sum(len(b.cameras) for b in typical) / len(typical)
    evs = sum(len(b.events) for b in typical) / len(typical)

    b = typical[0]
    t0 = time.perf_counter()
    first = rules.check_site(b.site, b.cameras, b.events, as_of=AS_OF, explain=True)
    t_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    rules.check_site(b.site, b.cameras, b.events, as_of=AS_OF, explain=True)
    t_second = time.perf_counter() - t0

    def rate(explain: bool) -> tuple[float, float]:
        best_wall = best_cpu = float("inf")
        n = len(typical)
        for _ in range(args.repeat):
            w0, c0 = time.perf_counter(), time.process_time()
            for i in range(args.calls):
                x = typical[i % n]
                rules.check_site(x.site, x.cameras, x.events, as_of=AS_OF, explain=explain)
            best_wall = min(best_wall, (time.perf_counter() - w0) / args.calls)
            best_cpu = min(best_cpu, (time.process_time() - c0) / args.calls)
        return best_wall * 1e6, best_cpu * 1e6

    plain, plain_cpu = rate(False)
    expl, expl_cpu = rate(True)
    out: dict[str, Any] = {
        "typical_site": {
            "cameras": round(cams, 1),
            "events": round(evs, 1),
            "findings": len(first.findings),
        },
        "import_lnvideo_ms": round(t_import * 1e3, 1),
        "load_rules_ms": round(t_load * 1e3, 1),
        "first_check_site_ms": round(t_first * 1e3, 2),
        "second_check_site_ms": round(t_second * 1e3, 2),
        "us_per_site_no_explain": round(plain, 1),
        "us_per_site_no_explain_cpu": round(plain_cpu, 1),
        "us_per_site_explain": round(expl, 1),
        "us_per_site_explain_cpu": round(expl_cpu, 1),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(out, indent=1))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fp:
            json.dump(out, fp, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
