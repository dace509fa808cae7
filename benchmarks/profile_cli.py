"""Profile one `lnvideo …` command in-process with cProfile; print the top costs.

Run: python benchmarks/profile_cli.py OUT.prof -- check --engine python DIR --output f.jsonl
Then: python -m pstats OUT.prof  (or this script's printout: top 25 by cumulative and by own time)
"""

from __future__ import annotations

import contextlib
import cProfile
import pstats
import sys


def main() -> int:
    out, sep, *argv = sys.argv[1:]
    assert sep == "--", __doc__
    from lnvideo.cli import main as cli

    prof = cProfile.Profile()
    prof.enable()
    with contextlib.suppress(SystemExit):
        cli(argv)
    prof.disable()
    prof.dump_stats(out)
    st = pstats.Stats(out, stream=sys.stderr)
    st.sort_stats("cumulative").print_stats(25)
    st.sort_stats("tottime").print_stats(20)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
