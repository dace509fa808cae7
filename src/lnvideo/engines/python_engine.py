"""The Python engine: the reference closures (`compile.to_python`) behind the engine API.

Input: an `api.Ruleset` and inputs read by `readers.read_records`, grouped by
`readers.group_by_site`. Output: findings (with explanations when asked),
streamed site by site, written through `lnvideo.sink`, or counted.

Invariants: memory holds every record (grouping by site needs them); the
findings themselves are streamed, never listed; the input diagnostics are
known (`last_diagnostics`, `diagnostics=`) before the first finding is yielded.
Needs no optional dependency for JSON Lines input (Parquet input needs pyarrow,
which the readers ask for).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from lnvideo.diagnostics import Diagnostic
from lnvideo.findings import Finding, Status

#: How many sites between two calls of `progress`.
PROGRESS_EVERY = 500


class PythonEngine:
    """Runs the compiled closures of an `api.Ruleset` over the records of the inputs."""

    name = "python"

    def __init__(self) -> None:
        self.last_diagnostics: list[Diagnostic] = []

    def _bundles(
        self, ruleset: Any, inputs: Sequence[str | Path], sink: list[Diagnostic] | None
    ) -> list[Any]:
        from lnvideo import schema
        from lnvideo.readers import group_by_site, read_records

        with schema.using(ruleset.ir.vocabulary):
            bundles, diags = group_by_site(read_records([str(p) for p in inputs]))
        self.last_diagnostics = diags
        if sink is not None:
            sink.extend(diags)
        return bundles

    def findings(
        self,
        ruleset: Any,
        inputs: Sequence[str | Path],
        *,
        as_of: dt.date,
        lang: str = "en",
        diagnostics: list[Diagnostic] | None = None,
        explain: bool = True,
        progress: Callable[[float, float], None] | None = None,
    ) -> Iterator[Finding]:
        """Every finding, site by site (input diagnostics in `last_diagnostics`).

        `progress(sites done, sites)` is called every `PROGRESS_EVERY` sites.
        """
        bundles = self._bundles(ruleset, inputs, diagnostics)
        check = ruleset.compiled.check_bundle
        counties: dict[str, str | None] = {}
        self.county_of = counties
        for i, b in enumerate(bundles, start=1):
            counties[b.site.id] = b.site.county_code
            yield from check(b.site, b.cameras, b.events, as_of, lang=lang, explain=explain)
            if progress is not None and i % PROGRESS_EVERY == 0:
                progress(i, len(bundles))

    def write(
        self,
        ruleset: Any,
        inputs: Sequence[str | Path],
        out_path: str | Path,
        *,
        as_of: dt.date,
        lang: str = "en",
        fmt: str = "parquet",
        diagnostics: list[Diagnostic] | None = None,
        progress: Callable[[float, float], None] | None = None,
    ) -> dict[str, int]:
        """Write every finding to `out_path` through `lnvideo.sink`; counts per status."""
        from lnvideo import sink

        found = self.findings(
            ruleset,
            inputs,
            as_of=as_of,
            lang=lang,
            diagnostics=diagnostics,
            explain=False,
            progress=progress,
        )
        return sink.write(found, out_path, fmt=fmt, lang=lang)

    def summary(self, ruleset: Any, inputs: Sequence[str | Path], **options: Any) -> dict[str, int]:
        """Counts per status, every status present (`options` as for `findings`: `as_of`...)."""
        from lnvideo import sink

        counts = {s.value: 0 for s in Status}
        for _ in sink.tally(self.findings(ruleset, inputs, explain=False, **options), counts):
            pass
        return counts
