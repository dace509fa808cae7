"""``python -m tests.fuzz [--cases N] [--seed S] [--kind K]... [-v]``: run cases, print the table.

Exit status 0 when no case crashed, exited badly, lost a finding, made the engines disagree,
wrote a malformed report or refused its input without saying where.
"""

from __future__ import annotations

import argparse
import sys
import time

from tests.fuzz.generators import KINDS
from tests.fuzz.harness import Outcome, from_log, iter_cases, judge, table, to_log


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.fuzz")
    p.add_argument("--cases", type=int, default=400, help="total cases, spread over the kinds")
    p.add_argument("--seed", type=int, default=0, help="first seed")
    p.add_argument("--kind", action="append", choices=KINDS, help="only these kinds (repeatable)")
    p.add_argument("-v", "--verbose", action="store_true", help="list every failing case")
    p.add_argument("--log", metavar="FILE", help="append one JSON line per case as it is judged")
    p.add_argument(
        "--table-from",
        metavar="LOG",
        nargs="+",
        help="print the table of logged runs instead of running (several logs: only the "
        "cases every one of them judged, so that runs stopped early compare alike)",
    )
    args = p.parse_args(argv)
    if args.table_from:
        return _tables(args.table_from, args.verbose)
    kinds = args.kind or list(KINDS)
    started = time.perf_counter()
    outcomes = []
    log = open(args.log, "a", encoding="utf-8") if args.log else None  # noqa: SIM115
    try:
        for case in iter_cases(kinds, args.cases, args.seed):
            o = judge(case)
            outcomes.append(o)
            if log:
                log.write(to_log(o) + "\n")
                log.flush()
    finally:
        if log:
            log.close()
    print(table(outcomes))
    print(f"\n{len(outcomes)} cases in {time.perf_counter() - started:.0f} s")
    return _report(outcomes, args.verbose)


def _report(outcomes: list[Outcome], verbose: bool) -> int:
    bad = [o for o in outcomes if o.failed]
    print(f"{len(bad)} failing")
    broken = [o for o in outcomes if any(n.startswith(("harness", "generator")) for n in o.notes)]
    if broken:
        print(f"{len(broken)} case(s) the harness itself could not run:")
        for o in broken[:20]:
            print(f"- {o.case.kind} seed {o.case.seed}: {o.notes[0][:200]}")
    if verbose:
        for o in bad:
            print(f"- {o.case.kind} seed {o.case.seed} ({o.case.what}): {', '.join(o.flags())}")
            for note in o.notes[:4]:
                print(f"    {note}")
    return 1 if bad else 0


def _tables(logs: list[str], verbose: bool) -> int:
    runs = []
    for name in logs:
        with open(name, encoding="utf-8") as f:
            runs.append({(o.case.kind, o.case.seed): o for o in map(from_log, f) if o})
    common = set.intersection(*(set(r) for r in runs))
    status = 0
    for name, run in zip(logs, runs, strict=True):
        mine = [o for key, o in run.items() if key in common]
        mine.sort(key=lambda o: (KINDS.index(o.case.kind), o.case.seed))
        print(f"## {name}\n")
        print(table(mine))
        print()
        status |= _report(mine, verbose)
        print()
    return status


if __name__ == "__main__":
    sys.exit(main())
