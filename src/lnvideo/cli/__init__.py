"""The `lnvideo` command: argument parsing and exit codes only.

Each subcommand lives in its own module (`lnvideo.cli.<name>`) exposing
`register(subparsers)`, which adds its parser and sets `func(args) -> int`.
Exit codes: 0 fine, 1 a finding or check failed (violation, lint error, failed
example), 2 the input, the rules or the arguments could not be used.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from lnvideo import __version__

#: subcommand name -> module; order is the order `--help` lists them.
SUBCOMMANDS: tuple[str, ...] = (
    "check",
    "deadline",
    "lint",
    "fmt",
    "test",
    "explain",
    "coverage",
    "synth",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"lnvideo: error: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lnvideo",
        description="Check video systems against the Liaoning Measures (Order No. 211).",
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
    from lnvideo.diagnostics import LnvideoError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code: int = args.func(args)
    except LnvideoError as exc:
        from lnvideo.cli._common import render_diagnostics

        render_diagnostics(exc.diagnostics)
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("lnvideo: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    return code


def run() -> None:
    raise SystemExit(main())
