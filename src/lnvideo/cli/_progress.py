"""A progress bar for long runs: shown on a terminal once a run has lasted a second.

Input: `(done, total)` calls from an engine. Output: a transient rich bar on
stderr. Invariants: nothing is drawn when disabled (stderr not a terminal) or
before one second has passed; `stop()` is safe to call more than once.
"""

from __future__ import annotations

import time
from typing import Any


class LazyProgress:
    """A rich progress bar that appears only once a run has lasted a second."""

    def __init__(self, enabled: bool, label: str) -> None:
        self._enabled = enabled
        self._label = label
        self._started = time.perf_counter()
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, done: float, total: float) -> None:
        if not self._enabled:
            return
        if self._progress is None:
            if time.perf_counter() - self._started < 1.0:
                return
            from rich.console import Console
            from rich.progress import Progress

            self._progress = Progress(console=Console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task(self._label, total=total)
        self._progress.update(self._task, completed=done)

    def stop(self) -> None:
        """Remove the bar (if one was drawn)."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
