"""`lnvideo synth`: write a synthetic province (see `lnvideo.synth`).

Input: `--sites N --seed S --out DIR [--format parquet|jsonl]
[--cameras-per-site K] [--events-per-site M]`. Output: the tables in DIR, a
one-line summary on stderr, and a progress bar when stderr is a terminal and
the run lasts more than a second. Exit 0 when written, 2 for a bad argument or
a directory that cannot be written (one line, no traceback).
"""

from __future__ import annotations

import argparse
import sys

from lnvideo.cli._progress import LazyProgress

#: Same as `lnvideo.synth.FORMATS`; kept here so `lnvideo --help` does not import numpy.
FORMATS = ("parquet", "jsonl")


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sites", type=int, required=True, metavar="N", help="number of sites")
    p.add_argument("--seed", type=int, required=True, metavar="S", help="random seed (>= 0)")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory")
    p.add_argument("--format", choices=FORMATS, default="parquet", help="default: parquet")
    p.add_argument(
        "--cameras-per-site", type=int, default=10, metavar="K", help="mean (default 10)"
    )
    p.add_argument("--events-per-site", type=int, default=50, metavar="M", help="mean (default 50)")


def run(args: argparse.Namespace) -> int:
    """Write the tables; `LnvideoError` (bad argument, unwritable dir, no extra) exits 2."""
    from lnvideo.extras import require_extra

    require_extra("synth", "lnvideo synth")
    from lnvideo import synth

    progress = LazyProgress(sys.stderr.isatty(), "synth: sites")
    try:
        summary = synth.write(
            args.out,
            args.sites,
            args.seed,
            args.format,
            cameras_per_site=args.cameras_per_site,
            events_per_site=args.events_per_site,
            on_progress=progress,
        )
    finally:
        progress.stop()
    sys.stderr.write(summary.line() + "\n")
    return 0
