"""The `lnvideo` command: argument parsing and exit statuses only.

Input: the command line. Output: what the subcommand writes, and the exit status
(`EXIT_STATUSES`): 0 fine; 1 a finding or check failed (violation, lint error,
failed example); 2 the input, the rules or the arguments could not be used; 3 an
internal error, i.e. a bug: one line on stderr says so and names the file under
the temporary directory that holds the traceback (never a bare traceback).

Each subcommand is one entry of `COMMANDS` (what `--help` says of it) and its
own module (`lnvideo.cli.<name>`) exposing `arguments(parser)`, which adds its
options, and `run(args) -> int`, the exit status.
Every error line starts with ``error[CODE]:`` (argument errors are LNV401).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

import attrs

from lnvideo.cli._common import EXIT_STATUSES, internal_error
from lnvideo.version import __version__


@attrs.frozen
class Command:
    """One subcommand as `lnvideo --help` lists it; its module is `lnvideo.cli.<name>`."""

    help: str
    description: str | None = None
    #: `--help` ends with the exit statuses (the commands whose status means something)
    exit_statuses: bool = False


#: subcommand name -> what `--help` says of it; the order is the order `--help` lists them.
COMMANDS: dict[str, Command] = {
    "check": Command(
        "check site, camera and event records against the rules",
        "Check records (JSON Lines files, '-' for stdin, or a directory of Parquet "
        "tables) against the bundled Liaoning Measures pack and any packs given with --rules.",
        exit_statuses=True,
    ),
    "deadline": Command(
        "print the last day of a period (Civil Code arts. 201–203)",
        "Count a period from a start date: the start day is not counted; months and "
        "years end on the corresponding day (or the month's last day); a deadline whose "
        "last day is a rest day moves to the next working day unless --no-extend.",
    ),
    "lint": Command(
        "check rule files and list every problem",
        "Parse and check rule files against the record schema and each other.",
    ),
    "fmt": Command(
        "lay out rule files canonically",
        "Rewrite rule files in the canonical layout (every *.lnv under a directory).",
    ),
    "test": Command(
        "run the examples in rule files",
        "Run every example written in the rule files and compare the findings "
        "with what each example expects.",
    ),
    "explain": Command("show a rule, its article, interpretations and examples"),
    "coverage": Command("list every article with its rules, or why it cannot be checked"),
    "packs": Command("list the bundled rule packs: instrument, level, dates, area, rules"),
    "synth": Command(
        "write a synthetic province of sites, cameras and events",
        "Write sites, cameras and events with realistic shape, known rates of "
        "violations and missing data, deterministic for a seed.",
    ),
}
#: The subcommands' names, in `--help` order.
SUBCOMMANDS: tuple[str, ...] = tuple(COMMANDS)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"error[LNV401]: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The parser of `lnvideo` with every subcommand registered."""
    parser = _Parser(
        prog="lnvideo",
        description="Check video systems against the Liaoning Measures (Order No. 211).",
        epilog=EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"lnvideo {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, command in COMMANDS.items():
        try:
            module = importlib.import_module(f"lnvideo.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"lnvideo.cli.{name}":
                continue  # not built yet
            raise
        extra: dict[str, Any] = {}
        if command.exit_statuses:
            extra = {
                "epilog": EXIT_STATUSES,
                "formatter_class": argparse.RawDescriptionHelpFormatter,
            }
        p = sub.add_parser(name, help=command.help, description=command.description, **extra)
        module.arguments(p)
        p.set_defaults(func=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `lnvideo` with `argv` (default: the process's arguments); the exit status."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except SystemExit:
        raise
    except Exception as exc:
        sys.stderr.write(internal_error(exc) + "\n")
        return 3


def _main(argv: Sequence[str] | None) -> int:
    from lnvideo.diagnostics import LnvideoError

    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    # INPUT files may come after options (`explain RULE --subject ID INPUT`, `check a
    # --as-of D b`): argparse leaves them over; they join the command's inputs.
    if extra and isinstance(getattr(args, "inputs", None), list):
        if any(e.startswith("-") and e != "-" for e in extra):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.inputs.extend(extra)
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        code: int = args.func(args)
    except LnvideoError as exc:
        from lnvideo.cli._common import render_diagnostics

        render_diagnostics(exc.diagnostics)
        return 2
    return code


#: Young-generation threshold of the garbage collector in the `lnvideo` process.
GC_YOUNG_THRESHOLD = 20_000


def run() -> None:
    """The console-script entry point (and `python -m lnvideo`).

    The process is a batch job that makes and drops millions of short-lived records
    and findings, nearly none of them in reference cycles: the collector's young
    generation is examined every `GC_YOUNG_THRESHOLD` allocations instead of
    Python's default 700 (at that default, about a tenth of a check's time went to
    collections that found nothing). Only this entry point sets it: `main()`, which
    embedders and tests call, leaves the host's collector as it is.
    """
    import gc

    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, older, oldest)
    raise SystemExit(main())
