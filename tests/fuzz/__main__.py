"""``python -m tests.fuzz [--cases N] [--seed S] [--kind K]... [-v]``: run cases, print the table.

Exit status 0 when no case crashed, exited badly, lost a finding, made the engines disagree,
wrote a malformed report or refused its input without saying where.
"""

from __future__ import annotations

import argparse
import sys
import time

from tests.fuzz.generators import KINDS
from tests.fuzz.harness import run_many, table


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.fuzz")
    p.add_argument("--cases", type=int, default=400, help="total cases, spread over the kinds")
    p.add_argument("--seed", type=int, default=0, help="first seed")
    p.add_argument("--kind", action="append", choices=KINDS, help="only these kinds (repeatable)")
    p.add_argument("-v", "--verbose", action="store_true", help="list every failing case")
    args = p.parse_args(argv)
    kinds = args.kind or list(KINDS)
    started = time.perf_counter()
    outcomes = run_many(kinds, args.cases, args.seed)
    bad = [o for o in outcomes if o.failed]
    print(table(outcomes))
    print(f"\n{len(outcomes)} cases in {time.perf_counter() - started:.0f} s; {len(bad)} failing")
    broken = [o for o in outcomes if any(n.startswith(("harness", "generator")) for n in o.notes)]
    if broken:
        print(f"{len(broken)} case(s) the harness itself could not run:")
        for o in broken[:20]:
            print(f"- {o.case.kind} seed {o.case.seed}: {o.notes[0][:200]}")
    if args.verbose:
        for o in bad:
            print(f"- {o.case.kind} seed {o.case.seed} ({o.case.what}): {', '.join(o.flags())}")
            for note in o.notes[:4]:
                print(f"    {note}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
