"""The `lnvideo` command: argument parsing and exit statuses only.

Input: the command line. Output: what the subcommand writes, and the exit status
(`EXIT_STATUSES`): 0 fine; 1 a finding or check failed (violation, lint error,
failed example); 2 the input, the rules or the arguments could not be used; 3 an
internal error, i.e. a bug: one line on stderr says so and names the file under
the temporary directory that holds the traceback (never a bare traceback).

Each subcommand lives in its own module (`lnvideo.cli.<name>`) exposing
`register(subparsers)`, which adds its parser and sets `func(args) -> int`.
Every error line starts with ``error[CODE]:`` (argument errors are LNV401).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from lnvideo.cli._common import EXIT_STATUSES, internal_error
from lnvideo.version import __version__

#: subcommand name -> module; order is the order `--help` lists them.
SUBCOMMANDS: tuple[str, ...] = (
    "check",
    "deadline",
    "lint",
    "fmt",
    "test",
    "explain",
    "coverage",
    "packs",
    "synth",
)


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
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"lnvideo.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"lnvideo.cli.{name}":
                continue  # not built yet
            raise
        module.register(sub)
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
    args = parser.parse_args(argv)
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


def run() -> None:
    """The console-script entry point."""
    raise SystemExit(main())
