"""`lnvideo check`: parse the arguments, run the check (`api.run`), render, set the exit status.

Input: the parsed command line. Output: a report on stdout (or the findings in
`--output` and a summary line on stderr), input problems on stderr, and the exit
status: 0 no violation; 1 at least one violation; 2 the input, the rules or the
arguments could not be used (bad records are reported with file and line, and the
other records are still checked); 3 an internal error (a bug).

Invariants: nothing here reads records, evaluates rules or writes findings files:
`lnvideo.api.run` does that; a missing input prints only its error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from typing import Any

from lnvideo.cli._common import load_ruleset, parse_day, render_diagnostics
from lnvideo.diagnostics import Diagnostic
from lnvideo.findings import Finding, Status

FORMATS = ("text", "json", "sarif", "junit", "csv", "html", "ics")
ENGINES = ("python", "duckdb", "spark")

_FORMAT_HELP = (
    "report on stdout: text (a table by article; the default), json (one object: as-of day, rule packs, every finding and a summary, "
    "with explanations), sarif (2.1.0, for code-scanning tools), junit (XML, one test per "
    "finding), csv (one row per finding), html (a self-contained auditor's report by county "
    "organ), ics (a calendar of pending deadlines)"
)


def arguments(p: argparse.ArgumentParser) -> None:
    """What to check (inputs, rules, as-of day), then how to run it and report."""
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
    p.add_argument("--format", choices=FORMATS, default="text", help=_FORMAT_HELP)
    p.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="language of messages, labels and the summary: en (default) or zh (中文)",
    )
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default=None,
        help="default: duckdb for directories and large inputs (with the bulk extra), "
        "python otherwise",
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
        help="stream findings to FILE (.jsonl, or .parquet with the bulk extra) instead of "
        "printing them; a summary is printed",
    )
    p.add_argument(
        "--calendar",
        action="append",
        metavar="FILE",
        help="extra working-day calendar year(s) (TOML); repeatable",
    )
    p.add_argument(
        "--spark-master",
        default=None,
        metavar="URL",
        help="Spark master (engine spark); default: $LNVIDEO_SPARK_MASTER, else the usual "
        "Spark configuration (--master in $PYSPARK_SUBMIT_ARGS, spark.master in "
        "spark-defaults.conf, $MASTER), else local[2]",
    )
    p.add_argument(
        "--max-errors",
        type=int,
        default=100,
        metavar="N",
        help="show at most N input problems (default 100; 0 for all); the rest are counted",
    )


def run(args: argparse.Namespace) -> int:
    """Check, render, and return the exit status."""
    from lnvideo import api
    from lnvideo.cli._progress import LazyProgress

    as_of = parse_day(args.as_of, "--as-of")
    ruleset = load_ruleset(args.rules, args.calendar)
    engine = api.choose_engine(args.engine, args.inputs)
    # SPEC §5: a JSON finding carries its explanation, the HTML report shows reasons;
    # the text table shows them on request.
    explain = args.explain or args.format in ("json", "html")
    label = "check: sites" if engine == "python" else f"check: {engine}"
    # A bar on a terminal once the run has lasted a second; nothing when stderr is not a tty.
    progress = LazyProgress(sys.stderr.isatty(), label)
    try:
        result = api.run(
            ruleset,
            args.inputs,
            as_of=as_of,
            engine=engine,
            lang=args.lang,
            explain=explain,
            output=args.output,
            progress=progress,
            spark_master=args.spark_master,
            report=None if args.output else _renderer(args, ruleset, as_of, engine, explain),
        )
    finally:
        progress.stop()
    if args.output:
        _print_summary(result, args.lang)
    _report_input_problems(list(result.diagnostics), args.max_errors)
    if result.failed:
        return 2
    return 1 if result.violated else 0


def _renderer(
    args: argparse.Namespace, ruleset: Any, as_of: Any, engine: str, explain: bool
) -> Callable[[Iterable[Finding], Any], None]:
    """The chosen report format, ready to consume the findings as the engine yields them."""
    import attrs

    from lnvideo.report import FORMATS as RENDERERS
    from lnvideo.report import ReportContext

    # as_of None is today in Asia/Shanghai (`ReportContext`), as for the run.
    ctx = ReportContext(
        as_of=as_of,
        rules=ruleset.label,
        lang=args.lang,
        explain=explain,
        engine=engine,
        ruleset=ruleset,
    )
    options: dict[str, Any] = {"only": set(Status)} if args.format == "text" and args.all else {}
    render = RENDERERS[args.format]
    return lambda findings, county_of: render(
        findings, out=sys.stdout, ctx=attrs.evolve(ctx, county_of=county_of), **options
    )


def _report_input_problems(diags: list[Diagnostic], limit: int) -> None:
    """Show input problems on stderr, the first `limit` of them, then how many more."""
    shown = diags if limit <= 0 else diags[:limit]
    render_diagnostics(shown)
    hidden = len(diags) - len(shown)
    if hidden > 0:
        sys.stderr.write(
            f"… and {hidden:,} more input problem(s) not shown (--max-errors 0 shows all)\n"
        )


def _print_summary(result: Any, lang: str) -> None:
    """The text report's summary line, with the run time, on stderr."""
    from lnvideo.report.text import summary_line

    line = summary_line(
        result.counts, as_of=result.as_of, rules=result.rules, engine=result.engine, lang=lang
    )
    sys.stderr.write(f"{line} · {result.seconds:.1f} s\n")
