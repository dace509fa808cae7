"""`lnvideo check`: check records against the rule packs and report the findings.

Exit status: 0 no violation; 1 at least one violation; 2 the input or the rules
could not be read (bad records are reported on stderr with file and line, and the
other records are still checked).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from lnvideo.cli._common import load_ruleset, parse_day, render_diagnostics
from lnvideo.diagnostics import Diagnostic, LnvideoError
from lnvideo.findings import Status

FORMATS = ("text", "json", "sarif", "junit", "csv")
ENGINES = ("python", "duckdb", "spark")
#: Inputs bigger than this (bytes of JSONL) go to DuckDB when no engine is named.
AUTO_DUCKDB_BYTES = 50_000_000


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "check",
        help="check site, camera and event records against the rules",
        description="Check records (JSON Lines files, '-' for stdin, or a directory of Parquet "
        "tables) against the bundled Liaoning Measures pack and any packs given with --rules.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="JSONL file, '-', or directory")
    p.add_argument(
        "--rules",
        action="append",
        metavar="PATH",
        help="extra or replacement rule pack (file or directory); repeatable",
    )
    p.add_argument(
        "--as-of",
        metavar="DATE",
        help="judge as at the end of this day (Asia/Shanghai); default: today",
    )
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default=None,
        help="default: duckdb for directories and large inputs, python otherwise",
    )
    p.add_argument("--explain", action="store_true", help="add each finding's explanation")
    p.add_argument(
        "--all",
        action="store_true",
        help="text format: list satisfied and not-applicable findings too",
    )
    p.add_argument(
        "--output",
        metavar="FILE",
        help="stream findings to FILE (.jsonl or "
        ".parquet) instead of printing them; a summary is printed",
    )
    p.add_argument(
        "--calendar",
        action="append",
        metavar="FILE",
        help="extra working-day calendar year(s) (TOML); repeatable",
    )
    p.add_argument("--spark-master", default="local[2]", help="Spark master (engine spark)")
    p.add_argument(
        "--max-errors",
        type=int,
        default=100,
        metavar="N",
        help="show at most N input problems (default 100; 0 for all); the rest are counted",
    )
    p.set_defaults(func=run)


def _report_input_problems(diags: list[Diagnostic], limit: int) -> None:
    """Show input problems on stderr, the first `limit` of them, then how many more."""
    shown = diags if limit <= 0 else diags[:limit]
    render_diagnostics(shown)
    hidden = len(diags) - len(shown)
    if hidden > 0:
        sys.stderr.write(
            f"… and {hidden} more input problem(s) not shown (--max-errors 0 shows all)\n"
        )


def choose_engine(requested: str | None, inputs: list[str]) -> str:
    if requested:
        return requested
    for i in inputs:
        path = Path(i)
        if path.is_dir():
            return "duckdb"
        if path.is_file() and path.stat().st_size > AUTO_DUCKDB_BYTES:
            return "duckdb"
    return "python"


def run(args: argparse.Namespace) -> int:
    from lnvideo.api import today_in_shanghai

    as_of = parse_day(args.as_of, "--as-of") or today_in_shanghai()
    ruleset = load_ruleset(args.rules, args.calendar)
    engine = choose_engine(args.engine, args.inputs)
    # SPEC §5: a JSON finding carries its explanation; the text table shows it on request.
    args.explain = args.explain or args.format == "json"
    started = time.perf_counter()
    findings: Iterable[Any]
    if engine == "python":
        findings, diags = _python_findings(ruleset, args.inputs, as_of, args.lang, args.explain)
    else:
        bulk, diags, counts = _bulk_findings(engine, ruleset, args, as_of)
        if bulk is None:  # streamed to --output by the engine
            _report_input_problems(diags, args.max_errors)
            if any(d.is_error for d in diags):
                return 2
            return 1 if counts.get("violated") else 0
        findings = bulk
    if args.output:
        counts = _write_output(findings, args.output)
        _print_summary(
            counts, engine, ruleset.label, as_of, time.perf_counter() - started, args.lang
        )
        _report_input_problems(diags, args.max_errors)
        if any(d.is_error for d in diags):
            return 2
        return 1 if counts.get("violated") else 0
    listed = list(findings)  # the reports group and count them
    from lnvideo.report import FORMATS as RENDERERS

    render = RENDERERS[args.format]
    kwargs: dict[str, Any] = {
        "as_of": as_of,
        "rules": ruleset.label,
        "lang": args.lang,
        "explain": args.explain,
        "out": sys.stdout,
        "engine": engine,
    }
    if args.format == "text" and args.all:
        from lnvideo.report import text

        text.render(listed, only=set(Status), **kwargs)
    else:
        render(listed, **kwargs)
    _report_input_problems(diags, args.max_errors)
    if any(d.is_error for d in diags):
        return 2
    return 1 if any(f.status is Status.VIOLATED for f in listed) else 0


def _python_findings(
    ruleset: Any, inputs: list[str], as_of: Any, lang: str, explain: bool
) -> tuple[Iterator[Any], list[Diagnostic]]:
    """Findings of the python engine, streamed site by site (with a progress bar)."""
    from lnvideo.cli._progress import LazyProgress
    from lnvideo.readers import group_by_site, read_records

    bundles, diags = group_by_site(read_records(inputs))

    def stream() -> Iterator[Any]:
        progress = LazyProgress(sys.stderr.isatty(), "check: sites")
        try:
            for i, bundle in enumerate(bundles, start=1):
                yield from ruleset.iter_findings([bundle], as_of=as_of, lang=lang, explain=explain)
                if i % 500 == 0:
                    progress(i, len(bundles))
        finally:
            progress.stop()

    return stream(), list(diags)


def _bulk_findings(
    engine: str, ruleset: Any, args: argparse.Namespace, as_of: Any
) -> tuple[list[Any] | None, list[Diagnostic], dict[str, int]]:
    try:
        from lnvideo.engines import ENGINES as REGISTRY
    except ImportError:
        msg = f"the {engine} engine is not available in this installation"
        raise LnvideoError([Diagnostic("LNV403", msg, hint="use --engine python")]) from None
    from lnvideo.cli._progress import LazyProgress

    eng = REGISTRY[engine]
    options: dict[str, Any] = {"as_of": as_of, "lang": args.lang}
    if engine == "spark":
        options["master"] = args.spark_master
    # A bar on a terminal once the run has lasted a second; nothing when stderr is not a tty.
    progress = LazyProgress(sys.stderr.isatty(), f"check: {engine}")
    if engine == "duckdb":
        options["progress"] = progress
    try:
        if args.output:
            fmt = "parquet" if args.output.endswith(".parquet") else "jsonl"
            started = time.perf_counter()
            counts = eng.write(ruleset, args.inputs, args.output, fmt=fmt, **options)
            progress.stop()
            _print_summary(
                counts, engine, ruleset.label, as_of, time.perf_counter() - started, args.lang
            )
            return None, list(getattr(eng, "last_diagnostics", [])), counts
        findings = list(eng.findings(ruleset, args.inputs, **options))
    finally:
        progress.stop()
    return findings, list(getattr(eng, "last_diagnostics", [])), {}


def _write_output(findings: Iterable[Any], path: str) -> dict[str, int]:
    """Stream findings to a .parquet or .jsonl file; return the counts per status."""
    from lnvideo.report.json import write_jsonl, write_parquet

    counts = {s.value: 0 for s in Status}

    def counted() -> Iterator[Any]:
        for f in findings:
            counts[f.status.value] += 1
            yield f

    if path.endswith(".parquet"):
        write_parquet(counted(), path)
    else:
        with open(path, "w", encoding="utf-8") as fp:
            write_jsonl(counted(), fp)
    return counts


def _print_summary(
    counts: dict[str, int], engine: str, rules: str, as_of: Any, secs: float, lang: str
) -> None:
    """The text report's summary line, with the run time, on stderr."""
    from lnvideo.report.text import summary_line

    line = summary_line(counts, as_of=as_of, rules=rules, engine=engine, lang=lang)
    sys.stderr.write(f"{line} · {secs:.1f} s\n")
