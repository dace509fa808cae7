"""The embedding API and the owner of a run: load rule packs once, check records many times.

Input: rule pack paths (or none: the bundled Measures pack) and records, or
input paths. Output: `Report` objects holding findings and input diagnostics;
`run` (what `lnvideo check` calls) chooses the engine, reads, evaluates and
either returns the findings or writes them through `lnvideo.sink`.

Invariants: a `Ruleset` is immutable and thread-safe once built; compiled rule
texts are cached by content; `run` never renders anything and never exits: the
caller (the CLI) renders and sets the exit status; an input that does not exist
is an `LnvideoError` (LNV011, no position) before anything is read.

Example:
    >>> import datetime as dt, lnvideo
    >>> rules = lnvideo.load_rules()
    >>> site = lnvideo.Site(id="S1", county_code="210102", has_system=True,
    ...                     in_use_on=dt.date(2026, 9, 5))
    >>> report = rules.check_site(site, as_of=dt.date(2026, 10, 9))
    >>> report.finding("LN-12.1a", "S1").status.value, str(report.finding("LN-12.1a", "S1").due)
    ('violated', '2026-10-08')
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from lnvideo import clock, ir, schema
from lnvideo.diagnostics import Diagnostic, LnvideoError, sort_diagnostics
from lnvideo.findings import Finding, Status, summarize
from lnvideo.records import Camera, Event, Site
from lnvideo.resources import bundled_pack_dir

RULE_SUFFIX = ".lnv"
_cache: dict[tuple[tuple[str, str], ...], tuple[ir.Ruleset | None, list[Diagnostic]]] = {}
_cache_lock = threading.Lock()


#: Kept for callers of the old name: today in Asia/Shanghai (`lnvideo.clock.today`).
today_in_shanghai = clock.today


def rule_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand directories to their `*.lnv` files (sorted); keep files as given."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(sorted(path.rglob(f"*{RULE_SUFFIX}")))
        else:
            out.append(path)
    return out


def read_sources(paths: Iterable[str | Path]) -> tuple[dict[str, str], list[Diagnostic]]:
    """The texts of the rule files in `paths` (name -> text), and LNV107 for unreadable ones."""
    sources: dict[str, str] = {}
    diags: list[Diagnostic] = []
    files = rule_files(paths)
    for f in files:
        try:
            sources[str(f)] = f.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            from lnvideo.source import Span

            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            diags.append(Diagnostic("LNV107", f"cannot read rule file: {reason}", Span(str(f), 1)))
    if not files and not diags:
        diags.append(Diagnostic("LNV107", "no rule files (*.lnv) found in the given paths"))
    return sources, diags


def compile_sources(sources: dict[str, str]) -> tuple[ir.Ruleset | None, list[Diagnostic]]:
    """Parse and check rule texts (name -> text); cached by content."""
    key = tuple(
        sorted((name, hashlib.sha256(text.encode()).hexdigest()) for name, text in sources.items())
    )
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit
    from lnvideo.check.checker import check
    from lnvideo.syntax.from_tree import parse

    files = []
    diags: list[Diagnostic] = []
    for name, text in sources.items():
        rf, ds = parse(text, name)
        diags.extend(ds)
        if rf is not None:
            files.append(rf)
    if any(d.is_error for d in diags):
        result: tuple[ir.Ruleset | None, list[Diagnostic]] = (None, sort_diagnostics(diags))
    else:
        ruleset, cds = check(files, sources)
        result = (ruleset, sort_diagnostics([*diags, *cds]))
    with _cache_lock:
        _cache[key] = result
    return result


@attrs.frozen(repr=False)
class Report:
    """The findings of one check, with the input problems met on the way.

    Example:
        >>> import datetime as dt, lnvideo
        >>> report = lnvideo.load_rules().check(
        ...     [lnvideo.Site(id="S1", county_code="210102", has_system=False)],
        ...     as_of=dt.date(2026, 11, 30))
        >>> repr(report)[:46]
        '<Report as of 2026-11-30, liaoning@1.0.0: 0 vi'
        >>> report.violated, report.summary["violated"]
        (False, 0)
    """

    as_of: dt.date
    rules: str
    findings: tuple[Finding, ...]
    diagnostics: tuple[Diagnostic, ...] = ()

    def __repr__(self) -> str:
        n = self.summary
        return (
            f"<Report as of {self.as_of}, {self.rules}: {n['violated']:,} violated, "
            f"{n['pending']:,} pending, {len(self.findings):,} findings; "
            f"{len(self.diagnostics):,} input problems>"
        )

    @property
    def summary(self) -> dict[str, int]:
        """How many findings per status, every status present."""
        return summarize(list(self.findings))

    @property
    def violated(self) -> bool:
        """Whether any finding is a violation."""
        return any(f.status is Status.VIOLATED for f in self.findings)

    def finding(self, rule: str, subject_id: str | None) -> Finding:
        """The finding of `rule` about the subject with id `subject_id`."""
        for f in self.findings:
            if f.rule == rule and f.subject.id == subject_id:
                return f
        msg = f"no finding of {rule} for {subject_id!r}"
        raise KeyError(msg)

    def to_json(self, *, explain: bool = True) -> dict[str, Any]:
        """The SPEC §5 report object as plain data."""
        return {
            "as_of": self.as_of.isoformat(),
            "rules": self.rules,
            "findings": [f.to_json(explain=explain) for f in self.findings],
            "summary": self.summary,
        }


class Ruleset:
    """Checked, compiled rule packs. Immutable and thread-safe once built."""

    def __init__(
        self, checked: ir.Ruleset, calendar: Any = None, warnings: Sequence[Diagnostic] = ()
    ) -> None:
        from lnvideo.calendar import WorkCalendar
        from lnvideo.compile.to_python import CompiledRuleset

        self.ir = checked
        #: non-fatal diagnostics met while loading (e.g. an unused parameter)
        self.warnings: tuple[Diagnostic, ...] = tuple(warnings)
        self.calendar = calendar or WorkCalendar.bundled()
        self._compiled = CompiledRuleset(checked, self.calendar)

    def __repr__(self) -> str:
        return f"<Ruleset {self.label}: {len(self.ir.rules):,} rules>"

    @property
    def label(self) -> str:
        """The packs and versions, e.g. ``liaoning@1.0.0``."""
        return self.ir.label

    @property
    def compiled(self) -> Any:
        """The compiled closures (`compile.to_python.CompiledRuleset`) the python engine runs."""
        return self._compiled

    def check_site(
        self,
        site: Site,
        cameras: Sequence[Camera] = (),
        events: Iterable[Event] = (),
        *,
        as_of: dt.date | None = None,
        lang: str = "en",
        explain: bool = True,
    ) -> Report:
        """Check one site with its cameras and events."""
        day = as_of or clock.today()
        findings = self._compiled.check_bundle(
            site, list(cameras), list(events), day, lang=lang, explain=explain
        )
        return Report(day, self.label, tuple(findings))

    def iter_findings(
        self,
        bundles: Iterable[Any],
        *,
        as_of: dt.date,
        lang: str = "en",
        explain: bool = True,
    ) -> Iterator[Finding]:
        """The findings of site bundles (`readers.SiteBundle`), bundle by bundle."""
        check = self._compiled.check_bundle
        for b in bundles:
            yield from check(b.site, b.cameras, b.events, as_of, lang=lang, explain=explain)

    def check(
        self,
        records: Iterable[Any],
        *,
        as_of: dt.date | None = None,
        lang: str = "en",
        explain: bool = True,
    ) -> Report:
        """Check any mix of records (and reader diagnostics): grouped by site, then checked."""
        from lnvideo.readers import group_by_site

        day = as_of or clock.today()
        with schema.using(self.ir.vocabulary):
            items = list(records)
        input_diags = [r for r in items if isinstance(r, Diagnostic)]
        bundles, group_diags = group_by_site(r for r in items if not isinstance(r, Diagnostic))
        findings = list(self.iter_findings(bundles, as_of=day, lang=lang, explain=explain))
        return Report(day, self.label, tuple(findings), tuple([*input_diags, *group_diags]))

    def check_files(
        self,
        inputs: Iterable[str | Path],
        *,
        as_of: dt.date | None = None,
        lang: str = "en",
        explain: bool = True,
    ) -> Report:
        """Read the inputs (JSONL files, ``-``, directories) and check their records."""
        from lnvideo.readers import read_records

        return self.check(read_records(list(inputs)), as_of=as_of, lang=lang, explain=explain)


def load_rules(
    *paths: str | Path,
    calendar: Any = None,
    with_bundled: bool | None = None,
) -> Ruleset:
    """Load rule packs: the bundled Measures pack, plus any packs in `paths`.

    A path is a `.lnv` file or a directory of them. With `with_bundled=None` the
    bundled pack is loaded unless one of `paths` is itself a complete pack with a
    scope rule that does not extend another. Raises `LnvideoError` with every
    diagnostic if the rules cannot be used.

    Example:
        >>> rules = load_rules()
        >>> rules.label, "LN-12.1a" in {r.id for r in rules.ir.rules}
        ('liaoning@1.0.0', True)
    """
    if paths:
        from lnvideo.packs import resolve_rules

        paths = tuple(resolve_rules([str(p) for p in paths]))
    sources, diags = read_sources(paths) if paths else ({}, [])
    if diags:
        raise LnvideoError(diags)
    checked, diags = compile_sources(with_base(sources, with_bundled))
    if checked is None:
        raise LnvideoError([d for d in diags if d.is_error] or diags)
    return Ruleset(checked, calendar, [d for d in diags if not d.is_error])


def with_base(sources: dict[str, str], with_bundled: bool | None = None) -> dict[str, str]:
    """`sources` with the bundled pack added when asked, or (None) when they need it."""
    if with_bundled is None:
        with_bundled = not sources or _needs_base(sources)
    if not with_bundled:
        return sources
    base, _ = read_sources([bundled_pack_dir(), *_bundled_bases(sources)])
    loaded = {Path(k).resolve() for k in sources}
    return {**{k: v for k, v in base.items() if Path(k).resolve() not in loaded}, **sources}


def _bundled_bases(sources: dict[str, str]) -> list[Path]:
    """The bundled packs (other than the Measures) that a loaded pack `extends` and nobody loaded."""
    import re

    from lnvideo.packs import BUNDLED, DEFAULT, bundled_pack

    declared = {
        m.group(1) for t in sources.values() for m in re.finditer(r"^pack\s+(\w+)", t, re.M)
    }
    wanted = {
        m.group(1)
        for t in sources.values()
        for m in re.finditer(r"^\s*(?:extends|扩展)\s+(\w+)", t, re.M)
    }
    return [
        bundled_pack(n).directory
        for n in BUNDLED
        if n in wanted and n not in declared and n != DEFAULT
    ]


def _needs_base(sources: dict[str, str]) -> bool:
    """A pack with `extends` needs its base; a standalone full pack does not."""
    import re

    for text in sources.values():
        if re.search(r"^\s*(extends|扩展)\s", text, re.M):
            return True
    return not any(re.search(r"\bin\s+scope\s+when\b|在范围内当", t) for t in sources.values())


# ----------------------------------------------------------------------------- a run

#: Inputs bigger than this (bytes of JSONL) go to DuckDB when no engine is named.
AUTO_DUCKDB_BYTES = 50_000_000
#: A progress callback: (done, total).
Progress = Callable[[float, float], None]


@attrs.frozen(repr=False)
class Run:
    """What one `run` gave: the findings (or, with an output file, only their counts).

    Example:
        >>> import datetime as dt
        >>> r = run(load_rules(), ["examples/demo.jsonl"], as_of=dt.date(2026, 11, 30))
        >>> r.engine, r.counts["violated"], r.violated, len(r.findings) == sum(r.counts.values())
        ('python', 11, True, True)
    """

    engine: str
    as_of: dt.date
    rules: str
    #: every finding, in engine order; empty when they were written to `output`
    findings: tuple[Finding, ...]
    counts: dict[str, int]
    diagnostics: tuple[Diagnostic, ...]
    seconds: float
    output: str | None = None

    def __repr__(self) -> str:
        total = sum(self.counts.values())
        return f"<Run {self.engine} as of {self.as_of}: {total:,} findings, {self.counts.get('violated', 0):,} violated>"

    @property
    def violated(self) -> bool:
        """Whether any finding is a violation."""
        return bool(self.counts.get("violated"))

    @property
    def failed(self) -> bool:
        """Whether an input problem was an error (some records were left out)."""
        return any(d.is_error for d in self.diagnostics)


def choose_engine(requested: str | None, inputs: Sequence[str | Path]) -> str:
    """The engine named, or: duckdb for directories and large inputs, python otherwise.

    Without the `bulk` extra the choice is python (which then asks for the extra
    itself if an input is Parquet).
    """
    if requested:
        return requested
    from lnvideo.extras import available

    if not all(available(m) for m in ("duckdb", "sqlglot", "pyarrow")):
        return "python"
    for i in inputs:
        path = Path(i)
        if path.is_dir():
            return "duckdb"
        if path.is_file() and path.stat().st_size > AUTO_DUCKDB_BYTES:
            return "duckdb"
    return "python"


def missing_inputs(inputs: Sequence[str | Path]) -> list[Diagnostic]:
    """LNV011 (without a position) for every input that does not exist (``-`` always does)."""
    out: list[Diagnostic] = []
    for i in inputs:
        if str(i) != "-" and not Path(i).exists():
            out.append(
                Diagnostic(
                    "LNV011",
                    f"cannot read input `{i}`: no such file or directory",
                    hint="pass a JSON Lines file, `-` for standard input, or a directory of "
                    "Parquet tables",
                )
            )
    return out


def run(
    ruleset: Ruleset,
    inputs: Sequence[str | Path],
    *,
    as_of: dt.date | None = None,
    engine: str | None = None,
    lang: str = "en",
    explain: bool = False,
    output: str | Path | None = None,
    progress: Progress | None = None,
    spark_master: str | None = None,
    report: Callable[[Iterable[Finding], Callable[[str], str | None]], object] | None = None,
) -> Run:
    """Check `inputs` with one engine; keep the findings, stream them to `output`,
    or stream them into `report(findings, county_of)` (a renderer that consumes
    them once; `county_of(site_id)` is the site's county code, once it has been read).

    The engine is `choose_engine(engine, inputs)`; `output`'s format comes from
    its suffix (`sink.format_for`). With `output` or `report` no finding is kept:
    `Run.findings` is empty and `Run.counts` is tallied on the way. Raises
    `LnvideoError` for a missing input, an engine or output format whose extra is
    not installed, or unusable options.
    """
    from lnvideo.engines import ENGINES

    missing = missing_inputs(inputs)
    if missing:
        raise LnvideoError(missing)
    name = choose_engine(engine, inputs)
    eng = ENGINES[name]
    day = as_of or clock.today()
    options: dict[str, Any] = {"as_of": day, "lang": lang}
    if name == "spark" and spark_master:
        options["master"] = spark_master
    if name != "spark" and progress is not None:
        options["progress"] = progress
    if name == "python" or explain:
        options["explain"] = explain
    started = time.perf_counter()
    with schema.using(ruleset.ir.vocabulary):
        counts, found = _run_engine(eng, name, ruleset, inputs, output, report, options, explain)
    diags = tuple(getattr(eng, "last_diagnostics", ()))
    secs = time.perf_counter() - started
    out = None if output is None else str(output)
    return Run(name, day, ruleset.label, found, counts, diags, secs, out)


def _run_engine(
    eng: Any,
    name: str,
    ruleset: Ruleset,
    inputs: Sequence[str | Path],
    output: str | Path | None,
    report: Callable[[Iterable[Finding], Callable[[str], str | None]], object] | None,
    options: dict[str, Any],
    explain: bool,
) -> tuple[dict[str, int], tuple[Finding, ...]]:
    """One engine's findings (kept, written to `output` or streamed into `report`; then
    only counted), read under the rules' vocabulary."""
    from lnvideo import sink
    from lnvideo.engines import NATIVE_OUTPUT

    lang, day = options["lang"], options["as_of"]
    found: tuple[Finding, ...] = ()
    if output is not None:
        fmt = sink.format_for(output)
        if fmt in NATIVE_OUTPUT[name] and not explain:
            counts = eng.write(ruleset, list(inputs), output, fmt=fmt, **options)
        else:
            stream = eng.findings(ruleset, list(inputs), **options)
            meta = {"as_of": day, "rules": ruleset.label, "engine": name, "ruleset": ruleset}
            counts = sink.write(stream, output, fmt=fmt, lang=lang, explain=explain, **meta)
    else:
        stream = eng.findings(ruleset, list(inputs), **options)
        if report is not None:
            counts = {s.value: 0 for s in Status}
            # the engine learns each site's county as it reads; the reports group by organ
            report(sink.tally(stream, counts), lambda site: getattr(eng, "county_of", {}).get(site))
        else:
            found = tuple(stream)
            counts = summarize(list(found))
    return counts, found
