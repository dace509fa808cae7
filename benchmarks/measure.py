"""Measure one whole process the way a user runs it: wall time, CPU time, peak memory.

`run(argv)` starts the command (stdout to a file or /dev/null, stderr kept),
and while it runs polls the RSS of its whole process tree (the child and every
descendant: DuckDB threads are in-process, Spark's JVM is a child) every
`interval` seconds from /proc. When it ends, `os.wait4` gives the exact CPU
time (user + sys) of the child and of every descendant it waited for, and the
kernel's peak RSS of the largest single process (`ru_maxrss`).

CPU time = max(rusage, the polled CPU of every process seen in the trees, which
also covers a child that is not waited for — pyspark's JVM — and, with
`also_poll`, Spark executors run by already-started workers).
Peak tree RSS = max(polled sum over the tree, the largest `VmHWM` polled): the
poll can miss a peak shorter than the interval; `VmHWM`, each process's own
high-water mark since its exec, cannot, but counts one process only.
`ru_maxrss` is recorded (`maxrss_single_mb`) but not used: Linux carries the
forking parent's high-water mark across exec, so a child of a 100 MB bench
process reports at least 100 MB.
Also recorded: the 1-, 5- and 15-minute load averages before and after — on a
shared machine they say how much to trust the wall time (CPU time is steadier).

Linux only; standard library only (no lnvideo import, no psutil).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Measurement:
    argv: list[str]
    rc: int
    wall_s: float
    user_s: float
    sys_s: float
    peak_rss_mb: float  # whole tree, see the module docstring
    tree_cpu_s: float  # CPU of every process of the polled trees (incl. JVMs not waited for)
    maxrss_single_mb: float  # largest single process (kernel)
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    stderr_tail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def cpu_s(self) -> float:
        """user + sys of the child and its waited-for children, or the polled tree's CPU
        when that is larger (a JVM that is not waited for, Spark executors)."""
        return max(self.user_s + self.sys_s, self.tree_cpu_s)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["cpu_s"] = self.cpu_s
        return d


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    out.extend(int(x) for x in f.read().split())
            except OSError:
                pass
    except OSError:
        pass
    return out


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants (now)."""
    seen, todo = [], [pid]
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(_children(p))
    return seen


TICK = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid: int) -> int | None:
    """utime + stime of one process (clock ticks), None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None


def hwm_bytes(pid: int) -> int:
    """The process's own peak RSS since its exec (`VmHWM`), 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def rss_bytes(pids: list[int]) -> int:
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
    return total


class Poller(threading.Thread):
    """Polls the summed RSS of the trees of `roots()` until stopped; keeps the peak."""

    def __init__(self, roots: Any, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.roots = roots
        self.interval = interval
        self.peak = 0
        self._halt = threading.Event()
        #: per pid: (ticks when first seen, ticks last seen); processes already
        #: running at the first poll (e.g. Spark daemons) count from then on
        self.ticks: dict[int, list[int]] = {}
        self._first = True

    def run(self) -> None:
        while not self._halt.is_set():
            pids: list[int] = []
            for r in self.roots():
                pids.extend(tree(r))
            self.peak = max(self.peak, rss_bytes(pids), *map(hwm_bytes, pids))
            for p in pids:
                t = cpu_ticks(p)
                if t is None:
                    continue
                seen = self.ticks.get(p)
                if seen is None:
                    self.ticks[p] = [t if self._first else 0, t]
                else:
                    seen[1] = t
            self._first = False
            self._halt.wait(self.interval)

    def cpu_s(self) -> float:
        """CPU seconds used by every process of the trees while polled (to the last poll)."""
        return sum(last - first for first, last in self.ticks.values()) / TICK

    def stop(self) -> int:
        self._halt.set()
        self.join()
        return self.peak


def run(
    argv: list[str],
    *,
    stdout: str | Path | None = None,
    env: dict[str, str] | None = None,
    cwd: str | Path | None = None,
    interval: float = 0.05,
    also_poll: list[int] | None = None,
) -> Measurement:
    """Run `argv` to completion and measure it (see the module docstring).

    `also_poll`: pids of other process trees (e.g. Spark workers) whose RSS is
    added to the peak — their CPU time is not in the child's rusage.
    """
    load_before = os.getloadavg()
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115
    import tempfile

    err = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=cwd)
        poller = Poller(lambda: [proc.pid, *(also_poll or [])], interval)
        poller.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        peak = poller.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-4000:].decode("utf-8", "replace")
    finally:
        if stdout:
            out.close()  # type: ignore[union-attr]
        err.close()
    maxrss = usage.ru_maxrss * 1024
    return Measurement(
        argv=list(argv),
        rc=proc.returncode,
        wall_s=round(wall, 3),
        user_s=round(usage.ru_utime, 3),
        sys_s=round(usage.ru_stime, 3),
        peak_rss_mb=round(peak / 2**20, 1),
        tree_cpu_s=round(poller.cpu_s(), 2),
        maxrss_single_mb=round(maxrss / 2**20, 1),
        load_before=tuple(round(x, 2) for x in load_before),  # type: ignore[arg-type]
        load_after=tuple(round(x, 2) for x in os.getloadavg()),  # type: ignore[arg-type]
        stderr_tail=tail,
    )


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(sys.argv[1:]).to_json(), indent=1))
