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
import time
from typing import Any

#: Same as `lnvideo.synth.FORMATS`; kept here so `lnvideo --help` does not import numpy.
FORMATS = ("parquet", "jsonl")


def register(subparsers: Any) -> None:
    """Add the `synth` subcommand to the `lnvideo` parser."""
    p = subparsers.add_parser(
        "synth",
        help="write a synthetic province of sites, cameras and events",
        description=(
            "Write sites, cameras and events with realistic shape, known rates of "
            "violations and missing data, deterministic for a seed."
        ),
    )
    p.add_argument("--sites", type=int, required=True, metavar="N", help="number of sites")
    p.add_argument("--seed", type=int, required=True, metavar="S", help="random seed (>= 0)")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory")
    p.add_argument("--format", choices=FORMATS, default="parquet", help="default: parquet")
    p.add_argument(
        "--cameras-per-site", type=int, default=10, metavar="K", help="mean (default 10)"
    )
    p.add_argument("--events-per-site", type=int, default=50, metavar="M", help="mean (default 50)")
    p.set_defaults(func=run)


class _LazyProgress:
    """A rich progress bar that appears only once a run has lasted a second."""

    def __init__(self, enabled: bool) -> None:
        self._enabled = enabled
        self._started = time.perf_counter()
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self._enabled:
            return
        if self._progress is None:
            if time.perf_counter() - self._started < 1.0:
                return
            from rich.console import Console
            from rich.progress import Progress

            self._progress = Progress(console=Console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task("synth: sites", total=total)
        self._progress.update(self._task, completed=done)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def run(args: argparse.Namespace) -> int:
    from lnvideo import synth

    """Write the tables; `LnvideoError` (bad argument, unwritable dir) exits 2 via the CLI."""
    progress = _LazyProgress(sys.stderr.isatty())
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
