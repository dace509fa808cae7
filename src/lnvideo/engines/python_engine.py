"""The Python engine: the reference closures (`compile.to_python`) behind the engine API.

Input: an `api.Ruleset` and inputs read by `readers.read_records`, grouped by
`readers.group_by_site`. Output: findings (with explanations when asked),
written with `report.json.write_parquet` / `write_jsonl`, or counted.

Invariants: memory holds every record (grouping by site needs them); the
findings themselves are streamed, never listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from lnvideo.diagnostics import Diagnostic, LnvideoError
from lnvideo.findings import Finding, Status


class PythonEngine:
    """Runs `api.Ruleset.iter_findings` over the records of the inputs."""

    name = "python"

    def __init__(self) -> None:
        self.last_diagnostics: list[Diagnostic] = []

    def _bundles(self, inputs: Sequence[str | Path], sink: list[Diagnostic] | None) -> list[Any]:
        from lnvideo.readers import group_by_site, read_records

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
    ) -> Iterator[Finding]:
        """Every finding, site by site (input diagnostics in `last_diagnostics`)."""
        bundles = self._bundles(inputs, diagnostics)
        yield from ruleset.iter_findings(bundles, as_of=as_of, lang=lang, explain=explain)

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
    ) -> dict[str, int]:
        """Write every finding to `out_path` (Parquet or JSON Lines); counts per status."""
        from lnvideo.report.json import write_jsonl, write_parquet

        counts = {s.value: 0 for s in Status}

        def counted() -> Iterator[Finding]:
            for f in self.findings(
                ruleset, inputs, as_of=as_of, lang=lang, diagnostics=diagnostics, explain=False
            ):
                counts[f.status.value] += 1
                yield f

        if fmt == "parquet":
            write_parquet(counted(), out_path)
        elif fmt == "jsonl":
            with open(out_path, "w", encoding="utf-8") as fp:
                write_jsonl(counted(), fp)
        else:
            msg = f"unknown output format {fmt!r}: expected parquet or jsonl"
            raise LnvideoError(msg)
        return counts

    def summary(
        self,
        ruleset: Any,
        inputs: Sequence[str | Path],
        *,
        as_of: dt.date,
        lang: str = "en",
        diagnostics: list[Diagnostic] | None = None,
    ) -> dict[str, int]:
        """Counts per status, every status present."""
        counts = {s.value: 0 for s in Status}
        for f in self.findings(
            ruleset, inputs, as_of=as_of, lang=lang, diagnostics=diagnostics, explain=False
        ):
            counts[f.status.value] += 1
        return counts
