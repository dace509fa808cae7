"""The Python engine: the reference closures (`compile.to_python`) behind the engine API.

Input: an `api.Ruleset` and inputs read by `readers.read_records`, grouped by
`readers.group_by_site`. Output: findings (with explanations when asked),
streamed site by site, written through `lnvideo.sink`, or counted.

Invariants: the findings are streamed, never listed. A Parquet directory whose
cameras and events come in the order of its sites (as `synth` writes them) is
read site by site: memory holds the sites and one site's records. JSON Lines
files, in any order of lines, are read site by site too (`readers.site_index`:
an index of byte ranges, then one site's records at a time). For both, the
input diagnostics (`last_diagnostics`, `diagnostics=`) are complete once the
last finding has been yielded. Any other input (standard input, a Parquet
directory in another order) is grouped in memory first (every record held), and
its diagnostics are known before the first finding.
Needs no optional dependency for JSON Lines input (Parquet input needs pyarrow,
which the readers ask for).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from lnvideo import schema
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
        # a streamed directory is read as the loop goes: all of it under the packs' vocabulary
        with schema.using(ruleset.ir.vocabulary):
            streamed = _sorted_parquet(inputs) or _jsonl_by_site(inputs)
            if streamed is not None:
                sites, bundles, finish = streamed
                total = len(sites)
            else:
                bundles = self._bundles(ruleset, inputs, diagnostics)
                total = len(bundles)
            check = ruleset.compiled.check_bundle
            counties: dict[str, str | None] = {}
            self.county_of = counties
            for i, b in enumerate(bundles, start=1):
                counties[b.site.id] = b.site.county_code
                yield from check(b.site, b.cameras, b.events, as_of, lang=lang, explain=explain)
                if progress is not None and i % PROGRESS_EVERY == 0:
                    progress(i, total)
            if streamed is not None:
                self.last_diagnostics = finish()
                if diagnostics is not None:
                    diagnostics.extend(self.last_diagnostics)

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


def _jsonl_by_site(inputs: Sequence[str | Path]) -> Any:
    """JSON Lines files, in any order of lines: (site ids found, bundles streamed one by one,
    diagnostics()) through `readers.site_index`; None for other inputs (stdin, Parquet)."""
    from lnvideo import readers

    groups = readers.group_jsonl(inputs)
    if groups is None:
        return None
    return range(groups.total), groups.bundles(), groups.diagnostics


def _sorted_parquet(inputs: Sequence[str | Path]) -> Any:
    """One Parquet directory whose cameras and events come in the order of its sites
    (as `synth` writes them): (sites, bundles streamed one by one, diagnostics()).

    None for every other input, which is grouped in memory (`readers.group_by_site`).
    """
    if len(inputs) != 1:
        return None
    path = Path(inputs[0])
    if not path.is_dir() or not (path / "sites.parquet").is_file():
        return None
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return None  # the readers say which extra is missing
    from lnvideo.readers.bundle import group_sorted
    from lnvideo.readers.parquet import read_parquet_table, sorted_by_site
    from lnvideo.records import Site

    site_items = list(read_parquet_table(path / "sites.parquet", "site"))
    ids = list(dict.fromkeys(x.id for x in site_items if isinstance(x, Site)))
    tables = [path / "cameras.parquet", path / "events.parquet"]
    if not all(sorted_by_site(t, ids) for t in tables if t.exists()):
        return None
    cameras, events = (
        read_parquet_table(t, kind) if t.exists() else iter(())
        for t, kind in zip(tables, ("camera", "event"), strict=True)
    )
    return group_sorted(site_items, cameras, events)
